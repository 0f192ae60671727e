"""The Twente-dag in a store: commands, the preference file, planning and re-planning, schedules
(PDF and iCalendar), and yields that become PFO agenda items."""

from __future__ import annotations

import errno
import os
from datetime import datetime
from pathlib import Path

import pytest

from regiodesk.changelog.rebuild import compare, rebuild
from regiodesk.cli.main import main
from regiodesk.commands import meetings
from regiodesk.commands import region_day as commands
from regiodesk.commands.region_day import PreferenceSpec
from regiodesk.errors import Conflict, InvalidInput, NotPermitted
from regiodesk.model.enums import ItemKind, MeetingStatus
from regiodesk.model.region_day import PreferenceKind, YieldKind
from regiodesk.permissions import SYSTEM, Actor
from regiodesk.queries import region_day as queries
from regiodesk.region_day_csv import PreferenceFileError, parse_preferences_csv
from regiodesk.region_day_output import (
    programme_pdf,
    room_lists_pdf,
    schedule_ics,
    schedule_pdf,
    write_file,
)
from regiodesk.region_day_planner import PlanImpossible
from regiodesk.timeutil import AMSTERDAM

from .conftest import SmallDay

HEADER = "gemeente;fractie;naam;A;B;C\r\n"


def problems_of(small_day: SmallDay, data: bytes) -> list[str]:
    context = commands.preference_context(small_day.store, small_day.id)
    with pytest.raises(PreferenceFileError) as caught:
        parse_preferences_csv(data, context, "voorkeuren.csv")
    return [problem.message() for problem in caught.value.problems]


# The preference file ------------------------------------------------------------------------------


def test_a_good_file_adds_members_and_records_preferences(small_day: SmallDay) -> None:
    data = (
        HEADER + "Enschede;CDA;;moet;;\r\n"
        "Enschede;CDA;CDA Enschede 1;1;2;niet\r\n"
        "enschede;cda;Nieuw Lid;;wil;1\r\n"
        "GM0141;VVD;VVD Almelo 1;must;;want\r\n"
    ).encode("utf-8-sig")
    store = small_day.store
    lines = parse_preferences_csv(data, commands.preference_context(store, small_day.id))
    result = commands.import_preferences(store, SYSTEM, small_day.id, lines)
    assert (result.members_added, result.members_updated, result.factions_updated) == (1, 2, 1)
    problem = queries.plan_input(store, small_day.id)
    cda = small_day.members["CDA Enschede 1"]
    assert problem.score(cda, small_day.sessions["A"]) == 8
    assert problem.score(cda, small_day.sessions["C"]) == -10
    # A member without a preference of their own gets the faction's.
    assert problem.score(small_day.members["CDA Enschede 2"], small_day.sessions["A"]) == 10
    faction = next(f for f in problem.factions if f.id == small_day.factions["CDA Enschede"])
    assert faction.must == {small_day.sessions["A"]}
    assert len(problem.members) == 7
    # Importing the same file again changes nothing.
    before = store.scalar("SELECT count(*) FROM change_log")
    again = commands.import_preferences(store, SYSTEM, small_day.id, lines)
    assert again.members_added == 0
    assert store.scalar("SELECT count(*) FROM change_log") == before


def test_excel_s_own_encoding_is_read(small_day: SmallDay) -> None:
    data = (HEADER + "Enschede;CDA;Renée Ørsted;1;;\r\n").encode("cp1252")
    lines = parse_preferences_csv(data, commands.preference_context(small_day.store, small_day.id))
    assert lines[0].member_name == "Renée Ørsted"


