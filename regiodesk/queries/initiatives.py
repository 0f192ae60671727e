"""Coalitions of the willing and what they cost each municipality.

An initiative's budget per year is shared among its participating municipalities by its cost key
(``regiodesk.costs``).  Per inhabitant, each municipality counts with its population figure at the
initiative's reference date, or else its latest figure before it.  The matrix puts every
initiative of a region against every municipality, with totals, and exports as CSV for a
municipality's budget cycle.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from regiodesk.costs import CostSharingError, ParticipantBasis, shares
from regiodesk.i18n import LOCALES, _, current_language
from regiodesk.model.enums import CostKey
from regiodesk.store import Store

ZERO = Decimal("0.00")
#: A byte order mark, so that Excel reads the CSV as UTF-8.
BOM = "\ufeff"


@dataclass(frozen=True)
class PopulationAt:
    municipality_id: str
    population: int
    #: The reference date of the figure used (on or before the date asked for).
    reference_date: date


@dataclass(frozen=True)
class ParticipantRow:
    """A municipality recorded on an initiative: taking part with its share, or not, with why."""

    municipality_id: str
    name: str
    participates: bool
    reason: str
    population: int | None
    population_date: date | None
    percentage: Decimal | None
    #: The share of the budget per year; None when not taking part or when it cannot be shared.
    share: Decimal | None
    #: The agenda item whose decision's positions set this participation (None: set by hand).
    source_item_id: str | None = None


@dataclass(frozen=True)
class InitiativeShares:
    id: str
    region_id: str
    title: str
    description: str
    pfo_id: str | None
    pfo_name: str | None
    domain_id: str | None
    budget_per_year: Decimal
    cost_key: CostKey
    reference_date: date | None
    start_year: int
    end_year: int
    #: Every municipality recorded on the initiative, by name.
    rows: list[ParticipantRow]
    #: Why the budget cannot be shared now (e.g. a percentage missing); None when it can.
    problem: CostSharingError | None = None

    @property
    def participants(self) -> list[ParticipantRow]:
        return [row for row in self.rows if row.participates]

    @property
    def source_item_id(self) -> str | None:
        """The agenda item whose decision set every participation (None: by hand, or mixed)."""
        sources = {row.source_item_id for row in self.rows}
        return sources.pop() if len(sources) == 1 else None

    def row(self, municipality_id: str) -> ParticipantRow | None:
        return next((row for row in self.rows if row.municipality_id == municipality_id), None)


@dataclass(frozen=True)
class MunicipalityRef:
    id: str
    name: str
    cbs_code: str


@dataclass(frozen=True)
class Matrix:
    """Initiatives x municipalities.  A municipality that is not recorded on an initiative has no
    row there (``InitiativeShares.row`` is None) and pays nothing for it."""

    region_id: str
    #: The budget year shown (None: all initiatives, whatever their years).
    year: int | None
    initiatives: list[InitiativeShares]
    municipalities: list[MunicipalityRef]
    per_municipality: dict[str, Decimal] = field(default_factory=dict)
    per_initiative: dict[str, Decimal] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return sum(self.per_initiative.values(), ZERO)


def population_at(
    store: Store, municipality_ids: Collection[str], reference_date: date
) -> dict[str, PopulationAt]:
    """Each municipality's population figure at ``reference_date``, or its latest before it.  A
    municipality without such a figure is left out."""
    wanted = set(municipality_ids)
    day = reference_date.isoformat()
    found: dict[str, PopulationAt] = {}
    for municipality_id, population, figure_date in store.conn.execute(
        "SELECT f.municipality_id, f.population, f.reference_date FROM population_figure f "
        "WHERE f.deleted = 0 AND f.reference_date = (SELECT max(g.reference_date) "
        "FROM population_figure g WHERE g.municipality_id = f.municipality_id "
        "AND g.deleted = 0 AND g.reference_date <= ?)",
        (day,),
    ):
        if municipality_id in wanted:
            found[municipality_id] = PopulationAt(
                municipality_id, int(population), date.fromisoformat(figure_date)
            )
    return found


def cost_basis(
    store: Store,
    reference_date: date | None,
    participants: Mapping[str, Decimal | None],
) -> list[ParticipantBasis]:
    """What the shares of ``participants`` (municipality id -> custom percentage) rest on, in
    municipality id order.  A municipality without a population figure at ``reference_date``
    counts with population 0 (which ``costs.shares`` refuses per inhabitant)."""
    ids = sorted(participants)
    names = _names(store, ids)
    # Known populations also break ties of the other keys (the larger pays the odd cent).
    populations = population_at(store, ids, reference_date) if reference_date is not None else {}
    return [
        ParticipantBasis(
            municipality_id=the_id,
            population=populations[the_id].population if the_id in populations else 0,
            percentage=participants[the_id],
            name=names.get(the_id, ""),
        )
        for the_id in ids
    ]


def initiative_shares(store: Store, initiative_id: str) -> InitiativeShares | None:
    """One initiative with each recorded municipality's share (None if there is no such
    initiative)."""
    found = _initiatives(store, "i.id = ?", (initiative_id,))
    return found[0] if found else None


def region_initiatives(
    store: Store, region_id: str, year: int | None = None
) -> list[InitiativeShares]:
    """The region's initiatives (those running in ``year``, if given), by title."""
    if year is None:
        return _initiatives(store, "i.region_id = ?", (region_id,))
    return _initiatives(
        store, "i.region_id = ? AND i.start_year <= ? AND i.end_year >= ?", (region_id, year, year)
    )


