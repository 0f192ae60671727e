"""Full-text search over ten years: within 2x of the raw FTS5 query.

For each of a set of realistic Dutch queries, on the same open store (same connection, same page
cache), taking turns: ``regiodesk.queries.search.search(store, text)`` (hits with title, snippet,
meeting and PFO) against the raw query

    SELECT rowid, kind, ref_id FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT 50

with the same match expression (``regiodesk.queries.search.match_expression``).  The figure per
query is the best (minimum) of many repetitions; the overall ratio, held to the target, is the
geometric mean of the per-query ratios (every query counts the same; a sum of times would let the
one query with thousands of matches, where both spend their time ranking, hide the others).  The
ratio of the summed times and the worst query are printed too.

    .venv/bin/python bench/bench_search.py                # the cached ten-year store
    .venv/bin/python bench/bench_search.py --store PATH   # an existing store
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import TYPE_CHECKING, Any

import common

if TYPE_CHECKING:
    from regiodesk.store import Store

TARGET = 2.0

RAW_SQL = (
    "SELECT rowid, kind, ref_id FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT 50"
)

#: What people in a Twente region search for (each one matches the demo data).
QUERIES = (
    "jeugdzorg",
    "woningbouw",
    "snelfiets",
    "verdeelsleutel",
    "energie",
    "budget",
    "warmtetransitie",
    "huisvesting arbeidsmigranten",
    "openbaar vervoer",
    "netcongestie",
    "raadsinformatiebrief",
    "Enschede",
)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    common.add_store_arguments(parser)
    parser.add_argument(
        "--repeat",
        type=int,
        default=30,
        help="timed runs of each query, for ours and the raw one (default 30)",
    )
    parser.add_argument(
        "--query",
        action="append",
        metavar="TEXT",
        help="search for TEXT instead of the built-in set (may be repeated)",
    )
    parser.add_argument("--limit", type=int, default=50, help="hits per search (default 50)")
    common.add_common_arguments(parser)
    return parser.parse_args(argv)


def measure_query(
    store: Store, text: str, arguments: argparse.Namespace, report: common.Report
) -> dict[str, Any]:
    """Time ``search`` and the raw FTS5 query for ``text``, taking turns."""
    from regiodesk.queries.search import match_expression, search

    expression = match_expression(text)
    if expression is None:
        raise SystemExit(f"{text!r} holds no word")
    raw_sql = RAW_SQL.replace("LIMIT 50", f"LIMIT {int(arguments.limit)}")
    conn = store.conn
    matches = int(
        store.scalar("SELECT count(*) FROM search_index WHERE search_index MATCH ?", (expression,))
    )

    def ours() -> Any:
        return search(store, text, limit=arguments.limit)

    def raw() -> Any:
        return conn.execute(raw_sql, (expression,)).fetchall()

    hits, raw_hits = ours(), raw()  # a warm-up, and a check that both find the same
    if [h.ref_id for h in hits] != [r[2] for r in raw_hits]:
        report.note(f"{text!r}: ours and the raw query differ in hits or order")
    if not hits:
        report.note(f"{text!r} matches nothing in this store")
    times = common.interleaved({"ours": ours, "raw": raw}, arguments.repeat)
    return {
        "query": text,
        "matches": matches,
        "hits": len(hits),
        "ours_min": min(times["ours"]),
        "raw_min": min(times["raw"]),
        "ours_median": common.median(times["ours"]),
        "raw_median": common.median(times["raw"]),
    }


def print_table(results: list[dict[str, Any]]) -> None:
    print(
        f"{'query':<30} {'matches':>8} {'hits':>5} {'ours ms':>9} {'raw ms':>9} {'ratio':>6}"
        f"   (median: {'ours':>7} {'raw':>7} {'ratio':>6})"
    )
    for r in results:
        print(
            f"{r['query']:<30} {r['matches']:>8} {r['hits']:>5} "
            f"{common.ms(r['ours_min']):>9.3f} {common.ms(r['raw_min']):>9.3f} "
            f"{r['ours_min'] / r['raw_min']:>6.2f}   "
            f"(median: {common.ms(r['ours_median']):>7.3f} {common.ms(r['raw_median']):>7.3f} "
            f"{r['ours_median'] / r['raw_median']:>6.2f})"
        )


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    from regiodesk.store import Store

    report = common.Report("search")
    report.note(__doc__.split("\n\n")[0].replace("\n", " "))
    path = common.store_for(arguments, say=report.note)
    common.describe_store(report, path)
    store = Store.open(path)
    try:
        report.line("indexed entries", int(store.scalar("SELECT count(*) FROM search_index")))
        report.line("repetitions per query", arguments.repeat)
        results = [
            measure_query(store, text, arguments, report) for text in arguments.query or QUERIES
        ]
    finally:
        store.close()

    print_table(results)
    report.figures["queries"] = results
    ours_total = sum(r["ours_min"] for r in results)
    raw_total = sum(r["raw_min"] for r in results)
    ratios = [r["ours_min"] / r["raw_min"] for r in results]
    geometric = math.exp(sum(map(math.log, ratios)) / len(ratios))
    report.line("all queries, ours (sum of min)", common.ms(ours_total), "ms")
    report.line("all queries, raw (sum of min)", common.ms(raw_total), "ms")
    report.line("ratio of the sums", ours_total / raw_total, digits=2)
    report.line("worst query ratio", max(ratios), digits=2)
    report.line("queries over the target", sum(1 for r in ratios if r > TARGET))
    report.line("geometric mean of ratios", geometric, digits=2)
    report.summary("ratio", geometric, "<=", TARGET)
    report.write_json(arguments.json)
    return report.exit_code(arguments.strict)


if __name__ == "__main__":
    sys.exit(main())
