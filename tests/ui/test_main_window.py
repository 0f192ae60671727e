"""The main window: navigation, the window-wide shortcuts, undo and redo, window state."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from regiodesk.commands.notes import save_private_note
from regiodesk.settings import load_settings
from regiodesk.store import Store
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.main_window import MainWindow


def _window(qtbot: QtBot, context: AppContext) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_idle(qtbot, context.worker)
    return window


def test_the_navigation_pane_lists_the_main_pages_and_ctrl_number_switches(
    qtbot: QtBot, member_context: AppContext
) -> None:
    window = _window(qtbot, member_context)
    keys = [
        window.navigation.item(row).data(Qt.ItemDataRole.UserRole)
        for row in range(window.navigation.count())
    ]
    assert keys == [
        "my_pfos",
        "meetings",
        "actions",
        "search",
        "council_followup",
        "initiatives",
        "daily_board",
        "region_day",
        "verify",
        "sync",
        "conflicts",
    ]
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.pages["actions"]
    assert window.navigation.currentRow() == 2


def test_ctrl_f_opens_search_with_the_cursor_in_the_field(
    qtbot: QtBot, member_context: AppContext
) -> None:
    window = _window(qtbot, member_context)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = window.pages["search"]
    assert window.stack.currentWidget() is search
    qtbot.waitUntil(search.field.hasFocus, timeout=3000)  # type: ignore[attr-defined]


def test_back_returns_to_the_previous_page_and_target(
    qtbot: QtBot, member_context: AppContext
) -> None:
    window = _window(qtbot, member_context)
    with Store.open(member_context.store_path) as store:
        meeting = store.scalar("SELECT id FROM meeting ORDER BY starts_at DESC LIMIT 1")
    window.show_page("meeting", meeting)
    wait_idle(qtbot, member_context.worker)
    assert window.navigation.currentRow() == 1  # a meeting belongs under "Meetings"
    window.show_page("actions")
    window.back_action.trigger()
    assert window.stack.currentWidget() is window.pages["meeting"]
    assert window.pages["meeting"].target == meeting
    window.back_action.trigger()
    assert window.stack.currentWidget() is window.pages["my_pfos"]
    assert not window.back_action.isEnabled()


def test_undo_and_redo_a_command(qtbot: QtBot, member_context: AppContext) -> None:
    window = _window(qtbot, member_context)
    with Store.open(member_context.store_path) as store:
        item = store.scalar(
            "SELECT i.id FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id "
            "WHERE m.status = 'published' LIMIT 1"
        )
    actor = member_context.actor
    member_context.command(
        lambda store: save_private_note(store, actor, item, "Eerste gedachte"), "note"
    )
    wait_idle(qtbot, member_context.worker)
    qtbot.waitUntil(window.undo_action.isEnabled, timeout=3000)
    assert "note" in window.undo_action.text()

    def note() -> str | None:
        with Store.open(member_context.store_path) as store:
            return store.scalar(
                "SELECT text FROM private_note WHERE agenda_item_id = ? AND deleted = 0", (item,)
            )

    assert note() == "Eerste gedachte"
    window.undo_action.trigger()
    wait_idle(qtbot, member_context.worker)
    assert note() is None  # the note was new: undo takes it away
    assert window.redo_action.isEnabled()
    window.redo_action.trigger()
    wait_idle(qtbot, member_context.worker)
    assert note() == "Eerste gedachte"


def test_the_window_remembers_its_geometry(
    qtbot: QtBot, member_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, member_context)
    window.resize(1111, 700)
    window.close()
    saved = member_context.settings.ui_state["main_window"]
    assert load_settings().ui_state["main_window"] == saved  # written to the settings file
    restored: list[bytes] = []
    monkeypatch.setattr(
        MainWindow, "restoreGeometry", lambda _self, data: restored.append(data.toBase64().data())
    )
    _window(qtbot, member_context)
    # (The offscreen screen is smaller than the window, so Qt would clamp the size itself.)
    assert restored == [saved.encode()]


def test_the_menus_are_in_the_usual_order(qtbot: QtBot, member_context: AppContext) -> None:
    window = _window(qtbot, member_context)
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Help"]
