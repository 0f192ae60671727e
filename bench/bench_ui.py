"""The desktop app on the ten-year store: start-up, event-loop stalls, peak memory.

Targets (issue: the desktop app):
- start to an interactive main window: within 5x a bare PySide6 window measured in the same run,
  and under 1 s;
- no event-loop stall over 100 ms during scripted navigation (meetings, items, search, pages);
- peak memory under 250 MB.

    .venv/bin/python bench/bench_ui.py [--store PATH] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
window.show()
QTimer.singleShot(0, lambda: (print("ready", flush=True), window.close()))
app.exec()
"""


def time_to_ready(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting the process to its "ready" line."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == "ready":
            elapsed = time.perf_counter() - started
            break
    else:
        raise SystemExit(f"{command[0]} ended without 'ready' (exit {process.wait()})")
    process.wait(timeout=60)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    common.add_store_arguments(parser)
    common.add_common_arguments(parser)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args()
    report = common.Report("ui")
    store = common.store_for(arguments)
    common.describe_store(report, store)

    import sqlite3

    with sqlite3.connect(f"{store.resolve().as_uri()}?mode=ro", uri=True) as conn:
        person = conn.execute("SELECT value FROM store_meta WHERE key = 'demo_persona'").fetchone()[
            0
        ]

    folder = Path(tempfile.mkdtemp(prefix="regiodesk-bench-ui-"))
    config = folder / "config"
    config.mkdir()
    identity = {"person_id": person, "municipality_id": None, "device_name": "bench"}
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
    program = str(Path(sys.executable).with_name("regiodesk"))
    ours, floor = [], []
    for _ in range(arguments.repeat):
        floor.append(time_to_ready([sys.executable, "-c", BARE_WINDOW], env))
        ours.append(time_to_ready([program, "--store", str(store), "--quit-when-ready"], env))
    best_ours, best_floor = min(ours), min(floor)
    report.line("bare PySide6 window to shown (best)", common.ms(best_floor), "ms")
    report.line("RegioDesk to interactive main window (best)", common.ms(best_ours), "ms")
    report.line("RegioDesk start, median", common.ms(common.median(ours)), "ms")
    report.line("start-up under 1 s", "yes" if best_ours < 1.0 else "NO")

    session = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("ui_session.py")), str(store), person],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if session.returncode != 0:
        print(session.stderr, file=sys.stderr)
        raise SystemExit("the scripted session failed")
    figures = json.loads(session.stdout.strip().splitlines()[-1])
    report.line("scripted steps", figures["steps"])
    report.line("longest event-loop stall", figures["max_stall_ms"], "ms")
    report.line("99th percentile stall", figures["p99_stall_ms"], "ms")
    report.line("stalls over 100 ms", figures["stalls_over_100ms"])
    report.line("peak memory (RSS)", round(figures["peak_rss_mib"], 1), "MiB")
    report.line("memory under 250 MB", "yes" if figures["peak_rss_mib"] * 1.048576 < 250 else "NO")
    report.line("stalls under 100 ms", "yes" if figures["max_stall_ms"] <= 100 else "NO")
    report.summary("start-up ratio", best_ours / best_floor, "<=", 5.0)
    report.write_json(arguments.json)
    return report.exit_code(arguments.strict)


if __name__ == "__main__":
    sys.exit(main())
