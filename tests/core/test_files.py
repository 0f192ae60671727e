from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from regiodesk.errors import InvalidInput
from regiodesk.files import write_atomically


def test_writes_whole_files_and_replaces_old_ones(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "list.pdf"
    write_atomically(target, b"one")
    write_atomically(target, b"two")
    assert target.read_bytes() == b"two"
    assert sorted(p.name for p in target.parent.iterdir()) == ["list.pdf"]


def test_private_files_are_for_their_owner_only(tmp_path: Path) -> None:
    target = write_atomically(tmp_path / "key.pem", b"secret", private=True)
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600


def test_a_full_disk_keeps_the_old_file_and_leaves_no_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "list.pdf"
    target.write_bytes(b"old")

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(InvalidInput, match="the disk is full"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["list.pdf"]


def test_a_folder_is_no_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="folder"):
        write_atomically(tmp_path, b"x")
