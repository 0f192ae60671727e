"""The regional portfolio holder: the PFO nominates, the municipalities (or the general board)
appoint.

A member proposes a candidate from the PFO's own members (``nominate``); the PFO's decision to
recommend that candidate makes it the PFO's nomination (``record_recommendation``).  The secretary
then opens the appointment for a term (``open_appointment``): by default until the end of the
council period, the day before 1 April after the next municipal election.  Each member
municipality records its appointment decision (``record_municipal_appointment``); the appointment
takes effect on the day the region's rule is met (all of them, or ``appointment_threshold_pct``
per cent).  Where the general board appoints, one decision settles it
(``record_board_appointment``).  A term ends early on resignation or end of office
(``end_appointment``); a successor is a new appointment that names its predecessor.

Terms are inclusive: ``term_end`` and ``ended_on`` are the last days in office.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from regiodesk import model
from regiodesk.commands._common import fetch, require_text
from regiodesk.commands.positions import member_municipality_ids
from regiodesk.errors import DomainRuleError, InvalidInput, NotPermitted
from regiodesk.i18n import N_, _, format_date
from regiodesk.ids import stable_id
from regiodesk.model.enums import (
    AppointingBody,
    AppointmentStatus,
    AppointmentVote,
    NominationStatus,
)
from regiodesk.permissions import Actor, is_secretary, member_municipalities
from regiodesk.store import Store
from regiodesk.timeutil import utc_now

#: Municipal elections are held every four years in March; this is one of those years.
ELECTION_YEAR = 2026
ELECTION_CYCLE = 4

DECIDED = frozenset({AppointmentVote.APPOINTED, AppointmentVote.NOT_APPOINTED})


# Errors ------------------------------------------------------------------------------------------


class CandidateNotAMember(DomainRuleError):
    template = N_("{candidate} is not a member of {pfo}; only its own members can be nominated.")


class NominationNotOpen(DomainRuleError):
    template = N_("The nomination of {candidate} is {status}; it can no longer be recommended.")


class NominationNotRecommended(DomainRuleError):
    template = N_(
        "The nomination of {candidate} has not been recommended by the PFO; "
        "record the PFO's recommendation before the appointment."
    )


class DecisionOfAnotherPfo(DomainRuleError):
    template = N_("That decision was not taken in a meeting of {pfo}.")


class OverlappingTerm(DomainRuleError):
    template = N_(
        "{pfo} already has a regional portfolio holder ({person}) from {start} to {end}; "
        "terms may not overlap."
    )


class MunicipalityNotAppointing(DomainRuleError):
    template = N_("{municipality} does not take part in this appointment.")


class AppointedByTheBoard(DomainRuleError):
    template = N_(
        "In this region the general board appoints the regional portfolio holder; "
        "record its decision instead of one per municipality."
    )


class AppointedByTheMunicipalities(DomainRuleError):
    template = N_(
        "In this region each municipality appoints the regional portfolio holder; "
        "record their decisions one by one."
    )


class AppointmentEnded(DomainRuleError):
    template = N_("The term of {person} as regional portfolio holder has ended.")


class PredecessorStillInOffice(DomainRuleError):
    template = N_(
        "{person} is still regional portfolio holder; end that term before appointing a successor."
    )


# Rules shared with the queries -------------------------------------------------------------------


def council_period_end(on: date) -> date:
    """The last day of the council period that ``on`` falls in: 31 March of the next municipal
    election year (the new councils and colleges take office around 1 April)."""
    year = on.year + (ELECTION_YEAR - on.year) % ELECTION_CYCLE
    end = date(year, 3, 31)
    return end if end >= on else date(year + ELECTION_CYCLE, 3, 31)


def successor_term(ended_on: date, term_end: date) -> tuple[date, date]:
    """The default term of a successor: the rest of the predecessor's term, from the day after
    the predecessor left office (``ended_on``) to the end of the predecessor's term."""
    return ended_on + timedelta(days=1), term_end


def required_appointments(participants: int, threshold_pct: int) -> int:
    """How many appointing municipalities make the rule: ``threshold_pct`` per cent of the
    participants, rounded up (100: all of them)."""
    return max(1, math.ceil(participants * threshold_pct / 100)) if participants else 0


def date_rule_met(
    appointed_on: Iterable[date | None], participants: int, threshold_pct: int
) -> date | None:
    """The day the rule was met, given the dates of the municipalities that appointed: the day
    of the last appointment needed (votes may be recorded out of order)."""
    days = sorted(day for day in appointed_on if day is not None)
    needed = required_appointments(participants, threshold_pct)
    if needed == 0 or len(days) < needed:
        return None
    return days[needed - 1]


# Commands ----------------------------------------------------------------------------------------


