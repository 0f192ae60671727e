"""A sync root in a folder: a local disk, a network share, or a folder that OneDrive, SharePoint,
Nextcloud or Syncthing keep in step.

    root.json                                 the sentinel: no sentinel, no sync
    devices/<device-id>/device.json           the device's public key, person and name
    devices/<device-id>/<first>-<last>.batch  its batches, immutable, written by it alone

What cloud folders do to files never breaks a sync: conflict copies ("(conflicted copy)",
"sync-conflict") and temporary files do not match a batch name and are passed over; a zero-byte
placeholder waits until it is downloaded; files are written under a temporary name, flushed, and
renamed, so a reader sees a whole file or none.
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from regiodesk.errors import RegioDeskError
from regiodesk.i18n import N_, _

ROOT_FORMAT = "regiodesk-root/1"
BATCH_NAME = re.compile(r"^(\d{12})-(\d{12})\.batch$")
DEVICE_NAME = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class RootNotReady(RegioDeskError):
    template = N_(
        "The sync root {root} cannot be used: {reason}. Nothing was synced and nothing is lost."
    )


@dataclass(frozen=True, order=True)
class BatchName:
    first: int
    last: int

    @property
    def text(self) -> str:
        return f"{self.first:012d}-{self.last:012d}.batch"

    @staticmethod
    def parse(name: str) -> BatchName | None:
        match = BATCH_NAME.match(name)
        return BatchName(int(match[1]), int(match[2])) if match else None


class FolderRoot:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def __str__(self) -> str:
        return str(self.path)

    # The sentinel ---------------------------------------------------------------------------

    def sentinel(self) -> dict[str, Any]:
        """The root's identity; refuses a folder without one (an unmounted share looks empty)."""
        if not self.path.is_dir():
            raise RootNotReady(
                root=self, reason=_("the folder is not there (is the share mounted?)")
            )
        try:
            data = orjson.loads((self.path / "root.json").read_bytes())
        except FileNotFoundError:
            raise RootNotReady(
                root=self,
                reason=_(
                    "it has no root.json (an unmounted share looks like an empty folder); "
                    "make a new root only on purpose"
                ),
            ) from None
        except (OSError, orjson.JSONDecodeError) as error:
            raise RootNotReady(
                root=self, reason=_("root.json cannot be read ({error})").format(error=error)
            ) from None
        if not isinstance(data, dict) or data.get("format") != ROOT_FORMAT:
            raise RootNotReady(root=self, reason=_("root.json is not a RegioDesk root"))
        return data

    def create(self, region: str, founder: str) -> dict[str, Any]:
        """Make a new root here (the folder must not be a root already)."""
        if (self.path / "root.json").exists():
            raise RootNotReady(root=self, reason=_("it is a root already"))
        info = {
            "format": ROOT_FORMAT,
            "root_id": str(uuid.uuid4()),
            "region": region,
            "founder": founder,
        }
        self.write(Path("root.json"), orjson.dumps(info, option=orjson.OPT_INDENT_2))
        return info

    # Devices and batches --------------------------------------------------------------------

    def devices(self) -> list[str]:
        folder = self.path / "devices"
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir() if DEVICE_NAME.match(p.name) and p.is_dir())

    def batches(self, device_id: str) -> tuple[list[BatchName], list[str]]:
        """The device's batches in order, and the names passed over (conflict copies, ...)."""
        folder = self.path / "devices" / device_id
        found: list[BatchName] = []
        passed: list[str] = []
        if folder.is_dir():
            for entry in folder.iterdir():
                name = BatchName.parse(entry.name)
                if name is not None:
                    found.append(name)
                elif entry.name != "device.json" and not entry.name.startswith("."):
                    passed.append(entry.name)
        return sorted(found), sorted(passed)

    def read(self, relative: Path) -> bytes | None:
        try:
            return (self.path / relative).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise RootNotReady(
                root=self,
                reason=_("{path} cannot be read ({error})").format(path=relative, error=error),
            ) from None

    def write(self, relative: Path, data: bytes) -> None:
        """Whole or not at all: a temporary name beside it, flushed, then renamed."""
        target = self.path / relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        except OSError as error:
            raise RootNotReady(
                root=self, reason=_("cannot write there ({error})").format(error=error)
            ) from None
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except OSError as error:
            Path(temporary).unlink(missing_ok=True)
            raise RootNotReady(
                root=self,
                reason=_("writing {path} failed ({error})").format(path=relative, error=error),
            ) from None
