"""Population figures as the secretariat gets them: a CSV file, often saved from Excel.

Columns (in any order, header names in English or Dutch):

=================  ===============  ================================================
English            Dutch            value
=================  ===============  ================================================
``cbs_code``       ``gemeentecode`` the municipality's CBS code, e.g. ``GM0153``
``name``           ``gemeente``     the municipality's name (optional, not checked)
``population``     ``inwoners``     a positive whole number; ``161.741`` is accepted
``reference_date`` ``peildatum``    the CBS reference date, ``YYYY-MM-DD``
=================  ===============  ================================================

The delimiter (``;`` as Dutch Excel writes, or ``,``) is detected; the text is UTF-8, with or
without a byte-order mark, or else Windows-1252 (Excel's own).  Every problem is reported with its
line number and what is wrong, all at once, and then nothing of the file is used.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from regiodesk.csv_files import (
    CsvFileError,
    CsvProblem,
    header_key,
    missing_columns,
    read_file,
    read_rows,
)
from regiodesk.i18n import N_

CBS_CODE = re.compile(r"^GM[0-9]{4}$")
WHOLE_NUMBER = re.compile(r"^(?:[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+)$")
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
MAX_POPULATION = 10_000_000

#: Accepted header names per column (compared in lower case, spaces and hyphens as ``_``).
COLUMNS: dict[str, tuple[str, ...]] = {
    "cbs_code": ("cbs_code", "gemeentecode", "cbscode", "code"),
    "name": ("name", "municipality", "gemeente", "gemeentenaam", "naam"),
    "population": ("population", "inwoners", "aantal_inwoners"),
    "reference_date": ("reference_date", "peildatum"),
}
REQUIRED = ("cbs_code", "population", "reference_date")


@dataclass(frozen=True)
class PopulationRow:
    """One figure of the file, checked; ``line`` is its line number in the file."""

    line: int
    cbs_code: str
    name: str
    population: int
    reference_date: date


#: What is wrong on one line: a message template and its fields, translated when shown.
PopulationProblem = CsvProblem


class PopulationFileError(CsvFileError):
    """The file cannot be used; ``problems`` lists everything that is wrong, line by line."""

    template = N_("Population file {path}: {count} problem(s); nothing was imported.")


def read_population_csv(path: Path, known_codes: Collection[str]) -> tuple[PopulationRow, ...]:
    """Read and check a population file; ``known_codes`` are the CBS codes of the region."""
    data = read_file(path, PopulationFileError)
    return parse_population_csv(data, known_codes, str(path))


def parse_population_csv(
    data: bytes, known_codes: Collection[str], source: str = "-"
) -> tuple[PopulationRow, ...]:
    """Check the bytes of a population file; raise ``PopulationFileError`` listing all problems."""
    table = read_rows(data, source, PopulationFileError)
    positions: dict[str, int] = {}
    for index, name in enumerate(table.header):
        key = header_key(name)
        for column, names in COLUMNS.items():
            if key in names and column not in positions:
                positions[column] = index
    missing = missing_columns(positions, REQUIRED, COLUMNS)
    if missing:
        raise PopulationFileError(source, missing)
    known = set(known_codes)
    problems: list[PopulationProblem] = []
    rows: list[PopulationRow] = []
    first_line: dict[tuple[str, date], int] = {}
    for line, cells in table.rows:

        def cell(column: str, cells: list[str] = cells) -> str:
            index = positions.get(column)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        before = len(problems)
        code = cell("cbs_code").upper()
        if not code:
            problems.append(PopulationProblem(line, N_("the CBS code is empty")))
        elif not CBS_CODE.match(code):
            problems.append(
                PopulationProblem(
                    line,
                    N_("{value!r} is not a CBS code (GM and four digits, e.g. GM0153)"),
                    {"value": code},
                )
            )
        elif code not in known:
            problems.append(
                PopulationProblem(
                    line,
                    N_("unknown CBS code {code}: no municipality of the region has it"),
                    {"code": code},
                )
            )
        population = _population(cell("population"), line, problems)
        reference_date = _reference_date(cell("reference_date"), line, problems)
        if len(problems) > before or population is None or reference_date is None:
            continue
        figure = (code, reference_date)
        if figure in first_line:
            problems.append(
                PopulationProblem(
                    line,
                    N_("{code} at {date} appears twice (also on line {first})"),
                    {"code": code, "date": reference_date.isoformat(), "first": first_line[figure]},
                )
            )
            continue
        first_line[figure] = line
        rows.append(PopulationRow(line, code, cell("name"), population, reference_date))
    if problems:
        raise PopulationFileError(source, problems)
    if not rows:
        raise PopulationFileError(
            source, [PopulationProblem(1, N_("the file holds no population figures"))]
        )
    return tuple(rows)


def _population(value: str, line: int, problems: list[PopulationProblem]) -> int | None:
    plain = value.replace("\u00a0", "").replace(" ", "")
    if not plain:
        problems.append(PopulationProblem(line, N_("the population is empty")))
        return None
    if not WHOLE_NUMBER.match(plain) or int(plain.replace(".", "")) <= 0:
        problems.append(
            PopulationProblem(
                line,
                N_("population {value!r} is not a positive whole number"),
                {"value": value},
            )
        )
        return None
    number = int(plain.replace(".", ""))
    if number > MAX_POPULATION:
        problems.append(
            PopulationProblem(
                line,
                N_("population {value!r} is more than {maximum}"),
                {"value": value, "maximum": MAX_POPULATION},
            )
        )
        return None
    return number


def _reference_date(value: str, line: int, problems: list[PopulationProblem]) -> date | None:
    if not value:
        problems.append(PopulationProblem(line, N_("the reference date is empty")))
        return None
    try:
        if ISO_DATE.match(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    problems.append(
        PopulationProblem(
            line,
            N_("reference date {value!r} is not a valid date (use YYYY-MM-DD)"),
            {"value": value},
        )
    )
    return None
