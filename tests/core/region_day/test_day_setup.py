"""Setting up the day itself: creating and changing it (a new date moves the slots with it), and
its time slots: rounds and plenary blocks within the day, never overlapping, a round in use kept,
rounds named by their number numbered again."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from regiodesk.commands import region_day as commands
from regiodesk.errors import Conflict, InvalidInput, NotFound, NotPermitted
from regiodesk.model.enums import SlotKind
from regiodesk.permissions import SYSTEM, Actor
from regiodesk.queries import region_day as queries
from regiodesk.store import Store
from regiodesk.timeutil import AMSTERDAM

from .conftest import DAY, SmallDay, at


def titles(store: Store, day_id: str) -> list[tuple[str, str, str]]:
    """(kind, title, "HH:MM-HH:MM") of each slot, in the day's order."""
    return [
        (
            slot.kind.value,
            slot.title,
            f"{slot.starts_at.astimezone(AMSTERDAM):%H:%M}-{slot.ends_at.astimezone(AMSTERDAM):%H:%M}",
        )
        for slot in queries.overview(store, day_id).slots
    ]


def region_of(store: Store) -> str:
    return str(store.scalar("SELECT id FROM region"))


def test_a_day_is_created_and_changed(world: object) -> None:
    store: Store = world.store  # type: ignore[attr-defined]
    secretary: Actor = world.secretary  # type: ignore[attr-defined]
    day_id = commands.create_region_day(
        store, secretary, region_of(store), "  Twente-dag 2032 ", date(2032, 4, 2), " Almelo "
    )
    day = queries.overview(store, day_id)
    assert (day.title, day.held_on, day.venue, day.slots) == (
        "Twente-dag 2032",
        date(2032, 4, 2),
        "Almelo",
        [],
    )
    assert queries.find_day(store).id == day_id
    assert commands.update_region_day(store, secretary, day_id, title="Regiodag", venue="Oldenzaal")
    assert not commands.update_region_day(store, secretary, day_id, title="Regiodag")
    day = queries.overview(store, day_id)
    assert (day.title, day.venue) == ("Regiodag", "Oldenzaal")


def test_a_day_is_refused_without_a_title_on_a_taken_date_or_to_an_outsider(
    small_day: SmallDay, world: object
) -> None:
    store = small_day.store
    outsider: Actor = world.outsider  # type: ignore[attr-defined]
    region = region_of(store)
    with pytest.raises(InvalidInput, match="title: this field is required"):
        commands.create_region_day(store, SYSTEM, region, " ", date(2032, 1, 1))
    with pytest.raises(Conflict, match="A Twente-dag on 15 March 2031 already exists"):
        commands.create_region_day(store, SYSTEM, region, "Nog een dag", DAY)
    other = commands.create_region_day(store, SYSTEM, region, "Nog een dag", date(2032, 1, 1))
    with pytest.raises(Conflict, match="A Twente-dag on"):
        commands.update_region_day(store, SYSTEM, other, held_on=DAY)
    with pytest.raises(InvalidInput, match="required"):
        commands.update_region_day(store, SYSTEM, other, title="")
    with pytest.raises(NotPermitted):
        commands.create_region_day(store, outsider, region, "Stiekem", date(2033, 1, 1))
    with pytest.raises(NotPermitted):
        commands.update_region_day(store, outsider, small_day.id, title="Stiekem")
    with pytest.raises(NotFound):
        commands.update_region_day(store, SYSTEM, "no-such-day", title="X")
    with pytest.raises(NotFound):
        commands.create_region_day(store, SYSTEM, "no-such-region", "X", date(2033, 1, 1))


def test_a_new_date_moves_the_slots_with_it(small_day: SmallDay) -> None:
    store = small_day.store
    before = titles(store, small_day.id)
    later = DAY + timedelta(days=200)  # across the change to winter time
    assert commands.update_region_day(store, SYSTEM, small_day.id, held_on=later)
    day = queries.overview(store, small_day.id)
    assert day.held_on == later
    assert titles(store, small_day.id) == before
    assert {slot.starts_at.astimezone(AMSTERDAM).date() for slot in day.slots} == {later}


