"""Meetings as an iCalendar file (RFC 5545), for Outlook, Google Calendar, Thunderbird and Apple
Calendar: one meeting, or a PFO's meetings of a year.

Written by hand: the format is a few lines of text, and a library would be a dependency for them.

- Times carry ``TZID=Europe/Amsterdam`` with a VTIMEZONE that states the EU summer-time rule.  A
  PFO meets in Twente at a wall-clock time; with the zone in the file, every calendar shows that
  time and its zone (Outlook needs the VTIMEZONE to do so), also for a meeting after the next
  change to or from summer time.  A moment that the rule would place wrongly (should the rule
  ever change) is written in UTC instead, which every calendar also reads correctly.
- A meeting's UID is made from its id, so a later export updates the same calendar entry.
  SEQUENCE counts the changes that the change log holds for the meeting and its agenda items:
  it only grows, on every device, so a calendar takes a newer file as an update.
- A meeting that was deleted is written with STATUS:CANCELLED (a calendar then removes or
  strikes it); a draft is TENTATIVE, every other meeting CONFIRMED.
- The description lists the agenda by number; a confidential item is listed without its title.
- Text values are escaped (``\\``, ``;``, ``,``, new lines), lines are folded at 75 octets
  without splitting a UTF-8 character, and every line ends in CRLF.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from regiodesk import __version__
from regiodesk.errors import InvalidInput, NotFound
from regiodesk.files import write_atomically
from regiodesk.i18n import _
from regiodesk.model.enums import MeetingStatus
from regiodesk.references import meeting_reference
from regiodesk.store import Store
from regiodesk.timeutil import AMSTERDAM, day_start_text, from_text, utc_now

TZID = "Europe/Amsterdam"
#: The longest line in octets, without its CRLF (RFC 5545, 3.1).
MAX_OCTETS = 75
CRLF = b"\r\n"
#: Makes the UIDs globally unique: a meeting id is a UUID, the suffix says whose it is.
UID_SUFFIX = "@regiodesk"
#: Europe/Amsterdam as the EU has defined it since 1996: summer time from the last Sunday of
#: March 02:00 to the last Sunday of October 03:00 (local time).
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "X-LIC-LOCATION:Europe/Amsterdam",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


@dataclass(frozen=True)
class CalendarItem:
    #: 1-based place on the agenda.
    number: int
    title: str
    confidential: bool


@dataclass(frozen=True)
class CalendarMeeting:
    id: str
    pfo_name: str
    number: int
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str
    status: MeetingStatus
    #: Deleted: the meeting no longer takes place.
    cancelled: bool
    chair_name: str
    items: tuple[CalendarItem, ...]
    #: How often the meeting or its agenda changed after it was planned.
    sequence: int
    #: The latest change to the meeting or its agenda (None: the log holds none).
    last_modified: datetime | None

    @property
    def reference(self) -> str:
        """The meeting's number as people cite it: 2026-03."""
        return meeting_reference(self.starts_at, self.number)

    @property
    def uid(self) -> str:
        return f"{self.id}{UID_SUFFIX}"


@dataclass(frozen=True)
class Calendar:
    #: The calendar's name as calendars show it (X-WR-CALNAME).
    name: str
    meetings: tuple[CalendarMeeting, ...]


def meeting_calendar(store: Store, meeting_id: str) -> Calendar:
    """A calendar with one meeting (a deleted meeting too: it is written as cancelled)."""
    found = _meetings(store, "m.id = ?", (meeting_id,))
    if not found:
        raise NotFound(kind=_("meeting"), id=meeting_id)
    return Calendar(summary(found[0]), tuple(found))


def pfo_year_calendar(store: Store, pfo_id: str, year: int) -> Calendar:
    """A calendar with a PFO's meetings that start in ``year`` (in Amsterdam), deleted ones as
    cancelled, so that importing the year again removes them."""
    name = store.scalar("SELECT name FROM pfo WHERE id = ? AND deleted = 0", (pfo_id,))
    if name is None:
        raise NotFound(kind=_("PFO"), id=pfo_id)
    meetings = _meetings(
        store,
        "m.pfo_id = ? AND m.starts_at >= ? AND m.starts_at < ?",
        (pfo_id, day_start_text(date(year, 1, 1)), day_start_text(date(year + 1, 1, 1))),
    )
    return Calendar(f"{name} {year}", tuple(meetings))


