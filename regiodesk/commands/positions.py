"""Positions: a municipality's position on an agenda item, with its reason."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from regiodesk import model
from regiodesk.commands._common import ensure_unlocked, fetch, meeting_facts
from regiodesk.errors import (
    ItemAlreadyDecided,
    MunicipalityAbsent,
    NotAMember,
    NotFound,
    PositionNotApplicable,
    ReasonRequired,
)
from regiodesk.i18n import _
from regiodesk.ids import stable_id
from regiodesk.model.enums import DecisionOutcome, ItemKind, MeetingStatus, PositionKind
from regiodesk.permissions import Actor, require_position_recorder
from regiodesk.store import Store
from regiodesk.timeutil import to_text, utc_now


@dataclass(frozen=True)
class PositionSpec:
    municipality_id: str
    kind: PositionKind
    reason: str = ""


_NEEDS_REASON = frozenset(kind for kind in PositionKind if kind.needs_reason)


def position_id(agenda_item_id: str, municipality_id: str) -> str:
    return stable_id("position", agenda_item_id, municipality_id)


def member_municipality_ids(store: Store, pfo_id: str, on: str) -> set[str]:
    """Municipalities with a member in the PFO on a day (``YYYY-MM-DD``)."""
    return {
        row[0]
        for row in store.conn.execute(
            "SELECT DISTINCT municipality_id FROM membership WHERE pfo_id = ? AND deleted = 0 "
            'AND start <= ? AND ("end" IS NULL OR "end" >= ?)',
            (pfo_id, on, on),
        )
    }


def is_decided(store: Store, agenda_item_id: str) -> bool:
    return bool(
        store.scalar(
            "SELECT 1 FROM decision WHERE agenda_item_id = ? AND deleted = 0 "
            "AND outcome != 'deferred'",
            (agenda_item_id,),
        )
    )


def _require_in_room(store: Store, meeting_id: str, municipality_ids: set[str]) -> None:
    """While the chair runs a meeting's session, a position is taken in the room: the
    municipality is present, or represented by one that is (whichever page records it)."""
    from regiodesk.queries.session import attendance_lines, session_claim

    claim = session_claim(store, meeting_id)
    if claim is None or not claim.held:
        return
    lines = {line.municipality_id: line for line in attendance_lines(store, meeting_id)}
    for municipality_id in sorted(municipality_ids):
        line = lines.get(municipality_id)
        if line is None or not line.in_room:
            raise MunicipalityAbsent(municipality=line.municipality if line else municipality_id)


def record_roll_call(
    store: Store,
    actor: Actor,
    meeting_id: str,
    positions: Mapping[str, Sequence[PositionSpec]],
    recorded_at: datetime | None = None,
) -> int:
    """Record (or change) positions on one or more items of a meeting in one go: a roll call.

    Every rule is checked before anything is written: the item takes positions and is not yet
    decided, the meeting is not locked, the municipality is a member, a reason is there where the
    kind needs one, and the actor may record for that municipality.  Returns how many positions
    were created or changed.
    """
    facts = meeting_facts(store, meeting_id)
    ensure_unlocked(facts)
    items = {
        row["id"]: row
        for row in store.query(
            "SELECT i.id, i.kind, i.title, d.outcome FROM agenda_item i "
            "LEFT JOIN decision d ON d.agenda_item_id = i.id AND d.deleted = 0 "
            "WHERE i.meeting_id = ? AND i.deleted = 0",
            (meeting_id,),
        )
    }
    members = member_municipality_ids(store, facts.pfo_id, facts.starts_on.isoformat())
    if facts.status is MeetingStatus.IN_SESSION:
        named = {spec.municipality_id for specs in positions.values() for spec in specs}
        _require_in_room(store, meeting_id, named)
    allowed: set[str] = set()
    checked: list[tuple[str, str, str, str]] = []  # item, municipality, kind, reason
    for item_id, specs in positions.items():
        item = items.get(item_id)
        if item is None:
            raise NotFound(kind=_("agenda item"), id=item_id)
        if ItemKind(item["kind"]) is ItemKind.INFORMATION:
            raise PositionNotApplicable(item=item["title"])
        if item["outcome"] is not None and item["outcome"] != DecisionOutcome.DEFERRED:
            raise ItemAlreadyDecided(item=item["title"])
        for spec in specs:
            kind = PositionKind(spec.kind)
            municipality_id = spec.municipality_id
            if municipality_id not in members:
                name = store.scalar(
                    "SELECT name FROM municipality WHERE id = ?", (municipality_id,)
                )
                pfo = store.scalar("SELECT name FROM pfo WHERE id = ?", (facts.pfo_id,))
                raise NotAMember(municipality=name or municipality_id, pfo=pfo)
            reason = spec.reason.strip()
            if not reason and kind in _NEEDS_REASON:
                raise ReasonRequired(kind=kind.label)
            if municipality_id not in allowed:
                require_position_recorder(store, actor, facts.id, facts.pfo_id, municipality_id)
                allowed.add(municipality_id)
            checked.append((item_id, municipality_id, kind.value, reason))
    moment = to_text(recorded_at or utc_now())
    existing = {
        row[0]: (row[1], row[2], row[3])
        for row in store.conn.execute(
            "SELECT p.id, p.kind, p.reason, p.deleted FROM position p "
            "JOIN agenda_item i ON i.id = p.agenda_item_id WHERE i.meeting_id = ?",
            (meeting_id,),
        )
    }
    person = actor.person_id
    creates: list[dict[str, Any]] = []
    changed = 0
    with store.write(person) as writer:
        for item_id, municipality_id, kind_value, reason in checked:
            each_id = position_id(item_id, municipality_id)
            current = existing.get(each_id)
            if current is None:
                creates.append(
                    {
                        "id": each_id,
                        "agenda_item_id": item_id,
                        "municipality_id": municipality_id,
                        "kind": kind_value,
                        "reason": reason,
                        "recorded_by": person,
                        "recorded_at": moment,
                    }
                )
                continue
            if (current[0], current[1]) != (kind_value, reason):
                writer.update(
                    model.Position,
                    each_id,
                    {
                        "kind": kind_value,
                        "reason": reason,
                        "recorded_by": person,
                        "recorded_at": moment,
                    },
                )
                changed += 1
            if current[2]:
                writer.restore(model.Position, each_id)
                changed += 1
        writer.create_many(model.Position, creates)
    return changed + len(creates)


def record_positions(
    store: Store,
    actor: Actor,
    agenda_item_id: str,
    positions: Sequence[PositionSpec],
    recorded_at: datetime | None = None,
) -> list[str]:
    """Record (or change) positions of municipalities on one item."""
    item = fetch(store, "agenda_item", agenda_item_id, "meeting_id")
    record_roll_call(store, actor, item["meeting_id"], {agenda_item_id: positions}, recorded_at)
    return [position_id(agenda_item_id, spec.municipality_id) for spec in positions]


def record_position(
    store: Store,
    actor: Actor,
    agenda_item_id: str,
    municipality_id: str,
    kind: PositionKind,
    reason: str = "",
) -> str:
    return record_positions(
        store, actor, agenda_item_id, [PositionSpec(municipality_id, kind, reason)]
    )[0]


def withdraw_position(
    store: Store, actor: Actor, agenda_item_id: str, municipality_id: str
) -> None:
    """Take a recorded position back (the municipality has no position again)."""
    item = fetch(store, "agenda_item", agenda_item_id, "meeting_id, title")
    facts = meeting_facts(store, item["meeting_id"])
    ensure_unlocked(facts)
    if is_decided(store, agenda_item_id):
        raise ItemAlreadyDecided(item=item["title"])
    require_position_recorder(store, actor, facts.id, facts.pfo_id, municipality_id)
    each_id = position_id(agenda_item_id, municipality_id)
    if store.scalar("SELECT deleted FROM position WHERE id = ?", (each_id,)) == 0:
        with store.write(actor.person_id) as writer:
            writer.delete(model.Position, each_id)
