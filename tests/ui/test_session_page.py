"""The session page: a whole session driven by keyboard (attendance, three items, speakers, roll
call, decisions, close), the projector following it, a refused second device, and a crash in the
middle of a session (the app is killed; after a restart everything typed is there)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from regiodesk.model.enums import MeetingStatus
from regiodesk.store import Store
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.pages.session import SessionPage

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
REPO = Path(__file__).resolve().parents[2]


def ask(qtbot: QtBot, context: AppContext, work: Callable[[Store], Any]) -> Any:
    answers: list[Any] = []
    context.worker.query(work, answers.append)
    wait_idle(qtbot, context.worker)
    return answers[0]


def published_meeting(qtbot: QtBot, context: AppContext) -> str:
    return str(
        ask(
            qtbot,
            context,
            lambda s: s.scalar(
                "SELECT m.id FROM meeting m JOIN pfo p ON p.id = m.pfo_id "
                "WHERE p.short_name = 'PFO MOB' AND m.status = ? ORDER BY m.starts_at",
                (MeetingStatus.PUBLISHED.value,),
            ),
        )
    )


def shown(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()


def key(qtbot: QtBot, page: SessionPage, widget: QWidget, k: Any, mod: Any = None) -> None:
    if mod is None:
        qtbot.keyClick(widget, k)
    else:
        qtbot.keyClick(widget, k, mod)
    wait_idle(qtbot, page.context.worker)


def open_session(qtbot: QtBot, context: AppContext, meeting: str) -> SessionPage:
    page = SessionPage(context)
    shown(qtbot, page)
    page.show_target(meeting)
    wait_idle(qtbot, context.worker)
    wait_idle(qtbot, context.worker)
    return page


def test_a_whole_session_by_keyboard(qtbot: QtBot, secretary_context: AppContext) -> None:
    context = secretary_context
    meeting = published_meeting(qtbot, context)
    page = open_session(qtbot, context, meeting)
    assert page.view is not None
    assert page.view.status is MeetingStatus.IN_SESSION
    assert page.view.running
    projected: list[Any] = []
    page.projector_changed.connect(projected.append)
    key(qtbot, page, page.agenda.table, Qt.Key.Key_F5)
    projector = page.projector
    assert projector is not None
    assert projector.isVisible()

    # Attendance: Alt+1, then P on most rows (each key moves on), N for one, A for the last.
    key(qtbot, page, page, Qt.Key.Key_1, ALT)
    table = page.attendance.table
    assert table.hasFocus()
    rows = page.attendance.model.rowCount()
    assert rows >= 5
    assert not page.view.quorum.met
    for _ in range(rows - 2):
        key(qtbot, page, table, Qt.Key.Key_P)
    key(qtbot, page, table, Qt.Key.Key_N)
    key(qtbot, page, table, Qt.Key.Key_A)
    assert page.view.quorum.met
    assert "Quorum" in page.quorum.text()

    # Three items: Ctrl+PgDn takes up the first, then the next ones.
    decided_items = []
    for number in range(3):
        key(qtbot, page, page.agenda.table, Qt.Key.Key_PageDown, CTRL)
        current = page.view.current
        assert current is not None
        assert current.number == number + 1
        assert projector.item.text().startswith(f"{number + 1}.")
        if number == 1:
            # Speakers: Alt+3, Insert, type a name, Enter; N gives the floor.
            key(qtbot, page, page, Qt.Key.Key_3, ALT)
            key(qtbot, page, page.speakers.table, Qt.Key.Key_Insert)
            assert page.speakers.chooser.hasFocus()
            absent = page.attendance.lines[-1].municipality
            name = page.attendance.lines[0].municipality
            qtbot.keyClicks(page.speakers.chooser, name)
            key(qtbot, page, page.speakers.chooser, Qt.Key.Key_Return)
            page.speakers.table.setFocus()
            key(qtbot, page, page.speakers.table, Qt.Key.Key_N)
            assert page.view.speakers[0].speaking
            assert projector.speaker.text().endswith(name)
        if current.kind.value != "information":
            # Roll call: Alt+4; 1 for the first, 2 for the second, 4 with a reason for the third,
            # and an absent municipality refused in place.
            key(qtbot, page, page, Qt.Key.Key_4, ALT)
            grid = page.roll_call.table
            key(qtbot, page, grid, Qt.Key.Key_1)
            key(qtbot, page, grid, Qt.Key.Key_2)
            key(qtbot, page, grid, Qt.Key.Key_4)
            assert page.roll_call.reason.hasFocus()
            qtbot.keyClicks(page.roll_call.reason, "te duur")
            key(qtbot, page, page.roll_call.reason, Qt.Key.Key_Return)
            roll = page.view.roll_call
            assert roll is not None
            assert sum(roll.tally.values()) >= 3
            assert projector.tally_counts[0].text() == str(roll.tally[next(iter(roll.tally))])
            grid.select_row(page.roll_call.model.rowCount() - 1)
            assert absent in page.roll_call.model.texts(grid.current_row())[0]
            key(qtbot, page, grid, Qt.Key.Key_1)
            assert page.error.isVisible()
            assert "not present" in page.error.text()
        # The decision: Alt+5, the template, a few words more, Ctrl+Enter.
        key(qtbot, page, page, Qt.Key.Key_5, ALT)
        assert page.decision.text.hasFocus()
        key(qtbot, page, page.decision.text, Qt.Key.Key_T, CTRL)
        qtbot.keyClicks(page.decision.text, " Besluit.")
        assert projector.decision.text().endswith("Besluit.")
        key(qtbot, page, page.decision.text, Qt.Key.Key_Return, CTRL)
        decided_items.append(current.id)

    # Close: refused with open items, then closed anyway with the same key.
    key(qtbot, page, page.agenda.table, Qt.Key.Key_C, CTRL_SHIFT)
    assert page.error.isVisible()
    assert page.view.status is MeetingStatus.IN_SESSION
    key(qtbot, page, page.agenda.table, Qt.Key.Key_C, CTRL_SHIFT)
    assert page.view.status is MeetingStatus.CLOSED
    assert projected

    def facts(store: Store) -> dict[str, Any]:
        return {
            "status": store.scalar("SELECT status FROM meeting WHERE id = ?", (meeting,)),
            "present": store.scalar(
                "SELECT count(*) FROM attendance WHERE meeting_id = ? AND status = 'present'",
                (meeting,),
            ),
            "handled": [
                row[0]
                for row in store.conn.execute(
                    "SELECT id FROM agenda_item WHERE meeting_id = ? AND handled_order IS NOT NULL "
                    "ORDER BY handled_order",
                    (meeting,),
                )
            ],
            "decisions": store.scalar(
                "SELECT count(*) FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id "
                "WHERE i.meeting_id = ? AND d.text LIKE '%Besluit.'",
                (meeting,),
            ),
            "reasons": store.scalar(
                "SELECT count(*) FROM position p JOIN agenda_item i ON i.id = p.agenda_item_id "
                "WHERE i.meeting_id = ? AND p.reason = 'te duur'",
                (meeting,),
            ),
            "speakers": store.scalar("SELECT count(*) FROM speaker_turn"),
            "events": {row[0] for row in store.conn.execute("SELECT action FROM audit_event")},
        }

    found = ask(qtbot, context, facts)
    assert found["status"] == "closed"
    assert found["present"] == rows - 2
    assert found["handled"] == decided_items
    assert found["decisions"] == 3
    assert found["reasons"] == 2
    assert found["speakers"] == 1
    assert {"start_session", "close_session_forced"} <= found["events"]
    projector.close()


def test_the_projector_goes_back_to_the_primary_screen(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    """Unplugging a screen: Qt reports screenRemoved; the projector becomes a normal window on
    the primary screen (simulated: offscreen has one screen, so the signal is emitted by hand)."""
    page = open_session(qtbot, secretary_context, published_meeting(qtbot, secretary_context))
    page.toggle_projector()
    projector = page.projector
    assert projector is not None
    projector.showFullScreen()
    gone = projector.screen()
    QApplication.instance().screenRemoved.emit(gone)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: not projector.isFullScreen())
    assert projector.isVisible()
    assert projector.screen() is QApplication.primaryScreen()
    projector.close()


def test_a_session_on_another_device_is_not_forked(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    context = secretary_context
    meeting = published_meeting(qtbot, context)
    page = open_session(qtbot, context, meeting)
    assert page.view is not None
    assert page.view.running

    def other_device(store: Store) -> None:
        store.conn.execute(
            "UPDATE meeting_session SET device_id = 'other', device_name = 'tablet' "
            "WHERE meeting_id = ?",
            (meeting,),
        )

    ask(qtbot, context, other_device)
    page.reload()
    wait_idle(qtbot, context.worker)
    assert not page.view.running
    assert "tablet" in page.notice.text()
    assert page.take_over_action.isVisible()
    assert not page.roll_call.isEnabled()
    key(qtbot, page, page, Qt.Key.Key_T, CTRL_SHIFT)
    assert page.view.running


TYPED = "Het PFO stemt in met het voorstel, tot en met de laatste letter"
CRASHING_SESSION = """
import sys
from pathlib import Path
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from regiodesk.i18n import set_language
from regiodesk.model.enums import AttendanceStatus
from regiodesk.settings import Identity, Settings
from ui.context import AppContext
from ui.pages.session import SessionPage
from ui.worker import DbWorker

