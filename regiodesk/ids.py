"""Identifiers.

Entities get UUIDv7 ids (time-ordered, so indexes stay compact and ids sort by creation).  Records
that exist at most once per natural key (the position of a municipality on an agenda item, its
attendance at a meeting, a participant of a decision) get a *stable* id derived from that key with
UUIDv5: two devices that record the same thing offline then write the same row, and sync merges
them field by field instead of finding two rows.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
import uuid

_NAMESPACE = uuid.UUID("6f0c3c58-5b1e-4f0e-9a44-8a5d2a0d7e11").bytes
_NAMESPACE_HASH = hashlib.sha1(_NAMESPACE)
_COUNTER_MAX = 0xFFF
#: The first hex digit of the variant field (RFC 9562: binary 10xx) for any hex digit.
_VARIANT = {digit: "89ab"[int(digit, 16) & 0x3] for digit in "0123456789abcdef"}
_lock = threading.Lock()
_last_ms = 0
_counter = 0


def _dashed(hex32: str) -> str:
    return f"{hex32[:8]}-{hex32[8:12]}-{hex32[12:16]}-{hex32[16:20]}-{hex32[20:]}"


def uuid7() -> str:
    """A UUIDv7 (RFC 9562) as a string.

    Ids made by this process are strictly increasing: within one millisecond the 12 bits after the
    version count up (RFC 9562, method 1), and the clock borrows the next millisecond past 4,095.
    """
    global _last_ms, _counter
    now = time.time_ns() // 1_000_000
    with _lock:
        if now > _last_ms:
            _last_ms, _counter = now, int.from_bytes(os.urandom(1), "big")
        elif _counter < _COUNTER_MAX:
            _counter += 1
        else:
            _last_ms, _counter = _last_ms + 1, 0
        ms, counter = _last_ms, _counter
    tail = (0b10 << 62) | (int.from_bytes(os.urandom(8), "big") >> 2)
    return _dashed(f"{ms & 0xFFFFFFFFFFFF:012x}7{counter:03x}{tail:016x}")


def uuid7_many(count: int) -> list[str]:
    """``count`` consecutive UUIDv7s (for bulk writes): one clock read, one draw of randomness."""
    global _last_ms, _counter
    now = time.time_ns() // 1_000_000
    with _lock:
        if now > _last_ms:
            _last_ms, _counter = now, int.from_bytes(os.urandom(1), "big") - 1
        first_ms, first_counter = _last_ms, _counter + 1
        # Past 4,095 within a millisecond the clock borrows the next one.
        _last_ms, _counter = divmod(first_ms * 4096 + first_counter + count - 1, 4096)
    noise = os.urandom(8 * count).hex()
    ids = []
    slot = first_ms * 4096 + first_counter
    head_ms = -1
    head = ""
    for start in range(0, 16 * count, 16):
        ms, counter = divmod(slot, 4096)
        if ms != head_ms:
            stamp = f"{ms & 0xFFFFFFFFFFFF:012x}"
            head, head_ms = f"{stamp[:8]}-{stamp[8:]}-7", ms
        tail = noise[start : start + 16]
        ids.append(f"{head}{counter:03x}-{_VARIANT[tail[0]]}{tail[1:4]}-{tail[4:16]}")
        slot += 1
    return ids


def stable_id(kind: str, *parts: str) -> str:
    """The id of a record that exists once per (kind, parts): a UUIDv5 of the natural key."""
    hasher = _NAMESPACE_HASH.copy()
    hasher.update(f"{kind}:{'/'.join(parts)}".encode())
    d = hasher.hexdigest()
    return f"{d[:8]}-{d[8:12]}-5{d[13:16]}-{_VARIANT[d[16]]}{d[17:20]}-{d[20:32]}"


def uuid7_time_ms(value: str) -> int:
    return uuid.UUID(value).int >> 80


def short_id(entity_id: str) -> str:
    """A short form of an id for people: its last eight characters (the random part of a UUIDv7;
    its first characters are a time stamp, shared by ids made within the same minute)."""
    return entity_id.replace("-", "")[-8:]
