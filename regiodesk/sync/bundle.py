"""A bundle: the region's changes in one signed file, for a server job that exports, an e-mail or
a USB stick.  Importing a bundle takes the same path as a sync (``engine._apply``): the same
rights, the same log, the same replay.

    {"format": "regiodesk-bundle/1", "exporter": "<device>", "since": <clock or null>}
    [device_id, entry_id, seq, hlc, actor_id, entity, entity_id, op, fields, seen]   per entry
    {"count": n, "chain": "<sha256 chain head>", "signature": "<exporter's Ed25519, base64>"}

The exporter signs the whole; each entry keeps its author device, whose approval (and whose
author's rights) the importing store checks as for a root.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from regiodesk.bulk import collector_paused
from regiodesk.changelog.entry import SELECT_ENTRY_SQL, Entry, Op
from regiodesk.errors import RegioDeskError
from regiodesk.files import write_atomically
from regiodesk.i18n import N_, _
from regiodesk.ids import short_id
from regiodesk.store import Store
from regiodesk.sync.engine import NEVER_SENT, SyncReport, _apply, _quarantine, _trusted_key
from regiodesk.sync.keys import device_key, public_text, verify

FORMAT = "regiodesk-bundle/1"


class BundleRefused(RegioDeskError):
    template = N_("The bundle {name} cannot be imported: {reason}. Nothing was changed.")


def _line(entry: Entry) -> bytes:
    return (
        orjson.dumps(
            [
                entry.device_id,
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
        )
        + b"\n"
    )


def export_bundle(
    store: Store, path: Path, since_hlc: int | None = None, key: Ed25519PrivateKey | None = None
) -> int:
    """Write every change this store holds (newer than ``since_hlc``) to ``path``; returns how
    many.  Private notes stay behind."""
    key = key or device_key(store.device_id)
    header = (
        orjson.dumps(
            {
                "format": FORMAT,
                "exporter": store.device_id,
                "public_key": public_text(key),
                "since": since_hlc,
            }
        )
        + b"\n"
    )
    chain = hashlib.sha256(header).digest()
    body = bytearray(header)
    count = 0
    cursor = store.conn.execute(
        SELECT_ENTRY_SQL
        + " WHERE c.hlc > ? AND c.entity NOT IN ({}) ORDER BY c.hlc, d.device_id".format(
            ", ".join("?" for _ in NEVER_SENT)
        ),
        (since_hlc if since_hlc is not None else -1, *NEVER_SENT),
    )
    while rows := cursor.fetchmany(5000):
        for row in rows:
            line = _line(Entry.from_row(row))
            chain = hashlib.sha256(chain + line).digest()
            body += line
            count += 1
    signature = base64.b64encode(key.sign(bytes(body))).decode()
    trailer = orjson.dumps({"count": count, "chain": chain.hex(), "signature": signature})
    write_atomically(path, bytes(body) + trailer + b"\n")
    return count


def _entries(data: bytes, name: str) -> tuple[dict[str, Any], list[Entry]]:
    def refuse(reason: str) -> BundleRefused:
        return BundleRefused(name=name, reason=reason)

    end = data.find(b"\n")
    try:
        header = orjson.loads(data[: end if end >= 0 else len(data)])
    except orjson.JSONDecodeError:
        raise refuse(_("it is not a RegioDesk bundle")) from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise refuse(_("it is not a RegioDesk bundle"))
    if not data.endswith(b"\n"):
        raise refuse(_("it is cut off"))
    cut = data.rfind(b"\n", 0, len(data) - 1)
    signed = data[: cut + 1]
    try:
        trailer = orjson.loads(data[cut + 1 : -1])
        signature = base64.b64decode(trailer["signature"], validate=True)
        count, chain_hex = int(trailer["count"]), str(trailer["chain"])
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        raise refuse(_("it is cut off")) from None
    if not verify(str(header.get("public_key", "")), signed, signature):
        raise refuse(_("its signature does not match"))
    chain = hashlib.sha256(signed[: end + 1]).digest()
    entries: list[Entry] = []
    for raw in signed.split(b"\n")[1:-1]:
        chain = hashlib.sha256(chain + raw + b"\n").digest()
        try:
            v = orjson.loads(raw)
            entries.append(
                Entry(
                    str(v[1]),
                    str(v[0]),
                    int(v[2]),
                    int(v[3]),
                    v[4],
                    str(v[5]),
                    str(v[6]),
                    Op.of(v[7]),
                    dict(v[8]),
                    v[9],
                )
            )
        except (orjson.JSONDecodeError, IndexError, TypeError, ValueError):
            raise refuse(_("an entry cannot be read")) from None
    if len(entries) != count or chain.hex() != chain_hex:
        raise refuse(_("its content does not match its trailer"))
    return header, entries


def import_bundle(store: Store, data: bytes, name: str = "") -> SyncReport:
    """Take in a bundle: refused whole if damaged or from a device the region has not approved;
    else each entry as from a root."""
    with collector_paused():
        return _import_bundle(store, data, name)


def _import_bundle(store: Store, data: bytes, name: str) -> SyncReport:
    header, entries = _entries(data, name)
    exporter = str(header.get("exporter", ""))
    if exporter != store.device_id:
        known, trusted = _trusted_key(store, exporter)
        if not trusted or known != header.get("public_key"):
            raise BundleRefused(
                name=name,
                reason=_(
                    "it was exported by device {device}, which the region has not approved"
                ).format(device=short_id(exporter)),
            )
    report = SyncReport()
    with store.write(None) as writer:
        accepted: list[Entry] = []
        approved: dict[str, bool] = {}
        for entry in entries:
            if entry.device_id not in approved:
                approved[entry.device_id] = (
                    entry.device_id == store.device_id or _trusted_key(store, entry.device_id)[1]
                )
            known = store.conn.execute(
                "SELECT c.entry_id FROM change_log c JOIN device d ON d.no = c.device_no "
                "WHERE d.device_id = ? AND c.seq = ?",
                (entry.device_id, entry.seq),
            ).fetchone()
            if known is not None:
                if known[0] != entry.entry_id:
                    _quarantine(
                        store,
                        entry,
                        _("the same change number with other content: a copied store (fork)"),
                        "fork",
                    )
                    report.quarantined += 1
                continue
            if not approved[entry.device_id]:
                _quarantine(store, entry, _("its device is not approved yet"), "unapproved")
                report.quarantined += 1
                continue
            accepted.append(entry)
        _apply(store, writer, accepted, report)
    return report
