"""The meeting editor: plan a meeting, change one, and the core's refusals shown in place."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from regiodesk.permissions import Actor
from regiodesk.queries.agenda import MeetingHeader, meeting_header, plannable_pfos
from regiodesk.store import Store
from regiodesk.timeutil import AMSTERDAM, from_text
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.dialogs.meeting_editor import MeetingEditorDialog


def ask(qtbot: QtBot, context: AppContext, work: Callable[[Store], Any]) -> Any:
    answers: list[Any] = []
    context.worker.query(work, answers.append)
    wait_idle(qtbot, context.worker)
    return answers[0]


def mobility_meeting(qtbot: QtBot, context: AppContext, status: str = "draft") -> MeetingHeader:
    return ask(
        qtbot,
        context,
        lambda store: meeting_header(
            store,
            store.scalar(
                "SELECT m.id FROM meeting m JOIN pfo p ON p.id = m.pfo_id "
                "WHERE p.short_name = 'PFO MOB' AND m.status = ? ORDER BY m.starts_at LIMIT 1",
                (status,),
            ),
        ),
    )


def show(qtbot: QtBot, dialog: MeetingEditorDialog) -> MeetingEditorDialog:
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    wait_idle(qtbot, dialog.context.worker)
    return dialog


def type_moment(qtbot: QtBot, dialog: MeetingEditorDialog, edit: Any, digits: str) -> None:
    """Tab into a date-and-time field and type its digits (the fields advance by themselves)."""
    dialog.title_edit.setFocus()
    edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(edit, digits)


def test_plan_a_meeting(qtbot: QtBot, secretary_context: AppContext) -> None:
    context = secretary_context
    pfos = ask(qtbot, context, lambda store: plannable_pfos(store, context.actor))
    mobility = next(p for p in pfos if p.short_name == "PFO MOB")
    dialog = show(qtbot, MeetingEditorDialog(context, pfos=pfos, pfo_id=mobility.id))
    assert dialog.pfo.currentData() == mobility.id
    assert dialog.chair.currentData() is not None  # the usual chair is proposed
    chair = dialog.chair.currentData()
    qtbot.keyClicks(dialog.title_edit, "Werkbezoek spoorlijn")
    type_moment(qtbot, dialog, dialog.start, "150320271330")
    assert dialog.end.moment() == datetime(2027, 3, 15, 15, 30, tzinfo=AMSTERDAM)  # kept 2 hours
    qtbot.keyClicks(dialog.location, "Station Hengelo")
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.keyClick(dialog.location, Qt.Key.Key_Return)
    wait_idle(qtbot, context.worker)
    assert not dialog.isVisible()
    row = ask(
        qtbot,
        context,
        lambda s: s.query("SELECT * FROM meeting WHERE id = ?", (saved.args[0],))[0],
    )
    assert row["pfo_id"] == mobility.id
    assert row["title"] == "Werkbezoek spoorlijn"
    assert row["location"] == "Station Hengelo"
    assert from_text(row["starts_at"]) == datetime(2027, 3, 15, 13, 30, tzinfo=AMSTERDAM)
    assert from_text(row["ends_at"]) == datetime(2027, 3, 15, 15, 30, tzinfo=AMSTERDAM)
    assert row["chair_id"] == chair
    assert row["secretary_id"] == context.person_id
    assert row["status"] == "draft"


def test_an_end_before_the_start_is_refused_in_place(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    context = secretary_context
    pfos = ask(qtbot, context, lambda store: plannable_pfos(store, context.actor))
    before = ask(qtbot, context, lambda s: s.scalar("SELECT count(*) FROM meeting"))
    dialog = show(qtbot, MeetingEditorDialog(context, pfos=pfos))
    type_moment(qtbot, dialog, dialog.start, "150320271330")
    type_moment(qtbot, dialog, dialog.end, "150320271200")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert "ends before it starts" in dialog.error.text()
    assert dialog.ok_button.isEnabled()
    assert ask(qtbot, context, lambda s: s.scalar("SELECT count(*) FROM meeting")) == before


def test_change_a_meeting(qtbot: QtBot, secretary_context: AppContext) -> None:
    context = secretary_context
    meeting = mobility_meeting(qtbot, context)
    dialog = show(qtbot, MeetingEditorDialog(context, meeting=meeting))
    assert not dialog.pfo.isEnabled()
    assert dialog.location.text() == meeting.location
    assert dialog.chair.currentData() == meeting.chair_id
    dialog.location.clear()
    qtbot.keyClicks(dialog.location, "Rijssen, Het Oosten")
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    changed = mobility_meeting(qtbot, context)
    assert changed.location == "Rijssen, Het Oosten"
    assert changed.starts_at == meeting.starts_at
    assert changed.chair_id == meeting.chair_id
    # Only the field that changed was written.
    written = ask(
        qtbot,
        context,
        lambda s: s.scalar(
            "SELECT fields FROM change_log WHERE entity_id = ? AND op = 'set' "
            "ORDER BY local_seq DESC LIMIT 1",
            (meeting.id,),
        ),
    )
    assert json.loads(written) == {"location": "Rijssen, Het Oosten"}


def test_the_core_refuses_a_member_even_if_the_dialog_is_open(
    qtbot: QtBot, member_context: AppContext
) -> None:
    meeting = mobility_meeting(qtbot, member_context)
    dialog = show(qtbot, MeetingEditorDialog(member_context, meeting=meeting))
    qtbot.keyClicks(dialog.title_edit, "Mijn titel")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, member_context.worker)
    assert dialog.isVisible()
    assert "You may not change this meeting" in dialog.error.text()
    assert mobility_meeting(qtbot, member_context).title == meeting.title
    assert not Actor(member_context.person_id).is_system
