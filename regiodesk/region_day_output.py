"""What the Twente-dag gives its participants: a personal schedule per member and a schedule per
faction (PDF and iCalendar), room lists for the hosts, and the programme of the day.

The PDFs are laid out with the shared pieces of ``regiodesk.pdf_layout`` (as the other documents
of RegioDesk): A4, embedded Vera fonts, "page x of y".  The calendars use the escaping,
folding and time zone of ``regiodesk.calendar_export``.  Everything is in the current language
(Dutch by default) or the one asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from regiodesk import __version__
from regiodesk.calendar_export import (
    TZID,
    UID_SUFFIX,
    VTIMEZONE,
    escape_text,
    fits_zone_rule,
    fold,
)
from regiodesk.errors import InvalidInput
from regiodesk.files import write_atomically
from regiodesk.i18n import _, format_date, using_language
from regiodesk.model.enums import SlotKind
from regiodesk.pdf_layout import (
    FONT_BOLD,
    LIGHT_FILL,
    MUTED,
    a4_document,
    escape,
    grid,
    made_by,
    numbered_canvas,
    para,
    paragraph_styles,
)
from regiodesk.queries.region_day import DayOverview, RoomList, Schedule, ScheduleEntry, Slot
from regiodesk.timeutil import AMSTERDAM, utc_now

ACCENT = "#1d4f7a"


@contextmanager
def _language(language: str | None) -> Iterator[None]:
    if language is None:
        yield
    else:
        with using_language(language):
            yield


def _time(moment: datetime) -> str:
    return moment.astimezone(AMSTERDAM).strftime("%H:%M")


def _span(slot: Slot) -> str:
    return f"{_time(slot.starts_at)}–{_time(slot.ends_at)}"


def _day_line(day: DayOverview) -> str:
    parts = [format_date(day.held_on, "full"), day.venue]
    return " · ".join(part for part in parts if part)


def _slot_title(slot: Slot) -> str:
    return slot.title or slot.kind.label


# Schedules as PDF ---------------------------------------------------------------------------------


def schedule_pdf(
    schedule: Schedule, language: str | None = None, made_on: date | None = None
) -> bytes:
    """A member's schedule (one row of entries), or a faction's (a row per member)."""
    with _language(language):
        return _schedule_pdf(schedule, made_on or date.today())


def _schedule_pdf(schedule: Schedule, made_on: date) -> bytes:
    from reportlab.platypus import Spacer

    styles = _styles()
    personal = len(schedule.rows) == 1 and schedule.uid_key.startswith("member-")
    title = (
        _("Programme of {name}").format(name=schedule.title)
        if personal
        else _("Programme of the faction {name}").format(name=schedule.title)
    )
    document, out, width = a4_document(title, schedule.day.title)
    story: list[Any] = [
        para(schedule.day.title, styles["kicker"]),
        para(title, styles["title"]),
        para(
            " · ".join(p for p in (_day_line(schedule.day), schedule.subtitle) if p),
            styles["subtitle"],
        ),
        Spacer(1, 6),
    ]
    if personal:
        story.append(_personal_table(schedule.rows[0][1], styles, width))
        unplanned = [
            e for e in schedule.rows[0][1] if e.slot.kind is SlotKind.ROUND and not e.session
        ]
        if unplanned:
            story += [Spacer(1, 8), para(_("Not planned yet for some rounds."), styles["note"])]
        hosts = [e for e in schedule.rows[0][1] if e.session is not None and e.session.description]
        if hosts:
            story += [Spacer(1, 12), para(_("About your sessions"), styles["heading"])]
            for entry in hosts:
                assert entry.session is not None
                story.append(para(f"{entry.session.code} · {entry.session.topic}", styles["bold"]))
                story.append(para(entry.session.description, styles["body"]))
                story.append(Spacer(1, 4))
    else:
        story.append(_faction_table(schedule, styles, width))
    document.build(story, canvasmaker=numbered_canvas(made_by(made_on)))
    return out.getvalue()


def _personal_table(entries: list[ScheduleEntry], styles: dict[str, Any], width: float) -> Any:
    header = [_("Time"), _("Part"), _("Session of the day"), _("Room")]
    data: list[list[Any]] = [[para(text, styles["th"]) for text in header]]
    plenary_rows: list[int] = []
    for entry in entries:
        slot = entry.slot
        if slot.kind is SlotKind.PLENARY:
            plenary_rows.append(len(data))
            data.append(
                [
                    para(_span(slot), styles["cell"]),
                    para(SlotKind.PLENARY.label.capitalize(), styles["cell"]),
                    para(slot.title or "–", styles["bold"]),
                    para(slot.room_name or "–", styles["cell"]),
                ]
            )
            continue
        session = entry.session
        if session is None:
            cell = para(_("not planned yet"), styles["muted"])
            room = "–"
        else:
            details = " · ".join(p for p in (session.host_name, session.pfo_name) if p)
            cell = para(
                f"<b>{escape(session.code)} · {escape(session.topic)}</b>"
                + (
                    f'<br/><font color="{MUTED}" size="7.5">{escape(details)}</font>'
                    if details
                    else ""
                ),
                styles["cell"],
                escaped=True,
            )
            room = session.room_name or "–"
        data.append(
            [
                para(_span(slot), styles["cell"]),
                para(_slot_title(slot), styles["cell"]),
                cell,
                para(room, styles["cell"]),
            ]
        )
    return grid(data, [0.16, 0.14, 0.52, 0.18], width, _shaded(plenary_rows))


def _faction_table(schedule: Schedule, styles: dict[str, Any], width: float) -> Any:
    rounds = [slot for slot in schedule.day.slots if slot.kind is SlotKind.ROUND]
    header = [para(_("Member"), styles["th"])] + [
        para(f"{escape(_slot_title(slot))}<br/>{escape(_span(slot))}", styles["th"], escaped=True)
        for slot in rounds
    ]
    data: list[list[Any]] = [header]
    for name, entries in schedule.rows:
        by_slot = {e.slot.id: e for e in entries}
        row: list[Any] = [para(name, styles["bold"])]
        for slot in rounds:
            entry = by_slot.get(slot.id)
            session = entry.session if entry else None
            if session is None:
                row.append(para("–", styles["muted"]))
            else:
                row.append(
                    para(
                        f"<b>{escape(session.code)}</b> {escape(session.topic)}<br/>"
                        f'<font color="{MUTED}" size="7.5">{escape(session.room_name)}</font>',
                        styles["cell"],
                        escaped=True,
                    )
                )
        data.append(row)
    if len(schedule.rows) == 0:
        data.append(
            [para(_("This faction sends no members yet."), styles["muted"])] + [""] * len(rounds)
        )
    first = 0.25
    rest = (1 - first) / max(len(rounds), 1)
    return grid(data, [first] + [rest] * len(rounds), width)


# Room lists and the programme ---------------------------------------------------------------------


def room_lists_pdf(
    day: DayOverview,
    lists: list[RoomList],
    language: str | None = None,
    made_on: date | None = None,
) -> bytes:
    """Per session and round, who comes: one page each, for the host."""
    with _language(language):
        from reportlab.platypus import PageBreak, Spacer

        styles = _styles()
        title = _("Room lists")
        document, out, width = a4_document(title, day.title)
        story: list[Any] = []
        for number, room_list in enumerate(lists):
            if number:
                story.append(PageBreak())
            session, slot = room_list.session, room_list.slot
            capacity = session.capacity or 0
            facts = [
                f"{_slot_title(slot)}, {_span(slot)}",
                session.room_name,
                _("{count} of {capacity} seats").format(
                    count=len(room_list.attendees), capacity=capacity
                ),
            ]
            story += [
                para(f"{day.title} · {title}", styles["kicker"]),
                para(f"{session.code} · {session.topic}", styles["title"]),
                para(" · ".join(p for p in facts if p), styles["subtitle"]),
            ]
            if session.host_name:
                story.append(para(_("Host: {name}").format(name=session.host_name), styles["body"]))
            story.append(Spacer(1, 6))
            data: list[list[Any]] = [
                [
                    para("#", styles["th"]),
                    para(_("Name"), styles["th"]),
                    para(_("Faction"), styles["th"]),
                    para(_("Present"), styles["th"]),
                ]
            ]
            for index, (name, faction) in enumerate(room_list.attendees, start=1):
                data.append(
                    [
                        para(str(index), styles["muted"]),
                        para(name, styles["cell"]),
                        para(faction, styles["cell"]),
                        "",
                    ]
                )
            if not room_list.attendees:
                data.append(["", para(_("Nobody is planned here yet."), styles["muted"]), "", ""])
            story.append(grid(data, [0.07, 0.43, 0.35, 0.15], width))
        if not lists:
            story.append(para(_("The day has no sessions in rounds yet."), styles["body"]))
        document.build(story, canvasmaker=numbered_canvas(made_by(made_on or date.today())))
        return out.getvalue()


def programme_pdf(
    day: DayOverview, language: str | None = None, made_on: date | None = None
) -> bytes:
    """The day's programme: every slot; per round its sessions, room and host."""
    with _language(language):
        from reportlab.platypus import Spacer

        styles = _styles()
        title = _("Programme")
        document, out, width = a4_document(title, day.title)
        story: list[Any] = [
            para(title, styles["kicker"]),
            para(day.title, styles["title"]),
            para(_day_line(day), styles["subtitle"]),
            Spacer(1, 6),
        ]
        header = [_("Time"), _("Part"), _("Session of the day"), _("Room"), _("Host")]
        data: list[list[Any]] = [[para(text, styles["th"]) for text in header]]
        plenary_rows: list[int] = []
        for slot in day.slots:
            if slot.kind is SlotKind.PLENARY:
                plenary_rows.append(len(data))
                data.append(
                    [
                        para(_span(slot), styles["cell"]),
                        para(SlotKind.PLENARY.label.capitalize(), styles["cell"]),
                        para(slot.title or "–", styles["bold"]),
                        para(slot.room_name or "–", styles["cell"]),
                        "",
                    ]
                )
                continue
            sessions = [s for s in day.sessions if slot.id in s.round_ids]
            for index, session in enumerate(sessions):
                origin = session.pfo_name or session.initiative_title
                data.append(
                    [
                        para(_span(slot) if index == 0 else "", styles["cell"]),
                        para(_slot_title(slot) if index == 0 else "", styles["cell"]),
                        para(
                            f"<b>{escape(session.code)} · {escape(session.topic)}</b>"
                            + (
                                f'<br/><font color="{MUTED}" size="7.5">{escape(origin)}</font>'
                                if origin
                                else ""
                            ),
                            styles["cell"],
                            escaped=True,
                        ),
                        para(session.room_name or "–", styles["cell"]),
                        para(session.host_name or "–", styles["cell"]),
                    ]
                )
            if not sessions:
                data.append(
                    [
                        para(_span(slot), styles["cell"]),
                        para(_slot_title(slot), styles["cell"]),
                        para("–", styles["muted"]),
                        "",
                        "",
                    ]
                )
        story.append(grid(data, [0.15, 0.13, 0.38, 0.14, 0.20], width, _shaded(plenary_rows)))
        document.build(story, canvasmaker=numbered_canvas(made_by(made_on or date.today())))
        return out.getvalue()


