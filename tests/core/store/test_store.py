"""Opening a store, refusing bad input, durable settings, and the write transaction
(regiodesk/store/store.py)."""

from __future__ import annotations

import os
import random
import sqlite3
import stat
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from regiodesk import errors
from regiodesk.changelog.writer import Changes
from regiodesk.clock import Hlc
from regiodesk.model import Person
from regiodesk.store import Store
from regiodesk.store import store as store_module
from regiodesk.store.schema import SCHEMA_REVISION

REAL_CONNECT = sqlite3.connect
REAL_ACCESS = os.access


def count(path: Path, sql: str) -> int:
    conn = REAL_CONNECT(path)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def seqs(store: Store) -> list[int]:
    return [row[0] for row in store.conn.execute(
        "SELECT seq FROM change_log WHERE device_no = ? ORDER BY seq", (store.device_no,))]


def add_person(store: Store, name: str) -> str:
    with store.write(None) as writer:
        return writer.create(Person, {"name": name})


# Opening -------------------------------------------------------------------------------------------


def test_open_creates_a_new_store_with_its_folders(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "store.sqlite"
    with Store.open(path) as store:
        assert path.is_file()
        assert uuid.UUID(store.device_id).version == 7
        assert store.meta("device_id") == store.device_id
        assert store.meta("created_at")
        assert store.next_seq == 1
        assert store.scalar("SELECT version_num FROM alembic_version") == SCHEMA_REVISION


def test_durable_settings(blank_store: Store) -> None:
    conn = blank_store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_foreign_keys_are_enforced(blank_store: Store) -> None:
    from regiodesk.model import Municipality

    with pytest.raises(errors.StoreError), blank_store.write(None) as writer:
        writer.create(Municipality, {"region_id": "no-such-region", "cbs_code": "GM0001",
                                     "name": "Nergens"})
    assert blank_store.scalar("SELECT count(*) FROM municipality") == 0
    assert blank_store.scalar("SELECT count(*) FROM change_log") == 0


def test_typed_reads_through_a_session(blank_store: Store) -> None:
    from sqlmodel import select

    person_id = add_person(blank_store, "Anne Nijhuis")
    with blank_store.session() as session:
        found = session.exec(select(Person).where(Person.id == person_id)).one()
        assert found.name == "Anne Nijhuis"
        assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_folder_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(errors.StorePathIsFolder) as caught:
        Store.open(tmp_path)
    assert str(tmp_path) in str(caught.value)


def test_a_missing_store_is_not_created_when_create_is_false(tmp_path: Path) -> None:
    path = tmp_path / "nothing-here.sqlite"
    with pytest.raises(errors.StoreMissing):
        Store.open(path, create=False)
    assert not path.exists()


def test_an_existing_store_opens_with_create_false(blank_template: Path, tmp_path: Path) -> None:
    from tests_core_support import copy  # noqa: F401  (never imported: see below)


