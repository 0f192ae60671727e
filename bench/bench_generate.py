"""Generating the ten-year data set through the core's commands (change log included): within 3x
the time of inserting the same rows with plain sqlite3 executemany, measured in the same run.

Ours: ``regiodesk.demo.generate_demo`` into a fresh store (``Store.open`` on a new file; opening and
migrating are not timed).  Every row goes through the commands, so every row also gets its
change-log entry, its permission checks, and every status change its own logged update.

Floor: every row of every entity table of that generated store, inserted with plain ``sqlite3``
``executemany`` into another fresh store file made by ``Store.open`` (so the schema, the indexes and
the full-text triggers are the same), in one transaction, with the PRAGMAs of
``regiodesk.store.store.connect`` (WAL, synchronous FULL, cache_size -65536, foreign keys on but
deferred to the commit; ``--floor-fk off`` turns them off), tables in foreign-key order.
The rows are read into memory before the clock starts.

    .venv/bin/python bench/bench_generate.py              # ten years (about a minute and a half)
    .venv/bin/python bench/bench_generate.py --years 1    # a quick run
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

import common

TARGET = 3.0

Rows = list[tuple[Any, ...]]
#: The change log to insert: (device rows, INSERT statement, entry rows).
Log = tuple[Rows, str, Rows]


def entity_tables() -> list[str]:
    from regiodesk.model import ENTITY_BY_TABLE

    return list(ENTITY_BY_TABLE)


def foreign_key_order(conn: sqlite3.Connection, tables: list[str]) -> list[str]:
    """The tables with every table after the tables it refers to (self-references aside)."""
    parents = {
        table: {
            row[2]
            for row in conn.execute(f'PRAGMA foreign_key_list("{table}")')
            if row[2] != table and row[2] in tables
        }
        for table in tables
    }
    ordered: list[str] = []
    placed: set[str] = set()
    while len(ordered) < len(tables):
        ready = [t for t in tables if t not in placed and parents[t] <= placed]
        if not ready:  # a cycle: place the rest as listed and let the deferred check judge
            ready = [t for t in tables if t not in placed]
        for table in ready:
            ordered.append(table)
            placed.add(table)
    return ordered


def read_rows(path: Path) -> list[tuple[str, str, Rows]]:
    """Every row of every entity table: (table, INSERT statement, rows), in foreign-key order."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = foreign_key_order(conn, entity_tables())
        result = []
        for table in tables:
            columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" for _ in columns)
            rows = conn.execute(f'SELECT {names} FROM "{table}" ORDER BY rowid').fetchall()
            result.append((table, f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows))
        return result
    finally:
        conn.close()


def read_log(path: Path) -> Log:
    """The change log of ``path`` as rows to insert, and its devices (for the log's foreign key)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        columns = [
            r[1] for r in conn.execute("PRAGMA table_info(change_log)") if r[1] != "local_seq"
        ]
        names = ", ".join(columns)
        rows = conn.execute(f"SELECT {names} FROM change_log ORDER BY local_seq").fetchall()
        devices = conn.execute("SELECT no, device_id, name FROM device").fetchall()
        sql = f"INSERT INTO change_log ({names}) VALUES ({', '.join('?' for _ in columns)})"
        return devices, sql, rows
    finally:
        conn.close()


def fresh_store(folder: Path, name: str) -> Path:
    """A new, empty store file made the app's way (schema, indexes, triggers), then closed."""
    from regiodesk.store import Store

    path = folder / name
    common.remove_store_files(path)
    Store.open(path).close()
    return path


def floor_insert(
    path: Path,
    tables: list[tuple[str, str, Rows]],
    foreign_keys: bool,
    log: Log | None = None,
) -> float:
    """Insert the rows with plain sqlite3 in one transaction; returns the seconds it took.  With
    ``log``, the change-log rows are inserted too (the floor of "rows and their log")."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA cache_size = -65536")

        def insert() -> None:
            conn.execute("BEGIN IMMEDIATE")
            if foreign_keys:
                conn.execute("PRAGMA defer_foreign_keys = ON")
            if log is not None:
                devices, log_sql, log_rows = log
                conn.executemany(
                    "INSERT OR IGNORE INTO device (no, device_id, name) VALUES (?, ?, ?)", devices
                )
                conn.executemany(log_sql, log_rows)
            for _table, sql, rows in tables:
                if rows:
                    conn.executemany(sql, rows)
            conn.execute("COMMIT")

        with common.gc_paused():
            seconds, _ = common.timed(insert)
        return seconds
    finally:
        conn.close()


def check_copy(source: Path, copy: Path, tables: list[str]) -> None:
    """The floor's store holds what the generated one holds (rows and full-text entries)."""
    a = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    b = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
    try:
        for table in [*tables, "search_index"]:
            left = a.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            right = b.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            if left != right:
                raise SystemExit(f"the floor's copy differs: {table} {left} != {right} rows")
    finally:
        a.close()
        b.close()


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--years",
        type=int,
        default=common.DEFAULT_YEARS,
        help=f"years of demo data (default {common.DEFAULT_YEARS}; 1 for a quick run)",
    )
    parser.add_argument("--seed", type=int, default=common.DEFAULT_SEED, help="the demo's seed")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="generations to time (default 3, as many as floor runs: the best of each is "
        "compared, and noise only ever adds time; a ten-year generation takes 12 to 15 s)",
    )
    parser.add_argument(
        "--floor-repeat", type=int, default=3, help="floor runs to time (default 3, at least 3)"
    )
    parser.add_argument(
        "--floor-fk",
        choices=("on", "off"),
        default="on",
        help="foreign keys in the floor (on, deferred to the commit, as the app "
        "has them; off for the barest floor)",
    )
    parser.add_argument(
        "--log-floor",
        action="store_true",
        help="also time a second floor that inserts the change-log rows as well "
        "(what writing rows *and* their log costs SQLite; not the target)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the scratch stores (under bench/.cache/tmp) to look at",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="FILE",
        help="also run the generation once more under cProfile and save the "
        "statistics to FILE (not timed)",
    )
    common.add_common_arguments(parser)
    arguments = parser.parse_args(argv)
    arguments.floor_repeat = max(3, arguments.floor_repeat)
    arguments.repeat = max(1, arguments.repeat)
    return arguments


