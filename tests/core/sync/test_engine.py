"""Two and three devices meeting through a folder: what one saves reaches the others, once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from regiodesk.commands.notes import save_private_note
from regiodesk.commands.positions import record_position
from regiodesk.model.enums import PositionKind
from regiodesk.sync.engine import sync
from tests.core.sync.conftest import Device


def _position(device: Device, municipality: str) -> tuple[str, str] | None:
    row = device.store.conn.execute(
        "SELECT kind, reason FROM position WHERE agenda_item_id = ? AND municipality_id = ?",
        (device.world.decision_item, device.world.m(municipality)),
    ).fetchone()
    return None if row is None else (row[0], row[1])


def test_a_position_saved_on_one_device_reaches_the_other_once(
    devices: Callable[[int], list[Device]],
) -> None:
    a, b = devices(2)
    record_position(
        b.store,
        b.world.member,
        b.world.decision_item,
        b.world.m("Almelo"),
        PositionKind.DISAGREE,
        "Te duur voor ons",
    )
    assert b.sync().sent >= 1
    report = a.sync()
    assert report.received >= 1
    assert report.quarantined == 0
    assert _position(a, "Almelo") == ("disagree", "Te duur voor ons")
    again = a.sync()
    assert (again.received, again.sent) == (0, 0)


def test_private_notes_never_reach_the_root(devices: Callable[[int], list[Device]]) -> None:
    a, b = devices(2)
    save_private_note(b.store, b.world.member, b.world.decision_item, "Mijn geheime aantekening")
    b.sync()
    for file in b.root.path.rglob("*"):
        if file.is_file():
            assert b"geheime" not in file.read_bytes()
    a.sync()
    assert a.store.scalar("SELECT count(*) FROM private_note WHERE text LIKE '%geheime%'") == 0


def test_concurrent_reasons_make_one_conflict_on_both_devices(
    devices: Callable[[int], list[Device]],
) -> None:
    a, b = devices(2)
    for device, reason in ((a, "Eerst de raad"), (b, "Past niet in de begroting")):
        record_position(
            device.store,
            device.world.member,
            device.world.decision_item,
            device.world.m("Almelo"),
            PositionKind.DISAGREE,
            reason,
        )
    a.sync()
    b.sync()
    a.sync()
    b.sync()
    assert _position(a, "Almelo") == _position(b, "Almelo")
    conflicts = [
        sorted(d.store.conn.execute("SELECT id, field, value_a, value_b FROM sync_conflict"))
        for d in (a, b)
    ]
    assert conflicts[0] == conflicts[1]
    assert len(conflicts[0]) == 1
    values = {conflicts[0][0][2], conflicts[0][0][3]}
    assert values == {"Eerst de raad", "Past niet in de begroting"}


def test_a_new_device_starts_from_a_snapshot_and_reads_only_what_came_after(
    devices: Callable[[int], list[Device]], tmp_path: Path
) -> None:
    from regiodesk.store import Store
    from regiodesk.store.backup import restore
    from regiodesk.sync.snapshot import export_snapshot

    a, b = devices(2)
    save_private_note(a.store, a.world.member, a.world.decision_item, "Alleen voor mij")
    _record_reason(b, "Voor de momentopname")
    b.sync()
    a.sync()
    snapshot = export_snapshot(a.store, tmp_path / "snapshot.sqlite")
    assert b"Alleen voor mij" not in snapshot.read_bytes()
    _record_reason(b, "Na de momentopname")
    b.sync()
    with Store.open(tmp_path / "new-device.sqlite") as fresh:
        restore(fresh, snapshot)
        assert fresh.device_id != a.store.device_id
        report = sync(fresh, a.root)
        assert 0 < report.received < 10  # only what came after the snapshot
        assert fresh.scalar("SELECT reason FROM position WHERE reason LIKE 'Na de%'")
        assert fresh.scalar("SELECT count(*) FROM private_note") == 0


def _record_reason(device: Device, reason: str) -> None:
    record_position(
        device.store,
        device.world.member,
        device.world.decision_item,
        device.world.m("Almelo"),
        PositionKind.DISAGREE,
        reason,
    )
