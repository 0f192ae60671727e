"""A scripted session in the real main window, for bench_ui.py (run as a subprocess).

    python bench/ui_session.py STORE PERSON_ID

Opens the window offscreen as PERSON_ID, then does what a portfolio holder does: the meetings
list, a dozen meetings and their agenda items, searches, the actions, back to My PFOs, waiting
for the database worker after each step.  A probe timer fires every 5 ms on the GUI thread; the
longest gap between two firings is the longest stall of the event loop.  Prints one JSON line.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PROBE_MS = 5


def targets(store_path: Path, person: str) -> list[tuple[str, object]]:
    """The steps: the meetings list, a dozen meetings and items, searches, other pages."""
    from regiodesk.store import Store

    with Store.open(store_path) as store:
        meetings = [
            row[0]
            for row in store.conn.execute(
                "SELECT m.id FROM meeting m JOIN membership ms ON ms.pfo_id = m.pfo_id "
                "WHERE ms.person_id = ? ORDER BY m.starts_at DESC LIMIT 12",
                (person,),
            )
        ]
        marks = ",".join("?" * len(meetings))
        items = [
            row[0]
            for row in store.conn.execute(
                f"SELECT id FROM agenda_item WHERE meeting_id IN ({marks}) "
                "AND kind != 'information' LIMIT 12",
                meetings,
            )
        ]
    steps: list[tuple[str, object]] = [("meetings", None)]
    for meeting, item in zip(meetings, items, strict=False):
        steps += [("meeting", meeting), ("agenda_item", item)]
    words = ("jeugdzorg", "woningbouw", "verdeelsleutel", "energie", "snelfiets")
    steps += [("search", word) for word in words]
    return [*steps, ("actions", None), ("my_pfos", None), ("meetings", None)]


def main() -> int:
    store_path, person = Path(sys.argv[1]), sys.argv[2]
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from regiodesk.settings import Identity, Settings
    from ui.context import AppContext
    from ui.main_window import MainWindow
    from ui.worker import DbWorker

    steps = targets(store_path, person)
    app = QApplication.instance() or QApplication([])
    worker = DbWorker()
    worker.open(store_path)
    context = AppContext(worker, Settings(), store_path, Identity(person, None, "bench"))
    window = MainWindow(context)
    window.resize(1366, 768)
    window.show()

    clock = QElapsedTimer()
    clock.start()
    gaps: list[int] = []
    last = [clock.elapsed()]

    def probe() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(PROBE_MS)
    timer.timeout.connect(probe)
    timer.start()

    def pump(seconds: float, until_idle: bool) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            app.processEvents()
            if until_idle and worker.idle:
                time.sleep(0.03)
                app.processEvents()
                if worker.idle:
                    return
            time.sleep(0.002)

    pump(30, until_idle=True)
    pump(0.2, until_idle=False)
    gaps.clear()
    last[0] = clock.elapsed()
    started = time.perf_counter()
    for key, target in steps:
        window.show_page(key, target)
        pump(30, until_idle=True)
        pump(0.05, until_idle=False)
    elapsed = time.perf_counter() - started
    timer.stop()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    worker.stop()
    stalls = sorted(max(0, gap - PROBE_MS) for gap in gaps)
    print(
        json.dumps(
            {
                "steps": len(steps),
                "seconds": elapsed,
                "probes": len(gaps),
                "max_stall_ms": stalls[-1] if stalls else 0,
                "p99_stall_ms": stalls[int(len(stalls) * 0.99)] if stalls else 0,
                "stalls_over_100ms": sum(1 for s in stalls if s > 100),
                "peak_rss_mib": peak_kib / 1024,
            }
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
