"""The writer: every change is a logged entry, applied in the same transaction; undo data
(regiodesk/changelog/writer.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import orjson
import pytest

from regiodesk.changelog.entry import Op, columns_of
from regiodesk.changelog.writer import Inverse
from regiodesk.clock import Hlc
from regiodesk.model import AgendaItem, Meeting, Person
from regiodesk.model.enums import ItemKind
from regiodesk.store import Store
from regiodesk.store.search_index import search_index_problems

if TYPE_CHECKING:
    from tests.core.conftest import World


def log(store: Store) -> list[tuple[int, str, str, str, dict[str, object], object]]:
    return [
        (
            seq,
            entity,
            entity_id,
            op,
            orjson.loads(fields),
            None if seen is None else orjson.loads(seen),
        )
        for seq, entity, entity_id, op, fields, seen in store.conn.execute(
            "SELECT seq, entity, entity_id, op, fields, seen FROM change_log ORDER BY seq"
        )
    ]


def row(store: Store, table: str, entity_id: str) -> dict[str, object]:
    found = store.query(f'SELECT * FROM "{table}" WHERE id = ?', (entity_id,))
    assert found, f"{table} {entity_id} is missing"
    return dict(found[0])


# Single changes -----------------------------------------------------------------------------------


def test_create_logs_every_column_and_writes_the_row(blank_store: Store) -> None:
    with blank_store.write(None) as writer:
        person = writer.create(Person, {"name": "Anne Nijhuis", "title": "wethouder"})
    [(seq, entity, entity_id, op, fields, seen)] = log(blank_store)
    assert (seq, entity, entity_id, op, seen) == (1, "person", person, "create", None)
    assert set(fields) == set(columns_of("person"))
    assert fields["name"] == "Anne Nijhuis"
    assert fields["deleted"] is False
    assert row(blank_store, "person", person) == {
        "id": person,
        "deleted": 0,
        "name": "Anne Nijhuis",
        "email": None,
        "municipality_id": None,
        "title": "wethouder",
    }


def test_create_takes_a_given_id(blank_store: Store) -> None:
    with blank_store.write(None) as writer:
        first = writer.create(Person, {"name": "A"}, "person-a")
        second = writer.create(Person, {"id": "person-b", "name": "B"})
    assert (first, second) == ("person-a", "person-b")
    assert [e[2] for e in log(blank_store)] == ["person-a", "person-b"]


def test_create_fields_come_in_column_order(blank_store: Store) -> None:
    """entry.dumps promises: "a create's fields come in column order, so the text is the same
    everywhere" - whichever path (create or create_many) wrote it."""
    with blank_store.write(None) as writer:
        single = writer.create(Person, {"title": "wethouder", "name": "Z", "email": None})
        [bulk] = writer.create_many(Person, [{"title": "wethouder", "name": "Z", "email": None}])
    texts = dict(blank_store.conn.execute("SELECT entity_id, fields FROM change_log"))
    assert list(orjson.loads(texts[single])) == list(columns_of("person"))
    assert texts[single] == texts[bulk]


def test_create_refuses_unknown_and_missing_fields(blank_store: Store) -> None:
    with pytest.raises(ValueError, match="unknown field"), blank_store.write(None) as writer:
        writer.create(Person, {"name": "A", "shoe_size": 44})
    with pytest.raises(ValueError, match="needs"), blank_store.write(None) as writer:
        writer.create(Person, {"title": "zonder naam"})
    assert log(blank_store) == []


def test_update_logs_only_what_changed_with_the_clock_it_replaced(blank_store: Store) -> None:
    with blank_store.write(None) as writer:
        person = writer.create(Person, {"name": "Anne", "title": "wethouder"})
    created_clock = blank_store.scalar("SELECT hlc FROM change_log WHERE seq = 1")
    with blank_store.write(None) as writer:
        assert writer.update(Person, person, {"name": "Anne", "title": "burgemeester"}) is True
        assert writer.update(Person, person, {"name": "Anne"}) is False  # nothing to log
    entries = log(blank_store)
    assert len(entries) == 2
    _seq, _entity, _id, op, fields, seen = entries[1]
    assert op == "set"
    assert fields == {"title": "burgemeester"}
    assert seen == {"title": Hlc.unpack(created_clock, blank_store.device_id).encode()}
    assert row(blank_store, "person", person)["title"] == "burgemeester"


