"""A meeting chaired live, as the session page, the projector and the secretary read it: who is in
the room and whether there is a quorum, the agenda with its state and timers, the speakers, the
roll call of the current item, and the audit trail of the session."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType

import orjson

from regiodesk.commands._common import MeetingFacts, fetch, meeting_facts
from regiodesk.commands.positions import member_municipality_ids
from regiodesk.i18n import N_, _
from regiodesk.ids import stable_id
from regiodesk.model.enums import (
    AttendanceStatus,
    DecisionOutcome,
    ItemKind,
    Labelled,
    MeetingStatus,
    PositionKind,
    QuorumRule,
)
from regiodesk.references import meeting_reference
from regiodesk.store import Store
from regiodesk.timeutil import from_text, utc_now

# Ids ----------------------------------------------------------------------------------------------


def session_id(meeting_id: str) -> str:
    return stable_id("meeting_session", meeting_id)


def timer_id(agenda_item_id: str) -> str:
    return stable_id("item_timer", agenda_item_id)


def draft_id(agenda_item_id: str) -> str:
    return stable_id("decision_draft", agenda_item_id)


def _moment(text: str | None) -> datetime | None:
    return from_text(text) if text else None


def _marks(values: object) -> str:
    return ",".join("?" for _ in values)  # type: ignore[attr-defined]


# The claim ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """Which device (and person) runs a meeting's session, and where it is."""

    meeting_id: str
    device_id: str
    device_name: str
    holder_id: str | None
    holder_name: str
    claimed_at: datetime
    released_at: datetime | None
    current_item_id: str | None

    @property
    def held(self) -> bool:
        return self.released_at is None


def session_claim(store: Store, meeting_id: str) -> Claim | None:
    rows = store.query(
        "SELECT s.*, p.name AS holder_name FROM meeting_session s "
        "LEFT JOIN person p ON p.id = s.holder_id WHERE s.id = ? AND s.deleted = 0",
        (session_id(meeting_id),),
    )
    if not rows:
        return None
    row = rows[0]
    return Claim(
        meeting_id=row["meeting_id"],
        device_id=row["device_id"],
        device_name=row["device_name"],
        holder_id=row["holder_id"],
        holder_name=row["holder_name"] or "",
        claimed_at=from_text(row["claimed_at"]),
        released_at=_moment(row["released_at"]),
        current_item_id=row["current_item_id"],
    )


# Attendance and quorum ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceLine:
    municipality_id: str
    municipality: str
    #: None: nothing recorded yet (counts as absent).
    status: AttendanceStatus | None
    person_id: str | None
    person_name: str
    represented_by_id: str | None
    represented_by: str
    mandate: str
    arrived_at: datetime | None
    left_at: datetime | None
    #: Present (and not left), or represented by a municipality that is.
    in_room: bool


def attendance_lines(store: Store, meeting_id: str) -> list[AttendanceLine]:
    """Every member municipality of the PFO on the meeting's day (and any other with a recorded
    attendance), in name order."""
    facts = meeting_facts(store, meeting_id)
    return _attendance(store, facts)


def _attendance(store: Store, facts: MeetingFacts) -> list[AttendanceLine]:
    members = member_municipality_ids(store, facts.pfo_id, facts.starts_on.isoformat())
    recorded = {
        row["municipality_id"]: row
        for row in store.query(
            "SELECT a.*, p.name AS person_name, r.name AS represented_by "
            "FROM attendance a LEFT JOIN person p ON p.id = a.person_id "
            "LEFT JOIN municipality r ON r.id = a.represented_by_id "
            "WHERE a.meeting_id = ? AND a.deleted = 0",
            (facts.id,),
        )
    }
    wanted = members | set(recorded)
    if not wanted:
        return []
    names = store.query(
        f"SELECT id, name FROM municipality WHERE id IN ({_marks(wanted)}) ORDER BY name",
        tuple(wanted),
    )
    present = {
        key
        for key, row in recorded.items()
        if row["status"] == AttendanceStatus.PRESENT.value and row["left_at"] is None
    }
    lines = []
    for municipality in names:
        row = recorded.get(municipality["id"])
        status = AttendanceStatus(row["status"]) if row else None
        in_room = municipality["id"] in present or (
            status is AttendanceStatus.REPRESENTED
            and row is not None
            and row["left_at"] is None
            and row["represented_by_id"] in present
        )
        lines.append(
            AttendanceLine(
                municipality_id=municipality["id"],
                municipality=municipality["name"],
                status=status,
                person_id=row["person_id"] if row else None,
                person_name=(row["person_name"] or "") if row else "",
                represented_by_id=row["represented_by_id"] if row else None,
                represented_by=(row["represented_by"] or "") if row else "",
                mandate=row["mandate"] if row else "",
                arrived_at=_moment(row["arrived_at"]) if row else None,
                left_at=_moment(row["left_at"]) if row else None,
                in_room=in_room,
            )
        )
    return lines


