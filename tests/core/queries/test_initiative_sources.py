"""The decided agenda items an initiative's participants can come from
(regiodesk/queries/initiative_sources.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from regiodesk import errors, model
from regiodesk.commands import positions
from regiodesk.commands.decisions import record_decision
from regiodesk.commands.positions import PositionSpec
from regiodesk.model.enums import DecisionOutcome, PositionKind
from regiodesk.queries.initiative_sources import decision_sources, participants_from_decision

if TYPE_CHECKING:
    from tests.core.conftest import World

K, OC = PositionKind, DecisionOutcome


def _positions(world: World) -> None:
    positions.record_positions(
        world.store,
        world.secretary,
        world.decision_item_2,
        [
            PositionSpec(world.m("Enschede"), K.AGREE),
            PositionSpec(world.m("Almelo"), K.AGREE_SUBJECT_TO_COUNCIL),
            PositionSpec(world.m("Hengelo"), K.NOT_PARTICIPATING, "Lokaal geregeld."),
            PositionSpec(world.m("Borne"), K.DISAGREE, "Te duur."),
            PositionSpec(world.m("Oldenzaal"), K.ABSTAIN, "Geen mening."),
        ],
    )


def test_the_decided_items_of_the_pfo_the_newest_first(world: World) -> None:
    assert decision_sources(world.store, world.pfo_id) == []  # nothing decided yet
    _positions(world)
    record_decision(
        world.store,
        world.secretary,
        world.decision_item,
        "Ja.",
        OC.ADOPTED_BY_ALL,
        decided_at=datetime(2026, 12, 8, 15, 0, tzinfo=UTC),
    )
    record_decision(
        world.store,
        world.secretary,
        world.decision_item_2,
        "Een fonds, met wie wil.",
        OC.ADOPTED_BY_COALITION,
        decided_at=datetime(2026, 12, 8, 15, 30, tzinfo=UTC),
    )
    sources = decision_sources(world.store, world.pfo_id)
    assert [(s.title, s.outcome, s.taking_part) for s in sources] == [
        ("Regionaal mobiliteitsfonds", OC.ADOPTED_BY_COALITION, 2),
        ("Snelfietsroute F35 doortrekken", OC.ADOPTED_BY_ALL, 0),
    ]
    assert {s.meeting_id for s in sources} == {world.meeting_id}
    assert sources[0].meeting_reference.endswith("-01")
    # Another PFO's items are not among its sources.
    assert decision_sources(world.store, world.other_pfo_id) == []
    with pytest.raises(errors.NotFound):
        decision_sources(world.store, "no-such-pfo")


def test_the_participants_and_the_reasons_of_the_others(world: World) -> None:
    _positions(world)
    found = participants_from_decision(world.store, world.decision_item_2)
    assert sorted(found.taking_part) == sorted([world.m("Enschede"), world.m("Almelo")])
    # Disagree and does-not-participate explain why; an abstention does not.
    assert found.reasons == {world.m("Hengelo"): "Lokaal geregeld.", world.m("Borne"): "Te duur."}
    with pytest.raises(errors.NotFound):
        participants_from_decision(world.store, "no-such-item")


def test_an_item_that_adopts_a_decision_list_is_no_source(world: World) -> None:
    _meeting, (adoption, other) = world.new_meeting(items=2)
    with world.store.write(None) as writer:
        listed = writer.create(model.DecisionList, {"meeting_id": world.meeting_id})
        writer.update(model.AgendaItem, adoption, {"adopts_list_id": listed})
    for item in (adoption, other):
        record_decision(world.store, world.secretary, item, "Besproken.", OC.NOTED)
    assert [s.agenda_item_id for s in decision_sources(world.store, world.pfo_id)] == [other]
