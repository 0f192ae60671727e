"""Meetings as iCalendar (regiodesk/calendar_export.py), read back with a small strict parser."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from regiodesk import calendar_export, model
from regiodesk.calendar_export import (
    escape_text,
    fits_zone_rule,
    fold,
    meeting_calendar,
    pfo_year_calendar,
    to_ics,
    write_calendar,
)
from regiodesk.commands import agenda, meetings
from regiodesk.commands.agenda import ItemSpec
from regiodesk.errors import InvalidInput, NotFound
from regiodesk.model.enums import MeetingStatus
from regiodesk.permissions import SYSTEM
from regiodesk.timeutil import AMSTERDAM

if TYPE_CHECKING:
    from tests.core.conftest import World

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


# A strict reader: what a calendar program does with the file ---------------------------------


@dataclass
class Component:
    name: str
    properties: list[tuple[str, dict[str, str], str]] = field(default_factory=list)
    children: list[Component] = field(default_factory=list)

    def values(self, name: str) -> list[str]:
        return [value for key, _params, value in self.properties if key == name]

    def value(self, name: str) -> str:
        found = self.values(name)
        assert len(found) == 1, (name, found)
        return found[0]

    def params(self, name: str) -> dict[str, str]:
        return next(params for key, params, _value in self.properties if key == name)

    def all(self, name: str) -> list[Component]:
        return [child for child in self.children if child.name == name]


def physical_lines(data: bytes) -> list[bytes]:
    """The file's lines; every one must end in CRLF, be at most 75 octets and be UTF-8."""
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    for line in lines:
        assert b"\r" not in line, line
        assert b"\n" not in line, line
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold never splits a character
    return lines


def unfold(data: bytes) -> list[str]:
    logical: list[bytes] = []
    for line in physical_lines(data):
        if line.startswith((b" ", b"\t")):
            assert logical, "a continuation line without a line before it"
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return [line.decode("utf-8") for line in logical]


def unescape(value: str) -> str:
    out, index = [], 0
    while index < len(value):
        char = value[index]
        if char == "\\":
            following = value[index + 1]
            assert following in "\\;,nN", f"bad escape \\{following}"
            out.append("\n" if following in "nN" else following)
            index += 2
            continue
        assert char not in ";,", f"unescaped {char!r} in a TEXT value: {value!r}"
        out.append(char)
        index += 1
    return "".join(out)


def parse(data: bytes) -> Component:
    stack: list[Component] = []
    root: Component | None = None
    for line in unfold(data):
        head, colon, value = line.partition(":")
        assert colon, line
        name, *raw_params = head.split(";")
        params = dict(param.split("=", 1) for param in raw_params)
        if name == "BEGIN":
            component = Component(value)
            if stack:
                stack[-1].children.append(component)
            else:
                assert root is None, "two top-level components"
                root = component
            stack.append(component)
        elif name == "END":
            assert stack, f"END:{value} without BEGIN"
            assert stack[-1].name == value, f"END:{value} does not close"
            stack.pop()
        else:
            assert stack, line
            stack[-1].properties.append((name, params, value))
    assert not stack
    assert root is not None
    return root


TEXT_PROPERTIES = ("SUMMARY", "LOCATION", "DESCRIPTION", "X-WR-CALNAME")


