"""A small Twente-dag in the world's store: 2 rounds and a plenary, 3 rooms, 3 sessions (A runs
in both rounds), 3 factions of 2 members each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from regiodesk.commands import region_day as commands
from regiodesk.commands.region_day import SessionSpec
from regiodesk.model.region_day import SlotKind
from regiodesk.permissions import SYSTEM
from regiodesk.store import Store
from regiodesk.timeutil import AMSTERDAM

DAY = date(2031, 3, 15)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=AMSTERDAM)


@dataclass
class SmallDay:
    store: Store
    id: str
    rounds: list[str]
    plenary: str
    sessions: dict[str, str]  # code -> id
    factions: dict[str, str]  # "CDA Enschede" -> id
    members: dict[str, str]  # name -> id
    pfo_id: str


@pytest.fixture
def small_day(world: object) -> SmallDay:
    store: Store = world.store  # type: ignore[attr-defined]
    pfo_id: str = world.pfo_id  # type: ignore[attr-defined]
    chair = world.chair.person_id  # type: ignore[attr-defined]
    region_id = str(store.scalar("SELECT id FROM region"))
    municipality = world.municipality  # type: ignore[attr-defined]
    day_id = commands.create_region_day(
        store, SYSTEM, region_id, "Twente-dag 2031", DAY, "Hengelo", municipality_cap_pct=100
    )
    big = commands.add_room(store, SYSTEM, day_id, "Theaterzaal", 300)
    rooms = [commands.add_room(store, SYSTEM, day_id, f"Zaal {n}", 4) for n in (1, 2, 3)]
    plenary = commands.add_slot(
        store, SYSTEM, day_id, SlotKind.PLENARY, "Opening", at(9), at(10), big
    )
    rounds = [
        commands.add_slot(store, SYSTEM, day_id, SlotKind.ROUND, "Ronde 1", at(10, 15), at(11)),
        commands.add_slot(store, SYSTEM, day_id, SlotKind.ROUND, "Ronde 2", at(11, 15), at(12)),
    ]
    sessions = {
        "A": commands.add_session(
            store,
            SYSTEM,
            day_id,
            SessionSpec(
                "A",
                "Bereikbaarheid",
                pfo_id=pfo_id,
                host_id=chair,
                room_id=rooms[0],
                round_ids=tuple(rounds),
            ),
        ),
        "B": commands.add_session(
            store,
            SYSTEM,
            day_id,
            SessionSpec("B", "Wonen", room_id=rooms[1], round_ids=(rounds[0],)),
        ),
        "C": commands.add_session(
            store,
            SYSTEM,
            day_id,
            SessionSpec("C", "Energie", room_id=rooms[2], round_ids=(rounds[1],)),
        ),
    }
    factions = {}
    members = {}
    for party, place in (("CDA", "Enschede"), ("VVD", "Almelo"), ("D66", "Hengelo")):
        faction = commands.add_faction(store, SYSTEM, day_id, municipality[place], party, 5)
        factions[f"{party} {place}"] = faction
        for n in (1, 2):
            name = f"{party} {place} {n}"
            members[name] = commands.add_member(store, SYSTEM, faction, name)
    return SmallDay(store, day_id, rounds, plenary, sessions, factions, members, pfo_id)
