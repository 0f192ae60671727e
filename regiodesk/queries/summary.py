"""What a store holds, in numbers: for ``regiodesk-cli info`` and the About dialog."""

from __future__ import annotations

from dataclasses import dataclass

from regiodesk.store import Store
from regiodesk.store.schema import SCHEMA_REVISION

COUNTED = (
    "municipality",
    "person",
    "pfo",
    "membership",
    "meeting",
    "agenda_item",
    "document",
    "position",
    "decision",
    "action",
    "council_follow_up",
    "private_note",
)


@dataclass(frozen=True)
class StoreSummary:
    path: str
    size_bytes: int
    schema: str
    device_id: str
    region: str | None
    counts: dict[str, int]
    change_log_entries: int
    devices: int
    first_meeting: str | None
    last_meeting: str | None


def region_id(store: Store) -> str | None:
    """The id of the store's region, or None while the store is empty."""
    found = store.scalar("SELECT id FROM region WHERE deleted = 0 ORDER BY rowid LIMIT 1")
    return None if found is None else str(found)


def region_name(store: Store) -> str | None:
    """The name of the store's region, or None while the store is empty."""
    name = store.scalar("SELECT name FROM region WHERE deleted = 0 ORDER BY rowid LIMIT 1")
    return None if name is None else str(name)


def summarize(store: Store) -> StoreSummary:
    counts = {
        table: int(store.scalar(f"SELECT count(*) FROM {table} WHERE deleted = 0"))
        for table in COUNTED
    }
    first, last = store.conn.execute(
        "SELECT min(starts_at), max(starts_at) FROM meeting WHERE deleted = 0"
    ).fetchone()
    size = sum(
        path.stat().st_size
        for path in (store.path, store.path.with_name(store.path.name + "-wal"))
        if path.exists()
    )
    return StoreSummary(
        path=str(store.path),
        size_bytes=size,
        schema=SCHEMA_REVISION,
        device_id=store.device_id,
        region=region_name(store),
        counts=counts,
        change_log_entries=int(store.scalar("SELECT max(local_seq) FROM change_log") or 0),
        devices=int(store.scalar("SELECT count(*) FROM device")),
        first_meeting=first[:10] if first else None,
        last_meeting=last[:10] if last else None,
    )
