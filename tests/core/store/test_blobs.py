"""Documents as content-addressed blobs (regiodesk/store/blobs.py)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from regiodesk.store.blobs import BlobStore


@pytest.fixture
def blobs(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "store.sqlite.blobs")


def test_a_blob_is_named_by_its_sha256(blobs: BlobStore) -> None:
    data = b"%PDF-1.4 agenda PFO Mobiliteit"
    sha256, size = blobs.put_bytes(data)
    assert sha256 == hashlib.sha256(data).hexdigest()
    assert size == len(data)
    assert blobs.has(sha256)
    assert blobs.path_of(sha256) == blobs.root / sha256[:2] / sha256
    assert blobs.path_of(sha256).read_bytes() == data
    assert blobs.all() == [sha256]


def test_the_same_content_is_stored_once(blobs: BlobStore, tmp_path: Path) -> None:
    source = tmp_path / "voorstel.pdf"
    source.write_bytes(b"x" * 3_000_000)  # more than one read chunk
    first = blobs.put_file(source)
    second = blobs.put_bytes(source.read_bytes())
    assert first == second
    assert blobs.all() == [first[0]]
    assert not [p for p in blobs.root.iterdir() if p.name.startswith(".incoming-")]


def test_a_failed_copy_leaves_no_partial_file(blobs: BlobStore) -> None:
    class Failing(io.RawIOBase):
        def __init__(self) -> None:
            self.calls = 0

        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            self.calls += 1
            if self.calls > 2:
                raise OSError("the USB stick was pulled out")
            return b"y" * 1024

    with pytest.raises(OSError, match="USB"):
        blobs.put_stream(Failing())  # type: ignore[arg-type]
    assert list(blobs.root.iterdir()) == []
    assert blobs.all() == []


@pytest.mark.parametrize("bad", ["", "abc", "G" * 64, "../" + "a" * 61, "A" * 64])
def test_only_sha256_names_are_accepted(blobs: BlobStore, bad: str) -> None:
    with pytest.raises(ValueError, match="SHA-256"):
        blobs.path_of(bad)


def test_copy_to_another_store(blobs: BlobStore, tmp_path: Path) -> None:
    sha256, _size = blobs.put_bytes(b"besluitenlijst")
    other = BlobStore(tmp_path / "other.blobs")
    blobs.copy_to(sha256, other.root)
    blobs.copy_to(sha256, other.root)  # twice is harmless
    assert other.all() == [sha256]
    assert other.path_of(sha256).read_bytes() == b"besluitenlijst"


def test_an_absent_folder_holds_no_blobs(tmp_path: Path) -> None:
    assert BlobStore(tmp_path / "nowhere").all() == []


def test_a_big_file_is_copied_in_chunks_never_whole_in_memory(tmp_path: Path) -> None:
    """A 500 MB paper must not sit in memory; a 64 MB one shows the copy is streamed."""
    import hashlib
    import tracemalloc

    big = tmp_path / "groot.pdf"
    chunk = bytes(range(256)) * 4096  # 1 MiB
    digest = hashlib.sha256()
    with big.open("wb") as handle:
        for _ in range(64):
            handle.write(chunk)
            digest.update(chunk)
    store = BlobStore(tmp_path / "blobs")
    tracemalloc.start()
    try:
        sha256, size = store.put_file(big)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (sha256, size) == (digest.hexdigest(), 64 * 2**20)
    assert peak < 8 * 2**20
    assert store.path_of(sha256).stat().st_size == size
