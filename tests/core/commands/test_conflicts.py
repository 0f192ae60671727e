"""Resolving a conflict is a change that syncs; only who may change the text may resolve it;
a signed meeting stays as it is.  Revoking a device is for the region's secretariat."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from regiodesk import model
from regiodesk.commands.conflicts import ConflictResolved, resolve_conflict, revoke_device
from regiodesk.errors import DecisionListLocked, InvalidInput, NotFound, NotPermitted
from regiodesk.model.enums import Role
from regiodesk.permissions import SYSTEM
from regiodesk.queries.sync import DeviceStatus, open_conflicts
from regiodesk.queries.sync import devices as device_list
from regiodesk.timeutil import utc_now
from tests.core.queries.test_sync import make_conflict
from tests.core.sync.conftest import Device, devices, root  # noqa: F401 (fixtures)

Devices = Callable[[int], list[Device]]


def _reason(device: Device) -> str:
    return str(
        device.store.scalar(
            "SELECT reason FROM position WHERE agenda_item_id = ? AND municipality_id = ?",
            (device.world.decision_item, device.world.m("Almelo")),
        )
    )


def test_keeping_the_other_version_writes_it_and_the_resolution_reaches_the_other_device(
    devices: Devices,  # noqa: F811 (the fixture)
) -> None:
    a, b = devices(2)
    make_conflict(a, b)
    view = open_conflicts(a.store)[0]
    shown = view.current
    other = view.a.value if shown == view.b.value else view.b.value
    assert resolve_conflict(a.store, a.world.member, view.id, other) is True
    assert _reason(a) == other
    assert open_conflicts(a.store) == []
    row = a.store.query("SELECT resolved_at, resolved_by FROM sync_conflict")[0]
    assert row["resolved_at"]
    assert row["resolved_by"] == a.world.member.person_id
    for device in (a, b, a):
        report = device.sync()
        assert report.conflicts == 0
    assert _reason(b) == other
    assert open_conflicts(b.store) == []
    assert b.store.scalar("SELECT count(*) FROM sync_conflict") == 1


def test_keeping_the_version_on_show_changes_only_the_conflict(devices: Devices) -> None:  # noqa: F811
    a, b = devices(2)
    make_conflict(a, b)
    view = open_conflicts(b.store)[0]
    assert resolve_conflict(b.store, b.world.secretary, view.id, view.current) is False
    assert _reason(b) == view.current
    assert open_conflicts(b.store) == []
    b.sync()
    a.sync()
    assert open_conflicts(a.store) == []


def test_a_merged_text_is_written(devices: Devices) -> None:  # noqa: F811
    a, b = devices(2)
    make_conflict(a, b)
    view = open_conflicts(a.store)[0]
    merged = f"{view.a.value}; {view.b.value}"
    resolve_conflict(a.store, a.world.chair, view.id, merged)
    assert _reason(a) == merged
    a.sync()
    b.sync()
    assert _reason(b) == merged


def test_another_municipalitys_member_may_not_resolve(devices: Devices) -> None:  # noqa: F811
    a, b = devices(2)
    make_conflict(a, b)
    view = open_conflicts(a.store)[0]
    with pytest.raises(NotPermitted) as refused:
        resolve_conflict(a.store, a.world.member_hengelo, view.id, "Namens Hengelo")
    assert "municipality's member" in str(refused.value)
    with pytest.raises(NotPermitted):
        resolve_conflict(a.store, a.world.outsider, view.id, "Niemand")
    assert open_conflicts(a.store)[0].open
    assert _reason(a) == view.current


def test_a_signed_meeting_cannot_be_resolved(devices: Devices) -> None:  # noqa: F811
    a, b = devices(2)
    make_conflict(a, b)
    view = open_conflicts(a.store)[0]
    with a.store.write(None) as writer:
        writer.create(
            model.DecisionList,
            {"meeting_id": a.world.meeting_id, "status": "signed", "chair_signed_at": utc_now()},
        )
    with pytest.raises(DecisionListLocked):
        resolve_conflict(a.store, a.world.secretary, view.id, view.a.value)
    assert open_conflicts(a.store)[0].place.locked


def test_resolving_twice_or_an_unknown_conflict_is_refused(devices: Devices) -> None:  # noqa: F811
    a, b = devices(2)
    make_conflict(a, b)
    view = open_conflicts(a.store)[0]
    resolve_conflict(a.store, a.world.member, view.id, view.a.value)
    with pytest.raises(ConflictResolved) as again:
        resolve_conflict(a.store, a.world.member, view.id, view.b.value)
    assert "Wethouder Almelo" in str(again.value)
    with pytest.raises(NotFound):
        resolve_conflict(a.store, a.world.member, "no-such-conflict", "x")


def test_a_required_field_is_not_resolved_to_nothing(devices: Devices) -> None:  # noqa: F811
    from regiodesk.commands.agenda import update_agenda_item

    a, b = devices(2)
    update_agenda_item(a.store, a.world.secretary, a.world.decision_item, title="Fietsroute A")
    update_agenda_item(b.store, b.world.chair, b.world.decision_item, title="Fietsroute B")
    for device in (a, b, a):
        device.sync()
    view = open_conflicts(a.store)[0]
    assert (view.entity, view.field) == ("agenda_item", "title")
    assert view.place.agenda_item in ("Fietsroute A", "Fietsroute B")
    with pytest.raises(InvalidInput):
        resolve_conflict(a.store, a.world.secretary, view.id, "   ")
    with pytest.raises(NotPermitted):
        resolve_conflict(a.store, a.world.member, view.id, "Fietsroute C")
    resolve_conflict(a.store, a.world.secretary, view.id, "Fietsroute C")
    assert open_conflicts(a.store) == []


def test_revoking_a_device_is_for_the_secretariat(devices: Devices) -> None:  # noqa: F811
    from datetime import date

    from regiodesk.commands import region

    a, b = devices(2)
    other = b.store.device_id
    for actor in (a.world.member, a.world.secretary):  # a PFO's secretary is not the region's
        with pytest.raises(NotPermitted):
            revoke_device(a.store, actor, other)
    region.assign_role(
        a.store, SYSTEM, a.world.outsider.person_id, Role.SECRETARY, date(2020, 1, 1)
    )
    revoke_device(a.store, a.world.outsider, other)
    status = {view.device_id: view.status for view in device_list(a.store)}
    assert status[other] is DeviceStatus.REVOKED
    revoke_device(a.store, a.world.outsider, other)  # once is enough
    with pytest.raises(NotFound):
        revoke_device(a.store, a.world.outsider, "00000000-0000-0000-0000-000000000000")
    with pytest.raises(NotPermitted) as own:
        revoke_device(a.store, a.world.outsider, a.store.device_id)
    assert "you are using" in str(own.value)
