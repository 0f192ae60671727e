"""``check_store``: is the store whole, and does its change log explain every row?
(regiodesk/store/check.py)"""

from __future__ import annotations

from typing import TYPE_CHECKING

from regiodesk.store.check import check_store

if TYPE_CHECKING:
    from tests.core.conftest import World


def test_a_store_made_through_commands_is_whole(world: World) -> None:
    steps: list[str] = []
    report = check_store(world.store, steps.append)
    assert report.ok, report.problems
    assert report.entries == world.store.scalar("SELECT count(*) FROM change_log")
    assert steps == ["integrity", "foreign keys", "sequences", "search index", "rebuild"]


def test_a_row_changed_behind_the_logs_back_is_found(world: World) -> None:
    world.store.conn.execute(
        "UPDATE agenda_item SET title = 'Stiekem gewijzigd' WHERE id = ?", (world.decision_item,)
    )
    report = check_store(world.store)
    assert not report.ok
    assert any(world.decision_item in p and "differs" in p for p in report.problems)


def test_a_row_inserted_behind_the_logs_back_is_found(world: World) -> None:
    world.store.conn.execute(
        "INSERT INTO person (id, deleted, name, title) VALUES ('p-x', 0, 'X', '')"
    )
    report = check_store(world.store)
    assert any("p-x" in p and "missing in the log" in p for p in report.problems)


def test_a_lost_entry_is_a_gap_and_a_difference(world: World) -> None:
    seq, entity = world.store.conn.execute(
        "SELECT seq, entity_id FROM change_log WHERE entity = 'meeting' AND op = 'create'"
    ).fetchone()
    world.store.conn.execute("DELETE FROM change_log WHERE seq = ?", (seq,))
    report = check_store(world.store)
    assert any("gap" in p for p in report.problems)
    assert any(entity in p and "missing in the log" in p for p in report.problems)


def test_a_dangling_reference_is_found(world: World) -> None:
    conn = world.store.conn
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("UPDATE agenda_item SET meeting_id = 'vanished' WHERE id = ?", (world.info_item,))
    conn.execute("PRAGMA foreign_keys = ON")
    report = check_store(world.store)
    assert any(p.startswith("foreign key: agenda_item") for p in report.problems)


def test_many_differences_are_summarised(world: World) -> None:
    world.store.conn.execute("UPDATE municipality SET name = name || ' (gewijzigd)'")
    world.store.conn.execute("UPDATE population_figure SET source = 'onbekend'")
    report = check_store(world.store)
    assert len(report.problems) == 21
    assert report.problems[-1] == "change log: 8 more differences"
