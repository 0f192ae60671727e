"""A batch: some of one device's change-log entries as one immutable, signed file.

    {"format": ..., "device": ..., "first": 41, "last": 80, "previous": "<chain of batch before>"}
    [entry_id, seq, hlc, actor_id, entity, entity_id, op, fields, seen]      one line per entry
    ...
    {"count": 38, "chain": "<sha256 chain head>", "signature": "<Ed25519, base64>"}

The batch covers the sequence numbers ``first`` to ``last`` of its device; entries that never
travel (private notes) leave holes inside that range, never between batches.  The chain hashes
the header and every entry line in turn; the signature covers every byte before the trailer.
A reader verifies those exact bytes before it parses anything (nothing is re-serialised).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from regiodesk.changelog.entry import Entry, Op
from regiodesk.errors import RegioDeskError
from regiodesk.i18n import N_, _
from regiodesk.sync.keys import verify

FORMAT = "regiodesk-batch/1"


class BatchDamaged(RegioDeskError):
    template = N_("The batch {name} cannot be used: {reason}. It was not applied; nothing is lost.")


@dataclass(frozen=True)
class Batch:
    device_id: str
    first: int
    last: int
    #: The chain head of the device's batch before this one ("" for its first).
    previous: str
    entries: tuple[Entry, ...]
    chain: str


def _line(entry: Entry) -> bytes:
    values: list[Any] = [
        entry.entry_id,
        entry.seq,
        entry.hlc,
        entry.actor_id,
        entry.entity,
        entry.entity_id,
        entry.op.value,
        entry.fields,
        entry.seen,
    ]
    return orjson.dumps(values) + b"\n"


def _step(chain: bytes, line: bytes) -> bytes:
    return hashlib.sha256(chain + line).digest()


def encode(
    device_id: str,
    first: int,
    last: int,
    previous: str,
    entries: Sequence[Entry],
    key: Ed25519PrivateKey,
) -> bytes:
    header = (
        orjson.dumps(
            {
                "format": FORMAT,
                "device": device_id,
                "first": first,
                "last": last,
                "previous": previous,
            }
        )
        + b"\n"
    )
    chain = hashlib.sha256(header).digest()
    body = bytearray(header)
    for entry in entries:
        line = _line(entry)
        chain = _step(chain, line)
        body += line
    signature = base64.b64encode(key.sign(bytes(body))).decode()
    trailer = orjson.dumps({"count": len(entries), "chain": chain.hex(), "signature": signature})
    return bytes(body) + trailer + b"\n"


def read_header(data: bytes, name: str) -> dict[str, Any]:
    """The header of a batch (to know whose it is before verifying it)."""
    end = data.find(b"\n")
    try:
        header = orjson.loads(data[: end if end >= 0 else len(data)])
    except orjson.JSONDecodeError:
        raise BatchDamaged(name=name, reason=_("its first line is not a batch header")) from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BatchDamaged(name=name, reason=_("it is not a RegioDesk batch"))
    return header


def decode(data: bytes, public_key: str, name: str) -> Batch:
    """Verify and read a batch; every fault is a ``BatchDamaged`` that says what is wrong."""
    if not data:
        raise BatchDamaged(
            name=name, reason=_("the file is empty (a placeholder not yet downloaded?)")
        )
    header = read_header(data, name)
    if not data.endswith(b"\n"):
        raise BatchDamaged(name=name, reason=_("it is cut off (no trailer)"))
    cut = data.rfind(b"\n", 0, len(data) - 1)
    signed, trailer_line = data[: cut + 1], data[cut + 1 : -1]
    try:
        trailer = orjson.loads(trailer_line)
        count, chain_hex = int(trailer["count"]), str(trailer["chain"])
        signature = base64.b64decode(trailer["signature"], validate=True)
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        raise BatchDamaged(name=name, reason=_("it has no valid trailer (cut off?)")) from None
    if not verify(public_key, signed, signature):
        raise BatchDamaged(name=name, reason=_("its signature does not match its device's key"))
    lines = signed.split(b"\n")[1:-1]
    if len(lines) != count:
        raise BatchDamaged(name=name, reason=_("its entry count does not match"))
    chain = hashlib.sha256(signed[: signed.find(b"\n") + 1]).digest()
    entries: list[Entry] = []
    device = str(header.get("device"))
    first, last = int(header.get("first", 0)), int(header.get("last", -1))
    for raw in lines:
        chain = _step(chain, raw + b"\n")
        try:
            values = orjson.loads(raw)
            entry = Entry(
                entry_id=str(values[0]),
                device_id=device,
                seq=int(values[1]),
                hlc=int(values[2]),
                actor_id=values[3],
                entity=str(values[4]),
                entity_id=str(values[5]),
                op=Op.of(values[6]),
                fields=dict(values[7]),
                seen=values[8],
            )
        except (orjson.JSONDecodeError, IndexError, TypeError, ValueError):
            raise BatchDamaged(name=name, reason=_("an entry cannot be read")) from None
        if not first <= entry.seq <= last or (entries and entry.seq <= entries[-1].seq):
            raise BatchDamaged(name=name, reason=_("its sequence numbers are out of order"))
        entries.append(entry)
    if chain.hex() != chain_hex:
        raise BatchDamaged(name=name, reason=_("its hash chain does not match"))
    return Batch(device, first, last, str(header.get("previous", "")), tuple(entries), chain_hex)
