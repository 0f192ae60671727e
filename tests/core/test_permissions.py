"""Who may do what (regiodesk/permissions.py)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from regiodesk.model import Appointment
from regiodesk.permissions import (
    SYSTEM,
    can_edit_meeting,
    can_record_position,
    is_admin,
    is_chair,
    is_secretary,
    member_municipalities,
)

if TYPE_CHECKING:
    from tests.core.conftest import World


def test_the_system_actor_may_do_everything(world: World) -> None:
    assert SYSTEM.is_system
    assert is_admin(world.store, SYSTEM)
    assert is_secretary(world.store, SYSTEM, world.pfo_id)
    assert is_chair(world.store, SYSTEM, world.meeting_id)
    assert member_municipalities(world.store, SYSTEM, world.pfo_id) == set()


def test_roles_of_the_world(world: World) -> None:
    s = world.store
    assert is_secretary(s, world.secretary, world.pfo_id)
    assert not is_admin(s, world.secretary)
    assert is_chair(s, world.chair, world.meeting_id)
    assert not is_chair(s, world.member, world.meeting_id)
    assert not is_chair(s, world.chair, "no-such-meeting")
    assert member_municipalities(s, world.member, world.pfo_id) == {world.m("Almelo")}
    assert member_municipalities(s, world.member, world.other_pfo_id) == set()
    assert can_edit_meeting(s, world.chair, world.meeting_id, world.pfo_id)
    assert not can_edit_meeting(s, world.member, world.meeting_id, world.pfo_id)
    assert can_record_position(s, world.member, world.meeting_id, world.pfo_id, world.m("Almelo"))
    assert not can_record_position(
        s, world.member, world.meeting_id, world.pfo_id, world.m("Hengelo")
    )


def test_the_regional_portfolio_holder_in_office_chairs_every_meeting_of_the_pfo(
    world: World,
) -> None:
    s = world.store
    assert not is_chair(s, world.member_hengelo, world.meeting_id)
    with s.write(None) as writer:
        appointment = writer.create(
            Appointment,
            {
                "pfo_id": world.pfo_id,
                "person_id": world.member_hengelo.person_id,
                "term_start": date(2026, 6, 1),
                "term_end": date(2030, 6, 1),
                "status": "pending",
            },
        )
    assert not is_chair(s, world.member_hengelo, world.meeting_id)  # not in office yet
    with s.write(None) as writer:
        writer.update(Appointment, appointment, {"status": "effective"})
    assert is_chair(s, world.member_hengelo, world.meeting_id)
    assert can_edit_meeting(s, world.member_hengelo, world.meeting_id, world.pfo_id)