def summary(meeting: CalendarMeeting) -> str:
    """What a calendar shows as the entry's title: "PFO Mobiliteit, meeting 2026-03: title"."""
    text = _("{pfo}, meeting {reference}").format(pfo=meeting.pfo_name, reference=meeting.reference)
    return f"{text}: {meeting.title}" if meeting.title else text


def description(meeting: CalendarMeeting) -> str:
    """The entry's notes: the meeting, its chair and its numbered agenda."""
    lines = []
    if meeting.cancelled:
        lines += [_("This meeting has been cancelled."), ""]
    lines.append(summary(meeting))
    if meeting.chair_name:
        lines.append(_("Chair: {name}").format(name=meeting.chair_name))
    lines += ["", _("Agenda:")]
    for item in meeting.items:
        title = _("confidential agenda item") if item.confidential else item.title
        lines.append(f"{item.number}. {title}")
    if not meeting.items:
        lines.append(_("(no agenda items yet)"))
    return "\n".join(lines)


def to_ics(calendar: Calendar, now: datetime | None = None) -> bytes:
    """The calendar as iCalendar bytes (UTF-8, CRLF, folded)."""
    stamp = _utc_text(now or utc_now())
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:-//RegioDesk//RegioDesk {__version__}//NL",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(calendar.name)}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for meeting in calendar.meetings:
        lines += _event(meeting, stamp)
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) for line in lines)


def write_calendar(calendar: Calendar, path: Path, now: datetime | None = None) -> Path:
    """Write the calendar to ``path`` whole or not at all (see ``regiodesk.files``); its folder
    must exist."""
    if not path.parent.is_dir():
        raise InvalidInput(field=str(path), reason=_("the folder does not exist"))
    return write_atomically(path, to_ics(calendar, now))


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11): backslash, semicolon, comma and new lines escaped;
    other control characters, which a value may not hold, left out."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(c for c in value if c in "\n\t" or (ord(c) >= 32 and c != "\x7f"))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> bytes:
    """One content line as UTF-8 with CRLF, folded so that no physical line is longer than 75
    octets; a fold never splits a character (a continuation line starts with a space)."""
    data = line.encode("utf-8")
    parts: list[bytes] = []
    start, limit = 0, MAX_OCTETS
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            end -= 1
        parts.append(data[start:end])
        start, limit = end, MAX_OCTETS - 1  # the leading space takes one octet
    parts.append(data[start:])
    return b"\r\n ".join(parts) + CRLF


def fits_zone_rule(moment: datetime) -> bool:
    """Whether the VTIMEZONE's rule gives ``moment`` the offset that Amsterdam has then."""
    local = moment.astimezone(AMSTERDAM)
    return local.utcoffset() == _rule_offset(local.replace(tzinfo=None))


# Helpers ------------------------------------------------------------------------------------------


