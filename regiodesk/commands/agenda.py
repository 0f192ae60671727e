"""Agenda items: add, edit, reorder, remove."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from regiodesk import model
from regiodesk.commands._common import (
    ensure_unlocked,
    fetch,
    meeting_facts,
    require_range,
    require_text,
)
from regiodesk.i18n import _
from regiodesk.model.enums import ItemKind
from regiodesk.permissions import Actor, require_meeting_editor
from regiodesk.store import Store

EDITABLE_FIELDS = frozenset(
    {
        "title",
        "kind",
        "proposal",
        "rapporteur_id",
        "planned_minutes",
        "confidential",
        "initiative_id",
        "handled_order",
    }
)


@dataclass(frozen=True)
class ItemSpec:
    title: str
    kind: ItemKind = ItemKind.DISCUSSION
    proposal: str = ""
    rapporteur_id: str | None = None
    planned_minutes: int = 10
    confidential: bool = False
    initiative_id: str | None = None
    origin_item_id: str | None = None


def _ordinals(store: Store, meeting_id: str) -> list[tuple[str, float]]:
    return [
        (row[0], float(row[1]))
        for row in store.conn.execute(
            "SELECT id, ordinal FROM agenda_item WHERE meeting_id = ? AND deleted = 0 "
            "ORDER BY ordinal",
            (meeting_id,),
        )
    ]


def add_agenda_items(
    store: Store, actor: Actor, meeting_id: str, items: Sequence[ItemSpec]
) -> list[str]:
    """Append items to a meeting's agenda, in the given order."""
    facts = meeting_facts(store, meeting_id)
    require_meeting_editor(store, actor, meeting_id, facts.pfo_id)
    ensure_unlocked(facts)
    existing = _ordinals(store, meeting_id)
    last = existing[-1][1] if existing else 0.0
    rows: list[dict[str, Any]] = []
    for offset, spec in enumerate(items, start=1):
        rows.append(
            {
                "meeting_id": meeting_id,
                "ordinal": last + offset,
                "title": require_text(spec.title, _("title")),
                "kind": spec.kind,
                "proposal": spec.proposal.strip(),
                "rapporteur_id": spec.rapporteur_id,
                "planned_minutes": require_range(
                    spec.planned_minutes, _("planned minutes"), 0, 600
                ),
                "confidential": spec.confidential,
                "initiative_id": spec.initiative_id,
                "origin_item_id": spec.origin_item_id,
            }
        )
    with store.write(actor.person_id) as writer:
        return writer.create_many(model.AgendaItem, rows)


def add_agenda_item(store: Store, actor: Actor, meeting_id: str, spec: ItemSpec) -> str:
    return add_agenda_items(store, actor, meeting_id, [spec])[0]


def update_agenda_item(store: Store, actor: Actor, item_id: str, **fields: Any) -> bool:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    item = fetch(store, "agenda_item", item_id, "meeting_id")
    facts = meeting_facts(store, item["meeting_id"])
    require_meeting_editor(store, actor, facts.id, facts.pfo_id)
    ensure_unlocked(facts)
    if "title" in fields:
        fields["title"] = require_text(fields["title"], _("title"))
    if "planned_minutes" in fields:
        require_range(fields["planned_minutes"], _("planned minutes"), 0, 600)
    if "kind" in fields:
        fields["kind"] = ItemKind(fields["kind"])
    with store.write(actor.person_id) as writer:
        return writer.update(model.AgendaItem, item_id, fields)


def move_agenda_item(store: Store, actor: Actor, item_id: str, new_index: int) -> None:
    """Put an item at ``new_index`` (0-based) of its agenda.  Only the moved item changes: it gets
    an ordinal between its new neighbours."""
    item = fetch(store, "agenda_item", item_id, "meeting_id")
    facts = meeting_facts(store, item["meeting_id"])
    require_meeting_editor(store, actor, facts.id, facts.pfo_id)
    ensure_unlocked(facts)
    others = [(i, o) for i, o in _ordinals(store, facts.id) if i != item_id]
    new_index = max(0, min(new_index, len(others)))
    before = others[new_index - 1][1] if new_index > 0 else None
    after = others[new_index][1] if new_index < len(others) else None
    if before is None and after is None:
        ordinal = 1.0
    elif before is None:
        assert after is not None
        ordinal = after - 1.0
    elif after is None:
        ordinal = before + 1.0
    else:
        ordinal = (before + after) / 2
    with store.write(actor.person_id) as writer:
        if before is not None and after is not None and not before < ordinal < after:
            # The gap is exhausted (after ~50 moves into the same gap): renumber the agenda.
            ordered = [i for i, _o in others]
            ordered.insert(new_index, item_id)
            for position, each in enumerate(ordered, start=1):
                writer.update(model.AgendaItem, each, {"ordinal": float(position)})
        else:
            writer.update(model.AgendaItem, item_id, {"ordinal": ordinal})


def remove_agenda_item(store: Store, actor: Actor, item_id: str) -> None:
    item = fetch(store, "agenda_item", item_id, "meeting_id")
    facts = meeting_facts(store, item["meeting_id"])
    require_meeting_editor(store, actor, facts.id, facts.pfo_id)
    ensure_unlocked(facts)
    with store.write(actor.person_id) as writer:
        writer.delete(model.AgendaItem, item_id)
