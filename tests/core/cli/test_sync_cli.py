"""``regiodesk-cli sync``, ``bundle``, ``devices`` and ``conflicts`` (regiodesk/cli/sync.py): what a
scheduled task sees, in words and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from regiodesk.cli.main import EXIT_OK, main
from regiodesk.commands.positions import record_position
from regiodesk.model.enums import PositionKind
from regiodesk.permissions import Actor
from regiodesk.store import Store
from tests.core.conftest import copy_store_file

EXIT_ATTENTION, EXIT_ROOT = 1, 5


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def two_stores(
    world_template: tuple[Path, dict[str, object]], tmp_path: Path
) -> tuple[Path, Path, dict[str, object]]:
    path, facts = world_template
    first = copy_store_file(path, tmp_path / "first.sqlite")
    second = copy_store_file(path, tmp_path / "second.sqlite")
    with Store.open(second) as store:
        store.become_new_device()
    return first, second, facts


def _record(path: Path, facts: dict[str, object], reason: str) -> None:
    with Store.open(path) as store:
        record_position(
            store,
            Actor(str(facts["member"])),
            str(facts["decision_item"]),
            dict(facts["municipality"])["Almelo"],  # type: ignore[call-overload]
            PositionKind.DISAGREE,
            reason,
        )


def test_two_stores_meet_through_a_folder_with_approval(
    two_stores: tuple[Path, Path, dict[str, object]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first, second, facts = two_stores
    root = tmp_path / "share"
    root.mkdir()
    code, out, _err = run(capsys, "--store", str(first), "sync", "--root", str(root), "--init")
    assert code == EXIT_OK
    assert "New root made" in out
    code, out, _err = run(capsys, "--store", str(second), "sync", "--root", str(root))
    assert code == EXIT_OK, out
    _record(second, facts, "Via de gedeelde map")
    run(capsys, "--store", str(second), "sync", "--root", str(root))
    code, out, _err = run(capsys, "--store", str(first), "sync", "--root", str(root))
    assert code == EXIT_ATTENTION
    assert "not approved" in out or "approves it" in out
    code, out, _err = run(capsys, "--store", str(first), "devices", "list")
    waiting = next(line.split()[0] for line in out.splitlines() if "waiting" in line)
    code, out, err = run(capsys, "--store", str(first), "devices", "approve", waiting)
    assert err == ""
    assert code == EXIT_OK
    code, out, _err = run(capsys, "--store", str(first), "sync", "--root", str(root))
    with Store.open(first) as store:
        assert store.scalar("SELECT count(*) FROM position WHERE reason = 'Via de gedeelde map'")


def test_an_unmounted_share_gives_exit_5(
    two_stores: tuple[Path, Path, dict[str, object]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first, _second, _facts = two_stores
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _out, err = run(capsys, "--store", str(first), "sync", "--root", str(empty))
    assert code == EXIT_ROOT
    assert "root.json" in err


def test_a_bundle_carries_changes_and_a_stranger_bundle_is_refused(
    two_stores: tuple[Path, Path, dict[str, object]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first, second, facts = two_stores
    bundle = tmp_path / "changes.regiodesk"
    _record(first, facts, "Per USB-stick")
    code, _out, _err = run(capsys, "--store", str(first), "bundle", "export", str(bundle))
    assert code == EXIT_OK
    # The second store does not know the first's device key: refused whole, nothing changed.
    code, _out, err = run(capsys, "--store", str(second), "bundle", "import", str(bundle))
    assert code == 4
    assert "not approved" in err
    not_a_bundle = tmp_path / "other.regiodesk"
    not_a_bundle.write_bytes(b"PK\x03\x04 a zip file")
    code, _out, err = run(capsys, "--store", str(second), "bundle", "import", str(not_a_bundle))
    assert code == 4
    assert "not a RegioDesk bundle" in err
