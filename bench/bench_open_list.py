"""Opening the ten-year store and listing one PFO's meetings: under 50 ms.

Each run is a fresh Python process (so no cache of Python objects helps; the OS page cache may
stay warm, as it would on a desktop that opened the store a minute ago).  After its imports, a run
times ``Store.open(path)`` + ``regiodesk.queries.meetings.list_meetings(store, pfo_id)``.

Floor, in fresh processes too, taking turns with ours: a bare ``sqlite3.connect(path)`` and the
same SELECT that ``list_meetings`` runs, fetched as plain tuples.

    .venv/bin/python bench/bench_open_list.py                  # the cached ten-year store
    .venv/bin/python bench/bench_open_list.py --store PATH     # an existing store
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import common

TARGET_MS = 50

#: The SELECT of ``list_meetings(store, pfo_id)`` (only the PFO filtered, oldest first).
FLOOR_SQL = (
    "SELECT m.id, m.pfo_id, p.name AS pfo_name, m.number, m.title, m.starts_at, m.ends_at, "
    "m.location, m.status, "
    "(SELECT count(*) FROM agenda_item i WHERE i.meeting_id = m.id AND i.deleted = 0) AS items "
    "FROM meeting m JOIN pfo p ON p.id = m.pfo_id WHERE m.deleted = 0 AND m.pfo_id = ? "
    "ORDER BY m.starts_at ASC"
)

OURS = """
import json, sys, time
from regiodesk.store import Store
from regiodesk.queries.meetings import list_meetings
path, pfo_id = sys.argv[1], sys.argv[2]
start = time.perf_counter()
store = Store.open(path)
opened = time.perf_counter()
meetings = list_meetings(store, pfo_id)
listed = time.perf_counter()
store.close()
print(json.dumps({"seconds": listed - start, "open": opened - start, "list": listed - opened,
                  "rows": len(meetings)}))
"""

FLOOR = """
import json, sqlite3, sys, time
path, pfo_id, sql = sys.argv[1], sys.argv[2], sys.argv[3]
start = time.perf_counter()
conn = sqlite3.connect(path)
rows = conn.execute(sql, (pfo_id,)).fetchall()
listed = time.perf_counter()
conn.close()
print(json.dumps({"seconds": listed - start, "rows": len(rows)}))
"""


def run(code: str, *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=common.python_env(),
        cwd=common.REPO,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"a measuring process failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def busiest_pfo(path: Path) -> tuple[str, str, int]:
    """The PFO with the most meetings: (id, name, meetings)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "SELECT p.id, p.name, count(*) AS n FROM meeting m JOIN pfo p ON p.id = m.pfo_id "
            "WHERE m.deleted = 0 GROUP BY p.id ORDER BY n DESC, p.name LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    if row is None:
        raise SystemExit(f"{path} has no meetings")
    return str(row[0]), str(row[1]), int(row[2])


def pfo_named(path: Path, wanted: str) -> tuple[str, str, int]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "SELECT p.id, p.name, (SELECT count(*) FROM meeting m WHERE m.pfo_id = p.id "
            "AND m.deleted = 0) FROM pfo p JOIN domain d ON d.id = p.domain_id "
            "WHERE p.id = :w OR p.short_name = :w OR p.name = :w OR d.code = :w",
            {"w": wanted},
        ).fetchone()
    finally:
        conn.close()
    if row is None:
        raise SystemExit(f"no PFO {wanted!r} in {path}")
    return str(row[0]), str(row[1]), int(row[2])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    common.add_store_arguments(parser)
    parser.add_argument(
        "--runs", type=int, default=20, help="measuring processes of each kind (default 20)"
    )
    parser.add_argument(
        "--pfo",
        metavar="ID_OR_NAME",
        help="the PFO to list, by id, name, short name or domain code such as mobiliteit "
        "(default: the one with the most meetings)",
    )
    common.add_common_arguments(parser)
    arguments = parser.parse_args(argv)

    report = common.Report("open_list")
    report.note(__doc__.split("\n\n")[0].replace("\n", " "))
    path = common.store_for(arguments, say=report.note)
    common.describe_store(report, path)
    pfo_id, pfo_name, count = pfo_named(path, arguments.pfo) if arguments.pfo else busiest_pfo(path)
    report.line("pfo", f"{pfo_name} ({count} meetings)")

    # One run of each first, not counted: it warms the OS page cache and Python's .pyc files.
    run(OURS, str(path), pfo_id)
    run(FLOOR, str(path), pfo_id, FLOOR_SQL)
    ours: list[dict[str, Any]] = []
    floor: list[dict[str, Any]] = []
    for round_no in range(max(1, arguments.runs)):
        pair = [
            ("ours", OURS, (str(path), pfo_id)),
            ("floor", FLOOR, (str(path), pfo_id, FLOOR_SQL)),
        ]
        if round_no % 2:
            pair.reverse()
        for kind, code, args in pair:
            (ours if kind == "ours" else floor).append(run(code, *args))
    if {r["rows"] for r in ours} != {count} or {r["rows"] for r in floor} != {count}:
        raise SystemExit(f"expected {count} meetings, got {ours[0]['rows']} and {floor[0]['rows']}")

    total = [r["seconds"] for r in ours]
    report.line("runs (fresh processes)", len(total))
    report.line("meetings listed", count)
    report.line("open + list median", common.ms(common.median(total)), "ms")
    report.line("open + list p95", common.ms(common.percentile(total, 95)), "ms")
    report.line("open + list min", common.ms(min(total)), "ms")
    report.line("  Store.open median", common.ms(common.median(r["open"] for r in ours)), "ms")
    report.line("  list_meetings median", common.ms(common.median(r["list"] for r in ours)), "ms")
    bare = [r["seconds"] for r in floor]
    report.line("floor (connect + SELECT) median", common.ms(common.median(bare)), "ms")
    report.line("floor p95", common.ms(common.percentile(bare, 95)), "ms")
    report.line("floor min", common.ms(min(bare)), "ms")
    report.line("ratio to floor (min / min)", min(total) / min(bare), digits=2)
    report.line(
        "ratio to floor (median / median)", common.median(total) / common.median(bare), digits=2
    )
    report.summary("median", common.ms(common.median(total)), "<", TARGET_MS, "ms")
    report.write_json(arguments.json)
    return report.exit_code(arguments.strict)


if __name__ == "__main__":
    sys.exit(main())
