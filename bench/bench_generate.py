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

    .venv/bin/python bench/bench_generate.py              # ten years (about a minute in all)
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


def entity_tables() -> list[str]:
    from regiodesk.model import ENTITY_BY_TABLE

    return list(ENTITY_BY_TABLE)


def foreign_key_order(conn: sqlite3.Connection, tables: list[str]) -> list[str]:
    """The tables with every table after the tables it refers to (self-references aside)."""
    parents = {
        table: {
            row[2] for row in conn.execute(f'PRAGMA foreign_key_list("{table}")')
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


def read_rows(path: Path) -> list[tuple[str, str, list[tuple[Any, ...]]]]:
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


def fresh_store(folder: Path, name: str) -> Path:
    """A new, empty store file made the app's way (schema, indexes, triggers), then closed."""
    from regiodesk.store import Store

    path = folder / name
    common.remove_store_files(path)
    Store.open(path).close()
    return path


def floor_insert(
    path: Path, tables: list[tuple[str, str, list[tuple[Any, ...]]]], foreign_keys: bool
) -> float:
    """Insert the rows with plain sqlite3 in one transaction; returns the seconds it took."""
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--years", type=int, default=common.DEFAULT_YEARS,
                        help=f"years of demo data (default {common.DEFAULT_YEARS}; 1 for a quick run)")
    parser.add_argument("--seed", type=int, default=common.DEFAULT_SEED, help="the demo's seed")
    parser.add_argument("--repeat", type=int, default=1,
                        help="generations to time (default 1: one takes half a minute)")
    parser.add_argument("--floor-repeat", type=int, default=3,
                        help="floor runs to time (default 3, at least 3)")
    parser.add_argument("--floor-fk", choices=("on", "off"), default="on",
                        help="foreign keys in the floor (on, deferred to the commit, as the app "
                             "has them; off for the barest floor)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the scratch stores (under bench/.cache/tmp) to look at")
    parser.add_argument("--profile", type=Path, metavar="FILE",
                        help="also run the generation once more under cProfile and save the "
                             "statistics to FILE (not timed)")
    common.add_common_arguments(parser)
    arguments = parser.parse_args(argv)
    floor_repeat = max(3, arguments.floor_repeat)
    repeat = max(1, arguments.repeat)

    report = common.Report("generate")
    report.note(__doc__.split("\n\n")[0].replace("\n", " "))
    scratch = common.scratch_dir("generate-")
    try:
        gen_seconds: list[float] = []
        floor_seconds: list[float] = []
        made: dict[str, Any] = {}
        source: Path | None = None
        tables: list[tuple[str, str, list[tuple[Any, ...]]]] = []
        floor_copy: Path | None = None
        # Generation i, then floor i; the floors left over run at the end.
        for round_no in range(max(repeat, floor_repeat)):
            if round_no < repeat:
                path = scratch / f"generated-{round_no}.sqlite"
                made = common.generate_store(path, arguments.years, arguments.seed)
                gen_seconds.append(made["seconds"])
                report.note(f"generation {round_no + 1}: {made['seconds']:.2f} s")
                if source is None:
                    source = path
                    tables = read_rows(source)
                else:
                    common.remove_store_files(path)
            if round_no < floor_repeat:
                if floor_copy is not None:
                    common.remove_store_files(floor_copy)
                floor_copy = fresh_store(scratch, f"floor-{round_no}.sqlite")
                seconds = floor_insert(floor_copy, tables, arguments.floor_fk == "on")
                floor_seconds.append(seconds)
                report.note(f"floor {round_no + 1}: {seconds:.2f} s")
        assert source is not None and floor_copy is not None
        check_copy(source, floor_copy, [t for t, _sql, _rows in tables])

        rows = sum(len(r) for _t, _sql, r in tables)
        best_gen, best_floor = min(gen_seconds), min(floor_seconds)
        ratio = best_gen / best_floor
        report.line("years", arguments.years)
        report.line("rows", rows)
        report.line("change-log entries", made["change_log_entries"])
        report.line("generation runs", len(gen_seconds))
        report.line("generation s (min)", best_gen, "s")
        report.line("floor runs", len(floor_seconds))
        report.line("floor s (min)", best_floor, "s")
        report.line("floor foreign keys", arguments.floor_fk)
        report.line("generation rows/s", round(rows / best_gen))
        report.line("floor rows/s", round(rows / best_floor))
        report.summary("ratio", ratio, "<=", TARGET)

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
