"""Meetings as the screens and the command line list them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from regiodesk.model.enums import MeetingStatus
from regiodesk.store import Store
from regiodesk.timeutil import day_start_text, from_text, local_date, to_text


@dataclass(frozen=True)
class MeetingRow:
    id: str
    pfo_id: str
    pfo_name: str
    number: int
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str
    status: MeetingStatus
    items: int

    @property
    def reference(self) -> str:
        """The meeting's number as people cite it: 2026-03."""
        return f"{local_date(self.starts_at).year}-{self.number:02d}"


def list_meetings(
    store: Store,
    pfo_id: str | Sequence[str] | None = None,
    start: date | datetime | None = None,
    end: date | datetime | None = None,
    statuses: tuple[MeetingStatus, ...] = (),
    limit: int | None = None,
    newest_first: bool = False,
) -> list[MeetingRow]:
    """Meetings, filtered by PFO (one or several), by period (start inclusive, end exclusive;
    a date means midnight in Amsterdam) and status."""
    where = ["m.deleted = 0"]
    params: list[Any] = []
    if isinstance(pfo_id, str):
        where.append("m.pfo_id = ?")
        params.append(pfo_id)
    elif pfo_id is not None:
        where.append(f"m.pfo_id IN ({','.join('?' for _ in pfo_id)})")
        params.extend(pfo_id)
    if start:
        where.append("m.starts_at >= ?")
        params.append(to_text(start) if isinstance(start, datetime) else day_start_text(start))
    if end:
        where.append("m.starts_at < ?")
        params.append(to_text(end) if isinstance(end, datetime) else day_start_text(end))
    if statuses:
        where.append(f"m.status IN ({','.join('?' for _ in statuses)})")
        params.extend(s.value for s in statuses)
    order = "DESC" if newest_first else "ASC"
    sql = (
        "SELECT m.id, m.pfo_id, p.name AS pfo_name, m.number, m.title, m.starts_at, m.ends_at, "
        "m.location, m.status, "
        "(SELECT count(*) FROM agenda_item i WHERE i.meeting_id = m.id AND i.deleted = 0) AS items "
        f"FROM meeting m JOIN pfo p ON p.id = m.pfo_id WHERE {' AND '.join(where)} "
        f"ORDER BY m.starts_at {order}"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [
        MeetingRow(
            id=row["id"],
            pfo_id=row["pfo_id"],
            pfo_name=row["pfo_name"],
            number=row["number"],
            title=row["title"],
            starts_at=from_text(row["starts_at"]),
            ends_at=from_text(row["ends_at"]),
            location=row["location"],
            status=MeetingStatus(row["status"]),
            items=row["items"],
        )
        for row in store.query(sql, tuple(params))
    ]
