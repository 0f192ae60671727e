"""What hostile folders, damaged files, strangers and copied stores do to a sync: a clear note
or error, and nothing lost."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from regiodesk.changelog.rebuild import compare, rebuild
from regiodesk.commands.positions import record_position
from regiodesk.model.enums import PositionKind
from regiodesk.sync import engine
from regiodesk.sync.engine import ClonedDevice, approve_device, sync
from regiodesk.sync.folder import FolderRoot, RootNotReady
from tests.core.conftest import World
from tests.core.sync.conftest import Device


def _record(device: Device, municipality: str, reason: str, actor: str = "member") -> None:
    record_position(
        device.store,
        getattr(device.world, actor),
        device.world.decision_item,
        device.world.m(municipality),
        PositionKind.DISAGREE,
        reason,
    )


def _reason(device: Device, municipality: str) -> str | None:
    return device.store.scalar(
        "SELECT reason FROM position WHERE agenda_item_id = ? AND municipality_id = ?",
        (device.world.decision_item, device.world.m(municipality)),
    )


def _batches(device: Device) -> list[Path]:
    return sorted((device.root.path / "devices" / device.store.device_id).glob("*.batch"))


def test_a_folder_without_its_sentinel_is_refused_and_left_alone(
    world: World, tmp_path: Path
) -> None:
    empty = tmp_path / "share"
    empty.mkdir()
    with pytest.raises(RootNotReady, match=r"no root\.json"):
        sync(world.store, FolderRoot(empty))
    assert list(empty.iterdir()) == []
    with pytest.raises(RootNotReady, match="not there"):
        sync(world.store, FolderRoot(tmp_path / "unmounted"))


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (lambda data: data[: len(data) // 2], "cut off"),
        (lambda data: data.replace(b"Te duur", b"Te guur"), "signature"),
        (lambda data: data[: data.rfind(b"\n", 0, len(data) - 1) + 1], "trailer"),
        (lambda data: b"", "empty"),
    ],
    ids=["truncated", "flipped", "no-trailer", "placeholder"],
)
def test_a_damaged_batch_is_not_applied_and_waits_for_the_good_one(
    devices: Callable[[int], list[Device]], damage: Callable[[bytes], bytes], words: str
) -> None:
    a, b = devices(2)
    _record(b, "Almelo", "Te duur")
    b.sync()
    (batch,) = _batches(b)
    good = batch.read_bytes()
    batch.write_bytes(damage(good))
    report = a.sync()
    assert report.received == 0
    assert any(words in note for note in report.notes), report.notes
    assert _reason(a, "Almelo") is None
    batch.write_bytes(good)  # the cloud folder finishes its download
    assert a.sync().received >= 1
    assert _reason(a, "Almelo") == "Te duur"


def test_a_forged_signature_is_refused(devices: Callable[[int], list[Device]]) -> None:
    a, b = devices(2)
    _record(b, "Almelo", "Te duur")
    b.sync()
    (batch,) = _batches(b)
    data = batch.read_bytes()
    head, trailer = data[: data.rfind(b'"signature":"') + 13], data[data.rfind(b'"}') :]
    batch.write_bytes(head + b"A" * 86 + b"==" + trailer)
    report = a.sync()
    assert report.received == 0
    assert any("signature" in note for note in report.notes)


def test_cloud_conflict_copies_and_temporary_files_are_passed_over(
    devices: Callable[[int], list[Device]],
) -> None:
    a, b = devices(2)
    _record(b, "Almelo", "Te duur")
    b.sync()
    (batch,) = _batches(b)
    for name in (
        batch.stem + " (conflicted copy).batch",
        batch.stem + ".sync-conflict-20261128-120000-ABCDEF.batch",
        ".tmp-abc123",
        "~lock.batch#",
    ):
        shutil.copyfile(batch, batch.with_name(name))
    report = a.sync()
    assert report.received >= 1
    assert len(report.passed_over) == 3  # the hidden temporary file is not even mentioned
    assert a.sync().received == 0


def test_a_stranger_device_waits_in_quarantine_until_approved(
    devices: Callable[[int], list[Device]], open_world: Callable[[], World]
) -> None:
    a, _b = devices(2)
    stranger = Device(open_world(), a.root)
    stranger.store.become_new_device()
    _record(stranger, "Almelo", "Ik ben nieuw")
    stranger.sync()
    report = a.sync()
    assert report.quarantined >= 1
    assert any("approves it" in note or "not approved" in note for note in report.notes)
    assert _reason(a, "Almelo") is None
    approve_device(a.store, None, stranger.store.device_id)
    report = a.sync()
    assert _reason(a, "Almelo") == "Ik ben nieuw"
    assert a.store.scalar("SELECT count(*) FROM quarantine WHERE kind = 'unapproved'") == 0


def test_a_member_cannot_record_another_municipalitys_position_through_sync(
    devices: Callable[[int], list[Device]],
) -> None:
    a, b = devices(2)
    # Bypass the command's own check, as a tampered program would: write the entry directly.
    from regiodesk import model
    from regiodesk.commands.positions import position_id
    from regiodesk.timeutil import utc_now

    with b.store.write(b.world.member.person_id) as writer:
        writer.create(
            model.Position,
            {
                "id": position_id(b.world.decision_item, b.world.m("Hengelo")),
                "agenda_item_id": b.world.decision_item,
                "municipality_id": b.world.m("Hengelo"),
                "kind": PositionKind.DISAGREE,
                "reason": "Namens Hengelo?",
                "recorded_by": b.world.member.person_id,
                "recorded_at": utc_now(),
            },
        )
    b.sync()
    report = a.sync()
    assert report.quarantined == 1
    reason = a.store.scalar("SELECT reason FROM quarantine")
    assert "may not record the position" in reason
    assert _reason(a, "Hengelo") is None


def test_a_clock_a_day_ahead_is_kept_but_does_not_drag_ours(
    devices: Callable[[int], list[Device]], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = devices(2)
    day = 24 * 3600 * 1000
    now = b.store.clock._now
    monkeypatch.setattr(b.store.clock, "_now", lambda: now() + day)
    _record(b, "Almelo", "Uit de toekomst")
    b.sync()
    before = a.store.clock.tick()
    report = a.sync()
    assert _reason(a, "Almelo") == "Uit de toekomst"
    assert b.store.device_id in report.skew_ms
    assert any("hours ahead" in note for note in report.notes)
    assert a.store.clock.tick().ms < before.ms + day // 2


def test_a_copied_store_is_told_to_take_a_new_id(
    devices: Callable[[int], list[Device]], open_world: Callable[[], World]
) -> None:
    (a,) = devices(1)
    _record(a, "Almelo", "Origineel")
    a.sync()
    copy_path = a.store.path.with_name("copy.sqlite")
    a.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(a.store.path, copy_path)
    _record(a, "Almelo", "Verder op het origineel")
    a.sync()
    from regiodesk.store import Store

    with Store.open(copy_path) as clone:
        clone_device = Device(World(**{**a.world.__dict__, "store": clone}), a.root)
        _record(clone_device, "Almelo", "Op de kopie")
        with pytest.raises(ClonedDevice, match="new device id"):
            clone_device.sync()
        clone.become_new_device()
        clone_device.sync()  # now it is a new device, nothing lost


def test_a_sync_killed_halfway_goes_on_without_doubling(
    devices: Callable[[int], list[Device]], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = devices(2)
    _record(b, "Almelo", "Halverwege")
    original = engine._set_mark

    def crash(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "_set_mark", crash)
    with pytest.raises(KeyboardInterrupt):
        b.sync()  # the batch is in the root, the mark is not moved
    monkeypatch.setattr(engine, "_set_mark", original)
    assert b.sync().sent >= 1
    assert len(_batches(b)) == 1
    a.sync()
    assert a.sync().received == 0
    assert _reason(a, "Almelo") == "Halverwege"
    assert compare(a.store.conn, rebuild(a.store.conn)) == []


def test_a_full_disk_while_writing_a_batch_loses_nothing(
    devices: Callable[[int], list[Device]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    a, b = devices(2)
    _record(b, "Almelo", "Schijf vol")

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(os, "fsync", full)
        with pytest.raises(RootNotReady, match="No space left"):
            b.sync()
    assert _batches(b) == []  # no half-written batch, no temporary file
    assert not list(b.root.path.rglob(".tmp-*"))
    assert b.sync().sent >= 1  # space again: everything goes
    a.sync()
    assert _reason(a, "Almelo") == "Schijf vol"


def test_a_member_cannot_change_the_agenda_through_sync(
    devices: Callable[[int], list[Device]],
) -> None:
    from regiodesk import model

    a, b = devices(2)
    with b.store.write(b.world.member.person_id) as writer:  # a tampered program would
        writer.update(model.AgendaItem, b.world.decision_item, {"title": "Iets anders"})
    b.sync()
    report = a.sync()
    assert report.quarantined == 1
    assert "secretary and the chair" in a.store.scalar("SELECT reason FROM quarantine")
    title = a.store.scalar("SELECT title FROM agenda_item WHERE id = ?", (a.world.decision_item,))
    assert title != "Iets anders"


KILLED_MID_SYNC = """
import os, signal, sys
from pathlib import Path
from regiodesk.store import Store
from regiodesk.sync import engine
from regiodesk.sync.folder import FolderRoot

