"""What the sync pages read: a conflict in words, devices and their status, held-back changes."""

from __future__ import annotations

from collections.abc import Callable

from regiodesk.commands.positions import record_position
from regiodesk.model.enums import PositionKind
from regiodesk.queries.sync import (
    DeviceStatus,
    DeviceView,
    HeldKind,
    conflict,
    open_conflict_count,
    open_conflicts,
    quarantined,
    sync_counts,
)
from regiodesk.queries.sync import devices as device_list
from regiodesk.sync.engine import sync
from tests.core.conftest import World
from tests.core.sync.conftest import Device, devices, root  # noqa: F401 (fixtures)


def make_conflict(a: Device, b: Device) -> None:
    """The Almelo member writes a reason on each device, offline; then both sync twice."""
    for device, reason in ((a, "Eerst de raad"), (b, "Past niet in de begroting")):
        record_position(
            device.store,
            device.world.member,
            device.world.decision_item,
            device.world.m("Almelo"),
            PositionKind.DISAGREE,
            reason,
        )
    for device in (a, b, a, b):
        device.sync()


def test_an_open_conflict_reads_as_meeting_item_field_and_both_versions(
    devices: Callable[[int], list[Device]],  # noqa: F811 (the fixture)
) -> None:
    a, b = devices(2)
    make_conflict(a, b)
    found = open_conflicts(a.store)
    assert len(found) == 1
    view = found[0]
    assert view.open
    assert (view.entity, view.field, view.field_label) == ("position", "reason", "reason")
    assert view.place.what == "Position of Almelo"
    assert view.place.agenda_item == "Snelfietsroute F35 doortrekken"
    assert view.place.meeting.startswith("PFO MOB ")
    assert "PFO Mobiliteit december" in view.place.meeting
    assert view.place.meeting_id == a.world.meeting_id
    assert not view.place.locked
    assert {view.a.value, view.b.value} == {"Eerst de raad", "Past niet in de begroting"}
    assert view.current in (view.a.value, view.b.value)
    for version in (view.a, view.b):
        assert version.author == "Wethouder Almelo"
        assert version.written_at is not None
        assert version.device_name == "test device"
    assert {view.a.device_id, view.b.device_id} == {a.store.device_id, b.store.device_id}
    assert view.a.written_at <= view.b.written_at  # type: ignore[operator]
    assert conflict(b.store, view.id) == open_conflicts(b.store)[0]
    assert open_conflict_count(a.store) == open_conflict_count(b.store) == 1
    assert sync_counts(a.store).open_conflicts == 1


def test_devices_show_status_person_and_last_seen(
    devices: Callable[[int], list[Device]],  # noqa: F811 (the fixture)
    open_world: Callable[[], World],
) -> None:
    a, b = devices(2)
    record_position(
        b.store,
        b.world.member,
        b.world.decision_item,
        b.world.m("Almelo"),
        PositionKind.AGREE,
    )
    b.sync()
    stranger = Device(open_world(), a.root)
    stranger.store.become_new_device()
    record_position(
        stranger.store,
        stranger.world.member,
        stranger.world.decision_item,
        stranger.world.m("Almelo"),
        PositionKind.AGREE,
    )
    sync(stranger.store, stranger.root, person_id=stranger.world.member.person_id, device_name="X")
    a.sync()
    shown = {view.device_id: view for view in devices_of(a)}
    assert shown[a.store.device_id].this_device
    assert shown[a.store.device_id].status is DeviceStatus.APPROVED
    assert shown[b.store.device_id].last_seen is not None
    waiting = shown[stranger.store.device_id]
    assert waiting.status is DeviceStatus.WAITING
    assert waiting.status.label == "waiting for approval"
    assert waiting.person == "Wethouder Almelo"
    assert waiting.name == "X"
    assert waiting.held_back >= 1
    assert waiting.last_seen is not None
    assert waiting.skew_ms is None
    assert devices_of(a)[0].device_id == stranger.store.device_id  # waiting ones first
    counts = sync_counts(a.store)
    assert counts.waiting_devices == 1
    assert counts.quarantined == waiting.held_back

    held = quarantined(a.store)
    assert held
    assert all(change.kind is HeldKind.UNAPPROVED for change in held)
    change = next(change for change in held if change.entity == "position")
    assert change.what.startswith("Position of Almelo · PFO MOB ")
    assert change.device_name == "X"
    assert change.author == "Wethouder Almelo"
    assert "not approved" in change.reason
    assert "reason" in change.fields or "kind" in change.fields


def devices_of(device: Device) -> list[DeviceView]:
    return device_list(device.store)


def test_a_clock_running_ahead_shows_as_skew(
    devices: Callable[[int], list[Device]],  # noqa: F811 (the fixture)
) -> None:
    a, _b = devices(2)
    shown = device_list(a.store, skew_ms={a.store.device_id: 86_400_000})
    mine = next(view for view in shown if view.this_device)
    assert mine.skew_ms == 86_400_000
