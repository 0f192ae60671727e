"""The command-line tool (regiodesk/cli/main.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from regiodesk.cli.main import EXIT_INPUT, EXIT_OK, EXIT_PROBLEMS, EXIT_STORE, main
from regiodesk.store import Store
from regiodesk.store.schema import SCHEMA_REVISION

PREFIX = "regiodesk-cli:"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(PREFIX)
    return lines[0]


def test_demo_fills_a_new_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nieuw" / "regio.sqlite"
    code, out, err = run(
        capsys, "--store", str(path), "demo", "--seed", "3", "--anchor", "2026-11-28"
    )
    assert (code, err) == (EXIT_OK, "")
    assert out.startswith("Demo region made in")
    assert str(path) in out
    with Store.open(path, create=False) as store:
        assert store.scalar("SELECT count(*) FROM municipality") == 14
        meetings = store.scalar("SELECT count(*) FROM meeting")
    assert f"{meetings} meetings" in out


def test_demo_on_a_store_that_holds_a_region_is_refused(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = demo_path.stat().st_size
    code, out, err = run(capsys, "--store", str(demo_path), "demo")
    assert code == EXIT_INPUT
    assert out == ""
    assert "Regio Twente" in assert_one_error_line(err)
    assert demo_path.stat().st_size == before


def test_info(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--store", str(demo_path), "info")
    assert (code, err) == (EXIT_OK, "")
    lines = {line.split("  ")[0]: line.split()[-1] for line in out.splitlines()}
    assert lines["region"] == "Twente"
    assert lines["municipalities"] == "14"
    assert lines["PFOs"] == "8"
    assert lines["schema"] == SCHEMA_REVISION
    with Store.open(demo_path) as store:
        assert lines["meetings"] == str(store.scalar("SELECT count(*) FROM meeting"))
        assert lines["this device"] == store.device_id


def test_check_of_a_whole_store(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--store", str(demo_path), "check")
    assert (code, err) == (EXIT_OK, "")
    assert out.startswith("The store is whole:")


def test_check_finds_a_change_behind_the_logs_back(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conn = sqlite3.connect(demo_path)
    conn.execute("UPDATE meeting SET location = 'Elders' WHERE rowid = 1")
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "--store", str(demo_path), "check")
    assert code == EXIT_PROBLEMS
    assert "meeting" in out
    assert "differs" in out
    assert "1 problem(s) found." in err


def test_backup_and_restore(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "kopie.sqlite"
    code, out, err = run(capsys, "--store", str(demo_path), "backup", str(target))
    assert (code, err) == (EXIT_OK, "")
    assert str(target) in out
    with Store.open(target, create=False) as copy:
        assert copy.scalar("SELECT count(*) FROM meeting") > 100
    conn = sqlite3.connect(demo_path)
    meetings = conn.execute("SELECT count(*) FROM meeting").fetchone()[0]
    conn.close()
    empty = tmp_path / "leeg.sqlite"
    Store.open(empty).close()
    code, out, err = run(capsys, "--store", str(empty), "restore", str(target))
    assert (code, err) == (EXIT_OK, "")
    assert "restored" in out
    assert "backups" in out  # where the previous content is kept
    with Store.open(empty, create=False) as restored:
        assert restored.scalar("SELECT count(*) FROM meeting") == meetings


def test_search(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "--store", str(demo_path), "search", "verdeelsleutel", "--limit", "5"
    )
    assert (code, err) == (EXIT_OK, "")
    lines = out.strip().splitlines()
    assert len(lines) in range(1, 6)
    assert all(
        "erdeelsleutel" in line.lower() or "verdeelsleutel" in line.lower() for line in lines
    )
    code, out, _err = run(capsys, "--store", str(demo_path), "search", 'NEAR("( *')
    assert code == EXIT_OK
    code, out, _err = run(capsys, "--store", str(demo_path), "search", "zzzqqq")
    assert (code, out.strip()) == (EXIT_OK, "Nothing found for “zzzqqq”.")


def test_search_shows_the_personas_own_private_notes(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "--store", str(demo_path), "search", "ambtenaar verdeelsleutel")
    assert code == EXIT_OK
    assert out.startswith("private_note")


# Errors: one line, a documented exit code ---------------------------------------------------------


def test_a_missing_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nergens.sqlite"
    for command in (["info"], ["check"], ["search", "x"], ["backup", str(tmp_path / "b")]):
        code, out, err = run(capsys, "--store", str(path), *command)
        assert (code, out) == (EXIT_STORE, "")
        assert "does not exist" in assert_one_error_line(err)
    assert not path.exists()


def test_a_folder_as_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--store", str(tmp_path), "info")
    assert code == EXIT_STORE
    assert "folder" in assert_one_error_line(err)


def test_a_damaged_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "kapot.sqlite"
    path.write_bytes(b"\x00\x01garbage" * 512)
    code, _out, err = run(capsys, "--store", str(path), "info")
    assert code == EXIT_STORE
    assert str(path) in assert_one_error_line(err)


def test_a_store_from_a_newer_version(blank_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conn = sqlite3.connect(blank_path)
    conn.execute("UPDATE alembic_version SET version_num = '0042'")
    conn.commit()
    conn.close()
    code, _out, err = run(capsys, "--store", str(blank_path), "info")
    assert code == EXIT_STORE
    assert "newer" in assert_one_error_line(err)


def test_restore_from_a_bad_backup(
    blank_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "bestaat-niet.sqlite"
    code, out, err = run(capsys, "--store", str(blank_path), "restore", str(missing))
    assert (code, out) == (EXIT_INPUT, "")
    assert "no such file" in assert_one_error_line(err)
    text = tmp_path / "notities.txt"
    text.write_text("geen database\n" * 200, encoding="utf-8")
    code, out, err = run(capsys, "--store", str(blank_path), "restore", str(text))
    assert code == EXIT_INPUT
    assert str(text) in assert_one_error_line(err)


def test_the_store_can_come_from_the_environment(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REGIODESK_STORE", str(demo_path))
    code, out, _err = run(capsys, "info")
    assert code == EXIT_OK
    assert str(demo_path) in out


def test_a_wrong_command_line_exits_with_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--lang", "en", "demo", "--anchor", "28-11-2026"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["--lang", "en", "frobnicate"])
    assert caught.value.code == 2
    assert "regiodesk-cli" in capsys.readouterr().err