@dataclass(frozen=True)
class Quorum:
    """Whether enough of the PFO's member municipalities are in the room.

    ``MAJORITY``: more than half of the member municipalities present or represented.
    ``MAJORITY_BY_POPULATION``: the members in the room hold more than half of the members' total
    population, by each municipality's latest figure on or before the meeting's day (the latest
    one at all when none is that old).  A member without any figure weighs nothing; it is listed
    in ``without_figure``.
    """

    rule: QuorumRule
    members: int
    in_room: int
    #: What counts: municipalities (majority) or inhabitants (by population).
    weight_in_room: int
    weight_total: int
    without_figure: tuple[str, ...] = ()

    @property
    def met(self) -> bool:
        return self.weight_total > 0 and 2 * self.weight_in_room > self.weight_total

    @property
    def needed(self) -> int:
        """The weight that makes a quorum (just over half)."""
        return self.weight_total // 2 + 1

    def describe(self) -> str:
        if self.rule is QuorumRule.MAJORITY:
            text = _("{present} of {members} municipalities present or represented").format(
                present=self.in_room, members=self.members
            )
        else:
            share = 100 * self.weight_in_room / self.weight_total if self.weight_total else 0.0
            text = _(
                "{present} of {members} municipalities, {share:.0f}% of the inhabitants"
            ).format(present=self.in_room, members=self.members, share=share)
        return text


def latest_populations(store: Store, municipality_ids: set[str], on: date) -> dict[str, int]:
    """Each municipality's latest population figure on or before ``on`` (else its latest)."""
    if not municipality_ids:
        return {}
    rows = store.query(
        "SELECT municipality_id, reference_date, population FROM population_figure "
        f"WHERE deleted = 0 AND municipality_id IN ({_marks(municipality_ids)}) "
        "ORDER BY reference_date",
        tuple(municipality_ids),
    )
    day = on.isoformat()
    before: dict[str, int] = {}
    latest: dict[str, int] = {}
    for row in rows:
        latest[row["municipality_id"]] = int(row["population"])
        if row["reference_date"] <= day:
            before[row["municipality_id"]] = int(row["population"])
    return {key: before.get(key, value) for key, value in latest.items()}


def quorum(store: Store, meeting_id: str) -> Quorum:
    facts = meeting_facts(store, meeting_id)
    return _quorum(store, facts, _attendance(store, facts))


def _quorum(store: Store, facts: MeetingFacts, lines: list[AttendanceLine]) -> Quorum:
    rule = QuorumRule(fetch(store, "pfo", facts.pfo_id, "quorum_rule")["quorum_rule"])
    members = member_municipality_ids(store, facts.pfo_id, facts.starts_on.isoformat())
    in_room = {line.municipality_id for line in lines if line.in_room} & members
    if rule is QuorumRule.MAJORITY:
        return Quorum(rule, len(members), len(in_room), len(in_room), len(members))
    figures = latest_populations(store, members, facts.starts_on)
    names = {line.municipality_id: line.municipality for line in lines}
    missing = tuple(sorted(names.get(m, m) for m in members if m not in figures))
    return Quorum(
        rule,
        len(members),
        len(in_room),
        sum(figures.get(m, 0) for m in in_room),
        sum(figures.get(m, 0) for m in members),
        missing,
    )