def nominate(store: Store, actor: Actor, pfo_id: str, candidate_id: str, motivation: str) -> str:
    """A member of the PFO proposes one of its current members as regional portfolio holder."""
    pfo = fetch(store, "pfo", pfo_id, "id, name")
    candidate = fetch(store, "person", candidate_id, "id, name")
    if not (is_secretary(store, actor, pfo_id) or member_municipalities(store, actor, pfo_id)):
        raise NotPermitted(
            action=_("nominate a regional portfolio holder"),
            reason=_("only a member or the secretary of the PFO may"),
        )
    text = require_text(motivation, _("motivation"))
    today = date.today().isoformat()
    if not store.scalar(
        "SELECT 1 FROM membership WHERE pfo_id = ? AND person_id = ? AND deleted = 0 "
        'AND start <= ? AND ("end" IS NULL OR "end" >= ?)',
        (pfo_id, candidate_id, today, today),
    ):
        raise CandidateNotAMember(candidate=candidate["name"], pfo=pfo["name"])
    with store.write(actor.person_id) as writer:
        return writer.create(
            model.Nomination,
            {
                "pfo_id": pfo_id,
                "candidate_id": candidate_id,
                "nominated_by": actor.person_id,
                "motivation": text,
                "nominated_at": utc_now(),
                "status": NominationStatus.PROPOSED,
            },
        )


def record_recommendation(store: Store, actor: Actor, nomination_id: str, decision_id: str) -> None:
    """The PFO recommends the nominee, by a decision taken in one of its meetings."""
    nomination = _nomination(store, nomination_id)
    _require_appointer(store, actor, nomination.pfo_id)
    if nomination.status not in (NominationStatus.PROPOSED, NominationStatus.RECOMMENDED):
        raise NominationNotOpen(candidate=nomination.candidate, status=nomination.status.label)
    fetch(store, "decision", decision_id, "id")
    if not store.scalar(
        "SELECT 1 FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id "
        "JOIN meeting m ON m.id = i.meeting_id WHERE d.id = ? AND m.pfo_id = ?",
        (decision_id, nomination.pfo_id),
    ):
        raise DecisionOfAnotherPfo(pfo=nomination.pfo)
    with store.write(actor.person_id) as writer:
        writer.update(
            model.Nomination,
            nomination_id,
            {"status": NominationStatus.RECOMMENDED, "decision_id": decision_id},
        )


def open_appointment(
    store: Store,
    actor: Actor,
    nomination_id: str,
    term_start: date,
    term_end: date | None = None,
    mandate: str = "",
    successor_of_id: str | None = None,
) -> str:
    """Open the appointment of a recommended nominee (pending until the region's rule is met).

    Where the municipalities appoint, each municipality that is a member of the PFO today gets a
    pending appointment decision.  ``successor_of_id`` names the (ended) predecessor; the
    successor's term then runs by default to the end of the predecessor's.
    """
    nomination = _nomination(store, nomination_id)
    _require_appointer(store, actor, nomination.pfo_id)
    if nomination.status is not NominationStatus.RECOMMENDED:
        raise NominationNotRecommended(candidate=nomination.candidate)
    if successor_of_id is not None:
        predecessor = _appointment(store, successor_of_id)
        if predecessor.pfo_id != nomination.pfo_id:
            raise InvalidInput(
                field=_("predecessor"),
                reason=_("the predecessor was regional portfolio holder of another PFO"),
            )
        if predecessor.status is not AppointmentStatus.ENDED:
            raise PredecessorStillInOffice(person=predecessor.person)
        if term_end is None:
            term_end = predecessor.term_end
    end = term_end or council_period_end(term_start)
    if end < term_start:
        raise InvalidInput(field=_("end of term"), reason=_("the end lies before the start"))
    _refuse_overlap(store, nomination.pfo_id, nomination.pfo, term_start, end)
    body = _appointing_body(store, nomination.pfo_id)
    municipalities = (
        sorted(member_municipality_ids(store, nomination.pfo_id, date.today().isoformat()))
        if body is AppointingBody.MUNICIPALITIES
        else []
    )
    with store.write(actor.person_id) as writer:
        appointment_id = writer.create(
            model.Appointment,
            {
                "pfo_id": nomination.pfo_id,
                "person_id": nomination.candidate_id,
                "nomination_id": nomination_id,
                "term_start": term_start,
                "term_end": end,
                "mandate": mandate.strip(),
                "status": AppointmentStatus.PENDING,
                "successor_of_id": successor_of_id,
            },
        )
        writer.create_many(
            model.MunicipalAppointment,
            [
                {
                    "id": municipal_appointment_id(appointment_id, municipality_id),
                    "appointment_id": appointment_id,
                    "municipality_id": municipality_id,
                    "vote": AppointmentVote.PENDING,
                }
                for municipality_id in municipalities
            ],
        )
    return appointment_id


