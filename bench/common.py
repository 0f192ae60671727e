"""Shared helpers of the core benchmarks: the cached demo store, timing, and the output format.

Every benchmark measures our code *and* a floor (the same work done the plainest way) in the same
run, interleaved and repeated, and compares the best (minimum) of each: on a shared, noisy machine
a ratio of two figures taken side by side means something, an absolute time does not.

Output: one figure per line, ``name  value``, and a last line that sums it up, e.g.::

    ratio 2.41 (target <= 3.0) PASS

The scripts run as ``python bench/<name>.py`` from the repository root (this folder is then first
on ``sys.path``, so ``import common`` works; the repository root is added for ``regiodesk``).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
CACHE_DIR = BENCH_DIR / ".cache"

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

#: The benchmark data set: ten years of the Twente demo region, the same content on every run.
DEFAULT_YEARS = 10
DEFAULT_SEED = 2026
#: The demo's "today" (the tests use the same day), so the content does not move with the calendar.
DEFAULT_ANCHOR = date(2026, 11, 28)

#: What the demo store's content depends on: a change to any of these makes a new cached store.
#: That is the whole core (the commands, the change log, the store, ids and times all shape what
#: the generator writes) except the read-only queries and the command line.
FINGERPRINT_SOURCES = ("regiodesk", "resources/demo", "resources/regions")
FINGERPRINT_SKIPS = ("regiodesk/queries", "regiodesk/cli")


# Output -------------------------------------------------------------------------------------------


class Report:
    """Prints figures one a line, keeps them for ``--json``, and ends with the summary line."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.figures: dict[str, Any] = {}
        self.passed: bool | None = None

    def line(self, label: str, value: Any, unit: str = "", digits: int = 3) -> None:
        self.figures[label] = value
        if isinstance(value, float):
            text = f"{value:.{digits}f}" if abs(value) < 1000 else f"{value:.0f}"
        elif isinstance(value, int) and not isinstance(value, bool):
            text = f"{value:,}".replace(",", "_")
        else:
            text = str(value)
        print(f"{label:<36} {text}{' ' + unit if unit else ''}", flush=True)

    def note(self, text: str) -> None:
        print(f"# {text}", flush=True)

    def summary(self, figure: str, value: float, op: str, target: float, unit: str = "") -> bool:
        """The closing line: ``<figure> <value> (target <op> <target>) PASS|OVER``."""
        passed = value <= target if op == "<=" else value < target
        self.passed = passed
        self.figures["summary"] = {
            "figure": figure,
            "value": value,
            "op": op,
            "target": target,
            "unit": unit,
            "result": "PASS" if passed else "OVER",
        }
        unit_text = f" {unit}" if unit else ""
        print(
            f"{figure} {value:.2f}{unit_text} (target {op} {target}{unit_text}) "
            f"{'PASS' if passed else 'OVER'}",
            flush=True,
        )
        return passed

    def write_json(self, path: Path | None) -> None:
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        document = {
            "benchmark": self.name,
            "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "python": sys.version.split()[0],
            "figures": self.figures,
        }
        path.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")

    def exit_code(self, strict: bool) -> int:
        return 1 if strict and self.passed is False else 0


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json",
        type=Path,
        metavar="FILE",
        help="also write the figures to FILE as JSON (bench/results/ is git-ignored)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit with status 1 when the summary is OVER (by default the exit status is 0)",
    )


def add_store_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        type=Path,
        metavar="PATH",
        help="use this existing store instead of the cached demo store (it is opened, not changed)",
    )
    parser.add_argument(
        "--years",
        type=int,
        default=DEFAULT_YEARS,
        help=f"years of demo data in the cached store (default {DEFAULT_YEARS})",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="the demo's seed")
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="generate the cached demo store anew",
    )


# Timing -------------------------------------------------------------------------------------------


@contextmanager
def gc_paused(pause: bool = True) -> Iterator[None]:
    """Collect, then keep the cyclic collector off while timing (as ``timeit`` does)."""
    if not pause:
        yield
        return
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds that ``fn()`` took, and what it returned."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def interleaved(
    contenders: dict[str, Callable[[], Any]],
    repeat: int,
    *,
    pause_gc: bool = True,
    after: Callable[[], Any] | None = None,
) -> dict[str, list[float]]:
    """Run every contender ``repeat`` times, taking turns (the order alternates each round, so
    neither always runs right after the other), and return the seconds of each run.  ``after``
    runs (untimed) after each run, to put back what a run changed."""
    names = list(contenders)
    times: dict[str, list[float]] = {name: [] for name in names}
    # One collection before, none during: a collection between two runs would also empty the CPU
    # caches, and so add the same cold start to every run of a quick contender.
    with gc_paused(pause_gc):
        for round_no in range(repeat):
            order = names if round_no % 2 == 0 else list(reversed(names))
            for name in order:
                seconds, _ = timed(contenders[name])
                times[name].append(seconds)
                if after is not None:
                    after()
    return times


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def ms(seconds: float) -> float:
    return seconds * 1000.0


