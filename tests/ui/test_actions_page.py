from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from regiodesk.commands.actions import add_action, update_action
from regiodesk.model.enums import ActionStatus
from regiodesk.permissions import SYSTEM
from regiodesk.queries.actions import ActionFilter, ActionRow, HolderFilter, my_actions
from regiodesk.store import Store
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.models.actions_model import DEADLINE, DESCRIPTION, HOLDER, PFO, STATUS
from ui.pages.actions import ActionsPage


def _open(qtbot: QtBot, context: AppContext) -> ActionsPage:
    page = ActionsPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    wait_idle(qtbot, context.worker)
    return page


def _cell(
    page: ActionsPage, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole
) -> object:
    return page.table.model().index(row, column).data(role)


def _column(page: ActionsPage, column: int) -> list[str]:
    return [str(_cell(page, row, column)) for row in range(page.table.model().rowCount())]


def _status_of(context: AppContext, action_id: str) -> str:
    with Store.open(context.store_path) as store:
        return str(store.scalar("SELECT status FROM action WHERE id = ?", (action_id,)))


def _choose_pfo(qtbot: QtBot, page: ActionsPage, name: str) -> None:
    page.pfo.setFocus()
    while page.pfo.currentText() != name:
        before = page.pfo.currentIndex()
        qtbot.keyClick(page.pfo, Qt.Key.Key_Down)
        assert page.pfo.currentIndex() != before, f"no PFO {name}"
    wait_idle(qtbot, page.context.worker)


def _focus_row(qtbot: QtBot, page: ActionsPage, row: int) -> str:
    page.table.setFocus()
    page.table.setCurrentIndex(page.table.model().index(row, 0))
    qtbot.waitUntil(page.table.hasFocus)
    current = page.current_action()
    assert current is not None
    return current.id


def _expected(context: AppContext) -> list[ActionRow]:
    with Store.open(context.store_path) as store:
        return my_actions(store, context.person_id).rows


def test_lists_the_open_actions_of_my_pfos_overdue_first(
    qtbot: QtBot, member_context: AppContext
) -> None:
    expected = _expected(member_context)
    overdue = [row.overdue for row in expected]
    assert any(overdue)  # the demo region has overdue actions of this person's PFOs
    assert overdue == sorted(overdue, reverse=True)  # overdue first
    page = _open(qtbot, member_context)
    deadlines = _column(page, DEADLINE)
    assert len(deadlines) == len(expected)
    assert _column(page, PFO) == [row.pfo_short_name for row in expected]
    assert _cell(page, 0, PFO, Qt.ItemDataRole.ToolTipRole) == expected[0].pfo_name
    # Overdue rows say so in words and with an icon, not by colour alone.
    assert [("overdue" in text) for text in deadlines] == overdue
    first_on_time = overdue.index(False)
    assert _cell(page, 0, DEADLINE, Qt.ItemDataRole.DecorationRole) is not None
    assert _cell(page, first_on_time, DEADLINE, Qt.ItemDataRole.DecorationRole) is None
    assert page.summary.text() == (f"{len(expected)} open actions · {sum(overdue)} overdue")


def _give_me_an_action(context: AppContext) -> str:
    """An open action held by the user, in the latest meeting of PFO Mobiliteit."""
    with Store.open(context.store_path) as store:
        meeting = store.scalar(
            "SELECT m.id FROM meeting m JOIN pfo p ON p.id = m.pfo_id "
            "WHERE p.short_name = 'PFO MOB' AND m.status = 'published' ORDER BY m.starts_at LIMIT 1"
        )
        return add_action(
            store,
            SYSTEM,
            meeting,
            "Notitie over de fietsroutes schrijven",
            holder_person_id=context.person_id,
            deadline=date.today() + timedelta(days=30),
        )


def _expected_for(context: AppContext, filters: ActionFilter) -> list[str]:
    with Store.open(context.store_path) as store:
        return [row.pfo_short_name for row in my_actions(store, context.person_id, filters).rows]


def test_filters_by_holder_pfo_and_finished(qtbot: QtBot, member_context: AppContext) -> None:
    _give_me_an_action(member_context)
    page = _open(qtbot, member_context)
    page.holder.setFocus()
    qtbot.keyClick(page.holder, Qt.Key.Key_Down)  # Me
    wait_idle(qtbot, member_context.worker)
    assert page.holder.currentText() == "Me"
    mine = _expected_for(member_context, ActionFilter(holder=HolderFilter.ME))
    assert _column(page, PFO) == mine
    assert set(_column(page, HOLDER)) == {"you"}
    qtbot.keyClick(page.holder, Qt.Key.Key_Home)  # Anyone
    wait_idle(qtbot, member_context.worker)
    _choose_pfo(qtbot, page, "PFO Mobiliteit")
    assert set(_column(page, PFO)) == {"PFO MOB"}
    qtbot.mouseClick(page.include_done, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, member_context.worker)
    statuses = _column(page, STATUS)
    open_count = statuses.count("open") + statuses.count("in progress")
    assert len(statuses) > open_count  # finished ones are listed now, after the open ones
    assert all(s.startswith(("done", "cancelled")) for s in statuses[open_count:])
    assert "finished" in page.summary.text()


def test_a_header_click_sorts_and_the_deadline_header_restores_the_order(
    qtbot: QtBot, member_context: AppContext
) -> None:
    page = _open(qtbot, member_context)
    first = _column(page, DESCRIPTION)
    header = page.table.horizontalHeader()

    def click(column: int) -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(
            header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
        )

    click(DESCRIPTION)
    assert _column(page, DESCRIPTION) == sorted(first, key=str.casefold)
    click(DEADLINE)
    if header.sortIndicatorOrder() is Qt.SortOrder.DescendingOrder:
        click(DEADLINE)
    assert _column(page, DESCRIPTION) == first


