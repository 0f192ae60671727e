"""What a decision list says, read from the store, and its fingerprint.

``load_content`` gathers everything the besluitenlijst of one meeting shows: the header, the
attendance per municipality, the agenda items in the order the chair handled them (each with its
decision, the positions, the participants and their cost shares, its actions and the route to the
councils), and the meeting's action list.  The content holds values, not words: enums stay enums
and dates stay dates, so the same content renders in Dutch or English.

``fingerprint`` is the SHA-256 of a canonical serialisation of the content.  It is what the
signatures cover and what verification compares with the store: it changes with any decision,
position, attendance or action, and never with the language or the rendering.

The public (Woo) version (``public=True``) leaves out every confidential agenda item with all
that hangs on it (decision, positions, participants, actions, documents) and every confidential
document.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from regiodesk.commands.positions import member_municipality_ids
from regiodesk.errors import NotFound
from regiodesk.i18n import _
from regiodesk.model.enums import (
    ActionStatus,
    AttendanceStatus,
    CostKey,
    CouncilStatus,
    DecisionOutcome,
    ItemKind,
    PositionKind,
)
from regiodesk.queries.initiatives import initiative_shares
from regiodesk.references import meeting_reference
from regiodesk.store import Store
from regiodesk.timeutil import from_text, local_date, to_text

#: Names the serialisation that ``fingerprint`` hashes; change it when that serialisation changes.
FINGERPRINT_FORMAT = "regiodesk-decision-list/1"


# The content -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceLine:
    """How one member municipality attended.  A member without a record counts as absent."""

    municipality_id: str
    municipality: str
    status: AttendanceStatus
    #: Who was there for the municipality ("" when nobody, or unknown).
    person: str = ""
    #: The municipality that represented it (status ``REPRESENTED``).
    represented_by: str = ""
    mandate: str = ""
    arrived_at: datetime | None = None
    left_at: datetime | None = None


@dataclass(frozen=True)
class PositionLine:
    municipality_id: str
    municipality: str
    kind: PositionKind
    reason: str = ""


@dataclass(frozen=True)
class Municipality:
    id: str
    name: str


@dataclass(frozen=True)
class SharingProblem:
    """Why an initiative's budget cannot be shared now: an English message template and its
    fields, translated when shown."""

    template: str
    fields: tuple[tuple[str, str], ...] = ()

    def message(self) -> str:
        return _(self.template).format(**dict(self.fields))


@dataclass(frozen=True)
class CostShare:
    municipality_id: str
    municipality: str
    #: Inhabitants at the initiative's reference date (per inhabitant).
    population: int | None
    #: The fixed percentage (custom key).
    percentage: Decimal | None
    #: The share of the budget per year (None when the budget cannot be shared now).
    share: Decimal | None


@dataclass(frozen=True)
class CostSharing:
    """The initiative behind an item, and what each participating municipality pays for it."""

    initiative_id: str
    title: str
    budget_per_year: Decimal
    cost_key: CostKey
    reference_date: date | None
    start_year: int
    end_year: int
    shares: tuple[CostShare, ...]
    problem: SharingProblem | None = None

    @property
    def total(self) -> Decimal:
        return sum((each.share for each in self.shares if each.share is not None), Decimal("0.00"))


@dataclass(frozen=True)
class DecisionEntry:
    id: str
    text: str
    outcome: DecisionOutcome
    quorum_met: bool
    decided_at: datetime
    to_councils: bool
    council_deadline: date | None


@dataclass(frozen=True)
class ActionEntry:
    id: str
    description: str
    #: The person holding it ("" when only a municipality holds it).
    holder: str
    #: The municipality holding it: named on the action, or else the holder's own ("" if none).
    holder_municipality: str
    deadline: date | None
    status: ActionStatus
    #: The agenda item whose decision it follows (None for an action of the whole meeting).
    item_id: str | None
    #: That item's number on the agenda.
    item_number: int | None


@dataclass(frozen=True)
class DocumentEntry:
    id: str
    title: str
    confidential: bool


@dataclass(frozen=True)
class ItemEntry:
    id: str
    #: The item's place on the (planned) agenda, from 1: the number people cite.
    number: int
    title: str
    kind: ItemKind
    proposal: str
    confidential: bool
    decision: DecisionEntry | None
    #: The recorded positions, by municipality name.
    positions: tuple[PositionLine, ...]
    #: The municipalities taking part in what the decision starts, by name.
    participants: tuple[Municipality, ...]
    cost_sharing: CostSharing | None
    actions: tuple[ActionEntry, ...]
    documents: tuple[DocumentEntry, ...]


@dataclass(frozen=True)
class CouncilLine:
    """Where one council stands on an earlier decision, at the time of the list."""

    municipality: str
    status: CouncilStatus
    scheduled_on: date | None
    handled_on: date | None
    amendment: str


@dataclass(frozen=True)
class FollowUpEntry:
    """A decision of an earlier meeting that the councils are (or just were) handling."""

    meeting_reference: str
    item_title: str
    decision_text: str
    council_deadline: date | None
    overdue: bool
    councils: tuple[CouncilLine, ...]

    @property
    def handled(self) -> int:
        return sum(
            council.status not in (CouncilStatus.TO_SCHEDULE, CouncilStatus.SCHEDULED)
            for council in self.councils
        )


@dataclass(frozen=True)
class DecisionListContent:
    meeting_id: str
    region: str
    pfo: str
    pfo_short_name: str
    domain: str
    meeting_number: int
    #: The meeting's number as people cite it: 2026-03.
    reference: str
    meeting_title: str
    starts_at: datetime
    ends_at: datetime
    location: str
    chair: str
    secretary: str
    #: The version of the list (1 unless it corrects an earlier version).
    version: int
    #: The version this one corrects (None for a first version).
    previous_version: int | None
    decision_list_id: str | None
    #: The public (Woo) version: confidential items and documents are left out.
    public: bool
    #: How many confidential items the public version leaves out (0 in the full version).
    withheld_items: int
    attendance: tuple[AttendanceLine, ...]
    #: The agenda items in the order they were handled.
    items: tuple[ItemEntry, ...]
    #: The meeting's action list, in the order of the items, then by deadline.
    actions: tuple[ActionEntry, ...]
    #: Earlier decisions of the PFO at the councils: what "decided at home" has come to.
    council_follow_up: tuple[FollowUpEntry, ...] = ()

    @property
    def day(self) -> date:
        """The meeting's day in the region (Amsterdam)."""
        return local_date(self.starts_at)

    @property
    def decisions(self) -> tuple[tuple[ItemEntry, DecisionEntry], ...]:
        """Every item that has a decision, with it, in the handled order."""
        return tuple((item, item.decision) for item in self.items if item.decision is not None)


