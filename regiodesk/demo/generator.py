"""Fill a store with a realistic region: people, PFOs, meetings, agendas, documents, positions,
decisions, attendance, actions and council follow-up.

Everything goes through the core's commands (so the change log holds every row), in one bulk
write (see ``Store.write``).  Like a bulk loader, the generator works in phases: it first plans
every meeting, then creates all meetings, then all agendas, then all roll calls, and so on, each
phase in the order of the meetings.  SQLite then fills one table at a time, which is markedly
faster than filling every table a little for each meeting.  Each meeting still goes through its
life cycle in order (published, in session, decided, closed, adopted).

The content is deterministic for a seed and an anchor day; ``years`` scales it: one year by
default, ten years for the benchmark data set (about 1,000 meetings, 15,000 agenda items and
200,000 positions).
"""

from __future__ import annotations

import random
import tempfile
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from regiodesk.bulk import collector_paused
from regiodesk.commands import (
    actions,
    agenda,
    attendance,
    council,
    decisions,
    documents,
    governance,
    initiatives,
    meetings,
    notes,
    positions,
    region,
)
from regiodesk.commands.agenda import ItemSpec
from regiodesk.commands.attendance import AttendanceSpec
from regiodesk.commands.council import CouncilHandling
from regiodesk.commands.decisions import DecisionSpec
from regiodesk.commands.positions import PositionSpec
from regiodesk.demo.pdf import simple_pdf
from regiodesk.model.enums import (
    ActionStatus,
    AppointmentVote,
    AttendanceStatus,
    CostKey,
    CouncilStatus,
    DecisionOutcome,
    ItemKind,
    MeetingStatus,
    PositionKind,
    Role,
)
from regiodesk.permissions import SYSTEM, Actor
from regiodesk.region_file import builtin_region_path, load_region
from regiodesk.resources import resource_path
from regiodesk.store import Store
from regiodesk.timeutil import local_moment

Progress = Callable[[int, int], None]

#: Municipal elections in the Netherlands; a council period (and its aldermen) starts after each.
ELECTION_YEARS = (2010, 2014, 2018, 2022, 2026, 2030, 2034)
ALDERMEN_PER_MUNICIPALITY = 4
MEETING_INTERVAL_DAYS = 28
DOCUMENT_HORIZON_DAYS = 183
PROGRESS_EVERY = 50
UPCOMING_DAYS = 90
POSITION_WEIGHTS = {
    PositionKind.AGREE: 70,
    PositionKind.AGREE_SUBJECT_TO_COUNCIL: 12,
    PositionKind.ABSTAIN: 5,
    PositionKind.DISAGREE: 6,
    PositionKind.NOT_PARTICIPATING: 7,
}


@dataclass
class DemoSummary:
    region_id: str
    persona_id: str = ""
    secretary_id: str = ""
    people: int = 0
    meetings: int = 0
    agenda_items: int = 0
    positions: int = 0
    decisions: int = 0
    actions: int = 0
    documents: int = 0
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class _Period:
    start: date
    end: date | None
    #: (pfo id, municipality id) -> person id
    members: dict[tuple[str, str], str]
    #: pfo id -> the regional portfolio holder (chair)
    chairs: dict[str, str]


@dataclass
class _Meeting:
    """One meeting as the generator plans it, filled in phase by phase."""

    pfo: dict[str, Any]
    day: date
    period: _Period
    status: MeetingStatus
    starts: datetime
    members: list[str]
    specs: list[ItemSpec]
    meeting_id: str = ""
    item_ids: list[str] = field(default_factory=list)
    roll_call: dict[str, list[PositionSpec]] = field(default_factory=dict)
    #: (agenda item, decision, decision id) of each item that was handled
    decided: list[tuple[ItemSpec, DecisionSpec, str]] = field(default_factory=list)


def _after_the_christmas_break(day: date) -> date:
    """No PFO meets between Christmas and the first full week of January: a meeting that would
    fall there moves to the same weekday in the second week of January."""
    if (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 7):
        year = day.year + 1 if day.month == 12 else day.year
        first = date(year, 1, 8)
        return first + timedelta(days=(day.weekday() - first.weekday()) % 7)
    return day


def _period_on(periods: list[_Period], day: date) -> _Period:
    return next(p for p in periods if p.start <= day and (p.end is None or day <= p.end))


