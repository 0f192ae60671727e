"""What initiatives cost each municipality (regiodesk/queries/initiatives.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from regiodesk import costs, model
from regiodesk.commands import region
from regiodesk.commands.initiatives import (
    create_initiative,
    participant_id,
    set_participants,
    update_initiative,
)
from regiodesk.i18n import set_language
from regiodesk.model.enums import CostKey
from regiodesk.permissions import SYSTEM
from regiodesk.queries.initiatives import (
    initiative_shares,
    matrix,
    matrix_csv,
    municipality_csv,
    population_at,
    region_initiatives,
)

if TYPE_CHECKING:
    from tests.core.conftest import World

D = Decimal
CBS_2024 = date(2024, 1, 1)
NINE = (
    "Almelo",
    "Borne",
    "Dinkelland",
    "Enschede",
    "Haaksbergen",
    "Hellendoorn",
    "Hengelo",
    "Hof van Twente",
    "Losser",
)


@pytest.fixture
def dutch() -> Iterator[None]:
    set_language("nl")
    yield
    set_language("en")


def region_id(world: World) -> str:
    return str(world.store.scalar("SELECT id FROM region"))


def new(
    world: World,
    title: str,
    budget: str,
    names: tuple[str, ...],
    key: CostKey = CostKey.PER_INHABITANT,
    years: tuple[int, int] = (2027, 2030),
    reasons: dict[str, str] | None = None,
) -> str:
    made = create_initiative(
        world.store,
        world.secretary,
        title,
        pfo_id=world.pfo_id,
        budget_per_year=D(budget),
        cost_key=key,
        reference_date=CBS_2024,
        start_year=years[0],
        end_year=years[1],
    )
    set_participants(
        world.store,
        world.secretary,
        made,
        [world.m(name) for name in names],
        reasons={world.m(name): why for name, why in (reasons or {}).items()},
    )
    return made


# Population figures ------------------------------------------------------------------------------


def test_the_population_at_or_latest_before_the_reference_date(world: World) -> None:
    wierden, borne = world.m("Wierden"), world.m("Borne")
    found = population_at(world.store, [wierden, borne], CBS_2024)
    assert (found[wierden].population, found[wierden].reference_date) == (24_637, date(2022, 1, 1))
    assert (found[borne].population, found[borne].reference_date) == (24_632, CBS_2024)
    region.add_population_figure(world.store, SYSTEM, borne, date(2025, 1, 1), 24_900)
    assert population_at(world.store, [borne], date(2024, 12, 31))[borne].population == 24_632
    assert population_at(world.store, [borne], date(2025, 1, 1))[borne].population == 24_900
    assert population_at(world.store, [borne], date(2030, 1, 1))[borne].population == 24_900
    assert population_at(world.store, [wierden, borne], date(2021, 12, 31)) == {}


# Shares ------------------------------------------------------------------------------------------


def test_nine_twente_municipalities_pay_twelve_fifty_per_inhabitant(world: World) -> None:
    # 489,969 inhabitants (CBS 2024) x EUR 12.50 = EUR 6,124,612.50; worked out by hand, each
    # share is the municipality's own population x EUR 12.50.
    made = new(
        world, "Agenda voor Twente", "6124612.50", NINE, reasons={"Wierden": "Eigen agenda."}
    )
    found = initiative_shares(world.store, made)
    assert found is not None
    assert found.problem is None
    assert {row.name: row.share for row in found.participants} == {
        "Almelo": D("929437.50"),
        "Borne": D("307900.00"),
        "Dinkelland": D("334262.50"),
        "Enschede": D("2021762.50"),
        "Haaksbergen": D("304500.00"),
        "Hellendoorn": D("453387.50"),
        "Hengelo": D("1038137.50"),
        "Hof van Twente": D("442975.00"),
        "Losser": D("292250.00"),
    }
    enschede = found.row(world.m("Enschede"))
    assert enschede is not None
    assert (enschede.population, enschede.population_date) == (161_741, CBS_2024)
    wierden = found.row(world.m("Wierden"))
    assert wierden is not None
    assert (wierden.participates, wierden.reason, wierden.share) == (False, "Eigen agenda.", None)


def test_a_new_reference_date_uses_the_new_figures(world: World) -> None:
    made = new(world, "Fonds", "1000.00", ("Borne", "Losser"))
    borne = world.m("Borne")
    region.add_population_figure(world.store, SYSTEM, borne, date(2025, 1, 1), 76_620)
    update_initiative(world.store, world.secretary, made, reference_date=date(2025, 1, 1))
    found = initiative_shares(world.store, made)
    assert found is not None
    # 76,620 and 23,380 inhabitants: exactly 766.20 and 233.80.
    assert {row.name: row.share for row in found.participants} == {
        "Borne": D("766.20"),
        "Losser": D("233.80"),
    }


def test_a_problem_is_shown_not_raised(world: World) -> None:
    """Changes that meet elsewhere (sync) can leave percentages that do not add up."""
    made = new(world, "Fonds", "90.00", ("Borne", "Losser"), key=CostKey.EQUAL)
    update_initiative(
        world.store,
        world.secretary,
        made,
        cost_key=CostKey.CUSTOM,
        custom_percentages={world.m("Borne"): D(50), world.m("Losser"): D(50)},
    )
    with world.store.write(None) as writer:
        writer.update(
            model.InitiativeParticipant,
            participant_id(made, world.m("Borne")),
            {"custom_percentage": D(40)},
        )
    found = initiative_shares(world.store, made)
    assert found is not None
    assert isinstance(found.problem, costs.PercentagesNotHundred)
    assert [row.share for row in found.participants] == [None, None]
    assert initiative_shares(world.store, "no-such-initiative") is None


# The matrix --------------------------------------------------------------------------------------


def test_the_matrix_with_totals_per_municipality_and_per_initiative(world: World) -> None:
    # Equal: EUR 100 among three is 33.34 (the largest population, Enschede) + 33.33 + 33.33.
    fund = new(world, "Fonds", "100.00", ("Enschede", "Almelo", "Borne"), key=CostKey.EQUAL)
    # Per inhabitant: EUR 1,000 among Borne (24,632) and Losser (23,380), 48,012 in all:
    # exactly 513.0384 and 486.9616, so 513.04 and 486.96.
    route = new(
        world,
        "Snelfietsroute",
        "1000.00",
        ("Borne", "Losser"),
        years=(2025, 2026),
        reasons={"Almelo": "Geen tracé."},
    )
    table = matrix(world.store, region_id(world))
    assert [i.title for i in table.initiatives] == ["Fonds", "Snelfietsroute"]
    assert len(table.municipalities) == 14
    assert table.per_initiative == {fund: D("100.00"), route: D("1000.00")}
    totals = {m.name: table.per_municipality[m.id] for m in table.municipalities}
    assert (totals["Enschede"], totals["Almelo"], totals["Borne"], totals["Losser"]) == (
        D("33.34"),
        D("33.33"),
        D("546.37"),
        D("486.96"),
    )
    assert totals["Wierden"] == D("0.00")
    assert table.total == D("1100.00")
    # Only the initiatives that run in the budget year.
    assert [i.title for i in matrix(world.store, region_id(world), 2027).initiatives] == ["Fonds"]
    assert [i.title for i in region_initiatives(world.store, region_id(world), 2025)] == [
        "Snelfietsroute"
    ]


def test_the_matrix_as_csv_for_excel(world: World) -> None:
    new(world, "Fonds", "100.00", ("Enschede", "Almelo", "Borne"), key=CostKey.EQUAL)
    new(world, "Route", "1000.00", ("Borne", "Losser"), reasons={"Almelo": "Geen tracé."})
    data = matrix_csv(matrix(world.store, region_id(world)))
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    header = lines[0].split(",")
    assert header[:3] == ["Initiative", "Budget per year", "Cost key"]
    assert header[-1] == "Total"
    column = {name: index for index, name in enumerate(header)}
    fund, route, total = (line.split(",") for line in lines[1:])
    assert fund[:3] == ["Fonds", "100.00", "equal shares"]
    assert (fund[column["Enschede"]], fund[column["Losser"]], fund[-1]) == ("33.34", "", "100.00")
    assert route[column["Almelo"]] == "does not participate: Geen tracé."
    assert route[column["Borne"]] == "513.04"
    assert total[column["Borne"]] == "546.37"
    assert total[-1] == "1100.00"


def test_a_municipalitys_csv_for_its_budget_cycle_in_dutch(world: World, dutch: None) -> None:
    new(world, "Fonds", "100.00", ("Enschede", "Almelo", "Borne"), key=CostKey.EQUAL)
    new(world, "Route", "1000.00", ("Borne", "Losser"), reasons={"Almelo": "Geen tracé."})
    table = matrix(world.store, region_id(world), 2027)
    data = municipality_csv(table, world.m("Almelo"))
    assert data.startswith(b"\xef\xbb\xbf")
    lines = [line.split(";") for line in data.decode("utf-8-sig").splitlines()]
    assert lines[0][0] == "Initiatief"
    fund, route, total = lines[1:]
    assert (fund[0], fund[2], fund[5], fund[7]) == ("Fonds", "2027-2030", "100,00", "33,33")
    assert (route[0], route[7], route[8]) == ("Route", "", "Geen tracé.")
    assert (total[0], total[7]) == ("Totaal", "33,33")
