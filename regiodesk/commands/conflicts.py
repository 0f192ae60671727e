"""Acting on what sync found: resolving a conflict, and revoking a device.

Resolving writes the chosen (or merged) text to the field through the normal writer, so the
resolution is itself a change that syncs, and marks the conflict resolved in the same write.  The
one who resolves needs the right to change that field as any command would ask it, and a meeting
whose decision list is signed cannot change.
"""

from __future__ import annotations

from regiodesk import model
from regiodesk.commands._common import ensure_unlocked, fetch, meeting_facts, require_text
from regiodesk.errors import DomainRuleError, NotFound, NotPermitted
from regiodesk.i18n import N_, _
from regiodesk.ids import stable_id
from regiodesk.permissions import (
    Actor,
    can_edit_meeting,
    can_record_position,
    is_admin,
    is_secretary,
    member_municipalities,
    require_meeting_editor,
)
from regiodesk.store import Store
from regiodesk.timeutil import utc_now

#: Fields that may not be left empty (as their own commands require).
REQUIRED = frozenset(
    {
        ("meeting", "title"),
        ("agenda_item", "title"),
        ("document", "title"),
        ("action", "description"),
        ("initiative", "title"),
        ("nomination", "motivation"),
    }
)


class ConflictResolved(DomainRuleError):
    template = N_("This conflict was already resolved by {person}; nothing was changed.")


def _refuse(reason: str) -> NotPermitted:
    return NotPermitted(action=_("resolve this conflict"), reason=reason)


def _meeting_of_item(store: Store, agenda_item_id: str) -> str:
    return str(fetch(store, "agenda_item", agenda_item_id, "meeting_id")["meeting_id"])


def _check_meeting(store: Store, actor: Actor, meeting_id: str) -> None:
    facts = meeting_facts(store, meeting_id)
    ensure_unlocked(facts)
    require_meeting_editor(store, actor, facts.id, facts.pfo_id)


def check_may_resolve(store: Store, actor: Actor, entity: str, entity_id: str) -> None:
    """Raise when ``actor`` may not set this entity's text (the rules of its own commands)."""
    if entity == "meeting":
        _check_meeting(store, actor, entity_id)
    elif entity == "agenda_item":
        _check_meeting(store, actor, _meeting_of_item(store, entity_id))
    elif entity == "decision":
        item = fetch(store, "decision", entity_id, "agenda_item_id")["agenda_item_id"]
        _check_meeting(store, actor, _meeting_of_item(store, item))
    elif entity == "document":
        _check_meeting(store, actor, fetch(store, "document", entity_id, "meeting_id")[0])
    elif entity == "position":
        row = fetch(store, "position", entity_id, "agenda_item_id, municipality_id")
        facts = meeting_facts(store, _meeting_of_item(store, row["agenda_item_id"]))
        ensure_unlocked(facts)
        if not can_record_position(store, actor, facts.id, facts.pfo_id, row["municipality_id"]):
            raise _refuse(
                _(
                    "a position's reason is changed only by its municipality's member, the "
                    "secretary or the chair"
                )
            )
    elif entity == "action":
        row = fetch(store, "action", entity_id, "meeting_id, holder_person_id")
        facts = meeting_facts(store, row["meeting_id"])
        ensure_unlocked(facts)
        holder = actor.person_id is not None and actor.person_id == row["holder_person_id"]
        if not (holder or can_edit_meeting(store, actor, facts.id, facts.pfo_id)):
            raise _refuse(_("only the action's holder, the secretary and the chair may"))
    elif entity == "council_follow_up":
        found = store.query(
            "SELECT f.municipality_id, m.pfo_id FROM council_follow_up f "
            "JOIN decision d ON d.id = f.decision_id JOIN agenda_item i ON i.id = d.agenda_item_id "
            "JOIN meeting m ON m.id = i.meeting_id WHERE f.id = ?",
            (entity_id,),
        )
        if not found:
            raise NotFound(kind=_("council follow-up"), id=entity_id)
        pfo, municipality = found[0]["pfo_id"], found[0]["municipality_id"]
        if not (
            is_secretary(store, actor, pfo)
            or municipality in member_municipalities(store, actor, pfo)
        ):
            raise _refuse(_("only the secretary or the municipality's own member may"))
    elif entity == "initiative":
        pfo = fetch(store, "initiative", entity_id, "pfo_id")["pfo_id"]
        if not (is_secretary(store, actor, pfo) if pfo else is_admin(store, actor)):
            raise _refuse(_("only the PFO's secretary edits initiatives"))
    elif entity == "nomination":
        pfo = fetch(store, "nomination", entity_id, "pfo_id")["pfo_id"]
        if not (is_secretary(store, actor, pfo) or member_municipalities(store, actor, pfo)):
            raise _refuse(_("only the PFO's secretary and its members may"))
    elif entity == "appointment":
        pfo = fetch(store, "appointment", entity_id, "pfo_id")["pfo_id"]
        if not is_secretary(store, actor, pfo):
            raise _refuse(_("only the PFO's secretary may"))
    elif not is_admin(store, actor):
        raise _refuse(_("only an administrator of the region may"))


