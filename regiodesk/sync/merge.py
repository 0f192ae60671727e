"""Entries from other devices, merged into this store.

Every entry goes into the change log once (by device and sequence number: importing twice changes
nothing).  Each entity an import touched is then replayed from all its entries in clock order, so
the row is what any store that has the same entries holds, whatever order they came in:

* scalar fields: last writer wins by (clock, device); the losing value stays in the log;
* free text: concurrent versions (the later author had not seen the earlier one) make a conflict
  that keeps both values; the later one is shown until a person resolves it;
* delete and restore: last writer wins too, and the entity is never removed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from regiodesk.changelog.entry import INSERT_ENTRY_SQL, Entry, Op, columns_of, entity_tables
from regiodesk.clock import Hlc

#: Fields whose concurrent edits are a conflict for a person to resolve.
TEXT_FIELDS: dict[str, frozenset[str]] = {
    "meeting": frozenset({"title", "location", "minutes"}),
    "agenda_item": frozenset({"title", "proposal"}),
    "document": frozenset({"title"}),
    "position": frozenset({"reason"}),
    "decision": frozenset({"text"}),
    "action": frozenset({"description"}),
    "council_follow_up": frozenset({"amendment", "note"}),
    "initiative": frozenset({"title", "description"}),
    "nomination": frozenset({"motivation"}),
    "appointment": frozenset({"mandate"}),
}


@dataclass(frozen=True)
class FoundConflict:
    entity: str
    entity_id: str
    field: str
    entry_a: str
    entry_b: str
    value_a: Any
    value_b: Any


class WaitingForParent(Exception):
    """An entity refers to one whose creation has not arrived yet."""

    def __init__(self, table: str, entity_id: str) -> None:
        super().__init__(f"{table} {entity_id}")
        self.table, self.entity_id = table, entity_id


@dataclass
class _Version:
    clock: str
    entry_id: str
    device_id: str
    value: Any


def add_to_log(conn: sqlite3.Connection, device_no: int, entries: Iterable[Entry]) -> list[Entry]:
    """Log the entries not yet logged; returns those that are new here."""
    new: list[Entry] = []
    for entry in entries:
        known = conn.execute(
            "SELECT entry_id FROM change_log WHERE device_no = ? AND seq = ?",
            (device_no, entry.seq),
        ).fetchone()
        if known is not None:
            continue
        conn.execute(INSERT_ENTRY_SQL, entry.row(device_no))
        new.append(entry)
    return new


def _entries_of(conn: sqlite3.Connection, table: str, entity_id: str) -> list[Entry]:
    from regiodesk.changelog.entry import SELECT_ENTRY_SQL

    rows = conn.execute(
        SELECT_ENTRY_SQL + " WHERE c.entity_id = ? AND c.entity = ? ORDER BY c.hlc, d.device_id",
        (entity_id, table),
    ).fetchall()
    return [Entry.from_row(row) for row in rows]


def replay(conn: sqlite3.Connection, table: str, entity_id: str) -> list[FoundConflict]:
    """Set the entity's row to what all its entries say, in clock order; return the conflicts."""
    if table not in entity_tables():
        raise ValueError(f"unknown entity {table!r}")
    columns = columns_of(table)
    text = TEXT_FIELDS.get(table, frozenset())
    state: dict[str, Any] = {}
    versions: dict[str, _Version] = {}
    created = False
    conflicts: list[FoundConflict] = []
    for entry in _entries_of(conn, table, entity_id):
        clock = Hlc.unpack(entry.hlc, entry.device_id).encode()
        if entry.op in (Op.CREATE, Op.SET):
            seen = entry.seen or {}
            for name, value in entry.fields.items():
                if name not in columns:
                    continue
                before = versions.get(name)
                if (
                    name in text
                    and before is not None
                    and before.device_id != entry.device_id
                    and seen.get(name) != before.clock
                    and before.value != value
                ):
                    conflicts.append(
                        FoundConflict(
                            table,
                            entity_id,
                            name,
                            before.entry_id,
                            entry.entry_id,
                            before.value,
                            value,
                        )
                    )
                state[name] = value
                versions[name] = _Version(clock, entry.entry_id, entry.device_id, value)
            created = created or entry.op is Op.CREATE
        elif entry.op is Op.DELETE:
            state["deleted"] = True
        elif entry.op is Op.RESTORE:
            state["deleted"] = False
    if not created:
        return conflicts  # its creation has not arrived yet: the row waits for it
    exists = conn.execute(f'SELECT 1 FROM "{table}" WHERE id = ?', (entity_id,)).fetchone()
    names = [name for name in columns if name in state]
    if exists:
        assignments = ", ".join(f'"{name}" = ?' for name in names)
        conn.execute(
            f'UPDATE "{table}" SET {assignments} WHERE id = ?',
            (*(state[name] for name in names), entity_id),
        )
    else:
        quoted = ", ".join(f'"{name}"' for name in names)
        conn.execute("SAVEPOINT replay_row")
        try:
            conn.execute(
                f'INSERT INTO "{table}" (id, {quoted}) VALUES (?, {", ".join("?" for _ in names)})',
                (entity_id, *(state[name] for name in names)),
            )
        except sqlite3.IntegrityError:  # what it refers to has not arrived yet: it waits
            conn.execute("ROLLBACK TO replay_row")
            conn.execute("RELEASE replay_row")
            raise WaitingForParent(table, entity_id) from None
        conn.execute("RELEASE replay_row")
    return conflicts


@dataclass
class Replayed:
    touched: dict[str, set[str]]
    conflicts: list[FoundConflict]
    #: Entities whose parent has not arrived yet (replayed again at the next sync).
    waiting: list[tuple[str, str]]


def replay_all(
    conn: sqlite3.Connection, entries: Sequence[Entry], also: Iterable[tuple[str, str]] = ()
) -> Replayed:
    """Replay every entity the entries touch (and ``also``), parents before children."""
    first: dict[tuple[str, str], tuple[int, str]] = dict.fromkeys(also, (0, ""))
    for entry in entries:
        key = (entry.entity, entry.entity_id)
        order = (entry.hlc, entry.device_id)
        if key not in first or order < first[key]:
            first[key] = order
    result = Replayed({}, [], [])
    pending = sorted(first, key=first.__getitem__)
    # A child may come before its parent in this order (a parent's older creation arriving in
    # the same import): try again while that makes progress.
    while pending:
        waiting: list[tuple[str, str]] = []
        for table, entity_id in pending:
            try:
                result.conflicts += replay(conn, table, entity_id)
            except WaitingForParent:
                waiting.append((table, entity_id))
                continue
            result.touched.setdefault(table, set()).add(entity_id)
        if len(waiting) == len(pending):
            break
        pending = waiting
    result.waiting = waiting if pending else []
    return result