def test_slots_are_added_in_order_and_rounds_without_a_title_are_numbered(world: object) -> None:
    store: Store = world.store  # type: ignore[attr-defined]
    day_id = commands.create_region_day(store, SYSTEM, region_of(store), "Dag", DAY)
    commands.add_slot(store, SYSTEM, day_id, SlotKind.ROUND, "", at(13), at(14))
    commands.add_slot(store, SYSTEM, day_id, SlotKind.ROUND, "", at(10), at(11))
    commands.add_slot(store, SYSTEM, day_id, SlotKind.PLENARY, "", at(9), at(10))
    commands.add_slot(store, SYSTEM, day_id, SlotKind.ROUND, "Lunchronde", at(12), at(13))
    commands.add_slot(store, SYSTEM, day_id, SlotKind.ROUND, "", at(11), at(12))
    assert titles(store, day_id) == [
        ("plenary", "Plenary", "09:00-10:00"),
        ("round", "Round 1", "10:00-11:00"),
        ("round", "Round 2", "11:00-12:00"),
        ("round", "Lunchronde", "12:00-13:00"),
        ("round", "Round 4", "13:00-14:00"),
    ]


def test_a_slot_is_changed_and_the_rounds_numbered_again(world: object) -> None:
    store: Store = world.store  # type: ignore[attr-defined]
    day_id = commands.create_region_day(store, SYSTEM, region_of(store), "Dag", DAY)
    room = commands.add_room(store, SYSTEM, day_id, "Theaterzaal", 300)
    first = commands.add_slot(store, SYSTEM, day_id, SlotKind.ROUND, "", at(10), at(11))
    commands.add_slot(store, SYSTEM, day_id, SlotKind.ROUND, "", at(11), at(12))
    # The first round moves to the afternoon: it becomes round 2.
    assert commands.update_slot(store, SYSTEM, first, SlotKind.ROUND, "Round 1", at(14), at(15))
    assert titles(store, day_id) == [
        ("round", "Round 1", "11:00-12:00"),
        ("round", "Round 2", "14:00-15:00"),
    ]
    # An unused round becomes the closing plenary block, in the big room.
    assert commands.update_slot(
        store, SYSTEM, first, SlotKind.PLENARY, "Afsluiting", at(14), at(15, 30), room
    )
    day = queries.overview(store, day_id)
    closing = next(slot for slot in day.slots if slot.id == first)
    assert (closing.kind, closing.title, closing.room_id, closing.room_name) == (
        SlotKind.PLENARY,
        "Afsluiting",
        room,
        "Theaterzaal",
    )
    assert not commands.update_slot(
        store, SYSTEM, first, SlotKind.PLENARY, "Afsluiting", at(14), at(15, 30), room
    )


def test_slots_outside_the_day_reversed_or_overlapping_are_refused(small_day: SmallDay) -> None:
    store = small_day.store
    day_id = small_day.id
    next_day = at(10) + timedelta(days=1)
    refusals = [
        ((at(11), at(10)), "the end must be after the start"),
        ((at(10), at(10)), "the end must be after the start"),
        ((next_day, next_day + timedelta(hours=1)), "lies within the day itself"),
        ((at(23), at(23) + timedelta(hours=2)), "end: a time slot lies within the day"),
        ((at(9, 30), at(10, 30)), r"overlaps Opening \(09:00–10:00\)"),
        ((at(11, 30), at(13)), r"overlaps Ronde 2 \(11:15–12:00\)"),
        ((at(8), at(13)), "overlaps Opening"),
    ]
    for (starts_at, ends_at), reason in refusals:
        with pytest.raises(InvalidInput, match=reason):
            commands.add_slot(store, SYSTEM, day_id, SlotKind.ROUND, "", starts_at, ends_at)
    # Touching is not overlapping.
    commands.add_slot(store, SYSTEM, day_id, SlotKind.ROUND, "Ronde 3", at(12), at(13))
    # Changing a slot compares it with the others, not with itself.
    commands.update_slot(store, SYSTEM, small_day.rounds[0], SlotKind.ROUND, "", at(10), at(11))
    with pytest.raises(InvalidInput, match="overlaps Ronde 2"):
        commands.update_slot(
            store, SYSTEM, small_day.rounds[0], SlotKind.ROUND, "", at(10), at(11, 30)
        )
    with pytest.raises(ValueError, match="time zone"):
        commands.add_slot(
            store, SYSTEM, day_id, SlotKind.ROUND, "", datetime(2031, 3, 15, 14), at(15)
        )
    assert len(queries.overview(store, day_id).slots) == 4


