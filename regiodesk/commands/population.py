"""Population figures in bulk: a file of new CBS figures, recorded in one transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from regiodesk.commands.region import add_population_figure
from regiodesk.errors import InvalidInput
from regiodesk.i18n import _
from regiodesk.ids import stable_id
from regiodesk.permissions import Actor, require_admin
from regiodesk.population_csv import PopulationRow
from regiodesk.store import Store

SOURCE = "CBS"


@dataclass(frozen=True)
class PopulationImport:
    """What an import did: figures recorded for the first time, changed, and left as they were."""

    new: int
    changed: int
    unchanged: int


def municipality_ids_by_code(store: Store) -> dict[str, str]:
    """The region's municipalities: CBS code -> id."""
    return {
        row["cbs_code"]: row["id"]
        for row in store.query("SELECT id, cbs_code FROM municipality WHERE deleted = 0")
    }


def import_population_figures(
    store: Store, actor: Actor, rows: Iterable[PopulationRow]
) -> PopulationImport:
    """Record every figure through ``add_population_figure``, all in one transaction: either every
    figure is recorded or none.  A figure that is already recorded as it is, is left alone, so
    importing the same file twice changes nothing."""
    require_admin(store, actor)
    rows = list(rows)
    ids = municipality_ids_by_code(store)
    for row in rows:
        if row.cbs_code not in ids:
            raise InvalidInput(
                field=_("CBS code"),
                reason=_("no municipality of the region has code {code}").format(code=row.cbs_code),
            )
    new = changed = unchanged = 0
    with store.write(actor.person_id):
        for row in rows:
            figure_id = stable_id("population", row.cbs_code, row.reference_date.isoformat())
            existing = store.query(
                "SELECT population, source FROM population_figure WHERE id = ?", (figure_id,)
            )
            if existing and (existing[0]["population"], existing[0]["source"]) == (
                row.population,
                SOURCE,
            ):
                unchanged += 1
                continue
            add_population_figure(
                store, actor, ids[row.cbs_code], row.reference_date, row.population, SOURCE
            )
            if existing:
                changed += 1
            else:
                new += 1
    return PopulationImport(new=new, changed=changed, unchanged=unchanged)
