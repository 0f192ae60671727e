"""Follow-up at the councils for a meeting's agenda (regiodesk/queries/follow_up.py)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from regiodesk.commands import decisions
from regiodesk.commands.council import CouncilHandling, record_council_handlings
from regiodesk.model.enums import CouncilStatus, DecisionOutcome, MeetingStatus
from regiodesk.queries.agenda import meeting_header
from regiodesk.queries.follow_up import follow_up_for_meeting
from regiodesk.store import Store
from regiodesk.timeutil import local_date

if TYPE_CHECKING:
    from tests.core.conftest import World


def routed(world: World) -> tuple[str, str, str, str]:
    """A meeting on 12 Jan 2027 with three decisions routed to the councils: one still open at
    most councils, one every council handled on 20 Jan, and one nobody handled yet."""
    meeting_id, items = world.new_meeting(day=date(2027, 1, 12), items=3)
    late, done, later = (
        decisions.record_decision(
            world.store,
            world.secretary,
            item,
            text,
            DecisionOutcome.ADOPTED_BY_ALL,
            to_councils=True,
            council_deadline=deadline,
        )
        for item, text, deadline in zip(
            items,
            ("Te laat.", "Afgerond.", "Op tijd."),
            (date(2027, 3, 1), date(2027, 2, 1), date(2027, 9, 1)),
            strict=True,
        )
    )
    record_council_handlings(
        world.store,
        world.secretary,
        done,
        [
            CouncilHandling(m, CouncilStatus.ADOPTED, handled_on=date(2027, 1, 20))
            for m in world.member_ids
        ],
    )
    record_council_handlings(
        world.store,
        world.secretary,
        late,
        [
            CouncilHandling(
                world.m("Almelo"),
                CouncilStatus.ADOPTED_AMENDED,
                handled_on=date(2027, 2, 1),
                amendment="Met een motie.",
            ),
            CouncilHandling(
                world.m("Enschede"), CouncilStatus.SCHEDULED, scheduled_on=date(2027, 5, 3)
            ),
        ],
    )
    return meeting_id, late, done, later


def test_the_next_meeting_sees_what_the_councils_did(world: World) -> None:
    meeting_id, late, done, later = routed(world)
    next_meeting, _items = world.new_meeting(day=date(2027, 2, 10), items=1)
    follow_up = follow_up_for_meeting(world.store, next_meeting)
    # Done since the previous meeting, so it is still reported; nothing is overdue yet.
    assert [f.decision_id for f in follow_up] == [done, late, later]
    assert not any(f.overdue for f in follow_up)
    first = follow_up[0]
    assert (first.meeting_id, first.item_title, first.council_deadline) == (
        meeting_id,
        "Punt 2",
        date(2027, 2, 1),
    )
    assert first.meeting_reference == meeting_header(world.store, meeting_id).reference
    assert (first.handled, first.total, first.complete) == (5, 5, True)
    open_one = follow_up[1]
    assert (open_one.handled, open_one.total, open_one.complete) == (1, 5, False)
    almelo = next(c for c in open_one.councils if c.municipality_id == world.m("Almelo"))
    assert (almelo.status, almelo.handled_on, almelo.amendment, almelo.handled) == (
        CouncilStatus.ADOPTED_AMENDED,
        date(2027, 2, 1),
        "Met een motie.",
        True,
    )
    assert almelo.status_label == "adopted with amendments"
    enschede = next(c for c in open_one.councils if c.municipality_id == world.m("Enschede"))
    assert (enschede.status, enschede.scheduled_on, enschede.handled) == (
        CouncilStatus.SCHEDULED,
        date(2027, 5, 3),
        False,
    )


def test_a_later_meeting_drops_what_was_done_and_flags_what_is_late(world: World) -> None:
    _meeting, late, _done, later = routed(world)
    world.new_meeting(day=date(2027, 2, 10), items=1)
    april, _items = world.new_meeting(day=date(2027, 4, 1), items=1)
    follow_up = follow_up_for_meeting(world.store, april)
    assert [(f.decision_id, f.overdue) for f in follow_up] == [(late, True), (later, False)]


def test_the_decisions_own_and_earlier_meetings_see_nothing(world: World) -> None:
    meeting_id, *_decisions = routed(world)
    assert follow_up_for_meeting(world.store, meeting_id) == []
    assert follow_up_for_meeting(world.store, world.meeting_id) == []


def test_on_the_demo(demo_store: Store) -> None:
    meetings = demo_store.query(
        "SELECT id, pfo_id, starts_at FROM meeting WHERE deleted = 0 AND status = ?",
        (MeetingStatus.PUBLISHED.value,),
    )
    assert meetings
    listed = 0
    for meeting in meetings:
        header = meeting_header(demo_store, meeting["id"])
        day = local_date(header.starts_at)
        for follow_up in follow_up_for_meeting(demo_store, meeting["id"]):
            listed += 1
            earlier = meeting_header(demo_store, follow_up.meeting_id)
            assert earlier.pfo_id == header.pfo_id
            assert earlier.starts_at < header.starts_at
            assert follow_up.meeting_reference == earlier.reference
            assert follow_up.total > 0
            assert follow_up.overdue == (
                follow_up.council_deadline is not None
                and follow_up.council_deadline < day
                and not follow_up.complete
            )
            if follow_up.complete:
                last = follow_up.last_handled_on
                assert last is not None
                assert last <= day
    assert listed, "the demo's published meetings have follow-up at the councils"
