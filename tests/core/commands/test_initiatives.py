"""Initiatives of coalitions of the willing and who pays for them
(regiodesk/commands/initiatives.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest

from regiodesk import costs, errors, model
from regiodesk.commands import positions, region
from regiodesk.commands.initiatives import (
    WithdrawalNeedsReason,
    create_initiative,
    participant_id,
    set_participants,
    update_initiative,
)
from regiodesk.commands.positions import PositionSpec
from regiodesk.model.enums import CostKey, PositionKind, Role
from regiodesk.permissions import SYSTEM, Actor
from regiodesk.store import Store

if TYPE_CHECKING:
    from tests.core.conftest import World

D = Decimal
CBS_2024 = date(2024, 1, 1)


def new(world: World, actor: Actor | None = None, **changes: Any) -> str:
    values: dict[str, Any] = {
        "pfo_id": world.pfo_id,
        "budget_per_year": D("100000.00"),
        "start_year": 2027,
        "end_year": 2030,
        "reference_date": CBS_2024,
        "description": " Kleine infrastructuur. ",
    }
    values.update(changes)
    title = values.pop("title", "Regionaal mobiliteitsfonds")
    return create_initiative(world.store, actor or world.secretary, title, **values)


def initiative(store: Store, the_id: str) -> dict[str, Any]:
    return dict(store.query("SELECT * FROM initiative WHERE id = ?", (the_id,))[0])


def recorded(world: World, the_id: str) -> dict[str, tuple[bool, str, str | None, bool]]:
    """name -> (participates, reason, custom percentage, deleted)."""
    return {
        row["name"]: (
            bool(row["participates"]),
            row["reason"],
            row["custom_percentage"],
            bool(row["deleted"]),
        )
        for row in world.store.query(
            "SELECT m.name, p.participates, p.reason, p.custom_percentage, p.deleted "
            "FROM initiative_participant p JOIN municipality m ON m.id = p.municipality_id "
            "WHERE p.initiative_id = ?",
            (the_id,),
        )
    }


def log_count(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM change_log"))


def region_id(world: World) -> str:
    return str(world.store.scalar("SELECT id FROM region"))


# Creating ----------------------------------------------------------------------------------------


def test_the_secretary_creates_an_initiative_of_the_pfo(world: World) -> None:
    made = new(world)
    row = initiative(world.store, made)
    domain = world.store.scalar("SELECT domain_id FROM pfo WHERE id = ?", (world.pfo_id,))
    assert row["pfo_id"] == world.pfo_id
    assert row["domain_id"] == domain
    assert row["region_id"] == region_id(world)
    assert (row["title"], row["description"]) == (
        "Regionaal mobiliteitsfonds",
        "Kleine infrastructuur.",
    )
    assert (row["budget_per_year"], row["cost_key"], row["reference_date"]) == (
        "100000.00",
        "per_inhabitant",
        "2024-01-01",
    )
    assert (row["start_year"], row["end_year"]) == (2027, 2030)
    assert (
        world.store.scalar(
            "SELECT count(*) FROM change_log WHERE entity_id = ? AND op = 'create'", (made,)
        )
        == 1
    )


def test_an_administrator_creates_an_initiative_of_a_domain_alone(world: World) -> None:
    domain = str(world.store.scalar("SELECT domain_id FROM pfo WHERE id = ?", (world.pfo_id,)))
    made = new(
        world, SYSTEM, pfo_id=None, domain_id=domain, cost_key=CostKey.EQUAL, reference_date=None
    )
    row = initiative(world.store, made)
    assert (row["pfo_id"], row["domain_id"], row["cost_key"], row["reference_date"]) == (
        None,
        domain,
        "equal",
        None,
    )
    with pytest.raises(errors.NotPermitted):
        new(world, pfo_id=None, domain_id=domain)


def test_an_administrator_role_may_act_for_any_pfo(world: World) -> None:
    admin = region.add_person(world.store, SYSTEM, "Ada Beheerder")
    region.assign_role(world.store, SYSTEM, admin, Role.ADMIN, date(2020, 1, 1))
    assert new(world, Actor(admin), pfo_id=world.other_pfo_id)


@pytest.mark.parametrize("who", ["member", "chair", "outsider"])
def test_only_the_secretary_or_an_administrator_creates(world: World, who: str) -> None:
    before = log_count(world.store)
    with pytest.raises(errors.NotPermitted):
        new(world, getattr(world, who))
    assert log_count(world.store) == before


def test_the_secretary_of_one_pfo_does_not_create_for_another(world: World) -> None:
    with pytest.raises(errors.NotPermitted):
        new(world, pfo_id=world.other_pfo_id)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"title": "  "}, errors.InvalidInput),
        ({"budget_per_year": D("100.005")}, costs.BudgetNotInCents),
        ({"budget_per_year": D("-1")}, costs.InvalidBudget),
        ({"reference_date": None}, errors.InvalidInput),
        ({"start_year": 2031}, errors.InvalidInput),
        ({"end_year": 2200}, errors.InvalidInput),
        ({"pfo_id": None}, errors.InvalidInput),
        ({"pfo_id": "no-such-pfo"}, errors.NotFound),
    ],
)
def test_creating_is_refused_with_a_reason(
    world: World, changes: dict[str, Any], error: type[Exception]
) -> None:
    before = log_count(world.store)
    with pytest.raises(error):
        new(world, **changes)
    assert log_count(world.store) == before


def test_the_domain_must_be_the_pfos(world: World) -> None:
    other_domain = world.store.scalar(
        "SELECT domain_id FROM pfo WHERE id = ?", (world.other_pfo_id,)
    )
    with pytest.raises(errors.InvalidInput):
        new(world, domain_id=other_domain)


def test_the_budget_is_stored_in_cents(world: World) -> None:
    assert initiative(world.store, new(world, budget_per_year=D("12.5")))["budget_per_year"] == (
        "12.50"
    )


# Participants ------------------------------------------------------------------------------------


def test_the_secretary_sets_the_participants_and_why_others_do_not(world: World) -> None:
    made = new(world)
    set_participants(
        world.store,
        world.secretary,
        made,
        [world.m("Enschede"), world.m("Almelo")],
        reasons={world.m("Losser"): " Eigen fonds. "},
    )
    assert recorded(world, made) == {
        "Enschede": (True, "", None, False),
        "Almelo": (True, "", None, False),
        "Losser": (False, "Eigen fonds.", None, False),
    }


def test_participants_come_from_the_positions_on_the_decision(world: World) -> None:
    positions.record_positions(
        world.store,
        world.secretary,
        world.decision_item_2,
        [
            PositionSpec(world.m("Enschede"), PositionKind.AGREE),
            PositionSpec(world.m("Almelo"), PositionKind.AGREE_SUBJECT_TO_COUNCIL),
            PositionSpec(world.m("Hengelo"), PositionKind.NOT_PARTICIPATING, "Lokaal geregeld."),
            PositionSpec(world.m("Borne"), PositionKind.DISAGREE, "Te duur."),
        ],
    )
    made = new(world)
    set_participants(
        world.store,
        world.secretary,
        made,
        agenda_item_id=world.decision_item_2,
        reasons={world.m("Borne"): "Raad stemde tegen."},
    )
    assert recorded(world, made) == {
        "Enschede": (True, "", None, False),
        "Almelo": (True, "", None, False),
        "Hengelo": (False, "Lokaal geregeld.", None, False),
        "Borne": (False, "Raad stemde tegen.", None, False),
    }


def test_the_decision_must_be_of_the_initiatives_pfo(world: World) -> None:
    positions.record_positions(
        world.store,
        world.secretary,
        world.decision_item,
        [PositionSpec(world.m("Enschede"), PositionKind.AGREE)],
    )
    made = new(world, SYSTEM, pfo_id=world.other_pfo_id)
    with pytest.raises(errors.InvalidInput):
        set_participants(world.store, SYSTEM, made, agenda_item_id=world.decision_item)
    with pytest.raises(errors.NotFound):
        set_participants(world.store, SYSTEM, made, agenda_item_id="no-such-item")


def test_a_decision_without_willing_municipalities_gives_no_coalition(world: World) -> None:
    made = new(world)
    with pytest.raises(errors.InvalidInput):
        set_participants(world.store, world.secretary, made, agenda_item_id=world.decision_item)


def test_dropping_out_needs_a_reason_and_keeps_the_row(
    world: World, assert_log_explains: Callable[[Store], None]
) -> None:
    made = new(world)
    set_participants(world.store, world.secretary, made, [world.m("Enschede"), world.m("Almelo")])
    with pytest.raises(WithdrawalNeedsReason, match="Almelo"):
        set_participants(world.store, world.secretary, made, [world.m("Enschede")])
    changed = set_participants(
        world.store,
        world.secretary,
        made,
        [world.m("Enschede")],
        reasons={world.m("Almelo"): "Bezuiniging 2028."},
    )
    the_row = participant_id(made, world.m("Almelo"))
    assert changed == [the_row]
    assert recorded(world, made)["Almelo"] == (False, "Bezuiniging 2028.", None, False)
    history = world.store.query(
        "SELECT op, fields FROM change_log WHERE entity_id = ? ORDER BY seq", (the_row,)
    )
    assert [row["op"] for row in history] == ["create", "set"]
    # Joining again is a change too, and clears the reason.
    set_participants(world.store, world.secretary, made, [world.m("Enschede"), world.m("Almelo")])
    assert recorded(world, made)["Almelo"] == (True, "", None, False)
    assert_log_explains(world.store)


def test_a_tombstoned_row_is_restored(world: World) -> None:
    made = new(world)
    set_participants(world.store, world.secretary, made, [world.m("Enschede")])
    with world.store.write(None) as writer:
        writer.delete(model.InitiativeParticipant, participant_id(made, world.m("Enschede")))
    set_participants(world.store, world.secretary, made, [world.m("Enschede")])
    assert recorded(world, made)["Enschede"] == (True, "", None, False)


def test_setting_the_same_participants_again_changes_nothing(world: World) -> None:
    made = new(world)
    set_participants(world.store, world.secretary, made, [world.m("Enschede")])
    before = log_count(world.store)
    assert set_participants(world.store, world.secretary, made, [world.m("Enschede")]) == []
    assert log_count(world.store) == before


@pytest.mark.parametrize(
    "call",
    [
        "nothing",
        "both",
        "reason_for_participant",
        "stranger",
        "empty",
    ],
)
def test_participants_are_refused_with_a_reason(world: World, call: str) -> None:
    made = new(world)
    enschede = world.m("Enschede")
    arguments: dict[str, dict[str, Any]] = {
        "nothing": {},
        "both": {"municipality_ids": [enschede], "agenda_item_id": world.decision_item},
        "reason_for_participant": {"municipality_ids": [enschede], "reasons": {enschede: "x"}},
        "stranger": {"municipality_ids": [enschede, "no-such-municipality"]},
        "empty": {"municipality_ids": []},
    }
    before = log_count(world.store)
    with pytest.raises((errors.InvalidInput, errors.NotFound)):
        set_participants(world.store, world.secretary, made, **arguments[call])
    assert log_count(world.store) == before


def test_only_the_secretary_sets_participants(world: World) -> None:
    made = new(world)
    with pytest.raises(errors.NotPermitted):
        set_participants(world.store, world.member, made, [world.m("Almelo")])
    with pytest.raises(errors.NotFound):
        set_participants(world.store, world.secretary, "no-such-initiative", [world.m("Almelo")])


def test_per_inhabitant_needs_a_population_figure_at_the_reference_date(world: World) -> None:
    # Wierden's latest figure is of 2022; on 1 January 2021 nobody has one.
    made = new(world, reference_date=date(2023, 6, 1))
    set_participants(world.store, world.secretary, made, [world.m("Wierden")])
    early = new(world, reference_date=date(2021, 1, 1))
    with pytest.raises(costs.PopulationMissing, match="Wierden"):
        set_participants(world.store, world.secretary, early, [world.m("Wierden")])


# Custom percentages ------------------------------------------------------------------------------


def test_custom_percentages_come_with_the_participants(world: World) -> None:
    made = new(world, cost_key=CostKey.CUSTOM, reference_date=None)
    two = [world.m("Enschede"), world.m("Almelo")]
    with pytest.raises(costs.PercentageMissing):
        set_participants(world.store, world.secretary, made, two)
    with pytest.raises(costs.PercentagesNotHundred):
        set_participants(
            world.store,
            world.secretary,
            made,
            two,
            percentages={two[0]: D(60), two[1]: D(30)},
        )
    with pytest.raises(errors.InvalidInput):
        set_participants(
            world.store,
            world.secretary,
            made,
            two,
            percentages={two[0]: D(60), two[1]: D(40), world.m("Losser"): D(0)},
        )
    set_participants(
        world.store, world.secretary, made, two, percentages={two[0]: D(60), two[1]: D(40)}
    )
    assert recorded(world, made)["Enschede"][2] == "60"
    # A third participant needs percentages that again add up to 100.
    three = [*two, world.m("Hengelo")]
    with pytest.raises(costs.PercentageMissing):
        set_participants(world.store, world.secretary, made, three)
    set_participants(
        world.store,
        world.secretary,
        made,
        three,
        percentages={two[0]: D(50), two[1]: D(30), three[2]: D(20)},
    )
    assert {name: row[2] for name, row in recorded(world, made).items()} == {
        "Enschede": "50",
        "Almelo": "30",
        "Hengelo": "20",
    }


# Updating ----------------------------------------------------------------------------------------


def test_the_secretary_updates_budget_key_and_reference_date(world: World) -> None:
    made = new(world)
    set_participants(world.store, world.secretary, made, [world.m("Enschede"), world.m("Almelo")])
    assert update_initiative(
        world.store,
        world.secretary,
        made,
        budget_per_year=D("250000"),
        reference_date=date(2025, 1, 1),
        title=" Mobiliteitsfonds ",
        end_year=2031,
    )
    row = initiative(world.store, made)
    assert (row["budget_per_year"], row["reference_date"], row["title"], row["end_year"]) == (
        "250000.00",
        "2025-01-01",
        "Mobiliteitsfonds",
        2031,
    )
    assert not update_initiative(world.store, world.secretary, made, budget_per_year=D("250000.00"))
    changes = world.store.query(
        "SELECT op FROM change_log WHERE entity_id = ? ORDER BY seq", (made,)
    )
    assert [row["op"] for row in changes] == ["create", "set"]


def test_switching_to_custom_needs_percentages_of_every_participant(world: World) -> None:
    made = new(world)
    enschede, almelo = world.m("Enschede"), world.m("Almelo")
    set_participants(world.store, world.secretary, made, [enschede, almelo])
    with pytest.raises(costs.PercentageMissing):
        update_initiative(world.store, world.secretary, made, cost_key=CostKey.CUSTOM)
    with pytest.raises(errors.InvalidInput):
        update_initiative(
            world.store,
            world.secretary,
            made,
            cost_key=CostKey.CUSTOM,
            custom_percentages={enschede: D(50), world.m("Losser"): D(50)},
        )
    update_initiative(
        world.store,
        world.secretary,
        made,
        cost_key=CostKey.CUSTOM,
        custom_percentages={enschede: D("62.5"), almelo: D("37.5")},
    )
    assert initiative(world.store, made)["cost_key"] == "custom"
    assert recorded(world, made)["Almelo"][2] == "37.5"


def test_updating_is_refused_with_a_reason(world: World) -> None:
    made = new(world)
    set_participants(world.store, world.secretary, made, [world.m("Enschede")])
    before = log_count(world.store)
    for changes, error in [
        ({"budget_per_year": D("0.001")}, costs.BudgetNotInCents),
        ({"reference_date": date(2019, 1, 1)}, costs.PopulationMissing),
        ({"start_year": 2040}, errors.InvalidInput),
        ({"title": ""}, errors.InvalidInput),
    ]:
        with pytest.raises(error):
            update_initiative(world.store, world.secretary, made, **changes)
    with pytest.raises(errors.NotPermitted):
        update_initiative(world.store, world.outsider, made, budget_per_year=D(1))
    assert log_count(world.store) == before


def test_a_whole_history_is_explained_by_the_log(
    world: World, assert_log_explains: Callable[[Store], None]
) -> None:
    made = new(world, cost_key=CostKey.EQUAL)
    set_participants(world.store, world.secretary, made, [world.m("Enschede"), world.m("Borne")])
    update_initiative(
        world.store,
        world.secretary,
        made,
        cost_key=CostKey.CUSTOM,
        custom_percentages={world.m("Enschede"): D(70), world.m("Borne"): D(30)},
    )
    update_initiative(world.store, world.secretary, made, cost_key=CostKey.PER_INHABITANT)
    assert_log_explains(world.store)


def test_participants_remember_the_decision_they_came_from(world: World) -> None:
    from regiodesk.commands.decisions import record_decision
    from regiodesk.commands.initiatives import set_participants
    from regiodesk.commands.positions import record_position
    from regiodesk.model.enums import DecisionOutcome, PositionKind
    from regiodesk.queries.initiatives import initiative_shares

    store = world.store
    record_position(
        store, world.chair, world.decision_item, world.m("Enschede"), PositionKind.AGREE, ""
    )
    record_decision(
        store,
        world.secretary,
        world.decision_item,
        "Wij doen mee.",
        DecisionOutcome.ADOPTED_BY_COALITION,
    )
    initiative = new(world, title="Fietsroute")
    set_participants(store, world.secretary, initiative, agenda_item_id=world.decision_item)
    shares = initiative_shares(store, initiative)
    assert shares is not None
    assert shares.source_item_id == world.decision_item
    set_participants(store, world.secretary, initiative, [world.m("Enschede")])
    shares = initiative_shares(store, initiative)
    assert shares is not None
    assert shares.source_item_id is None
