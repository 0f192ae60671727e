"""The frozen app (build_installer.py's folder): start to main window, and its size.

Targets (issue 8: installers):
- the frozen ``regiodesk`` reaches its interactive main window within 1.5x the time the same
  start takes from source (``.venv``'s ``regiodesk``), measured interleaved in the same run;
- the unpacked folder is under 260 MB.

    python3 build_installer.py            (once: makes build/installer/dist/regiodesk)
    .venv/bin/python bench/bench_frozen_start.py [--frozen FOLDER] [--store PATH] [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from pathlib import Path

import common
from bench_ui import time_to_ready

FROZEN = common.REPO / "build" / "installer" / "dist" / "regiodesk"
SIZE_TARGET_MB = 260.0
RATIO_TARGET = 1.5


def folder_megabytes(folder: Path) -> float:
    """What the folder takes unpacked: the sizes of its files (links count as links)."""
    return sum(path.lstat().st_size for path in folder.rglob("*") if not path.is_dir()) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    common.add_store_arguments(parser)
    common.add_common_arguments(parser)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--frozen", type=Path, default=FROZEN, help="the frozen app's folder")
    arguments = parser.parse_args()
    frozen = arguments.frozen / "regiodesk"
    if not frozen.is_file():
        raise SystemExit(f"no frozen app at {frozen}: run python3 build_installer.py first")
    report = common.Report("frozen_start")
    store = common.store_for(arguments)
    common.describe_store(report, store)

    with sqlite3.connect(f"{store.resolve().as_uri()}?mode=ro", uri=True) as conn:
        row = conn.execute("SELECT value FROM store_meta WHERE key = 'demo_persona'").fetchone()
    folder = Path(tempfile.mkdtemp(prefix="regiodesk-bench-frozen-"))
    config = folder / "config"
    config.mkdir()
    identity = {"person_id": row[0], "municipality_id": None, "device_name": "bench"}
    (config / "settings.json").write_text(
        json.dumps({"identities": {str(store.resolve()): identity}})
    )
    env = common.python_env()
    env.update(
        QT_QPA_PLATFORM="offscreen",
        REGIODESK_CONFIG_DIR=str(config),
        REGIODESK_LOG_DIR=str(folder / "log"),
        REGIODESK_DATA_DIR=str(folder / "data"),
    )
    frozen_env = {key: value for key, value in env.items() if key != "PYTHONPATH"}
    source = str(Path(sys.executable).with_name("regiodesk"))
    arguments_of_start = ["--store", str(store), "--quit-when-ready"]
    # One start of each first: the operating system's file cache then holds both.
    time_to_ready([str(frozen), *arguments_of_start], frozen_env)
    time_to_ready([source, *arguments_of_start], env)
    from_source, from_frozen = [], []
    for _ in range(arguments.repeat):
        from_source.append(time_to_ready([source, *arguments_of_start], env))
        from_frozen.append(time_to_ready([str(frozen), *arguments_of_start], frozen_env))
    best_source, best_frozen = min(from_source), min(from_frozen)
    report.line("from source to main window (best)", common.ms(best_source), "ms")
    report.line("frozen to main window (best)", common.ms(best_frozen), "ms")
    report.line("frozen start, median", common.ms(common.median(from_frozen)), "ms")
    size = folder_megabytes(arguments.frozen)
    report.line("frozen folder unpacked", size, "MB", digits=1)
    report.line(f"size under {SIZE_TARGET_MB:.0f} MB", "yes" if size < SIZE_TARGET_MB else "NO")
    for package in sorted((common.REPO / "dist").glob("regiodesk*")):
        kind = "".join(package.suffixes[-2:]) if package.name.endswith(".gz") else package.suffix
        report.line(f"package ({kind})", package.stat().st_size / 1e6, "MB", digits=1)
    report.summary("frozen/source start ratio", best_frozen / best_source, "<=", RATIO_TARGET)
    report.write_json(arguments.json)
    if arguments.strict and size >= SIZE_TARGET_MB:
        return 1
    return report.exit_code(arguments.strict)


if __name__ == "__main__":
    sys.exit(main())