# Reading it --------------------------------------------------------------------------------------


def load_content(
    store: Store,
    meeting_id: str,
    *,
    public: bool = False,
    decision_list_id: str | None = None,
) -> DecisionListContent:
    """The decision list of a meeting as the store has it now.

    The version is that of ``decision_list_id`` or else of the meeting's latest decision list
    (version 1 when there is none yet).  Raises ``NotFound`` for a missing meeting or list."""
    header = _header(store, meeting_id)
    version, previous, list_id = _version(store, meeting_id, decision_list_id)
    numbers = _agenda_numbers(store, meeting_id)
    rows = _handled_order(store, meeting_id)
    withheld = {row["id"] for row in rows if public and row["confidential"]}
    rows = [row for row in rows if row["id"] not in withheld]
    item_ids = [row["id"] for row in rows]
    decisions = _decisions(store, item_ids)
    positions = _positions(store, item_ids)
    participants = _participants(store, [d.id for d in decisions.values()])
    documents = _documents(store, item_ids, public)
    actions = _actions(store, meeting_id, numbers, withheld)
    items: list[ItemEntry] = []
    for row in rows:
        decision = decisions.get(row["id"])
        items.append(
            ItemEntry(
                id=row["id"],
                number=numbers[row["id"]],
                title=row["title"],
                kind=ItemKind(row["kind"]),
                proposal=row["proposal"],
                confidential=bool(row["confidential"]),
                decision=decision,
                positions=positions.get(row["id"], ()),
                participants=participants.get(decision.id, ()) if decision else (),
                cost_sharing=_cost_sharing(store, row["initiative_id"]),
                actions=tuple(a for a in actions if a.item_id == row["id"]),
                documents=documents.get(row["id"], ()),
            )
        )
    handled = {item.id: place for place, item in enumerate(items)}
    actions.sort(
        key=lambda a: (
            handled.get(a.item_id, len(items)) if a.item_id else len(items),
            a.deadline or date.max,
            a.description,
            a.id,
        )
    )
    return DecisionListContent(
        meeting_id=meeting_id,
        region=header["region"],
        pfo=header["pfo"],
        pfo_short_name=header["short_name"],
        domain=header["domain"],
        meeting_number=int(header["number"]),
        reference=meeting_reference(header["starts_at"], header["number"]),
        meeting_title=header["title"],
        starts_at=from_text(header["starts_at"]),
        ends_at=from_text(header["ends_at"]),
        location=header["location"],
        chair=header["chair"] or "",
        secretary=header["secretary"] or "",
        version=version,
        previous_version=previous,
        decision_list_id=list_id,
        public=public,
        withheld_items=len(withheld),
        attendance=_attendance(store, meeting_id, header["pfo_id"], header["starts_at"]),
        items=tuple(items),
        actions=tuple(actions),
        council_follow_up=_council_follow_up(store, meeting_id, public),
    )


