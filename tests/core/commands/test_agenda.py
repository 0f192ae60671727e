"""Agenda items: add, edit, reorder, remove (regiodesk/commands/agenda.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiodesk import errors
from regiodesk.commands.agenda import (
    ItemSpec,
    add_agenda_item,
    add_agenda_items,
    move_agenda_item,
    remove_agenda_item,
    update_agenda_item,
)
from regiodesk.model.enums import ItemKind
from regiodesk.permissions import SYSTEM
from regiodesk.store import Store

if TYPE_CHECKING:
    from tests.core.conftest import World


def order(store: Store, meeting_id: str) -> list[str]:
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT id FROM agenda_item WHERE meeting_id = ? AND deleted = 0 ORDER BY ordinal",
            (meeting_id,),
        )
    ]


def ordinals(store: Store, meeting_id: str) -> dict[str, float]:
    return dict(
        store.conn.execute(
            "SELECT id, ordinal FROM agenda_item WHERE meeting_id = ? AND deleted = 0",
            (meeting_id,),
        )
    )


def test_items_are_appended_in_order(world: World) -> None:
    s = world.store
    made = add_agenda_items(
        s,
        world.secretary,
        world.meeting_id,
        [
            ItemSpec("  Rondvraag  ", ItemKind.INFORMATION, planned_minutes=5),
            ItemSpec("Sluiting", ItemKind.INFORMATION, planned_minutes=0),
        ],
    )
    assert order(s, world.meeting_id) == [
        world.info_item,
        world.decision_item,
        world.decision_item_2,
        world.discussion_item,
        *made,
    ]
    assert s.scalar("SELECT title FROM agenda_item WHERE id = ?", (made[0],)) == "Rondvraag"


def test_an_item_needs_a_title_and_sensible_minutes(world: World) -> None:
    before = world.store.scalar("SELECT count(*) FROM change_log")
    with pytest.raises(errors.InvalidInput):
        add_agenda_item(world.store, world.secretary, world.meeting_id, ItemSpec("   "))
    with pytest.raises(errors.InvalidInput):
        add_agenda_item(
            world.store, world.secretary, world.meeting_id, ItemSpec("Te lang", planned_minutes=601)
        )
    with pytest.raises(errors.InvalidInput):
        update_agenda_item(world.store, world.secretary, world.decision_item, title="")
    with pytest.raises(ValueError, match="not editable"):
        update_agenda_item(world.store, world.secretary, world.decision_item, meeting_id="x")
    assert world.store.scalar("SELECT count(*) FROM change_log") == before


def test_only_editors_change_the_agenda(world: World) -> None:
    with pytest.raises(errors.NotPermitted):
        add_agenda_item(world.store, world.member, world.meeting_id, ItemSpec("Van een lid"))
    with pytest.raises(errors.NotPermitted):
        move_agenda_item(world.store, world.member, world.decision_item, 0)
    with pytest.raises(errors.NotPermitted):
        remove_agenda_item(world.store, world.outsider, world.decision_item)
    assert update_agenda_item(world.store, world.chair, world.decision_item, kind="discussion")
    assert (
        world.store.scalar("SELECT kind FROM agenda_item WHERE id = ?", (world.decision_item,))
        == "discussion"
    )


def test_a_removed_item_leaves_the_agenda_as_a_tombstone(world: World) -> None:
    remove_agenda_item(world.store, world.secretary, world.discussion_item)
    assert world.discussion_item not in order(world.store, world.meeting_id)
    assert (
        world.store.scalar("SELECT deleted FROM agenda_item WHERE id = ?", (world.discussion_item,))
        == 1
    )
    with pytest.raises(errors.NotFound):
        update_agenda_item(world.store, world.secretary, world.discussion_item, title="Weg")


@pytest.mark.parametrize("target", [0, 1, 2, 3, 99, -5])
def test_a_move_changes_only_the_moved_item(world: World, target: int) -> None:
    s = world.store
    before = ordinals(s, world.meeting_id)
    expected = [i for i in order(s, world.meeting_id) if i != world.decision_item_2]
    expected.insert(max(0, min(target, len(expected))), world.decision_item_2)
    entries = s.scalar("SELECT count(*) FROM change_log")
    move_agenda_item(s, world.secretary, world.decision_item_2, target)
    after = ordinals(s, world.meeting_id)
    assert order(s, world.meeting_id) == expected
    assert {k: v for k, v in after.items() if k != world.decision_item_2} == {
        k: v for k, v in before.items() if k != world.decision_item_2
    }
    assert s.scalar("SELECT count(*) FROM change_log") - entries <= 1


def test_many_moves_into_the_same_gap(world: World) -> None:
    """Moving item after item between the first two halves that gap each time; after about 50
    halvings the floats meet, and the agenda is renumbered instead - in the right order."""
    s = world.store
    meeting_id, _ids = world.new_meeting(items=4)
    model = order(s, meeting_id)
    entries = s.scalar("SELECT count(*) FROM change_log")
    for _round in range(70):
        last = model[-1]
        move_agenda_item(s, SYSTEM, last, 1)
        model.remove(last)
        model.insert(1, last)
        assert order(s, meeting_id) == model
    values = list(ordinals(s, meeting_id).values())
    assert len(set(values)) == len(values)
    # Most moves wrote one entry; at least one exhausted the gap and renumbered several items.
    assert s.scalar("SELECT count(*) FROM change_log") - entries > 70


@settings(
    database=None,
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    size=st.integers(1, 6),
    moves=st.lists(st.tuples(st.integers(0, 5), st.integers(-1, 7)), max_size=40),
)
def test_any_sequence_of_moves_gives_the_expected_order(
    world: World, size: int, moves: list[tuple[int, int]]
) -> None:
    s = world.store
    meeting_id, _ids = world.new_meeting(items=size)
    model = order(s, meeting_id)
    for which, target in moves:
        item = model[which % size]
        move_agenda_item(s, SYSTEM, item, target)
        model.remove(item)
        model.insert(max(0, min(target, size - 1)), item)
    assert order(s, meeting_id) == model
    values = list(ordinals(s, meeting_id).values())
    assert len(set(values)) == len(values)
