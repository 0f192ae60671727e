"""Attendance per municipality (regiodesk/commands/attendance.py)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import pytest

from regiodesk import errors
from regiodesk.commands.attendance import (
    AttendanceSpec,
    attendance_id,
    set_attendance,
    set_attendance_list,
)
from regiodesk.ids import stable_id
from regiodesk.model.enums import AttendanceStatus
from regiodesk.timeutil import AMSTERDAM

if TYPE_CHECKING:
    from tests.core.conftest import World

A = AttendanceStatus


def row(world: World, name: str) -> dict[str, object]:
    return dict(
        world.store.query(
            "SELECT * FROM attendance WHERE id = ?",
            (attendance_id(world.meeting_id, world.m(name)),),
        )[0]
    )


def test_attendance_is_one_row_per_municipality(world: World) -> None:
    made = set_attendance(
        world.store,
        world.secretary,
        world.meeting_id,
        world.m("Almelo"),
        A.PRESENT,
        person_id=world.member.person_id,
        mandate=" volledig ",
        arrived_at=datetime(2026, 12, 8, 10, 5, tzinfo=AMSTERDAM),
    )
    assert made == stable_id("attendance", world.meeting_id, world.m("Almelo"))
    saved = row(world, "Almelo")
    assert (saved["status"], saved["person_id"], saved["mandate"]) == (
        "present",
        world.member.person_id,
        "volledig",
    )
    assert saved["arrived_at"] == "2026-12-08T09:05:00.000000Z"
    set_attendance(
        world.store, world.secretary, world.meeting_id, world.m("Almelo"), A.ABSENT_WITH_NOTICE
    )
    assert row(world, "Almelo")["status"] == "absent_with_notice"
    assert world.store.scalar("SELECT count(*) FROM attendance") == 1


def test_represented_needs_another_municipality(world: World) -> None:
    s, sec = world.store, world.secretary
    with pytest.raises(errors.InvalidInput):
        set_attendance(s, sec, world.meeting_id, world.m("Borne"), A.REPRESENTED)
    with pytest.raises(errors.InvalidInput):
        set_attendance(
            s,
            sec,
            world.meeting_id,
            world.m("Borne"),
            A.REPRESENTED,
            represented_by_id=world.m("Borne"),
        )
    with pytest.raises(errors.NotFound):
        set_attendance(
            s,
            sec,
            world.meeting_id,
            world.m("Borne"),
            A.REPRESENTED,
            represented_by_id="no-such-municipality",
        )
    assert s.scalar("SELECT count(*) FROM attendance") == 0
    set_attendance(
        s,
        sec,
        world.meeting_id,
        world.m("Borne"),
        A.REPRESENTED,
        represented_by_id=world.m("Hengelo"),
    )
    assert row(world, "Borne")["represented_by_id"] == world.m("Hengelo")


def test_represented_by_is_kept_only_for_represented(world: World) -> None:
    set_attendance(
        world.store,
        world.secretary,
        world.meeting_id,
        world.m("Borne"),
        A.PRESENT,
        represented_by_id=world.m("Hengelo"),
    )
    assert row(world, "Borne")["represented_by_id"] is None


def test_a_list_is_all_or_nothing(world: World) -> None:
    before = world.store.scalar("SELECT count(*) FROM change_log")
    with pytest.raises(errors.InvalidInput):
        set_attendance_list(
            world.store,
            world.secretary,
            world.meeting_id,
            [
                AttendanceSpec(world.m("Enschede"), A.PRESENT),
                AttendanceSpec(world.m("Almelo"), A.REPRESENTED),  # by whom?
            ],
        )
    with pytest.raises(errors.NotFound):
        set_attendance_list(
            world.store,
            world.secretary,
            world.meeting_id,
            [AttendanceSpec("no-such-municipality", A.PRESENT)],
        )
    assert world.store.scalar("SELECT count(*) FROM change_log") == before


def test_only_an_editor_of_the_meeting_records_attendance(world: World) -> None:
    with pytest.raises(errors.NotPermitted):
        set_attendance(world.store, world.member, world.meeting_id, world.m("Almelo"), A.PRESENT)
    set_attendance(world.store, world.chair, world.meeting_id, world.m("Almelo"), A.PRESENT)
