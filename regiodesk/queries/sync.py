"""What sync has to show a person: open conflicts in words (which meeting, item and field, both
versions, who wrote each and when), the devices the region knows and whether they are approved,
the changes held in quarantine and why, and the counts for a badge.

Everything here reads; the commands that act on it are in ``regiodesk.commands.conflicts`` and
``regiodesk.sync.engine``.
"""

from __future__ import annotations

import enum
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from regiodesk.clock import COUNTER_SPAN, MAX_FORWARD_DRIFT_MS, wall_ms
from regiodesk.errors import NotFound
from regiodesk.i18n import N_, _
from regiodesk.references import meeting_reference
from regiodesk.store import Store
from regiodesk.timeutil import from_text

#: What each kind of entity is called (translated when shown).
ENTITY_NAMES: dict[str, str] = {
    "meeting": N_("meeting"),
    "agenda_item": N_("agenda item"),
    "document": N_("document"),
    "position": N_("position"),
    "decision": N_("decision"),
    "action": N_("action"),
    "council_follow_up": N_("council follow-up"),
    "initiative": N_("initiative"),
    "nomination": N_("nomination"),
    "appointment": N_("appointment"),
    "person": N_("person"),
    "trusted_device": N_("device"),
    "sync_conflict": N_("conflict"),
    "attendance": N_("attendance"),
    "decision_list": N_("decision list"),
}

#: What each field with conflicts is called (translated when shown).
FIELD_NAMES: dict[str, str] = {
    "title": N_("title"),
    "location": N_("location"),
    "minutes": N_("minutes of the meeting"),
    "proposal": N_("proposal"),
    "reason": N_("reason"),
    "text": N_("decision text"),
    "description": N_("description"),
    "amendment": N_("amendment"),
    "note": N_("note"),
    "motivation": N_("motivation"),
    "mandate": N_("mandate"),
}


def entity_name(entity: str) -> str:
    return _(ENTITY_NAMES[entity]) if entity in ENTITY_NAMES else entity.replace("_", " ")


def field_name(field: str) -> str:
    return _(FIELD_NAMES[field]) if field in FIELD_NAMES else field.replace("_", " ")


def _moment(text: object) -> datetime | None:
    return from_text(str(text)) if text else None


