"""The local store."""

from regiodesk.store.store import Store

__all__ = ["Store"]
