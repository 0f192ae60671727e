"""Meetings and their lifecycle (regiodesk/commands/meetings.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from regiodesk import errors
from regiodesk.commands import meetings
from regiodesk.commands.meetings import create_meeting, set_meeting_status, update_meeting
from regiodesk.model.enums import MeetingStatus
from regiodesk.permissions import SYSTEM
from regiodesk.timeutil import AMSTERDAM, from_text

if TYPE_CHECKING:
    from tests.core.conftest import World

S = MeetingStatus


def status(world: World, meeting_id: str | None = None) -> str:
    return str(
        world.store.scalar(
            "SELECT status FROM meeting WHERE id = ?", (meeting_id or world.meeting_id,)
        )
    )


def walk(world: World, *targets: MeetingStatus) -> None:
    for target in targets:
        set_meeting_status(world.store, world.secretary, world.meeting_id, target)


def audit_events(world: World) -> list[tuple[object, ...]]:
    return [
        tuple(r)
        for r in world.store.conn.execute(
            "SELECT action, object_kind, object_id, actor_id, device_id, result FROM audit_event"
        )
    ]


# Planning -----------------------------------------------------------------------------------------


def test_meetings_are_numbered_per_pfo_per_year(world: World) -> None:
    s, sec = world.store, world.secretary
    start = datetime(2026, 12, 20, 10, tzinfo=AMSTERDAM)
    second = create_meeting(s, sec, world.pfo_id, start, start + timedelta(hours=2))
    next_year = create_meeting(
        s,
        sec,
        world.pfo_id,
        start.replace(year=2027),
        start.replace(year=2027) + timedelta(hours=1),
    )
    other_pfo = create_meeting(s, SYSTEM, world.other_pfo_id, start, start + timedelta(hours=1))
    number = {row[0]: row[1] for row in s.conn.execute("SELECT id, number FROM meeting")}
    assert number[world.meeting_id] == 1
    assert (number[second], number[next_year], number[other_pfo]) == (2, 1, 1)


def test_the_meeting_stores_its_times_in_utc(world: World) -> None:
    row = world.store.query(
        "SELECT starts_at, ends_at, status FROM meeting WHERE id = ?", (world.meeting_id,)
    )[0]
    assert row["starts_at"] == "2026-12-08T09:00:00.000000Z"  # 10:00 in Amsterdam (CET)
    assert from_text(row["ends_at"]).astimezone(AMSTERDAM).hour == 12
    assert row["status"] == "draft"


@pytest.mark.parametrize("who", ["member", "chair", "outsider"])
def test_only_the_secretary_plans_meetings(world: World, who: str) -> None:
    start = datetime(2027, 1, 5, 10, tzinfo=AMSTERDAM)
    with pytest.raises(errors.NotPermitted):
        create_meeting(
            world.store, getattr(world, who), world.pfo_id, start, start + timedelta(hours=1)
        )


def test_a_meeting_needs_sensible_times(world: World) -> None:
    start = datetime(2027, 1, 5, 10, tzinfo=AMSTERDAM)
    with pytest.raises(errors.InvalidInput):
        create_meeting(world.store, world.secretary, world.pfo_id, start, start)
    with pytest.raises(errors.InvalidInput):
        create_meeting(
            world.store,
            world.secretary,
            world.pfo_id,
            start.replace(tzinfo=None),
            start.replace(tzinfo=None) + timedelta(hours=1),
        )
    with pytest.raises(errors.InvalidInput):
        update_meeting(
            world.store,
            world.secretary,
            world.meeting_id,
            ends_at=datetime(2026, 12, 8, 9, tzinfo=AMSTERDAM),
        )
    with pytest.raises(errors.NotFound):
        create_meeting(
            world.store, world.secretary, "no-such-pfo", start, start + timedelta(hours=1)
        )


def test_update_meeting_changes_only_editable_fields(world: World) -> None:
    assert update_meeting(world.store, world.chair, world.meeting_id, location="Hengelo") is True
    assert update_meeting(world.store, world.chair, world.meeting_id, location="Hengelo") is False
    with pytest.raises(ValueError, match="not editable"):
        update_meeting(world.store, world.secretary, world.meeting_id, status="closed")
    with pytest.raises(errors.NotPermitted):
        update_meeting(world.store, world.member, world.meeting_id, location="Almelo")
    assert world.store.scalar("SELECT location FROM meeting") == "Hengelo"


# Lifecycle ----------------------------------------------------------------------------------------


def test_the_whole_lifecycle(world: World) -> None:
    s, sec = world.store, world.secretary
    assert set_meeting_status(s, sec, world.meeting_id, S.PUBLISHED) is S.DRAFT
    assert set_meeting_status(s, sec, world.meeting_id, S.DRAFT) is S.PUBLISHED  # withdrawn
    set_meeting_status(s, sec, world.meeting_id, S.PUBLISHED)
    set_meeting_status(s, world.chair, world.meeting_id, S.IN_SESSION)
    opened = s.scalar("SELECT opened_at FROM meeting")
    assert opened is not None
    assert s.scalar("SELECT closed_at FROM meeting") is None
    set_meeting_status(s, world.chair, world.meeting_id, S.CLOSED)
    assert s.scalar("SELECT closed_at FROM meeting") >= opened
    assert set_meeting_status(s, sec, world.meeting_id, S.ADOPTED) is S.CLOSED
    assert status(world) == "adopted"


INVALID = [
    ((), S.IN_SESSION),
    ((), S.CLOSED),
    ((), S.ADOPTED),
    ((S.PUBLISHED,), S.CLOSED),
    ((S.PUBLISHED,), S.ADOPTED),
    ((S.PUBLISHED, S.IN_SESSION), S.PUBLISHED),
    ((S.PUBLISHED, S.IN_SESSION), S.DRAFT),
    ((S.PUBLISHED, S.IN_SESSION), S.ADOPTED),
    ((S.PUBLISHED, S.IN_SESSION, S.CLOSED), S.DRAFT),
    ((S.PUBLISHED, S.IN_SESSION, S.CLOSED), S.PUBLISHED),
    ((S.PUBLISHED, S.IN_SESSION, S.CLOSED, S.ADOPTED), S.IN_SESSION),
    ((S.PUBLISHED, S.IN_SESSION, S.CLOSED, S.ADOPTED), S.CLOSED),
    ((S.PUBLISHED, S.IN_SESSION, S.CLOSED, S.ADOPTED), S.DRAFT),
]


@pytest.mark.parametrize(("path", "target"), INVALID)
def test_invalid_transitions_are_refused(
    world: World, path: tuple[MeetingStatus, ...], target: MeetingStatus
) -> None:
    walk(world, *path)
    current = status(world)
    before = world.store.scalar("SELECT count(*) FROM change_log")
    with pytest.raises(errors.InvalidTransition) as caught:
        set_meeting_status(world.store, SYSTEM, world.meeting_id, target)
    assert target.label in str(caught.value)
    assert status(world) == current
    assert world.store.scalar("SELECT count(*) FROM change_log") == before


def test_a_member_does_not_move_the_meeting(world: World) -> None:
    with pytest.raises(errors.NotPermitted):
        set_meeting_status(world.store, world.member, world.meeting_id, S.PUBLISHED)
    assert status(world) == "draft"


def test_only_the_chair_reopens_a_closed_session_and_it_is_audited(world: World) -> None:
    s = world.store
    walk(world, S.PUBLISHED, S.IN_SESSION)
    opened = s.scalar("SELECT opened_at FROM meeting")
    walk(world, S.CLOSED)
    with pytest.raises(errors.NotPermitted):
        set_meeting_status(s, world.secretary, world.meeting_id, S.IN_SESSION)
    with pytest.raises(errors.NotPermitted):
        set_meeting_status(s, world.member, world.meeting_id, S.IN_SESSION)
    assert audit_events(world) == []
    assert status(world) == "closed"
    before = s.scalar("SELECT max(seq) FROM change_log")
    assert set_meeting_status(s, world.chair, world.meeting_id, S.IN_SESSION) is S.CLOSED
    assert status(world) == "in_session"
    assert s.scalar("SELECT opened_at FROM meeting") == opened  # a reopening is no new opening
    assert audit_events(world) == [
        ("reopen_session", "meeting", world.meeting_id, world.chair.person_id, s.device_id, "ok")
    ]
    # The status change and its audit event are one write, logged together by the chair.
    logged = [
        tuple(r)
        for r in s.conn.execute(
            "SELECT op, entity, actor_id FROM change_log WHERE seq > ? ORDER BY seq", (before,)
        )
    ]
    assert logged == [
        ("set", "meeting", world.chair.person_id),
        ("create", "audit_event", world.chair.person_id),
    ]


def test_the_next_number_ignores_other_years(world: World) -> None:
    assert meetings.next_number(world.store, world.pfo_id, 2026) == 2
    assert meetings.next_number(world.store, world.pfo_id, 2030) == 1


def test_numbering_follows_the_year_in_the_regions_own_time(world: World) -> None:
    """A meeting at 00:30 on 1 January (Amsterdam) belongs to the new year, although it is still
    31 December in UTC: it and the next meeting of that year are numbered 1 and 2."""
    s, sec = world.store, world.secretary
    new_year = datetime(2027, 1, 1, 0, 30, tzinfo=AMSTERDAM)
    first = create_meeting(s, sec, world.pfo_id, new_year, new_year + timedelta(hours=1))
    later = datetime(2027, 1, 12, 10, 0, tzinfo=AMSTERDAM)
    second = create_meeting(s, sec, world.pfo_id, later, later + timedelta(hours=2))
    number = {row[0]: row[1] for row in s.conn.execute("SELECT id, number FROM meeting")}
    assert (number[world.meeting_id], number[first], number[second]) == (1, 1, 2)
