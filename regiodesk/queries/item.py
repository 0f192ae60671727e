"""One agenda item as a person sees it: the item, its documents, the person's own private note,
the positions of the PFO's member municipalities, and what the person may do with them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from regiodesk.commands._common import fetch, meeting_facts
from regiodesk.commands.positions import member_municipality_ids
from regiodesk.i18n import N_
from regiodesk.model.enums import DecisionOutcome, ItemKind, Labelled, MeetingStatus, PositionKind
from regiodesk.permissions import Actor, can_edit_meeting, can_record_position
from regiodesk.permissions import member_municipalities as represented_municipalities
from regiodesk.references import meeting_reference
from regiodesk.store import Store
from regiodesk.timeutil import from_text


class PositionsClosed(Labelled):
    """Why the positions on an item can no longer be recorded or changed."""

    INFORMATION = "information"
    DECIDED = "decided"
    LOCKED = "locked"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "information": N_("This item is for information only; it takes no positions."),
            "decided": N_("This item has been decided; its positions can no longer change."),
            "locked": N_(
                "The decision list of this meeting has been signed; positions can no longer change."
            ),
        }


@dataclass(frozen=True)
class ItemDecision:
    text: str
    outcome: DecisionOutcome
    decided_at: datetime


@dataclass(frozen=True)
class ItemDocument:
    id: str
    title: str
    confidential: bool
    version: int
    filename: str
    size: int
    media_type: str
    sha256: str
    late: bool


@dataclass(frozen=True)
class PrivateNoteView:
    """The person's own note (empty and never saved: ``updated_at`` is None)."""

    text: str = ""
    updated_at: datetime | None = None


@dataclass(frozen=True)
class MunicipalityPosition:
    municipality_id: str
    municipality: str
    kind: PositionKind | None  # None: no position yet
    reason: str
    recorded_by: str  # the name of who recorded it ("" when unknown or no position)
    recorded_at: datetime | None
    #: A member of the PFO on the meeting's date (a former member may still hold a position).
    member: bool = True


@dataclass(frozen=True)
class ItemPositions:
    """The positions of every member municipality, in name order, and their tally."""

    item_id: str
    rows: tuple[MunicipalityPosition, ...]

    @property
    def tally(self) -> Mapping[PositionKind, int]:
        counts = dict.fromkeys(PositionKind, 0)
        for row in self.rows:
            if row.kind is not None:
                counts[row.kind] += 1
        return MappingProxyType(counts)

    @property
    def without_position(self) -> int:
        return sum(1 for row in self.rows if row.kind is None and row.member)

    def of(self, municipality_id: str) -> MunicipalityPosition | None:
        return next((row for row in self.rows if row.municipality_id == municipality_id), None)


@dataclass(frozen=True)
class ItemView:
    id: str
    meeting_id: str
    meeting_reference: str  # "2026-12": the year and the meeting's number
    meeting_title: str
    meeting_starts_at: datetime
    meeting_status: MeetingStatus
    pfo_id: str
    pfo_name: str
    number: int  # the item's place on the agenda, from 1
    kind: ItemKind
    title: str
    proposal: str
    rapporteur: str | None
    planned_minutes: int
    confidential: bool
    decision: ItemDecision | None  # also a "deferred" decision, which decides nothing
    locked: bool  # the meeting's decision list is signed
    documents: tuple[ItemDocument, ...]
    note: PrivateNoteView
    positions: ItemPositions
    #: The municipalities the person may record a position for (in the order of ``positions``).
    recordable: tuple[str, ...]
    #: The municipalities the person represents in this PFO (a member: their own).
    represented: tuple[str, ...]
    #: The person records for every municipality (the PFO's secretary, the chair).
    records_for_all: bool

    @property
    def decided(self) -> bool:
        return self.decision is not None and self.decision.outcome is not DecisionOutcome.DEFERRED

    @property
    def positions_closed(self) -> PositionsClosed | None:
        """Why positions cannot change, or None while they are open."""
        if self.kind is ItemKind.INFORMATION:
            return PositionsClosed.INFORMATION
        if self.decided:
            return PositionsClosed.DECIDED
        if self.locked:
            return PositionsClosed.LOCKED
        return None

    @property
    def positions_open(self) -> bool:
        return self.positions_closed is None

    def may_record(self, municipality_id: str) -> bool:
        return self.positions_open and municipality_id in self.recordable


def item_positions(store: Store, agenda_item_id: str) -> ItemPositions:
    """Every municipality that was a member of the PFO on the meeting's date, with its position
    or none yet; a former member that holds a position is listed too (``member`` False)."""
    item = fetch(store, "agenda_item", agenda_item_id, "meeting_id")
    facts = meeting_facts(store, item["meeting_id"])
    members = member_municipality_ids(store, facts.pfo_id, facts.starts_on.isoformat())
    recorded = {
        row["municipality_id"]: row
        for row in store.query(
            "SELECT p.municipality_id, p.kind, p.reason, p.recorded_at, pe.name AS recorded_by "
            "FROM position p LEFT JOIN person pe ON pe.id = p.recorded_by "
            "WHERE p.agenda_item_id = ? AND p.deleted = 0",
            (agenda_item_id,),
        )
    }
    wanted = members | set(recorded)
    if not wanted:
        return ItemPositions(agenda_item_id, ())
    marks = ",".join("?" for _ in wanted)
    names = store.query(
        f"SELECT id, name FROM municipality WHERE id IN ({marks}) ORDER BY name", tuple(wanted)
    )
    rows = []
    for municipality in names:
        found = recorded.get(municipality["id"])
        rows.append(
            MunicipalityPosition(
                municipality_id=municipality["id"],
                municipality=municipality["name"],
                kind=PositionKind(found["kind"]) if found else None,
                reason=found["reason"] if found else "",
                recorded_by=(found["recorded_by"] or "") if found else "",
                recorded_at=from_text(found["recorded_at"]) if found else None,
                member=municipality["id"] in members,
            )
        )
    return ItemPositions(agenda_item_id, tuple(rows))


