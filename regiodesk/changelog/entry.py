"""A change-log entry and how it is applied to the tables."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

import orjson

from regiodesk.clock import Hlc


class Op(StrEnum):
    CREATE = "create"
    SET = "set"
    DELETE = "delete"
    RESTORE = "restore"

    @staticmethod
    def of(value: object) -> Op:
        """``Op(value)`` by a dictionary look-up: it runs for every entry read, and the enum's
        own call costs several times more.  Raises ValueError for anything else."""
        try:
            return _OP_BY_VALUE[value]  # type: ignore[index]
        except (KeyError, TypeError):
            raise ValueError(f"not an operation: {value!r}") from None


_OP_BY_VALUE: dict[str, Op] = {op.value: op for op in Op}


ENTRY_COLUMNS = (
    "entry_id",
    "device_no",
    "seq",
    "hlc",
    "actor_id",
    "entity",
    "entity_id",
    "op",
    "fields",
    "seen",
)
SELECT_ENTRY_SQL = (
    "SELECT c.entry_id, d.device_id, c.seq, c.hlc, c.actor_id, c.entity, c.entity_id, c.op, "
    "c.fields, c.seen FROM change_log c JOIN device d ON d.no = c.device_no"
)
INSERT_ENTRY_SQL = (
    f"INSERT INTO change_log ({', '.join(ENTRY_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in ENTRY_COLUMNS)})"
)


@dataclass(frozen=True, slots=True)
class Entry:
    """An entry as it travels: with its device id (the store keeps a local device number)."""

    entry_id: str
    device_id: str
    seq: int
    hlc: int
    actor_id: str | None
    entity: str
    entity_id: str
    op: Op
    fields: dict[str, Any]
    seen: dict[str, str] | None = None

    @property
    def clock(self) -> Hlc:
        return Hlc.unpack(self.hlc, self.device_id)

    def row(self, device_no: int) -> tuple[Any, ...]:
        return (
            self.entry_id,
            device_no,
            self.seq,
            self.hlc,
            self.actor_id,
            self.entity,
            self.entity_id,
            self.op.value,
            dumps(self.fields),
            None if self.seen is None else dumps(self.seen),
        )

    @staticmethod
    def from_row(row: sqlite3.Row | tuple[Any, ...]) -> Entry:
        """From ``SELECT_ENTRY_SQL``'s columns (the device id in place of its number)."""
        values = tuple(row)
        return Entry(
            entry_id=values[0],
            device_id=values[1],
            seq=values[2],
            hlc=values[3],
            actor_id=values[4],
            entity=values[5],
            entity_id=values[6],
            op=Op.of(values[7]),
            fields=orjson.loads(values[8]),
            seen=None if values[9] is None else orjson.loads(values[9]),
        )


def dumps(value: Any) -> str:
    """Compact JSON; a create's fields come in column order, so the text is the same everywhere."""
    return orjson.dumps(value).decode()


@cache
def entity_tables() -> frozenset[str]:
    from regiodesk.model import ENTITY_BY_TABLE

    return frozenset(ENTITY_BY_TABLE)


@cache
def columns_of(table: str) -> tuple[str, ...]:
    """The data columns of a synced table, without ``id``."""
    from regiodesk.model import ENTITY_BY_TABLE

    model = ENTITY_BY_TABLE[table]
    return tuple(column.name for column in model.__table__.columns if column.name != "id")  # type: ignore[attr-defined]


def apply(conn: sqlite3.Connection, entry: Entry) -> None:
    """Write one entry's effect to its table."""
    table = entry.entity
    if table not in entity_tables():
        raise ValueError(f"unknown entity {table!r}")
    unknown = set(entry.fields).difference(columns_of(table))
    if unknown:
        raise ValueError(f"unknown fields of {table}: {sorted(unknown)}")
    if entry.op is Op.CREATE:
        # Two devices may create the same row (an id derived from its natural key): replayed in
        # clock order, the later creation's values win, as a later change would.
        names = ("id", *entry.fields)
        updates = ", ".join(f'"{name}" = excluded."{name}"' for name in entry.fields)
        conn.execute(
            f'INSERT INTO "{table}" ({", ".join(names)}) VALUES ({", ".join("?" for _ in names)})'
            + (f" ON CONFLICT (id) DO UPDATE SET {updates}" if updates else ""),
            (entry.entity_id, *entry.fields.values()),
        )
    elif entry.op is Op.SET:
        if entry.fields:
            assignments = ", ".join(f'"{name}" = ?' for name in entry.fields)
            conn.execute(
                f'UPDATE "{table}" SET {assignments} WHERE id = ?',
                (*entry.fields.values(), entry.entity_id),
            )
    else:
        conn.execute(
            f'UPDATE "{table}" SET deleted = ? WHERE id = ?',
            (entry.op is Op.DELETE, entry.entity_id),
        )
