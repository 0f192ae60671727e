"""Shared checks of the commands."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from regiodesk.errors import DecisionListLocked, InvalidInput, NotFound
from regiodesk.i18n import _
from regiodesk.model.enums import MeetingStatus
from regiodesk.store import Store
from regiodesk.timeutil import from_text, local_date


def fetch(store: Store, table: str, entity_id: str, columns: str = "*") -> sqlite3.Row:
    rows = store.query(
        f'SELECT {columns} FROM "{table}" WHERE id = ? AND deleted = 0', (entity_id,)
    )
    if not rows:
        raise NotFound(kind=table.replace("_", " "), id=entity_id)
    return rows[0]


@dataclass(frozen=True)
class MeetingFacts:
    id: str
    pfo_id: str
    status: MeetingStatus
    starts_on: date
    locked: bool


def meeting_facts(store: Store, meeting_id: str) -> MeetingFacts:
    row = fetch(store, "meeting", meeting_id, "id, pfo_id, status, starts_at")
    locked = bool(
        store.scalar(
            "SELECT 1 FROM decision_list WHERE meeting_id = ? AND deleted = 0 "
            "AND status IN ('signed', 'adopted')",
            (meeting_id,),
        )
    )
    return MeetingFacts(
        id=row["id"],
        pfo_id=row["pfo_id"],
        status=MeetingStatus(row["status"]),
        starts_on=local_date(from_text(row["starts_at"])),
        locked=locked,
    )


def ensure_unlocked(facts: MeetingFacts) -> None:
    if facts.locked:
        raise DecisionListLocked(meeting=facts.id)


def require_text(value: str | None, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(field=field, reason=_("this field is required"))
    return text


def require_range(value: int, field: str, low: int, high: int) -> int:
    if not low <= value <= high:
        raise InvalidInput(
            field=field, reason=_("must be between {low} and {high}").format(low=low, high=high)
        )
    return value