set_language("en")
path, person, meeting, TYPED = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
app = QApplication([])
worker = DbWorker()
worker.open(path)
context = AppContext(worker, Settings(), path, Identity(person, None, "laptop"))
page = SessionPage(context)
page.resize(1366, 768)
page.show()

def settle():
    for _ in range(400):
        app.processEvents()
        QTest.qWait(10)
        if worker.idle:
            QTest.qWait(30)
            if worker.idle:
                return

page.show_target(meeting)
settle(); settle()
for row in range(6):
    page.attendance.record(row, AttendanceStatus.PRESENT)
    settle()
page.step(1); settle()
page.step(1); settle()
page.decision.text.setFocus()
QTest.keyClicks(page.decision.text, TYPED)
QTest.qWait(900)
settle()
# The text is saved 600 ms after typing pauses; on a busy machine give the save its time, so
# that the kill comes after it (what is typed within that pause is the one thing at risk).
import sqlite3
for _ in range(200):
    reader = sqlite3.connect(path)
    found = reader.execute("SELECT count(*) FROM decision_draft WHERE text = ?", (TYPED,))
    saved = found.fetchone()[0]
    reader.close()
    if saved:
        break
    QTest.qWait(50)
    settle()
print("typed", flush=True)
QTest.qWait(60000)
"""


def test_a_crash_in_the_middle_of_a_session_loses_nothing(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    context = secretary_context
    meeting = published_meeting(qtbot, context)
    path = context.store_path
    context.worker.stop()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(CRASHING_SESSION),
            str(path),
            context.person_id,
            meeting,
            TYPED,
        ],
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "typed"
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(30)
        if process.stdout is not None:
            process.stdout.close()
    assert process.returncode == -signal.SIGKILL

    from ui.worker import DbWorker

    worker = DbWorker()
    worker.open(path)
    restarted = AppContext(worker, context.settings, path, context.identity)
    try:
        page = open_session(qtbot, restarted, meeting)
        view = page.view
        assert view is not None
        assert view.status is MeetingStatus.IN_SESSION
        assert view.running  # the same device resumes without asking
        assert view.current is not None
        assert view.current.number == 2
        assert sum(line.in_room for line in view.attendance) == 6
        assert page.decision.text.toPlainText() == TYPED
    finally:
        worker.stop()


def test_with_several_screens_the_chair_chooses_the_projectors_and_it_is_remembered(
    qtbot: QtBot, secretary_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from unittest.mock import MagicMock

    from PySide6.QtCore import QSize
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QInputDialog

    page = SessionPage(secretary_context)
    qtbot.addWidget(page)
    chair = page.window().screen()

    def screen(model: str) -> MagicMock:
        fake = MagicMock()
        fake.model.return_value = model
        fake.size.return_value = QSize(1920, 1080)
        return fake

    beamer, wall = screen("Beamer"), screen("Wall")
    monkeypatch.setattr(QGuiApplication, "screens", staticmethod(lambda: [chair, beamer, wall]))
    asked: list[list[str]] = []

    def choose(*args: object) -> tuple[str, bool]:
        labels = args[3]
        assert isinstance(labels, list)
        asked.append(labels)
        return labels[1], True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(choose))
    assert page._projector_screen() is wall
    assert asked == [["Beamer (1920×1080)", "Wall (1920×1080)"]]
    assert secretary_context.settings.ui_state["projector_screen"] == "Wall (1920×1080)"
    monkeypatch.setattr(QGuiApplication, "screens", staticmethod(lambda: [chair, beamer]))
    assert page._projector_screen() is None  # one other screen: no question, it is that one
