"""Turning SQLite's and the file system's errors into the core's typed store errors."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from regiodesk.errors import (
    StoreCorrupt,
    StoreDiskFull,
    StoreError,
    StoreGone,
    StoreLocked,
    StoreReadOnly,
)


def store_error(path: Path, exc: BaseException) -> StoreError:
    """The store error that explains ``exc``."""
    text = str(exc).lower()
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return StoreDiskFull(path=path)
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return StoreReadOnly(path=path)
        if exc.errno in (errno.ENOENT, errno.ENODEV, errno.EIO, errno.ENXIO):
            return StoreGone(path=path)
        return StoreError(path=path, reason=exc.strerror or text)
    if "disk is full" in text or "database or disk is full" in text:
        return StoreDiskFull(path=path)
    if "readonly" in text or "read-only" in text or "attempt to write a readonly" in text:
        return StoreReadOnly(path=path)
    if "locked" in text or "busy" in text:
        return StoreLocked(path=path)
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreCorrupt(path=path, reason=str(exc))
    if "unable to open" in text or "disk i/o error" in text:
        return StoreGone(path=path)
    if isinstance(exc, sqlite3.Error):
        return StoreError(path=path, reason=str(exc))
    return StoreError(path=path, reason=text)
