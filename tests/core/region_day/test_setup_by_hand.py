"""Setting up the Twente-dag by hand: removing rooms and sessions, changing and removing factions,
renaming members; the preferences of one member or faction; what the setup dialogs choose from."""

from __future__ import annotations

from decimal import Decimal

import pytest

from regiodesk.commands import region_day as commands
from regiodesk.commands.initiatives import create_initiative
from regiodesk.commands.region_day import PreferenceSpec, SessionSpec
from regiodesk.errors import Conflict, InvalidInput, NotFound, NotPermitted
from regiodesk.model.enums import CostKey
from regiodesk.model.region_day import PreferenceKind, YieldKind
from regiodesk.permissions import SYSTEM, Actor
from regiodesk.queries import region_day as queries

from .conftest import SmallDay


def live(small_day: SmallDay, table: str, column: str, value: str) -> int:
    return int(
        small_day.store.scalar(
            f"SELECT count(*) FROM {table} WHERE {column} = ? AND deleted = 0", (value,)
        )
    )


def test_a_room_in_use_stays_and_a_free_room_goes(small_day: SmallDay) -> None:
    store = small_day.store
    day = queries.overview(store, small_day.id)
    used = next(room for room in day.rooms if room.name == "Zaal 1")
    with pytest.raises(InvalidInput, match="A still uses the room"):
        commands.remove_room(store, SYSTEM, used.id)
    theatre = next(room for room in day.rooms if room.name == "Theaterzaal")
    with pytest.raises(InvalidInput, match="Opening still uses"):
        commands.remove_room(store, SYSTEM, theatre.id)
    spare = commands.add_room(store, SYSTEM, small_day.id, "Kelder", 10)
    commands.remove_room(store, SYSTEM, spare)
    assert "Kelder" not in [room.name for room in queries.overview(store, small_day.id).rooms]
    with pytest.raises(NotFound):
        commands.remove_room(store, SYSTEM, spare)


def test_removing_a_session_takes_its_rounds_preferences_and_assignments(
    small_day: SmallDay,
) -> None:
    store = small_day.store
    session = small_day.sessions["B"]
    member = small_day.members["CDA Enschede 1"]
    commands.set_preferences(
        store,
        SYSTEM,
        [
            PreferenceSpec(session, PreferenceKind.WANT),
            PreferenceSpec(small_day.sessions["C"], PreferenceKind.RANKED, 1),
        ],
        member_id=member,
    )
    commands.set_assignment(store, SYSTEM, member, small_day.rounds[0], session)
    commands.remove_session(store, SYSTEM, session)
    for table in ("region_day_session_round", "region_day_preference", "region_day_assignment"):
        assert live(small_day, table, "session_id", session) == 0
    assert [s.code for s in queries.overview(store, small_day.id).sessions] == ["A", "C"]
    assert queries.preferences_of(store, member_id=member) == {
        small_day.sessions["C"]: (PreferenceKind.RANKED, 1)
    }
    # The code is free again.
    assert commands.add_session(store, SYSTEM, small_day.id, SessionSpec("B", "Wonen opnieuw"))


def test_a_session_that_yielded_something_is_not_removed(small_day: SmallDay) -> None:
    store = small_day.store
    session = small_day.sessions["A"]
    yield_id = commands.record_yield(store, SYSTEM, session, YieldKind.QUESTION, "Wanneer?")
    with pytest.raises(InvalidInput, match="recorded yields"):
        commands.remove_session(store, SYSTEM, session)
    commands.remove_yield(store, SYSTEM, yield_id)
    commands.remove_session(store, SYSTEM, session)
    assert live(small_day, "region_day_session", "id", session) == 0


def test_a_faction_is_changed_and_its_party_stays_unique(small_day: SmallDay) -> None:
    store = small_day.store
    faction = small_day.factions["CDA Enschede"]
    assert commands.update_faction(store, SYSTEM, faction, "CDA Enschede-Lonneker", 7)
    changed = queries.find_faction(store, small_day.id, faction)
    assert (changed.party, changed.seats) == ("CDA Enschede-Lonneker", 7)
    assert not commands.update_faction(store, SYSTEM, faction, "CDA Enschede-Lonneker", 7)
    with pytest.raises(InvalidInput, match="seats"):
        commands.update_faction(store, SYSTEM, faction, "CDA", 101)
    other = commands.add_faction(store, SYSTEM, small_day.id, changed.municipality_id, "PvdA", 3)
    with pytest.raises(Conflict, match="The faction pvda already exists"):
        commands.update_faction(store, SYSTEM, faction, "pvda", 3)
    assert other