def test_enter_opens_the_meeting_of_the_action(qtbot: QtBot, member_context: AppContext) -> None:
    page = _open(qtbot, member_context)
    action_id = _focus_row(qtbot, page, 1)
    with qtbot.waitSignal(member_context.navigate_requested) as signal:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    with Store.open(member_context.store_path) as store:
        meeting = store.scalar("SELECT meeting_id FROM action WHERE id = ?", (action_id,))
    assert signal.args == ["meeting", meeting]


def test_the_secretary_marks_an_action_done_and_it_leaves_the_open_list(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    page = _open(qtbot, secretary_context)
    _choose_pfo(qtbot, page, "PFO Mobiliteit")
    before = page.table.model().rowCount()
    action_id = _focus_row(qtbot, page, 0)
    qtbot.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, secretary_context.worker)
    assert _status_of(secretary_context, action_id) == "done"
    assert page.table.model().rowCount() == before - 1
    assert page.model.find(action_id) is None
    assert "is now done" in page.message.text()
    assert not page.refusal.isVisible()


def _in_menu(qtbot: QtBot, choose: Callable[[QMenu], None]) -> None:
    """Act in the context menu once it is open."""

    def act() -> None:
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            choose(menu)
        else:
            QTimer.singleShot(20, act)

    QTimer.singleShot(20, act)


def test_the_context_menu_moves_an_action_on(qtbot: QtBot, secretary_context: AppContext) -> None:
    page = _open(qtbot, secretary_context)
    _choose_pfo(qtbot, page, "PFO Mobiliteit")
    action_id = _focus_row(qtbot, page, 0)
    texts: list[str] = []

    def choose(menu: QMenu) -> None:
        texts.extend(action.text() for action in menu.actions() if action.text())
        while menu.activeAction() is None or menu.activeAction().text() != "&In progress":
            qtbot.keyClick(menu, Qt.Key.Key_Down)
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    _in_menu(qtbot, choose)
    qtbot.keyClick(page.table, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    wait_idle(qtbot, secretary_context.worker)
    assert "&Done" in texts
    assert _status_of(secretary_context, action_id) == "in_progress"
    row = page.model.find(action_id)
    assert row is not None
    assert page.model.index(row, STATUS).data() == "in progress"


def test_a_member_who_is_not_the_holder_is_refused_in_place(
    qtbot: QtBot, member_context: AppContext
) -> None:
    page = _open(qtbot, member_context)
    _choose_pfo(qtbot, page, "PFO Mobiliteit")
    assert "you" not in _column(page, HOLDER)
    action_id = _focus_row(qtbot, page, 0)
    before = _status_of(member_context, action_id)
    qtbot.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, member_context.worker)
    assert _status_of(member_context, action_id) == before
    assert page.refusal.isVisible()
    message = page.refusal.text()
    assert message.startswith("You may not change this action")
    assert "only its holder" in message
    assert page.model.find(action_id) is not None


def test_the_holder_moves_their_own_action_on_with_ctrl_return(
    qtbot: QtBot, member_context: AppContext
) -> None:
    mine = _give_me_an_action(member_context)
    page = _open(qtbot, member_context)
    page.holder.setFocus()
    qtbot.keyClick(page.holder, Qt.Key.Key_Down)  # Me
    wait_idle(qtbot, member_context.worker)
    row = next(r for r in range(page.model.rowCount()) if page.model.rows[r].id == mine)
    action_id = _focus_row(qtbot, page, page.proxy.mapFromSource(page.model.index(row, 0)).row())
    assert action_id == mine
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, member_context.worker)
    assert page.refusal.text() == ""
    assert _status_of(member_context, action_id) == "in_progress"
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, member_context.worker)
    assert _status_of(member_context, action_id) == "done"
    assert page.model.find(mine) is None  # done: it leaves the list of open actions
    assert "is now done" in page.message.text()
    assert not page.refusal.isVisible()


def test_a_change_elsewhere_refreshes_the_list(qtbot: QtBot, secretary_context: AppContext) -> None:
    page = _open(qtbot, secretary_context)
    before = page.table.model().rowCount()
    first = page.model.row_of(page.proxy.mapToSource(page.table.model().index(0, 0)))
    assert first is not None
    secretary_context.command(
        lambda store: update_action(
            store, secretary_context.actor, first.id, status=ActionStatus.CANCELLED
        ),
        label="cancel",
    )
    wait_idle(qtbot, secretary_context.worker)
    assert page.table.model().rowCount() == before - 1


def test_navigating_to_a_pfo_shows_its_actions(qtbot: QtBot, member_context: AppContext) -> None:
    page = _open(qtbot, member_context)
    with Store.open(member_context.store_path) as store:
        mobility = store.scalar("SELECT id FROM pfo WHERE short_name = 'PFO MOB'")
        economy = store.scalar("SELECT id FROM pfo WHERE short_name = 'PFO EA'")
    page.show_target(mobility)
    wait_idle(qtbot, member_context.worker)
    assert page.pfo.currentText() == "PFO Mobiliteit"
    assert set(_column(page, PFO)) == {"PFO MOB"}
    page.show_target(economy)  # not one of mine: all of mine instead
    wait_idle(qtbot, member_context.worker)
    assert page.pfo.currentText() == "All my PFOs"
    mine = {row.pfo_short_name for row in _expected(member_context)}
    assert "PFO EA" not in mine
    assert set(_column(page, PFO)) == mine
