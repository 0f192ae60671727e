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


def _fold(
    table: str, entity_id: str, entries: Iterable[Entry]
) -> tuple[dict[str, Any], bool, list[FoundConflict]]:
    """What the entries (in clock order) make of an entity: its fields, whether its creation is
    among them, and the conflicts between concurrent text versions."""
    columns = columns_of(table)
    text = TEXT_FIELDS.get(table, frozenset())
    state: dict[str, Any] = {}
    versions: dict[str, _Version] = {}
    created = False
    conflicts: list[FoundConflict] = []
    for entry in entries:
        if entry.op is Op.DELETE:
            state["deleted"] = True
            continue
        if entry.op is Op.RESTORE:
            state["deleted"] = False
            continue
        clock = Hlc.unpack(entry.hlc, entry.device_id).encode() if text else ""
        seen = entry.seen or {}
        for name, value in entry.fields.items():
            if name not in columns:
                continue
            if name in text:
                before = versions.get(name)
                if (
                    before is not None
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
                versions[name] = _Version(clock, entry.entry_id, entry.device_id, value)
            state[name] = value
        created = created or entry.op is Op.CREATE
    return state, created, conflicts


def _write_row(
    conn: sqlite3.Connection, table: str, entity_id: str, state: dict[str, Any], exists: bool
) -> None:
    names = [name for name in columns_of(table) if name in state]
    if exists:
        assignments = ", ".join(f'"{name}" = ?' for name in names)
        conn.execute(
            f'UPDATE "{table}" SET {assignments} WHERE id = ?',
            (*(state[name] for name in names), entity_id),
        )
        return
    quoted = ", ".join(f'"{name}"' for name in names)
    try:  # a failed statement is undone alone; the transaction goes on
        conn.execute(
            f'INSERT INTO "{table}" (id, {quoted}) VALUES (?, {", ".join("?" for _ in names)})',
            (entity_id, *(state[name] for name in names)),
        )
    except sqlite3.IntegrityError:  # what it refers to has not arrived yet: it waits
        raise WaitingForParent(table, entity_id) from None


def replay(
    conn: sqlite3.Connection,
    table: str,
    entity_id: str,
    entries: Sequence[Entry] | None = None,
    exists: bool | None = None,
) -> list[FoundConflict]:
    """Set the entity's row to what all its entries say, in clock order; return the conflicts.

    ``entries``: all of them, when the caller knows the store had none before (a fast path for
    entities new to this store); otherwise they are read from the log."""
    if table not in entity_tables():
        raise ValueError(f"unknown entity {table!r}")
    state, created, conflicts = _fold(
        table, entity_id, entries if entries is not None else _entries_of(conn, table, entity_id)
    )
    if not created:  # its creation has not arrived yet: the row waits for it
        raise WaitingForParent(table, entity_id)
    if exists is None:
        exists = bool(
            conn.execute(f'SELECT 1 FROM "{table}" WHERE id = ?', (entity_id,)).fetchone()
        )
    _write_row(conn, table, entity_id, state, exists)
    return conflicts


def _present(conn: sqlite3.Connection, table: str, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        found.update(
            row[0]
            for row in conn.execute(
                f'SELECT id FROM "{table}" WHERE id IN ({", ".join("?" for _ in chunk)})', chunk
            )
        )
    return found


@dataclass
class Replayed:
    touched: dict[str, set[str]]
    conflicts: list[FoundConflict]
    #: Entities whose parent has not arrived yet (replayed again at the next sync).
    waiting: list[tuple[str, str]]


def replay_all(
    conn: sqlite3.Connection, entries: Sequence[Entry], also: Iterable[tuple[str, str]] = ()
) -> Replayed:
    """Replay every entity the entries touch (and ``also``: entities that waited), parents
    before children.  An entity this store had no row of, and that did not wait, has only the
    new entries: it is folded from them without reading the log."""
    waited = set(also)
    groups: dict[tuple[str, str], list[Entry]] = {key: [] for key in waited}
    for entry in sorted(entries, key=lambda e: (e.hlc, e.device_id)):
        groups.setdefault((entry.entity, entry.entity_id), []).append(entry)
    by_table: dict[str, list[str]] = {}
    for table, entity_id in groups:
        by_table.setdefault(table, []).append(entity_id)
    present = {
        (table, entity_id)
        for table, ids in by_table.items()
        if table in entity_tables()
        for entity_id in _present(conn, table, ids)
    }
    result = Replayed({}, [], [])
    pending = sorted(
        groups,
        key=lambda key: (groups[key][0].hlc, groups[key][0].device_id) if groups[key] else (0, ""),
    )
    while pending:
        waiting: list[tuple[str, str]] = []
        for key in pending:
            table, entity_id = key
            fresh = key not in present and key not in waited
            try:
                result.conflicts += replay(
                    conn,
                    table,
                    entity_id,
                    groups[key] if fresh else None,
                    exists=key in present,
                )
            except WaitingForParent:
                waiting.append(key)
                continue
            present.add(key)
            result.touched.setdefault(table, set()).add(entity_id)
        if len(waiting) == len(pending):
            break
        pending = waiting
    result.waiting = waiting if pending else []
    return result
