"""The initiative editor: create an initiative with its participants, change it, and the core's
refusals shown in place."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from regiodesk.i18n import format_money
from regiodesk.queries.initiative_sources import (
    DecisionSource,
    decision_sources,
    participants_from_decision,
)
from regiodesk.store import Store
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.dialogs.initiative_editor import ID_ROLE, NAME, REASON, InitiativeEditor, parse_amount
from ui.models.initiatives_model import TITLE
from ui.pages.initiatives import InitiativesPage

TITLE_TEXT = "Regionale laadpalen"


def ask(qtbot: QtBot, context: AppContext, work: Callable[[Store], Any]) -> Any:
    answers: list[Any] = []
    context.worker.query(work, answers.append)
    wait_idle(qtbot, context.worker)
    return answers[0]


def open_page(qtbot: QtBot, context: AppContext) -> InitiativesPage:
    page = InitiativesPage(context)
    qtbot.addWidget(page)
    page.resize(1400, 700)
    page.show()
    qtbot.waitExposed(page)
    wait_idle(qtbot, context.worker)
    return page


def editor(qtbot: QtBot, page: InitiativesPage) -> InitiativeEditor:
    wait_idle(qtbot, page.context.worker)
    dialog = page.active_dialog
    assert isinstance(dialog, InitiativeEditor)
    assert dialog.isVisible()
    return dialog


def stored(qtbot: QtBot, context: AppContext) -> tuple[Any, list[Any]]:
    def work(store: Store) -> tuple[Any, list[Any]]:
        rows = store.query("SELECT * FROM initiative WHERE title = ?", (TITLE_TEXT,))
        if not rows:
            return None, []
        participants = store.query(
            "SELECT p.municipality_id, p.participates, p.reason, m.name "
            "FROM initiative_participant p JOIN municipality m ON m.id = p.municipality_id "
            "WHERE p.initiative_id = ? AND p.deleted = 0 ORDER BY m.name",
            (rows[0]["id"],),
        )
        return rows[0], participants

    return ask(qtbot, context, work)


def create(qtbot: QtBot, page: InitiativesPage) -> InitiativeEditor:
    """Ctrl+N, fill in the form and OK: the first nine municipalities of the region take part
    (all are checked at first), the others are not recorded."""
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = editor(qtbot, page)
    assert dialog.windowTitle() == "New initiative"
    mobility = next(
        n for n in range(dialog.pfo.count()) if dialog.pfo.itemText(n) == "PFO Mobiliteit"
    )
    dialog.pfo.setCurrentIndex(mobility)
    qtbot.keyClicks(dialog.title_edit, TITLE_TEXT)
    qtbot.keyClicks(dialog.budget, "1.234,56")
    dialog.cost_key.setCurrentIndex(dialog.cost_key.findText("equal shares"))
    dialog.start_year.setValue(2028)
    dialog.end_year.setValue(2030)
    table = dialog.participants
    assert table.rowCount() > 9
    for row in range(table.rowCount()):
        assert table.item(row, NAME).checkState() == Qt.CheckState.Checked
        if row >= 9:
            table.item(row, NAME).setCheckState(Qt.CheckState.Unchecked)
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(dialog.budget, Qt.Key.Key_Return)
    wait_idle(qtbot, page.context.worker)
    assert not dialog.isVisible()
    return dialog


def row_of_initiative(page: InitiativesPage) -> int:
    model = page.model
    titles = [str(model.index(row, TITLE).data()) for row in range(model.rowCount())]
    return titles.index(TITLE_TEXT)


def change(qtbot: QtBot, page: InitiativesPage) -> InitiativeEditor:
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(row_of_initiative(page), TITLE))
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    dialog = editor(qtbot, page)
    assert dialog.windowTitle() == "Change the initiative"
    return dialog


def test_parse_amount_takes_dutch_and_plain_notation() -> None:
    assert parse_amount("1.234,56", "budget") == Decimal("1234.56")
    assert parse_amount("1234.56", "budget") == Decimal("1234.56")
    assert parse_amount("€ 1.234.567", "budget") == Decimal("1234567")
    assert parse_amount("12,345", "budget") == Decimal("12.345")  # the core refuses the fraction


def test_create_an_initiative_with_nine_participants(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    context = secretary_context
    page = open_page(qtbot, context)
    create(qtbot, page)
    row, participants = stored(qtbot, context)
    assert row is not None
    assert Decimal(str(row["budget_per_year"])) == Decimal("1234.56")
    assert (row["cost_key"], row["start_year"], row["end_year"]) == ("equal", 2028, 2030)
    assert len(participants) == 9
    assert all(p["participates"] for p in participants)
    wait_idle(qtbot, context.worker)
    number = row_of_initiative(page)
    cells = [str(page.model.index(number, c).data()) for c in range(page.model.columnCount())]
    assert cells[-1] == format_money(Decimal("1234.56"))
    shares = [cell for cell in cells[1:-1] if cell not in ("–", "does not participate")]
    assert len(shares) == 9
    assert cells.count("–") == page.model.columnCount() - 2 - 9
    assert page.message.text() == "The initiative is saved."


def test_change_the_budget(qtbot: QtBot, secretary_context: AppContext) -> None:
    context = secretary_context
    page = open_page(qtbot, context)
    create(qtbot, page)
    dialog = change(qtbot, page)
    assert dialog.budget.text() == "1234,56"
    dialog.budget.selectAll()
    qtbot.keyClicks(dialog.budget, "2500.10")
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(dialog.budget, Qt.Key.Key_Return)
    wait_idle(qtbot, context.worker)
    row, participants = stored(qtbot, context)
    assert Decimal(str(row["budget_per_year"])) == Decimal("2500.10")
    assert len(participants) == 9


def test_a_fraction_of_a_cent_is_refused_in_place(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    context = secretary_context
    page = open_page(qtbot, context)
    create(qtbot, page)
    dialog = change(qtbot, page)
    dialog.budget.selectAll()
    qtbot.keyClicks(dialog.budget, "1.234,567")
    qtbot.keyClick(dialog.budget, Qt.Key.Key_Return)
    wait_idle(qtbot, context.worker)
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert "fractions of a cent" in dialog.error.text()
    row, _participants = stored(qtbot, context)
    assert Decimal(str(row["budget_per_year"])) == Decimal("1234.56")


def test_leaving_out_a_municipality_needs_a_reason(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    context = secretary_context
    page = open_page(qtbot, context)
    create(qtbot, page)
    dialog = change(qtbot, page)
    table = dialog.participants
    name = table.item(0, NAME)
    municipality = name.text()
    table.setFocus()
    table.setCurrentCell(0, NAME)
    qtbot.keyClick(table.viewport(), Qt.Key.Key_Space)  # the check box, by keyboard
    assert name.checkState() == Qt.CheckState.Unchecked
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert dialog.error.text() == (
        f"{municipality} no longer takes part in “{TITLE_TEXT}”: say why."
    )
    _row, participants = stored(qtbot, context)
    assert all(p["participates"] for p in participants)  # nothing stored

    table.item(0, REASON).setText("Geen dekking in de begroting")
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    assert not dialog.isVisible()
    _row, participants = stored(qtbot, context)
    left = [p for p in participants if not p["participates"]]
    assert [(p["name"], p["reason"]) for p in left] == [
        (municipality, "Geen dekking in de begroting")
    ]
    number = row_of_initiative(page)
    column = page.model.column_of(left[0]["municipality_id"])
    assert page.model.index(number, column).data() == "does not participate"


# Participants taken from a decision --------------------------------------------------------------


def new_for_mobility(qtbot: QtBot, page: InitiativesPage) -> tuple[InitiativeEditor, str]:
    """Ctrl+N with PFO Mobiliteit chosen, its decided items loaded; returns its id too."""
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = editor(qtbot, page)
    dialog.pfo.setCurrentIndex(dialog.pfo.findText("PFO Mobiliteit"))
    wait_idle(qtbot, page.context.worker)
    qtbot.keyClicks(dialog.title_edit, TITLE_TEXT)
    qtbot.keyClicks(dialog.budget, "90.000")
    dialog.cost_key.setCurrentIndex(dialog.cost_key.findText("equal shares"))
    return dialog, str(dialog.pfo.currentData())


def decided_items(qtbot: QtBot, context: AppContext, pfo_id: str) -> list[DecisionSource]:
    """The PFO's decided items, the newest first, as the core lists them."""
    return list(ask(qtbot, context, lambda store: decision_sources(store, pfo_id)))


