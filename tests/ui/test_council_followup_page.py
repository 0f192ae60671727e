from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from regiodesk.queries.governance import (
    CouncilTask,
    RoutedDecision,
    council_agenda,
    council_overview,
)
from regiodesk.store import Store
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.models.council_followup_model import COUNCILS, DEADLINE, DECISION, council_status_text
from ui.pages.council_followup import CouncilFollowUpPage


def _open(qtbot: QtBot, context: AppContext) -> CouncilFollowUpPage:
    page = CouncilFollowUpPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    wait_idle(qtbot, context.worker)
    return page


def _column(
    page: CouncilFollowUpPage, column: int, role: int = Qt.ItemDataRole.DisplayRole
) -> list[object]:
    model = page.table.model()
    return [model.index(row, column).data(role) for row in range(model.rowCount())]


def _overview(context: AppContext, include_complete: bool = False) -> list[RoutedDecision]:
    with Store.open(context.store_path) as store:
        return council_overview(store, include_complete=include_complete)


def _agenda(context: AppContext, municipality_id: str) -> list[CouncilTask]:
    with Store.open(context.store_path) as store:
        return council_agenda(store, municipality_id)


def test_lists_the_decisions_to_the_councils_overdue_first(
    qtbot: QtBot, member_context: AppContext
) -> None:
    expected = _overview(member_context)
    overdue = [decision.overdue for decision in expected]
    assert expected
    assert any(overdue)  # the demo region has overdue council decisions
    assert overdue == sorted(overdue, reverse=True)
    page = _open(qtbot, member_context)
    assert _column(page, DECISION) == [decision.text for decision in expected]
    deadlines = _column(page, DEADLINE)
    # Overdue decisions say so in words and with an icon, not by colour alone.
    assert [("overdue" in text) for text in deadlines] == overdue
    icons = _column(page, DEADLINE, Qt.ItemDataRole.DecorationRole)
    assert [icon is not None for icon in icons] == overdue
    assert _column(page, COUNCILS)[0] == (
        f"{expected[0].handled} of {len(expected[0].councils)} councils handled it"
    )
    assert page.summary.text() == f"{len(expected)} decisions · {sum(overdue)} overdue"
    # Under the list: where each council stands on the current decision.
    first = expected[0]
    assert page.states.rowCount() == len(first.councils)
    shown = [page.states.index(n, 1).data() for n in range(page.states.rowCount())]
    assert shown == [council_status_text(state) for state in first.councils]
    labels = {state.status.label for state in first.councils}
    assert any(text.startswith(tuple(labels)) for text in shown)


def test_including_the_handled_ones(qtbot: QtBot, member_context: AppContext) -> None:
    page = _open(qtbot, member_context)
    qtbot.mouseClick(page.include_complete, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, member_context.worker)
    everything = _overview(member_context, include_complete=True)
    assert _column(page, DECISION) == [decision.text for decision in everything]


def test_a_municipality_shows_what_its_council_still_has_to_handle(
    qtbot: QtBot, member_context: AppContext
) -> None:
    page = _open(qtbot, member_context)
    mine = member_context.identity.municipality_id
    assert mine is not None
    expected = _agenda(member_context, mine)
    assert expected
    index = page.municipality.findData(mine)
    assert index > 0
    page.municipality.setFocus()
    while page.municipality.currentIndex() != index:
        qtbot.keyClick(page.municipality, Qt.Key.Key_Down)
    wait_idle(qtbot, member_context.worker)
    assert page.table.model().headerData(COUNCILS, Qt.Orientation.Horizontal) == "This council"
    assert _column(page, DECISION) == [task.decision.text for task in expected]
    assert _column(page, COUNCILS) == [council_status_text(task.state) for task in expected]
    overdue = [task.overdue for task in expected]
    assert overdue == sorted(overdue, reverse=True)
    assert [("overdue" in text) for text in _column(page, DEADLINE)] == overdue
    assert not page.include_complete.isEnabled()
    qtbot.keyClick(page.municipality, Qt.Key.Key_Home)  # all councils again
    wait_idle(qtbot, member_context.worker)
    assert page.table.model().rowCount() == len(_overview(member_context))


def test_enter_opens_the_meeting_of_the_decision(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    page = _open(qtbot, secretary_context)
    expected = _overview(secretary_context)
    page.table.setFocus()
    page.table.setCurrentIndex(page.table.model().index(1, 0))
    qtbot.waitUntil(page.table.hasFocus)
    with qtbot.waitSignal(secretary_context.navigate_requested) as signal:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert signal.args == ["agenda_item", expected[1].agenda_item_id]