def events(data: bytes) -> list[Component]:
    calendar = parse(data)
    assert calendar.name == "VCALENDAR"
    assert calendar.value("VERSION") == "2.0"
    assert calendar.value("METHOD") == "PUBLISH"
    assert calendar.value("CALSCALE") == "GREGORIAN"
    assert calendar.value("PRODID").startswith("-//RegioDesk//")
    for event in calendar.all("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "STATUS", "SEQUENCE"):
            event.value(required)
    return calendar.all("VEVENT")


def text(event: Component, name: str) -> str:
    return unescape(event.value(name))


def moment(event: Component, name: str) -> datetime:
    """A DTSTART or DTEND as an aware datetime, read as a calendar does: with the file's
    VTIMEZONE rule (summer time between the last Sundays of March and October)."""
    value, params = event.value(name), event.params(name)
    if value.endswith("Z"):
        assert "TZID" not in params
        return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert params == {"TZID": "Europe/Amsterdam"}
    local = datetime.strptime(value, "%Y%m%dT%H%M%S")
    return (local - calendar_export._rule_offset(local)).replace(tzinfo=UTC)


# Text, folding, line ends --------------------------------------------------------------------


def test_text_escaping() -> None:
    assert escape_text("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"
    assert escape_text("tab\tbell\x07del\x7f") == "tab\tbelldel"
    assert unescape(escape_text("Zaal 1; Stadhuis, Enschede\\oost\nb")) == (
        "Zaal 1; Stadhuis, Enschede\\oost\nb"
    )


def test_short_lines_are_not_folded() -> None:
    assert fold("SUMMARY:kort") == b"SUMMARY:kort\r\n"
    line = "X:" + "a" * 73
    assert fold(line) == line.encode() + b"\r\n"


@pytest.mark.parametrize("char", ["é", "€", "𝄞", "ë"])
@pytest.mark.parametrize("offset", range(0, 5))
def test_folding_never_splits_a_character(char: str, offset: int) -> None:
    """Multi-byte characters at every position around each fold."""
    line = "DESCRIPTION:" + "x" * (60 + offset) + char * 40 + "y" * 100
    folded = fold(line)
    physical = folded[:-2].split(b"\r\n")
    assert len(physical) > 2
    for index, part in enumerate(physical):
        assert len(part) <= 75
        part.decode("utf-8")
        if index:
            assert part.startswith(b" ")
    assert unfold(folded) == [line]
    # The first line is as long as it may be, short only by the bytes of a character.
    assert 75 - len(char.encode()) < len(physical[0]) <= 75


def test_every_line_of_a_file_ends_in_crlf(world: World) -> None:
    data = to_ics(meeting_calendar(world.store, world.meeting_id), NOW)
    assert data.count(b"\n") == data.count(b"\r\n")
    assert data.count(b"\r") == data.count(b"\r\n")
    physical_lines(data)


# The content ----------------------------------------------------------------------------------


def test_one_meeting(world: World) -> None:
    meetings.update_meeting(
        world.store, world.secretary, world.meeting_id, location="Raadzaal; Stadhuis, Enschede"
    )
    data = to_ics(meeting_calendar(world.store, world.meeting_id), NOW)
    (event,) = events(data)
    assert event.value("UID") == f"{world.meeting_id}@regiodesk"
    assert event.value("DTSTAMP") == "20261128T120000Z"
    assert text(event, "SUMMARY") == "PFO Mobiliteit, meeting 2026-01: PFO Mobiliteit december"
    assert text(event, "LOCATION") == "Raadzaal; Stadhuis, Enschede"
    assert event.value("DTSTART") == "20261208T100000"
    assert moment(event, "DTSTART") == datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    assert moment(event, "DTEND") == datetime(2026, 12, 8, 11, 0, tzinfo=UTC)
    assert event.value("STATUS") == "TENTATIVE"  # still a draft
    description = text(event, "DESCRIPTION")
    assert "Chair: Wethouder Enschede" in description
    assert description.endswith(
        "Agenda:\n"
        "1. Opening en mededelingen\n"
        "2. Snelfietsroute F35 doortrekken\n"
        "3. Regionaal mobiliteitsfonds\n"
        "4. Verkenning deelmobiliteit"
    )
    calendar = parse(data)
    assert unescape(calendar.value("X-WR-CALNAME")) == text(event, "SUMMARY")
    (zone,) = calendar.all("VTIMEZONE")
    assert zone.value("TZID") == "Europe/Amsterdam"


def test_confidential_titles_stay_out(world: World) -> None:
    agenda.update_agenda_item(world.store, world.secretary, world.decision_item, confidential=True)
    data = to_ics(meeting_calendar(world.store, world.meeting_id), NOW)
    assert b"Snelfietsroute" not in data
    assert "Snelfietsroute" not in "".join(unfold(data))
    (event,) = events(data)
    assert "\n2. confidential agenda item\n" in text(event, "DESCRIPTION")
    assert "\n3. Regionaal mobiliteitsfonds" in text(event, "DESCRIPTION")


def test_the_uid_stays_and_the_sequence_grows(world: World) -> None:
    def exported() -> Component:
        (event,) = events(to_ics(meeting_calendar(world.store, world.meeting_id), NOW))
        return event

    first = exported()
    assert exported().properties == first.properties  # the same store: the same file
    meetings.update_meeting(
        world.store,
        world.secretary,
        world.meeting_id,
        starts_at=datetime(2026, 12, 8, 13, 0, tzinfo=AMSTERDAM),
        ends_at=datetime(2026, 12, 8, 15, 0, tzinfo=AMSTERDAM),
    )
    moved = exported()
    assert moved.value("UID") == first.value("UID")
    assert int(moved.value("SEQUENCE")) > int(first.value("SEQUENCE"))
    assert moved.value("DTSTART") == "20261208T130000"
    agenda.add_agenda_item(world.store, world.secretary, world.meeting_id, ItemSpec("Rondvraag"))
    grown = exported()
    assert int(grown.value("SEQUENCE")) > int(moved.value("SEQUENCE"))
    assert text(grown, "DESCRIPTION").endswith("\n5. Rondvraag")
    assert grown.value("LAST-MODIFIED") >= first.value("LAST-MODIFIED")


def test_status_follows_the_meeting(world: World) -> None:
    def status() -> str:
        (event,) = events(to_ics(meeting_calendar(world.store, world.meeting_id), NOW))
        return event.value("STATUS")

    assert status() == "TENTATIVE"
    meetings.set_meeting_status(
        world.store, world.secretary, world.meeting_id, MeetingStatus.PUBLISHED
    )
    assert status() == "CONFIRMED"
    with world.store.write(SYSTEM.person_id) as writer:
        writer.delete(model.Meeting, world.meeting_id)
    assert status() == "CANCELLED"
    (event,) = events(to_ics(meeting_calendar(world.store, world.meeting_id), NOW))
    assert text(event, "DESCRIPTION").startswith("This meeting has been cancelled.")


def test_a_missing_meeting(world: World) -> None:
    with pytest.raises(NotFound):
        meeting_calendar(world.store, "nope")
    with pytest.raises(NotFound):
        pfo_year_calendar(world.store, "nope", 2026)


# Time zones ------------------------------------------------------------------------------------


def _plan(world: World, day: date, hour: int = 10) -> str:
    return meetings.create_meeting(
        world.store,
        world.secretary,
        world.pfo_id,
        datetime(day.year, day.month, day.day, hour, tzinfo=AMSTERDAM),
        datetime(day.year, day.month, day.day, hour + 2, tzinfo=AMSTERDAM),
        location="Stadhuis Hengelo",
    )


def test_times_across_the_changes_to_and_from_summer_time(world: World) -> None:
    """10:00 in Amsterdam is 09:00 UTC in winter and 08:00 UTC in summer; the file says 10:00
    local on each side of both changes of 2027 (28 March and 31 October)."""
    days = [date(2027, 3, 27), date(2027, 3, 29), date(2027, 10, 30), date(2027, 11, 1)]
    for day in days:
        _plan(world, day)
    found = events(to_ics(pfo_year_calendar(world.store, world.pfo_id, 2027), NOW))
    assert [event.value("DTSTART") for event in found] == [f"{day:%Y%m%d}T100000" for day in days]
    assert [moment(event, "DTSTART").hour for event in found] == [9, 8, 8, 9]
    assert [moment(event, "DTEND").hour for event in found] == [11, 10, 10, 11]


def test_the_zone_rule_agrees_with_the_time_zone_database() -> None:
    """Every quarter hour of 2024-2030 gets the offset that tzdata gives Amsterdam, except the
    second pass through the hour that October repeats: a local time names its first occurrence
    (RFC 5545, 3.3.5), so such a moment must be written in UTC."""
    moment_ = datetime(2024, 1, 1, tzinfo=UTC)
    repeated = 0
    while moment_.year < 2031:
        second_pass = moment_.astimezone(AMSTERDAM).fold == 1
        assert fits_zone_rule(moment_) is not second_pass, moment_
        repeated += second_pass
        moment_ += timedelta(minutes=15)
    assert repeated == 7 * 4


def test_a_moment_the_rule_would_misplace_is_written_in_utc(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should Amsterdam stop changing its clocks, summer meetings are written in UTC."""
    monkeypatch.setattr(calendar_export, "AMSTERDAM", ZoneInfo("Etc/GMT-1"))
    _plan(world, date(2027, 1, 12))
    _plan(world, date(2027, 6, 15))
    winter, summer = events(to_ics(pfo_year_calendar(world.store, world.pfo_id, 2027), NOW))
    assert winter.value("DTSTART") == "20270112T100000"
    assert summer.value("DTSTART") == "20270615T080000Z"
    assert moment(summer, "DTSTART") == datetime(2027, 6, 15, 8, 0, tzinfo=UTC)


# A PFO's year, and the file -------------------------------------------------------------------


def test_a_pfos_year_holds_its_meetings_of_that_year(world: World) -> None:
    in_year = _plan(world, date(2027, 2, 2))
    _plan(world, date(2028, 2, 1))
    meetings.create_meeting(
        world.store,
        SYSTEM,
        world.other_pfo_id,
        datetime(2027, 2, 3, 10, tzinfo=AMSTERDAM),
        datetime(2027, 2, 3, 12, tzinfo=AMSTERDAM),
    )
    calendar = pfo_year_calendar(world.store, world.pfo_id, 2027)
    assert calendar.name == "PFO Mobiliteit 2027"
    assert [m.id for m in calendar.meetings] == [in_year]
    (event,) = events(to_ics(calendar, NOW))
    assert text(event, "LOCATION") == "Stadhuis Hengelo"
    assert text(event, "DESCRIPTION").endswith("Agenda:\n(no agenda items yet)")
    empty = to_ics(pfo_year_calendar(world.store, world.pfo_id, 2030), NOW)
    assert events(empty) == []


def test_write_calendar(world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "agenda"
    folder.mkdir()
    target = folder / "vergadering.ics"
    write_calendar(meeting_calendar(world.store, world.meeting_id), target, NOW)
    assert target.read_bytes() == to_ics(meeting_calendar(world.store, world.meeting_id), NOW)
    for wrong, reason in (
        (folder / "nergens" / "vergadering.ics", "the folder does not exist"),
        (folder, "this is a folder"),
    ):
        with pytest.raises(InvalidInput, match=reason):
            write_calendar(meeting_calendar(world.store, world.meeting_id), wrong, NOW)
    old = target.read_bytes()

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(InvalidInput, match="the disk is full"):
        write_calendar(meeting_calendar(world.store, world.meeting_id), target, NOW + timedelta(1))
    assert target.read_bytes() == old
    assert list(folder.iterdir()) == [target]  # no half-written file
