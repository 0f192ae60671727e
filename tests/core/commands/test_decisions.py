"""Decisions, the coalition of the willing, and the route to the councils
(regiodesk/commands/decisions.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import pytest

from regiodesk import errors
from regiodesk.commands import positions
from regiodesk.commands.decisions import (
    DecisionSpec,
    decision_id,
    participants_from_positions,
    record_decision,
    record_decisions,
)
from regiodesk.commands.positions import PositionSpec
from regiodesk.ids import stable_id
from regiodesk.model.enums import DecisionOutcome, PositionKind

if TYPE_CHECKING:
    from tests.core.conftest import World

OC, K = DecisionOutcome, PositionKind


def live(world: World, table: str, the_decision: str) -> set[str]:
    return {
        r[0]
        for r in world.store.conn.execute(
            f"SELECT municipality_id FROM {table} WHERE decision_id = ? AND deleted = 0",
            (the_decision,),
        )
    }


def all_rows(world: World, table: str, the_decision: str) -> int:
    return int(
        world.store.scalar(f"SELECT count(*) FROM {table} WHERE decision_id = ?", (the_decision,))
    )


@pytest.fixture
def with_positions(world: World) -> World:
    """Positions of all five members on the decision item, one of each kind."""
    positions.record_positions(
        world.store,
        world.secretary,
        world.decision_item,
        [
            PositionSpec(world.m("Enschede"), K.AGREE),
            PositionSpec(world.m("Almelo"), K.AGREE_SUBJECT_TO_COUNCIL),
            PositionSpec(world.m("Hengelo"), K.ABSTAIN),
            PositionSpec(world.m("Borne"), K.DISAGREE, "Te duur."),
            PositionSpec(world.m("Oldenzaal"), K.NOT_PARTICIPATING, "Lokaal."),
        ],
    )
    return world


def test_a_coalition_takes_its_participants_from_the_positions(with_positions: World) -> None:
    w = with_positions
    made = record_decision(
        w.store, w.secretary, w.decision_item, "  Besloten.  ", OC.ADOPTED_BY_COALITION
    )
    assert made == decision_id(w.decision_item) == stable_id("decision", w.decision_item)
    assert live(w, "decision_participant", made) == {w.m("Enschede"), w.m("Almelo")}
    assert participants_from_positions(w.store, w.decision_item) == sorted(
        [w.m("Enschede"), w.m("Almelo")]
    )
    row = w.store.query("SELECT text, outcome, to_councils FROM decision WHERE id = ?", (made,))[0]
    assert tuple(row) == ("Besloten.", "adopted_by_coalition", 0)


def test_a_withdrawn_position_does_not_join_the_coalition(with_positions: World) -> None:
    w = with_positions
    positions.withdraw_position(w.store, w.secretary, w.decision_item, w.m("Almelo"))
    made = record_decision(w.store, w.secretary, w.decision_item, "B.", OC.ADOPTED_BY_COALITION)
    assert live(w, "decision_participant", made) == {w.m("Enschede")}


def test_participants_may_be_given(with_positions: World) -> None:
    w = with_positions
    made = record_decision(
        w.store,
        w.secretary,
        w.decision_item,
        "B.",
        OC.ADOPTED_BY_COALITION,
        participants=[w.m("Hengelo"), w.m("Borne")],
    )
    assert live(w, "decision_participant", made) == {w.m("Hengelo"), w.m("Borne")}


def test_a_coalition_needs_members_and_at_least_one_of_them(world: World) -> None:
    with pytest.raises(errors.InvalidInput):  # no positions: nobody takes part
        record_decision(
            world.store, world.secretary, world.decision_item, "B.", OC.ADOPTED_BY_COALITION
        )
    with pytest.raises(errors.NotAMember) as caught:
        record_decision(
            world.store,
            world.secretary,
            world.decision_item,
            "B.",
            OC.ADOPTED_BY_COALITION,
            participants=[world.m("Enschede"), world.m("Losser")],
        )
    assert "Losser" in str(caught.value)
    assert world.store.scalar("SELECT count(*) FROM decision") == 0


def test_adopted_by_all_means_every_member(with_positions: World) -> None:
    w = with_positions
    made = record_decision(w.store, w.secretary, w.decision_item, "Allen.", OC.ADOPTED_BY_ALL)
    assert live(w, "decision_participant", made) == set(w.member_ids)


@pytest.mark.parametrize("outcome", [OC.NOT_ADOPTED, OC.DEFERRED, OC.NOTED])
def test_other_outcomes_have_no_participants(
    with_positions: World, outcome: DecisionOutcome
) -> None:
    w = with_positions
    made = record_decision(w.store, w.secretary, w.decision_item, "Niet.", outcome)
    assert live(w, "decision_participant", made) == set()


def test_to_the_councils_opens_a_follow_up_per_participant_only(with_positions: World) -> None:
    w = with_positions
    made = record_decision(
        w.store,
        w.secretary,
        w.decision_item,
        "Naar de raden.",
        OC.ADOPTED_BY_COALITION,
        to_councils=True,
        council_deadline=date(2027, 6, 1),
    )
    assert live(w, "council_follow_up", made) == {w.m("Enschede"), w.m("Almelo")}
    statuses = {
        r[0]
        for r in w.store.conn.execute(
            "SELECT status FROM council_follow_up WHERE decision_id = ?", (made,)
        )
    }
    assert statuses == {"to_schedule"}
    assert (
        w.store.scalar("SELECT council_deadline FROM decision WHERE id = ?", (made,))
        == "2027-06-01"
    )


def test_only_a_decision_with_participants_goes_to_the_councils(with_positions: World) -> None:
    w = with_positions
    with pytest.raises(errors.InvalidInput):
        record_decision(
            w.store, w.secretary, w.decision_item, "Niet.", OC.NOT_ADOPTED, to_councils=True
        )
    assert w.store.scalar("SELECT count(*) FROM decision") == 0


def test_an_information_item_can_only_be_taken_note_of(world: World) -> None:
    with pytest.raises(errors.InvalidInput):
        record_decision(world.store, world.secretary, world.info_item, "B.", OC.ADOPTED_BY_ALL)
    made = record_decision(
        world.store, world.secretary, world.info_item, "Kennisgenomen.", OC.NOTED
    )
    assert world.store.scalar("SELECT outcome FROM decision WHERE id = ?", (made,)) == "noted"


def test_a_correction_tombstones_and_restores_the_same_rows(with_positions: World) -> None:
    w = with_positions
    first_moment = datetime(2026, 12, 8, 11, 0, tzinfo=UTC)
    made = record_decision(
        w.store,
        w.secretary,
        w.decision_item,
        "Ja.",
        OC.ADOPTED_BY_COALITION,
        to_councils=True,
        decided_at=first_moment,
    )
    record_decision(w.store, w.secretary, w.decision_item, "Uitgesteld.", OC.DEFERRED)
    assert live(w, "decision_participant", made) == set()
    assert live(w, "council_follow_up", made) == set()
    assert all_rows(w, "decision_participant", made) == 2  # tombstones, not hard deletes
    again = record_decision(
        w.store, w.secretary, w.decision_item, "Toch ja.", OC.ADOPTED_BY_COALITION, to_councils=True
    )
    assert again == made
    assert live(w, "decision_participant", made) == {w.m("Enschede"), w.m("Almelo")}
    assert live(w, "council_follow_up", made) == {w.m("Enschede"), w.m("Almelo")}
    assert all_rows(w, "decision_participant", made) == 2
    assert all_rows(w, "council_follow_up", made) == 2
    row = w.store.query("SELECT text, decided_at FROM decision WHERE id = ?", (made,))[0]
    assert row["text"] == "Toch ja."
    assert row["decided_at"] == "2026-12-08T11:00:00.000000Z"  # a correction keeps the moment
    assert w.store.scalar("SELECT count(*) FROM decision") == 1


def test_decisions_of_several_items_in_one_go(with_positions: World) -> None:
    w = with_positions
    made = record_decisions(
        w.store,
        w.secretary,
        w.meeting_id,
        [
            DecisionSpec(w.decision_item, "Ja.", OC.ADOPTED_BY_ALL),
            DecisionSpec(w.discussion_item, "Besproken.", OC.NOTED),
            DecisionSpec(w.info_item, "Kennisgenomen.", OC.NOTED),
        ],
    )
    assert len(made) == 3
    assert w.store.scalar("SELECT count(*) FROM decision") == 3


def test_a_member_does_not_record_decisions(world: World) -> None:
    with pytest.raises(errors.NotPermitted):
        record_decision(world.store, world.member, world.decision_item, "B.", OC.ADOPTED_BY_ALL)
    with pytest.raises(errors.NotFound):
        record_decision(world.store, world.secretary, "no-such-item", "B.", OC.ADOPTED_BY_ALL)