class Measurement:
    """The runs of one benchmark: generation i, then floor i; the floors left over run last."""

    def __init__(self, arguments: argparse.Namespace, scratch: Path, report: common.Report):
        self.arguments = arguments
        self.scratch = scratch
        self.report = report
        self.foreign_keys = arguments.floor_fk == "on"
        self.generation: list[float] = []
        self.floor: list[float] = []
        self.with_log: list[float] = []
        self.made: dict[str, Any] = {}
        self.source: Path | None = None
        self.tables: list[tuple[str, str, Rows]] = []
        self.log: Log | None = None
        self.floor_copy: Path | None = None

    def run(self) -> None:
        for round_no in range(max(self.arguments.repeat, self.arguments.floor_repeat)):
            if round_no < self.arguments.repeat:
                self.generate(round_no)
            if round_no < self.arguments.floor_repeat:
                self.insert(round_no)
        assert self.source is not None
        assert self.floor_copy is not None
        check_copy(self.source, self.floor_copy, [t for t, _sql, _rows in self.tables])

    def generate(self, round_no: int) -> None:
        path = self.scratch / f"generated-{round_no}.sqlite"
        self.made = common.generate_store(path, self.arguments.years, self.arguments.seed)
        self.generation.append(self.made["seconds"])
        self.report.note(f"generation {round_no + 1}: {self.made['seconds']:.2f} s")
        if self.source is None:
            self.source = path
            self.tables = read_rows(path)
            if self.arguments.log_floor:
                self.log = read_log(path)
        else:
            common.remove_store_files(path)

    def insert(self, round_no: int) -> None:
        if self.floor_copy is not None:
            common.remove_store_files(self.floor_copy)
        self.floor_copy = fresh_store(self.scratch, f"floor-{round_no}.sqlite")
        seconds = floor_insert(self.floor_copy, self.tables, self.foreign_keys)
        self.floor.append(seconds)
        self.report.note(f"floor {round_no + 1}: {seconds:.2f} s")
        if self.log is not None:
            with_log = fresh_store(self.scratch, f"floor-log-{round_no}.sqlite")
            seconds = floor_insert(with_log, self.tables, self.foreign_keys, self.log)
            self.with_log.append(seconds)
            common.remove_store_files(with_log)
            self.report.note(f"floor with change log {round_no + 1}: {seconds:.2f} s")

    def print(self) -> None:
        report = self.report
        rows = sum(len(r) for _t, _sql, r in self.tables)
        best_gen, best_floor = min(self.generation), min(self.floor)
        report.line("years", self.arguments.years)
        report.line("rows", rows)
        report.line("change-log entries", self.made["change_log_entries"])
        report.line("generation runs", len(self.generation))
        report.line("generation s (min)", best_gen, "s")
        report.line("floor runs", len(self.floor))
        report.line("floor s (min)", best_floor, "s")
        report.line("floor foreign keys", self.arguments.floor_fk)
        report.line("generation rows/s", round(rows / best_gen))
        report.line("floor rows/s", round(rows / best_floor))
        if self.with_log:
            report.line("floor with change log s (min)", min(self.with_log), "s")
            report.line("ratio to floor with change log", best_gen / min(self.with_log), digits=2)
        report.summary("ratio", best_gen / best_floor, "<=", TARGET)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    report = common.Report("generate")
    report.note(__doc__.split("\n\n")[0].replace("\n", " "))
    scratch = common.scratch_dir("generate-")
    try:
        measurement = Measurement(arguments, scratch, report)
        measurement.run()
        measurement.print()
        if arguments.profile:
            profile_generation(scratch, arguments.years, arguments.seed, arguments.profile)
    finally:
        if arguments.keep:
            print(f"# scratch stores kept in {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    report.write_json(arguments.json)
    return report.exit_code(arguments.strict)


def profile_generation(scratch: Path, years: int, seed: int, out: Path) -> None:
    import cProfile
    import pstats

    path = scratch / "profiled.sqlite"
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        common.generate_store(path, years, seed)
    finally:
        profiler.disable()
    out.parent.mkdir(parents=True, exist_ok=True)
    profiler.dump_stats(out)
    print(f"# profile saved to {out}; the top 25 by cumulative time:", file=sys.stderr)
    pstats.Stats(str(out), stream=sys.stderr).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    sys.exit(main())