def test_every_bad_line_is_named(small_day: SmallDay) -> None:
    data = (
        HEADER + "Enschede;CDA;Anna;1;2;\r\n"
        "Enschede;PVV;Bob;1;;\r\n"
        "Zwolle;CDA;Carla;1;;\r\n"
        "Enschede;CDA;anna;;1;\r\n"
        "Almelo;VVD;Dirk;1;1;\r\n"
        "Almelo;VVD;Eva;ja;;\r\n"
    ).encode()
    assert problems_of(small_day, data) == [
        "line 3: unknown faction 'PVV' of Enschede: add it to the day first",
        "line 4: unknown municipality 'Zwolle': it is not in the region",
        "line 5: anna of this faction appears twice (also on line 2)",
        "line 6: rank 1 is given to both A and B",
        "line 7: 'ja' for session A is not must, want, not or a rank (1, 2, ...)",
    ]


def test_a_session_ranked_twice_and_unknown_columns(small_day: SmallDay) -> None:
    twice = b"gemeente;fractie;naam;A;Bereikbaarheid;B\r\nEnschede;CDA;Anna;1;2;\r\n"
    assert problems_of(small_day, twice) == ["line 2: session A is ranked twice (columns 4 and 5)"]
    unknown = b"gemeente;naam;Z\r\nEnschede;Anna;1\r\n"
    assert problems_of(small_day, unknown) == [
        "line 1: the column 'Z' is no session of the day (use its code or topic)",
        "line 1: the column party is missing (accepted headers: party, faction, fractie, partij)",
    ]


# Rules and rights ---------------------------------------------------------------------------------


def test_only_the_secretariat_organises_the_day(small_day: SmallDay, world: object) -> None:
    outsider: Actor = world.outsider  # type: ignore[attr-defined]
    secretary: Actor = world.secretary  # type: ignore[attr-defined]
    with pytest.raises(NotPermitted):
        commands.add_room(small_day.store, outsider, small_day.id, "Kelder", 10)
    assert commands.add_room(small_day.store, secretary, small_day.id, "Kelder", 10)


def test_preferences_refuse_two_sessions_with_one_rank(small_day: SmallDay) -> None:
    with pytest.raises(InvalidInput, match="rank 1 is given to two sessions"):
        commands.set_preferences(
            small_day.store,
            SYSTEM,
            [
                PreferenceSpec(small_day.sessions["A"], PreferenceKind.RANKED, 1),
                PreferenceSpec(small_day.sessions["B"], PreferenceKind.RANKED, 1),
            ],
            member_id=small_day.members["CDA Enschede 1"],
        )


# Planning -----------------------------------------------------------------------------------------


def test_plan_saves_assignments_and_the_figures(small_day: SmallDay) -> None:
    store = small_day.store
    result = commands.plan_region_day(store, SYSTEM, small_day.id, time_limit=5)
    assert result.plan.status == "optimal"
    assert result.saved.created == 12  # 6 members x 2 rounds
    day = queries.overview(store, small_day.id)
    assert day.assignments == 12
    assert day.plan_score == result.plan.score
    assert day.plan_gap == 0.0
    for session in day.sessions:
        assert all(n <= 4 for n in session.assigned.values())
    assert compare(store.conn, rebuild(store.conn)) == []


def test_planning_again_moves_only_what_must_move(small_day: SmallDay) -> None:
    store = small_day.store
    commands.plan_region_day(store, SYSTEM, small_day.id, time_limit=5)
    before = {
        (row["member_id"], row["slot_id"]): row["session_id"]
        for row in store.query("SELECT * FROM region_day_assignment WHERE deleted = 0")
    }
    # Lock one assignment by hand, and a member leaves.
    member = small_day.members["CDA Enschede 1"]
    kept_id = commands.set_assignment(
        store, SYSTEM, member, small_day.rounds[0], small_day.sessions["B"]
    )
    leaving = small_day.members["VVD Almelo 2"]
    commands.remove_member(store, SYSTEM, leaving)
    result = commands.plan_region_day(store, SYSTEM, small_day.id, time_limit=5)
    after = {
        (row["member_id"], row["slot_id"]): row["session_id"]
        for row in store.query("SELECT * FROM region_day_assignment WHERE deleted = 0")
    }
    assert after[(member, small_day.rounds[0])] == small_day.sessions["B"]
    assert store.scalar("SELECT locked FROM region_day_assignment WHERE id = ?", (kept_id,)) == 1
    assert not any(key[0] == leaving for key in after)
    unchanged = [k for k in after if k[0] != member and before.get(k) == after[k]]
    assert len(unchanged) == len(after) - 2  # only the locked member's day changed
    assert result.plan.kept == result.plan.previous


