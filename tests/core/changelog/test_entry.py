"""A change-log entry and how it is applied (regiodesk/changelog/entry.py)."""

from __future__ import annotations

import sqlite3

import pytest

from regiodesk.changelog.entry import SELECT_ENTRY_SQL, Entry, Op, apply, dumps
from regiodesk.clock import Hlc
from regiodesk.model import Person
from regiodesk.store import Store


def test_an_entry_survives_the_trip_through_the_store(blank_store: Store) -> None:
    with blank_store.write("actor-1") as writer:
        person = writer.create(Person, {"name": "Anne"})
        writer.update(Person, person, {"name": "Anne N."})
    read = [
        Entry.from_row(row)
        for row in blank_store.conn.execute(SELECT_ENTRY_SQL + " ORDER BY c.seq")
    ]
    assert [(e.device_id, e.seq, e.actor_id, e.entity_id) for e in read] == [
        (blank_store.device_id, 1, "actor-1", person),
        (blank_store.device_id, 2, "actor-1", person),
    ]
    assert read[0].op is Op.CREATE
    assert read[0].fields["name"] == "Anne"
    assert read[1].op is Op.SET
    assert read[1].fields == {"name": "Anne N."}
    assert read[1].seen == {"name": read[0].clock.encode()}
    assert read[0].clock == Hlc.unpack(read[0].hlc, blank_store.device_id)
    assert read[0].row(blank_store.device_no)[8] == dumps(read[0].fields)


def _entry(op: Op, fields: dict[str, object], entity: str = "person") -> Entry:
    return Entry("e1", "dev", 1, 1, None, entity, "p1", op, fields)


def test_apply_writes_each_kind_of_operation() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE person (id TEXT PRIMARY KEY, deleted BOOLEAN, name TEXT, email TEXT, "
        "municipality_id TEXT, title TEXT)"
    )
    apply(
        conn,
        _entry(
            Op.CREATE,
            {"deleted": False, "name": "A", "email": None, "municipality_id": None, "title": ""},
        ),
    )
    apply(conn, _entry(Op.SET, {"name": "B"}))
    apply(conn, _entry(Op.SET, {}))
    assert conn.execute("SELECT name, deleted FROM person").fetchone() == ("B", 0)
    apply(conn, _entry(Op.DELETE, {}))
    assert conn.execute("SELECT deleted FROM person").fetchone() == (1,)
    apply(conn, _entry(Op.RESTORE, {}))
    assert conn.execute("SELECT deleted FROM person").fetchone() == (0,)
    conn.close()


def test_apply_refuses_unknown_tables_and_fields() -> None:
    conn = sqlite3.connect(":memory:")
    try:
        with pytest.raises(ValueError, match="unknown entity"):
            apply(conn, _entry(Op.CREATE, {}, entity="sqlite_master"))
        with pytest.raises(ValueError, match="unknown fields"):
            apply(conn, _entry(Op.SET, {"name": "x", "password": "secret"}))
    finally:
        conn.close()
