"""The regional portfolio holders and the daily board, and decisions followed home.

* ``portfolio_holder_history``: every term of a PFO's regional portfolio holders, newest first.
* ``daily_board``: the DB as it stands on a day: the regional portfolio holders in office, with
  their PFOs, the DB's tasks, and the PFOs that have none ("who is missing").
* ``appointment_progress``: where a pending appointment stands, municipality by municipality.
* ``council_overview``: per decision routed to the councils, where each council stands; overdue
  decisions first (the council deadline has passed and not every council handled it).
* ``council_agenda``: what one municipality's council still has to handle.
* ``open_nominations`` and ``pfo_decisions``: a PFO's nominations still to recommend or to open
  an appointment for, and the decisions of its meetings a recommendation can point to.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from regiodesk.commands._common import fetch
from regiodesk.commands.council import HANDLED
from regiodesk.commands.governance import date_rule_met, required_appointments
from regiodesk.i18n import N_, _
from regiodesk.model.enums import (
    AppointingBody,
    AppointmentStatus,
    AppointmentVote,
    CouncilStatus,
    DecisionOutcome,
    NominationStatus,
)
from regiodesk.references import meeting_reference
from regiodesk.store import Store
from regiodesk.timeutil import from_text

#: What the daily board does, and only that (the deck: coordination, external representation,
#: housekeeping).
BOARD_TASKS: dict[str, str] = {
    "coordination": N_("coordination"),
    "external_representation": N_("external representation"),
    "housekeeping": N_("housekeeping"),
}


# Regional portfolio holders ----------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One appointment of a regional portfolio holder."""

    id: str
    pfo_id: str
    person_id: str
    person: str
    municipality: str | None
    term_start: date
    term_end: date
    status: AppointmentStatus
    effective_on: date | None
    ended_on: date | None
    end_reason: str
    mandate: str
    successor_of_id: str | None

    @property
    def last_day(self) -> date:
        """The last day in office (or planned in office)."""
        return min(self.term_end, self.ended_on) if self.ended_on else self.term_end

    def in_office_on(self, day: date) -> bool:
        return (
            self.status is AppointmentStatus.EFFECTIVE
            and self.effective_on is not None
            and self.effective_on <= day
            and self.term_start <= day <= self.last_day
        )


def portfolio_holder_history(store: Store, pfo_id: str) -> list[Term]:
    """Every term of the PFO's regional portfolio holders, the newest first."""
    fetch(store, "pfo", pfo_id, "id")
    terms = [_term(row) for row in store.query(_TERMS_SQL + " AND a.pfo_id = ?", (pfo_id,))]
    return sorted(terms, key=lambda term: (term.term_start, term.id), reverse=True)


@dataclass(frozen=True)
class BoardMember:
    pfo_id: str
    pfo: str
    pfo_short_name: str
    domain: str
    term: Term


@dataclass(frozen=True)
class PfoWithoutHolder:
    pfo_id: str
    pfo: str
    pfo_short_name: str
    domain: str
    #: A pending appointment for the PFO, if one is under way.
    pending_appointment_id: str | None


@dataclass(frozen=True)
class DailyBoard:
    on: date
    members: list[BoardMember]
    #: The PFOs without a regional portfolio holder in office: who is missing.
    missing: list[PfoWithoutHolder]

    @property
    def tasks(self) -> list[tuple[str, str]]:
        """The DB's tasks: (key, translated label)."""
        return [(key, _(label)) for key, label in BOARD_TASKS.items()]

    @property
    def complete(self) -> bool:
        return not self.missing


