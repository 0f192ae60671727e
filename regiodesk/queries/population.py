"""The region's municipalities with their latest population figure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from regiodesk.store import Store


@dataclass(frozen=True)
class LatestFigure:
    cbs_code: str
    name: str
    population: int | None
    reference_date: date | None


def latest_population_figures(store: Store) -> list[LatestFigure]:
    """Every municipality (by CBS code) with its figure at the latest reference date, if any."""
    rows = store.query(
        """
        SELECT m.cbs_code, m.name, f.population, f.reference_date
        FROM municipality AS m
        LEFT JOIN population_figure AS f
          ON f.id = (
            SELECT id FROM population_figure
            WHERE municipality_id = m.id AND deleted = 0
            ORDER BY reference_date DESC LIMIT 1
          )
        WHERE m.deleted = 0
        ORDER BY m.cbs_code
        """
    )
    return [
        LatestFigure(
            cbs_code=row["cbs_code"],
            name=row["name"],
            population=row["population"],
            reference_date=(
                date.fromisoformat(row["reference_date"]) if row["reference_date"] else None
            ),
        )
        for row in rows
    ]
