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


@dataclass(frozen=True)
class MunicipalityChoice:
    id: str
    name: str
    cbs_code: str


@dataclass(frozen=True)
class FigureRow:
    """One recorded figure: a municipality's population at a reference date."""

    id: str
    municipality_id: str
    name: str
    cbs_code: str
    reference_date: date
    population: int
    source: str


@dataclass(frozen=True)
class PopulationTable:
    municipalities: list[MunicipalityChoice]
    #: Every figure, by municipality name, newest reference date first.
    figures: list[FigureRow]

    @property
    def reference_dates(self) -> list[date]:
        """Every reference date with a figure, newest first."""
        return sorted({figure.reference_date for figure in self.figures}, reverse=True)


def population_table(store: Store) -> PopulationTable:
    """The region's municipalities, and every population figure recorded for them."""
    municipalities = [
        MunicipalityChoice(row["id"], row["name"], row["cbs_code"])
        for row in store.query(
            "SELECT id, name, cbs_code FROM municipality WHERE deleted = 0 ORDER BY name"
        )
    ]
    figures = [
        FigureRow(
            id=row["id"],
            municipality_id=row["municipality_id"],
            name=row["name"],
            cbs_code=row["cbs_code"],
            reference_date=date.fromisoformat(row["reference_date"]),
            population=int(row["population"]),
            source=row["source"],
        )
        for row in store.query(
            """
            SELECT f.id, f.municipality_id, m.name, m.cbs_code, f.reference_date, f.population,
                   f.source
            FROM population_figure AS f JOIN municipality AS m ON m.id = f.municipality_id
            WHERE f.deleted = 0 AND m.deleted = 0
            ORDER BY m.name, f.reference_date DESC
            """
        )
    ]
    return PopulationTable(municipalities, figures)
