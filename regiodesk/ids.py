"""Identifiers.

Entities get UUIDv7 ids (time-ordered, so indexes stay compact and ids sort by creation).  Records
that exist at most once per natural key (the position of a municipality on an agenda item, its
attendance at a meeting, a participant of a decision) get a *stable* id derived from that key with
UUIDv5: two devices that record the same thing offline then write the same row, and sync merges
them field by field instead of finding two rows.
"""

from __future__ import annotations

import os
import random
import threading
import time
import uuid

_NAMESPACE = uuid.UUID("6f0c3c58-5b1e-4f0e-9a44-8a5d2a0d7e11")
_lock = threading.Lock()
_last_ms = 0
_last_rand = 0


def uuid7(now_ms: int | None = None, rng: random.Random | None = None) -> str:
    """A UUIDv7 (RFC 9562) as a string; monotonic within this process."""
    global _last_ms, _last_rand
    with _lock:
        ms = now_ms if now_ms is not None else time.time_ns() // 1_000_000
        if rng is None:
            rand = int.from_bytes(os.urandom(10), "big") & ((1 << 74) - 1)
        else:
            rand = rng.getrandbits(74)
        if now_ms is None and ms <= _last_ms:
            # Same (or an earlier) millisecond: keep the order by counting up from the last id.
            ms = _last_ms
            rand = _last_rand + 1
        if now_ms is None:
            _last_ms, _last_rand = ms, rand
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= (rand >> 62) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def stable_id(kind: str, *parts: str) -> str:
    """The id of a record that exists once per (kind, parts)."""
    return str(uuid.uuid5(_NAMESPACE, kind + ":" + "/".join(parts)))


def uuid7_time_ms(value: str) -> int:
    return uuid.UUID(value).int >> 80
