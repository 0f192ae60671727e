"""What a sync root offers, wherever it is (a folder, a WebDAV server): the engine needs no more.

Paths are relative to the root, with forward slashes.  ``read`` returns None for a file that is
not there; every other failure is a ``RootNotReady`` that says what is wrong.  ``write`` puts a
whole file or none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from regiodesk.sync.folder import BatchName


class Root(Protocol):
    def sentinel(self) -> dict[str, Any]: ...

    def create(self, region: str, founder: str) -> dict[str, Any]: ...

    def devices(self) -> list[str]: ...

    def batches(self, device_id: str) -> tuple[list[BatchName], list[str]]: ...

    def read(self, relative: Path) -> bytes | None: ...

    def write(self, relative: Path, data: bytes) -> None: ...