def municipal_appointment_id(appointment_id: str, municipality_id: str) -> str:
    return stable_id("municipal_appointment", appointment_id, municipality_id)


def record_municipal_appointment(
    store: Store,
    actor: Actor,
    appointment_id: str,
    municipality_id: str,
    vote: AppointmentVote,
    decided_on: date | None = None,
    reference: str = "",
) -> AppointmentStatus:
    """Record (or correct) one municipality's appointment decision; the appointment takes effect
    (or falls back to pending) according to the region's rule.  Returns the new status."""
    appointment = _appointment(store, appointment_id)
    vote = AppointmentVote(vote)
    if appointment.status is AppointmentStatus.ENDED:
        raise AppointmentEnded(person=appointment.person)
    body, threshold = _region_rule(store, appointment.pfo_id)
    if body is AppointingBody.GENERAL_BOARD:
        raise AppointedByTheBoard()
    votes = {
        row["municipality_id"]: row
        for row in store.query(
            "SELECT municipality_id, vote, decided_on FROM municipal_appointment "
            "WHERE appointment_id = ? AND deleted = 0",
            (appointment_id,),
        )
    }
    if municipality_id not in votes:
        name = fetch(store, "municipality", municipality_id, "name")["name"]
        raise MunicipalityNotAppointing(municipality=name)
    if not (
        is_secretary(store, actor, appointment.pfo_id)
        or municipality_id in member_municipalities(store, actor, appointment.pfo_id)
    ):
        raise NotPermitted(
            action=_("record a municipality's appointment decision"),
            reason=_("only the secretary or the municipality's own member may"),
        )
    if vote in DECIDED and decided_on is None:
        raise InvalidInput(field=_("decided on"), reason=_("give the date of the decision"))
    day = decided_on if vote in DECIDED else None
    appointed_on = [
        day if mid == municipality_id else _day(row["decided_on"])
        for mid, row in votes.items()
        if (vote if mid == municipality_id else AppointmentVote(row["vote"]))
        is AppointmentVote.APPOINTED
    ]
    effective_on = date_rule_met(appointed_on, len(votes), threshold)
    status = AppointmentStatus.EFFECTIVE if effective_on else AppointmentStatus.PENDING
    with store.write(actor.person_id) as writer:
        writer.update(
            model.MunicipalAppointment,
            municipal_appointment_id(appointment_id, municipality_id),
            {"vote": vote, "decided_on": day, "reference": reference.strip()},
        )
        writer.update(
            model.Appointment, appointment_id, {"status": status, "effective_on": effective_on}
        )
    return status


def record_board_appointment(
    store: Store, actor: Actor, appointment_id: str, vote: AppointmentVote, decided_on: date
) -> AppointmentStatus:
    """Where the general board appoints: its single decision.  Appointed, the term takes effect
    on that day; not appointed, the appointment ends that day."""
    appointment = _appointment(store, appointment_id)
    _require_appointer(store, actor, appointment.pfo_id)
    if appointment.status is AppointmentStatus.ENDED:
        raise AppointmentEnded(person=appointment.person)
    body, _threshold = _region_rule(store, appointment.pfo_id)
    if body is not AppointingBody.GENERAL_BOARD:
        raise AppointedByTheMunicipalities()
    vote = AppointmentVote(vote)
    values: dict[str, object]
    if vote is AppointmentVote.APPOINTED:
        status = AppointmentStatus.EFFECTIVE
        values = {"status": status, "effective_on": decided_on}
    elif vote is AppointmentVote.NOT_APPOINTED:
        status = AppointmentStatus.ENDED
        values = {
            "status": status,
            "ended_on": decided_on,
            "end_reason": _("not appointed by the general board"),
        }
    else:
        status = AppointmentStatus.PENDING
        values = {"status": status, "effective_on": None}
    with store.write(actor.person_id) as writer:
        writer.update(model.Appointment, appointment_id, values)
    return status


def end_appointment(
    store: Store, actor: Actor, appointment_id: str, ended_on: date, reason: str
) -> None:
    """End a term early (resignation, end of office as alderman, ...); ``ended_on`` is the last
    day in office.  A pending appointment may be ended too (it then never took effect)."""
    appointment = _appointment(store, appointment_id)
    _require_appointer(store, actor, appointment.pfo_id)
    if appointment.status is AppointmentStatus.ENDED:
        raise AppointmentEnded(person=appointment.person)
    text = require_text(reason, _("reason"))
    if ended_on > appointment.term_end:
        raise InvalidInput(field=_("ended on"), reason=_("the end lies after the end of the term"))
    if appointment.effective_on is not None and ended_on < appointment.effective_on:
        raise InvalidInput(
            field=_("ended on"), reason=_("the end lies before the day the term took effect")
        )
    with store.write(actor.person_id) as writer:
        writer.update(
            model.Appointment,
            appointment_id,
            {"status": AppointmentStatus.ENDED, "ended_on": ended_on, "end_reason": text},
        )


