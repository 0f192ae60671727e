"""Rebuild a store's tables from its change log alone, and compare them with the store.

This is the proof that no write bypasses the log (a test runs it, and ``regiodesk-cli check``),
and the code path a new device uses to replay what it receives.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from regiodesk.changelog.entry import SELECT_ENTRY_SQL, Entry, apply
from regiodesk.model import ENTITY_BY_TABLE


@dataclass(frozen=True)
class Difference:
    table: str
    entity_id: str
    problem: str  # "missing in the log", "only in the log", "differs"


def entries_in_clock_order(conn: sqlite3.Connection) -> Iterator[Entry]:
    cursor = conn.execute(SELECT_ENTRY_SQL + " ORDER BY c.hlc, d.device_id")
    while batch := cursor.fetchmany(5000):
        for row in batch:
            yield Entry.from_row(row)


def empty_copy(conn: sqlite3.Connection) -> sqlite3.Connection:
    """An in-memory database with the store's entity tables (no data, no triggers)."""
    target = sqlite3.connect(":memory:", isolation_level=None)
    for (sql,) in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name IN "
        f"({','.join('?' for _ in ENTITY_BY_TABLE)})",
        tuple(ENTITY_BY_TABLE),
    ):
        target.execute(sql)
    return target


def rebuild(conn: sqlite3.Connection) -> sqlite3.Connection:
    """Replay every entry of the log, in clock order, into an empty copy of the tables."""
    target = empty_copy(conn)
    target.execute("BEGIN")
    for entry in entries_in_clock_order(conn):
        apply(target, entry)
    target.execute("COMMIT")
    return target


def compare(conn: sqlite3.Connection, rebuilt: sqlite3.Connection) -> list[Difference]:
    """Where the store's tables and the rebuilt ones differ (empty when they are equal)."""
    differences: list[Difference] = []
    for table in ENTITY_BY_TABLE:
        ours = {row[0]: row for row in conn.execute(f'SELECT * FROM "{table}"')}
        theirs = {row[0]: row for row in rebuilt.execute(f'SELECT * FROM "{table}"')}
        for entity_id in ours.keys() - theirs.keys():
            differences.append(Difference(table, entity_id, "missing in the log"))
        for entity_id in theirs.keys() - ours.keys():
            differences.append(Difference(table, entity_id, "only in the log"))
        for entity_id in ours.keys() & theirs.keys():
            if ours[entity_id] != theirs[entity_id]:
                differences.append(Difference(table, entity_id, "differs"))
    return differences
