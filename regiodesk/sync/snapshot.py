"""A snapshot: a recent copy of the region's store from which a new device starts, instead of
replaying years of batches.

It is a backup with what is personal taken out: the private notes of whoever made it (and their
log entries), the changes held back in quarantine, and the settings of this device.  The marks
of each root stay, so the new device reads only the batches written after the snapshot.  A new
device starts from it with ``regiodesk-cli restore FILE``, which gives it a device id of its own.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from regiodesk.store import Store
from regiodesk.store.backup import backup

#: Local facts of the device that made the snapshot, which the new device must not inherit.
PERSONAL_META = ("device_id", "sync_waiting")


def export_snapshot(store: Store, target: Path) -> Path:
    """Write a snapshot to ``target``; returns its path."""
    path = backup(store, target)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("BEGIN")
        connection.execute("DELETE FROM private_note")
        connection.execute("DELETE FROM change_log WHERE entity = 'private_note'")
        connection.execute("DELETE FROM quarantine")
        connection.execute(
            f"DELETE FROM store_meta WHERE key IN ({', '.join('?' for _ in PERSONAL_META)}) "
            "OR key LIKE 'sync_last%'",
            PERSONAL_META,
        )
        connection.execute("COMMIT")
        connection.execute("VACUUM")  # nothing of what was taken out stays in free pages
    finally:
        connection.close()
    return path