def daily_board(store: Store, region_id: str | None = None, on: date | None = None) -> DailyBoard:
    """The daily board on a day (default today): the regional portfolio holders in office."""
    day = on or date.today()
    pfos = store.query(
        "SELECT f.id, f.name, f.short_name, d.name AS domain FROM pfo f "
        "JOIN domain d ON d.id = f.domain_id WHERE f.deleted = 0 "
        "AND (? IS NULL OR f.region_id = ?) ORDER BY f.name",
        (region_id, region_id),
    )
    terms: dict[str, list[Term]] = {}
    for row in store.query(_TERMS_SQL, ()):
        terms.setdefault(row["pfo_id"], []).append(_term(row))
    members: list[BoardMember] = []
    missing: list[PfoWithoutHolder] = []
    for pfo in pfos:
        own = terms.get(pfo["id"], [])
        current = [term for term in own if term.in_office_on(day)]
        if current:
            members += [
                BoardMember(pfo["id"], pfo["name"], pfo["short_name"], pfo["domain"], term)
                for term in current
            ]
            continue
        pending = next((t.id for t in own if t.status is AppointmentStatus.PENDING), None)
        missing.append(
            PfoWithoutHolder(pfo["id"], pfo["name"], pfo["short_name"], pfo["domain"], pending)
        )
    return DailyBoard(on=day, members=members, missing=missing)


# Appointment progress ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MunicipalVote:
    municipality_id: str
    municipality: str
    vote: AppointmentVote
    decided_on: date | None
    reference: str


@dataclass(frozen=True)
class AppointmentProgress:
    term: Term
    appointing_body: AppointingBody
    threshold_pct: int
    votes: list[MunicipalVote]
    #: How many municipalities must appoint for the rule to be met.
    required: int
    appointed: int
    not_appointed: int
    pending: int
    #: The day the rule was met (None while it is not).
    rule_met_on: date | None

    @property
    def participants(self) -> int:
        return len(self.votes)

    @property
    def rule_met(self) -> bool:
        return self.rule_met_on is not None

    @property
    def still_possible(self) -> bool:
        """Whether the pending votes can still make the rule."""
        return self.appointed + self.pending >= self.required


def appointment_progress(store: Store, appointment_id: str) -> AppointmentProgress:
    fetch(store, "appointment", appointment_id, "id")
    term = _term(store.query(_TERMS_SQL + " AND a.id = ?", (appointment_id,))[0])
    rule = store.query(
        "SELECT r.appointing_body, r.appointment_threshold_pct FROM pfo f "
        "JOIN region r ON r.id = f.region_id WHERE f.id = ?",
        (term.pfo_id,),
    )[0]
    threshold = int(rule["appointment_threshold_pct"])
    votes = [
        MunicipalVote(
            municipality_id=row["municipality_id"],
            municipality=row["name"],
            vote=AppointmentVote(row["vote"]),
            decided_on=_day(row["decided_on"]),
            reference=row["reference"],
        )
        for row in store.query(
            "SELECT v.municipality_id, m.name, v.vote, v.decided_on, v.reference "
            "FROM municipal_appointment v JOIN municipality m ON m.id = v.municipality_id "
            "WHERE v.appointment_id = ? AND v.deleted = 0 ORDER BY m.name",
            (appointment_id,),
        )
    ]
    appointed = [v for v in votes if v.vote is AppointmentVote.APPOINTED]
    return AppointmentProgress(
        term=term,
        appointing_body=AppointingBody(rule["appointing_body"]),
        threshold_pct=threshold,
        votes=votes,
        required=required_appointments(len(votes), threshold),
        appointed=len(appointed),
        not_appointed=sum(v.vote is AppointmentVote.NOT_APPOINTED for v in votes),
        pending=sum(v.vote is AppointmentVote.PENDING for v in votes),
        rule_met_on=date_rule_met((v.decided_on for v in appointed), len(votes), threshold),
    )


# Nominations and recommendations ----------------------------------------------------------------


@dataclass(frozen=True)
class OpenNomination:
    """A nomination the PFO has still to recommend (proposed) or that awaits its appointment
    (recommended, no appointment opened for it yet)."""

    id: str
    pfo_id: str
    candidate_id: str
    candidate: str
    municipality: str | None
    status: NominationStatus
    motivation: str
    nominated_at: datetime
    #: The decision that recommended it (None while proposed).
    decision_id: str | None


