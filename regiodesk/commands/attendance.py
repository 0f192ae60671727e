"""Attendance per municipality at a meeting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from regiodesk import model
from regiodesk.commands._common import ensure_unlocked, meeting_facts
from regiodesk.errors import InvalidInput, NotFound
from regiodesk.i18n import _
from regiodesk.ids import stable_id
from regiodesk.model.enums import AttendanceStatus
from regiodesk.permissions import Actor, require_meeting_editor
from regiodesk.store import Store


def attendance_id(meeting_id: str, municipality_id: str) -> str:
    return stable_id("attendance", meeting_id, municipality_id)


@dataclass(frozen=True)
class AttendanceSpec:
    municipality_id: str
    status: AttendanceStatus
    person_id: str | None = None
    represented_by_id: str | None = None
    mandate: str = ""
    arrived_at: datetime | None = None
    left_at: datetime | None = None


def set_attendance_list(
    store: Store, actor: Actor, meeting_id: str, specs: Sequence[AttendanceSpec]
) -> list[str]:
    """Record the attendance of one or more municipalities at a meeting."""
    facts = meeting_facts(store, meeting_id)
    require_meeting_editor(store, actor, meeting_id, facts.pfo_id)
    ensure_unlocked(facts)
    known = {row[0] for row in store.conn.execute("SELECT id FROM municipality WHERE deleted = 0")}
    rows: list[dict[str, Any]] = []
    for spec in specs:
        status = AttendanceStatus(spec.status)
        if spec.municipality_id not in known:
            raise NotFound(kind=_("municipality"), id=spec.municipality_id)
        represented_by = spec.represented_by_id if status is AttendanceStatus.REPRESENTED else None
        if status is AttendanceStatus.REPRESENTED:
            if not represented_by:
                raise InvalidInput(
                    field=_("represented by"), reason=_("say which municipality represents it")
                )
            if represented_by == spec.municipality_id:
                raise InvalidInput(
                    field=_("represented by"), reason=_("a municipality cannot represent itself")
                )
            if represented_by not in known:
                raise NotFound(kind=_("municipality"), id=represented_by)
        rows.append(
            {
                "id": attendance_id(meeting_id, spec.municipality_id),
                "meeting_id": meeting_id,
                "municipality_id": spec.municipality_id,
                "status": status,
                "person_id": spec.person_id,
                "represented_by_id": represented_by,
                "mandate": spec.mandate.strip(),
                "arrived_at": spec.arrived_at,
                "left_at": spec.left_at,
            }
        )
    existing = {
        row[0]
        for row in store.conn.execute(
            "SELECT id FROM attendance WHERE meeting_id = ?", (meeting_id,)
        )
    }
    with store.write(actor.person_id) as writer:
        for row in rows:
            if row["id"] in existing:
                writer.update(
                    model.Attendance, row["id"], {k: v for k, v in row.items() if k != "id"}
                )
        writer.create_many(model.Attendance, [row for row in rows if row["id"] not in existing])
    return [row["id"] for row in rows]


def set_attendance(
    store: Store,
    actor: Actor,
    meeting_id: str,
    municipality_id: str,
    status: AttendanceStatus,
    person_id: str | None = None,
    represented_by_id: str | None = None,
    mandate: str = "",
    arrived_at: datetime | None = None,
    left_at: datetime | None = None,
) -> str:
    spec = AttendanceSpec(
        municipality_id, status, person_id, represented_by_id, mandate, arrived_at, left_at
    )
    return set_attendance_list(store, actor, meeting_id, [spec])[0]
