"""Actions (actiepunten): who does what by when, and how far it is."""

from __future__ import annotations

from datetime import date
from typing import Any

from regiodesk import model
from regiodesk.commands._common import ensure_unlocked, fetch, meeting_facts, require_text
from regiodesk.errors import NotPermitted
from regiodesk.i18n import _
from regiodesk.model.enums import ActionStatus
from regiodesk.permissions import Actor, can_edit_meeting, require_meeting_editor
from regiodesk.store import Store


def add_action(
    store: Store,
    actor: Actor,
    meeting_id: str,
    description: str,
    holder_person_id: str | None = None,
    holder_municipality_id: str | None = None,
    deadline: date | None = None,
    decision_id: str | None = None,
) -> str:
    facts = meeting_facts(store, meeting_id)
    require_meeting_editor(store, actor, meeting_id, facts.pfo_id)
    ensure_unlocked(facts)
    if holder_person_id:
        fetch(store, "person", holder_person_id, "id")
    if holder_municipality_id:
        fetch(store, "municipality", holder_municipality_id, "id")
    with store.write(actor.person_id) as writer:
        return writer.create(
            model.Action,
            {
                "meeting_id": meeting_id,
                "decision_id": decision_id,
                "description": require_text(description, _("description")),
                "holder_person_id": holder_person_id,
                "holder_municipality_id": holder_municipality_id,
                "deadline": deadline,
            },
        )


def update_action(
    store: Store,
    actor: Actor,
    action_id: str,
    status: ActionStatus | None = None,
    deadline: date | None = None,
    description: str | None = None,
    completed_on: date | None = None,
) -> bool:
    """Follow an action up.  Status and deadline stay editable after the decision list is signed:
    the action list lives on; the holder may report progress on their own action."""
    action = fetch(store, "action", action_id, "meeting_id, holder_person_id")
    facts = meeting_facts(store, action["meeting_id"])
    is_holder = actor.person_id is not None and actor.person_id == action["holder_person_id"]
    if not (is_holder or can_edit_meeting(store, actor, facts.id, facts.pfo_id)):
        raise NotPermitted(
            action=_("change this action"),
            reason=_("only its holder, the secretary and the chair may"),
        )
    values: dict[str, Any] = {}
    if status is not None:
        status = ActionStatus(status)
        values["status"] = status
        values["completed_on"] = (
            (completed_on or date.today()) if status is ActionStatus.DONE else None
        )
    if deadline is not None:
        values["deadline"] = deadline
    if description is not None:
        ensure_unlocked(facts)
        values["description"] = require_text(description, _("description"))
    with store.write(actor.person_id) as writer:
        return writer.update(model.Action, action_id, values)
