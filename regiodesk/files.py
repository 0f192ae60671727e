"""Writing a file whole or not at all: a temporary file beside the target, flushed to disk, then
renamed over it.  A full disk, a missing folder or a kill in the middle leaves the old file (or
none) and no half-written one."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from regiodesk.errors import InvalidInput
from regiodesk.i18n import _


def write_atomically(path: Path, data: bytes, *, private: bool = False) -> Path:
    """Write ``data`` to ``path``; ``private`` makes it readable by its owner only."""
    path = Path(path)
    if path.is_dir():
        raise InvalidInput(field=str(path), reason=_("this is a folder; give a file name"))
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".part", dir=folder)
    except OSError as error:
        raise InvalidInput(field=str(path), reason=_reason(error)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if private:
                os.chmod(temporary, 0o600)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if not private:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InvalidInput(field=str(path), reason=_reason(error)) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return _("the disk is full; nothing was written")
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("no permission to write there")
    if error.errno == errno.ENOENT:
        return _("the folder does not exist")
    return error.strerror or str(error)