def ticked(dialog: InitiativeEditor) -> set[str]:
    table = dialog.participants
    return {
        table.item(row, NAME).data(ID_ROLE)
        for row in range(table.rowCount())
        if table.item(row, NAME).checkState() == Qt.CheckState.Checked
    }


def test_participants_taken_from_a_decision(qtbot: QtBot, secretary_context: AppContext) -> None:
    context = secretary_context
    page = open_page(qtbot, context)
    dialog, pfo_id = new_for_mobility(qtbot, page)
    sources = decided_items(qtbot, context, pfo_id)
    assert dialog.source.isEnabled()
    assert dialog.source.currentText() == "(set by hand)"
    # The PFO's decided items, the newest first: meeting, title and outcome.
    assert dialog.source.count() == len(sources) + 1
    assert dialog.source.itemData(1) == sources[0].agenda_item_id
    assert dialog.source.itemText(1) == (
        f"{sources[0].meeting_reference}: {sources[0].title} ({sources[0].outcome.label})"
    )
    rows = dialog.participants.rowCount()
    chosen = next(s for s in sources if 0 < s.taking_part < rows)

    dialog.source.setCurrentIndex(dialog.source.findData(chosen.agenda_item_id))
    wait_idle(qtbot, context.worker)
    expected = ask(
        qtbot, context, lambda store: participants_from_decision(store, chosen.agenda_item_id)
    )
    # The ticks are the core's: the municipalities that take part by their position.
    assert ticked(dialog) == set(expected.taking_part)
    assert len(expected.taking_part) == chosen.taking_part
    table = dialog.participants
    for row in range(table.rowCount()):
        municipality_id = table.item(row, NAME).data(ID_ROLE)
        if municipality_id in expected.reasons:
            assert table.item(row, REASON).text() == expected.reasons[municipality_id]
    assert dialog.source_note.isVisibleTo(dialog)
    assert dialog.source_note.text().startswith(f"Taken from {chosen.meeting_reference}: ")
    assert dialog.ok_button.isEnabled()

    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    _row, participants = stored(qtbot, context)
    assert {p["municipality_id"] for p in participants if p["participates"]} == set(
        expected.taking_part
    )
    assert {
        p["municipality_id"]: p["reason"] for p in participants if not p["participates"]
    } == expected.reasons
    # The step names the decision the participants came from.
    label = context.undo_stack.undo_label()
    assert label is not None
    assert label.startswith("Create an initiative, with the participants of ")
    assert chosen.title in label


