"""Reading population figures from a CSV file (regiodesk/population_csv.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from regiodesk.i18n import set_language
from regiodesk.population_csv import (
    PopulationFileError,
    PopulationRow,
    parse_population_csv,
    read_population_csv,
)

KNOWN = {"GM0153", "GM0141", "GM0164", "GM0147"}


def problems_of(data: bytes) -> list[str]:
    with pytest.raises(PopulationFileError) as caught:
        parse_population_csv(data, KNOWN, "figures.csv")
    return [problem.message() for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (
            "gemeentecode;gemeente;inwoners;peildatum\r\n"
            "GM0153;Enschede;161.741;2025-01-01\r\n"
            "GM0147;Borne;24.001;2025-01-01\r\n",
            "utf-8-sig",
        ),
        (
            "cbs_code,name,population,reference_date\n"
            "GM0153,Enschede,161741,2025-01-01\n"
            "GM0147,Borne,24001,2025-01-01\n",
            "utf-8",
        ),
        (
            "Gemeentecode;Gemeente;Inwoners;Peildatum\r\n"
            "GM0153;Enschedë;161.741;2025-01-01\r\n"
            "GM0147;Borne;24001;2025-01-01\r\n",
            "cp1252",
        ),
        (
            "reference_date,population,cbs_code\n"
            "2025-01-01,161741,gm0153\n"
            "\n"
            "2025-01-01,24.001,GM0147\n",
            "cp1252",
        ),
    ],
    ids=["semicolon-utf8-bom", "comma-utf8", "semicolon-cp1252", "comma-no-name-column"],
)
def test_good_files_in_either_delimiter_and_encoding(text: str, encoding: str) -> None:
    rows = parse_population_csv(text.encode(encoding), KNOWN)
    assert [(row.cbs_code, row.population, row.reference_date) for row in rows] == [
        ("GM0153", 161741, date(2025, 1, 1)),
        ("GM0147", 24001, date(2025, 1, 1)),
    ]


def test_windows_1252_names_are_read_as_excel_wrote_them(tmp_path: Path) -> None:
    path = tmp_path / "inwoners.csv"
    path.write_bytes(
        "gemeentecode;gemeente;inwoners;peildatum\r\nGM0153;Enschedë;1;2025-01-01\r\n".encode(
            "cp1252"
        )
    )
    assert b"\xeb" in path.read_bytes()
    assert read_population_csv(path, KNOWN) == (
        PopulationRow(2, "GM0153", "Enschedë", 1, date(2025, 1, 1)),
    )


def test_every_problem_is_reported_with_its_line() -> None:
    set_language("en")
    found = problems_of(
        b"gemeentecode;inwoners;peildatum\n"
        b"GM0153;161.741;2025-01-01\n"  # 2: good
        b"GM9999;100;2025-01-01\n"  # 3: unknown
        b"Enschede;100;2025-01-01\n"  # 4: not a code
        b"GM0141;-5;2025-01-01\n"  # 5: negative
        b"GM0141;12,5;2025-01-01\n"  # 6: not whole
        b"GM0141;1.23;2025-01-01\n"  # 7: not a thousands separator
        b"GM0141;0;2025-01-01\n"  # 8: zero
        b"GM0164;100;2025-02-30\n"  # 9: no such day
        b"GM0164;100;01-01-2025\n"  # 10: not ISO
        b"GM0153;161.000;2025-01-01\n"  # 11: twice
        b"GM0147;;\n"  # 12: empty cells
    )
    assert found == [
        "line 3: unknown CBS code GM9999: no municipality of the region has it",
        "line 4: 'ENSCHEDE' is not a CBS code (GM and four digits, e.g. GM0153)",
        "line 5: population '-5' is not a positive whole number",
        "line 6: population '12,5' is not a positive whole number",
        "line 7: population '1.23' is not a positive whole number",
        "line 8: population '0' is not a positive whole number",
        "line 9: reference date '2025-02-30' is not a valid date (use YYYY-MM-DD)",
        "line 10: reference date '01-01-2025' is not a valid date (use YYYY-MM-DD)",
        "line 11: GM0153 at 2025-01-01 appears twice (also on line 2)",
        "line 12: the population is empty",
        "line 12: the reference date is empty",
    ]


def test_a_missing_column_is_named() -> None:
    set_language("en")
    assert problems_of(b"gemeentecode;gemeente;inwoners\nGM0153;Enschede;1\n") == [
        "line 1: the column reference_date is missing (accepted headers: reference_date, peildatum)"
    ]


def test_a_too_large_population_and_an_empty_file() -> None:
    set_language("en")
    assert problems_of(b"cbs_code,population,reference_date\nGM0153,20.000.000,2025-01-01\n") == [
        "line 2: population '20.000.000' is more than 10000000"
    ]
    assert problems_of(b"") == ["line 1: the file is empty"]
    assert problems_of(b"cbs_code,population,reference_date\n") == [
        "line 1: the file holds no population figures"
    ]


def test_the_error_lists_all_problems_in_one_message() -> None:
    set_language("en")
    with pytest.raises(PopulationFileError) as caught:
        parse_population_csv(
            b"cbs_code;population;reference_date\nGM0153;x;2025-01-01\nGM0153;1;2025\n",
            KNOWN,
            "figures.csv",
        )
    assert str(caught.value).splitlines() == [
        "Population file figures.csv: 2 problem(s); nothing was imported.",
        "  line 2: population 'x' is not a positive whole number",
        "  line 3: reference date '2025' is not a valid date (use YYYY-MM-DD)",
    ]


def test_a_missing_file(tmp_path: Path) -> None:
    set_language("en")
    with pytest.raises(PopulationFileError, match="the file does not exist"):
        read_population_csv(tmp_path / "nope.csv", KNOWN)