def test_an_impossible_plan_is_explained_and_nothing_is_saved(small_day: SmallDay) -> None:
    store = small_day.store
    for n in range(7):  # 13 members, but 8 seats in each round
        commands.add_member(store, SYSTEM, small_day.factions["CDA Enschede"], f"Extra {n}")
    with pytest.raises(PlanImpossible) as caught:
        commands.plan_region_day(store, SYSTEM, small_day.id, time_limit=5)
    assert [r.message() for r in caught.value.reasons] == [
        "Ronde 1: 13 members take part, but the rooms of its sessions hold 8",
        "Ronde 2: 13 members take part, but the rooms of its sessions hold 8",
    ]
    assert store.scalar("SELECT count(*) FROM region_day_assignment") == 0


# Outputs ------------------------------------------------------------------------------------------


def test_schedules_as_pdf_and_icalendar(small_day: SmallDay) -> None:
    store = small_day.store
    commands.plan_region_day(store, SYSTEM, small_day.id, time_limit=5)
    member = small_day.members["CDA Enschede 1"]
    schedule = queries.member_schedule(store, small_day.id, member)
    assert [e.slot.title for e in schedule.rows[0][1]] == ["Opening", "Ronde 1", "Ronde 2"]
    pdf = schedule_pdf(schedule, "nl")
    assert pdf.startswith(b"%PDF")
    assert b"/FontFile2" in pdf
    assert b"/Helvetica" not in pdf  # every text in the embedded fonts
    ics = schedule_ics(schedule, "en", now=datetime(2031, 1, 1, tzinfo=AMSTERDAM)).decode()
    assert ics.count("BEGIN:VEVENT") == 3
    assert "DTSTART;TZID=Europe/Amsterdam:20310315T101500" in ics
    assert f"UID:member-{member}-{small_day.rounds[0]}@regiodesk" in ics.replace("\r\n ", "")
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    faction = queries.faction_schedule(store, small_day.id, small_day.factions["VVD Almelo"])
    assert [name for name, _entries in faction.rows] == ["VVD Almelo 1", "VVD Almelo 2"]
    assert schedule_pdf(faction, "en").startswith(b"%PDF")
    day, lists = queries.room_lists(store, small_day.id)
    assert sum(len(room.attendees) for room in lists) == 12
    assert room_lists_pdf(day, lists).startswith(b"%PDF")
    assert programme_pdf(day, "en").startswith(b"%PDF")


def test_files_are_written_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write_file(b"%PDF-1", tmp_path / "programma.pdf")
    assert target.read_bytes() == b"%PDF-1"
    with pytest.raises(InvalidInput, match="the folder does not exist"):
        write_file(b"%PDF-2", tmp_path / "nergens" / "programma.pdf")

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(InvalidInput, match="the disk is full"):
        write_file(b"%PDF-2", target)
    assert target.read_bytes() == b"%PDF-1"
    assert list(tmp_path.iterdir()) == [target]


