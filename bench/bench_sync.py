"""Sync: taking in a region's history, and a small sync on a long history.

1. Importing 100,000 changes into an empty store, through a folder root (verify every batch,
   check every author's rights, log each entry once, replay every entity): within 3x of inserting
   the same rows and log entries with plain ``sqlite3`` ``executemany``, in the same run.
2. An incremental sync that brings 50 new changes: under 100 ms, and the same (within 20%)
   whether the root holds one year or ten years of history.

    .venv/bin/python bench/bench_sync.py [--changes 100000] [--imports 3] [--repeat 10]

Both figures are the best of several runs (imports and floors taking turns; incremental syncs
on one year and on ten years): on a shared machine noise only ever adds time.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

import common

IMPORT_TARGET = 3.0
INCREMENTAL_LIMIT_MS = 100.0
HISTORY_TOLERANCE = 1.2


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--changes", type=int, default=100_000, help="about how many changes to import"
    )
    parser.add_argument(
        "--imports", type=int, default=3, help="timed imports, and as many floors (default 3)"
    )
    parser.add_argument(
        "--repeat", type=int, default=10, help="timed incremental syncs per store (default 10)"
    )
    parser.add_argument("--skip-ten-years", action="store_true", help="compare 1 year with 3")
    common.add_common_arguments(parser)
    return parser.parse_args(argv)


def _copy(source: Path, target: Path) -> Path:
    common.remove_store_files(target)
    shutil.copyfile(source, target)
    return target


def _floor(source: Path, target: Path, entries: int) -> float:
    """Insert the same rows and the same log entries with bare executemany, in one transaction."""
    from regiodesk.model import ENTITY_BY_TABLE
    from regiodesk.store import Store

    Store.open(target).close()  # an empty, migrated store with the same schema
    reader = sqlite3.connect(source)
    writer = sqlite3.connect(target, isolation_level=None)
    logged = reader.execute(
        "SELECT entry_id, device_no, seq, hlc, actor_id, entity, entity_id, op, fields, seen "
        "FROM change_log ORDER BY local_seq LIMIT ?",
        (entries,),
    ).fetchall()
    wanted: dict[str, set[str]] = {}
    for row in logged:
        wanted.setdefault(row[5], set()).add(row[6])
    tables: dict[str, list[tuple[Any, ...]]] = {}
    for table in ENTITY_BY_TABLE:
        ids = wanted.get(table, set())
        if ids:
            tables[table] = [r for r in reader.execute(f'SELECT * FROM "{table}"') if r[0] in ids]
    devices = reader.execute("SELECT no, device_id, name FROM device").fetchall()

    def run() -> None:
        writer.execute("BEGIN")
        writer.executemany("INSERT OR IGNORE INTO device VALUES (?, ?, ?)", devices)
        writer.executemany(
            "INSERT INTO change_log (entry_id, device_no, seq, hlc, actor_id, entity, entity_id, "
            "op, fields, seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            logged,
        )
        for table, rows in tables.items():
            marks = ", ".join("?" for _ in rows[0])
            writer.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)
        writer.execute("COMMIT")

    seconds, _ = common.timed(run)
    writer.close()
    reader.close()
    return seconds


def import_history(report: common.Report, scratch: Path, changes: int, runs: int) -> None:
    from regiodesk.store import Store
    from regiodesk.sync.engine import create_root, sync
    from regiodesk.sync.folder import FolderRoot

    years = max(1, round(changes / 38_000))  # the demo region makes about 38,000 a year
    source = _copy(common.demo_store(years), scratch / "source.sqlite")
    with Store.open(source) as store:
        entries = int(store.scalar("SELECT count(*) FROM change_log"))
        (scratch / "root").mkdir()
        root = FolderRoot(scratch / "root")
        create_root(store, root)
        exported, _ = common.timed(lambda: sync(store, root))
    imports: list[float] = []
    floors: list[float] = []
    for _round in range(max(1, runs)):
        target = scratch / "empty.sqlite"
        common.remove_store_files(target)
        with Store.open(target) as empty:
            seconds, result = common.timed(lambda: sync(empty, root))
            received = result.received
            problems = int(empty.scalar("SELECT count(*) FROM quarantine"))
        imports.append(seconds)
        floors.append(_floor(source, scratch / "floor.sqlite", entries))
        common.remove_store_files(scratch / "floor.sqlite")
    report.line("changes imported", received)
    report.line("held back (should be 0)", problems)
    report.line("writing them to the root", common.ms(exported), "ms")
    report.line("import runs", len(imports))
    report.line("import through the root (min)", common.ms(min(imports)), "ms")
    report.line("bare executemany of rows and log (min)", common.ms(min(floors)), "ms")
    report.summary("import ratio", min(imports) / min(floors), "<=", IMPORT_TARGET)


def incremental(report: common.Report, scratch: Path, years: int, repeat: int) -> float:
    from regiodesk.commands.positions import record_position
    from regiodesk.model.enums import PositionKind
    from regiodesk.permissions import SYSTEM
    from regiodesk.store import Store
    from regiodesk.sync.engine import create_root, sync
    from regiodesk.sync.folder import FolderRoot

    cached = common.demo_store(years)
    folder = scratch / f"incremental-{years}y"
    folder.mkdir()
    a_path = _copy(cached, folder / "a.sqlite")
    b_path = _copy(cached, folder / "b.sqlite")
    (folder / "root").mkdir()
    root = FolderRoot(folder / "root")
    with Store.open(a_path) as a, Store.open(b_path) as b:
        b.become_new_device()
        create_root(a, root)
        sync(a, root)  # the whole history goes into the root
        sync(b, root)
        items = a.query(
            "SELECT i.id AS item FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id "
            "WHERE m.status IN ('draft', 'published') AND i.kind = 'decision' AND i.deleted = 0 "
            "LIMIT 10"
        )
        municipalities = [r[0] for r in a.conn.execute("SELECT id FROM municipality LIMIT 5")]
        times: list[float] = []
        for round_no in range(repeat):
            for number in range(50):
                item = items[number % len(items)]["item"]
                municipality = municipalities[(number // len(items)) % len(municipalities)]
                reason = f"round {round_no}, change {number}"
                record_position(a, SYSTEM, item, municipality, PositionKind.ABSTAIN, reason)
            sync(a, root)
            seconds, result = common.timed(lambda: sync(b, root))
            assert result.received >= 50, result
            times.append(seconds)
        batches = len(list((folder / "root" / "devices").rglob("*.batch")))
    best = min(times)
    report.line(f"{years} year(s): batches in the root", batches)
    report.line(f"{years} year(s): sync bringing 50 changes (min)", common.ms(best), "ms")
    report.line(f"{years} year(s): ... (median)", common.ms(common.median(times)), "ms")
    return best


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    report = common.Report("sync")
    report.note(__doc__.split("\n\n")[0].replace("\n", " "))
    scratch = common.scratch_dir("sync-")
    keys = scratch / "keys"
    keys.mkdir(mode=0o700)
    import os

    os.environ.setdefault("REGIODESK_DEVICE_KEY_FILE", str(keys))  # no keyring needed here
    try:
        import_history(report, scratch, arguments.changes, arguments.imports)
        short = incremental(report, scratch, 1, arguments.repeat)
        long = incremental(report, scratch, 3 if arguments.skip_ten_years else 10, arguments.repeat)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    report.summary("incremental sync of 50 changes", short * 1000, "<", INCREMENTAL_LIMIT_MS, "ms")
    report.summary("long history / short history", long / short, "<=", HISTORY_TOLERANCE)
    report.write_json(arguments.json)
    return report.exit_code(arguments.strict)


if __name__ == "__main__":
    sys.exit(main())
