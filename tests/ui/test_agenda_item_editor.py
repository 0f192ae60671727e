"""The agenda item editor: add an item, change one, and the core's refusals shown in place."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from regiodesk.model.enums import ItemKind
from regiodesk.queries.agenda import AgendaRow, MeetingHeader, agenda_items, meeting_header
from regiodesk.store import Store
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.dialogs.agenda_item_editor import AgendaItemEditorDialog


def ask(qtbot: QtBot, context: AppContext, work: Callable[[Store], Any]) -> Any:
    answers: list[Any] = []
    context.worker.query(work, answers.append)
    wait_idle(qtbot, context.worker)
    return answers[0]


def draft_meeting(qtbot: QtBot, context: AppContext) -> MeetingHeader:
    return ask(
        qtbot,
        context,
        lambda store: meeting_header(
            store,
            store.scalar(
                "SELECT m.id FROM meeting m JOIN pfo p ON p.id = m.pfo_id "
                "WHERE p.short_name = 'PFO MOB' AND m.status = 'draft' ORDER BY m.starts_at"
            ),
        ),
    )


def items(qtbot: QtBot, context: AppContext, meeting_id: str) -> list[AgendaRow]:
    return ask(qtbot, context, lambda store: agenda_items(store, meeting_id))


def show(qtbot: QtBot, dialog: AgendaItemEditorDialog) -> AgendaItemEditorDialog:
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    wait_idle(qtbot, dialog.context.worker)
    return dialog


def pick(qtbot: QtBot, combo: Any, text: str) -> None:
    """Choose an entry of a combo box with the arrow keys."""
    combo.setFocus()
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(text))
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _step in range(index):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentIndex() == index


def test_add_an_item(qtbot: QtBot, secretary_context: AppContext) -> None:
    context = secretary_context
    meeting = draft_meeting(qtbot, context)
    before = items(qtbot, context, meeting.id)
    dialog = show(qtbot, AgendaItemEditorDialog(context, meeting))
    assert dialog.rapporteur.count() > 10  # the PFO's members and its secretary
    pick(qtbot, dialog.kind, ItemKind.DECISION.label)
    qtbot.keyClicks(dialog.title_edit, "Laadpalen op bedrijventerreinen")
    dialog.proposal.setFocus()
    qtbot.keyClicks(dialog.proposal, "Het PFO stemt in met een regionale aanpak.")
    rapporteur = dialog.rapporteur.itemText(2).split(" (")[0]
    pick(qtbot, dialog.rapporteur, dialog.rapporteur.itemText(2))
    dialog.minutes.setFocus()
    dialog.minutes.selectAll()
    qtbot.keyClicks(dialog.minutes, "25")
    qtbot.mouseClick(dialog.confidential, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    after = items(qtbot, context, meeting.id)
    assert len(after) == len(before) + 1
    added = after[-1]
    assert added.id == saved.args[0]
    assert added.kind is ItemKind.DECISION
    assert added.title == "Laadpalen op bedrijventerreinen"
    assert added.proposal == "Het PFO stemt in met een regionale aanpak."
    assert added.rapporteur_name == rapporteur
    assert added.planned_minutes == 25
    assert added.confidential


def test_a_title_is_required(qtbot: QtBot, secretary_context: AppContext) -> None:
    context = secretary_context
    meeting = draft_meeting(qtbot, context)
    before = items(qtbot, context, meeting.id)
    dialog = show(qtbot, AgendaItemEditorDialog(context, meeting))
    qtbot.keyClicks(dialog.title_edit, "   ")
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, context.worker)
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert dialog.error.text() == "title: this field is required"
    assert items(qtbot, context, meeting.id) == before


def test_change_an_item_writes_only_what_changed(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    context = secretary_context
    meeting = draft_meeting(qtbot, context)
    item = items(qtbot, context, meeting.id)[2]
    dialog = show(qtbot, AgendaItemEditorDialog(context, meeting, item))
    assert dialog.title_edit.text() == item.title
    assert dialog.rapporteur.currentData() == item.rapporteur_id
    assert dialog.kind.currentData() == item.kind.value
    dialog.title_edit.selectAll()
    qtbot.keyClicks(dialog.title_edit, "Nieuwe titel")
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, context.worker)
    changed = items(qtbot, context, meeting.id)[2]
    assert changed.title == "Nieuwe titel"
    assert (changed.kind, changed.rapporteur_id, changed.planned_minutes) == (
        item.kind,
        item.rapporteur_id,
        item.planned_minutes,
    )
    written = ask(
        qtbot,
        context,
        lambda s: s.scalar(
            "SELECT fields FROM change_log WHERE entity_id = ? AND op = 'set' "
            "ORDER BY local_seq DESC LIMIT 1",
            (item.id,),
        ),
    )
    assert json.loads(written) == {"title": "Nieuwe titel"}


def test_the_core_refuses_a_member(qtbot: QtBot, member_context: AppContext) -> None:
    meeting = draft_meeting(qtbot, member_context)
    before = items(qtbot, member_context, meeting.id)
    dialog = show(qtbot, AgendaItemEditorDialog(member_context, meeting))
    qtbot.keyClicks(dialog.title_edit, "Mijn eigen punt")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, member_context.worker)
    assert "You may not change this meeting" in dialog.error.text()
    assert items(qtbot, member_context, meeting.id) == before