class _Generator:
    def __init__(self, store: Store, years: int, seed: int, anchor: date) -> None:
        self.store = store
        self.rng = random.Random(seed)
        self.seed = seed
        self.anchor = anchor
        self.start = anchor - timedelta(days=round(365.25 * years))
        self.until = anchor + timedelta(days=UPCOMING_DAYS)
        with resource_path("demo", "texts.toml").open("rb") as handle:
            self.texts: dict[str, Any] = tomllib.load(handle)
        self.actor: Actor = SYSTEM
        self.used_names: set[str] = set()
        self.secretary_of: dict[str, str] = {}

    # People -----------------------------------------------------------------------------------

    def person_name(self) -> str:
        while True:
            first = self.rng.choice(self.texts["first_names"])
            name = f"{first} {self.rng.choice(self.texts['surnames'])}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def periods(
        self, pfos: list[dict[str, Any]], municipalities: list[dict[str, Any]]
    ) -> list[_Period]:
        starts = [date(year, 4, 1) for year in ELECTION_YEARS]
        result: list[_Period] = []
        for index, begin in enumerate(starts[:-1]):
            end = starts[index + 1] - timedelta(days=1)
            if end < self.start or begin > self.until:
                continue
            current = begin <= self.anchor <= end
            members: dict[tuple[str, str], str] = {}
            for municipality in municipalities:
                aldermen = [
                    region.add_person(
                        self.store,
                        self.actor,
                        self.person_name(),
                        municipality["id"],
                        title="wethouder",
                    )
                    for _ in range(ALDERMEN_PER_MUNICIPALITY)
                ]
                for number, pfo in enumerate(pfos):
                    person = aldermen[number % ALDERMEN_PER_MUNICIPALITY]
                    members[(pfo["id"], municipality["id"])] = person
                    region.add_membership(
                        self.store,
                        self.actor,
                        pfo["id"],
                        person,
                        municipality["id"],
                        begin,
                        None if current else end,
                    )
            chairs = {}
            by_size = sorted(municipalities, key=lambda m: -m["population"])
            for pfo in pfos:
                chosen = self.rng.choice(by_size[:6])
                chairs[pfo["id"]] = members[(pfo["id"], chosen["id"])]
            result.append(_Period(begin, None if current else end, members, chairs))
        return result

    # Meetings ---------------------------------------------------------------------------------

    def meeting_days(self) -> list[date]:
        day = self.start + timedelta(days=self.rng.randrange(0, MEETING_INTERVAL_DAYS))
        days = []
        while day <= self.until:
            weekday_shift = (1 - day.weekday()) % 7 + self.rng.choice((0, 1, 2))  # Tue..Thu
            days.append(_after_the_christmas_break(day + timedelta(days=weekday_shift)))
            day += timedelta(days=MEETING_INTERVAL_DAYS + self.rng.choice((-3, 0, 0, 4)))
        return days

    def status_of(self, day: date) -> MeetingStatus:
        if day < self.anchor - timedelta(days=40):
            return MeetingStatus.ADOPTED
        if day < self.anchor:
            return MeetingStatus.CLOSED
        if day <= self.anchor + timedelta(days=30):
            return MeetingStatus.PUBLISHED
        return MeetingStatus.DRAFT

    def meeting_title(self, pfo: dict[str, Any], day: date) -> str:
        """Most meetings are regular ones; now and then one has a theme."""
        if self.rng.random() < 0.12:
            return f"Themabijeenkomst: {self.topic(pfo['domain'], day)}"
        return "Reguliere vergadering"

    def topic(self, domain_code: str, day: date) -> str:
        template = self.rng.choice(self.texts["topics"][domain_code])
        place = self.rng.choice(self.municipality_names)
        return str(template.format(year=day.year, year2=day.year + 3, place=place))

    def proposal(self, day: date) -> str:
        amount = f"€ {self.rng.randrange(40, 900) * 1000:,}".replace(",", ".")
        sentences = self.rng.sample(self.texts["proposal_sentences"], 3)
        return " ".join(s.format(year=day.year + 2, amount=amount) for s in sentences)

    def generate(self, progress: Progress | None) -> DemoSummary:
        data = load_region(builtin_region_path())
        region_id = region.import_region(self.store, data, self.actor)
        municipalities = [
            dict(row)
            for row in self.store.query(
                "SELECT m.id, m.name, p.population FROM municipality m "
                "JOIN population_figure p ON p.municipality_id = m.id ORDER BY m.name"
            )
        ]
        self.municipality_names = [m["name"] for m in municipalities]
        pfos = [
            dict(row)
            for row in self.store.query(
                "SELECT p.id, p.name, d.code AS domain FROM pfo p "
                "JOIN domain d ON d.id = p.domain_id ORDER BY p.name"
            )
        ]
        summary = DemoSummary(region_id=region_id)
        with self.store.write(None, bulk=True):
            periods = self.periods(pfos, municipalities)
            secretaries = [
                region.add_person(
                    self.store, self.actor, self.person_name(), title="ambtelijk secretaris"
                )
                for _ in range(3)
            ]
            for number, pfo in enumerate(pfos):
                self.secretary_of[pfo["id"]] = secretaries[number % 3]
                region.assign_role(
                    self.store,
                    self.actor,
                    secretaries[number % 3],
                    Role.SECRETARY,
                    periods[0].start,
                    pfo["id"],
                )
            admin = region.add_person(
                self.store, self.actor, self.person_name(), title="regiosecretaris"
            )
            region.assign_role(self.store, self.actor, admin, Role.ADMIN, periods[0].start)
            summary.secretary_id = secretaries[0]
            planned = [
                self.plan_meeting(pfo, day, _period_on(periods, day), municipalities)
                for day, pfo in sorted(
                    ((day, pfo) for pfo in pfos for day in self.meeting_days()),
                    key=lambda pair: (pair[0], pair[1]["id"]),
                )
            ]
            self.meetings_in_phases(planned, municipalities, progress)
            current = periods[-1]
            mobility = next(p for p in pfos if p["domain"] == "mobiliteit")
            enschede = next(m for m in municipalities if m["name"] == "Enschede")
            summary.persona_id = current.members[(mobility["id"], enschede["id"])]
            self.store.set_meta("demo_persona", summary.persona_id)
            self.private_notes(summary.persona_id, mobility["id"])
            self.regional_portfolio_holders(current, pfos, municipalities)
            self.initiatives(region_id, pfos, municipalities)
            from regiodesk.demo.region_day import add_region_day

            add_region_day(self.store, self.actor, region_id, self.anchor, self.seed, self.texts)
        summary.people = int(self.store.scalar("SELECT count(*) FROM person"))
        for table in (
            "meeting",
            "agenda_item",
            "position",
            "decision",
            "action",
            "document",
            "attendance",
            "council_follow_up",
            "membership",
        ):
            summary.counts[table] = int(self.store.scalar(f"SELECT count(*) FROM {table}"))
        summary.meetings = summary.counts["meeting"]
        summary.agenda_items = summary.counts["agenda_item"]
        summary.positions = summary.counts["position"]
        summary.decisions = summary.counts["decision"]
        summary.actions = summary.counts["action"]
        summary.documents = summary.counts["document"]
        return summary

    def plan_meeting(
        self,
        pfo: dict[str, Any],
        day: date,
        period: _Period,
        municipalities: list[dict[str, Any]],
    ) -> _Meeting:
        """What a meeting will be: its day, status, time and agenda."""
        rng = self.rng
        morning = rng.random() < 0.6
        members = [period.members[(pfo["id"], m["id"])] for m in municipalities]
        topics = rng.randint(11, 13)
        specs = [ItemSpec(self.texts["opening"], ItemKind.INFORMATION, planned_minutes=5)]
        specs.append(ItemSpec(self.texts["previous_list"], ItemKind.DECISION, planned_minutes=5))
        for _ in range(topics):
            kind = ItemKind.DECISION if rng.random() < 0.55 else ItemKind.DISCUSSION
            specs.append(
                ItemSpec(
                    self.topic(pfo["domain"], day),
                    kind,
                    proposal=self.proposal(day),
                    rapporteur_id=rng.choice(members),
                    planned_minutes=rng.choice((10, 15, 15, 20, 30)),
                    confidential=rng.random() < 0.04,
                )
            )
        specs.append(ItemSpec(self.texts["closing"], ItemKind.INFORMATION, planned_minutes=5))
        return _Meeting(
            pfo=pfo,
            day=day,
            period=period,
            status=self.status_of(day),
            starts=local_moment(day, 9 if morning else 14, 30 if morning else 0),
            members=members,
            specs=specs,
        )

    def meetings_in_phases(
        self,
        planned: list[_Meeting],
        municipalities: list[dict[str, Any]],
        progress: Progress | None,
    ) -> None:
        """Take every meeting through its life, one step at a time for all meetings."""
        recent = self.anchor - timedelta(days=DOCUMENT_HORIZON_DAYS)
        held = [m for m in planned if m.status in (MeetingStatus.CLOSED, MeetingStatus.ADOPTED)]
        phases: list[tuple[list[_Meeting], Callable[[_Meeting], None]]] = [
            (planned, self.create_meeting),
            (planned, self.agenda),
            ([m for m in planned if m.day >= recent], self.papers),
            (
                [m for m in planned if m.status is not MeetingStatus.DRAFT],
                lambda m: self.move(m, MeetingStatus.PUBLISHED),
            ),
            (
                [m for m in planned if m.status is MeetingStatus.PUBLISHED],
                lambda m: self.prepared_positions(m, municipalities),
            ),
            (held, lambda m: self.move(m, MeetingStatus.IN_SESSION)),
            (held, lambda m: self.attendance(m, municipalities)),
            (held, lambda m: self.roll_call(m, municipalities)),
            (held, self.decide),
            (held, self.follow_ups),
            (held, self.actions),
            (held, lambda m: self.move(m, MeetingStatus.CLOSED)),
            (
                [m for m in held if m.status is MeetingStatus.ADOPTED],
                lambda m: self.move(m, MeetingStatus.ADOPTED),
            ),
        ]
        total = sum(len(group) for group, _step in phases)
        done = 0
        for group, step in phases:
            for meeting in group:
                step(meeting)
                done += 1
                if progress and (done % PROGRESS_EVERY == 0 or done == total):
                    progress(done, total)

    def create_meeting(self, m: _Meeting) -> None:
        m.meeting_id = meetings.create_meeting(
            self.store,
            self.actor,
            m.pfo["id"],
            m.starts,
            m.starts + timedelta(hours=2),
            location=self.rng.choice(self.texts["locations"]),
            title=self.meeting_title(m.pfo, m.day),
            chair_id=m.period.chairs[m.pfo["id"]],
            secretary_id=self.secretary_of[m.pfo["id"]],
        )

    def agenda(self, m: _Meeting) -> None:
        m.item_ids = agenda.add_agenda_items(self.store, self.actor, m.meeting_id, m.specs)

    def move(self, m: _Meeting, status: MeetingStatus) -> None:
        meetings.set_meeting_status(self.store, self.actor, m.meeting_id, status)

    def attendance(self, m: _Meeting, municipalities: list[dict[str, Any]]) -> None:
        rng = self.rng
        present = []
        for municipality in municipalities:
            roll = rng.random()
            status_kind = (
                AttendanceStatus.PRESENT
                if roll < 0.85
                else AttendanceStatus.REPRESENTED
                if roll < 0.9
                else AttendanceStatus.ABSENT_WITH_NOTICE
                if roll < 0.98
                else AttendanceStatus.ABSENT
            )
            other = rng.choice([x for x in municipalities if x["id"] != municipality["id"]])
            present.append(
                AttendanceSpec(
                    municipality["id"],
                    status_kind,
                    person_id=m.period.members[(m.pfo["id"], municipality["id"])]
                    if status_kind is AttendanceStatus.PRESENT
                    else None,
                    represented_by_id=other["id"]
                    if status_kind is AttendanceStatus.REPRESENTED
                    else None,
                )
            )
        attendance.set_attendance_list(self.store, self.actor, m.meeting_id, present)

    def roll_call(self, m: _Meeting, municipalities: list[dict[str, Any]]) -> None:
        m.roll_call = {
            item_id: self.position_specs(municipalities)
            for spec, item_id in zip(m.specs, m.item_ids, strict=True)
            if spec.kind is not ItemKind.INFORMATION
        }
        positions.record_roll_call(
            self.store, self.actor, m.meeting_id, m.roll_call, recorded_at=m.starts
        )

    def position_specs(self, municipalities: list[dict[str, Any]]) -> list[PositionSpec]:
        kinds = list(POSITION_WEIGHTS)
        weights = list(POSITION_WEIGHTS.values())
        specs = []
        for municipality, kind in zip(
            municipalities, self.rng.choices(kinds, weights, k=len(municipalities)), strict=True
        ):
            if kind is PositionKind.DISAGREE:
                reason = self.rng.choice(self.texts["reasons_disagree"])
            elif kind is PositionKind.NOT_PARTICIPATING:
                reason = self.rng.choice(self.texts["reasons_not_participating"])
            elif self.rng.random() < 0.2:
                optional = {
                    PositionKind.AGREE: "reasons_agree",
                    PositionKind.AGREE_SUBJECT_TO_COUNCIL: "reasons_subject_to_council",
                    PositionKind.ABSTAIN: "reasons_abstain",
                }[kind]
                reason = self.rng.choice(self.texts[optional]).format(month="maart")
            else:
                reason = ""
            specs.append(PositionSpec(municipality["id"], kind, reason))
        return specs

    def prepared_positions(self, m: _Meeting, municipalities: list[dict[str, Any]]) -> None:
        """Before a published meeting, some municipalities have recorded their position."""
        prepared: dict[str, list[PositionSpec]] = {}
        for spec, item_id in zip(m.specs, m.item_ids, strict=True):
            if spec.kind is ItemKind.INFORMATION:
                continue
            chosen = [p for p in self.position_specs(municipalities) if self.rng.random() < 0.4]
            if chosen:
                prepared[item_id] = chosen
        positions.record_roll_call(
            self.store, self.actor, m.meeting_id, prepared, recorded_at=m.starts - timedelta(days=3)
        )

    def decide(self, m: _Meeting) -> None:
        rng = self.rng
        texts = self.texts["decision_texts"]
        day = m.day
        specs = []
        handled = [
            (spec, item_id)
            for spec, item_id in zip(m.specs, m.item_ids, strict=True)
            if spec.kind is not ItemKind.INFORMATION
        ]
        for spec, item_id in handled:
            chosen = m.roll_call[item_id]
            counts = Counter(p.kind for p in chosen)
            to_councils = False
            if spec.title == self.texts["previous_list"]:
                outcome = DecisionOutcome.ADOPTED_BY_ALL
                text = "De besluitenlijst wordt ongewijzigd vastgesteld."
            elif spec.kind is ItemKind.DISCUSSION:
                outcome, text = DecisionOutcome.NOTED, texts[2].format(year=day.year + 1)
            elif counts[PositionKind.DISAGREE] > len(chosen) // 2:
                outcome, text = DecisionOutcome.NOT_ADOPTED, texts[4]
            elif rng.random() < 0.03:
                outcome, text = DecisionOutcome.DEFERRED, texts[3]
            elif counts[PositionKind.NOT_PARTICIPATING] or counts[PositionKind.DISAGREE]:
                outcome, text = DecisionOutcome.ADOPTED_BY_COALITION, texts[1]
                to_councils = rng.random() < 0.2
            else:
                outcome, text = DecisionOutcome.ADOPTED_BY_ALL, texts[0]
                to_councils = rng.random() < 0.15
            specs.append(
                DecisionSpec(
                    item_id,
                    text,
                    outcome,
                    to_councils=to_councils,
                    council_deadline=day + timedelta(days=120) if to_councils else None,
                    decided_at=local_moment(day, 12),
                )
            )
        decision_ids = decisions.record_decisions(self.store, self.actor, m.meeting_id, specs)
        m.decided = [
            (item, decided, decision_id)
            for (item, _item_id), decided, decision_id in zip(
                handled, specs, decision_ids, strict=True
            )
        ]

    def follow_ups(self, m: _Meeting) -> None:
        """What the councils did with the decisions that went to them."""
        for _item, decided, decision_id in m.decided:
            if decided.to_councils:
                self.follow_up(decision_id, m.day)

    def actions(self, m: _Meeting) -> None:
        """Actions follow some of the decisions on the region's topics (not the adoption of a
        list)."""
        for item, decided, decision_id in m.decided:
            adopted = decided.outcome in (
                DecisionOutcome.ADOPTED_BY_ALL,
                DecisionOutcome.ADOPTED_BY_COALITION,
            )
            if adopted and item.title != self.texts["previous_list"] and self.rng.random() < 0.12:
                self.action(m.meeting_id, decision_id, m.day, m.members)

    def follow_up(self, decision_id: str, day: date) -> None:
        age = (self.anchor - day).days
        handlings = []
        for (municipality_id,) in self.store.conn.execute(
            "SELECT municipality_id FROM council_follow_up WHERE decision_id = ?", (decision_id,)
        ).fetchall():
            roll = self.rng.random()
            scheduled = day + timedelta(days=self.rng.randrange(30, 110))
            if scheduled < self.anchor:  # the council met on it
                status = (
                    CouncilStatus.ADOPTED
                    if roll < 0.8
                    else CouncilStatus.ADOPTED_AMENDED
                    if roll < 0.92
                    else CouncilStatus.REJECTED
                )
                if age < 150 and roll < 0.25:  # ... or it was put off to a later meeting
                    status, scheduled = CouncilStatus.SCHEDULED, self.anchor + timedelta(days=20)
            elif age > 20:
                status = CouncilStatus.SCHEDULED
            else:
                status = CouncilStatus.TO_SCHEDULE
            handled = status not in (CouncilStatus.SCHEDULED, CouncilStatus.TO_SCHEDULE)
            handlings.append(
                CouncilHandling(
                    municipality_id,
                    status,
                    scheduled_on=scheduled if status is not CouncilStatus.TO_SCHEDULE else None,
                    handled_on=scheduled if handled else None,
                    amendment="Met amendement over de evaluatietermijn."
                    if status is CouncilStatus.ADOPTED_AMENDED
                    else "",
                )
            )
        council.record_council_handlings(self.store, self.actor, decision_id, handlings)

    def action(self, meeting_id: str, decision_id: str, day: date, members: list[str]) -> None:
        deadline = day + timedelta(days=self.rng.choice((30, 60, 90)))
        action_id = actions.add_action(
            self.store,
            self.actor,
            meeting_id,
            self.rng.choice(self.texts["action_texts"]),
            holder_person_id=self.rng.choice(members),
            deadline=deadline,
            decision_id=decision_id,
        )
        if deadline < self.anchor - timedelta(days=30):
            status = ActionStatus.DONE if self.rng.random() < 0.9 else ActionStatus.CANCELLED
        elif deadline < self.anchor:
            status = ActionStatus.IN_PROGRESS
        else:
            return
        finished = deadline - timedelta(days=self.rng.randrange(0, 20))
        actions.update_action(
            self.store, self.actor, action_id, status=status, completed_on=finished
        )

    def papers(self, m: _Meeting) -> None:
        """The agenda as a PDF, and a paper for each proposal."""
        meeting_id, pfo, day, specs, item_ids = m.meeting_id, m.pfo, m.day, m.specs, m.item_ids
        with tempfile.TemporaryDirectory() as folder:
            agenda_pdf = Path(folder) / f"Agenda {pfo['name']} {day.isoformat()}.pdf"
            agenda_pdf.write_bytes(
                simple_pdf(
                    f"Agenda {pfo['name']}, {day.isoformat()}",
                    [f"{n}. {s.title}" for n, s in enumerate(specs, start=1)],
                )
            )
            documents.attach_document(
                self.store, self.actor, meeting_id, agenda_pdf, title=f"Agenda {day.isoformat()}"
            )
            for spec, item_id in zip(specs, item_ids, strict=True):
                if spec.kind is not ItemKind.DECISION or not spec.proposal:
                    continue
                name = "".join(c for c in spec.title if c.isalnum() or c in " -_")[:60].strip()
                paper = Path(folder) / f"Voorstel {name}.pdf"
                paper.write_bytes(simple_pdf(f"Voorstel: {spec.title}", [spec.proposal]))
                documents.attach_document(
                    self.store,
                    self.actor,
                    meeting_id,
                    paper,
                    title=f"Voorstel {spec.title}",
                    agenda_item_id=item_id,
                    confidential=spec.confidential,
                )

    def regional_portfolio_holders(
        self, period: _Period, pfos: list[dict[str, Any]], municipalities: list[dict[str, Any]]
    ) -> None:
        """Each PFO of the current council period nominated its chair and the municipalities
        appointed them; in PFO Sociaal Domein two councils have not decided yet (12 of 14)."""
        for pfo in pfos:
            decision = self.store.scalar(
                "SELECT d.id FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id "
                "JOIN meeting m ON m.id = i.meeting_id WHERE m.pfo_id = ? AND m.starts_at >= ? "
                "AND d.outcome = 'adopted_by_all' ORDER BY m.starts_at, i.ordinal LIMIT 1",
                (pfo["id"], period.start.isoformat()),
            )
            if decision is None:
                continue
            chair = period.chairs[pfo["id"]]
            nomination = governance.nominate(
                self.store,
                self.actor,
                pfo["id"],
                chair,
                "Ervaren bestuurder met draagvlak in de regio; neemt het voortouw namens het PFO.",
            )
            governance.record_recommendation(self.store, self.actor, nomination, decision)
            start = max(period.start, self.start)
            appointment = governance.open_appointment(
                self.store,
                self.actor,
                nomination,
                start,
                mandate="Woordvoering en dagelijkse afstemming namens het PFO binnen de "
                "vastgestelde kaders; besluiten met financiële gevolgen gaan terug naar het PFO.",
            )
            deciding = list(municipalities)
            if pfo["domain"] == "sociaal":
                deciding = deciding[:-2]  # two councils still have to decide
            for number, municipality in enumerate(deciding):
                governance.record_municipal_appointment(
                    self.store,
                    self.actor,
                    appointment,
                    municipality["id"],
                    AppointmentVote.APPOINTED,
                    start + timedelta(days=7 + number * 2),
                    f"Collegebesluit {start.year}-{100 + number}",
                )

    def initiatives(
        self, region_id: str, pfos: list[dict[str, Any]], municipalities: list[dict[str, Any]]
    ) -> None:
        """The region's shared initiatives, each with its coalition of the willing."""
        pfo_of = {pfo["domain"]: pfo["id"] for pfo in pfos}
        reference = date(2024, 1, 1)
        year = self.anchor.year
        for spec in self.texts["initiatives"]:
            count = len(municipalities) if self.rng.random() < 0.4 else self.rng.randint(9, 13)
            joining = sorted(self.rng.sample(municipalities, count), key=lambda m: m["name"])
            per_inhabitant = Decimal(spec["budget_per_year"])
            if spec.get("per_inhabitant"):
                people = sum(m["population"] for m in joining)
                budget = (per_inhabitant * people).quantize(Decimal("0.01"))
            else:
                budget = per_inhabitant
            key = CostKey(spec.get("cost_key", "per_inhabitant"))
            initiative = initiatives.create_initiative(
                self.store,
                self.actor,
                spec["title"].format(year=year, year2=year + 3),
                budget_per_year=budget,
                start_year=year,
                end_year=year + 3,
                pfo_id=pfo_of[spec["domain"]],
                description=spec["description"],
                cost_key=key,
                reference_date=reference if key is CostKey.PER_INHABITANT else None,
            )
            others = [m for m in municipalities if m not in joining]
            initiatives.set_participants(
                self.store,
                self.actor,
                initiative,
                [m["id"] for m in joining],
                reasons={
                    m["id"]: self.rng.choice(self.texts["reasons_not_participating"])
                    for m in others
                },
            )

    def private_notes(self, persona_id: str, pfo_id: str) -> None:
        upcoming = self.store.query(
            "SELECT i.id, i.title FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id "
            "WHERE m.pfo_id = ? AND m.starts_at >= ? AND i.kind != 'information' "
            "ORDER BY m.starts_at, i.ordinal LIMIT 3",
            (pfo_id, self.anchor.isoformat()),
        )
        notes_text = [
            "Navragen bij de ambtenaar hoe de verdeelsleutel uitpakt voor Enschede.",
            "Standpunt afstemmen in het college van dinsdag.",
            "Raad heeft hier een motie over aangenomen; meenemen in de inbreng.",
        ]
        persona = Actor(persona_id)
        for row, text in zip(upcoming, notes_text, strict=False):
            notes.save_private_note(self.store, persona, row["id"], text)


def generate_demo(
    store: Store,
    years: int = 1,
    seed: int = 2026,
    anchor: date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an empty store with the Twente demo region."""
    if years < 1 or years > 30:
        raise ValueError("years must be between 1 and 30")
    with collector_paused():
        return _Generator(store, years, seed, anchor or date.today()).generate(progress)