# Schedules as iCalendar ---------------------------------------------------------------------------


def schedule_ics(
    schedule: Schedule, language: str | None = None, now: datetime | None = None
) -> bytes:
    """The schedule as iCalendar: an event per slot of the day (a faction's lists its members)."""
    with _language(language):
        stamp = (now or utc_now()).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        lines = [
            "BEGIN:VCALENDAR",
            f"PRODID:-//RegioDesk//RegioDesk {__version__}//NL",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            f"X-WR-CALNAME:{escape_text(f'{schedule.day.title}: {schedule.title}')}",
            f"X-WR-TIMEZONE:{TZID}",
            *VTIMEZONE,
        ]
        for slot in schedule.day.slots:
            entries = [
                (name, next((e for e in row if e.slot.id == slot.id), None))
                for name, row in schedule.rows
            ]
            lines += _event(schedule, slot, entries, stamp)
        lines.append("END:VCALENDAR")
        return b"".join(fold(line) for line in lines)


def _event(
    schedule: Schedule, slot: Slot, entries: list[tuple[str, ScheduleEntry | None]], stamp: str
) -> list[str]:
    day = schedule.day
    personal = len(schedule.rows) == 1 and schedule.uid_key.startswith("member-")
    location = [day.venue]
    description: list[str] = [day.title]
    if slot.kind is SlotKind.PLENARY:
        summary = f"{day.title}: {_slot_title(slot)}"
        location.append(slot.room_name)
    elif personal:
        entry = entries[0][1] if entries else None
        session = entry.session if entry else None
        if session is None:
            summary = f"{day.title}: {_slot_title(slot)}"
            description.append(_("not planned yet"))
        else:
            summary = f"{day.title}: {session.code} · {session.topic}"
            location.append(session.room_name)
            if session.host_name:
                description.append(_("Host: {name}").format(name=session.host_name))
            if session.description:
                description += ["", session.description]
    else:
        summary = f"{day.title}: {_slot_title(slot)} ({schedule.title})"
        description.append("")
        for name, entry in entries:
            session = entry.session if entry else None
            where = f"{session.code} · {session.topic} ({session.room_name})" if session else "–"
            description.append(f"{name}: {where}")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{schedule.uid_key}-{slot.id}{UID_SUFFIX}",
        f"DTSTAMP:{stamp}",
        _moment("DTSTART", slot.starts_at),
        _moment("DTEND", slot.ends_at),
        f"SUMMARY:{escape_text(summary)}",
    ]
    place = ", ".join(p for p in location if p)
    if place:
        lines.append(f"LOCATION:{escape_text(place)}")
    lines += [
        f"DESCRIPTION:{escape_text(chr(10).join(description))}",
        "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]
    return lines


def _moment(name: str, moment: datetime) -> str:
    if fits_zone_rule(moment):
        return f"{name};TZID={TZID}:{moment.astimezone(AMSTERDAM):%Y%m%dT%H%M%S}"
    return f"{name}:{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def write_file(data: bytes, path: Path) -> Path:
    """Write ``data`` to ``path`` whole or not at all (see ``regiodesk.files``); its folder must
    exist."""
    if not path.parent.is_dir():
        raise InvalidInput(field=str(path), reason=_("the folder does not exist"))
    return write_atomically(path, data)


# Layout helpers -----------------------------------------------------------------------------------


def _shaded(rows: list[int]) -> list[tuple[Any, ...]]:
    """The style commands that shade those rows of a table (the plenary parts)."""
    return [("BACKGROUND", (0, row), (-1, row), LIGHT_FILL) for row in rows]


def _styles() -> dict[str, Any]:
    return paragraph_styles(
        kicker={"fontName": FONT_BOLD, "fontSize": 8.5, "textColor": ACCENT, "spaceAfter": 2},
        subtitle={"spaceAfter": 4},
        bold={"fontName": FONT_BOLD},
        muted={"textColor": MUTED},
    )