def test_a_tick_by_hand_makes_the_participants_hand_set(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    context = secretary_context
    page = open_page(qtbot, context)
    dialog, pfo_id = new_for_mobility(qtbot, page)
    rows = dialog.participants.rowCount()
    chosen = next(s for s in decided_items(qtbot, context, pfo_id) if 1 < s.taking_part < rows)
    dialog.source.setCurrentIndex(dialog.source.findData(chosen.agenda_item_id))
    wait_idle(qtbot, context.worker)
    from_decision = ticked(dialog)
    table = dialog.participants
    row = next(r for r in range(rows) if table.item(r, NAME).data(ID_ROLE) in from_decision)
    table.setFocus()
    table.setCurrentCell(row, NAME)
    qtbot.keyClick(table.viewport(), Qt.Key.Key_Space)  # the check box, by keyboard
    assert dialog.source.currentText() == "(set by hand)"
    assert dialog.source_id() is None
    assert "Changed by hand" in dialog.source_note.text()
    left_out = table.item(row, NAME).data(ID_ROLE)

    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    _row, participants = stored(qtbot, context)
    taking_part = {p["municipality_id"] for p in participants if p["participates"]}
    assert taking_part == from_decision - {left_out}
    label = context.undo_stack.undo_label()
    assert label == "Create an initiative"


def test_an_initiative_whose_participants_came_from_a_decision_says_so(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    from regiodesk.commands.decisions import participants_from_positions
    from regiodesk.commands.initiatives import set_participants
    from regiodesk.permissions import SYSTEM
    from regiodesk.queries.initiative_sources import decision_sources
    from regiodesk.queries.initiatives import initiative_shares

    with Store.open(secretary_context.store_path) as store:
        initiative = store.query(
            "SELECT id, pfo_id FROM initiative WHERE pfo_id IS NOT NULL AND deleted = 0 LIMIT 1"
        )[0]
        source = next(s for s in decision_sources(store, initiative["pfo_id"]) if s.taking_part)
        coalition = set(participants_from_positions(store, source.agenda_item_id))
        leaving = {
            row[0]
            for row in store.conn.execute(
                "SELECT municipality_id FROM initiative_participant "
                "WHERE initiative_id = ? AND participates = 1 AND deleted = 0",
                (initiative["id"],),
            )
        } - coalition
        set_participants(
            store,
            SYSTEM,
            initiative["id"],
            agenda_item_id=source.agenda_item_id,
            reasons=dict.fromkeys(leaving, "Geen dekking in de begroting."),
        )
        shares = initiative_shares(store, initiative["id"])
    dialog = InitiativeEditor(secretary_context, shares)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, secretary_context.worker)
    assert "were taken from" in dialog.source_note.text()
