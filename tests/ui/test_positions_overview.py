"""The positions of all member municipalities and their tally (widgets/positions_overview.py)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from regiodesk.commands.positions import record_position
from regiodesk.model.enums import PositionKind
from tests.ui.agenda_items import OPEN_ITEM, item, load, municipality, person_name
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.widgets.positions_overview import (
    MUNICIPALITY,
    POSITION,
    REASON,
    RECORDED_BY,
    WHEN,
    PositionsOverview,
)


def row_of(overview: PositionsOverview, name: str) -> int:
    for row in range(overview.table.rowCount()):
        if overview.table.item(row, MUNICIPALITY).text() == name:
            return row
    raise AssertionError(f"{name} is not listed")


def overview_on(qtbot: QtBot, context: AppContext, item_id: str) -> PositionsOverview:
    overview = PositionsOverview(context)
    qtbot.addWidget(overview)
    overview.show()
    overview.show_item(item_id)
    wait_idle(qtbot, context.worker)
    return overview


def test_lists_every_member_municipality_with_a_tally(
    qtbot: QtBot, member_context: AppContext
) -> None:
    item_id = item(member_context, OPEN_ITEM)
    overview = overview_on(qtbot, member_context, item_id)
    view = load(qtbot, member_context, item_id)
    members = [row.municipality for row in view.positions.rows]
    assert overview.table.rowCount() == len(members) > 5
    assert [overview.table.item(r, MUNICIPALITY).text() for r in range(len(members))] == members
    enschede = row_of(overview, "Enschede")
    assert overview.table.item(enschede, POSITION).text() == "no position yet"
    assert overview.table.item(enschede, WHEN).text() == ""
    for kind in PositionKind:
        assert overview.count(kind) == view.positions.tally[kind]
    assert overview.count(None) == view.positions.without_position
    assert sum(overview.count(kind) for kind in PositionKind) + overview.count(None) == len(members)
    label = overview.tally_labels[PositionKind.AGREE]
    assert label.text() == f"Agree: {view.positions.tally[PositionKind.AGREE]}"
    assert label.accessibleName() == label.text()


def test_updates_itself_when_a_position_is_recorded(
    qtbot: QtBot, member_context: AppContext
) -> None:
    item_id = item(member_context, OPEN_ITEM)
    overview = overview_on(qtbot, member_context, item_id)
    disagreeing = overview.count(PositionKind.DISAGREE)
    without = overview.count(None)
    actor, enschede = member_context.actor, municipality(member_context, "Enschede")
    member_context.command(
        lambda store: record_position(
            store, actor, item_id, enschede, PositionKind.DISAGREE, "Eerst de raad horen"
        ),
        label="test",
    )
    wait_idle(qtbot, member_context.worker)
    row = row_of(overview, "Enschede")
    assert overview.table.item(row, POSITION).text() == "Disagree"
    assert overview.table.item(row, REASON).text() == "Eerst de raad horen"
    assert overview.table.item(row, RECORDED_BY).text() == person_name(member_context)
    assert overview.table.item(row, WHEN).text()
    assert overview.count(PositionKind.DISAGREE) == disagreeing + 1
    assert overview.count(None) == without - 1


def test_a_hidden_overview_catches_up_when_shown(qtbot: QtBot, member_context: AppContext) -> None:
    item_id = item(member_context, OPEN_ITEM)
    overview = overview_on(qtbot, member_context, item_id)
    overview.hide()
    actor, enschede = member_context.actor, municipality(member_context, "Enschede")
    member_context.command(
        lambda store: record_position(store, actor, item_id, enschede, PositionKind.ABSTAIN),
        label="test",
    )
    wait_idle(qtbot, member_context.worker)
    assert overview.table.item(row_of(overview, "Enschede"), POSITION).text() == "no position yet"
    overview.show()
    wait_idle(qtbot, member_context.worker)
    assert overview.table.item(row_of(overview, "Enschede"), POSITION).text() == "Abstain"


def test_an_answer_about_another_item_is_ignored(qtbot: QtBot, member_context: AppContext) -> None:
    item_id = item(member_context, OPEN_ITEM)
    overview = overview_on(qtbot, member_context, item_id)
    rows = overview.table.rowCount()
    overview.item_id = "another item"
    stale = load(qtbot, member_context, item_id).positions
    overview.show_positions(stale)
    assert overview.positions is not stale
    assert overview.table.rowCount() == rows