def open_nominations(store: Store, pfo_id: str) -> list[OpenNomination]:
    """The PFO's proposed nominations and its recommended ones without an appointment, the
    oldest first."""
    fetch(store, "pfo", pfo_id, "id")
    rows = store.query(
        "SELECT n.id, n.pfo_id, n.candidate_id, p.name AS candidate, mu.name AS municipality, "
        "n.status, n.motivation, n.nominated_at, n.decision_id FROM nomination n "
        "JOIN person p ON p.id = n.candidate_id "
        "LEFT JOIN municipality mu ON mu.id = p.municipality_id "
        "WHERE n.pfo_id = ? AND n.deleted = 0 AND (n.status = ? OR (n.status = ? AND NOT EXISTS "
        "(SELECT 1 FROM appointment a WHERE a.nomination_id = n.id AND a.deleted = 0))) "
        "ORDER BY n.nominated_at, n.id",
        (pfo_id, NominationStatus.PROPOSED.value, NominationStatus.RECOMMENDED.value),
    )
    return [
        OpenNomination(
            id=row["id"],
            pfo_id=row["pfo_id"],
            candidate_id=row["candidate_id"],
            candidate=row["candidate"],
            municipality=row["municipality"],
            status=NominationStatus(row["status"]),
            motivation=row["motivation"],
            nominated_at=from_text(row["nominated_at"]),
            decision_id=row["decision_id"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class PfoDecision:
    """A decision taken in a meeting of a PFO, as a recommendation can cite it."""

    decision_id: str
    meeting_id: str
    #: The meeting's number as people cite it: 2026-03.
    meeting_reference: str
    item_title: str
    text: str
    decided_at: datetime


def pfo_decisions(store: Store, pfo_id: str, limit: int = 25) -> list[PfoDecision]:
    """The most recent decisions of the PFO's meetings, the newest first."""
    fetch(store, "pfo", pfo_id, "id")
    rows = store.query(
        "SELECT d.id, d.text, d.decided_at, i.title, m.id AS meeting_id, m.number, m.starts_at "
        "FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id "
        "JOIN meeting m ON m.id = i.meeting_id "
        "WHERE m.pfo_id = ? AND d.deleted = 0 AND i.deleted = 0 AND m.deleted = 0 "
        "ORDER BY d.decided_at DESC, d.id LIMIT ?",
        (pfo_id, limit),
    )
    return [
        PfoDecision(
            decision_id=row["id"],
            meeting_id=row["meeting_id"],
            meeting_reference=meeting_reference(row["starts_at"], row["number"]),
            item_title=row["title"],
            text=row["text"],
            decided_at=from_text(row["decided_at"]),
        )
        for row in rows
    ]


# Decisions followed home -------------------------------------------------------------------------


@dataclass(frozen=True)
class CouncilState:
    municipality_id: str
    municipality: str
    status: CouncilStatus
    scheduled_on: date | None
    handled_on: date | None
    amendment: str
    note: str

    @property
    def handled(self) -> bool:
        return self.status in HANDLED


@dataclass(frozen=True)
class RoutedDecision:
    """A decision routed to the councils, with where each council stands."""

    decision_id: str
    text: str
    outcome: DecisionOutcome
    decided_at: datetime
    council_deadline: date | None
    item_title: str
    pfo_id: str
    pfo: str
    pfo_short_name: str
    meeting_id: str
    councils: list[CouncilState]
    overdue: bool
    #: The agenda item the decision was taken on.
    agenda_item_id: str = ""

    @property
    def handled(self) -> int:
        return sum(council.handled for council in self.councils)

    @property
    def open(self) -> int:
        return len(self.councils) - self.handled

    @property
    def complete(self) -> bool:
        return self.open == 0


def council_overview(
    store: Store, pfo_id: str | None = None, on: date | None = None, include_complete: bool = True
) -> list[RoutedDecision]:
    """Every decision routed to the councils (of one PFO, or all): the overdue ones first, then
    by council deadline (none last), then the newest decision first."""
    day = on or date.today()
    decisions = store.query(
        "SELECT d.id, d.text, d.outcome, d.decided_at, d.council_deadline, i.title, "
        "m.id AS meeting_id, i.id AS agenda_item_id, f.id AS pfo_id, f.name AS pfo, f.short_name "
        "FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id "
        "JOIN meeting m ON m.id = i.meeting_id JOIN pfo f ON f.id = m.pfo_id "
        "WHERE d.deleted = 0 AND d.to_councils = 1 AND (? IS NULL OR f.id = ?)",
        (pfo_id, pfo_id),
    )
    councils: dict[str, list[CouncilState]] = {}
    for row in store.query(
        "SELECT c.decision_id, c.municipality_id, mu.name, c.status, c.scheduled_on, "
        "c.handled_on, c.amendment, c.note FROM council_follow_up c "
        "JOIN municipality mu ON mu.id = c.municipality_id "
        "JOIN decision d ON d.id = c.decision_id "
        "JOIN agenda_item i ON i.id = d.agenda_item_id JOIN meeting m ON m.id = i.meeting_id "
        "WHERE c.deleted = 0 AND d.deleted = 0 AND d.to_councils = 1 "
        "AND (? IS NULL OR m.pfo_id = ?) ORDER BY mu.name",
        (pfo_id, pfo_id),
    ):
        councils.setdefault(row["decision_id"], []).append(_council_state(row))
    result = []
    for row in decisions:
        states = councils.get(row["id"], [])
        deadline = _day(row["council_deadline"])
        all_handled = all(state.handled for state in states)
        if all_handled and not include_complete:
            continue
        result.append(
            RoutedDecision(
                decision_id=row["id"],
                text=row["text"],
                outcome=DecisionOutcome(row["outcome"]),
                decided_at=from_text(row["decided_at"]),
                council_deadline=deadline,
                item_title=row["title"],
                pfo_id=row["pfo_id"],
                pfo=row["pfo"],
                pfo_short_name=row["short_name"],
                meeting_id=row["meeting_id"],
                councils=states,
                overdue=deadline is not None and deadline < day and not all_handled,
                agenda_item_id=row["agenda_item_id"],
            )
        )
    result.sort(key=lambda d: d.decided_at, reverse=True)
    result.sort(key=lambda d: (not d.overdue, d.council_deadline is None, d.council_deadline))
    return result


@dataclass(frozen=True)
class CouncilTask:
    """A decision one council still has to handle."""

    decision: RoutedDecision
    state: CouncilState

    @property
    def overdue(self) -> bool:
        return self.decision.overdue


def council_agenda(store: Store, municipality_id: str, on: date | None = None) -> list[CouncilTask]:
    """Everything the municipality's council still has to handle, the overdue first."""
    fetch(store, "municipality", municipality_id, "id")
    day = on or date.today()
    tasks = []
    for decision in council_overview(store, on=day, include_complete=False):
        for state in decision.councils:
            # The council has not handled it, so the decision is overdue for this council
            # exactly when it is overdue at all; the order of the overview carries over.
            if state.municipality_id == municipality_id and not state.handled:
                tasks.append(CouncilTask(decision, state))
    return tasks


# Private helpers ---------------------------------------------------------------------------------

_TERMS_SQL = (
    "SELECT a.*, p.name AS person, mu.name AS municipality FROM appointment a "
    "JOIN person p ON p.id = a.person_id LEFT JOIN municipality mu ON mu.id = p.municipality_id "
    "WHERE a.deleted = 0"
)


def _term(row: sqlite3.Row) -> Term:
    get = row.__getitem__
    return Term(
        id=get("id"),
        pfo_id=get("pfo_id"),
        person_id=get("person_id"),
        person=get("person"),
        municipality=get("municipality"),
        term_start=date.fromisoformat(get("term_start")),
        term_end=date.fromisoformat(get("term_end")),
        status=AppointmentStatus(get("status")),
        effective_on=_day(get("effective_on")),
        ended_on=_day(get("ended_on")),
        end_reason=get("end_reason"),
        mandate=get("mandate"),
        successor_of_id=get("successor_of_id"),
    )


def _council_state(row: sqlite3.Row) -> CouncilState:
    get = row.__getitem__
    return CouncilState(
        municipality_id=get("municipality_id"),
        municipality=get("name"),
        status=CouncilStatus(get("status")),
        scheduled_on=_day(get("scheduled_on")),
        handled_on=_day(get("handled_on")),
        amendment=get("amendment"),
        note=get("note"),
    )


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