def test_the_command_line(
    small_day: SmallDay, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = small_day.store.path
    small_day.store.close()
    csv_file = tmp_path / "voorkeuren.csv"
    csv_file.write_bytes((HEADER + "Enschede;CDA;CDA Enschede 1;1;2;3\r\n").encode())
    base = ["--lang", "en", "--store", str(path), "regionday"]
    assert main([*base, "import-preferences", str(csv_file)]) == 0
    assert main([*base, "plan", "--time-limit", "5"]) == 0
    assert "gap 0% (optimal)" in capsys.readouterr().out
    assert (
        main([*base, "schedule", "--member", "CDA Enschede 1", "--out", str(tmp_path / "s.pdf")])
        == 0
    )
    assert (
        main([*base, "schedule", "--faction", "VVD Almelo", "--out", str(tmp_path / "f.ics")]) == 0
    )
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")
    assert b"BEGIN:VCALENDAR" in (tmp_path / "f.ics").read_bytes()
    assert main([*base, "schedule", "--member", "Nobody", "--out", str(tmp_path / "x.pdf")]) == 4
    assert (
        main([*base, "schedule", "--member", "CDA Enschede 1", "--out", str(tmp_path / "x.doc")])
        == 4
    )
    bad = tmp_path / "bad.csv"
    bad.write_bytes((HEADER + "Enschede;PVV;Bob;1;;\r\n").encode())
    capsys.readouterr()
    assert main([*base, "import-preferences", str(bad)]) == 4
    assert "line 2: unknown faction 'PVV' of Enschede" in capsys.readouterr().err
    assert main([*base, "show"]) == 0
    assert main([*base, "rooms", "--out", str(tmp_path / "r.pdf")]) == 0
    assert main([*base, "programme", "--out", str(tmp_path / "p.pdf")]) == 0


# Yields -------------------------------------------------------------------------------------------


def test_a_statement_becomes_an_agenda_item_of_the_pfo(small_day: SmallDay, world: object) -> None:
    store = small_day.store
    chair: Actor = world.chair  # type: ignore[attr-defined]
    outsider: Actor = world.outsider  # type: ignore[attr-defined]
    meeting_id, _items = world.new_meeting()  # type: ignore[attr-defined]
    upcoming = store.query(
        "SELECT id FROM meeting WHERE pfo_id = ? AND status IN ('draft', 'published') "
        "AND starts_at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ORDER BY starts_at LIMIT 1",
        (small_day.pfo_id,),
    )
    session = small_day.sessions["A"]
    with pytest.raises(NotPermitted):
        commands.record_yield(store, outsider, session, YieldKind.STATEMENT, "Nee")
    # The host (the session's regional portfolio holder) records it.
    yield_id = commands.record_yield(
        store, chair, session, YieldKind.STATEMENT, "De regio investeert eerst in het spoor."
    )
    target = commands.agenda_target(store, yield_id)
    assert target.meeting_id == upcoming[0]["id"]
    item_id = commands.make_agenda_item(store, SYSTEM, yield_id)
    item = store.query("SELECT * FROM agenda_item WHERE id = ?", (item_id,))[0]
    assert item["meeting_id"] == target.meeting_id
    assert item["title"] == "Twente-dag 2031: guiding statement on Bereikbaarheid"
    assert item["proposal"] == "De regio investeert eerst in het spoor."
    assert item["kind"] == ItemKind.DISCUSSION.value
    rows = queries.yields(store, session)
    assert rows[0].agenda_item_id == item_id
    assert rows[0].agenda_item_where.startswith("PFO MOB")
    with pytest.raises(Conflict, match="already exists"):
        commands.make_agenda_item(store, SYSTEM, yield_id)
    assert meeting_id


def test_a_yield_without_a_pfo_or_meeting_is_refused(small_day: SmallDay) -> None:
    store = small_day.store
    no_pfo = commands.record_yield(store, SYSTEM, small_day.sessions["B"], YieldKind.QUESTION, "?")
    with pytest.raises(InvalidInput, match="belongs to no PFO"):
        commands.make_agenda_item(store, SYSTEM, no_pfo)
    for row in store.query("SELECT id FROM meeting WHERE pfo_id = ?", (small_day.pfo_id,)):
        meetings.set_meeting_status(store, SYSTEM, row["id"], MeetingStatus.PUBLISHED)
        meetings.set_meeting_status(store, SYSTEM, row["id"], MeetingStatus.IN_SESSION)
    proposal = commands.record_yield(
        store, SYSTEM, small_day.sessions["A"], YieldKind.PROPOSAL, "Een fonds."
    )
    with pytest.raises(InvalidInput, match="has no coming meeting"):
        commands.make_agenda_item(store, SYSTEM, proposal)
