"""The change log: every write to a store is an entry; entries rebuild and sync the store."""

from regiodesk.changelog.entry import Entry, Op
from regiodesk.changelog.writer import Changes, Writer

__all__ = ["Changes", "Entry", "Op", "Writer"]