# The agenda in session ----------------------------------------------------------------------------


class ItemState(Labelled):
    OPEN = "open"
    HANDLED = "handled"
    DECIDED = "decided"
    DEFERRED = "deferred"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "open": N_("open"),
            "handled": N_("handled"),
            "decided": N_("decided"),
            "deferred": N_("deferred"),
        }


@dataclass(frozen=True)
class SessionItem:
    id: str
    number: int
    title: str
    kind: ItemKind
    proposal: str
    planned_minutes: int
    handled_order: int | None
    outcome: DecisionOutcome | None
    quorum_met: bool | None
    urgent: bool
    origin_item_id: str | None
    #: The seconds of the finished spells, and when the running one started (None: not running).
    seconds: int
    running_since: datetime | None

    @property
    def state(self) -> ItemState:
        if self.outcome is DecisionOutcome.DEFERRED:
            return ItemState.DEFERRED
        if self.outcome is not None:
            return ItemState.DECIDED
        if self.handled_order is not None:
            return ItemState.HANDLED
        return ItemState.OPEN

    @property
    def still_open(self) -> bool:
        """Open for closing the session: never taken up, or for decision without a decision (a
        deferral counts as one)."""
        if self.outcome is not None:
            return False
        return self.handled_order is None or self.kind is ItemKind.DECISION

    def actual_seconds(self, now: datetime | None = None) -> int:
        running = 0
        if self.running_since is not None:
            running = max(0, int(((now or utc_now()) - self.running_since).total_seconds()))
        return self.seconds + running


def session_items(store: Store, meeting_id: str) -> list[SessionItem]:
    """The agenda in its planned order, with what happened to each item in the session."""
    rows = store.query(
        """
        SELECT i.id, i.title, i.kind, i.proposal, i.planned_minutes, i.handled_order,
               i.origin_item_id, d.outcome, d.quorum_met, t.seconds, t.running_since,
               EXISTS (SELECT 1 FROM audit_event e WHERE e.object_id = i.id
                       AND e.action = 'add_urgent_item') AS urgent
        FROM agenda_item i
        LEFT JOIN decision d ON d.agenda_item_id = i.id AND d.deleted = 0
        LEFT JOIN item_timer t ON t.agenda_item_id = i.id AND t.deleted = 0
        WHERE i.meeting_id = ? AND i.deleted = 0
        ORDER BY i.ordinal, i.id
        """,
        (meeting_id,),
    )
    return [
        SessionItem(
            id=row["id"],
            number=number,
            title=row["title"],
            kind=ItemKind(row["kind"]),
            proposal=row["proposal"],
            planned_minutes=int(row["planned_minutes"]),
            handled_order=row["handled_order"],
            outcome=DecisionOutcome(row["outcome"]) if row["outcome"] else None,
            quorum_met=None if row["quorum_met"] is None else bool(row["quorum_met"]),
            urgent=bool(row["urgent"]),
            origin_item_id=row["origin_item_id"],
            seconds=int(row["seconds"] or 0),
            running_since=_moment(row["running_since"]),
        )
        for number, row in enumerate(rows, start=1)
    ]


def open_items(store: Store, meeting_id: str) -> list[SessionItem]:
    return [item for item in session_items(store, meeting_id) if item.still_open]


# Speakers -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Speaker:
    id: str
    name: str
    municipality_id: str | None
    person_id: str | None
    place: float
    requested_at: datetime
    started_at: datetime | None
    ended_at: datetime | None

    @property
    def speaking(self) -> bool:
        return self.started_at is not None and self.ended_at is None

    @property
    def waiting(self) -> bool:
        return self.started_at is None

    def spoken_seconds(self, now: datetime | None = None) -> int:
        if self.started_at is None:
            return 0
        end = self.ended_at or now or utc_now()
        return max(0, int((end - self.started_at).total_seconds()))