def _event(meeting: CalendarMeeting, stamp: str) -> list[str]:
    if meeting.cancelled:
        status = "CANCELLED"
    elif meeting.status is MeetingStatus.DRAFT:
        status = "TENTATIVE"
    else:
        status = "CONFIRMED"
    lines = [
        "BEGIN:VEVENT",
        f"UID:{meeting.uid}",
        f"DTSTAMP:{stamp}",
        f"SEQUENCE:{meeting.sequence}",
    ]
    if meeting.last_modified is not None:
        lines.append(f"LAST-MODIFIED:{_utc_text(meeting.last_modified)}")
    lines += [
        _moment("DTSTART", meeting.starts_at),
        _moment("DTEND", meeting.ends_at),
        f"SUMMARY:{escape_text(summary(meeting))}",
    ]
    if meeting.location:
        lines.append(f"LOCATION:{escape_text(meeting.location)}")
    lines += [
        f"DESCRIPTION:{escape_text(description(meeting))}",
        f"STATUS:{status}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]
    return lines


def _moment(name: str, moment: datetime) -> str:
    if fits_zone_rule(moment):
        return f"{name};TZID={TZID}:{moment.astimezone(AMSTERDAM):%Y%m%dT%H%M%S}"
    return f"{name}:{_utc_text(moment)}"


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _last_sunday(year: int, month: int) -> date:
    last = date(year, month, 31)  # March and October both have 31 days
    return last - timedelta(days=(last.weekday() + 1) % 7)


def _rule_offset(local: datetime) -> timedelta:
    summer_from = datetime.combine(_last_sunday(local.year, 3), time(2))
    summer_until = datetime.combine(_last_sunday(local.year, 10), time(3))
    return timedelta(hours=2 if summer_from <= local < summer_until else 1)


def _meetings(store: Store, where: str, params: tuple[object, ...]) -> list[CalendarMeeting]:
    rows = store.query(
        "SELECT m.id, p.name AS pfo_name, m.number, m.title, m.starts_at, m.ends_at, m.location, "
        "m.status, m.deleted, c.name AS chair_name "
        "FROM meeting m JOIN pfo p ON p.id = m.pfo_id LEFT JOIN person c ON c.id = m.chair_id "
        f"WHERE {where} ORDER BY m.starts_at, m.id",
        params,
    )
    ids = [row["id"] for row in rows]
    items = _agenda_items(store, ids)
    changes = _changes(store, ids)
    meetings = []
    for row in rows:
        count, modified = changes.get(row["id"], (1, None))
        meetings.append(
            CalendarMeeting(
                id=row["id"],
                pfo_name=row["pfo_name"],
                number=int(row["number"]),
                title=row["title"],
                starts_at=from_text(row["starts_at"]),
                ends_at=from_text(row["ends_at"]),
                location=row["location"],
                status=MeetingStatus(row["status"]),
                cancelled=bool(row["deleted"]),
                chair_name=row["chair_name"] or "",
                items=tuple(items.get(row["id"], ())),
                sequence=max(count - 1, 0),
                last_modified=modified,
            )
        )
    return meetings


def _agenda_items(store: Store, meeting_ids: Sequence[str]) -> dict[str, list[CalendarItem]]:
    found: dict[str, list[CalendarItem]] = {}
    for row in store.query(
        "SELECT meeting_id, title, confidential FROM agenda_item "
        f"WHERE deleted = 0 AND meeting_id IN ({_marks(meeting_ids)}) "
        "ORDER BY meeting_id, ordinal, id",
        tuple(meeting_ids),
    ):
        agenda = found.setdefault(row["meeting_id"], [])
        agenda.append(CalendarItem(len(agenda) + 1, row["title"], bool(row["confidential"])))
    return found


def _changes(store: Store, meeting_ids: Sequence[str]) -> dict[str, tuple[int, datetime | None]]:
    """Per meeting: how many change-log entries its row and its agenda items (deleted ones too)
    have, and when the latest was made (from its hybrid clock's milliseconds)."""
    from regiodesk.clock import COUNTER_SPAN

    found: dict[str, tuple[int, datetime | None]] = {}
    for meeting_id, count, newest in store.conn.execute(
        "WITH owned(meeting_id, entity, entity_id) AS ("
        f" SELECT id, 'meeting', id FROM meeting WHERE id IN ({_marks(meeting_ids)})"
        " UNION ALL SELECT meeting_id, 'agenda_item', id FROM agenda_item"
        f" WHERE meeting_id IN ({_marks(meeting_ids)})) "
        "SELECT o.meeting_id, count(c.local_seq), max(c.hlc) FROM owned o "
        "JOIN change_log c ON c.entity_id = o.entity_id AND c.entity = o.entity "
        "GROUP BY o.meeting_id",
        (*meeting_ids, *meeting_ids),
    ):
        modified = datetime.fromtimestamp(newest // COUNTER_SPAN / 1000, UTC) if newest else None
        found[meeting_id] = (int(count), modified)
    return found


def _marks(values: Iterable[object]) -> str:
    return ", ".join("?" for _value in values) or "NULL"