def test_removing_a_faction_takes_its_members_and_their_preferences(small_day: SmallDay) -> None:
    store = small_day.store
    faction = small_day.factions["VVD Almelo"]
    member = small_day.members["VVD Almelo 1"]
    commands.set_preferences(
        store,
        SYSTEM,
        [PreferenceSpec(small_day.sessions["A"], PreferenceKind.MUST)],
        faction_id=faction,
    )
    commands.set_preferences(
        store,
        SYSTEM,
        [PreferenceSpec(small_day.sessions["B"], PreferenceKind.NOT)],
        member_id=member,
    )
    commands.set_assignment(store, SYSTEM, member, small_day.rounds[0], small_day.sessions["A"])
    commands.remove_faction(store, SYSTEM, faction)
    assert live(small_day, "region_day_member", "faction_id", faction) == 0
    assert live(small_day, "region_day_preference", "faction_id", faction) == 0
    assert live(small_day, "region_day_preference", "member_id", member) == 0
    assert live(small_day, "region_day_assignment", "member_id", member) == 0
    assert "VVD Almelo" not in [f.name for f in queries.factions(store, small_day.id)]
    assert queries.overview(store, small_day.id).members == 4


def test_a_member_is_renamed_but_not_to_a_name_the_faction_has(small_day: SmallDay) -> None:
    store = small_day.store
    member = small_day.members["D66 Hengelo 1"]
    assert commands.rename_member(store, SYSTEM, member, "  Anne de Vries ")
    assert queries.find_member(store, small_day.id, member).name == "Anne de Vries"
    with pytest.raises(Conflict):
        commands.rename_member(store, SYSTEM, member, "d66 hengelo 2")
    with pytest.raises(InvalidInput, match="required"):
        commands.rename_member(store, SYSTEM, member, " ")


def test_only_the_secretariat_changes_the_setup(small_day: SmallDay, world: object) -> None:
    outsider: Actor = world.outsider  # type: ignore[attr-defined]
    store = small_day.store
    for attempt in (
        lambda: commands.remove_session(store, outsider, small_day.sessions["C"]),
        lambda: commands.update_faction(store, outsider, small_day.factions["D66 Hengelo"], "X", 1),
        lambda: commands.remove_faction(store, outsider, small_day.factions["D66 Hengelo"]),
        lambda: commands.rename_member(store, outsider, small_day.members["D66 Hengelo 1"], "X"),
    ):
        with pytest.raises(NotPermitted):
            attempt()


def test_preferences_of_a_faction_and_the_setup_choices(small_day: SmallDay, world: object) -> None:
    store = small_day.store
    faction = small_day.factions["D66 Hengelo"]
    assert queries.preferences_of(store, faction_id=faction) == {}
    commands.set_preferences(
        store,
        SYSTEM,
        [
            PreferenceSpec(small_day.sessions["A"], PreferenceKind.MUST),
            PreferenceSpec(small_day.sessions["C"], PreferenceKind.RANKED, 2),
        ],
        faction_id=faction,
    )
    assert queries.preferences_of(store, faction_id=faction) == {
        small_day.sessions["A"]: (PreferenceKind.MUST, None),
        small_day.sessions["C"]: (PreferenceKind.RANKED, 2),
    }
    with pytest.raises(ValueError, match="a member or a faction"):
        queries.preferences_of(store)
    choices = queries.setup_choices(store, small_day.id)
    assert small_day.pfo_id in [c.id for c in choices.pfos]
    chair: Actor = world.chair  # type: ignore[attr-defined]
    assert chair.person_id in [c.id for c in choices.hosts]
    assert {"Enschede", "Almelo", "Hengelo"} <= {c.name for c in choices.municipalities}


def test_a_removed_member_takes_their_preferences(small_day: SmallDay) -> None:
    store = small_day.store
    member = small_day.members["CDA Enschede 2"]
    commands.set_preferences(
        store,
        SYSTEM,
        [PreferenceSpec(small_day.sessions["A"], PreferenceKind.WANT)],
        member_id=member,
    )
    commands.remove_member(store, SYSTEM, member)
    assert live(small_day, "region_day_preference", "member_id", member) == 0


def test_a_session_shows_the_initiative_it_comes_from(small_day: SmallDay) -> None:
    store = small_day.store
    initiative = create_initiative(
        store,
        SYSTEM,
        "Samen sterk",
        budget_per_year=Decimal(1000),
        start_year=2031,
        end_year=2032,
        pfo_id=small_day.pfo_id,
        cost_key=CostKey.EQUAL,
    )
    session = commands.add_session(
        store, SYSTEM, small_day.id, SessionSpec("D", "Samen", initiative_id=initiative)
    )
    shown = next(s for s in queries.overview(store, small_day.id).sessions if s.id == session)
    assert shown.initiative_id == initiative
