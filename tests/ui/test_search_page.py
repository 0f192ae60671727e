from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from regiodesk.commands.notes import save_private_note
from regiodesk.permissions import Actor
from regiodesk.store import Store
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.models.search_model import FOUND, KIND, MARKED_ROLE, TITLE, marked_html
from ui.pages import search as search_module
from ui.pages.search import EMPTY, RESULTS, SearchPage


def _open(qtbot: QtBot, context: AppContext) -> SearchPage:
    page = SearchPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.show_target(None)
    wait_idle(qtbot, context.worker)
    return page


def _type(qtbot: QtBot, page: SearchPage, text: str) -> None:
    """Type into an emptied search field and wait for the debounced answer."""
    page.field.clear()
    qtbot.keyClicks(page.field, text)
    qtbot.waitUntil(lambda: page._shown_text == text, timeout=5000)
    wait_idle(qtbot, page.context.worker)


def _column(page: SearchPage, column: int) -> list[str]:
    return [str(page.model.index(row, column).data()) for row in range(page.model.rowCount())]


def _activate_row_of(qtbot: QtBot, page: SearchPage, kind: str) -> Any:
    """Select the first result of a kind with the keyboard and press Enter; give the target."""
    kinds = _column(page, KIND)
    assert kind in kinds, kinds
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    page.table.setCurrentIndex(page.model.index(0, 0))
    for _ in range(kinds.index(kind)):
        qtbot.keyClick(page.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(page.context.navigate_requested) as signal:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    return signal.args


def test_the_empty_page_says_what_to_do(qtbot: QtBot, member_context: AppContext) -> None:
    page = _open(qtbot, member_context)
    assert page.results.currentIndex() == EMPTY
    assert page.empty.text().startswith("Type a word to search")
    assert page.field.hasFocus()


def test_typing_a_word_shows_matching_results_with_the_match_in_bold(
    qtbot: QtBot, member_context: AppContext
) -> None:
    page = _open(qtbot, member_context)
    _type(qtbot, page, "tracebesluit")  # without the accent of "tracébesluit"
    assert page.results.currentIndex() == RESULTS
    assert page.model.rowCount() > 0
    assert page.summary.text().endswith("results for “tracebesluit”")
    assert "Agenda item" in _column(page, KIND)
    assert all("racébesluit" in text.lower() for text in _column(page, FOUND)[:3])
    marked = page.model.index(0, FOUND).data(MARKED_ROLE)
    assert "[" in marked
    assert "<b>" in marked_html(marked)
    assert "[" not in page.model.index(0, FOUND).data()


def test_enter_in_the_field_goes_to_the_results_and_enter_opens_the_agenda_item(
    qtbot: QtBot, member_context: AppContext
) -> None:
    page = _open(qtbot, member_context)
    qtbot.keyClicks(page.field, "Snelfietsroute")
    qtbot.keyClick(page.field, Qt.Key.Key_Return)  # search now, then go to the results
    qtbot.waitUntil(page.table.hasFocus, timeout=5000)
    assert page.table.currentIndex().row() == 0
    key, item_id = _activate_row_of(qtbot, page, "Agenda item")
    title = page.model.index(page.table.currentIndex().row(), TITLE).data()
    assert key == "agenda_item"
    assert "Snelfietsroute" in title
    with Store.open(member_context.store_path) as store:
        assert store.scalar("SELECT title FROM agenda_item WHERE id = ?", (item_id,)) == title


def test_a_decision_opens_the_agenda_item_it_was_taken_on(
    qtbot: QtBot, member_context: AppContext
) -> None:
    page = _open(qtbot, member_context)
    _type(qtbot, page, "ongewijzigd")  # in "De besluitenlijst wordt ongewijzigd vastgesteld."
    kind, item_id = _activate_row_of(qtbot, page, "Decision")
    row = page.model.row_of(page.table.currentIndex())
    assert row is not None
    with Store.open(member_context.store_path) as store:
        expected = store.scalar(
            "SELECT agenda_item_id FROM decision WHERE id = ?", (row.hit.ref_id,)
        )
        title = store.scalar("SELECT title FROM agenda_item WHERE id = ?", (expected,))
    assert (kind, item_id) == ("agenda_item", expected)
    assert page.model.index(page.table.currentIndex().row(), TITLE).data() == title


@pytest.mark.parametrize(
    ("words", "kind", "table"),
    [("verdeelsleutel doorrekenen", "Action", "action"), ("voorstel", "Document", "document")],
)
def test_actions_and_documents_open_their_meeting(
    qtbot: QtBot, member_context: AppContext, words: str, kind: str, table: str
) -> None:
    page = _open(qtbot, member_context)
    _type(qtbot, page, words)
    target = _activate_row_of(qtbot, page, kind)
    row = page.model.row_of(page.table.currentIndex())
    assert row is not None
    with Store.open(member_context.store_path) as store:
        meeting = store.scalar(f"SELECT meeting_id FROM {table} WHERE id = ?", (row.hit.ref_id,))
    assert target == ["meeting", meeting]


def test_a_meeting_opens_itself(qtbot: QtBot, member_context: AppContext) -> None:
    with Store.open(member_context.store_path) as store:
        location = str(store.scalar("SELECT location FROM meeting WHERE location != '' LIMIT 1"))
    page = _open(qtbot, member_context)
    _type(qtbot, page, location)
    kind, meeting_id = _activate_row_of(qtbot, page, "Meeting")
    row = page.model.row_of(page.table.currentIndex())
    assert row is not None
    assert (kind, meeting_id) == ("meeting", row.hit.ref_id)
    with Store.open(member_context.store_path) as store:
        title = store.scalar("SELECT title FROM meeting WHERE id = ?", (meeting_id,))
    shown = page.model.index(page.table.currentIndex().row(), TITLE).data()
    # A meeting shows its title, or "Meeting 2026-10" when it has none.
    assert shown == title if title else shown.startswith("Meeting ")


def test_my_own_notes_appear_and_open_their_agenda_item(
    qtbot: QtBot, member_context: AppContext
) -> None:
    page = _open(qtbot, member_context)
    _type(qtbot, page, "navragen")
    kind, item_id = _activate_row_of(qtbot, page, "My note")
    with Store.open(member_context.store_path) as store:
        expected = store.scalar(
            "SELECT agenda_item_id FROM private_note WHERE person_id = ? AND text LIKE 'Navragen%'",
            (member_context.person_id,),
        )
    assert (kind, item_id) == ("agenda_item", expected)


def test_another_persons_private_notes_never_appear(
    qtbot: QtBot, member_context: AppContext
) -> None:
    with Store.open(member_context.store_path) as store:
        other = str(
            store.scalar(
                "SELECT person_id FROM membership WHERE person_id != ? LIMIT 1",
                (member_context.person_id,),
            )
        )
        item = str(store.scalar("SELECT id FROM agenda_item LIMIT 1"))
        save_private_note(store, Actor(other), item, "Vertrouwelijk: xylofoonregeling navragen")
    page = _open(qtbot, member_context)
    _type(qtbot, page, "xylofoonregeling")
    assert page.model.rowCount() == 0
    assert page.results.currentIndex() == EMPTY
    assert page.empty.text().startswith("No results for “xylofoonregeling”")
    _type(qtbot, page, "navragen")
    assert _column(page, KIND).count("My note") == 1
    assert all("xylofoon" not in text for text in _column(page, FOUND))


#: What people type that means something to FTS5 (quotes, operators, columns, prefixes, ...).
FTS_SYNTAX = [
    '"',
    'fiets"',
    "(",
    "NEAR(a b",
    "a AND",
    "*",
    "-x",
    "title:route",
    "'",
    "^",
    "OR",
    "{}",
]


def test_search_syntax_typed_by_a_user_never_breaks(
    qtbot: QtBot, member_context: AppContext
) -> None:
    page = _open(qtbot, member_context)
    for text in [*FTS_SYNTAX, "[x]", 'tracebesluit" (Snelfietsroute*']:
        page.field.clear()
        qtbot.keyClicks(page.field, text)
        qtbot.keyClick(page.field, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda text=text: page._shown_text == text, timeout=5000)
        shown = page.summary.text() if page.model.rowCount() else page.empty.text()
        assert "result" in shown, text
        assert "unexpected" not in shown, text
    assert page.model.rowCount() > 0  # the words of the last one do match


def test_stale_answers_are_dropped_and_fast_typing_asks_once(
    qtbot: QtBot, member_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _open(qtbot, member_context)
    asked: list[str] = []
    shown: list[str] = []
    real_find, real_show = search_module.find, page._show

    def counting_find(store: Store, text: str, person_id: str) -> Any:
        asked.append(text)
        return real_find(store, text, person_id)

    monkeypatch.setattr(search_module, "find", counting_find)
    monkeypatch.setattr(
        page, "_show", lambda text, results: (shown.append(text), real_show(text, results))
    )
    qtbot.keyClicks(page.field, "snel")
    page.search_now()  # an answer for "snel" is on its way ...
    qtbot.keyClicks(page.field, "fietsroute")  # ... while the user types on
    qtbot.waitUntil(lambda: page._shown_text == "snelfietsroute", timeout=5000)
    wait_idle(qtbot, member_context.worker)
    assert shown == ["snelfietsroute"]
    assert asked == ["snel", "snelfietsroute"]
    assert page.model.rowCount() > 0


def test_focus_selects_the_field_and_a_target_searches_for_it(
    qtbot: QtBot, member_context: AppContext
) -> None:
    page = _open(qtbot, member_context)
    page.show_target("verdeelsleutel")
    qtbot.waitUntil(lambda: page._shown_text == "verdeelsleutel", timeout=5000)
    assert page.model.rowCount() > 0
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    page.focus_field()  # what Edit > Find (Ctrl+F, in the main window) does
    assert page.field.hasFocus()
    assert page.field.selectedText() == "verdeelsleutel"
    qtbot.keyClick(page.field, Qt.Key.Key_Escape)
    assert page.field.text() == ""
    qtbot.waitUntil(lambda: page.results.currentIndex() == EMPTY, timeout=5000)