def test_seen_points_at_the_latest_version_of_each_field(blank_store: Store) -> None:
    with blank_store.write(None) as writer:
        person = writer.create(Person, {"name": "A", "title": "t0"})
    with blank_store.write(None) as writer:
        writer.update(Person, person, {"title": "t1"})
    title_clock = blank_store.scalar("SELECT hlc FROM change_log WHERE seq = 2")
    name_clock = blank_store.scalar("SELECT hlc FROM change_log WHERE seq = 1")
    with blank_store.write(None) as writer:
        writer.update(Person, person, {"title": "t2", "name": "B"})
    seen = log(blank_store)[-1][5]
    device = blank_store.device_id
    assert seen == {
        "title": Hlc.unpack(title_clock, device).encode(),
        "name": Hlc.unpack(name_clock, device).encode(),
    }


def test_update_of_a_missing_row_is_refused(blank_store: Store) -> None:
    with pytest.raises(KeyError), blank_store.write(None) as writer:
        writer.update(Person, "no-such-person", {"name": "X"})
    assert log(blank_store) == []


def test_delete_is_a_tombstone_and_restore_brings_it_back(blank_store: Store) -> None:
    with blank_store.write(None) as writer:
        person = writer.create(Person, {"name": "A"})
    with blank_store.write(None) as writer:
        writer.delete(Person, person)
    assert row(blank_store, "person", person)["deleted"] == 1
    with blank_store.write(None) as writer:
        writer.restore(Person, person)
    assert row(blank_store, "person", person)["deleted"] == 0
    assert [(e[3], e[4]) for e in log(blank_store)][1:] == [("delete", {}), ("restore", {})]


# Bulk ---------------------------------------------------------------------------------------------


def test_create_many_logs_one_entry_per_row_in_sequence(blank_store: Store) -> None:
    with blank_store.write(None) as writer:
        writer.create(Person, {"name": "Eerst"})
        ids = writer.create_many(
            Person, [{"name": f"P{n}"} for n in range(5)] + [{"id": "fixed", "name": "F"}]
        )
        writer.create(Person, {"name": "Daarna"})
    assert ids[-1] == "fixed"
    entries = log(blank_store)
    assert [e[0] for e in entries] == list(range(1, 9))
    assert [e[2] for e in entries[1:7]] == ids
    assert all(e[3] == "create" and set(e[4]) == set(columns_of("person")) for e in entries)
    assert blank_store.scalar("SELECT count(*) FROM person") == 8
    assert writer.changes.ids["person"] >= set(ids)


def test_create_many_of_nothing_writes_nothing(blank_store: Store) -> None:
    with blank_store.write(None) as writer:
        assert writer.create_many(Person, []) == []
    assert log(blank_store) == []


def test_create_many_refuses_unknown_and_missing_fields(blank_store: Store) -> None:
    with pytest.raises(ValueError, match="unknown fields"), blank_store.write(None) as writer:
        writer.create_many(Person, [{"name": "A"}, {"name": "B", "age": 3}])
    with pytest.raises(ValueError, match="needs 'name'"), blank_store.write(None) as writer:
        writer.create_many(Person, [{"name": "A"}, {"title": "t"}])
    assert log(blank_store) == []
    assert blank_store.scalar("SELECT count(*) FROM person") == 0


# Undo data ----------------------------------------------------------------------------------------


def undo(store: Store, inverses: list[Inverse], actor: str | None = None) -> list[Inverse]:
    with store.write(actor) as writer:
        for inverse in reversed(inverses):
            writer.apply_inverse(inverse)
        return list(writer.inverses)


