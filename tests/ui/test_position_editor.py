"""The position editor (widgets/position_editor.py), driven as a member and a secretary would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from regiodesk.commands.decisions import record_decision
from regiodesk.commands.positions import record_position
from regiodesk.errors import NotPermitted
from regiodesk.model.enums import DecisionOutcome, PositionKind
from regiodesk.permissions import SYSTEM
from regiodesk.store import Store
from tests.ui.agenda_items import (
    DECIDED_ITEM,
    OPEN_ITEM,
    item,
    load,
    municipality,
    person_name,
    show_active,
    stored_position,
)
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.widgets.position_editor import PositionEditor


def editor_on(qtbot: QtBot, context: AppContext, item_id: str) -> PositionEditor:
    editor = PositionEditor(context)
    show_active(qtbot, editor)
    editor.show_item(load(qtbot, context, item_id))
    return editor


def choose(qtbot: QtBot, editor: PositionEditor, key: Qt.Key, kind: PositionKind) -> None:
    """Choose a kind with its accelerator (Alt + letter), as a keyboard user does."""
    qtbot.keyClick(editor, key, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: editor.chosen_kind() is kind)  # a mnemonic clicks after a moment


def test_disagree_without_a_reason_is_refused_in_place(
    qtbot: QtBot, member_context: AppContext
) -> None:
    item_id = item(member_context, OPEN_ITEM)
    editor = editor_on(qtbot, member_context, item_id)
    assert not editor.save_button.isEnabled()
    choose(qtbot, editor, Qt.Key.Key_D, PositionKind.DISAGREE)
    assert editor.reason_error.isVisibleTo(editor)
    assert "needs a reason" in editor.reason_error.text()
    assert editor.reason.accessibleDescription() == editor.reason_error.text()
    assert not editor.save_button.isEnabled()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(editor.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, member_context.worker)
    assert stored_position(member_context, item_id, "Enschede") is None
    qtbot.keyClicks(editor.reason, "   ")
    assert not editor.save_button.isEnabled()  # blanks are no reason


def test_disagree_with_a_reason_is_stored(qtbot: QtBot, member_context: AppContext) -> None:
    item_id = item(member_context, OPEN_ITEM)
    editor = editor_on(qtbot, member_context, item_id)
    choose(qtbot, editor, Qt.Key.Key_D, PositionKind.DISAGREE)
    qtbot.keyClicks(editor.reason, "Te weinig draagvlak in de raad")
    assert not editor.reason_error.isVisibleTo(editor)
    assert editor.save_button.isEnabled()
    with qtbot.waitSignal(editor.saved) as signal:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, member_context.worker)
    assert signal.args == [municipality(member_context, "Enschede")]
    assert stored_position(member_context, item_id, "Enschede") == (
        "disagree",
        "Te weinig draagvlak in de raad",
    )
    assert editor.status.text() == "Position saved."
    recorded = f"Recorded: Disagree, by {person_name(member_context)} on "
    assert editor.current.text().startswith(recorded)
    assert not editor.save_button.isEnabled()  # nothing left to save

    choose(qtbot, editor, Qt.Key.Key_A, PositionKind.AGREE)
    assert editor.save_button.isEnabled()  # a position can change until the item is decided
    qtbot.keyClick(editor.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, member_context.worker)
    assert stored_position(member_context, item_id, "Enschede") == (
        "agree",
        "Te weinig draagvlak in de raad",
    )


def test_a_member_records_only_for_their_own_municipality(
    qtbot: QtBot, member_context: AppContext
) -> None:
    item_id = item(member_context, OPEN_ITEM)
    editor = editor_on(qtbot, member_context, item_id)
    assert not editor.municipality.isVisibleTo(editor)
    assert editor.municipality_name.text() == "Enschede"
    assert editor.title() == "Position of Enschede"
    assert editor.view is not None
    hengelo = municipality(member_context, "Hengelo")
    assert not editor.view.may_record(hengelo)
    before = stored_position(member_context, item_id, "Hengelo")

    errors: list[BaseException] = []
    actor = member_context.actor
    member_context.command(
        lambda store: record_position(store, actor, item_id, hengelo, PositionKind.AGREE),
        label="test",
        on_error=errors.append,
    )
    wait_idle(qtbot, member_context.worker)
    assert len(errors) == 1
    assert isinstance(errors[0], NotPermitted)
    assert stored_position(member_context, item_id, "Hengelo") == before


def test_a_decided_item_is_read_only_with_the_reason(
    qtbot: QtBot, member_context: AppContext
) -> None:
    item_id = item(member_context, DECIDED_ITEM)
    editor = editor_on(qtbot, member_context, item_id)
    assert editor.closed_reason.isVisibleTo(editor)
    assert "has been decided" in editor.closed_reason.text()
    assert not any(button.isEnabled() for button in editor.buttons.values())
    assert editor.reason.isReadOnly()
    assert not editor.save_button.isVisibleTo(editor)
    shown = editor.chosen_kind()
    before = stored_position(member_context, item_id, "Enschede")
    assert shown is not None
    assert before == (shown.value, editor.reason.toPlainText())
    key = Qt.Key.Key_A if shown is PositionKind.DISAGREE else Qt.Key.Key_D
    qtbot.keyClick(editor, key, Qt.KeyboardModifier.AltModifier)
    qtbot.wait(200)
    assert editor.chosen_kind() is shown  # disabled buttons ignore their accelerators
    editor.save()
    wait_idle(qtbot, member_context.worker)
    assert editor.status.text() == ""
    assert stored_position(member_context, item_id, "Enschede") == before


def test_the_secretary_chooses_the_municipality(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    item_id = item(secretary_context, OPEN_ITEM)
    editor = editor_on(qtbot, secretary_context, item_id)
    assert editor.municipality.isVisibleTo(editor)
    assert editor.view is not None
    assert editor.municipality.count() == len(editor.view.recordable) > 1
    hengelo = municipality(secretary_context, "Hengelo")
    editor.municipality.setFocus()
    editor.municipality.setCurrentIndex(editor.municipality.findData(hengelo))
    assert editor.municipality_id == hengelo
    choose(qtbot, editor, Qt.Key.Key_N, PositionKind.NOT_PARTICIPATING)
    assert not editor.save_button.isEnabled()
    qtbot.keyClicks(editor.reason, "Geen budget")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, secretary_context.worker)
    assert stored_position(secretary_context, item_id, "Hengelo") == (
        "not_participating",
        "Geen budget",
    )
    assert "Does not participate" in editor.municipality.currentText()


def test_a_draft_survives_switching_municipality_and_fresh_data(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    item_id = item(secretary_context, OPEN_ITEM)
    editor = editor_on(qtbot, secretary_context, item_id)
    first = editor.municipality_id
    choose(qtbot, editor, Qt.Key.Key_B, PositionKind.ABSTAIN)
    qtbot.keyClicks(editor.reason, "Nog in overleg")
    other = 1 if editor.municipality.currentIndex() == 0 else 0
    editor.municipality.setCurrentIndex(other)
    assert editor.municipality_id != first
    assert editor.reason.toPlainText() != "Nog in overleg"
    editor.municipality.setCurrentIndex(editor.municipality.findData(first))
    assert editor.chosen_kind() is PositionKind.ABSTAIN
    assert editor.reason.toPlainText() == "Nog in overleg"
    editor.show_item(load(qtbot, secretary_context, item_id))
    assert editor.reason.toPlainText() == "Nog in overleg"
    assert editor.save_button.isEnabled()


def test_a_refusal_of_the_core_is_shown_in_place(qtbot: QtBot, member_context: AppContext) -> None:
    item_id = item(member_context, OPEN_ITEM)
    editor = editor_on(qtbot, member_context, item_id)
    with Store.open(member_context.store_path) as store:  # decided elsewhere meanwhile
        record_decision(store, SYSTEM, item_id, "Aangenomen.", DecisionOutcome.ADOPTED_BY_ALL)
    choose(qtbot, editor, Qt.Key.Key_C, PositionKind.AGREE_SUBJECT_TO_COUNCIL)
    with qtbot.waitSignal(editor.refresh_requested):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, member_context.worker)
    assert "has been decided" in editor.status.text()
    assert "#b3261e" in editor.status.styleSheet()
    assert editor.chosen_kind() is PositionKind.AGREE_SUBJECT_TO_COUNCIL  # the choice is kept
    assert stored_position(member_context, item_id, "Enschede") is None
    editor.show_item(load(qtbot, member_context, item_id))
    assert "has been decided" in editor.closed_reason.text()
