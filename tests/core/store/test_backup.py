"""Backup and restore (regiodesk/store/backup.py)."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from regiodesk import errors
from regiodesk.model import ENTITY_BY_TABLE, Person
from regiodesk.store import Store
from regiodesk.store.backup import backup, restore
from regiodesk.store.check import check_store

if TYPE_CHECKING:
    from tests.core.conftest import World


def digest(store: Store, with_devices: bool = True) -> str:
    """A fingerprint of everything a store holds: every synced table and the change log."""
    hasher = hashlib.sha256()
    tables = [*ENTITY_BY_TABLE, "change_log", *(["device"] if with_devices else [])]
    for table in sorted(tables):
        for row in store.conn.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
            hasher.update(repr(tuple(row)).encode())
    return hasher.hexdigest()


def add_person(store: Store, name: str) -> str:
    with store.write(None) as writer:
        return writer.create(Person, {"name": name})


def test_a_backup_is_a_whole_store_with_its_documents(demo_store: Store, tmp_path: Path) -> None:
    target = backup(demo_store, tmp_path / "kopie" / "backup.sqlite")
    assert target == tmp_path / "kopie" / "backup.sqlite"
    assert not list(target.parent.glob(".*partial"))
    blobs = demo_store.blobs.all()
    assert len(blobs) > 100
    with Store.open(target, create=False) as copy:
        report = check_store(copy)
        assert report.ok, report.problems
        assert digest(copy) == digest(demo_store)
        assert copy.blobs.all() == blobs
        sample = blobs[len(blobs) // 2]
        assert (
            copy.blobs.path_of(sample).read_bytes() == demo_store.blobs.path_of(sample).read_bytes()
        )


def test_a_backup_taken_during_a_write_holds_only_committed_changes(
    world: World, tmp_path: Path
) -> None:
    store = world.store
    before = digest(store)
    with store.write(None) as writer:
        writer.create(Person, {"name": "Nog niet bewaard"})
        other = Store.open(store.path)  # another window of the app, on the same file
        try:
            target = backup(other, tmp_path / "tijdens.sqlite")
        finally:
            other.close()
    with Store.open(target) as copy:
        assert digest(copy) == before
        assert copy.scalar("SELECT count(*) FROM person WHERE name = 'Nog niet bewaard'") == 0


def test_a_backup_into_a_folder_gets_a_name_of_its_own(world: World, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    target = backup(world.store, folder)
    assert target.parent == folder
    assert target.name.startswith("regiodesk-")
    assert target.suffix == ".sqlite"
    with Store.open(target, create=False) as copy:
        assert digest(copy) == digest(world.store)


def test_a_backup_onto_the_store_itself_is_refused(world: World) -> None:
    before = world.store.path.read_bytes()
    with pytest.raises(errors.BackupError) as caught:
        backup(world.store, world.store.path)
    assert "store itself" in str(caught.value)
    assert world.store.path.read_bytes() == before


def test_restore_replaces_the_content_and_keeps_a_safety_backup(
    world: World, tmp_path: Path
) -> None:
    store = world.store
    saved = backup(store, tmp_path / "saved.sqlite")
    content_at_backup = digest(store, with_devices=False)
    add_person(store, "Na de backup")
    content_before_restore = digest(store)
    device_before = store.device_id
    safety = restore(store, saved)
    assert digest(store, with_devices=False) == content_at_backup
    # The restored store writes as a new device: the old one's later numbers may be elsewhere.
    assert store.device_id != device_before
    assert store.next_seq == 1
    assert store.scalar("SELECT count(*) FROM person WHERE name = 'Na de backup'") == 0
    assert safety.is_file()
    assert safety != saved
    with Store.open(safety, create=False) as kept:
        assert digest(kept) == content_before_restore


def test_restore_brings_the_documents_along(demo_template: Path, blank_store: Store) -> None:
    restore(blank_store, demo_template)
    blobs = blank_store.blobs.all()
    assert len(blobs) > 100
    used = {row[0] for row in blank_store.conn.execute("SELECT sha256 FROM document_version")}
    assert used <= set(blobs)


def test_the_store_keeps_working_after_a_restore(world: World, tmp_path: Path) -> None:
    """After restoring an older backup, the open store writes on without a gap in its sequence
    (and keeps writing as the device whose content it now holds)."""
    store = world.store
    saved = backup(store, tmp_path / "saved.sqlite")
    for name in ("Een", "Twee", "Drie"):
        add_person(store, name)
    restore(store, saved)
    add_person(store, "Na het terugzetten")
    report = check_store(store)
    assert report.ok, report.problems


def test_a_store_restored_from_another_stores_backup_writes_as_one_device(
    world: World, blank_store: Store, tmp_path: Path
) -> None:
    saved = backup(world.store, tmp_path / "from-world.sqlite")
    add_person(blank_store, "Eigen")
    restore(blank_store, saved)
    add_person(blank_store, "Na het terugzetten")
    report = check_store(blank_store)
    assert report.ok, report.problems
    newest = blank_store.query(
        "SELECT d.device_id FROM change_log c JOIN device d ON d.no = c.device_no "
        "ORDER BY c.local_seq DESC LIMIT 1"
    )[0][0]
    assert newest == blank_store.device_id == blank_store.meta("device_id")


def test_each_restore_keeps_its_own_safety_backup(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two restores in a row must not overwrite the first safety backup: it holds the only copy
    of what the store had before.  (The clock is frozen so that both restores happen "within the
    same second", as they do when a person restores twice quickly.)"""
    from regiodesk.store import backup as backup_module

    class FrozenDatetime(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> FrozenDatetime:
            return cls(2026, 11, 28, 10, 30, 15, tzinfo=tz)

    monkeypatch.setattr(backup_module, "datetime", FrozenDatetime)
    store = world.store
    saved = backup(store, tmp_path / "saved.sqlite")
    add_person(store, "Alleen in de eerste veiligheidskopie")
    original = digest(store)
    first = restore(store, saved)
    second = restore(store, saved)
    assert first != second
    assert first.is_file()
    assert second.is_file()
    with Store.open(first, create=False) as kept:
        assert digest(kept) == original


# Refused restores leave the store as it was -------------------------------------------------------


def _text_file(path: Path) -> Path:
    path.write_text("Dit is geen database maar een boodschappenlijst.\n" * 50, encoding="utf-8")
    return path


def _foreign_database(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipe (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    return path


def _empty_database(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    return path


def _truncated_backup(path: Path, source: Store) -> Path:
    full = backup(source, path.with_name("whole.sqlite"))
    data = full.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def _damaged_backup(path: Path, source: Store) -> Path:
    """A backup whose header and schema are intact but whose data pages are overwritten."""
    full = backup(source, path.with_name("whole.sqlite"))
    data = bytearray(full.read_bytes())
    page = 4096
    noise = random.Random(9)
    for offset in range(page * 8, len(data), page):
        data[offset + 8 : offset + page] = noise.randbytes(page - 8)
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda path, _store: _text_file(path), "not a database"),
        (lambda path, _store: _foreign_database(path), "not a RegioDesk store"),
        (lambda path, _store: _empty_database(path), "not a RegioDesk store"),
        (_truncated_backup, "malformed"),
        (_damaged_backup, ""),
        (lambda path, _store: path, "no such file"),
    ],
    ids=["text-file", "other-program", "empty-database", "truncated", "damaged", "missing"],
)
def test_a_refused_restore_explains_and_changes_nothing(
    world: World, tmp_path: Path, make: object, reason: str
) -> None:
    store = world.store
    source = make(tmp_path / "candidate.sqlite", store)  # type: ignore[operator]
    before = digest(store)
    with pytest.raises(errors.BackupError) as caught:
        restore(store, source)
    message = str(caught.value)
    assert str(source) in message
    assert reason in message
    assert digest(store) == before
    assert not (store.path.parent / "backups").exists()  # nothing was even started
    add_person(store, "Werkt nog")
    assert check_store(store).ok


def test_restoring_a_backup_from_a_newer_version_is_refused(world: World, tmp_path: Path) -> None:
    store = world.store
    saved = backup(store, tmp_path / "future.sqlite")
    conn = sqlite3.connect(saved)
    conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.commit()
    conn.close()
    add_person(store, "Huidig")
    before = digest(store)
    with pytest.raises(errors.StoreTooNew):
        restore(store, saved)
    assert digest(store) == before