def test_inverses_restore_the_previous_values_as_a_new_logged_change(world: World) -> None:
    store = world.store
    before = row(store, "meeting", world.meeting_id)
    with store.write(world.secretary.person_id) as writer:
        writer.update(Meeting, world.meeting_id, {"location": "Hengelo", "title": "Gewijzigd"})
        writer.update(Meeting, world.meeting_id, {"location": "Almelo"})
        inverses = list(writer.inverses)
    assert [i.op for i in inverses] == [Op.SET, Op.SET]
    assert inverses[0].fields == {"location": before["location"], "title": before["title"]}
    entries_before_undo = store.scalar("SELECT count(*) FROM change_log")
    redo = undo(store, inverses, world.chair.person_id)
    after = row(store, "meeting", world.meeting_id)
    assert after == before
    undo_entries = store.query(
        "SELECT op, actor_id, fields FROM change_log WHERE seq > ? ORDER BY seq",
        (entries_before_undo,),
    )
    assert [(r["op"], r["actor_id"]) for r in undo_entries] == [
        ("set", world.chair.person_id),
        ("set", world.chair.person_id),
    ]
    # The undo has inverses of its own: redo.
    undo(store, redo)
    assert row(store, "meeting", world.meeting_id)["location"] == "Almelo"
    assert row(store, "meeting", world.meeting_id)["title"] == "Gewijzigd"


def test_inverse_of_a_create_is_a_delete_and_of_a_delete_a_restore(blank_store: Store) -> None:
    with blank_store.write(None) as writer:
        person = writer.create(Person, {"name": "A"})
        created = list(writer.inverses)
    assert created == [Inverse(Op.DELETE, "person", person, {})]
    undo(blank_store, created)
    assert row(blank_store, "person", person)["deleted"] == 1
    with blank_store.write(None) as writer:
        writer.restore(Person, person)
    with blank_store.write(None) as writer:
        writer.delete(Person, person)
        deleted = list(writer.inverses)
    undo(blank_store, deleted)
    assert row(blank_store, "person", person)["deleted"] == 0


def test_bulk_creates_can_be_undone_too(world: World) -> None:
    """create_many is how commands add agenda items, positions, attendance...: its rows must be
    undoable like single creates (writer.inverses holds the inverse of *each* change)."""
    store = world.store
    with store.write(None) as writer:
        ids = writer.create_many(
            AgendaItem,
            [
                {"meeting_id": world.meeting_id, "ordinal": 10.0 + n, "title": f"Bulk {n}"}
                for n in range(3)
            ],
        )
        inverses = list(writer.inverses)
    assert [(i.op, i.entity_ids) for i in inverses] == [(Op.DELETE, tuple(ids))]
    undo(store, inverses)
    assert [row(store, "agenda_item", each)["deleted"] for each in ids] == [1, 1, 1]


def test_a_failed_nested_command_leaves_no_undo_data(blank_store: Store) -> None:
    with blank_store.write(None) as outer:
        kept = outer.create(Person, {"name": "Blijft"})
        with pytest.raises(RuntimeError), blank_store.write(None) as inner:  # noqa: PT012
            inner.create(Person, {"name": "Weg"})
            raise RuntimeError
        inverses = list(outer.inverses)
        changed = {table: set(ids) for table, ids in outer.changes.ids.items() if ids}
    assert [i.entity_id for i in inverses] == [kept]
    assert changed == {"person": {kept}}
    logged = [row[0] for row in blank_store.conn.execute("SELECT entity_id FROM change_log")]
    assert logged == [kept]


# Bulk updates and bulk inserts ------------------------------------------------------------------


