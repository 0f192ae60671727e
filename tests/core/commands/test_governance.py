"""The regional portfolio holder: nomination, appointment, end and succession
(regiodesk/commands/governance.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import pytest

from regiodesk import errors, model
from regiodesk.commands import agenda, decisions, meetings, region
from regiodesk.commands.agenda import ItemSpec
from regiodesk.commands.governance import (
    AppointedByTheBoard,
    AppointedByTheMunicipalities,
    AppointmentEnded,
    CandidateNotAMember,
    DecisionOfAnotherPfo,
    MunicipalityNotAppointing,
    NominationNotRecommended,
    OverlappingTerm,
    PredecessorStillInOffice,
    appoint_successor,
    council_period_end,
    date_rule_met,
    end_appointment,
    nominate,
    open_appointment,
    record_board_appointment,
    record_municipal_appointment,
    record_recommendation,
    required_appointments,
)
from regiodesk.model.enums import (
    AppointingBody,
    AppointmentStatus,
    AppointmentVote,
    DecisionOutcome,
    ItemKind,
)
from regiodesk.permissions import SYSTEM
from regiodesk.store import Store
from regiodesk.timeutil import AMSTERDAM

if TYPE_CHECKING:
    from tests.core.conftest import World

V = AppointmentVote
S = AppointmentStatus
START = date(2027, 1, 1)


def set_region_rule(
    store: Store, threshold_pct: int = 100, body: AppointingBody = AppointingBody.MUNICIPALITIES
) -> None:
    region_id = str(store.scalar("SELECT id FROM region"))
    with store.write(None) as writer:
        writer.update(
            model.Region,
            region_id,
            {"appointment_threshold_pct": threshold_pct, "appointing_body": body},
        )


def appointment(store: Store, appointment_id: str) -> dict[str, Any]:
    return dict(store.query("SELECT * FROM appointment WHERE id = ?", (appointment_id,))[0])


def recommended(w: World, candidate: str | None = None) -> str:
    """A nomination of the Enschede member (or ``candidate``), recommended by the PFO."""
    nomination = nominate(
        w.store, w.member, w.pfo_id, candidate or str(w.chair.person_id), "Ervaren bestuurder."
    )
    made = decisions.record_decision(
        w.store, w.secretary, w.decision_item, "Voordracht.", DecisionOutcome.ADOPTED_BY_ALL
    )
    record_recommendation(w.store, w.secretary, nomination, made)
    return nomination


def opened(w: World, term_start: date = START, term_end: date | None = None) -> str:
    return open_appointment(
        w.store, w.secretary, recommended(w), term_start, term_end, mandate="Mandaat PFO."
    )


def vote_all(w: World, appointment_id: str, names: list[str], day: date) -> None:
    for name in names:
        record_municipal_appointment(
            w.store, w.secretary, appointment_id, w.m(name), V.APPOINTED, day, f"Besluit {name}"
        )


# Nomination --------------------------------------------------------------------------------------


def test_a_member_nominates_a_fellow_member(world: World) -> None:
    nomination = nominate(
        world.store, world.member, world.pfo_id, str(world.chair.person_id), "  Kent de regio. "
    )
    row = world.store.query("SELECT * FROM nomination WHERE id = ?", (nomination,))[0]
    assert (row["status"], row["motivation"], row["nominated_by"], row["candidate_id"]) == (
        "proposed",
        "Kent de regio.",
        world.member.person_id,
        world.chair.person_id,
    )


def test_nominating_a_non_member_is_refused(world: World) -> None:
    with pytest.raises(CandidateNotAMember) as caught:
        nominate(world.store, world.member, world.pfo_id, str(world.outsider.person_id), "Goed.")
    assert "Otto Buitenstaander" in str(caught.value)
    # A member of this PFO is no member of the other one.
    with pytest.raises(CandidateNotAMember):
        nominate(world.store, SYSTEM, world.other_pfo_id, str(world.chair.person_id), "Goed.")
    assert world.store.scalar("SELECT count(*) FROM nomination") == 0


def test_a_former_member_cannot_be_nominated(world: World) -> None:
    former = region.add_person(world.store, SYSTEM, "Oud-wethouder", world.m("Losser"))
    losser = world.m("Losser")
    region.add_membership(
        world.store, SYSTEM, world.pfo_id, former, losser, date(2018, 1, 1), date(2022, 3, 31)
    )
    with pytest.raises(CandidateNotAMember):
        nominate(world.store, world.member, world.pfo_id, former, "Goed.")


def test_a_nomination_needs_a_motivation_and_a_member_to_make_it(world: World) -> None:
    with pytest.raises(errors.InvalidInput):
        nominate(world.store, world.member, world.pfo_id, str(world.chair.person_id), "  ")
    with pytest.raises(errors.NotPermitted):
        nominate(world.store, world.outsider, world.pfo_id, str(world.chair.person_id), "Goed.")


def test_the_recommendation_is_a_decision_of_the_pfo(world: World) -> None:
    nomination = recommended(world)
    row = world.store.query("SELECT * FROM nomination WHERE id = ?", (nomination,))[0]
    assert row["status"] == "recommended"
    assert row["decision_id"] == decisions.decision_id(world.decision_item)


def test_a_decision_of_another_pfo_is_no_recommendation(world: World) -> None:
    nomination = nominate(
        world.store, world.member, world.pfo_id, str(world.chair.person_id), "Goed."
    )
    starts = datetime(2027, 1, 5, 10, 0, tzinfo=AMSTERDAM)
    other_meeting = meetings.create_meeting(
        world.store, SYSTEM, world.other_pfo_id, starts, starts.replace(hour=12)
    )
    (item,) = agenda.add_agenda_items(
        world.store, SYSTEM, other_meeting, [ItemSpec("Voordracht", ItemKind.DECISION)]
    )
    other = decisions.record_decision(world.store, SYSTEM, item, "Ja.", DecisionOutcome.NOT_ADOPTED)
    with pytest.raises(DecisionOfAnotherPfo):
        record_recommendation(world.store, world.secretary, nomination, other)
    with pytest.raises(errors.NotFound):
        record_recommendation(world.store, world.secretary, nomination, "no-such-decision")
    mine = decisions.record_decision(
        world.store, world.secretary, world.decision_item, "Ja.", DecisionOutcome.ADOPTED_BY_ALL
    )
    with pytest.raises(errors.NotPermitted):
        record_recommendation(world.store, world.member, nomination, mine)


# Opening an appointment --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2027, 1, 1), date(2030, 3, 31)),
        (date(2026, 3, 31), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2030, 3, 31)),
        (date(2025, 6, 1), date(2026, 3, 31)),
        (date(2030, 4, 1), date(2034, 3, 31)),
    ],
)
def test_a_term_runs_to_the_end_of_the_council_period(start: date, end: date) -> None:
    assert council_period_end(start) == end


def test_opening_an_appointment_asks_every_member_municipality(world: World) -> None:
    made = opened(world)
    row = appointment(world.store, made)
    assert (row["status"], row["term_start"], row["term_end"], row["mandate"]) == (
        "pending",
        "2027-01-01",
        "2030-03-31",
        "Mandaat PFO.",
    )
    assert row["person_id"] == world.chair.person_id
    votes = world.store.query(
        "SELECT municipality_id, vote FROM municipal_appointment WHERE appointment_id = ? "
        "ORDER BY municipality_id",
        (made,),
    )
    assert [r["municipality_id"] for r in votes] == world.member_ids
    assert {r["vote"] for r in votes} == {"pending"}


def test_only_a_recommended_nomination_is_opened_by_the_secretary(world: World) -> None:
    nomination = nominate(
        world.store, world.member, world.pfo_id, str(world.chair.person_id), "Goed."
    )
    with pytest.raises(NominationNotRecommended):
        open_appointment(world.store, world.secretary, nomination, START)
    recommended_one = recommended(world, str(world.member_hengelo.person_id))
    with pytest.raises(errors.NotPermitted):
        open_appointment(world.store, world.member, recommended_one, START)
    with pytest.raises(errors.InvalidInput):
        open_appointment(world.store, world.secretary, recommended_one, START, date(2026, 1, 1))


def test_overlapping_terms_for_one_pfo_are_refused(world: World) -> None:
    opened(world, date(2027, 1, 1), date(2028, 12, 31))
    nomination = recommended(world, str(world.member_hengelo.person_id))
    for start, end in [
        (date(2028, 12, 31), None),
        (date(2026, 6, 1), date(2027, 1, 1)),
        (date(2027, 6, 1), date(2027, 7, 1)),
    ]:
        with pytest.raises(OverlappingTerm) as caught:
            open_appointment(world.store, world.secretary, nomination, start, end)
        assert "Wethouder Enschede" in str(caught.value)
    later = open_appointment(world.store, world.secretary, nomination, date(2029, 1, 1))
    assert appointment(world.store, later)["term_end"] == "2030-03-31"


# Municipal appointment decisions -----------------------------------------------------------------


def test_a_vote_of_a_municipality_that_does_not_take_part_is_refused(world: World) -> None:
    made = opened(world)
    before = world.store.scalar("SELECT count(*) FROM change_log")
    with pytest.raises(MunicipalityNotAppointing) as caught:
        record_municipal_appointment(
            world.store, world.secretary, made, world.m("Losser"), V.APPOINTED, START
        )
    assert "Losser" in str(caught.value)
    assert world.store.scalar("SELECT count(*) FROM change_log") == before


def test_a_member_records_only_their_own_municipalitys_vote(world: World) -> None:
    made = opened(world)
    record_municipal_appointment(
        world.store, world.member, made, world.m("Almelo"), V.APPOINTED, START, "Raadsbesluit 12"
    )
    row = world.store.query(
        "SELECT vote, decided_on, reference FROM municipal_appointment "
        "WHERE appointment_id = ? AND municipality_id = ?",
        (made, world.m("Almelo")),
    )[0]
    assert tuple(row) == ("appointed", "2027-01-01", "Raadsbesluit 12")
    with pytest.raises(errors.NotPermitted):
        record_municipal_appointment(
            world.store, world.member, made, world.m("Hengelo"), V.APPOINTED, START
        )
    with pytest.raises(errors.NotPermitted):
        record_municipal_appointment(
            world.store, world.outsider, made, world.m("Almelo"), V.APPOINTED, START
        )
    with pytest.raises(errors.InvalidInput):
        record_municipal_appointment(
            world.store, world.secretary, made, world.m("Hengelo"), V.APPOINTED
        )


def test_with_the_all_rule_the_term_takes_effect_on_the_last_appointment(world: World) -> None:
    set_region_rule(world.store, 100)
    made = opened(world)
    days = {
        "Enschede": date(2027, 1, 20),
        "Almelo": date(2027, 2, 3),  # the last one, recorded before the others
        "Hengelo": date(2027, 1, 10),
        "Borne": date(2027, 1, 25),
    }
    for name, day in days.items():
        status = record_municipal_appointment(
            world.store, world.secretary, made, world.m(name), V.APPOINTED, day
        )
        assert status is S.PENDING
    assert appointment(world.store, made)["status"] == "pending"
    status = record_municipal_appointment(
        world.store, world.secretary, made, world.m("Oldenzaal"), V.APPOINTED, date(2027, 1, 15)
    )
    assert status is S.EFFECTIVE
    row = appointment(world.store, made)
    assert (row["status"], row["effective_on"]) == ("effective", "2027-02-03")


def test_a_refusal_blocks_the_all_rule(world: World) -> None:
    set_region_rule(world.store, 100)
    made = opened(world)
    vote_all(world, made, ["Enschede", "Almelo", "Hengelo", "Borne"], date(2027, 1, 10))
    record_municipal_appointment(
        world.store, world.secretary, made, world.m("Oldenzaal"), V.NOT_APPOINTED, START
    )
    assert appointment(world.store, made)["status"] == "pending"


def test_with_a_threshold_the_term_takes_effect_when_enough_appoint(world: World) -> None:
    set_region_rule(world.store, 60)  # 3 of 5
    made = opened(world)
    record_municipal_appointment(
        world.store, world.secretary, made, world.m("Enschede"), V.APPOINTED, date(2027, 1, 20)
    )
    record_municipal_appointment(
        world.store, world.secretary, made, world.m("Almelo"), V.NOT_APPOINTED, date(2027, 1, 5)
    )
    record_municipal_appointment(
        world.store, world.secretary, made, world.m("Hengelo"), V.APPOINTED, date(2027, 1, 12)
    )
    assert appointment(world.store, made)["status"] == "pending"
    record_municipal_appointment(
        world.store, world.secretary, made, world.m("Borne"), V.APPOINTED, date(2027, 1, 15)
    )
    row = appointment(world.store, made)
    assert (row["status"], row["effective_on"]) == ("effective", "2027-01-20")
    # A correction that breaks the rule puts the term back to pending.
    record_municipal_appointment(world.store, world.secretary, made, world.m("Borne"), V.PENDING)
    row = appointment(world.store, made)
    assert (row["status"], row["effective_on"]) == ("pending", None)


@pytest.mark.parametrize(
    ("participants", "pct", "needed"),
    [(14, 100, 14), (14, 80, 12), (14, 90, 13), (5, 60, 3), (5, 1, 1), (0, 100, 0)],
)
def test_the_rule_rounds_up(participants: int, pct: int, needed: int) -> None:
    assert required_appointments(participants, pct) == needed


def test_the_rule_is_met_on_the_day_of_the_last_needed_appointment() -> None:
    days = [date(2027, 1, d) for d in (9, 3, 7, 5)]
    assert date_rule_met(days, 5, 80) == date(2027, 1, 9)
    assert date_rule_met(days, 5, 60) == date(2027, 1, 7)
    assert date_rule_met(days, 5, 100) is None


def test_where_the_general_board_appoints_one_decision_settles_it(world: World) -> None:
    set_region_rule(world.store, body=AppointingBody.GENERAL_BOARD)
    made = opened(world)
    assert (
        world.store.scalar(
            "SELECT count(*) FROM municipal_appointment WHERE appointment_id = ?", (made,)
        )
        == 0
    )
    with pytest.raises(AppointedByTheBoard):
        record_municipal_appointment(
            world.store, world.secretary, made, world.m("Almelo"), V.APPOINTED, START
        )
    status = record_board_appointment(
        world.store, world.secretary, made, V.APPOINTED, date(2027, 1, 14)
    )
    assert status is S.EFFECTIVE
    row = appointment(world.store, made)
    assert (row["status"], row["effective_on"]) == ("effective", "2027-01-14")


def test_the_board_decision_is_refused_where_municipalities_appoint(world: World) -> None:
    made = opened(world)
    with pytest.raises(AppointedByTheMunicipalities):
        record_board_appointment(world.store, world.secretary, made, V.APPOINTED, START)


# End and succession ------------------------------------------------------------------------------


def effective(w: World) -> str:
    made = opened(w)
    vote_all(w, made, ["Enschede", "Almelo", "Hengelo", "Borne", "Oldenzaal"], date(2027, 1, 10))
    assert appointment(w.store, made)["status"] == "effective"
    return made


def test_a_term_ends_early(world: World) -> None:
    made = effective(world)
    with pytest.raises(errors.InvalidInput):
        end_appointment(world.store, world.secretary, made, date(2028, 6, 30), " ")
    with pytest.raises(errors.InvalidInput):
        end_appointment(world.store, world.secretary, made, date(2030, 4, 1), "Aftreden.")
    with pytest.raises(errors.InvalidInput):
        end_appointment(world.store, world.secretary, made, date(2027, 1, 9), "Aftreden.")
    with pytest.raises(errors.NotPermitted):
        end_appointment(world.store, world.member, made, date(2028, 6, 30), "Aftreden.")
    end_appointment(world.store, world.secretary, made, date(2028, 6, 30), "Einde wethouderschap.")
    row = appointment(world.store, made)
    assert (row["status"], row["ended_on"], row["end_reason"]) == (
        "ended",
        "2028-06-30",
        "Einde wethouderschap.",
    )
    with pytest.raises(AppointmentEnded):
        end_appointment(world.store, world.secretary, made, date(2028, 7, 1), "Nogmaals.")
    with pytest.raises(AppointmentEnded):
        record_municipal_appointment(
            world.store, world.secretary, made, world.m("Almelo"), V.NOT_APPOINTED, START
        )


def test_a_successor_serves_the_rest_of_the_term(
    world: World, assert_log_explains: Callable[[Store], None]
) -> None:
    made = effective(world)
    successor = recommended(world, str(world.member_hengelo.person_id))
    with pytest.raises(PredecessorStillInOffice):
        appoint_successor(world.store, world.secretary, made, successor)
    end_appointment(world.store, world.secretary, made, date(2028, 6, 30), "Aftreden.")
    new = appoint_successor(world.store, world.secretary, made, successor)
    row = appointment(world.store, new)
    assert (
        row["successor_of_id"],
        row["term_start"],
        row["term_end"],
        row["mandate"],
        row["person_id"],
        row["status"],
    ) == (
        made,
        "2028-07-01",
        "2030-03-31",
        "Mandaat PFO.",
        world.member_hengelo.person_id,
        "pending",
    )
    # The successor cannot start before the predecessor left.
    other = recommended(world, str(world.member.person_id))
    with pytest.raises(OverlappingTerm):
        appoint_successor(world.store, world.secretary, made, other, date(2028, 6, 1))
    assert_log_explains(world.store)
