"""``regiodesk-cli initiatives report`` (regiodesk/cli/initiatives.py)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from regiodesk.cli.main import EXIT_INPUT, EXIT_OK, main
from regiodesk.i18n import format_money
from regiodesk.initiative_report import report_for
from regiodesk.store import Store


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_report_by_cbs_code_and_by_name(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(demo_path) as store:
        report = report_for(store, "Tubbergen")
    total = format_money(report.total)
    for municipality in ("GM0183", "tubbergen"):
        target = tmp_path / f"{municipality}.pdf"
        code, out, err = run(
            capsys, "--store", str(demo_path), "initiatives", "report",
            "--municipality", municipality, "--out", str(target),
        )  # fmt: skip
        assert (code, err) == (EXIT_OK, "")
        assert out == (
            f"Tubbergen: {len(report.taking_part)} initiatives taken part in, {total} per year; "
            f"written to {target}\n"
        )
        document = pdfium.PdfDocument(target.read_bytes())
        assert "Regional initiatives: Tubbergen" in document[0].get_textpage().get_text_range()
        document.close()


def test_a_year_without_initiatives(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "leeg.pdf"
    code, out, _err = run(
        capsys, "--store", str(demo_path), "initiatives", "report",
        "--municipality", "Losser", "--year", "1999", "--out", str(target),
    )  # fmt: skip
    assert code == EXIT_OK
    assert out.startswith("Losser: 0 initiatives taken part in")
    assert target.read_bytes().startswith(b"%PDF-")


def test_bad_input(demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "--store", str(demo_path), "initiatives", "report",
        "--municipality", "Atlantis", "--out", str(tmp_path / "x.pdf"),
    )  # fmt: skip
    assert (code, out) == (EXIT_INPUT, "")
    assert err == "regiodesk-cli: No municipality with id Atlantis exists.\n"
    code, _out, err = run(
        capsys, "--store", str(demo_path), "initiatives", "report",
        "--municipality", "Losser", "--out", str(tmp_path / "nergens" / "x.pdf"),
    )  # fmt: skip
    assert code == EXIT_INPUT
    assert "nergens" in err
    assert not (tmp_path / "x.pdf").exists()
    with pytest.raises(SystemExit) as caught:
        main(["--lang", "en", "--store", str(demo_path), "initiatives", "report", "--out", "x"])
    assert caught.value.code == 2