def _documents(store: Store, agenda_item_id: str) -> tuple[ItemDocument, ...]:
    rows = store.query(
        "SELECT d.id, d.title, d.confidential, v.version, v.filename, v.size, v.media_type, "
        "v.sha256, v.late FROM document d JOIN document_version v ON v.document_id = d.id "
        "WHERE d.agenda_item_id = ? AND d.deleted = 0 AND v.deleted = 0 AND v.version = ("
        "  SELECT max(version) FROM document_version "
        "  WHERE document_id = d.id AND deleted = 0) "
        "ORDER BY d.title COLLATE NOCASE, d.id",
        (agenda_item_id,),
    )
    return tuple(
        ItemDocument(
            id=row["id"],
            title=row["title"],
            confidential=bool(row["confidential"]),
            version=row["version"],
            filename=row["filename"],
            size=row["size"],
            media_type=row["media_type"],
            sha256=row["sha256"],
            late=bool(row["late"]),
        )
        for row in rows
    )


def private_note(store: Store, person_id: str | None, agenda_item_id: str) -> PrivateNoteView:
    """The person's own note; nobody else's note is ever read."""
    if person_id is None:
        return PrivateNoteView()
    rows = store.query(
        "SELECT text, updated_at FROM private_note "
        "WHERE person_id = ? AND agenda_item_id = ? AND deleted = 0",
        (person_id, agenda_item_id),
    )
    if not rows:
        return PrivateNoteView()
    return PrivateNoteView(rows[0]["text"], from_text(rows[0]["updated_at"]))


def load_item(store: Store, agenda_item_id: str, actor: Actor) -> ItemView:
    """The read model of one agenda item for ``actor`` (raises ``NotFound`` for a removed item)."""
    item = fetch(
        store,
        "agenda_item",
        agenda_item_id,
        "id, meeting_id, ordinal, kind, title, proposal, rapporteur_id, planned_minutes, "
        "confidential",
    )
    facts = meeting_facts(store, item["meeting_id"])
    meeting = store.query(
        "SELECT m.number, m.title, m.starts_at, p.name AS pfo_name FROM meeting m "
        "JOIN pfo p ON p.id = m.pfo_id WHERE m.id = ?",
        (facts.id,),
    )[0]
    number = int(
        store.scalar(
            "SELECT count(*) FROM agenda_item WHERE meeting_id = ? AND deleted = 0 "
            "AND (ordinal < ? OR (ordinal = ? AND id <= ?))",
            (facts.id, item["ordinal"], item["ordinal"], item["id"]),
        )
    )
    rapporteur = (
        store.scalar("SELECT name FROM person WHERE id = ?", (item["rapporteur_id"],))
        if item["rapporteur_id"]
        else None
    )
    decision_rows = store.query(
        "SELECT text, outcome, decided_at FROM decision WHERE agenda_item_id = ? AND deleted = 0",
        (agenda_item_id,),
    )
    decision = (
        ItemDecision(
            decision_rows[0]["text"],
            DecisionOutcome(decision_rows[0]["outcome"]),
            from_text(decision_rows[0]["decided_at"]),
        )
        if decision_rows
        else None
    )
    positions = item_positions(store, agenda_item_id)
    listed = [row.municipality_id for row in positions.rows if row.member]
    represented = represented_municipalities(store, actor, facts.pfo_id)
    starts_at = from_text(meeting["starts_at"])
    return ItemView(
        id=agenda_item_id,
        meeting_id=facts.id,
        meeting_reference=meeting_reference(starts_at, meeting["number"]),
        meeting_title=meeting["title"],
        meeting_starts_at=starts_at,
        meeting_status=facts.status,
        pfo_id=facts.pfo_id,
        pfo_name=meeting["pfo_name"],
        number=number,
        kind=ItemKind(item["kind"]),
        title=item["title"],
        proposal=item["proposal"],
        rapporteur=rapporteur,
        planned_minutes=item["planned_minutes"],
        confidential=bool(item["confidential"]),
        decision=decision,
        locked=facts.locked,
        documents=_documents(store, agenda_item_id),
        note=private_note(store, actor.person_id, agenda_item_id),
        positions=positions,
        recordable=tuple(
            each
            for each in listed
            if can_record_position(store, actor, facts.id, facts.pfo_id, each)
        ),
        represented=tuple(each for each in listed if each in represented),
        records_for_all=can_edit_meeting(store, actor, facts.id, facts.pfo_id),
    )
