"""Turning SQLite's and the file system's errors into typed store errors (store/errors.py)."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from regiodesk import errors
from regiodesk.store.errors import store_error

PATH = Path("/data/regiodesk.sqlite")


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), errors.StoreDiskFull),
        (OSError(errno.EROFS, "Read-only file system"), errors.StoreReadOnly),
        (OSError(errno.EACCES, "Permission denied"), errors.StoreReadOnly),
        (OSError(errno.ENOENT, "No such file or directory"), errors.StoreGone),
        (OSError(errno.EIO, "Input/output error"), errors.StoreGone),
        (sqlite3.OperationalError("database or disk is full"), errors.StoreDiskFull),
        (sqlite3.OperationalError("attempt to write a readonly database"), errors.StoreReadOnly),
        (sqlite3.OperationalError("database is locked"), errors.StoreLocked),
        (sqlite3.DatabaseError("file is not a database"), errors.StoreCorrupt),
        (sqlite3.DatabaseError("database disk image is malformed"), errors.StoreCorrupt),
        (sqlite3.OperationalError("disk I/O error"), errors.StoreGone),
        (sqlite3.OperationalError("unable to open database file"), errors.StoreGone),
    ],
)
def test_errors_are_explained(exc: BaseException, expected: type[errors.StoreError]) -> None:
    error = store_error(PATH, exc)
    assert type(error) is expected
    assert str(PATH) in error.message()


def test_an_unknown_sqlite_error_is_a_plain_store_error_with_its_text() -> None:
    error = store_error(PATH, sqlite3.IntegrityError("UNIQUE constraint failed: region.code"))
    assert type(error) is errors.StoreError
    assert "UNIQUE constraint failed" in str(error)


def test_store_errors_are_one_line_sentences() -> None:
    for error in (
        errors.StoreDiskFull(path=PATH),
        errors.StoreTooNew(path=PATH, revision="0099"),
        errors.StoreCorrupt(path=PATH, reason="file is not a database"),
    ):
        text = str(error)
        assert "\n" not in text
        assert str(PATH) in text
