"""What the Twente-dag gives its participants: a personal schedule per member and a schedule per
faction (PDF and iCalendar), room lists for the hosts, and the programme of the day.

The PDFs are laid out with reportlab in the embedded Bitstream Vera fonts that reportlab ships
(as the other documents of RegioDesk), A4, with "page x of y".  The calendars use the escaping,
folding and time zone of ``regiodesk.calendar_export``.  Everything is in the current language
(Dutch by default) or the one asked for.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
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
from regiodesk.i18n import _, current_language, format_date, using_language
from regiodesk.model.region_day import SlotKind
from regiodesk.queries.region_day import DayOverview, RoomList, Schedule, ScheduleEntry, Slot
from regiodesk.timeutil import AMSTERDAM, utc_now

FONT, BOLD, ITALIC = "RegioDesk-Vera", "RegioDesk-Vera-Bold", "RegioDesk-Vera-Italic"
INK = "#1f2933"
MUTED = "#5f6b7a"
RULE = "#c9d1da"
HEADER_FILL = "#e8eef4"
PLENARY_FILL = "#f3f6f9"
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
    document, out, width = _document(title, schedule.day.title)
    story: list[Any] = [
        _para(schedule.day.title, styles["kicker"]),
        _para(title, styles["title"]),
        _para(
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
            story += [Spacer(1, 8), _para(_("Not planned yet for some rounds."), styles["note"])]
        hosts = [e for e in schedule.rows[0][1] if e.session is not None and e.session.description]
        if hosts:
            story += [Spacer(1, 12), _para(_("About your sessions"), styles["heading"])]
            for entry in hosts:
                assert entry.session is not None
                story.append(_para(f"{entry.session.code} · {entry.session.topic}", styles["bold"]))
                story.append(_para(entry.session.description, styles["body"]))
                story.append(Spacer(1, 4))
    else:
        story.append(_faction_table(schedule, styles, width))
    footer = _("Made by RegioDesk on {date}").format(date=format_date(made_on, "long"))
    document.build(story, canvasmaker=_numbered_canvas(footer))
    return out.getvalue()


def _personal_table(entries: list[ScheduleEntry], styles: dict[str, Any], width: float) -> Any:
    header = [_("Time"), _("Part"), _("Session of the day"), _("Room")]
    data: list[list[Any]] = [[_para(text, styles["th"]) for text in header]]
    plenary_rows: list[int] = []
    for entry in entries:
        slot = entry.slot
        if slot.kind is SlotKind.PLENARY:
            plenary_rows.append(len(data))
            data.append(
                [
                    _para(_span(slot), styles["cell"]),
                    _para(SlotKind.PLENARY.label.capitalize(), styles["cell"]),
                    _para(slot.title or "–", styles["bold"]),
                    _para(slot.room_name or "–", styles["cell"]),
                ]
            )
            continue
        session = entry.session
        if session is None:
            cell = _para(_("not planned yet"), styles["muted"])
            room = "–"
        else:
            details = " · ".join(p for p in (session.host_name, session.pfo_name) if p)
            cell = _para(
                f"<b>{_escape(session.code)} · {_escape(session.topic)}</b>"
                + (
                    f'<br/><font color="{MUTED}" size="7.5">{_escape(details)}</font>'
                    if details
                    else ""
                ),
                styles["cell"],
                escaped=True,
            )
            room = session.room_name or "–"
        data.append(
            [
                _para(_span(slot), styles["cell"]),
                _para(_slot_title(slot), styles["cell"]),
                cell,
                _para(room, styles["cell"]),
            ]
        )
    return _grid(data, [0.16, 0.14, 0.52, 0.18], width, plenary_rows)


def _faction_table(schedule: Schedule, styles: dict[str, Any], width: float) -> Any:
    rounds = [slot for slot in schedule.day.slots if slot.kind is SlotKind.ROUND]
    header = [_para(_("Member"), styles["th"])] + [
        _para(f"{_slot_title(slot)}<br/>{_span(slot)}", styles["th"], escaped=True)
        for slot in rounds
    ]
    data: list[list[Any]] = [header]
    for name, entries in schedule.rows:
        by_slot = {e.slot.id: e for e in entries}
        row: list[Any] = [_para(name, styles["bold"])]
        for slot in rounds:
            entry = by_slot.get(slot.id)
            session = entry.session if entry else None
            if session is None:
                row.append(_para("–", styles["muted"]))
            else:
                row.append(
                    _para(
                        f"<b>{_escape(session.code)}</b> {_escape(session.topic)}<br/>"
                        f'<font color="{MUTED}" size="7.5">{_escape(session.room_name)}</font>',
                        styles["cell"],
                        escaped=True,
                    )
                )
        data.append(row)
    if len(schedule.rows) == 0:
        data.append(
            [_para(_("This faction sends no members yet."), styles["muted"])] + [""] * len(rounds)
        )
    first = 0.25
    rest = (1 - first) / max(len(rounds), 1)
    return _grid(data, [first] + [rest] * len(rounds), width, [])


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
        document, out, width = _document(title, day.title)
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
                _para(f"{day.title} · {title}", styles["kicker"]),
                _para(f"{session.code} · {session.topic}", styles["title"]),
                _para(" · ".join(p for p in facts if p), styles["subtitle"]),
            ]
            if session.host_name:
                story.append(
                    _para(_("Host: {name}").format(name=session.host_name), styles["body"])
                )
            story.append(Spacer(1, 6))
            data: list[list[Any]] = [
                [
                    _para("#", styles["th"]),
                    _para(_("Name"), styles["th"]),
                    _para(_("Faction"), styles["th"]),
                    _para(_("Present"), styles["th"]),
                ]
            ]
            for index, (name, faction) in enumerate(room_list.attendees, start=1):
                data.append(
                    [
                        _para(str(index), styles["muted"]),
                        _para(name, styles["cell"]),
                        _para(faction, styles["cell"]),
                        "",
                    ]
                )
            if not room_list.attendees:
                data.append(["", _para(_("Nobody is planned here yet."), styles["muted"]), "", ""])
            story.append(_grid(data, [0.07, 0.43, 0.35, 0.15], width, []))
        if not lists:
            story.append(_para(_("The day has no sessions in rounds yet."), styles["body"]))
        footer = _("Made by RegioDesk on {date}").format(
            date=format_date(made_on or date.today(), "long")
        )
        document.build(story, canvasmaker=_numbered_canvas(footer))
        return out.getvalue()


def programme_pdf(
    day: DayOverview, language: str | None = None, made_on: date | None = None
) -> bytes:
    """The day's programme: every slot; per round its sessions, room and host."""
    with _language(language):
        from reportlab.platypus import Spacer

        styles = _styles()
        title = _("Programme")
        document, out, width = _document(title, day.title)
        story: list[Any] = [
            _para(title, styles["kicker"]),
            _para(day.title, styles["title"]),
            _para(_day_line(day), styles["subtitle"]),
            Spacer(1, 6),
        ]
        header = [_("Time"), _("Part"), _("Session of the day"), _("Room"), _("Host")]
        data: list[list[Any]] = [[_para(text, styles["th"]) for text in header]]
        plenary_rows: list[int] = []
        for slot in day.slots:
            if slot.kind is SlotKind.PLENARY:
                plenary_rows.append(len(data))
                data.append(
                    [
                        _para(_span(slot), styles["cell"]),
                        _para(SlotKind.PLENARY.label.capitalize(), styles["cell"]),
                        _para(slot.title or "–", styles["bold"]),
                        _para(slot.room_name or "–", styles["cell"]),
                        "",
                    ]
                )
                continue
            sessions = [s for s in day.sessions if slot.id in s.round_ids]
            for index, session in enumerate(sessions):
                origin = session.pfo_name or session.initiative_title
                data.append(
                    [
                        _para(_span(slot) if index == 0 else "", styles["cell"]),
                        _para(_slot_title(slot) if index == 0 else "", styles["cell"]),
                        _para(
                            f"<b>{_escape(session.code)} · {_escape(session.topic)}</b>"
                            + (
                                f'<br/><font color="{MUTED}" size="7.5">{_escape(origin)}</font>'
                                if origin
                                else ""
                            ),
                            styles["cell"],
                            escaped=True,
                        ),
                        _para(session.room_name or "–", styles["cell"]),
                        _para(session.host_name or "–", styles["cell"]),
                    ]
                )
            if not sessions:
                data.append(
                    [
                        _para(_span(slot), styles["cell"]),
                        _para(_slot_title(slot), styles["cell"]),
                        _para("–", styles["muted"]),
                        "",
                        "",
                    ]
                )
        story.append(_grid(data, [0.15, 0.13, 0.38, 0.14, 0.20], width, plenary_rows))
        footer = _("Made by RegioDesk on {date}").format(
            date=format_date(made_on or date.today(), "long")
        )
        document.build(story, canvasmaker=_numbered_canvas(footer))
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
    """Write ``data`` to ``path`` whole or not at all (through a temporary file)."""
    partial = path.with_name(path.name + ".part")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as error:
        with suppress(OSError):
            partial.unlink()
        raise InvalidInput(field=str(path), reason=error.strerror or str(error)) from None
    return path


