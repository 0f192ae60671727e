"""My private note with autosave (widgets/note_editor.py): nothing typed may be lost."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from regiodesk.errors import StoreDiskFull
from regiodesk.queries.item import PrivateNoteView
from tests.ui.agenda_items import DECIDED_ITEM, OPEN_ITEM, item, load, show_active, stored_note
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.widgets import note_editor
from ui.widgets.note_editor import AUTOSAVE_MS, NoteEditor


class Host(QWidget):
    """A note editor beside another field that can take the focus."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.note = NoteEditor(context)
        self.other = QLineEdit()
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.other)


def host_on(qtbot: QtBot, context: AppContext, item_id: str) -> Host:
    """A note editor on an item, showing the note the store holds (the cursor at its end)."""
    host = Host(context)
    show_active(qtbot, host)
    host.note.show_note(item_id, load(qtbot, context, item_id).note)
    host.note.text.setFocus()
    return host


def fail_saving(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> str:
        raise StoreDiskFull(path="regiodesk.sqlite")

    monkeypatch.setattr(note_editor, "save_private_note", refuse)


def test_typing_is_saved_shortly_after_it_stops(qtbot: QtBot, member_context: AppContext) -> None:
    item_id = item(member_context, OPEN_ITEM)
    host = host_on(qtbot, member_context, item_id)
    before = host.note.text.toPlainText()
    assert stored_note(member_context, item_id) in (before, None)
    qtbot.keyClicks(host.note.text, " Vragen over de kosten")
    assert host.note.status.text() == "Not saved yet."
    wait_idle(qtbot, member_context.worker)
    assert stored_note(member_context, item_id) in (before, None)  # not while typing
    qtbot.waitUntil(lambda: host.note.status.text().startswith("Saved at "), timeout=3000)
    wait_idle(qtbot, member_context.worker)
    assert stored_note(member_context, item_id) == before + " Vragen over de kosten"
    assert not host.note.is_dirty()


def test_leaving_the_field_saves_at_once(qtbot: QtBot, member_context: AppContext) -> None:
    item_id = item(member_context, OPEN_ITEM)
    host = host_on(qtbot, member_context, item_id)
    host.note.text.clear()
    qtbot.keyClicks(host.note.text, "Punt voor de rondvraag")
    host.other.setFocus()
    qtbot.wait(AUTOSAVE_MS // 4)
    wait_idle(qtbot, member_context.worker)
    assert stored_note(member_context, item_id) == "Punt voor de rondvraag"


def test_hiding_the_editor_saves_first(qtbot: QtBot, member_context: AppContext) -> None:
    item_id = item(member_context, OPEN_ITEM)
    host = host_on(qtbot, member_context, item_id)
    host.note.text.clear()
    qtbot.keyClicks(host.note.text, "Bijna vergeten")
    host.hide()
    wait_idle(qtbot, member_context.worker)
    assert stored_note(member_context, item_id) == "Bijna vergeten"


def test_a_failed_save_keeps_the_text_and_says_why(
    qtbot: QtBot, member_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    item_id = item(member_context, OPEN_ITEM)
    host = host_on(qtbot, member_context, item_id)
    before = stored_note(member_context, item_id)
    fail_saving(monkeypatch)
    host.note.text.clear()
    qtbot.keyClicks(host.note.text, "Belangrijke tekst")
    host.note.flush()
    wait_idle(qtbot, member_context.worker)
    assert host.note.text.toPlainText() == "Belangrijke tekst"
    assert "is full" in host.note.status.text()
    assert "#b3261e" in host.note.status.styleSheet()
    assert host.note.is_dirty()
    assert stored_note(member_context, item_id) == before

    monkeypatch.undo()
    qtbot.keyClicks(host.note.text, "!")
    host.other.setFocus()
    wait_idle(qtbot, member_context.worker)
    assert stored_note(member_context, item_id) == "Belangrijke tekst!"
    assert host.note.status.text().startswith("Saved at ")


def test_a_failed_save_of_an_item_left_comes_back_with_it(
    qtbot: QtBot, member_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = item(member_context, OPEN_ITEM), item(member_context, DECIDED_ITEM)
    host = host_on(qtbot, member_context, first)
    stored_first = load(qtbot, member_context, first).note
    fail_saving(monkeypatch)
    host.note.text.clear()
    qtbot.keyClicks(host.note.text, "Niet kwijtraken")
    host.note.show_note(second, load(qtbot, member_context, second).note)
    wait_idle(qtbot, member_context.worker)
    assert "previous item was not saved" in host.note.status.text()
    assert host.note.text.toPlainText() != "Niet kwijtraken"
    monkeypatch.undo()
    host.note.show_note(first, stored_first)  # the text that was not saved comes back
    assert host.note.text.toPlainText() == "Niet kwijtraken"
    assert host.note.is_dirty()
    host.note.flush()
    wait_idle(qtbot, member_context.worker)
    assert stored_note(member_context, first) == "Niet kwijtraken"


def test_fresh_data_never_overwrites_what_is_being_typed(
    qtbot: QtBot, member_context: AppContext
) -> None:
    item_id = item(member_context, OPEN_ITEM)
    host = host_on(qtbot, member_context, item_id)
    host.note.show_note(item_id, PrivateNoteView("opgeslagen"))  # fresher data, nothing typed
    assert host.note.text.toPlainText() == "opgeslagen"
    qtbot.keyClicks(host.note.text, " en meer")
    host.note.show_note(item_id, PrivateNoteView("van elders"))
    assert host.note.text.toPlainText() == "opgeslagen en meer"
    host.note.flush()
    wait_idle(qtbot, member_context.worker)
    host.note.show_note(item_id, PrivateNoteView("ongedaan gemaakt"))  # e.g. Undo from the menu
    assert host.note.text.toPlainText() == "ongedaan gemaakt"
    assert not host.note.is_dirty()