def _header(store: Store, meeting_id: str) -> Any:
    rows = store.query(
        "SELECT m.id, m.pfo_id, m.number, m.title, m.starts_at, m.ends_at, m.location, "
        "p.name AS pfo, p.short_name, d.name AS domain, r.name AS region, "
        "c.name AS chair, s.name AS secretary "
        "FROM meeting m JOIN pfo p ON p.id = m.pfo_id JOIN domain d ON d.id = p.domain_id "
        "JOIN region r ON r.id = p.region_id "
        "LEFT JOIN person c ON c.id = m.chair_id LEFT JOIN person s ON s.id = m.secretary_id "
        "WHERE m.id = ? AND m.deleted = 0",
        (meeting_id,),
    )
    if not rows:
        raise NotFound(kind=_("meeting"), id=meeting_id)
    return rows[0]


def _version(
    store: Store, meeting_id: str, decision_list_id: str | None
) -> tuple[int, int | None, str | None]:
    sql = (
        "SELECT l.id, l.version, p.version AS previous FROM decision_list l "
        "LEFT JOIN decision_list p ON p.id = l.previous_id "
        "WHERE l.meeting_id = ? AND l.deleted = 0"
    )
    from regiodesk.commands.decision_lists import decision_list_id as list_id_of

    first = list_id_of(meeting_id, 1)  # a first version is known before its row is written
    if decision_list_id is not None:
        rows = store.query(sql + " AND l.id = ?", (meeting_id, decision_list_id))
        if not rows and decision_list_id != first:
            raise NotFound(kind=_("decision list"), id=decision_list_id)
    else:
        rows = store.query(sql + " ORDER BY l.version DESC LIMIT 1", (meeting_id,))
    if not rows:
        return 1, None, first
    row = rows[0]
    return int(row["version"]), row["previous"], row["id"]


def _agenda_numbers(store: Store, meeting_id: str) -> dict[str, int]:
    """Each item's place on the planned agenda, from 1."""
    return {
        row[0]: number
        for number, row in enumerate(
            store.conn.execute(
                "SELECT id FROM agenda_item WHERE meeting_id = ? AND deleted = 0 "
                "ORDER BY ordinal, id",
                (meeting_id,),
            ),
            start=1,
        )
    }


def _handled_order(store: Store, meeting_id: str) -> list[Any]:
    """The items in the order the chair handled them.

    An item without a handled order keeps its planned place; the handled items fill the other
    places in the order they were handled (so an unmarked opening stays first)."""
    planned = store.query(
        "SELECT id, title, kind, proposal, confidential, initiative_id, handled_order "
        "FROM agenda_item WHERE meeting_id = ? AND deleted = 0 ORDER BY ordinal, id",
        (meeting_id,),
    )
    handled = iter(
        sorted(
            (row for row in planned if row["handled_order"] is not None),
            key=lambda row: int(row["handled_order"]),  # sorted() is stable: ties keep the plan
        )
    )
    return [row if row["handled_order"] is None else next(handled) for row in planned]


def _marks(ids: Sequence[str]) -> str:
    return ",".join("?" for _id in ids)