def matrix(store: Store, region_id: str, year: int | None = None) -> Matrix:
    """Every initiative (running in ``year``, if given) against every municipality of the region,
    with the totals per municipality and per initiative."""
    initiatives = region_initiatives(store, region_id, year)
    municipalities = [
        MunicipalityRef(row["id"], row["name"], row["cbs_code"])
        for row in store.query(
            "SELECT id, name, cbs_code FROM municipality WHERE region_id = ? AND deleted = 0 "
            "ORDER BY name",
            (region_id,),
        )
    ]
    per_municipality = {m.id: ZERO for m in municipalities}
    per_initiative: dict[str, Decimal] = {}
    for initiative in initiatives:
        per_initiative[initiative.id] = ZERO
        for row in initiative.participants:
            if row.share is None:
                continue
            per_initiative[initiative.id] += row.share
            if row.municipality_id in per_municipality:
                per_municipality[row.municipality_id] += row.share
    return Matrix(region_id, year, initiatives, municipalities, per_municipality, per_initiative)


def matrix_csv(table: Matrix) -> bytes:
    """The whole matrix as CSV: one line per initiative, one column per municipality, totals
    last.  A cell holds the share, or "does not participate" with the reason."""
    out, writer, amount = _csv()
    writer.writerow(
        [
            _("Initiative"),
            _("Budget per year"),
            _("Cost key"),
            *(m.name for m in table.municipalities),
            _("Total"),
        ]
    )
    for initiative in table.initiatives:
        cells = []
        for municipality in table.municipalities:
            row = initiative.row(municipality.id)
            cells.append(_cell_text(row, amount))
        writer.writerow(
            [
                initiative.title,
                amount(initiative.budget_per_year),
                initiative.cost_key.label,
                *cells,
                amount(table.per_initiative[initiative.id]),
            ]
        )
    writer.writerow(
        [
            _("Total"),
            "",
            "",
            *(amount(table.per_municipality[m.id]) for m in table.municipalities),
            amount(table.total),
        ]
    )
    return (BOM + out.getvalue()).encode("utf-8")


def municipality_csv(table: Matrix, municipality_id: str) -> bytes:
    """What one municipality pays for the region's initiatives, as CSV for its budget cycle: one
    line per initiative, and the total."""
    out, writer, amount = _csv()
    writer.writerow(
        [
            _("Initiative"),
            _("PFO"),
            _("Years"),
            _("Cost key"),
            _("Reference date"),
            _("Budget per year"),
            _("Participates"),
            _("Share per year"),
            _("Reason"),
        ]
    )
    for initiative in table.initiatives:
        row = initiative.row(municipality_id)
        participates = row is not None and row.participates
        writer.writerow(
            [
                initiative.title,
                initiative.pfo_name or "",
                f"{initiative.start_year}-{initiative.end_year}",
                initiative.cost_key.label,
                initiative.reference_date.isoformat() if initiative.reference_date else "",
                amount(initiative.budget_per_year),
                _("yes") if participates else _("no"),
                amount(row.share) if row is not None and row.share is not None else "",
                row.reason if row is not None and not row.participates else "",
            ]
        )
    writer.writerow(
        [
            _("Total"),
            "",
            "",
            "",
            "",
            "",
            "",
            amount(table.per_municipality.get(municipality_id, ZERO)),
            "",
        ]
    )
    return (BOM + out.getvalue()).encode("utf-8")


