"""Meetings as the screens and the command line list them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from regiodesk.errors import InvalidInput, NotFound
from regiodesk.i18n import _
from regiodesk.model.enums import MeetingStatus
from regiodesk.references import meeting_reference
from regiodesk.store import Store
from regiodesk.timeutil import day_start_text, from_text, to_text

#: A meeting as people cite it: an optional PFO, then year and number ("PFO MOB 2026-03").
REFERENCE = re.compile(r"^(.*?)\s*([0-9]{4})-([0-9]{1,3})$")


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
        return meeting_reference(self.starts_at, self.number)


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


def find_pfo(store: Store, text: str) -> str:
    """The id of the PFO that ``text`` names: its id, name or short name, with or without the
    leading "PFO" ("PFO Mobiliteit", "Mobiliteit", "PFO MOB", "mob"), in any case."""
    wanted = _pfo_key(text)
    rows = store.query("SELECT id, name, short_name FROM pfo WHERE deleted = 0")
    for row in rows:
        if text.strip() == row["id"] or wanted in (
            _pfo_key(row["name"]),
            _pfo_key(row["short_name"]),
        ):
            return str(row["id"])
    raise NotFound(kind=_("PFO"), id=text)


def find_meeting(store: Store, text: str) -> str:
    """The id of the meeting that ``text`` names: its id, or its PFO and number as people cite
    it ("PFO MOB 2026-03", "Mobiliteit 2026-3"); the number alone ("2026-03") when only one PFO
    has a meeting with it."""
    text = text.strip()
    if store.scalar("SELECT 1 FROM meeting WHERE id = ?", (text,)):
        return text
    matched = REFERENCE.match(text)
    if matched is None:
        raise NotFound(kind=_("meeting"), id=text)
    pfo_text, year, number = matched.group(1).strip(), int(matched[2]), int(matched[3])
    pfo_id = find_pfo(store, pfo_text) if pfo_text else None
    found = [
        row
        for row in list_meetings(
            store, pfo_id=pfo_id, start=date(year, 1, 1), end=date(year + 1, 1, 1)
        )
        if row.number == number
    ]
    if not found:
        raise NotFound(kind=_("meeting"), id=text)
    if len(found) > 1:
        raise InvalidInput(
            field=text,
            reason=_("{count} PFOs have a meeting {reference} ({pfos}); name the PFO too").format(
                count=len(found),
                reference=found[0].reference,
                pfos=", ".join(row.pfo_name for row in found),
            ),
        )
    return found[0].id


def _pfo_key(name: str) -> str:
    words = name.casefold().split()
    if words and words[0] == "pfo":
        words = words[1:]
    return " ".join(words)
