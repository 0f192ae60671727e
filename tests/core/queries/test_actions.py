from datetime import date, datetime
from typing import Any

from regiodesk.commands import actions, meetings
from regiodesk.commands.decisions import record_decision
from regiodesk.model import Action
from regiodesk.model.enums import ActionStatus, DecisionOutcome
from regiodesk.permissions import SYSTEM
from regiodesk.queries.actions import ActionFilter, HolderFilter, my_actions
from regiodesk.timeutil import AMSTERDAM
from tests.core.conftest import World

TODAY = date(2026, 12, 1)


def _add(world: World, description: str, deadline: date | None = None, **holder: str) -> str:
    return actions.add_action(
        world.store, SYSTEM, world.meeting_id, description, deadline=deadline, **holder
    )


def _descriptions(world: World, person_id: str | None, **filters: Any) -> list[str]:
    assert person_id
    found = my_actions(world.store, person_id, ActionFilter(**filters), today=TODAY)
    return [row.description for row in found.rows]


def test_overdue_first_then_by_deadline_and_without_deadline_last(world: World) -> None:
    _add(world, "later", date(2027, 1, 10))
    _add(world, "no deadline")
    _add(world, "long overdue", date(2026, 10, 1))
    _add(world, "soon", date(2026, 12, 5))
    _add(world, "just overdue", date(2026, 11, 30))
    found = my_actions(world.store, str(world.chair.person_id), today=TODAY)
    assert [row.description for row in found.rows] == [
        "long overdue",
        "just overdue",
        "soon",
        "later",
        "no deadline",
    ]
    overdue = {row.description: (row.overdue, row.days_overdue) for row in found.rows}
    assert overdue["long overdue"] == (True, 61)
    assert overdue["just overdue"] == (True, 1)
    assert overdue["soon"] == (False, 0)
    assert overdue["no deadline"] == (False, 0)


def test_a_row_says_who_holds_it_where_and_what_it_follows(world: World) -> None:
    decision = record_decision(
        world.store,
        SYSTEM,
        world.decision_item,
        "Het PFO stemt in met de snelfietsroute.",
        DecisionOutcome.ADOPTED_BY_ALL,
    )
    actions.add_action(
        world.store,
        SYSTEM,
        world.meeting_id,
        "Tracé uitwerken",
        holder_person_id=world.member.person_id,
        deadline=date(2027, 2, 1),
        decision_id=decision,
    )
    (row,) = my_actions(world.store, str(world.secretary.person_id), today=TODAY).rows
    assert row.holder_person == "Wethouder Almelo"
    assert row.holder_municipality == "Almelo"
    assert row.holder_municipality_id == world.m("Almelo")
    assert row.status is ActionStatus.OPEN
    assert row.active
    assert row.pfo_id == world.pfo_id
    assert row.pfo_short_name == "PFO MOB"
    assert row.meeting_id == world.meeting_id
    assert row.meeting_reference == "2026-01"
    assert row.meeting_starts_at == datetime(2026, 12, 8, 10, 0, tzinfo=AMSTERDAM)
    assert row.decision_id == decision
    assert row.decision_text == "Het PFO stemt in met de snelfietsroute."
    assert row.decision_item_title == "Snelfietsroute F35 doortrekken"


def test_only_the_pfos_i_take_part_in(world: World) -> None:
    _add(world, "mobility")
    other = meetings.create_meeting(
        world.store,
        SYSTEM,
        world.other_pfo_id,
        datetime(2026, 12, 9, 10, tzinfo=AMSTERDAM),
        datetime(2026, 12, 9, 12, tzinfo=AMSTERDAM),
    )
    actions.add_action(world.store, SYSTEM, other, "economy")
    found = my_actions(world.store, str(world.member.person_id), today=TODAY)
    assert [pfo.id for pfo in found.pfos] == [world.pfo_id]
    assert [row.description for row in found.rows] == ["mobility"]
    assert _descriptions(world, world.outsider.person_id) == []
    assert _descriptions(world, world.member.person_id, pfo_id=world.other_pfo_id) == []
    assert _descriptions(world, world.member.person_id, pfo_id=world.pfo_id) == ["mobility"]


def test_filter_by_holder(world: World) -> None:
    _add(world, "mine", date(2026, 12, 2), holder_person_id=str(world.member.person_id))
    _add(world, "my colleague's", date(2026, 12, 3), holder_municipality_id=world.m("Almelo"))
    _add(
        world, "Hengelo's", date(2026, 12, 4), holder_person_id=str(world.member_hengelo.person_id)
    )
    _add(world, "nobody's", date(2026, 12, 5))
    member = world.member.person_id
    assert _descriptions(world, member, holder=HolderFilter.ME) == ["mine"]
    assert _descriptions(
        world, member, holder=HolderFilter.MY_MUNICIPALITY, municipality_id=world.m("Almelo")
    ) == ["mine", "my colleague's"]
    assert _descriptions(world, member, holder=HolderFilter.MY_MUNICIPALITY) == []
    assert _descriptions(world, member, holder=HolderFilter.ANYONE) == [
        "mine",
        "my colleague's",
        "Hengelo's",
        "nobody's",
    ]


def test_done_and_cancelled_only_when_asked_and_after_the_active_ones(world: World) -> None:
    _add(world, "open", date(2027, 1, 1))
    done_early = _add(world, "done early", date(2026, 9, 1))
    done_late = _add(world, "done late", date(2026, 11, 1))
    cancelled = _add(world, "cancelled", date(2026, 10, 1))
    started = _add(world, "started", date(2026, 11, 15))
    for action_id, status in (
        (done_early, ActionStatus.DONE),
        (done_late, ActionStatus.DONE),
        (cancelled, ActionStatus.CANCELLED),
        (started, ActionStatus.IN_PROGRESS),
    ):
        actions.update_action(world.store, SYSTEM, action_id, status=status)
    secretary = world.secretary.person_id
    assert _descriptions(world, secretary) == ["started", "open"]
    assert _descriptions(world, secretary, include_done=True) == [
        "started",
        "open",
        "done late",
        "cancelled",
        "done early",
    ]
    rows = my_actions(
        world.store, str(secretary), ActionFilter(include_done=True), today=TODAY
    ).rows
    finished = {row.description: row for row in rows}
    assert not finished["done late"].overdue
    assert finished["done late"].completed_on is not None
    assert finished["started"].overdue
    assert finished["started"].status is ActionStatus.IN_PROGRESS


def test_deleted_actions_are_not_listed(world: World) -> None:
    kept = _add(world, "kept")
    gone = _add(world, "gone")
    with world.store.write(None) as writer:
        writer.delete(Action, gone)
    found = my_actions(world.store, str(world.chair.person_id), today=TODAY)
    assert [row.id for row in found.rows] == [kept]