# Helpers -----------------------------------------------------------------------------------------


def _initiatives(store: Store, where: str, params: tuple[object, ...]) -> list[InitiativeShares]:
    rows = store.query(
        "SELECT i.*, p.name AS pfo_name FROM initiative i LEFT JOIN pfo p ON p.id = i.pfo_id "
        f"WHERE i.deleted = 0 AND {where} ORDER BY i.title, i.id",
        params,
    )
    return [_with_shares(store, row) for row in rows]


def _with_shares(store: Store, row: sqlite3.Row) -> InitiativeShares:
    get = row.__getitem__
    initiative_id = str(get("id"))
    key = CostKey(get("cost_key"))
    budget = Decimal(str(get("budget_per_year")))
    reference = date.fromisoformat(get("reference_date")) if get("reference_date") else None
    recorded = store.query(
        "SELECT p.municipality_id, p.participates, p.reason, p.custom_percentage, m.name, "
        "p.source_item_id "
        "FROM initiative_participant p JOIN municipality m ON m.id = p.municipality_id "
        "WHERE p.initiative_id = ? AND p.deleted = 0 ORDER BY m.name, m.id",
        (initiative_id,),
    )
    percentages = {
        r["municipality_id"]: _decimal(r["custom_percentage"])
        for r in recorded
        if r["participates"]
    }
    populations = (
        population_at(store, [r["municipality_id"] for r in recorded], reference)
        if reference is not None
        else {}
    )
    problem: CostSharingError | None = None
    amounts: dict[str, Decimal] = {}
    if percentages:
        try:
            amounts = shares(budget, cost_basis(store, reference, percentages), key)
        except CostSharingError as error:
            problem = error
    rows = [
        ParticipantRow(
            municipality_id=r["municipality_id"],
            name=r["name"],
            participates=bool(r["participates"]),
            reason=r["reason"],
            population=_population(populations, r["municipality_id"]),
            population_date=_population_date(populations, r["municipality_id"]),
            percentage=_decimal(r["custom_percentage"]),
            share=amounts.get(r["municipality_id"]) if r["participates"] else None,
            source_item_id=r["source_item_id"],
        )
        for r in recorded
    ]
    return InitiativeShares(
        id=initiative_id,
        region_id=str(get("region_id")),
        title=str(get("title")),
        description=str(get("description")),
        pfo_id=get("pfo_id"),
        pfo_name=get("pfo_name"),
        domain_id=get("domain_id"),
        budget_per_year=budget,
        cost_key=key,
        reference_date=reference,
        start_year=int(get("start_year")),
        end_year=int(get("end_year")),
        rows=rows,
        problem=problem,
    )


def _population(populations: Mapping[str, PopulationAt], the_id: str) -> int | None:
    found = populations.get(the_id)
    return found.population if found else None


def _population_date(populations: Mapping[str, PopulationAt], the_id: str) -> date | None:
    found = populations.get(the_id)
    return found.reference_date if found else None


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _names(store: Store, ids: Sequence[str]) -> dict[str, str]:
    if not ids:
        return {}
    marks = ", ".join("?" for _id in ids)
    return {
        row[0]: row[1]
        for row in store.conn.execute(
            f"SELECT id, name FROM municipality WHERE id IN ({marks})", tuple(ids)
        )
    }


def _cell_text(row: ParticipantRow | None, amount: Callable[[Decimal], str]) -> str:
    if row is None:
        return ""
    if row.participates:
        return amount(row.share) if row.share is not None else ""
    if row.reason:
        return _("does not participate: {reason}").format(reason=row.reason)
    return _("does not participate")


def _csv() -> tuple[io.StringIO, Any, Callable[[Decimal], str]]:
    """A CSV buffer and writer as a spreadsheet of the current language expects them (Dutch:
    decimal comma and semicolons), and how to write an amount (two decimals, no grouping)."""
    from babel.numbers import get_decimal_symbol

    comma = get_decimal_symbol(LOCALES[current_language()]) == ","
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";" if comma else ",", lineterminator="\r\n")

    def amount(value: Decimal) -> str:
        text = f"{value.quantize(ZERO):f}"
        return text.replace(".", ",") if comma else text

    return out, writer, amount