def _decisions(store: Store, item_ids: Sequence[str]) -> dict[str, DecisionEntry]:
    if not item_ids:
        return {}
    found: dict[str, DecisionEntry] = {}
    for row in store.query(
        "SELECT id, agenda_item_id, text, outcome, quorum_met, decided_at, to_councils, "
        "council_deadline FROM decision "
        f"WHERE deleted = 0 AND agenda_item_id IN ({_marks(item_ids)}) ORDER BY decided_at, id",
        tuple(item_ids),
    ):
        found[row["agenda_item_id"]] = DecisionEntry(  # the latest decision wins
            id=row["id"],
            text=row["text"],
            outcome=DecisionOutcome(row["outcome"]),
            quorum_met=bool(row["quorum_met"]),
            decided_at=from_text(row["decided_at"]),
            to_councils=bool(row["to_councils"]),
            council_deadline=(
                date.fromisoformat(row["council_deadline"]) if row["council_deadline"] else None
            ),
        )
    return found


def _positions(store: Store, item_ids: Sequence[str]) -> dict[str, tuple[PositionLine, ...]]:
    if not item_ids:
        return {}
    found: dict[str, list[PositionLine]] = {}
    for row in store.query(
        "SELECT p.agenda_item_id, p.municipality_id, m.name, p.kind, p.reason FROM position p "
        "JOIN municipality m ON m.id = p.municipality_id "
        f"WHERE p.deleted = 0 AND p.agenda_item_id IN ({_marks(item_ids)}) ORDER BY m.name, m.id",
        tuple(item_ids),
    ):
        found.setdefault(row["agenda_item_id"], []).append(
            PositionLine(
                municipality_id=row["municipality_id"],
                municipality=row["name"],
                kind=PositionKind(row["kind"]),
                reason=row["reason"],
            )
        )
    return {key: tuple(lines) for key, lines in found.items()}


def _participants(store: Store, decision_ids: Sequence[str]) -> dict[str, tuple[Municipality, ...]]:
    if not decision_ids:
        return {}
    found: dict[str, list[Municipality]] = {}
    for row in store.query(
        "SELECT p.decision_id, m.id, m.name FROM decision_participant p "
        "JOIN municipality m ON m.id = p.municipality_id "
        f"WHERE p.deleted = 0 AND p.decision_id IN ({_marks(decision_ids)}) ORDER BY m.name, m.id",
        tuple(decision_ids),
    ):
        found.setdefault(row["decision_id"], []).append(Municipality(row["id"], row["name"]))
    return {key: tuple(names) for key, names in found.items()}


def _documents(
    store: Store, item_ids: Sequence[str], public: bool
) -> dict[str, tuple[DocumentEntry, ...]]:
    if not item_ids:
        return {}
    found: dict[str, list[DocumentEntry]] = {}
    for row in store.query(
        "SELECT id, agenda_item_id, title, confidential FROM document "
        f"WHERE deleted = 0 AND agenda_item_id IN ({_marks(item_ids)}) "
        "ORDER BY title COLLATE NOCASE, id",
        tuple(item_ids),
    ):
        if public and row["confidential"]:
            continue
        found.setdefault(row["agenda_item_id"], []).append(
            DocumentEntry(row["id"], row["title"], bool(row["confidential"]))
        )
    return {key: tuple(entries) for key, entries in found.items()}


def _actions(
    store: Store, meeting_id: str, numbers: Mapping[str, int], withheld: Iterable[str]
) -> list[ActionEntry]:
    left_out = set(withheld)
    actions: list[ActionEntry] = []
    for row in store.query(
        "SELECT a.id, a.description, hp.name AS holder, hm.name AS holder_municipality, "
        "a.deadline, a.status, d.agenda_item_id FROM action a "
        "LEFT JOIN person hp ON hp.id = a.holder_person_id "
        "LEFT JOIN municipality hm "
        "ON hm.id = COALESCE(a.holder_municipality_id, hp.municipality_id) "
        "LEFT JOIN decision d ON d.id = a.decision_id AND d.deleted = 0 "
        "WHERE a.meeting_id = ? AND a.deleted = 0",
        (meeting_id,),
    ):
        item_id = row["agenda_item_id"] if row["agenda_item_id"] in numbers else None
        if item_id in left_out:
            continue
        actions.append(
            ActionEntry(
                id=row["id"],
                description=row["description"],
                holder=row["holder"] or "",
                holder_municipality=row["holder_municipality"] or "",
                deadline=date.fromisoformat(row["deadline"]) if row["deadline"] else None,
                status=ActionStatus(row["status"]),
                item_id=item_id,
                item_number=numbers[item_id] if item_id else None,
            )
        )
    return actions


