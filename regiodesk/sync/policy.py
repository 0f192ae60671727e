"""Authorisation on import: each change from another device is checked against its author's rights
at that moment, and against the lock of signed decision lists.  A refused change is kept in
quarantine with the reason; it is never applied."""

from __future__ import annotations

from regiodesk.changelog.entry import Entry
from regiodesk.clock import COUNTER_SPAN
from regiodesk.i18n import _
from regiodesk.permissions import (
    Actor,
    can_edit_meeting,
    can_record_position,
    is_admin,
    is_secretary,
)
from regiodesk.store import Store
from regiodesk.timeutil import from_text

#: Only the region's administrators and secretaries change these.
GOVERNED = frozenset(
    {
        "region",
        "municipality",
        "pfo",
        "membership",
        "role_assignment",
        "trusted_device",
        "signing_authority",
    }
)


#: Only the PFO's secretary and the meeting's chair change these (and the meeting they belong to).
EDITED_BY_SECRETARY_OR_CHAIR = frozenset(
    {"meeting", "agenda_item", "decision", "attendance", "action", "decision_list", "document"}
)


def _value(store: Store, entry: Entry, name: str) -> str | None:
    if name in entry.fields:
        value = entry.fields[name]
        return None if value is None else str(value)
    found = store.scalar(f'SELECT "{name}" FROM "{entry.entity}" WHERE id = ?', (entry.entity_id,))
    return None if found is None else str(found)


def _meeting_of(store: Store, entry: Entry) -> str | None:
    if entry.entity in ("position", "decision"):
        item = _value(store, entry, "agenda_item_id")
        if item is None:
            return None
        found = store.scalar("SELECT meeting_id FROM agenda_item WHERE id = ?", (item,))
        return None if found is None else str(found)
    if entry.entity in ("attendance", "agenda_item"):
        return _value(store, entry, "meeting_id")
    return None


def _locked_since_ms(store: Store, meeting_id: str) -> int | None:
    signed = store.scalar(
        "SELECT min(chair_signed_at) FROM decision_list WHERE meeting_id = ? AND deleted = 0",
        (meeting_id,),
    )
    if not signed:
        return None
    return int(from_text(str(signed)).timestamp() * 1000)


def refusal(store: Store, entry: Entry) -> str | None:
    """Why this change may not be applied here (None: it may)."""
    if entry.entity == "private_note":
        return _("private notes never leave their owner's device")
    actor = Actor(entry.actor_id)
    if (
        entry.entity in GOVERNED
        and not actor.is_system
        and not (is_admin(store, actor) or is_secretary(store, actor, ""))
    ):
        return _("only the region's administrators and secretariat change {table}").format(
            table=entry.entity
        )
    meeting_id = _meeting_of(store, entry)
    if meeting_id is not None:
        locked = _locked_since_ms(store, meeting_id)
        if locked is not None and entry.hlc // COUNTER_SPAN > locked:
            return _("the decision list of that meeting is signed; the meeting cannot change")
    if entry.entity in EDITED_BY_SECRETARY_OR_CHAIR and not actor.is_system:
        refused = _editor_refusal(store, entry, actor, meeting_id)
        if refused:
            return refused
    if entry.entity == "position" and not actor.is_system and meeting_id is not None:
        municipality = _value(store, entry, "municipality_id")
        pfo = store.scalar("SELECT pfo_id FROM meeting WHERE id = ?", (meeting_id,))
        if (
            municipality
            and pfo
            and not can_record_position(store, actor, meeting_id, str(pfo), municipality)
        ):
            return _("its author may not record the position of that municipality")
    return None


def _editor_refusal(store: Store, entry: Entry, actor: Actor, meeting_id: str | None) -> str | None:
    if entry.entity == "meeting":
        meeting_id = entry.entity_id
    elif meeting_id is None:
        meeting_id = _value(store, entry, "meeting_id")
    if meeting_id is None:
        return None  # what it belongs to has not arrived yet: judged by its device's trust
    pfo = _value(store, entry, "pfo_id") if entry.entity == "meeting" else None
    pfo = pfo or store.scalar("SELECT pfo_id FROM meeting WHERE id = ?", (meeting_id,))
    if pfo is None or can_edit_meeting(store, actor, meeting_id, str(pfo)):
        return None
    return _("only the PFO's secretary and the chair change meetings, agendas and decisions")
