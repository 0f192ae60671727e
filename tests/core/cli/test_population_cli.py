"""``regiodesk-cli population import`` and ``list`` (regiodesk/cli/population.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regiodesk.cli.main import EXIT_INPUT, EXIT_OK, main
from regiodesk.store import Store

GOOD = (
    "Gemeentecode;Gemeente;Inwoners;Peildatum\r\n"
    "GM0153;Enschedë;162.010;2025-01-01\r\n"
    "GM0189;Wierden;24.999;2025-01-01\r\n"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


def figure_count(path: Path) -> int:
    with Store.open(path, create=False) as store:
        return int(store.scalar("SELECT count(*) FROM population_figure"))


def test_import_then_list_then_import_again(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = tmp_path / "inwoners.csv"
    csv_file.write_bytes(GOOD.encode("cp1252"))
    before = figure_count(demo_path)
    code, out, err = run(capsys, "--store", str(demo_path), "population", "import", str(csv_file))
    assert (code, out, err) == (EXIT_OK, "2 new, 0 changed figures\n", "")
    assert figure_count(demo_path) == before + 2

    code, out, err = run(capsys, "--store", str(demo_path), "population", "list")
    assert (code, err) == (EXIT_OK, "")
    lines = out.splitlines()
    assert lines[0].split() == ["CBS", "code", "municipality", "population", "reference", "date"]
    assert len(lines) == 15
    enschede = next(line for line in lines if line.startswith("GM0153"))
    assert enschede.split() == ["GM0153", "Enschede", "162,010", "2025-01-01"]

    code, out, _err = run(capsys, "--store", str(demo_path), "population", "import", str(csv_file))
    assert (code, out) == (EXIT_OK, "0 new, 0 changed figures\n")
    csv_file.write_text(GOOD.replace("24.999", "25.000"), encoding="utf-8-sig")
    code, out, _err = run(capsys, "--store", str(demo_path), "population", "import", str(csv_file))
    assert (code, out) == (EXIT_OK, "0 new, 1 changed figures\n")
    assert figure_count(demo_path) == before + 2


def test_a_bad_file_exits_with_4_and_stores_nothing(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = tmp_path / "inwoners.csv"
    csv_file.write_text(
        "cbs_code,population,reference_date\n"
        "GM0153,162010,2025-01-01\n"
        "GM0000,5,2025-01-01\n"
        "GM0189,24999,2025-13-01\n",
        encoding="utf-8",
    )
    before = figure_count(demo_path)
    code, out, err = run(capsys, "--store", str(demo_path), "population", "import", str(csv_file))
    assert (code, out) == (EXIT_INPUT, "")
    assert err.splitlines() == [
        f"regiodesk-cli: Population file {csv_file}: 2 problem(s); nothing was imported.",
        "  line 3: unknown CBS code GM0000: no municipality of the region has it",
        "  line 4: reference date '2025-13-01' is not a valid date (use YYYY-MM-DD)",
    ]
    assert figure_count(demo_path) == before


def test_a_missing_file_exits_with_4(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.csv"
    code, _out, err = run(capsys, "--store", str(demo_path), "population", "import", str(missing))
    assert code == EXIT_INPUT
    assert "the file does not exist" in err


def test_list_of_a_store_without_a_region(
    blank_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "--store", str(blank_path), "population", "list")
    assert (code, out) == (EXIT_OK, "The store holds no municipalities.\n")
