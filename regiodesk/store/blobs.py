"""Documents as content-addressed blobs: ``<store>.blobs/<first two hex>/<sha256>``.

A blob is written once, to a temporary name, flushed to disk and then renamed, so a blob with its
final name is always complete.  Files are read in chunks: a 500 MB PDF never sits in memory.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

CHUNK = 1024 * 1024


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a SHA-256: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def put_file(self, source: Path) -> tuple[str, int]:
        """Copy a file in; returns its SHA-256 and size."""
        with source.open("rb") as handle:
            return self.put_stream(handle)

    def put_bytes(self, data: bytes) -> tuple[str, int]:
        import io

        return self.put_stream(io.BytesIO(data))

    def put_stream(self, stream: BinaryIO) -> tuple[str, int]:
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, temporary = tempfile.mkstemp(prefix=".incoming-", dir=self.root)
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha256 = digest.hexdigest()
            final = self.path_of(sha256)
            if final.is_file():
                os.unlink(temporary)
            else:
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(temporary, final)
            return sha256, size
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise

    def copy_to(self, sha256: str, target_root: Path) -> None:
        source = self.path_of(sha256)
        target = target_root / sha256[:2] / sha256
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)

    def all(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.glob("??/*") if len(p.name) == 64)
