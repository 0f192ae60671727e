from pytestqt.qtbot import QtBot

from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.pages.my_pfos import MyPfosPage


def test_lists_my_pfos_and_their_coming_meetings(qtbot: QtBot, member_context: AppContext) -> None:
    page = MyPfosPage(member_context)
    qtbot.addWidget(page)
    page.show_target(None)
    wait_idle(qtbot, member_context.worker)
    names = {page.pfos.item(row, 0).text() for row in range(page.pfos.rowCount())}
    assert names == {"PFO Mobiliteit", "PFO Wonen & Ruimte"}
    assert page.upcoming.rowCount() > 0


def test_enter_on_a_coming_meeting_opens_it(qtbot: QtBot, member_context: AppContext) -> None:
    page = MyPfosPage(member_context)
    qtbot.addWidget(page)
    page.show_target(None)
    wait_idle(qtbot, member_context.worker)
    with qtbot.waitSignal(member_context.navigate_requested) as signal:
        page.upcoming.setFocus()
        page.upcoming.setCurrentCell(0, 0)
        page.upcoming.itemActivated.emit(page.upcoming.item(0, 0))
    assert signal.args[0] == "meeting"
    assert signal.args[1]
