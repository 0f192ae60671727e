"""One sync with a root: publish this device, send what is new here, take in what is new there.

Sending writes this device's new entries as batches in its own folder (only it writes there).
Taking in reads, per other device, only the batches past this store's mark; verifies them; keeps
a device that is not approved, and changes outside their author's rights, in quarantine; logs
the rest once; and replays what they touch (``merge``).  Marks move in the same transaction as
the entries they cover, so a sync killed halfway simply goes on next time: all there, nothing
twice.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from regiodesk.bulk import collector_paused
from regiodesk.changelog.entry import SELECT_ENTRY_SQL, Entry, Op
from regiodesk.clock import COUNTER_SPAN, MAX_FORWARD_DRIFT_MS, Hlc, wall_ms
from regiodesk.errors import RegioDeskError
from regiodesk.i18n import N_, _
from regiodesk.ids import short_id, stable_id
from regiodesk.store import Store
from regiodesk.sync.batch import Batch, BatchDamaged, decode, encode
from regiodesk.sync.folder import BatchName
from regiodesk.sync.keys import device_key, public_text
from regiodesk.sync.merge import FoundConflict, add_to_log, replay_all
from regiodesk.sync.policy import refusal
from regiodesk.sync.root import Root
from regiodesk.timeutil import to_text, utc_now

log = logging.getLogger(__name__)
BATCH_SIZE = 5000
#: Entries that stay on their device (see ``policy``).
NEVER_SENT = ("private_note",)


class ClonedDevice(RegioDeskError):
    template = N_(
        "Another store uses this device's id ({device}) in the sync root: the store file was "
        "copied. Nothing was sent. Give this store a new device id (regiodesk-cli devices new-id) "
        "and sync again; nothing is lost."
    )


@dataclass
class SyncReport:
    sent: int = 0
    received: int = 0
    quarantined: int = 0
    conflicts: int = 0
    #: What a person should know: waiting batches, damaged files, new devices, skewed clocks.
    notes: list[str] = field(default_factory=list)
    #: Files in the root that are not batches (conflict copies, temporary files).
    passed_over: list[str] = field(default_factory=list)
    #: Per device, how far its newest clock is ahead of ours (ms; only when ahead).
    skew_ms: dict[str, int] = field(default_factory=dict)


@dataclass
class _Incoming:
    device_id: str
    public_key: str
    batches: list[tuple[BatchName, Batch]]
    trusted: bool


def _mark(store: Store, root_id: str, device_id: str) -> tuple[int, str]:
    row = store.conn.execute(
        "SELECT seq, chain FROM sync_mark WHERE root_id = ? AND device_id = ?",
        (root_id, device_id),
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else (0, "")


def _set_mark(store: Store, root_id: str, device_id: str, seq: int, chain: str) -> None:
    store.conn.execute(
        "INSERT INTO sync_mark (root_id, device_id, seq, chain) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (root_id, device_id) DO UPDATE SET seq = excluded.seq, chain = excluded.chain",
        (root_id, device_id, seq, chain),
    )


# Publishing and sending ------------------------------------------------------------------------


def create_root(store: Store, root: Root, person_id: str | None = None) -> dict[str, Any]:
    """Make a new root whose founder is this device (which the region then trusts)."""
    region = str(store.scalar("SELECT code FROM region WHERE deleted = 0 LIMIT 1") or "")
    info = root.create(region, store.device_id)
    key = device_key(store.device_id)
    trust_device(store, person_id, store.device_id, public_text(key), person_id, "")
    return info


def trust_device(
    store: Store,
    actor_id: str | None,
    device_id: str,
    public_key: str,
    person_id: str | None,
    name: str,
) -> None:
    """Approve a device (its changes apply from now on, and those held back are released)."""
    from regiodesk import model

    row_id = stable_id("trusted_device", device_id)
    with store.write(actor_id) as writer:
        values = {
            "device_id": device_id,
            "public_key": public_key,
            "person_id": person_id
            if person_id and store.scalar("SELECT 1 FROM person WHERE id = ?", (person_id,))
            else None,
            "name": name,
            "approved_at": utc_now(),
            "approved_by": actor_id,
            "revoked_at": None,
        }
        if store.scalar("SELECT 1 FROM trusted_device WHERE id = ?", (row_id,)):
            writer.update(model.TrustedDevice, row_id, values)
        else:
            writer.create(model.TrustedDevice, {"id": row_id, **values})


def _register_pending(
    store: Store, device_id: str, public_key: str, person_id: object, name: str
) -> None:
    from regiodesk import model

    with store.write(None) as writer:
        writer.create(
            model.TrustedDevice,
            {
                "id": stable_id("trusted_device", device_id),
                "device_id": device_id,
                "public_key": public_key,
                "person_id": person_id
                if isinstance(person_id, str)
                and store.scalar("SELECT 1 FROM person WHERE id = ?", (person_id,))
                else None,
                "name": name,
            },
        )


def approve_device(store: Store, actor_id: str | None, device_id: str) -> None:
    """A secretary approves a device the region has seen; its held-back changes apply at the
    next sync (on every device, once the approval has reached it)."""
    from regiodesk import model
    from regiodesk.errors import NotFound, NotPermitted
    from regiodesk.permissions import Actor, is_secretary

    if not is_secretary(store, Actor(actor_id), ""):
        raise NotPermitted(
            action=_("approve a device"), reason=_("only the region's secretariat does this")
        )
    row_id = stable_id("trusted_device", device_id)
    if not store.scalar("SELECT 1 FROM trusted_device WHERE id = ?", (row_id,)):
        raise NotFound(kind=_("device"), id=device_id)
    with store.write(actor_id) as writer:
        writer.update(
            model.TrustedDevice,
            row_id,
            {"approved_at": utc_now(), "approved_by": actor_id, "revoked_at": None},
        )


def _publish(
    store: Store, root: Root, key: Ed25519PrivateKey, person_id: str | None, name: str
) -> None:
    wanted = {
        "device": store.device_id,
        "public_key": public_text(key),
        "person": person_id,
        "name": name,
    }
    path = Path("devices") / store.device_id / "device.json"
    current = root.read(path)
    if current is None or orjson.loads(current) != wanted:
        root.write(path, orjson.dumps(wanted, option=orjson.OPT_INDENT_2))


def _own_entries(store: Store, after: int) -> list[Entry]:
    rows = store.conn.execute(
        SELECT_ENTRY_SQL + " WHERE c.device_no = ? AND c.seq > ? ORDER BY c.seq",
        (store.device_no, after),
    ).fetchall()
    return [Entry.from_row(row) for row in rows]


def _send(store: Store, root: Root, root_id: str, key: Ed25519PrivateKey) -> int:
    mark, chain = _mark(store, root_id, store.device_id)
    head = store.next_seq - 1
    names, _passed = root.batches(store.device_id)
    if any(name.last > head for name in names):
        raise ClonedDevice(device=store.device_id)
    sent = 0
    entries = _own_entries(store, mark)
    while mark < head:
        chunk = entries[:BATCH_SIZE]
        entries = entries[BATCH_SIZE:]
        last = chunk[-1].seq if entries and chunk else head
        travelling = [entry for entry in chunk if entry.entity not in NEVER_SENT]
        data = encode(store.device_id, mark + 1, last, chain, travelling, key)
        name = BatchName(mark + 1, last)
        relative = Path("devices") / store.device_id / name.text
        existing = root.read(relative)
        if existing is not None and existing != data:
            raise ClonedDevice(device=store.device_id)
        if existing is None:
            root.write(relative, data)
        _send_blobs(store, root, travelling)
        batch = decode(data, public_text(key), name.text)
        with store.write(None):
            _set_mark(store, root_id, store.device_id, last, batch.chain)
        mark, chain = last, batch.chain
        sent += len(travelling)
    return sent


def _send_blobs(store: Store, root: Root, entries: Sequence[Entry]) -> None:
    for entry in entries:
        if entry.entity == "document_version" and "sha256" in entry.fields:
            sha = str(entry.fields["sha256"])
            relative = Path("blobs") / sha
            if store.blobs.has(sha) and root.read(relative) is None:
                root.write(relative, store.blobs.path_of(sha).read_bytes())


def _fetch_blobs(store: Store, root: Root, entries: Sequence[Entry]) -> None:
    for entry in entries:
        if entry.entity == "document_version" and "sha256" in entry.fields:
            sha = str(entry.fields["sha256"])
            if not store.blobs.has(sha):
                data = root.read(Path("blobs") / sha)
                if data is not None:
                    store.blobs.put_bytes(data)


# Taking in -------------------------------------------------------------------------------------


def _trusted_key(store: Store, device_id: str) -> tuple[str | None, bool]:
    row = store.conn.execute(
        "SELECT public_key, approved_at, revoked_at FROM trusted_device "
        "WHERE device_id = ? AND deleted = 0",
        (device_id,),
    ).fetchone()
    if row is None:
        return None, False
    return str(row[0]), bool(row[1]) and row[2] is None


def _read_device(
    store: Store, root: Root, root_info: dict[str, Any], device_id: str, report: SyncReport
) -> _Incoming | None:
    raw = root.read(Path("devices") / device_id / "device.json")
    try:
        published = orjson.loads(raw) if raw else None
        public_key = str(published["public_key"]) if published else ""
    except (orjson.JSONDecodeError, KeyError, TypeError):
        public_key = ""
    if not public_key:
        report.notes.append(
            _("Device {device} has no readable device.json yet.").format(device=short_id(device_id))
        )
        return None
    known, trusted = _trusted_key(store, device_id)
    if (
        known is None
        and device_id == root_info.get("founder")
        and not store.scalar("SELECT 1 FROM trusted_device WHERE deleted = 0")
    ):  # a new store trusts the root's founder, once
        trust_device(store, None, device_id, public_key, (published or {}).get("person"), "")
        known, trusted = public_key, True
    if known is None:  # a new device: the region sees it, a secretary approves it
        _register_pending(
            store,
            device_id,
            public_key,
            (published or {}).get("person"),
            str((published or {}).get("name") or ""),
        )
        report.notes.append(
            _("New device {device}: its changes wait until a secretary approves it.").format(
                device=short_id(device_id)
            )
        )
    if known is not None and known != public_key:
        report.notes.append(
            _("Device {device} published another key; its batches are refused.").format(
                device=short_id(device_id)
            )
        )
        return None
    mark, chain = _mark(store, root_info["root_id"], device_id)
    names, passed = root.batches(device_id)
    report.passed_over += [f"{short_id(device_id)}/{name}" for name in passed]
    batches: list[tuple[BatchName, Batch]] = []
    for name in names:
        if name.last <= mark:
            continue
        if name.first != mark + 1:
            if name.first > mark + 1:
                report.notes.append(
                    _("Device {device}: waiting for its changes {first} to {last}.").format(
                        device=short_id(device_id), first=mark + 1, last=name.first - 1
                    )
                )
                break
            continue  # an overlapping leftover of an interrupted write
        data = root.read(Path("devices") / device_id / name.text) or b""
        try:
            batch = decode(data, public_key, name.text)
        except BatchDamaged as error:
            report.notes.append(error.message())
            break
        if batch.previous != chain:
            report.notes.append(
                _(
                    "Device {device}: batch {name} does not continue the one "
                    "before (a copied store?); it waits."
                ).format(device=short_id(device_id), name=name.text)
            )
            break
        batches.append((name, batch))
        mark, chain = batch.last, batch.chain
    return _Incoming(device_id, public_key, batches, trusted)


def _quarantine(store: Store, entry: Entry, reason: str, kind: str = "refused") -> None:
    store.conn.execute(
        "INSERT INTO quarantine (device_id, seq, entry, kind, reason, received_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (
            entry.device_id,
            entry.seq,
            orjson.dumps(
                [
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
            ).decode(),
            kind,
            reason,
            to_text(utc_now()),
        ),
    )


def _released(store: Store) -> list[Entry]:
    """Entries of devices approved since they came in: out of quarantine, to be checked again."""
    rows = store.conn.execute(
        "SELECT q.id, q.device_id, q.entry FROM quarantine q JOIN trusted_device t "
        "ON t.device_id = q.device_id AND t.deleted = 0 AND t.approved_at IS NOT NULL "
        "AND t.revoked_at IS NULL WHERE q.kind = 'unapproved' ORDER BY q.id"
    ).fetchall()
    entries: list[Entry] = []
    for row_id, device_id, raw in rows:
        values = orjson.loads(raw)
        entries.append(
            Entry(
                values[0],
                device_id,
                values[1],
                values[2],
                values[3],
                values[4],
                values[5],
                Op.of(values[6]),
                values[7],
                values[8],
            )
        )
        store.conn.execute("DELETE FROM quarantine WHERE id = ?", (row_id,))
    return entries


def _record_conflicts(writer: Any, store: Store, found: Sequence[FoundConflict]) -> int:
    from regiodesk import model

    made = 0
    for conflict in found:
        row_id = stable_id(
            "sync_conflict", conflict.entity_id, conflict.field, conflict.entry_a, conflict.entry_b
        )
        if store.scalar("SELECT 1 FROM sync_conflict WHERE id = ?", (row_id,)):
            continue
        writer.create(
            model.SyncConflict,
            {
                "id": row_id,
                "entity": conflict.entity,
                "entity_id": conflict.entity_id,
                "field": conflict.field,
                "entry_a": conflict.entry_a,
                "entry_b": conflict.entry_b,
                "value_a": "" if conflict.value_a is None else str(conflict.value_a),
                "value_b": "" if conflict.value_b is None else str(conflict.value_b),
                "found_at": utc_now(),
            },
        )
        made += 1
    return made


def _take_in(store: Store, root: Root, root_info: dict[str, Any], report: SyncReport) -> None:
    root_id = root_info["root_id"]
    incoming = [
        found
        for device_id in root.devices()
        if device_id != store.device_id
        and (found := _read_device(store, root, root_info, device_id, report)) is not None
    ]
    with store.write(None) as writer:
        accepted: list[Entry] = []
        for device in incoming:
            number = store.device_number(device.device_id)
            for _name, batch in device.batches:
                for entry in batch.entries:
                    known = store.conn.execute(
                        "SELECT entry_id FROM change_log WHERE device_no = ? AND seq = ?",
                        (number, entry.seq),
                    ).fetchone()
                    if known is not None:
                        if known[0] != entry.entry_id:
                            _quarantine(
                                store,
                                entry,
                                _(
                                    "the same change number with other "
                                    "content: a copied store (fork)"
                                ),
                                "fork",
                            )
                            report.quarantined += 1
                        continue
                    if not device.trusted:
                        reason = _("its device is not approved yet")
                        _quarantine(store, entry, reason, "unapproved")
                        report.quarantined += 1
                        continue
                    accepted.append(entry)
                _set_mark(store, root_id, device.device_id, batch.last, batch.chain)
            if not device.trusted and device.batches:
                report.notes.append(
                    _("Device {device} is not approved; its changes wait in quarantine.").format(
                        device=short_id(device.device_id)
                    )
                )
        new = _apply(store, writer, accepted, report)
    _fetch_blobs(store, root, new)


def _apply(store: Store, writer: Any, entries: list[Entry], report: SyncReport) -> list[Entry]:
    """The one path by which entries from elsewhere (a root or a bundle) enter this store: the
    rights of their authors, the log (once), the replay, the conflicts, the clock."""
    now = wall_ms()
    accepted = entries + _released(store)
    checked: list[Entry] = []
    for entry in sorted(accepted, key=lambda e: (e.hlc, e.device_id)):
        refused = refusal(store, entry)
        if refused:
            _quarantine(store, entry, refused)
            report.quarantined += 1
        else:
            checked.append(entry)
    new: list[Entry] = []
    for device_id in sorted({e.device_id for e in checked}):
        mine = [e for e in checked if e.device_id == device_id]
        new += add_to_log(store.conn, store.device_number(device_id), mine)
    replayed = replay_all(store.conn, new, _pending(store))
    store.set_meta("sync_waiting", orjson.dumps(replayed.waiting).decode())
    for table, ids in replayed.touched.items():
        writer.changes.add_many(table, sorted(ids))
    report.conflicts += _record_conflicts(writer, store, replayed.conflicts)
    report.received += len(new)
    for entry in new:
        ahead = entry.hlc // COUNTER_SPAN - now
        if ahead > MAX_FORWARD_DRIFT_MS:
            report.skew_ms[entry.device_id] = max(report.skew_ms.get(entry.device_id, 0), ahead)
        else:
            store.clock.observe(Hlc.unpack(entry.hlc, entry.device_id))
    return new


def _pending(store: Store) -> list[tuple[str, str]]:
    raw = store.meta("sync_waiting")
    return [(str(pair[0]), str(pair[1])) for pair in orjson.loads(raw)] if raw else []


def sync(
    store: Store,
    root: Root,
    *,
    person_id: str | None = None,
    device_name: str = "",
    key: Ed25519PrivateKey | None = None,
) -> SyncReport:
    """One sync with ``root``: send, then take in.  Raises ``RootNotReady`` (nothing happened)
    or ``ClonedDevice``; every other fault is a note in the report."""
    info = root.sentinel()
    key = key or device_key(store.device_id)
    report = SyncReport()
    _publish(store, root, key, person_id, device_name)
    report.sent = _send(store, root, str(info["root_id"]), key)
    with collector_paused():
        _take_in(store, root, info, report)
    for device, ahead in report.skew_ms.items():
        report.notes.append(
            _(
                "The clock of device {device} runs {hours:.1f} hours ahead; its changes are kept, "
                "our clock does not follow it."
            ).format(device=short_id(device), hours=ahead / 3_600_000)
        )
    log.info(
        "sync: sent %d, received %d, quarantined %d, conflicts %d",
        report.sent,
        report.received,
        report.quarantined,
        report.conflicts,
    )
    return report