def speakers(store: Store, agenda_item_id: str) -> list[Speaker]:
    """The item's speakers: those who spoke (in the order they spoke), the one speaking, then
    the queue in its order."""
    rows = store.query(
        "SELECT s.*, p.name AS person_name, m.name AS municipality_name FROM speaker_turn s "
        "LEFT JOIN person p ON p.id = s.person_id "
        "LEFT JOIN municipality m ON m.id = s.municipality_id "
        "WHERE s.agenda_item_id = ? AND s.deleted = 0",
        (agenda_item_id,),
    )
    result = []
    for row in rows:
        names = [n for n in (row["person_name"], row["municipality_name"]) if n]
        result.append(
            Speaker(
                id=row["id"],
                name=" – ".join(names),
                municipality_id=row["municipality_id"],
                person_id=row["person_id"],
                place=float(row["place"]),
                requested_at=from_text(row["requested_at"]),
                started_at=_moment(row["started_at"]),
                ended_at=_moment(row["ended_at"]),
            )
        )
    return sorted(
        result,
        key=lambda s: (
            s.waiting,
            s.started_at.isoformat() if s.started_at else "",
            s.place,
            s.id,
        ),
    )


# The roll call ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RollCallLine:
    municipality_id: str
    municipality: str
    kind: PositionKind | None
    reason: str
    recorded_by: str
    recorded_at: datetime | None
    #: Recorded before the session opened and not confirmed in it.
    prepared: bool
    in_room: bool


@dataclass(frozen=True)
class RollCall:
    item_id: str
    lines: tuple[RollCallLine, ...]
    #: Whether the item takes positions (not for information, not decided).
    open: bool

    @property
    def tally(self) -> Mapping[PositionKind, int]:
        counts = dict.fromkeys(PositionKind, 0)
        for line in self.lines:
            if line.kind is not None:
                counts[line.kind] += 1
        return MappingProxyType(counts)

    @property
    def without_position(self) -> int:
        return sum(1 for line in self.lines if line.kind is None)

    @property
    def participants(self) -> tuple[str, ...]:
        """The coalition of the willing the positions make (agree, agree subject to council)."""
        return tuple(
            line.municipality_id for line in self.lines if line.kind and line.kind.participates
        )


def roll_call(store: Store, agenda_item_id: str) -> RollCall:
    item = fetch(store, "agenda_item", agenda_item_id, "meeting_id, kind")
    facts = meeting_facts(store, item["meeting_id"])
    return _roll_call(store, facts, agenda_item_id, ItemKind(item["kind"]), None)


def _roll_call(
    store: Store,
    facts: MeetingFacts,
    agenda_item_id: str,
    kind: ItemKind,
    lines: list[AttendanceLine] | None,
) -> RollCall:
    attendance = lines if lines is not None else _attendance(store, facts)
    members = member_municipality_ids(store, facts.pfo_id, facts.starts_on.isoformat())
    opened = store.scalar("SELECT opened_at FROM meeting WHERE id = ?", (facts.id,)) or ""
    recorded = {
        row["municipality_id"]: row
        for row in store.query(
            "SELECT o.municipality_id, o.kind, o.reason, o.recorded_at, p.name AS recorded_by "
            "FROM position o LEFT JOIN person p ON p.id = o.recorded_by "
            "WHERE o.agenda_item_id = ? AND o.deleted = 0",
            (agenda_item_id,),
        )
    }
    decided = store.scalar(
        "SELECT 1 FROM decision WHERE agenda_item_id = ? AND deleted = 0 AND outcome != ?",
        (agenda_item_id, DecisionOutcome.DEFERRED.value),
    )
    result = []
    for line in attendance:
        if line.municipality_id not in members and line.municipality_id not in recorded:
            continue
        row = recorded.get(line.municipality_id)
        result.append(
            RollCallLine(
                municipality_id=line.municipality_id,
                municipality=line.municipality,
                kind=PositionKind(row["kind"]) if row else None,
                reason=row["reason"] if row else "",
                recorded_by=(row["recorded_by"] or "") if row else "",
                recorded_at=_moment(row["recorded_at"]) if row else None,
                prepared=row is not None and bool(opened) and row["recorded_at"] < opened,
                in_room=line.in_room,
            )
        )
    return RollCall(
        agenda_item_id,
        tuple(result),
        kind is not ItemKind.INFORMATION and not decided and not facts.locked,
    )