def resolve_conflict(store: Store, actor: Actor, conflict_id: str, value: str) -> bool:
    """Set the conflict's field to ``value`` (one of the two versions, or a merge) and mark the
    conflict resolved, in one write.  Returns whether the field changed (keeping the version on
    show changes nothing but the conflict)."""
    from regiodesk.model import ENTITY_BY_TABLE

    rows = store.query(
        "SELECT entity, entity_id, field, resolved_at, resolved_by FROM sync_conflict "
        "WHERE id = ? AND deleted = 0",
        (conflict_id,),
    )
    if not rows:
        raise NotFound(kind=_("conflict"), id=conflict_id)
    entity, entity_id, field = rows[0]["entity"], rows[0]["entity_id"], rows[0]["field"]
    if rows[0]["resolved_at"]:
        by = rows[0]["resolved_by"]
        name = store.scalar("SELECT name FROM person WHERE id = ?", (by,)) if by else None
        raise ConflictResolved(person=name or _("someone"))
    target = ENTITY_BY_TABLE.get(entity)
    if target is None or not store.scalar(f'SELECT 1 FROM "{entity}" WHERE id = ?', (entity_id,)):
        raise NotFound(kind=entity.replace("_", " "), id=entity_id)
    check_may_resolve(store, actor, entity, entity_id)
    if (entity, field) in REQUIRED:
        value = require_text(value, field)
    with store.write(actor.person_id) as writer:
        changed = writer.update(target, entity_id, {field: value})
        writer.update(
            model.SyncConflict,
            conflict_id,
            {"resolved_at": utc_now(), "resolved_by": actor.person_id},
        )
    return changed


def may_manage_devices(store: Store, actor: Actor) -> bool:
    """The region's secretariat (as ``approve_device`` asks)."""
    return is_secretary(store, actor, "")


def revoke_device(store: Store, actor: Actor, device_id: str) -> None:
    """The region stops trusting a device: its changes from now on wait in quarantine (what it
    sent before stays)."""
    if not may_manage_devices(store, actor):
        raise NotPermitted(
            action=_("revoke a device"), reason=_("only the region's secretariat does this")
        )
    row_id = stable_id("trusted_device", device_id)
    rows = store.query("SELECT revoked_at FROM trusted_device WHERE id = ?", (row_id,))
    if not rows:
        raise NotFound(kind=_("device"), id=device_id)
    if device_id == store.device_id:
        raise NotPermitted(
            action=_("revoke a device"),
            reason=_("this is the device you are using; revoke it from another device"),
        )
    if rows[0]["revoked_at"]:
        return
    with store.write(actor.person_id) as writer:
        writer.update(model.TrustedDevice, row_id, {"revoked_at": utc_now()})
