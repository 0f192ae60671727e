"""The follow-up at the councils under a meeting's agenda (ui/widgets/follow_up_panel.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from regiodesk.model.enums import MeetingStatus
from regiodesk.queries.follow_up import FollowUp, follow_up_for_meeting
from regiodesk.store import Store
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.pages.meeting import MeetingPage
from ui.widgets.follow_up_panel import (
    COUNCILS,
    DEADLINE,
    DECISION,
    MEETING,
    council_text,
)


def published_with_follow_up(context: AppContext) -> tuple[str, list[FollowUp]]:
    """A published meeting whose PFO routed decisions to the councils earlier, and its list."""
    with Store.open(context.store_path) as store:
        for row in store.query(
            "SELECT id FROM meeting WHERE deleted = 0 AND status = ? ORDER BY starts_at",
            (MeetingStatus.PUBLISHED.value,),
        ):
            follow_up = follow_up_for_meeting(store, row["id"])
            if follow_up and any(f.overdue for f in follow_up):
                return row["id"], follow_up
    raise AssertionError("the demo has a published meeting with follow-up at the councils")


def column(page: MeetingPage, number: int) -> list[str]:
    table = page.follow_up.table
    return [table.item(row, number).text() for row in range(table.rowCount())]


def test_the_meeting_page_lists_the_follow_up_at_the_councils(
    qtbot: QtBot, member_context: AppContext
) -> None:
    meeting_id, expected = published_with_follow_up(member_context)
    page = MeetingPage(member_context)
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.show()
    qtbot.waitExposed(page)
    page.show_target(meeting_id)
    wait_idle(qtbot, member_context.worker)

    panel = page.follow_up
    assert panel.isVisible()
    assert panel.follow_up == expected
    assert column(page, DECISION) == [f.text or f.item_title for f in expected]
    assert column(page, MEETING) == [f.meeting_reference for f in expected]
    assert column(page, COUNCILS) == [
        f"{f.handled} of {f.total} council{'s' if f.total != 1 else ''} handled" for f in expected
    ]
    # Overdue in words and with an icon, not by colour alone.
    deadlines = column(page, DEADLINE)
    assert [text.endswith("overdue") for text in deadlines] == [f.overdue for f in expected]
    icons = [not panel.table.item(n, DEADLINE).icon().isNull() for n in range(len(expected))]
    assert icons == [f.overdue for f in expected]
    # The tooltip says where each council stands.
    tooltip = panel.table.item(0, DECISION).data(Qt.ItemDataRole.ToolTipRole)
    for council in expected[0].councils:
        assert council_text(council) in tooltip
        assert council.status_label in tooltip


def test_the_panel_hides_when_there_is_nothing_to_follow_up(
    qtbot: QtBot, member_context: AppContext
) -> None:
    with Store.open(member_context.store_path) as store:
        first = store.scalar(
            "SELECT id FROM meeting WHERE deleted = 0 ORDER BY starts_at LIMIT 1", ()
        )
        assert follow_up_for_meeting(store, str(first)) == []
    page = MeetingPage(member_context)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.show_target(str(first))
    wait_idle(qtbot, member_context.worker)
    assert not page.follow_up.isVisible()
    assert page.follow_up.table.rowCount() == 0