def test_update_many_logs_what_update_would_log_for_each_row(
    blank_store_factory: Callable[[], Store],
) -> None:
    """update_many (one read of the rows and of their history) writes the same entries, rows and
    undo data as update called row by row."""
    results = []
    for bulk in (False, True):
        store = blank_store_factory()
        with store.write(None) as writer:
            people = [
                writer.create(Person, {"name": f"P{n}", "title": "t0"}, f"p{n}") for n in (1, 2, 3)
            ]
        with store.write(None) as writer:
            writer.update(Person, "p2", {"title": "t1"})
        updates = [
            ("p1", {"title": "t2", "name": "P1"}),  # the name is unchanged: not logged
            ("p2", {"title": "t2", "email": "p2@example.org"}),
            ("p3", {"name": "P3"}),  # nothing changes
        ]
        with store.write(None) as writer:
            if bulk:
                changed = writer.update_many(Person, updates)
            else:
                changed = sum(writer.update(Person, each, values) for each, values in updates)
            inverses = [(i.op, i.entity_id, i.fields) for i in writer.inverses]
        clocks = {  # a seen clock as the sequence number of the entry that set it
            Hlc.unpack(hlc, store.device_id).encode(): seq
            for seq, hlc in store.conn.execute("SELECT seq, hlc FROM change_log")
        }
        entries = [
            (seq, entity_id, op, fields, seen and {k: clocks[v] for k, v in seen.items()})
            for seq, _entity, entity_id, op, fields, seen in log(store)
        ]
        rows = [row(store, "person", each) for each in people]
        results.append((changed, inverses, entries, rows))
    assert results[0] == results[1]
    changed, inverses, entries, _rows = results[1]
    assert changed == 2
    assert [(op, each) for op, each, _fields in inverses] == [(Op.SET, "p1"), (Op.SET, "p2")]
    assert entries[-1][3] == {"title": "t2", "email": "p2@example.org"}
    assert entries[-1][4] == {"title": 4, "email": 2}  # the entry each field's value came from


def test_update_many_takes_a_row_set_twice_in_order(blank_store: Store) -> None:
    with blank_store.write(None) as writer:
        writer.create(Person, {"name": "A", "title": "t0"}, "a")
    with blank_store.write(None) as writer:
        changed = writer.update_many(Person, [("a", {"title": "t1"}), ("a", {"title": "t2"})])
        inverses = [i.fields for i in writer.inverses]
    assert changed == 2
    assert inverses == [{"title": "t0"}, {"title": "t1"}]
    assert row(blank_store, "person", "a")["title"] == "t2"
    first_set = blank_store.scalar("SELECT hlc FROM change_log WHERE seq = 2")
    assert log(blank_store)[-1][5] == {
        "title": Hlc.unpack(first_set, blank_store.device_id).encode()
    }


def test_update_many_of_a_missing_row_changes_nothing(blank_store: Store) -> None:
    with blank_store.write(None) as writer:
        writer.create(Person, {"name": "A"}, "a")
    with pytest.raises(KeyError), blank_store.write(None) as writer:
        writer.update_many(Person, [("a", {"name": "B"}), ("nobody", {"name": "C"})])
    assert row(blank_store, "person", "a")["name"] == "A"
    assert len(log(blank_store)) == 1


def test_many_rows_of_a_table_with_triggers_keep_the_search_index_in_step(world: World) -> None:
    """Rows of a table with full-text triggers go in as statements of many rows, in chunks: every
    row arrives, in order, and the index holds each of them."""
    store = world.store
    count = 450  # more than one statement's worth
    with store.write(None) as writer:
        ids = writer.create_many(
            AgendaItem,
            [
                {
                    "meeting_id": world.meeting_id,
                    "ordinal": 100.0 + n,
                    "title": f"Fietsroute {n}",
                    "proposal": f"Voorstel nummer {n}",
                    "kind": ItemKind.DISCUSSION,  # a value that needs encoding
                }
                for n in range(count)
            ],
        )
    stored = store.query(
        "SELECT id, title, kind FROM agenda_item WHERE title LIKE 'Fietsroute %' ORDER BY rowid"
    )
    assert [r["id"] for r in stored] == ids
    assert [r["title"] for r in stored] == [f"Fietsroute {n}" for n in range(count)]
    assert {r["kind"] for r in stored} == {"discussion"}
    assert search_index_problems(store) == []
    found = store.scalar("SELECT count(*) FROM search_index WHERE search_index MATCH 'fietsroute'")
    assert found == count
