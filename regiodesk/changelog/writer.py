"""The one way to change a store: a writer that logs every change in the same transaction.

A command opens a writer (``store.write(actor)``), calls ``create``, ``update``, ``delete`` or
``restore``, and the writer appends a change-log entry for each and applies it to the table in the
same SQLite transaction.  Bulk paths use ``create_many`` and ``update_many``, which do the same for
many rows of a table with a few statements.  After the transaction the writer tells what
changed, so screens refresh themselves, and holds the inverse of each change, for undo.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import repeat
from typing import TYPE_CHECKING, Any

import orjson

from regiodesk.changelog.entry import INSERT_ENTRY_SQL, Entry, Op, apply, columns_of, dumps
from regiodesk.clock import Hlc
from regiodesk.ids import uuid7, uuid7_many
from regiodesk.model.values import encode_value

if TYPE_CHECKING:
    from regiodesk.model import Entity
    from regiodesk.store.store import Store


@dataclass
class Changes:
    """What a write changed: ids per table.  A journal keeps the order, so that a rolled-back
    nested command can be taken out again (``truncate``)."""

    ids: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _journal: list[tuple[str, str]] = field(default_factory=list, repr=False)

    def add(self, table: str, entity_id: str) -> None:
        self.ids[table].add(entity_id)
        self._journal.append((table, entity_id))

    def add_many(self, table: str, entity_ids: list[str]) -> None:
        self.ids[table].update(entity_ids)
        self._journal.extend(zip(repeat(table), entity_ids))

    def __len__(self) -> int:
        return len(self._journal)

    def truncate(self, length: int) -> None:
        """Forget everything added after the first ``length`` changes."""
        if length >= len(self._journal):
            return
        del self._journal[length:]
        self.ids = defaultdict(set)
        for table, entity_id in self._journal:
            self.ids[table].add(entity_id)

    def touches(self, *tables: str) -> bool:
        return any(self.ids.get(table) for table in tables)

    def __bool__(self) -> bool:
        return any(self.ids.values())


@dataclass(frozen=True)
class Inverse:
    """How to undo one change (or, with ``more_ids``, the same change of many rows)."""

    op: Op
    table: str
    entity_id: str
    fields: dict[str, Any]
    more_ids: tuple[str, ...] = ()

    @property
    def entity_ids(self) -> tuple[str, ...]:
        return (self.entity_id, *self.more_ids)


@cache
def _defaults(model: type[Entity]) -> dict[str, Any]:
    from pydantic_core import PydanticUndefined

    defaults: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name == "id":
            continue
        if info.default is not PydanticUndefined:
            defaults[name] = encode_value(info.default)
        elif info.default_factory is not None:
            defaults[name] = encode_value(info.default_factory())  # type: ignore[call-arg]
    return defaults


class _Required:
    """The default of a column that has none: a value must be given."""


_MISSING = _Required()
#: SQLite's lowest limit on the variables of one statement (before 3.32), and the most rows we
#: put in one statement.
_MAX_VARIABLES = 999
_ROWS_PER_STATEMENT = 200
#: Ids in one ``IN (...)`` list.
_IDS_PER_QUERY = 500
#: Types stored as they are; anything else goes through ``encode_value``.
_PLAIN = frozenset({str, int, float, bool, type(None)})


@cache
def _spec(model: type[Entity]) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """The columns in order, and each one's stored default (``_MISSING`` where a value is
    required)."""
    defaults = _defaults(model)
    names = columns_of(table_of(model))
    return names, tuple(defaults.get(name, _MISSING) for name in names)


def _row_values(model: type[Entity], values: Mapping[str, Any], index: int) -> list[Any]:
    """The values of a new row in column order, with defaults filled in, in stored form."""
    if not values.keys() <= _allowed(model):
        table = table_of(model)
        raise ValueError(f"{table} row {index}: unknown fields {set(values) - _allowed(model)}")
    names, defaults = _spec(model)
    row = list(map(values.get, names, defaults))
    if not _PLAIN.issuperset(map(type, row)):  # a default missing, or a value to encode
        for position, value in enumerate(row):
            if value is _MISSING:
                raise ValueError(f"{table_of(model)} row {index} needs {names[position]!r}")
            if type(value) not in _PLAIN:
                row[position] = encode_value(value)
    return row


def _row(model: type[Entity], values: Mapping[str, Any], index: int) -> dict[str, Any]:
    """A new row by column name, in column order."""
    return dict(zip(_spec(model)[0], _row_values(model, values, index), strict=True))


@cache
def _allowed(model: type[Entity]) -> frozenset[str]:
    return frozenset(columns_of(table_of(model))) | {"id"}


def table_of(model: type[Entity]) -> str:
    return str(model.__tablename__)


def encode_fields(model: type[Entity], values: Mapping[str, Any]) -> dict[str, Any]:
    known = columns_of(table_of(model))
    unknown = [name for name in values if name not in known]
    if unknown:
        raise ValueError(f"{table_of(model)} has no field(s) {unknown}")
    return {name: encode_value(value) for name, value in values.items()}


class Writer:
    """One transaction's worth of logged changes.  Use through ``Store.write``."""

    def __init__(self, store: Store, actor_id: str | None, *, bulk: bool = False) -> None:
        self.store = store
        self.conn: sqlite3.Connection = store.conn
        self.actor_id = actor_id
        self.changes = Changes()
        self.inverses: list[Inverse] = []
        self._next_seq = store.next_seq
        #: A bulk write (``Store.write(bulk=True)``): inner commands run without savepoints.
        self.bulk = bulk
        #: In a bulk write, the first error of an inner command (the write then rolls back).
        self.failed: BaseException | None = None

    # Single changes -------------------------------------------------------------------------

    def create(
        self, model: type[Entity], values: Mapping[str, Any], entity_id: str | None = None
    ) -> str:
        table = table_of(model)
        entity_id = entity_id or str(values.get("id") or uuid7())
        row = _row(model, values, 0)
        self._log(table, entity_id, Op.CREATE, row)
        self.inverses.append(Inverse(Op.DELETE, table, entity_id, {}))
        return entity_id

    def update(self, model: type[Entity], entity_id: str, values: Mapping[str, Any]) -> bool:
        """Set fields; only fields whose value differs are logged.

        Returns whether anything changed.
        """
        return self.update_many(model, [(entity_id, values)]) > 0

    def delete(self, model: type[Entity], entity_id: str) -> None:
        table = table_of(model)
        self._log(table, entity_id, Op.DELETE, {})
        self.inverses.append(Inverse(Op.RESTORE, table, entity_id, {}))

    def restore(self, model: type[Entity], entity_id: str) -> None:
        table = table_of(model)
        self._log(table, entity_id, Op.RESTORE, {})
        self.inverses.append(Inverse(Op.DELETE, table, entity_id, {}))

    def apply_inverse(self, inverse: Inverse) -> None:
        """Undo one change, as a new logged change (undo is itself a change that syncs)."""
        from regiodesk.model import ENTITY_BY_TABLE

        model = ENTITY_BY_TABLE[inverse.table]
        if inverse.op is Op.SET:
            self.update(model, inverse.entity_id, inverse.fields)
            return
        for entity_id in inverse.entity_ids:
            if inverse.op is Op.DELETE:
                self.delete(model, entity_id)
            else:
                self.restore(model, entity_id)

    # Bulk -----------------------------------------------------------------------------------

    def create_many(self, model: type[Entity], rows: Sequence[Mapping[str, Any]]) -> list[str]:
        """Create many rows of one table in bulk; each row may carry its ``id``."""
        if not rows:
            return []
        table = table_of(model)
        names = _spec(model)[0]
        ordered = [_row_values(model, values, index) for index, values in enumerate(rows)]
        ids = [values.get("id") or uuid7() for values in rows]
        count, seq = len(rows), self._next_seq
        entries = zip(
            uuid7_many(count),
            repeat(self.store.device_no),
            range(seq, seq + count),
            self.store.clock.ticks(count),
            repeat(self.actor_id),
            repeat(table),
            ids,
            repeat(Op.CREATE.value),
            [dumps(dict(zip(names, row, strict=True))) for row in ordered],
            repeat(None),
        )
        self.conn.executemany(INSERT_ENTRY_SQL, entries)
        table_rows = [(entity_id, *row) for entity_id, row in zip(ids, ordered, strict=True)]
        self._insert(table, names, table_rows)
        self._next_seq = seq + count
        self.changes.add_many(table, ids)
        self.inverses.append(Inverse(Op.DELETE, table, ids[0], {}, tuple(ids[1:])))
        return ids

    def update_many(
        self, model: type[Entity], updates: Sequence[tuple[str, Mapping[str, Any]]]
    ) -> int:
        """``update`` for many rows of one table, with one read of the rows and one of their
        history for all of them.  Returns how many rows changed."""
        ids = [entity_id for entity_id, _values in updates]
        if len(set(ids)) < len(ids):  # a row set twice: the second sees the first
            return sum(self.update_many(model, [update]) for update in updates)
        table = table_of(model)
        encoded = [(entity_id, encode_fields(model, values)) for entity_id, values in updates]
        names = list(dict.fromkeys(name for _id, new in encoded for name in new))
        if not names:
            return 0
        current = self._current(table, names, ids)
        planned: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
        for entity_id, new in encoded:
            old = current.get(entity_id)
            if old is None:
                raise KeyError(f"{table} {entity_id} does not exist")
            changed = {name: value for name, value in new.items() if old[name] != value}
            if changed:
                planned.append((entity_id, changed, old))
        if not planned:
            return 0
        seen = self._seen_many({entity_id: changed for entity_id, changed, _old in planned})
        hlcs = self.store.clock.ticks(len(planned))
        entry_ids = uuid7_many(len(planned))
        device, actor, seq = self.store.device_no, self.actor_id, self._next_seq
        entries = []
        by_fields: dict[tuple[str, ...], list[tuple[Any, ...]]] = defaultdict(list)
        for index, (entity_id, changed, old) in enumerate(planned):
            entries.append(
                (
                    entry_ids[index],
                    device,
                    seq + index,
                    hlcs[index],
                    actor,
                    table,
                    entity_id,
                    Op.SET.value,
                    dumps(changed),
                    dumps(seen.get(entity_id, {})),
                )
            )
            by_fields[tuple(changed)].append((*changed.values(), entity_id))
            self.inverses.append(Inverse(Op.SET, table, entity_id, {n: old[n] for n in changed}))
        self.conn.executemany(INSERT_ENTRY_SQL, entries)
        for fields, rows in by_fields.items():
            assignments = ", ".join(f'"{name}" = ?' for name in fields)
            self.conn.executemany(f'UPDATE "{table}" SET {assignments} WHERE id = ?', rows)
        self._next_seq = seq + len(planned)
        self.changes.add_many(table, [entity_id for entity_id, _changed, _old in planned])
        return len(planned)

    # Internals ------------------------------------------------------------------------------

    def _insert(self, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        """Insert new rows (id first, then ``columns``).

        Into a table with triggers (the full-text index), in statements of many rows: FTS5 writes
        what it gathered at the end of every statement, so one statement per row would make a
        tiny index segment for each row, and merging those costs more than the rows themselves.
        Elsewhere ``executemany`` is as fast, and simpler.
        """
        names = f'"{table}" (id, {", ".join(columns)})'
        marks = f"({', '.join('?' for _ in range(len(columns) + 1))})"
        if len(rows) == 1 or not self.store.has_triggers(table):
            self.conn.executemany(f"INSERT INTO {names} VALUES {marks}", rows)
            return
        size = max(1, min(_ROWS_PER_STATEMENT, _MAX_VARIABLES // (len(columns) + 1)))
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            self.conn.execute(
                f"INSERT INTO {names} VALUES {', '.join([marks] * len(chunk))}",
                [value for row in chunk for value in row],
            )

    def _log(
        self,
        table: str,
        entity_id: str,
        op: Op,
        fields: dict[str, Any],
        seen: dict[str, str] | None = None,
    ) -> None:
        entry = Entry(
            entry_id=uuid7(),
            device_id=self.store.device_id,
            seq=self._next_seq,
            hlc=self.store.clock.tick().pack(),
            actor_id=self.actor_id,
            entity=table,
            entity_id=entity_id,
            op=op,
            fields=fields,
            seen=seen,
        )
        self.conn.execute(INSERT_ENTRY_SQL, entry.row(self.store.device_no))
        apply(self.conn, entry)
        self._next_seq += 1
        self.changes.add(table, entity_id)

    def _current(self, table: str, names: list[str], ids: list[str]) -> dict[str, dict[str, Any]]:
        """The stored values of ``names`` of rows ``ids`` (those that exist), by id."""
        quoted = ", ".join(f'"{name}"' for name in names)
        current: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), _IDS_PER_QUERY):
            part = ids[start : start + _IDS_PER_QUERY]
            for row in self.conn.execute(
                f'SELECT id, {quoted} FROM "{table}" WHERE id IN ({", ".join("?" * len(part))})',
                part,
            ):
                current[row[0]] = dict(zip(names, row[1:], strict=True))
        return current

    def _seen_many(self, changes: Mapping[str, Iterable[str]]) -> dict[str, dict[str, str]]:
        """For each entity, the clock of the version of each field that its change replaces."""
        wanted = {entity_id: set(fields) for entity_id, fields in changes.items()}
        seen: dict[str, dict[str, str]] = defaultdict(dict)
        ids = list(wanted)
        for start in range(0, len(ids), _IDS_PER_QUERY):
            part = ids[start : start + _IDS_PER_QUERY]
            for entity_id, hlc, device, changed in self.conn.execute(
                "SELECT c.entity_id, c.hlc, d.device_id, c.fields FROM change_log c "
                "JOIN device d ON d.no = c.device_no "
                f"WHERE c.entity_id IN ({', '.join('?' * len(part))}) "
                "AND c.op IN ('create', 'set') "
                "ORDER BY c.entity_id, c.hlc DESC, d.device_id DESC",
                part,
            ):
                missing = wanted[entity_id]
                if not missing:
                    continue
                found = missing.intersection(orjson.loads(changed))
                if found:
                    clock = Hlc.unpack(hlc, device).encode()
                    seen[entity_id].update(dict.fromkeys(found, clock))
                    missing -= found
        return seen

    def mark(self) -> tuple[int, int, int]:
        """Where the writer is now, to return to if a nested command fails."""
        return self._next_seq, len(self.changes), len(self.inverses)

    def reset_to(self, mark: tuple[int, int, int]) -> None:
        self._next_seq, changes, inverses = mark
        self.changes.truncate(changes)
        del self.inverses[inverses:]

    def committed(self) -> None:
        self.store.next_seq = self._next_seq
