"""Full-text search over ten years: within 2x of the raw FTS5 query.

For each of a set of realistic Dutch queries, on the same open store (same connection, same page
cache), taking turns: ``regiodesk.queries.search.search(store, text)`` (hits with title, snippet,
meeting and PFO) against the raw query

    SELECT rowid, kind, ref_id FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT 50

with the same match expression (``regiodesk.queries.search.match_expression``).  The figure per
query is the best (minimum) of many repetitions; the overall ratio is the sum of ours over the
sum of the raw ones (the time to run every query once).

    .venv/bin/python bench/bench_search.py                # the cached ten-year store
    .venv/bin/python bench/bench_search.py --store PATH   # an existing store
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

import common

TARGET = 2.0

RAW_SQL = (
    "SELECT rowid, kind, ref_id FROM search_index WHERE search_index MATCH ? "
    "ORDER BY rank LIMIT 50"
)

#: What people in a Twente region search for (each one matches the demo data).
QUERIES = (
    "jeugdzorg",
    "woningbouw",
    "snelfiets",
    "verdeelsleutel",
    "energie",
    "begroting",
    "warmtetransitie",
    "huisvesting arbeidsmigranten",
    "openbaar vervoer",
    "netcongestie",
    "raadsinformatiebrief",
    "Enschede",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    common.add_store_arguments(parser)
    parser.add_argument("--repeat", type=int, default=30,
                        help="timed runs of each query, for ours and the raw one (default 30)")
    parser.add_argument("--query", action="append", metavar="TEXT",
                        help="search for TEXT instead of the built-in set (may be repeated)")
    parser.add_argument("--limit", type=int, default=50, help="hits per search (default 50)")
    common.add_common_arguments(parser)
    arguments = parser.parse_args(argv)

    from regiodesk.queries.search import match_expression, search
    from regiodesk.store import Store

    report = common.Report("search")
    report.note(__doc__.split("\n\n")[0].replace("\n", " "))
    path = common.store_for(arguments, say=report.note)
    common.describe_store(report, path)
    queries = tuple(arguments.query or QUERIES)
    raw_sql = RAW_SQL.replace("LIMIT 50", f"LIMIT {int(arguments.limit)}")

    store = Store.open(path)
    try:
        conn = store.conn
        report.line("indexed entries", int(store.scalar("SELECT count(*) FROM search_index")))
        report.line("repetitions per query", arguments.repeat)
        results: list[dict[str, Any]] = []
        for text in queries:
            expression = match_expression(text)
            if expression is None:
                raise SystemExit(f"{text!r} holds no word")
            matches = int(store.scalar(
                "SELECT count(*) FROM search_index WHERE search_index MATCH ?", (expression,)
            ))

            def ours(text: str = text) -> Any:
                return search(store, text, limit=arguments.limit)

            def raw(expression: str = expression) -> Any:
                return conn.execute(raw_sql, (expression,)).fetchall()

            hits, raw_hits = ours(), raw()  # warm-up, and a check that both find the same
            if [h.ref_id for h in hits] != [r[2] for r in raw_hits]:
                report.note(f"{text!r}: ours and the raw query differ in hits or order")
            if not hits:
                report.note(f"{text!r} matches nothing in this store")
            times = common.interleaved({"ours": ours, "raw": raw}, arguments.repeat)
            results.append({
                "query": text, "matches": matches, "hits": len(hits),
                "ours_min": min(times["ours"]), "raw_min": min(times["raw"]),
                "ours_median": common.median(times["ours"]),
                "raw_median": common.median(times["raw"]),
            })
    finally:
        store.close()

    print(f"{'query':<30} {'matches':>8} {'hits':>5} {'ours ms':>9} {'raw ms':>9} {'ratio':>6}"
          f"   (median: {'ours':>7} {'raw':>7} {'ratio':>6})")
    for r in results:
        print(
            f"{r['query']:<30} {r['matches']:>8} {r['hits']:>5} "
            f"{common.ms(r['ours_min']):>9.3f} {common.ms(r['raw_min']):>9.3f} "
            f"{r['ours_min'] / r['raw_min']:>6.2f}   "
            f"(median: {common.ms(r['ours_median']):>7.3f} {common.ms(r['raw_median']):>7.3f} "
            f"{r['ours_median'] / r['raw_median']:>6.2f})"
        )
    report.figures["queries"] = results
    ours_total = sum(r["ours_min"] for r in results)
    raw_total = sum(r["raw_min"] for r in results)
    ratios = [r["ours_min"] / r["raw_min"] for r in results]
    report.line("all queries, ours (sum of min)", common.ms(ours_total), "ms")
    report.line("all queries, raw (sum of min)", common.ms(raw_total), "ms")
    report.line("worst query ratio", round(max(ratios), 2))
    report.line("geometric mean of ratios", round(math.exp(sum(map(math.log, ratios)) / len(ratios)), 2))
    report.summary("ratio", ours_total / raw_total, "<=", TARGET)
    report.write_json(arguments.json)
    return report.exit_code(arguments.strict)


if __name__ == "__main__":
    sys.exit(main())
