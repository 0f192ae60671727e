"""Screenshots of the session page and the projector view (not a test).

    .venv/bin/python tools/session_screenshots.py --out FOLDER [--size 1366x768 ...] [--lang nl]

Generates a one-year demo region in a scratch folder, opens the real main window offscreen as the
secretary of PFO Mobiliteit, starts the session of a published meeting, records attendance, takes
up a decision item, adds speakers, records some positions and types a decision, then saves the
main window and the projector window at each size.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:  # noqa: PLR0915 (one scripted scenario, read top to bottom)
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--size", action="append", default=[])
    parser.add_argument("--lang", default="nl")
    arguments = parser.parse_args()
    sizes = arguments.size or ["1366x768", "1920x1080"]

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from regiodesk.demo import generate_demo
    from regiodesk.i18n import set_language
    from regiodesk.model.enums import AttendanceStatus
    from regiodesk.settings import Identity, Settings
    from regiodesk.store import Store
    from ui.context import AppContext
    from ui.main_window import MainWindow
    from ui.pages.session import SessionPage
    from ui.style import apply_style
    from ui.worker import DbWorker

    set_language(arguments.lang)
    path = Path(tempfile.mkdtemp(prefix="regiodesk-session-shots-")) / "demo.sqlite"
    with Store.open(path) as store:
        generate_demo(store, years=1, seed=7, anchor=date(2026, 11, 28))
        person = store.scalar(
            "SELECT r.person_id FROM role_assignment r JOIN pfo p ON p.id = r.pfo_id "
            "WHERE r.role = 'secretary' AND p.short_name = 'PFO MOB'"
        )
        meeting = store.scalar(
            "SELECT m.id FROM meeting m JOIN pfo p ON p.id = m.pfo_id WHERE p.short_name = "
            "'PFO MOB' AND m.status = 'published' ORDER BY m.starts_at LIMIT 1"
        )
    app = QApplication.instance() or QApplication([])
    apply_style(app)  # type: ignore[arg-type]
    worker = DbWorker()
    worker.open(path)
    context = AppContext(worker, Settings(), path, Identity(person, None, "laptop"))
    window = MainWindow(context)
    window.show()

    def settle() -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            app.processEvents()
            if worker.idle:
                QTest.qWait(60)
                if worker.idle:
                    return
            time.sleep(0.01)

    window.show_page("session", meeting)
    settle()
    settle()
    page = window.pages["session"]
    assert isinstance(page, SessionPage)
    lines = page.attendance.model.rowCount()
    for row in range(lines - 2):
        page.attendance.record(row, AttendanceStatus.PRESENT)
        settle()
    page.attendance.record(lines - 2, AttendanceStatus.ABSENT_WITH_NOTICE)
    settle()
    page.step(1)
    settle()
    page.step(1)
    settle()
    page.step(1)
    settle()
    page.speakers.chooser.setEditText(page.attendance.lines[1].municipality)
    page.speakers.add()
    settle()
    page.speakers.chooser.setEditText(page.attendance.lines[3].municipality)
    page.speakers.add()
    settle()
    page.speakers.next()
    settle()
    grid = page.roll_call.table
    grid.setFocus()
    for key in (Qt.Key.Key_1, Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_1):
        QTest.keyClick(grid, key)
        settle()
    page.decision.insert_template()
    QTest.keyClicks(page.decision.text, " Het PFO vraagt de secretaris om een raadsvoorstel.")
    settle()
    page.toggle_projector()
    settle()
    arguments.out.mkdir(parents=True, exist_ok=True)
    projector = page.projector
    assert projector is not None
    for size in sizes:
        width, height = (int(n) for n in size.split("x"))
        window.resize(width, height)
        projector.showNormal()
        projector.resize(width, height)
        settle()
        QTest.qWait(200)
        for name, widget in (("session", window), ("projector", projector)):
            target = arguments.out / f"{name}-{size}.png"
            widget.grab().save(str(target))
            print(target)
    worker.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