# The decision of an item --------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionLine:
    id: str
    description: str
    holder: str
    deadline: date | None


@dataclass(frozen=True)
class DecisionState:
    """What the decision editor shows: the decision taken, else the draft being typed."""

    item_id: str
    text: str
    outcome: DecisionOutcome | None
    decided: bool
    quorum_met: bool | None
    to_councils: bool
    participants: tuple[str, ...]
    actions: tuple[ActionLine, ...]
    draft_saved_at: datetime | None


def decision_state(store: Store, agenda_item_id: str) -> DecisionState:
    from regiodesk.commands.decisions import decision_id

    the_decision = decision_id(agenda_item_id)
    decided = store.query(
        "SELECT text, outcome, quorum_met, to_councils FROM decision WHERE id = ? AND deleted = 0",
        (the_decision,),
    )
    draft = store.query(
        "SELECT text, outcome, updated_at FROM decision_draft WHERE id = ? AND deleted = 0",
        (draft_id(agenda_item_id),),
    )
    participants = tuple(
        row[0]
        for row in store.conn.execute(
            "SELECT municipality_id FROM decision_participant WHERE decision_id = ? "
            "AND deleted = 0 ORDER BY municipality_id",
            (the_decision,),
        )
    )
    actions = tuple(
        ActionLine(
            id=row["id"],
            description=row["description"],
            holder=row["person"] or row["municipality"] or "",
            deadline=date.fromisoformat(row["deadline"]) if row["deadline"] else None,
        )
        for row in store.query(
            "SELECT a.id, a.description, a.deadline, p.name AS person, m.name AS municipality "
            "FROM action a LEFT JOIN person p ON p.id = a.holder_person_id "
            "LEFT JOIN municipality m ON m.id = a.holder_municipality_id "
            "WHERE a.decision_id = ? AND a.deleted = 0 ORDER BY a.id",
            (the_decision,),
        )
    )
    saved_draft = draft[0] if draft else None
    if decided and not (
        saved_draft
        and saved_draft["updated_at"]
        and _newer_draft(store, the_decision, saved_draft["updated_at"])
    ):
        row = decided[0]
        return DecisionState(
            agenda_item_id,
            row["text"],
            DecisionOutcome(row["outcome"]),
            row["outcome"] != DecisionOutcome.DEFERRED.value,
            bool(row["quorum_met"]),
            bool(row["to_councils"]),
            participants,
            actions,
            None,
        )
    return DecisionState(
        agenda_item_id,
        saved_draft["text"] if saved_draft else "",
        DecisionOutcome(saved_draft["outcome"]) if saved_draft and saved_draft["outcome"] else None,
        bool(decided) and decided[0]["outcome"] != DecisionOutcome.DEFERRED.value,
        bool(decided[0]["quorum_met"]) if decided else None,
        bool(decided[0]["to_councils"]) if decided else False,
        participants,
        actions,
        _moment(saved_draft["updated_at"]) if saved_draft else None,
    )


def _newer_draft(store: Store, the_decision: str, draft_updated_at: str) -> bool:
    """Whether the draft was typed after the decision was last recorded (a correction)."""
    decided_at = store.scalar("SELECT decided_at FROM decision WHERE id = ?", (the_decision,))
    return bool(decided_at) and draft_updated_at > decided_at


# The whole page -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    id: str
    name: str


@dataclass(frozen=True)
class SessionView:
    meeting_id: str
    pfo_name: str
    title: str
    reference: str
    location: str
    starts_at: datetime
    ends_at: datetime
    opened_at: datetime | None
    status: MeetingStatus
    locked: bool
    claim: Claim | None
    #: The claim is held by this device (it may record).
    ours: bool
    attendance: tuple[AttendanceLine, ...]
    quorum: Quorum
    items: tuple[SessionItem, ...]
    current: SessionItem | None
    speakers: tuple[Speaker, ...]
    roll_call: RollCall | None
    decision: DecisionState | None
    #: People who may hold an action or speak: the PFO's members, its secretary, the chair.
    people: tuple[Choice, ...] = field(default=())

    @property
    def running(self) -> bool:
        return self.status is MeetingStatus.IN_SESSION and self.ours