# Layout helpers -----------------------------------------------------------------------------------


def _document(title: str, author: str) -> tuple[Any, io.BytesIO, float]:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    _register_fonts()
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=22 * mm,
        title=title,
        author=author or "RegioDesk",
        creator="RegioDesk",
        lang=current_language(),
        invariant=True,
        initialFontName=FONT,
    )
    return document, out, document.width - 12


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _para(text: str, style: Any, escaped: bool = False) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(text if escaped else _escape(text), style)


def _grid(data: list[list[Any]], fractions: list[float], width: float, shaded: list[int]) -> Any:
    from reportlab.platypus import Table, TableStyle

    table = Table(data, colWidths=[width * f for f in fractions], repeatRows=1)
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]
    commands += [("BACKGROUND", (0, row), (-1, row), PLENARY_FILL) for row in shaded]
    table.setStyle(TableStyle(commands))
    return table


def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=11.5, textColor=INK)

    def like(name: str, **changes: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    return {
        "kicker": like("kicker", fontName=BOLD, fontSize=8.5, textColor=ACCENT, spaceAfter=2),
        "title": like("title", fontName=BOLD, fontSize=17, leading=21, spaceAfter=2),
        "subtitle": like("subtitle", fontSize=10, leading=13, textColor=MUTED, spaceAfter=4),
        "heading": like("heading", fontName=BOLD, fontSize=11.5, leading=15, spaceAfter=4),
        "body": like("body"),
        "bold": like("bold", fontName=BOLD),
        "muted": like("muted", textColor=MUTED),
        "note": like("note", fontName=ITALIC, fontSize=8, leading=10, textColor=MUTED),
        "th": like("th", fontName=BOLD, fontSize=8.5, leading=10.5),
        "cell": like("cell"),
    }


def _register_fonts() -> None:
    """Register reportlab's own Bitstream Vera TrueType fonts (embedded in the PDF)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    import reportlab

    folder = Path(reportlab.__file__).parent / "fonts"
    for name, file in ((FONT, "Vera.ttf"), (BOLD, "VeraBd.ttf"), (ITALIC, "VeraIt.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, BOLD)
    addMapping(FONT, 0, 1, ITALIC)
    addMapping(FONT, 1, 1, BOLD)


def _numbered_canvas(footer: str) -> Any:
    """A canvas class that writes "page x of y" and ``footer`` on every page."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._footer(number, total)
                super().showPage()
            super().save()

        def _footer(self, number: int, total: int) -> None:
            page_width, _height = self._pagesize
            self.saveState()
            self.setFont(FONT, 7.5)
            self.setFillColor(MUTED)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.4)
            self.line(20 * mm, 15 * mm, page_width - 20 * mm, 15 * mm)
            self.drawString(20 * mm, 10.5 * mm, footer)
            self.drawRightString(
                page_width - 20 * mm,
                10.5 * mm,
                _("page {number} of {total}").format(number=number, total=total),
            )
            self.restoreState()

    return NumberedCanvas
