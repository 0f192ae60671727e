"""Backup and restore through SQLite's online backup API (never a copy of a live file).

A backup is the store file plus its documents (``FILE.blobs``).  It is written under a temporary
name and renamed when complete, so a backup with its final name is always whole.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from regiodesk.errors import BackupError, StoreTooNew
from regiodesk.store import schema
from regiodesk.store.blobs import BlobStore
from regiodesk.store.errors import store_error
from regiodesk.store.paths import blob_dir
from regiodesk.store.store import Store

PAGES_PER_STEP = 4096


def unique_path(folder: Path, stem: str, suffix: str = ".sqlite") -> Path:
    """``folder/stem-<UTC time><suffix>``, never an existing file's name."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    candidate = folder / f"{stem}-{stamp}{suffix}"
    number = 2
    while candidate.exists() or blob_dir(candidate).exists():
        candidate = folder / f"{stem}-{stamp}-{number}{suffix}"
        number += 1
    return candidate


def _copy_database(source: sqlite3.Connection, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.partial")
    temporary.unlink(missing_ok=True)
    destination = sqlite3.connect(temporary)
    try:
        source.backup(destination, pages=PAGES_PER_STEP)
        destination.execute("PRAGMA journal_mode = DELETE")
        destination.commit()
    finally:
        destination.close()
    with temporary.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, target)


def backup(store: Store, target: Path) -> Path:
    """Write a consistent copy of the open store, and its documents, to ``target``."""
    target = Path(target).expanduser()
    if target.is_dir():
        target = unique_path(target, "regiodesk")
    if target.resolve() == store.path.resolve():
        raise BackupError(path=target, reason="it is the store itself")
    try:
        _copy_database(store.conn, target)
        target_blobs = blob_dir(target)
        for sha256 in store.blobs.all():
            store.blobs.copy_to(sha256, target_blobs)
    except (sqlite3.Error, OSError) as exc:
        raise store_error(target, exc) from exc
    return target


def backup_before_migration(path: Path, revision: str) -> Path:
    """Before a migration: a backup beside the store, named after the schema it had."""
    target = unique_path(path.parent / "backups", f"{path.stem}-schema-{revision}")
    source = sqlite3.connect(path)
    try:
        _copy_database(source, target)
    finally:
        source.close()
    return target


def restore(store: Store, source: Path) -> Path:
    """Replace the content of the open store by the backup ``source``.

    The backup is checked first (a RegioDesk store this version can read); the current content is
    saved as a backup of its own before it is replaced.  Returns the path of that safety backup.
    """
    source = Path(source).expanduser()
    if not source.is_file():
        raise BackupError(path=source, reason="there is no such file")
    try:
        reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise BackupError(path=source, reason=str(exc)) from exc
    try:
        try:
            revision = schema.stored_revision(reader)
            integrity = reader.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise BackupError(path=source, reason=str(exc)) from exc
        if revision in (None, "unknown"):
            raise BackupError(path=source, reason="it is not a RegioDesk store")
        if integrity != "ok":
            raise BackupError(path=source, reason=f"it is damaged ({integrity})")
        if revision != schema.SCHEMA_REVISION and revision not in schema.known_revisions():
            raise StoreTooNew(path=source, revision=revision)
        safety = backup(store, unique_path(store.path.parent / "backups", "before-restore"))
        try:
            reader.backup(store.conn, pages=PAGES_PER_STEP)
        except sqlite3.Error as exc:
            raise store_error(store.path, exc) from exc
    finally:
        reader.close()
    source_blobs = BlobStore(blob_dir(source))
    for sha256 in source_blobs.all():
        source_blobs.copy_to(sha256, store.blobs.root)
    store.become_new_device()
    return safety
