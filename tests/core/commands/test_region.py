"""The region's own data: import, population figures, people, memberships, roles
(regiodesk/commands/region.py)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest

from regiodesk import errors
from regiodesk.commands.region import (
    add_membership,
    add_person,
    add_population_figure,
    assign_role,
    import_region,
)
from regiodesk.ids import stable_id
from regiodesk.model.enums import Role
from regiodesk.permissions import SYSTEM, Actor, is_admin, is_secretary
from regiodesk.region_file import builtin_region_path, load_region
from regiodesk.store import Store

if TYPE_CHECKING:
    from tests.core.conftest import World


def test_import_region_creates_the_region_from_its_file(
    blank_store: Store, assert_log_explains: object
) -> None:
    data = load_region(builtin_region_path())
    import_region(blank_store, data)
    s = blank_store
    assert s.scalar("SELECT name FROM region") == "Regio Twente"
    assert s.scalar("SELECT count(*) FROM municipality") == 14
    assert s.scalar("SELECT count(*) FROM population_figure") == 14
    assert s.scalar("SELECT count(*) FROM domain") == len(data.domains)
    assert s.scalar("SELECT count(*) FROM pfo") == 8
    enschede = stable_id("municipality", "GM0153")
    assert s.scalar("SELECT name FROM municipality WHERE id = ?", (enschede,)) == "Enschede"
    assert tuple(
        s.query(
            "SELECT population, reference_date, source FROM population_figure "
            "WHERE municipality_id = ?",
            (enschede,),
        )[0]
    ) == (161741, "2024-01-01", "CBS")
    quorum = dict(s.conn.execute("SELECT short_name, quorum_rule FROM pfo"))
    assert quorum["PFO VL"] == "majority_by_population"
    assert quorum["PFO MOB"] == "majority"
    assert_log_explains(s)  # type: ignore[operator]


def test_a_region_is_imported_once(world: World) -> None:
    with pytest.raises(errors.Conflict):
        import_region(world.store, load_region(builtin_region_path()))


def test_only_an_administrator_changes_the_region(world: World) -> None:
    with pytest.raises(errors.NotPermitted):
        add_person(world.store, world.secretary, "Nieuw")
    with pytest.raises(errors.NotPermitted):
        add_population_figure(world.store, world.member, world.m("Almelo"), date(2025, 1, 1), 1)
    admin = add_person(world.store, SYSTEM, "Regiosecretaris")
    assign_role(world.store, SYSTEM, admin, Role.ADMIN, date(2020, 1, 1))
    assert is_admin(world.store, Actor(admin))
    assert is_secretary(world.store, Actor(admin), world.pfo_id)  # an admin may do what they do
    add_person(world.store, Actor(admin), "Door de beheerder")


def test_a_role_in_the_future_or_past_gives_no_rights(world: World) -> None:
    later = add_person(world.store, SYSTEM, "Toekomstig")
    assign_role(world.store, SYSTEM, later, Role.SECRETARY, date(2999, 1, 1), world.pfo_id)
    former = add_person(world.store, SYSTEM, "Vroeger")
    assign_role(
        world.store,
        SYSTEM,
        former,
        Role.SECRETARY,
        date(2000, 1, 1),
        world.pfo_id,
        end=date(2001, 1, 1),
    )
    assert not is_secretary(world.store, Actor(later), world.pfo_id)
    assert not is_secretary(world.store, Actor(former), world.pfo_id)
    assert not is_secretary(world.store, world.secretary, world.other_pfo_id)


def test_a_new_population_figure_is_added_and_the_same_date_corrected(world: World) -> None:
    s, almelo = world.store, world.m("Almelo")
    new = add_population_figure(s, SYSTEM, almelo, date(2025, 1, 1), 74_900)
    assert new == stable_id("population", "GM0141", "2025-01-01")
    again = add_population_figure(
        s, SYSTEM, almelo, date(2025, 1, 1), 74_950, source="CBS StatLine"
    )
    assert again == new
    figures = [
        tuple(r)
        for r in s.conn.execute(
            "SELECT reference_date, population, source FROM population_figure "
            "WHERE municipality_id = ? ORDER BY reference_date",
            (almelo,),
        )
    ]
    assert figures == [("2024-01-01", 74355, "CBS"), ("2025-01-01", 74950, "CBS StatLine")]


@pytest.mark.parametrize("population", [0, -1, 10_000_001])
def test_a_population_must_be_plausible(world: World, population: int) -> None:
    with pytest.raises(errors.InvalidInput):
        add_population_figure(world.store, SYSTEM, world.m("Almelo"), date(2025, 1, 1), population)


def test_people_memberships_and_roles_are_checked(world: World) -> None:
    s = world.store
    with pytest.raises(errors.InvalidInput):
        add_person(s, SYSTEM, "   ")
    with pytest.raises(errors.InvalidInput):
        add_person(s, SYSTEM, "Zonder mail", email="geen-adres")
    with pytest.raises(errors.NotFound):
        add_person(s, SYSTEM, "Nergens", municipality_id="no-such-municipality")
    person = add_person(s, SYSTEM, "  Mirjam Kamphuis ", world.m("Losser"), "m@losser.nl")
    assert s.scalar("SELECT name FROM person WHERE id = ?", (person,)) == "Mirjam Kamphuis"
    with pytest.raises(errors.InvalidInput):
        add_membership(
            s,
            SYSTEM,
            world.pfo_id,
            person,
            world.m("Losser"),
            date(2026, 1, 1),
            end=date(2025, 1, 1),
        )
    with pytest.raises(errors.NotFound):
        add_membership(s, SYSTEM, "no-such-pfo", person, world.m("Losser"), date(2026, 1, 1))
    with pytest.raises(errors.NotFound):
        assign_role(s, SYSTEM, "nobody", Role.GUEST, date(2026, 1, 1))
