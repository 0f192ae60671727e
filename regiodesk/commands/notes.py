"""Private notes: a person's own notes on an agenda item, for nobody else."""

from __future__ import annotations

from regiodesk import model
from regiodesk.commands._common import fetch
from regiodesk.errors import NotPermitted
from regiodesk.i18n import _
from regiodesk.ids import stable_id
from regiodesk.permissions import Actor
from regiodesk.store import Store
from regiodesk.timeutil import utc_now


def save_private_note(store: Store, actor: Actor, agenda_item_id: str, text: str) -> str:
    """Save the actor's note on an item (an empty text keeps an empty note, never deletes)."""
    if actor.person_id is None:
        raise NotPermitted(action=_("write a private note"), reason=_("notes belong to a person"))
    fetch(store, "agenda_item", agenda_item_id, "id")
    note_id = stable_id("private_note", actor.person_id, agenda_item_id)
    current = store.query("SELECT text FROM private_note WHERE id = ?", (note_id,))
    if current and current[0]["text"] == text:
        return note_id
    with store.write(actor.person_id) as writer:
        if current:
            writer.update(model.PrivateNote, note_id, {"text": text, "updated_at": utc_now()})
        else:
            writer.create(
                model.PrivateNote,
                {
                    "person_id": actor.person_id,
                    "agenda_item_id": agenda_item_id,
                    "text": text,
                    "updated_at": utc_now(),
                },
                note_id,
            )
    return note_id
