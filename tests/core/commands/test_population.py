"""Population figures in bulk (regiodesk/commands/population.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

import pytest

from regiodesk import errors
from regiodesk.commands.population import (
    PopulationImport,
    import_population_figures,
    municipality_ids_by_code,
)
from regiodesk.permissions import SYSTEM
from regiodesk.population_csv import PopulationRow
from regiodesk.queries.population import latest_population_figures
from regiodesk.store import Store

if TYPE_CHECKING:
    from tests.core.conftest import World

NEW = date(2025, 1, 1)
ROWS = (
    PopulationRow(2, "GM0153", "Enschede", 162_000, NEW),
    PopulationRow(3, "GM0141", "Almelo", 74_000, NEW),
    PopulationRow(4, "GM0153", "Enschede", 161_741, date(2024, 1, 1)),  # as already recorded
)


def figures(store: Store) -> list[tuple[str, str, int]]:
    return [
        (row[0], row[1], row[2])
        for row in store.query(
            "SELECT m.cbs_code, f.reference_date, f.population FROM population_figure f "
            "JOIN municipality m ON m.id = f.municipality_id ORDER BY 1, 2"
        )
    ]


def test_import_records_new_figures_and_leaves_known_ones(
    world: World, assert_log_explains: Callable[[Store], None]
) -> None:
    before = figures(world.store)
    result = import_population_figures(world.store, SYSTEM, ROWS)
    assert result == PopulationImport(new=2, changed=0, unchanged=1)
    after = figures(world.store)
    assert len(after) == len(before) + 2
    assert ("GM0153", "2025-01-01", 162_000) in after
    assert_log_explains(world.store)
    latest = {f.cbs_code: f for f in latest_population_figures(world.store)}
    assert (latest["GM0153"].population, latest["GM0153"].reference_date) == (162_000, NEW)
    assert latest["GM0189"].reference_date == date(2022, 1, 1)  # Wierden keeps its 2022 figure


def test_re_import_is_idempotent_and_a_corrected_figure_is_changed(world: World) -> None:
    import_population_figures(world.store, SYSTEM, ROWS)
    log_size = world.store.scalar("SELECT count(*) FROM change_log")
    assert import_population_figures(world.store, SYSTEM, ROWS) == PopulationImport(0, 0, 3)
    assert world.store.scalar("SELECT count(*) FROM change_log") == log_size
    corrected = (PopulationRow(2, "GM0153", "Enschede", 162_001, NEW),)
    assert import_population_figures(world.store, SYSTEM, corrected) == PopulationImport(0, 1, 0)
    assert ("GM0153", "2025-01-01", 162_001) in figures(world.store)


def test_the_import_is_one_transaction(world: World) -> None:
    """When one figure fails, none of the file is kept."""
    before = figures(world.store)
    too_big = PopulationRow(9, "GM0164", "Hengelo", 20_000_000, NEW)  # refused by the command
    with pytest.raises(errors.InvalidInput):
        import_population_figures(world.store, SYSTEM, (*ROWS, too_big))
    assert figures(world.store) == before


def test_only_an_administrator_imports(world: World) -> None:
    with pytest.raises(errors.NotPermitted):
        import_population_figures(world.store, world.secretary, ROWS)


def test_an_unknown_code_is_refused(world: World) -> None:
    with pytest.raises(errors.InvalidInput, match="GM9999"):
        import_population_figures(world.store, SYSTEM, (PopulationRow(2, "GM9999", "", 1, NEW),))
    assert municipality_ids_by_code(world.store)["GM0153"] == world.m("Enschede")