def us(seconds: float) -> float:
    return seconds * 1_000_000.0


# The demo store -----------------------------------------------------------------------------------


def scratch_dir(prefix: str) -> Path:
    """A fresh folder under ``bench/.cache/tmp`` (on the same disk as a real store would be; /tmp
    may be a RAM disk where fsync costs nothing)."""
    root = CACHE_DIR / "tmp"
    root.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=root))


def remove_store_files(path: Path) -> None:
    for each in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}.json")):
        each.unlink(missing_ok=True)
    blobs = path.with_name(path.name + ".blobs")
    if blobs.exists():
        shutil.rmtree(blobs)


def source_fingerprint() -> str:
    digest = hashlib.sha256()
    for source in FINGERPRINT_SOURCES:
        root = REPO / source
        files = sorted(
            p
            for p in root.rglob("*")
            if p.is_file()
            and "__pycache__" not in p.parts
            and not str(p.relative_to(REPO)).startswith(FINGERPRINT_SKIPS)
        )
        for file in files:
            digest.update(str(file.relative_to(REPO)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:10]


def cached_store_path(years: int, seed: int, anchor: date = DEFAULT_ANCHOR) -> Path:
    return CACHE_DIR / f"demo-{years}y-seed{seed}-{anchor:%Y%m%d}-{source_fingerprint()}.sqlite"


def generate_store(
    path: Path, years: int, seed: int, anchor: date = DEFAULT_ANCHOR
) -> dict[str, Any]:
    """Generate the demo region into a new store at ``path``; returns what it made and how long it
    took."""
    from regiodesk.demo import generate_demo
    from regiodesk.store import Store

    remove_store_files(path)
    store = Store.open(path)
    try:
        seconds, summary = timed(
            lambda: generate_demo(store, years=years, seed=seed, anchor=anchor)
        )
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        entries = int(store.scalar("SELECT count(*) FROM change_log"))
    finally:
        store.close()
    return {
        "years": years,
        "seed": seed,
        "anchor": anchor.isoformat(),
        "seconds": seconds,
        "change_log_entries": entries,
        "counts": summary.counts,
        "persona_id": summary.persona_id,
    }


def demo_store(
    years: int = DEFAULT_YEARS,
    seed: int = DEFAULT_SEED,
    *,
    rebuild: bool = False,
    say: Callable[[str], None] = print,
) -> Path:
    """The cached demo store for ``years`` and ``seed``, generated on first use (a ten-year one
    takes about half a minute and 330 MB).  Stores made by older sources are removed."""
    path = cached_store_path(years, seed)
    manifest = Path(f"{path}.json")
    if path.exists() and manifest.exists() and not rebuild:
        return path
    for stale in CACHE_DIR.glob(f"demo-{years}y-seed{seed}-*.sqlite"):
        if stale != path:
            remove_store_files(stale)
    say(
        f"generating the {years}-year demo store in {path.relative_to(REPO)} (none yet for this "
        "version of the core; 20 to 30 s for ten years) ..."
    )
    partial = path.with_name(path.name + ".partial")
    made = generate_store(partial, years, seed)
    remove_store_files(path)
    partial.rename(path)
    blobs = partial.with_name(partial.name + ".blobs")
    if blobs.exists():
        blobs.rename(path.with_name(path.name + ".blobs"))
    Path(f"{partial}.json").unlink(missing_ok=True)
    manifest.write_text(json.dumps(made, indent=2) + "\n", encoding="utf-8")
    say(f"generated in {made['seconds']:.1f} s")
    return path


def store_for(arguments: argparse.Namespace, say: Callable[[str], None] = print) -> Path:
    """The store a benchmark reads: ``--store PATH`` or the cached demo store."""
    if arguments.store is not None:
        path = Path(arguments.store).expanduser().resolve()
        if not path.is_file():
            raise SystemExit(f"no store at {path}")
        return path
    return demo_store(arguments.years, arguments.seed, rebuild=arguments.rebuild, say=say)


def describe_store(report: Report, path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        meetings = conn.execute("SELECT count(*) FROM meeting").fetchone()[0]
        items = conn.execute("SELECT count(*) FROM agenda_item").fetchone()[0]
        positions = conn.execute("SELECT count(*) FROM position").fetchone()[0]
    finally:
        conn.close()
    size = path.stat().st_size + sum(p.stat().st_size for p in (Path(f"{path}-wal"),) if p.exists())
    try:
        shown = path.relative_to(REPO)
    except ValueError:
        shown = path
    report.line("store", str(shown))
    report.line("store size", size / 1024 / 1024, "MiB", digits=1)
    report.line("meetings / agenda items / positions", f"{meetings} / {items} / {positions}")


def python_env() -> dict[str, str]:
    """The environment for benchmark subprocesses: the repository importable, nothing else new."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO), *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])]
    )
    return env