def test_a_round_has_no_room_and_a_plenary_room_is_of_the_day(
    small_day: SmallDay, world: object
) -> None:
    store = small_day.store
    room = queries.overview(store, small_day.id).rooms[0].id
    with pytest.raises(InvalidInput, match="a round has no room of its own"):
        commands.add_slot(store, SYSTEM, small_day.id, SlotKind.ROUND, "", at(14), at(15), room)
    other_day = commands.create_region_day(
        store, SYSTEM, region_of(store), "Andere dag", date(2031, 9, 1)
    )
    elsewhere, hour = datetime(2031, 9, 1, 9, tzinfo=AMSTERDAM), timedelta(hours=1)
    with pytest.raises(InvalidInput, match="the room belongs to another day"):
        commands.add_slot(
            store, SYSTEM, other_day, SlotKind.PLENARY, "", elsewhere, elsewhere + hour, room
        )
    outsider: Actor = world.outsider  # type: ignore[attr-defined]
    for attempt in (
        lambda: commands.add_slot(
            store, outsider, small_day.id, SlotKind.ROUND, "", at(14), at(15)
        ),
        lambda: commands.update_slot(
            store, outsider, small_day.plenary, SlotKind.PLENARY, "X", at(9), at(10)
        ),
        lambda: commands.remove_slot(store, outsider, small_day.plenary),
    ):
        with pytest.raises(NotPermitted):
            attempt()


def test_a_round_in_use_is_kept_and_says_by_what(small_day: SmallDay) -> None:
    store = small_day.store
    first, second = small_day.rounds
    with pytest.raises(InvalidInput, match=r"round: Ronde 1 is in use \(sessions A, B run in it\)"):
        commands.remove_slot(store, SYSTEM, first)
    commands.remove_session(store, SYSTEM, small_day.sessions["C"])
    with pytest.raises(InvalidInput, match=r"Ronde 2 is in use \(session A runs in it\)"):
        commands.remove_slot(store, SYSTEM, second)
    member = small_day.members["CDA Enschede 1"]
    commands.set_assignment(store, SYSTEM, member, second, small_day.sessions["A"])
    # Nor may a round in use become a plenary block.
    with pytest.raises(InvalidInput, match="in use"):
        commands.update_slot(store, SYSTEM, second, SlotKind.PLENARY, "Plenair", at(11, 15), at(12))
    # A leaves round 2, but a member is still assigned to it.
    commands.update_session(
        store,
        SYSTEM,
        small_day.sessions["A"],
        commands.SessionSpec("A", "Bereikbaarheid", round_ids=(first,)),
    )
    with pytest.raises(InvalidInput) as refused:
        commands.remove_slot(store, SYSTEM, second)
    assert "(1 member is assigned to it)" in str(refused.value)
    assert len(queries.overview(store, small_day.id).rounds) == 2


def test_a_free_round_and_a_plenary_block_are_removed_and_rounds_renumbered(
    world: object,
) -> None:
    store: Store = world.store  # type: ignore[attr-defined]
    day_id = commands.create_region_day(store, SYSTEM, region_of(store), "Dag", DAY)
    opening = commands.add_slot(store, SYSTEM, day_id, SlotKind.PLENARY, "Opening", at(9), at(10))
    rounds = [
        commands.add_slot(store, SYSTEM, day_id, SlotKind.ROUND, "", at(h), at(h + 1))
        for h in (10, 11, 12)
    ]
    commands.remove_slot(store, SYSTEM, rounds[0])
    commands.remove_slot(store, SYSTEM, opening)
    assert titles(store, day_id) == [
        ("round", "Round 1", "11:00-12:00"),
        ("round", "Round 2", "12:00-13:00"),
    ]
    with pytest.raises(NotFound):
        commands.remove_slot(store, SYSTEM, rounds[0])
    # A removed slot frees its time.
    commands.add_slot(store, SYSTEM, day_id, SlotKind.ROUND, "", at(10), at(11))
    assert [title for _kind, title, _time in titles(store, day_id)] == [
        "Round 1",
        "Round 2",
        "Round 3",
    ]