def session_view(store: Store, meeting_id: str) -> SessionView:
    """Everything the session page shows, in one read."""
    facts = meeting_facts(store, meeting_id)
    meeting = store.query(
        "SELECT m.*, p.name AS pfo_name FROM meeting m JOIN pfo p ON p.id = m.pfo_id "
        "WHERE m.id = ?",
        (meeting_id,),
    )[0]
    claim = session_claim(store, meeting_id)
    lines = _attendance(store, facts)
    items = session_items(store, meeting_id)
    current_id = claim.current_item_id if claim else None
    current = next((item for item in items if item.id == current_id), None)
    starts_at = from_text(meeting["starts_at"])
    day = facts.starts_on.isoformat()
    people = tuple(
        Choice(row["id"], row["name"])
        for row in store.query(
            "SELECT DISTINCT p.id, p.name FROM person p JOIN membership ms ON ms.person_id = p.id "
            "WHERE ms.pfo_id = ? AND ms.deleted = 0 AND ms.start <= ? "
            'AND (ms."end" IS NULL OR ms."end" >= ?) '
            "UNION SELECT p.id, p.name FROM person p WHERE p.id IN (?, ?) ORDER BY 2",
            (facts.pfo_id, day, day, meeting["chair_id"] or "", meeting["secretary_id"] or ""),
        )
    )
    return SessionView(
        meeting_id=meeting_id,
        pfo_name=meeting["pfo_name"],
        title=meeting["title"],
        reference=meeting_reference(facts.starts_on, meeting["number"]),
        location=meeting["location"],
        starts_at=starts_at,
        ends_at=from_text(meeting["ends_at"]),
        opened_at=_moment(meeting["opened_at"]),
        status=facts.status,
        locked=facts.locked,
        claim=claim,
        ours=claim is not None and claim.held and claim.device_id == store.device_id,
        attendance=tuple(lines),
        quorum=_quorum(store, facts, lines),
        items=tuple(items),
        current=current,
        speakers=tuple(speakers(store, current.id)) if current else (),
        roll_call=_roll_call(store, facts, current.id, current.kind, lines) if current else None,
        decision=decision_state(store, current.id) if current else None,
        people=people,
    )


# The audit trail ----------------------------------------------------------------------------------

#: What the change log's operations read as, per table.
_TABLE_NAMES = {
    "meeting": N_("meeting"),
    "meeting_session": N_("session"),
    "attendance": N_("attendance"),
    "agenda_item": N_("agenda item"),
    "item_timer": N_("item timer"),
    "speaker_turn": N_("speaker"),
    "position": N_("position"),
    "decision": N_("decision"),
    "decision_participant": N_("participant"),
    "action": N_("action"),
    "council_follow_up": N_("council follow-up"),
}
_OPS = {
    "create": N_("recorded"),
    "set": N_("changed"),
    "delete": N_("removed"),
    "restore": N_("restored"),
}
_EVENTS = {
    "start_session": N_("started the session"),
    "resume_session": N_("resumed the session"),
    "take_over_session": N_("took the session over from another device"),
    "reopen_session": N_("reopened the session"),
    "close_session": N_("closed the session"),
    "close_session_forced": N_("closed the session with open items"),
    "add_urgent_item": N_("added an urgent item"),
    "defer_item": N_("deferred an item"),
    "confirm_position": N_("confirmed a prepared position"),
}


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    actor: str
    action: str
    object: str
    detail: str


