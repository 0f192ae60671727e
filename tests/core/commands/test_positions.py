"""Positions of municipalities on agenda items (regiodesk/commands/positions.py)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest

from regiodesk import errors
from regiodesk.commands import decisions, region
from regiodesk.commands.positions import (
    PositionSpec,
    position_id,
    record_position,
    record_positions,
    record_roll_call,
    withdraw_position,
)
from regiodesk.ids import stable_id
from regiodesk.model.enums import DecisionOutcome, PositionKind
from regiodesk.permissions import SYSTEM, Actor
from regiodesk.store import Store

if TYPE_CHECKING:
    from tests.core.conftest import World

K = PositionKind


def entries(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM change_log"))


def position(store: Store, item: str, municipality: str) -> dict[str, object] | None:
    rows = store.query("SELECT * FROM position WHERE id = ?", (position_id(item, municipality),))
    return dict(rows[0]) if rows else None


# Reasons ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [K.AGREE, K.AGREE_SUBJECT_TO_COUNCIL, K.ABSTAIN])
def test_a_reason_is_optional_for_agree_and_abstain(world: World, kind: PositionKind) -> None:
    record_position(world.store, world.secretary, world.decision_item, world.m("Almelo"), kind)
    saved = position(world.store, world.decision_item, world.m("Almelo"))
    assert saved is not None
    assert (saved["kind"], saved["reason"], saved["deleted"]) == (kind.value, "", 0)
    assert saved["recorded_by"] == world.secretary.person_id
    assert str(saved["recorded_at"]).endswith("Z")


@pytest.mark.parametrize("kind", [K.DISAGREE, K.NOT_PARTICIPATING])
@pytest.mark.parametrize("reason", ["", "   \n\t"])
def test_a_reason_is_required_for_disagree_and_not_participating(
    world: World, kind: PositionKind, reason: str
) -> None:
    before = entries(world.store)
    with pytest.raises(errors.ReasonRequired) as caught:
        record_position(
            world.store, world.secretary, world.decision_item, world.m("Almelo"), kind, reason
        )
    assert kind.label in str(caught.value)
    assert entries(world.store) == before
    assert position(world.store, world.decision_item, world.m("Almelo")) is None


@pytest.mark.parametrize("kind", [K.DISAGREE, K.NOT_PARTICIPATING])
def test_with_a_reason_disagree_and_not_participating_are_recorded(
    world: World, kind: PositionKind
) -> None:
    record_position(
        world.store,
        world.secretary,
        world.decision_item,
        world.m("Hengelo"),
        kind,
        "  De raad wil dit lokaal oplossen.  ",
    )
    saved = position(world.store, world.decision_item, world.m("Hengelo"))
    assert saved is not None
    assert saved["reason"] == "De raad wil dit lokaal oplossen."


# Which items take positions -----------------------------------------------------------------------


def test_an_information_item_takes_no_positions(world: World) -> None:
    with pytest.raises(errors.PositionNotApplicable) as caught:
        record_position(world.store, world.secretary, world.info_item, world.m("Almelo"), K.AGREE)
    assert "Opening en mededelingen" in str(caught.value)
    assert world.store.scalar("SELECT count(*) FROM position") == 0


def test_a_discussion_item_takes_positions(world: World) -> None:
    record_position(
        world.store, world.secretary, world.discussion_item, world.m("Borne"), K.ABSTAIN
    )
    assert position(world.store, world.discussion_item, world.m("Borne")) is not None


@pytest.mark.parametrize(
    "outcome",
    [DecisionOutcome.ADOPTED_BY_ALL, DecisionOutcome.NOT_ADOPTED, DecisionOutcome.NOTED],
)
def test_positions_are_frozen_once_the_item_is_decided(
    world: World, outcome: DecisionOutcome
) -> None:
    s = world.store
    record_position(s, world.secretary, world.decision_item, world.m("Almelo"), K.AGREE)
    decisions.record_decision(s, world.secretary, world.decision_item, "Besluit.", outcome)
    with pytest.raises(errors.ItemAlreadyDecided):
        record_position(s, world.secretary, world.decision_item, world.m("Almelo"), K.ABSTAIN)
    with pytest.raises(errors.ItemAlreadyDecided):
        record_position(s, world.member, world.decision_item, world.m("Almelo"), K.ABSTAIN)
    with pytest.raises(errors.ItemAlreadyDecided):
        withdraw_position(s, world.secretary, world.decision_item, world.m("Almelo"))
    saved = position(s, world.decision_item, world.m("Almelo"))
    assert saved is not None
    assert (saved["kind"], saved["deleted"]) == ("agree", 0)


def test_positions_may_change_after_a_deferral(world: World) -> None:
    s = world.store
    record_position(s, world.secretary, world.decision_item, world.m("Almelo"), K.AGREE)
    decisions.record_decision(
        s, world.secretary, world.decision_item, "Volgende keer.", DecisionOutcome.DEFERRED
    )
    record_position(s, world.member, world.decision_item, world.m("Almelo"), K.DISAGREE, "Te duur.")
    saved = position(s, world.decision_item, world.m("Almelo"))
    assert saved is not None
    assert saved["kind"] == "disagree"
    withdraw_position(s, world.member, world.decision_item, world.m("Almelo"))
    saved = position(s, world.decision_item, world.m("Almelo"))
    assert saved is not None
    assert saved["deleted"] == 1


# Who records what ---------------------------------------------------------------------------------


def test_a_municipality_that_is_not_a_member_takes_no_position(world: World) -> None:
    with pytest.raises(errors.NotAMember) as caught:
        record_position(
            world.store, world.secretary, world.decision_item, world.m("Losser"), K.AGREE
        )
    assert "Losser" in str(caught.value)
    assert "PFO Mobiliteit" in str(caught.value)


def test_membership_counts_on_the_day_of_the_meeting(world: World) -> None:
    s = world.store
    person = region.add_person(s, SYSTEM, "Oud-wethouder Losser", world.m("Losser"))
    region.add_membership(
        s, SYSTEM, world.pfo_id, person, world.m("Losser"), date(2020, 1, 1), date(2026, 12, 7)
    )  # ended the day before
    with pytest.raises(errors.NotAMember):
        record_position(s, world.secretary, world.decision_item, world.m("Losser"), K.AGREE)
    region.add_membership(s, SYSTEM, world.pfo_id, person, world.m("Losser"), date(2026, 12, 8))
    record_position(s, world.secretary, world.decision_item, world.m("Losser"), K.AGREE)
    assert position(s, world.decision_item, world.m("Losser")) is not None


def test_a_member_records_the_position_of_their_own_municipality(world: World) -> None:
    record_position(world.store, world.member, world.decision_item, world.m("Almelo"), K.AGREE)
    saved = position(world.store, world.decision_item, world.m("Almelo"))
    assert saved is not None
    assert saved["recorded_by"] == world.member.person_id


@pytest.mark.parametrize("other", ["Hengelo", "Enschede"])
def test_a_member_may_not_record_another_municipalitys_position(world: World, other: str) -> None:
    with pytest.raises(errors.NotPermitted):
        record_position(world.store, world.member, world.decision_item, world.m(other), K.AGREE)
    assert world.store.scalar("SELECT count(*) FROM position") == 0


def test_a_person_without_a_role_records_nothing(world: World) -> None:
    with pytest.raises(errors.NotPermitted):
        record_position(
            world.store, world.outsider, world.decision_item, world.m("Almelo"), K.AGREE
        )


@pytest.mark.parametrize("who", ["secretary", "chair"])
def test_the_secretary_and_the_chair_record_any_members_position(world: World, who: str) -> None:
    actor: Actor = getattr(world, who)
    record_positions(
        world.store,
        actor,
        world.decision_item,
        [PositionSpec(world.m(name), K.AGREE) for name in ("Almelo", "Hengelo", "Borne")],
    )
    assert world.store.scalar("SELECT count(*) FROM position WHERE deleted = 0") == 3


def test_a_roll_call_is_all_or_nothing(world: World) -> None:
    s = world.store
    before = entries(s)
    with pytest.raises(errors.ReasonRequired):
        record_roll_call(
            s,
            world.secretary,
            world.meeting_id,
            {
                world.decision_item: [PositionSpec(world.m("Almelo"), K.AGREE)],
                world.decision_item_2: [
                    PositionSpec(world.m("Hengelo"), K.AGREE),
                    PositionSpec(world.m("Borne"), K.DISAGREE),  # no reason
                ],
            },
        )
    assert entries(s) == before
    with pytest.raises(errors.NotFound):
        record_roll_call(
            s,
            world.secretary,
            world.meeting_id,
            {"no-such-item": [PositionSpec(world.m("Almelo"), K.AGREE)]},
        )
    assert entries(s) == before


def test_a_roll_call_counts_what_it_created_or_changed(world: World) -> None:
    s, sec = world.store, world.secretary
    call = {world.decision_item: [PositionSpec(world.m(n), K.AGREE) for n in ("Almelo", "Borne")]}
    assert record_roll_call(s, sec, world.meeting_id, call) == 2
    assert record_roll_call(s, sec, world.meeting_id, call) == 0  # the same again: no change
    changed = {world.decision_item: [PositionSpec(world.m("Borne"), K.ABSTAIN)]}
    assert record_roll_call(s, sec, world.meeting_id, changed) == 1
    assert position(s, world.decision_item, world.m("Borne"))["kind"] == "abstain"  # type: ignore[index]


# Identity, withdrawal, restore --------------------------------------------------------------------


def test_a_position_has_one_stable_id_per_item_and_municipality(world: World) -> None:
    [made] = record_positions(
        world.store,
        world.secretary,
        world.decision_item,
        [PositionSpec(world.m("Almelo"), K.AGREE)],
    )
    assert made == stable_id("position", world.decision_item, world.m("Almelo"))
    record_position(
        world.store, world.secretary, world.decision_item, world.m("Almelo"), K.DISAGREE, "Nee."
    )
    assert world.store.scalar("SELECT count(*) FROM position") == 1


def test_withdraw_then_record_again_restores_the_same_row(world: World) -> None:
    s, sec, almelo = world.store, world.secretary, world.m("Almelo")
    record_position(s, sec, world.decision_item, almelo, K.AGREE)
    withdraw_position(s, sec, world.decision_item, almelo)
    count = entries(s)
    withdraw_position(s, sec, world.decision_item, almelo)  # nothing left to withdraw
    assert entries(s) == count
    record_position(s, sec, world.decision_item, almelo, K.AGREE)
    saved = position(s, world.decision_item, almelo)
    assert saved is not None
    assert (saved["kind"], saved["deleted"]) == ("agree", 0)
    ops = [
        r[0]
        for r in s.conn.execute(
            "SELECT op FROM change_log WHERE entity_id = ? ORDER BY seq",
            (position_id(world.decision_item, almelo),),
        )
    ]
    assert ops == ["create", "delete", "restore"]


def test_a_member_withdraws_only_their_own_position(world: World) -> None:
    s = world.store
    record_position(s, world.secretary, world.decision_item, world.m("Hengelo"), K.AGREE)
    with pytest.raises(errors.NotPermitted):
        withdraw_position(s, world.member, world.decision_item, world.m("Hengelo"))
    assert position(s, world.decision_item, world.m("Hengelo"))["deleted"] == 0  # type: ignore[index]