def _attendance(
    store: Store, meeting_id: str, pfo_id: str, starts_at: str
) -> tuple[AttendanceLine, ...]:
    """Every municipality that was a member on the meeting's day or has an attendance record."""
    recorded = {
        row["municipality_id"]: row
        for row in store.query(
            "SELECT a.municipality_id, a.status, p.name AS person, r.name AS represented_by, "
            "a.mandate, a.arrived_at, a.left_at FROM attendance a "
            "LEFT JOIN person p ON p.id = a.person_id "
            "LEFT JOIN municipality r ON r.id = a.represented_by_id "
            "WHERE a.meeting_id = ? AND a.deleted = 0",
            (meeting_id,),
        )
    }
    day = local_date(from_text(starts_at)).isoformat()
    wanted = member_municipality_ids(store, pfo_id, day) | set(recorded)
    if not wanted:
        return ()
    ordered = sorted(wanted)
    names = store.query(
        f"SELECT id, name FROM municipality WHERE id IN ({_marks(ordered)}) ORDER BY name, id",
        tuple(ordered),
    )
    lines: list[AttendanceLine] = []
    for municipality in names:
        row = recorded.get(municipality["id"])
        if row is None:
            lines.append(
                AttendanceLine(municipality["id"], municipality["name"], AttendanceStatus.ABSENT)
            )
            continue
        lines.append(
            AttendanceLine(
                municipality_id=municipality["id"],
                municipality=municipality["name"],
                status=AttendanceStatus(row["status"]),
                person=row["person"] or "",
                represented_by=row["represented_by"] or "",
                mandate=row["mandate"],
                arrived_at=from_text(row["arrived_at"]) if row["arrived_at"] else None,
                left_at=from_text(row["left_at"]) if row["left_at"] else None,
            )
        )
    return tuple(lines)


def _cost_sharing(store: Store, initiative_id: str | None) -> CostSharing | None:
    """The initiative behind an item with its shares, when it has a budget."""
    if not initiative_id:
        return None
    found = initiative_shares(store, initiative_id)
    if found is None or found.budget_per_year <= 0:
        return None
    problem = None
    if found.problem is not None:
        problem = SharingProblem(
            found.problem.template,
            tuple(sorted((key, str(value)) for key, value in found.problem.data.items())),
        )
    return CostSharing(
        initiative_id=found.id,
        title=found.title,
        budget_per_year=found.budget_per_year,
        cost_key=found.cost_key,
        reference_date=found.reference_date,
        start_year=found.start_year,
        end_year=found.end_year,
        shares=tuple(
            CostShare(
                municipality_id=row.municipality_id,
                municipality=row.name,
                population=row.population,
                percentage=row.percentage,
                share=row.share,
            )
            for row in found.participants
        ),
        problem=problem,
    )


# The fingerprint ---------------------------------------------------------------------------------


def _council_follow_up(store: Store, meeting_id: str, public: bool) -> tuple[FollowUpEntry, ...]:
    """The councils' progress on the PFO's earlier routed decisions (the public version leaves
    out the decisions on confidential items)."""
    from regiodesk.queries.follow_up import follow_up_for_meeting

    hidden: set[str] = set()
    if public:
        hidden = {
            row[0]
            for row in store.conn.execute(
                "SELECT d.id FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id "
                "WHERE i.confidential = 1"
            )
        }
    return tuple(
        FollowUpEntry(
            meeting_reference=entry.meeting_reference,
            item_title=entry.item_title,
            decision_text=entry.text,
            council_deadline=entry.council_deadline,
            overdue=entry.overdue,
            councils=tuple(
                CouncilLine(c.municipality, c.status, c.scheduled_on, c.handled_on, c.amendment)
                for c in entry.councils
            ),
        )
        for entry in follow_up_for_meeting(store, meeting_id)
        if entry.decision_id not in hidden
    )


def canonical(value: Any) -> Any:
    """A value as plain JSON data: dataclasses as objects of their fields, enums as their values
    (never their labels), moments as UTC text, dates as ISO text, amounts as decimal text."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: canonical(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return to_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (tuple, list)):
        return [canonical(each) for each in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot serialise a value of type {type(value).__name__}")


def canonical_json(content: DecisionListContent) -> bytes:
    """The canonical serialisation of a content: sorted keys, no spaces, UTF-8."""
    data = {"format": FINGERPRINT_FORMAT, "content": canonical(content)}
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def fingerprint(content: DecisionListContent) -> str:
    """The SHA-256 (hex) of the content's canonical serialisation."""
    return hashlib.sha256(canonical_json(content)).hexdigest()