def session_audit(store: Store, meeting_id: str) -> list[AuditLine]:
    """Who recorded what and when for a meeting, oldest first: every change of its attendance,
    agenda, positions, decisions, actions, speakers and session (from the change log), and the
    events that are not data changes (audit events).  The decision text as it was typed (the
    drafts) is left out: the decision itself is in."""
    meeting = fetch(store, "meeting", meeting_id, "id")["id"]
    items = [
        row[0]
        for row in store.conn.execute(
            "SELECT id FROM agenda_item WHERE meeting_id = ?", (meeting_id,)
        )
    ]
    names: dict[str, str] = {meeting: _("the meeting")}
    for row in store.query("SELECT id, title FROM agenda_item WHERE meeting_id = ?", (meeting_id,)):
        names[row["id"]] = row["title"]
    objects: dict[str, str] = {meeting: "meeting", session_id(meeting_id): "meeting_session"}
    for item in items:
        objects[item] = "agenda_item"
        objects[timer_id(item)] = "item_timer"
    municipality_names = {
        row["id"]: row["name"] for row in store.query("SELECT id, name FROM municipality")
    }

    def add(sql: str, params: tuple[object, ...], table: str, label: str) -> None:
        for row in store.query(sql, params):
            objects[row[0]] = table
            names[row[0]] = row[1] if row[1] else label

    marks = _marks(items) if items else "''"
    add(
        "SELECT a.id, m.name FROM attendance a JOIN municipality m ON m.id = a.municipality_id "
        "WHERE a.meeting_id = ?",
        (meeting_id,),
        "attendance",
        "",
    )
    add(
        "SELECT o.id, m.name || ' – ' || i.title FROM position o "
        "JOIN municipality m ON m.id = o.municipality_id "
        f"JOIN agenda_item i ON i.id = o.agenda_item_id WHERE o.agenda_item_id IN ({marks})",
        tuple(items),
        "position",
        "",
    )
    add(
        "SELECT d.id, i.title FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id "
        f"WHERE d.agenda_item_id IN ({marks})",
        tuple(items),
        "decision",
        "",
    )
    add(
        f"SELECT id, '' FROM speaker_turn WHERE agenda_item_id IN ({marks})",
        tuple(items),
        "speaker_turn",
        "",
    )
    add("SELECT id, description FROM action WHERE meeting_id = ?", (meeting_id,), "action", "")
    entity_ids = list(objects)
    lines: list[AuditLine] = []
    people = {row["id"]: row["name"] for row in store.query("SELECT id, name FROM person")}
    for start in range(0, len(entity_ids), 500):
        chunk = entity_ids[start : start + 500]
        for row in store.query(
            "SELECT c.hlc, c.actor_id, c.entity, c.entity_id, c.op, c.fields FROM change_log c "
            f"WHERE c.entity_id IN ({_marks(chunk)})",
            tuple(chunk),
        ):
            ms = int(row["hlc"]) // _counter_span()
            at = datetime.fromtimestamp(ms / 1000, tz=utc_now().tzinfo)
            fields = orjson.loads(row["fields"]) if row["fields"] else {}
            lines.append(
                AuditLine(
                    at=at,
                    actor=people.get(row["actor_id"] or "", "") or _("the system"),
                    action=f"{_(_TABLE_NAMES.get(row['entity'], row['entity']))} "
                    f"{_(_OPS.get(row['op'], row['op']))}",
                    object=names.get(row["entity_id"], ""),
                    detail=_describe_fields(fields, municipality_names),
                )
            )
    for row in store.query(
        f"SELECT at, actor_id, action, object_id, result, detail FROM audit_event "
        f"WHERE object_id IN ({_marks(entity_ids)})",
        tuple(entity_ids),
    ):
        lines.append(
            AuditLine(
                at=from_text(row["at"]),
                actor=people.get(row["actor_id"] or "", "") or _("the system"),
                action=_(_EVENTS.get(row["action"], row["action"])),
                object=names.get(row["object_id"], ""),
                detail=row["detail"]
                if row["result"] == "ok"
                else f"{row['result']}: {row['detail']}",
            )
        )
    return sorted(lines, key=lambda line: line.at)


def _counter_span() -> int:
    from regiodesk.clock import COUNTER_SPAN

    return COUNTER_SPAN


#: Fields that say nothing to a reader of the audit trail.
_QUIET_FIELDS = {"deleted", "meeting_id", "agenda_item_id", "decision_id", "ordinal"}


def _describe_fields(fields: dict[str, object], municipalities: dict[str, str]) -> str:
    parts = []
    for name, value in fields.items():
        if name in _QUIET_FIELDS or value in (None, ""):
            continue
        shown = municipalities.get(value, value) if isinstance(value, str) else value
        parts.append(f"{name}={shown}")
    return ", ".join(parts)