def die(*_args):
    os.kill(os.getpid(), signal.SIGKILL)  # the batch is in the root; its mark never moves

engine._set_mark = die
with Store.open(Path(sys.argv[1])) as store:
    engine.sync(store, FolderRoot(Path(sys.argv[2])))
"""


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGKILL"), reason="needs SIGKILL")
def test_a_process_killed_in_the_middle_of_a_sync_loses_nothing_and_doubles_nothing(
    devices: Callable[[int], list[Device]], tmp_path: Path
) -> None:
    import os
    import subprocess
    import sys

    a, b = devices(2)
    _record(b, "Almelo", "Gestopt")
    path = b.store.path
    b.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    key_folder = tmp_path / "keys"
    key_folder.mkdir(mode=0o700)
    # The child has no keyring of ours: give it this device's key through a key file.
    import base64

    from cryptography.hazmat.primitives import serialization

    from regiodesk.sync.keys import device_key

    raw = device_key(b.store.device_id).private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    key_file = key_folder / f"{b.store.device_id}.key"
    key_file.write_text(f"device={b.store.device_id}\nkey={base64.b64encode(raw).decode()}\n")
    key_file.chmod(0o600)
    child = subprocess.run(
        [sys.executable, "-c", KILLED_MID_SYNC, str(path), str(b.root.path)],
        env={**os.environ, "REGIODESK_DEVICE_KEY_FILE": str(key_folder)},
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert child.returncode == -9, child.stderr.decode()
    assert len(_batches(b)) == 1  # written whole before the kill
    assert b.sync().sent >= 1  # the mark had not moved: the same batch again, identical
    assert len(_batches(b)) == 1
    a.sync()
    assert a.sync().received == 0
    assert _reason(a, "Almelo") == "Gestopt"