def _hlc_moment(hlc: int) -> datetime:
    return datetime.fromtimestamp(hlc // COUNTER_SPAN / 1000, tz=UTC)


# Where an entity sits --------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where an entity sits, in words: its meeting and agenda item when it has them."""

    #: What it is: "Position of Almelo", "Agenda item", "Initiative “Fietsroute”".
    what: str
    meeting_id: str | None = None
    #: The meeting as people cite it: "PFO MOB 2026-03 · PFO Mobiliteit december".
    meeting: str = ""
    meeting_starts_at: datetime | None = None
    agenda_item_id: str | None = None
    agenda_item: str = ""
    #: The meeting's decision list is signed: its meeting can no longer change.
    locked: bool = False


def _one(store: Store, sql: str, params: tuple[Any, ...]) -> sqlite3.Row | None:
    rows = store.query(sql, params)
    return rows[0] if rows else None


def _name_of(store: Store, table: str, row_id: object) -> str:
    if not row_id:
        return ""
    return str(store.scalar(f'SELECT name FROM "{table}" WHERE id = ?', (row_id,)) or "")


def _meeting_place(store: Store, what: str, meeting_id: object, item_id: object = None) -> Place:
    item_title = ""
    if item_id:
        item = _one(store, "SELECT meeting_id, title FROM agenda_item WHERE id = ?", (item_id,))
        if item is not None:
            item_title = str(item["title"])
            meeting_id = meeting_id or item["meeting_id"]
    meeting = (
        _one(
            store,
            "SELECT m.number, m.title, m.starts_at, p.short_name, EXISTS (SELECT 1 FROM "
            "decision_list l WHERE l.meeting_id = m.id AND l.deleted = 0 AND l.status IN "
            "('signed', 'adopted')) AS locked FROM meeting m JOIN pfo p ON p.id = m.pfo_id "
            "WHERE m.id = ?",
            (meeting_id,),
        )
        if meeting_id
        else None
    )
    if meeting is None:
        return Place(what, agenda_item_id=str(item_id) if item_id else None, agenda_item=item_title)
    starts = from_text(meeting["starts_at"])
    label = f"{meeting['short_name']} {meeting_reference(starts, meeting['number'] or 0)}"
    if meeting["title"]:
        label += f" · {meeting['title']}"
    return Place(
        what=what,
        meeting_id=str(meeting_id),
        meeting=label,
        meeting_starts_at=starts,
        agenda_item_id=str(item_id) if item_id else None,
        agenda_item=item_title,
        locked=bool(meeting["locked"]),
    )


def place_of(store: Store, entity: str, entity_id: str) -> Place:
    """Where this entity sits, for a person to recognise it."""
    name = entity_name(entity)
    what = name[:1].upper() + name[1:]
    if entity == "meeting":
        return _meeting_place(store, what, entity_id)
    if entity == "agenda_item":
        return _meeting_place(store, what, None, entity_id)
    if entity == "document":
        row = _one(
            store, "SELECT meeting_id, agenda_item_id FROM document WHERE id = ?", (entity_id,)
        )
        if row is None:
            return Place(what)
        return _meeting_place(store, what, row["meeting_id"], row["agenda_item_id"])
    if entity == "action":
        row = _one(
            store,
            "SELECT a.meeting_id, d.agenda_item_id FROM action a "
            "LEFT JOIN decision d ON d.id = a.decision_id WHERE a.id = ?",
            (entity_id,),
        )
        if row is None:
            return Place(what)
        return _meeting_place(store, what, row["meeting_id"], row["agenda_item_id"])
    if entity in ("position", "decision"):
        columns = "agenda_item_id, municipality_id" if entity == "position" else "agenda_item_id"
        row = _one(store, f'SELECT {columns} FROM "{entity}" WHERE id = ?', (entity_id,))
        if row is None:
            return Place(what)
        if entity == "position":
            municipality = _name_of(store, "municipality", row["municipality_id"])
            what = _("Position of {municipality}").format(municipality=municipality)
        return _meeting_place(store, what, None, row["agenda_item_id"])
    if entity == "council_follow_up":
        row = _one(
            store,
            "SELECT f.municipality_id, d.agenda_item_id FROM council_follow_up f "
            "LEFT JOIN decision d ON d.id = f.decision_id WHERE f.id = ?",
            (entity_id,),
        )
        if row is None:
            return Place(what)
        municipality = _name_of(store, "municipality", row["municipality_id"])
        what = _("Council of {municipality}").format(municipality=municipality)
        return _meeting_place(store, what, None, row["agenda_item_id"])
    if entity == "initiative":
        title = store.scalar("SELECT title FROM initiative WHERE id = ?", (entity_id,))
        return Place(_("Initiative “{title}”").format(title=title or ""))
    if entity in ("nomination", "appointment"):
        column = "candidate_id" if entity == "nomination" else "person_id"
        person = store.scalar(f'SELECT {column} FROM "{entity}" WHERE id = ?', (entity_id,))
        label = (
            _("Nomination of {person}") if entity == "nomination" else _("Appointment of {person}")
        )
        return Place(label.format(person=_name_of(store, "person", person)))
    return Place(what)


# Conflicts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """One of a conflict's two versions: the value, and who wrote it where and when."""

    entry_id: str
    value: str
    author_id: str | None
    #: The author's name ("" when the change log does not say: the store's own administrator).
    author: str
    device_id: str
    device_name: str
    written_at: datetime | None


@dataclass(frozen=True)
class ConflictView:
    id: str
    entity: str
    entity_id: str
    field: str
    #: The field as a person reads it ("reason", "proposal").
    field_label: str
    place: Place
    #: The value the store shows now (the later version, unless someone changed it since).
    current: str
    a: Version
    b: Version
    found_at: datetime
    resolved_at: datetime | None
    resolved_by: str

    @property
    def open(self) -> bool:
        return self.resolved_at is None


def _version(store: Store, entry_id: str, value: str) -> Version:
    row = _one(
        store,
        "SELECT c.actor_id, c.hlc, d.device_id, p.name AS author, t.name AS device_name "
        "FROM change_log c JOIN device d ON d.no = c.device_no "
        "LEFT JOIN person p ON p.id = c.actor_id "
        "LEFT JOIN trusted_device t ON t.device_id = d.device_id "
        "WHERE c.entry_id = ?",
        (entry_id,),
    )
    if row is None:
        return Version(entry_id, value, None, "", "", "", None)
    return Version(
        entry_id=entry_id,
        value=value,
        author_id=row["actor_id"],
        author=row["author"] or "",
        device_id=row["device_id"],
        device_name=row["device_name"] or "",
        written_at=_hlc_moment(int(row["hlc"])),
    )


def _conflict(store: Store, row: sqlite3.Row) -> ConflictView:
    entity, field = str(row["entity"]), str(row["field"])
    current = ""
    if entity in ENTITY_NAMES and field in FIELD_NAMES:
        found = store.scalar(f'SELECT "{field}" FROM "{entity}" WHERE id = ?', (row["entity_id"],))
        current = "" if found is None else str(found)
    return ConflictView(
        id=row["id"],
        entity=entity,
        entity_id=row["entity_id"],
        field=field,
        field_label=field_name(field),
        place=place_of(store, entity, row["entity_id"]),
        current=current,
        a=_version(store, row["entry_a"], row["value_a"]),
        b=_version(store, row["entry_b"], row["value_b"]),
        found_at=from_text(row["found_at"]),
        resolved_at=_moment(row["resolved_at"]),
        resolved_by=_name_of(store, "person", row["resolved_by"]),
    )


CONFLICT_SQL = (
    "SELECT id, entity, entity_id, field, entry_a, entry_b, value_a, value_b, found_at, "
    "resolved_at, resolved_by FROM sync_conflict WHERE deleted = 0"
)


def open_conflicts(store: Store) -> list[ConflictView]:
    """The conflicts nobody has resolved yet, the oldest first."""
    rows = store.query(CONFLICT_SQL + " AND resolved_at IS NULL ORDER BY found_at, id")
    return [_conflict(store, row) for row in rows]


def conflict(store: Store, conflict_id: str) -> ConflictView:
    rows = store.query(CONFLICT_SQL + " AND id = ?", (conflict_id,))
    if not rows:
        raise NotFound(kind=_("conflict"), id=conflict_id)
    return _conflict(store, rows[0])


def open_conflict_count(store: Store) -> int:
    return int(
        store.scalar("SELECT count(*) FROM sync_conflict WHERE deleted = 0 AND resolved_at IS NULL")
    )


# Devices ---------------------------------------------------------------------------------------


class DeviceStatus(enum.Enum):
    APPROVED = "approved"
    WAITING = "waiting"
    REVOKED = "revoked"

    @property
    def label(self) -> str:
        return {
            DeviceStatus.APPROVED: _("approved"),
            DeviceStatus.WAITING: _("waiting for approval"),
            DeviceStatus.REVOKED: _("revoked"),
        }[self]


@dataclass(frozen=True)
class DeviceView:
    device_id: str
    name: str
    person_id: str | None
    person: str
    status: DeviceStatus
    approved_at: datetime | None
    approved_by: str
    revoked_at: datetime | None
    #: The newest change of this device that reached this store (applied or held back).
    last_seen: datetime | None
    #: How far the device's clock runs ahead of ours (ms), when it runs ahead more than allowed.
    skew_ms: int | None
    #: The device this store is on.
    this_device: bool
    #: Its changes waiting in quarantine here.
    held_back: int


def devices(store: Store, skew_ms: dict[str, int] | None = None) -> list[DeviceView]:
    """The devices the region knows: waiting ones first, then by person and name.  ``skew_ms``
    adds what the last sync measured (per device id)."""
    newest = {
        str(row[0]): int(row[1])
        for row in store.conn.execute(
            "SELECT d.device_id, max(c.hlc) FROM change_log c JOIN device d "
            "ON d.no = c.device_no GROUP BY d.device_id"
        )
    }
    held: dict[str, int] = {}
    for device_id, raw in store.conn.execute("SELECT device_id, entry FROM quarantine"):
        held[device_id] = held.get(device_id, 0) + 1
        try:
            hlc = int(orjson.loads(raw)[2])
        except (orjson.JSONDecodeError, IndexError, TypeError, ValueError):
            continue
        newest[device_id] = max(newest.get(device_id, 0), hlc)
    now = wall_ms()
    found: list[DeviceView] = []
    for row in store.query(
        "SELECT t.device_id, t.name, t.person_id, p.name AS person, t.approved_at, "
        "a.name AS approver, t.revoked_at FROM trusted_device t "
        "LEFT JOIN person p ON p.id = t.person_id LEFT JOIN person a ON a.id = t.approved_by "
        "WHERE t.deleted = 0"
    ):
        device_id = str(row["device_id"])
        if row["revoked_at"]:
            status = DeviceStatus.REVOKED
        elif row["approved_at"]:
            status = DeviceStatus.APPROVED
        else:
            status = DeviceStatus.WAITING
        latest = newest.get(device_id)
        ahead = (latest // COUNTER_SPAN - now) if latest else 0
        skew = (skew_ms or {}).get(device_id) or (ahead if ahead > MAX_FORWARD_DRIFT_MS else None)
        found.append(
            DeviceView(
                device_id=device_id,
                name=row["name"] or "",
                person_id=row["person_id"],
                person=row["person"] or "",
                status=status,
                approved_at=_moment(row["approved_at"]),
                approved_by=row["approver"] or "",
                revoked_at=_moment(row["revoked_at"]),
                last_seen=_hlc_moment(latest) if latest else None,
                skew_ms=skew,
                this_device=device_id == store.device_id,
                held_back=held.get(device_id, 0),
            )
        )
    order = {DeviceStatus.WAITING: 0, DeviceStatus.APPROVED: 1, DeviceStatus.REVOKED: 2}
    found.sort(key=lambda d: (order[d.status], d.person.casefold(), d.name.casefold(), d.device_id))
    return found


# Quarantine ------------------------------------------------------------------------------------


class HeldKind(enum.Enum):
    UNAPPROVED = "unapproved"
    REFUSED = "refused"
    FORK = "fork"

    @property
    def label(self) -> str:
        return {
            HeldKind.UNAPPROVED: _("device not approved"),
            HeldKind.REFUSED: _("refused"),
            HeldKind.FORK: _("copied store"),
        }[self]


@dataclass(frozen=True)
class HeldChange:
    """A change that came in but was not applied."""

    id: int
    device_id: str
    device_name: str
    seq: int
    kind: HeldKind
    reason: str
    received_at: datetime
    #: What it would change, in words ("Position of Almelo", "agenda item").
    what: str
    entity: str
    entity_id: str
    author: str
    written_at: datetime | None
    #: The fields it sets, by name.
    fields: tuple[str, ...]


def _kind(text: str) -> HeldKind:
    try:
        return HeldKind(text)
    except ValueError:
        return HeldKind.REFUSED


def quarantined(store: Store, limit: int = 500) -> list[HeldChange]:
    """Changes held back here, the newest first."""
    names = {
        str(row[0]): str(row[1] or "")
        for row in store.conn.execute("SELECT device_id, name FROM trusted_device")
    }
    held: list[HeldChange] = []
    for row in store.query(
        "SELECT id, device_id, seq, entry, kind, reason, received_at FROM quarantine "
        "ORDER BY received_at DESC, id DESC LIMIT ?",
        (limit,),
    ):
        try:
            values = orjson.loads(row["entry"])
            hlc, actor, entity, entity_id = values[2], values[3], values[4], values[5]
            fields = tuple(sorted(values[7])) if isinstance(values[7], dict) else ()
        except (orjson.JSONDecodeError, IndexError, TypeError):
            hlc, actor, entity, entity_id, fields = None, None, "", "", ()
        place = place_of(store, str(entity), str(entity_id)) if entity else Place("")
        what = place.what
        if place.meeting:
            what = f"{what} · {place.meeting}"
        held.append(
            HeldChange(
                id=int(row["id"]),
                device_id=row["device_id"],
                device_name=names.get(row["device_id"], ""),
                seq=int(row["seq"]),
                kind=_kind(str(row["kind"])),
                reason=row["reason"],
                received_at=from_text(row["received_at"]),
                what=what,
                entity=str(entity),
                entity_id=str(entity_id),
                author=_name_of(store, "person", actor),
                written_at=_hlc_moment(int(hlc)) if isinstance(hlc, int) else None,
                fields=fields,
            )
        )
    return held


# Counts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncCounts:
    open_conflicts: int
    waiting_devices: int
    quarantined: int


def sync_counts(store: Store) -> SyncCounts:
    return SyncCounts(
        open_conflicts=open_conflict_count(store),
        waiting_devices=int(
            store.scalar(
                "SELECT count(*) FROM trusted_device WHERE deleted = 0 AND approved_at IS NULL "
                "AND revoked_at IS NULL"
            )
        ),
        quarantined=int(store.scalar("SELECT count(*) FROM quarantine")),
    )
