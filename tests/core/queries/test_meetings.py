"""Listing meetings (regiodesk/queries/meetings.py)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from regiodesk.commands import agenda, meetings
from regiodesk.model.enums import MeetingStatus
from regiodesk.queries.meetings import list_meetings

if TYPE_CHECKING:
    from tests.core.conftest import World


def test_list_meetings_filters_and_orders(world: World) -> None:
    later, later_items = world.new_meeting(date(2027, 1, 12), items=2)
    meetings.set_meeting_status(world.store, world.secretary, later, MeetingStatus.PUBLISHED)
    agenda.remove_agenda_item(world.store, world.secretary, later_items[0])
    every = list_meetings(world.store)
    assert [m.id for m in every] == [world.meeting_id, later]
    first = every[0]
    assert (first.pfo_name, first.number, first.items, first.status) == (
        "PFO Mobiliteit",
        1,
        4,
        MeetingStatus.DRAFT,
    )
    assert first.reference == "2026-01"
    assert every[1].items == 1  # the removed item is not counted
    assert [m.id for m in list_meetings(world.store, newest_first=True)] == [
        later,
        world.meeting_id,
    ]
    assert [m.id for m in list_meetings(world.store, start=date(2027, 1, 1))] == [later]
    assert [m.id for m in list_meetings(world.store, end=date(2027, 1, 1))] == [world.meeting_id]
    assert [m.id for m in list_meetings(world.store, statuses=(MeetingStatus.PUBLISHED,))] == [
        later
    ]
    assert list_meetings(world.store, pfo_id=world.other_pfo_id) == []
    assert len(list_meetings(world.store, limit=1)) == 1
