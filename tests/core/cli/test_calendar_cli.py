"""``regiodesk-cli calendar export`` (regiodesk/cli/calendar.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regiodesk.cli.main import EXIT_INPUT, EXIT_OK, EXIT_STORE, main
from regiodesk.queries.meetings import list_meetings
from regiodesk.store import Store


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


def uids(path: Path) -> list[str]:
    return [
        line.removeprefix("UID:")
        for line in path.read_bytes().decode("utf-8").split("\r\n")
        if line.startswith("UID:")
    ]


def test_export_one_meeting_by_id_and_by_reference(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(demo_path) as store:
        meeting = list_meetings(store, pfo_id=None)[-1]
        short_name = store.scalar("SELECT short_name FROM pfo WHERE id = ?", (meeting.pfo_id,))
    by_id = tmp_path / "by-id.ics"
    code, out, err = run(
        capsys, "--store", str(demo_path), "calendar", "export", meeting.id, "--out", str(by_id)
    )
    assert (code, out, err) == (EXIT_OK, f"1 meeting written to {by_id}\n", "")
    assert uids(by_id) == [f"{meeting.id}@regiodesk"]
    for reference in (
        f"{short_name} {meeting.reference}",
        f"{meeting.pfo_name.lower()} {meeting.reference}",
        f"{meeting.pfo_name.removeprefix('PFO ')} {meeting.reference.replace('-0', '-')}",
    ):
        by_reference = tmp_path / "by-reference.ics"
        code, _out, err = run(
            capsys, "--store", str(demo_path), "calendar", "export", reference,
            "--out", str(by_reference),
        )  # fmt: skip
        assert (code, err) == (EXIT_OK, "")
        assert uids(by_reference) == uids(by_id)


def test_export_a_pfos_year(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(demo_path) as store:
        pfo_id = store.scalar("SELECT id FROM pfo WHERE short_name = 'PFO MOB'")
        expected = [
            row.id
            for row in list_meetings(store, pfo_id=pfo_id)
            if row.reference.startswith("2026-")
        ]
    assert expected
    target = tmp_path / "mobiliteit.ics"
    code, out, err = run(
        capsys, "--store", str(demo_path), "calendar", "export",
        "--pfo", "PFO Mobiliteit", "--year", "2026", "--out", str(target),
    )  # fmt: skip
    assert (code, err) == (EXIT_OK, "")
    assert out == f"{len(expected)} meetings written to {target}\n"
    assert uids(target) == [f"{meeting_id}@regiodesk" for meeting_id in expected]
    assert "X-WR-CALNAME:PFO Mobiliteit 2026" in target.read_text(encoding="utf-8")


def test_wrong_command_lines_exit_with_2(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "x.ics")
    for arguments, message in (
        (["--out", out], "name a meeting, or a PFO with --pfo and --year"),
        (["--pfo", "MOB", "--out", out], "--pfo needs --year"),
        (["PFO MOB 2026-01", "--pfo", "MOB", "--year", "2026", "--out", out], "not both"),
        (["PFO MOB 2026-01"], "--out"),
    ):
        with pytest.raises(SystemExit) as caught:
            main(["--lang", "en", "--store", str(demo_path), "calendar", "export", *arguments])
        assert caught.value.code == 2
        assert message in capsys.readouterr().err
    assert not (tmp_path / "x.ics").exists()


def test_unknown_meetings_and_pfos_exit_with_4(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.ics"
    for arguments, message in (
        (["PFO MOB 2026-99"], "No meeting with id PFO MOB 2026-99 exists."),
        (["vergadering"], "No meeting with id vergadering exists."),
        (["Zwemmen 2026-01"], "No PFO with id Zwemmen exists."),
        (["2026-01"], "8 PFOs have a meeting 2026-01"),
        (["--pfo", "Zwemmen", "--year", "2026"], "No PFO with id Zwemmen exists."),
    ):
        code, stdout, err = run(
            capsys, "--store", str(demo_path), "calendar", "export", *arguments, "--out", str(out)
        )
        assert (code, stdout) == (EXIT_INPUT, "")
        lines = err.strip().splitlines()
        assert len(lines) == 1
        assert lines[0].startswith("regiodesk-cli:")
        assert message in lines[0]
    code, _out, err = run(
        capsys, "--store", str(demo_path), "calendar", "export", "PFO MOB 2026-01",
        "--out", str(tmp_path / "nergens" / "x.ics"),
    )  # fmt: skip
    assert code == EXIT_INPUT
    assert "nergens" in err
    assert not out.exists()


def test_a_missing_store_exits_with_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(
        capsys, "--store", str(tmp_path / "geen.sqlite"), "calendar", "export",
        "PFO MOB 2026-01", "--out", str(tmp_path / "x.ics"),
    )  # fmt: skip
    assert code == EXIT_STORE
    assert "does not exist" in err
