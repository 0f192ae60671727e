"""How the councils handle a decision routed to them (regiodesk/commands/council.py)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest

from regiodesk import errors
from regiodesk.commands import decisions, positions
from regiodesk.commands.council import (
    CouncilHandling,
    follow_up_id,
    record_council_handling,
    record_council_handlings,
)
from regiodesk.commands.positions import PositionSpec
from regiodesk.model.enums import CouncilStatus, DecisionOutcome, PositionKind

if TYPE_CHECKING:
    from tests.core.conftest import World

C = CouncilStatus


@pytest.fixture
def routed(world: World) -> tuple[World, str]:
    """A coalition decision of Enschede and Almelo (Hengelo does not take part), routed to the
    councils."""
    positions.record_positions(
        world.store,
        world.secretary,
        world.decision_item,
        [
            PositionSpec(world.m("Enschede"), PositionKind.AGREE),
            PositionSpec(world.m("Almelo"), PositionKind.AGREE),
            PositionSpec(world.m("Hengelo"), PositionKind.NOT_PARTICIPATING, "Lokaal."),
        ],
    )
    made = decisions.record_decision(
        world.store,
        world.secretary,
        world.decision_item,
        "Ja.",
        DecisionOutcome.ADOPTED_BY_COALITION,
        to_councils=True,
    )
    return world, made


def follow_up(world: World, decision: str, name: str) -> dict[str, object]:
    return dict(
        world.store.query(
            "SELECT * FROM council_follow_up WHERE id = ?", (follow_up_id(decision, world.m(name)),)
        )[0]
    )


def test_the_secretary_records_each_councils_handling(routed: tuple[World, str]) -> None:
    w, made = routed
    record_council_handlings(
        w.store,
        w.secretary,
        made,
        [
            CouncilHandling(w.m("Enschede"), C.SCHEDULED, scheduled_on=date(2027, 2, 10)),
            CouncilHandling(
                w.m("Almelo"),
                C.ADOPTED_AMENDED,
                handled_on=date(2027, 3, 1),
                amendment=" Evaluatie na twee jaar. ",
            ),
        ],
    )
    enschede, almelo = follow_up(w, made, "Enschede"), follow_up(w, made, "Almelo")
    assert (enschede["status"], enschede["scheduled_on"], enschede["handled_on"]) == (
        "scheduled",
        "2027-02-10",
        None,
    )
    assert (almelo["status"], almelo["handled_on"], almelo["amendment"]) == (
        "adopted_amended",
        "2027-03-01",
        "Evaluatie na twee jaar.",
    )


def test_a_handled_status_without_a_date_is_handled_today(routed: tuple[World, str]) -> None:
    w, made = routed
    record_council_handling(w.store, w.secretary, made, CouncilHandling(w.m("Almelo"), C.REJECTED))
    assert follow_up(w, made, "Almelo")["handled_on"] == date.today().isoformat()


def test_handling_by_a_council_that_does_not_take_part_is_refused(
    routed: tuple[World, str],
) -> None:
    w, made = routed
    before = w.store.scalar("SELECT count(*) FROM change_log")
    for name in ("Hengelo", "Losser"):
        with pytest.raises(errors.InvalidInput) as caught:
            record_council_handling(
                w.store, w.secretary, made, CouncilHandling(w.m(name), C.ADOPTED)
            )
        assert name in str(caught.value)
    assert w.store.scalar("SELECT count(*) FROM change_log") == before


def test_a_handling_needs_its_details(routed: tuple[World, str]) -> None:
    w, made = routed
    with pytest.raises(errors.InvalidInput):
        record_council_handling(
            w.store, w.secretary, made, CouncilHandling(w.m("Almelo"), C.SCHEDULED)
        )
    with pytest.raises(errors.InvalidInput):
        record_council_handling(
            w.store,
            w.secretary,
            made,
            CouncilHandling(w.m("Almelo"), C.ADOPTED_AMENDED, amendment=" "),
        )
    assert follow_up(w, made, "Almelo")["status"] == "to_schedule"


def test_a_member_records_only_their_own_councils_handling(routed: tuple[World, str]) -> None:
    w, made = routed
    record_council_handling(
        w.store,
        w.member,
        made,
        CouncilHandling(w.m("Almelo"), C.SCHEDULED, scheduled_on=date(2027, 1, 20)),
    )
    assert follow_up(w, made, "Almelo")["status"] == "scheduled"
    with pytest.raises(errors.NotPermitted):
        record_council_handling(
            w.store, w.member, made, CouncilHandling(w.m("Enschede"), C.ADOPTED)
        )
    with pytest.raises(errors.NotPermitted):
        record_council_handling(
            w.store, w.outsider, made, CouncilHandling(w.m("Almelo"), C.ADOPTED)
        )


def test_a_decision_that_was_not_routed_takes_no_handling(world: World) -> None:
    made = decisions.record_decision(
        world.store, world.secretary, world.decision_item, "Allen.", DecisionOutcome.ADOPTED_BY_ALL
    )
    with pytest.raises(errors.InvalidInput):
        record_council_handling(
            world.store, world.secretary, made, CouncilHandling(world.m("Almelo"), C.ADOPTED)
        )
    with pytest.raises(errors.NotFound):
        record_council_handling(
            world.store,
            world.secretary,
            "no-such-decision",
            CouncilHandling(world.m("Almelo"), C.ADOPTED),
        )