def appoint_successor(
    store: Store,
    actor: Actor,
    predecessor_id: str,
    nomination_id: str,
    term_start: date | None = None,
    term_end: date | None = None,
    mandate: str | None = None,
) -> str:
    """Open the appointment of a successor for the rest of an ended term: by default from the
    day after the predecessor left, with the predecessor's mandate."""
    predecessor = _appointment(store, predecessor_id)
    if predecessor.status is not AppointmentStatus.ENDED or predecessor.ended_on is None:
        raise PredecessorStillInOffice(person=predecessor.person)
    default_start, default_end = successor_term(predecessor.ended_on, predecessor.term_end)
    return open_appointment(
        store,
        actor,
        nomination_id,
        term_start or default_start,
        term_end or default_end,
        predecessor.mandate if mandate is None else mandate,
        successor_of_id=predecessor_id,
    )


# Private helpers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Nomination:
    id: str
    pfo_id: str
    pfo: str
    candidate_id: str
    candidate: str
    status: NominationStatus


@dataclass(frozen=True)
class _Appointment:
    id: str
    pfo_id: str
    person: str
    term_start: date
    term_end: date
    status: AppointmentStatus
    effective_on: date | None
    ended_on: date | None
    mandate: str


def _nomination(store: Store, nomination_id: str) -> _Nomination:
    fetch(store, "nomination", nomination_id, "id")
    row = store.query(
        "SELECT n.id, n.pfo_id, f.name AS pfo, n.candidate_id, p.name AS candidate, n.status "
        "FROM nomination n JOIN pfo f ON f.id = n.pfo_id JOIN person p ON p.id = n.candidate_id "
        "WHERE n.id = ?",
        (nomination_id,),
    )[0]
    return _Nomination(
        id=row["id"],
        pfo_id=row["pfo_id"],
        pfo=row["pfo"],
        candidate_id=row["candidate_id"],
        candidate=row["candidate"],
        status=NominationStatus(row["status"]),
    )


def _appointment(store: Store, appointment_id: str) -> _Appointment:
    fetch(store, "appointment", appointment_id, "id")
    row = store.query(
        "SELECT a.*, p.name AS person FROM appointment a JOIN person p ON p.id = a.person_id "
        "WHERE a.id = ?",
        (appointment_id,),
    )[0]
    return _Appointment(
        id=row["id"],
        pfo_id=row["pfo_id"],
        person=row["person"],
        term_start=date.fromisoformat(row["term_start"]),
        term_end=date.fromisoformat(row["term_end"]),
        status=AppointmentStatus(row["status"]),
        effective_on=_day(row["effective_on"]),
        ended_on=_day(row["ended_on"]),
        mandate=row["mandate"],
    )


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _require_appointer(store: Store, actor: Actor, pfo_id: str) -> None:
    if not is_secretary(store, actor, pfo_id):
        raise NotPermitted(
            action=_("change the appointment of a regional portfolio holder"),
            reason=_("only the PFO's secretary or an administrator may"),
        )


def _region_rule(store: Store, pfo_id: str) -> tuple[AppointingBody, int]:
    row = store.query(
        "SELECT r.appointing_body, r.appointment_threshold_pct FROM pfo f "
        "JOIN region r ON r.id = f.region_id WHERE f.id = ?",
        (pfo_id,),
    )[0]
    return AppointingBody(row[0]), int(row[1])


def _appointing_body(store: Store, pfo_id: str) -> AppointingBody:
    return _region_rule(store, pfo_id)[0]


def _refuse_overlap(store: Store, pfo_id: str, pfo: str, start: date, end: date) -> None:
    """Refuse a term that overlaps another (pending or in office) of the same PFO; an ended
    term counts up to its last day in office."""
    for row in store.query(
        "SELECT a.term_start, a.term_end, a.ended_on, p.name FROM appointment a "
        "JOIN person p ON p.id = a.person_id WHERE a.pfo_id = ? AND a.deleted = 0",
        (pfo_id,),
    ):
        other_start = date.fromisoformat(row["term_start"])
        other_end = date.fromisoformat(row["term_end"])
        if row["ended_on"]:
            other_end = min(other_end, date.fromisoformat(row["ended_on"]))
        if other_start <= end and start <= other_end:
            raise OverlappingTerm(
                pfo=pfo,
                person=row["name"],
                start=format_date(other_start),
                end=format_date(other_end),
            )
