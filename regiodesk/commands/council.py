"""Decisions followed home: how each participating council handles a decision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from regiodesk import model
from regiodesk.commands._common import fetch
from regiodesk.errors import InvalidInput, NotFound, NotPermitted
from regiodesk.i18n import _
from regiodesk.ids import stable_id
from regiodesk.model.enums import CouncilStatus
from regiodesk.permissions import Actor, is_secretary, member_municipalities
from regiodesk.store import Store

HANDLED = frozenset(
    {
        CouncilStatus.ADOPTED,
        CouncilStatus.ADOPTED_AMENDED,
        CouncilStatus.REJECTED,
        CouncilStatus.WITHDRAWN,
    }
)


@dataclass(frozen=True)
class CouncilHandling:
    municipality_id: str
    status: CouncilStatus
    scheduled_on: date | None = None
    handled_on: date | None = None
    amendment: str = ""
    note: str = ""


def follow_up_id(decision_id: str, municipality_id: str) -> str:
    return stable_id("council_follow_up", decision_id, municipality_id)


def record_council_handlings(
    store: Store, actor: Actor, decision_id: str, handlings: Sequence[CouncilHandling]
) -> list[str]:
    """Record where councils stand with a decision that was routed to the councils."""
    rows = store.query(
        "SELECT m.pfo_id FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id "
        "JOIN meeting m ON m.id = i.meeting_id WHERE d.id = ? AND d.deleted = 0",
        (decision_id,),
    )
    if not rows:
        raise NotFound(kind=_("decision"), id=decision_id)
    pfo_id = rows[0]["pfo_id"]
    participating = {
        row[0]
        for row in store.conn.execute(
            "SELECT municipality_id FROM council_follow_up WHERE decision_id = ? AND deleted = 0",
            (decision_id,),
        )
    }
    secretary = is_secretary(store, actor, pfo_id)
    own = set() if secretary else member_municipalities(store, actor, pfo_id)
    updates = []
    for handling in handlings:
        if handling.municipality_id not in participating:
            name = fetch(store, "municipality", handling.municipality_id, "name")["name"]
            raise InvalidInput(
                field=_("municipality"),
                reason=_("{name} does not take part in this decision").format(name=name),
            )
        if not secretary and handling.municipality_id not in own:
            raise NotPermitted(
                action=_("record a council's handling"),
                reason=_("only the secretary or the municipality's own member may"),
            )
        status = CouncilStatus(handling.status)
        if status is CouncilStatus.SCHEDULED and handling.scheduled_on is None:
            raise InvalidInput(
                field=_("scheduled on"), reason=_("give the date of the council meeting")
            )
        if status is CouncilStatus.ADOPTED_AMENDED and not handling.amendment.strip():
            raise InvalidInput(field=_("amendment"), reason=_("say how the council amended it"))
        handled_on = (handling.handled_on or date.today()) if status in HANDLED else None
        updates.append(
            (
                follow_up_id(decision_id, handling.municipality_id),
                {
                    "status": status,
                    "scheduled_on": handling.scheduled_on,
                    "handled_on": handled_on,
                    "amendment": handling.amendment.strip(),
                    "note": handling.note.strip(),
                },
            )
        )
    with store.write(actor.person_id) as writer:
        writer.update_many(model.CouncilFollowUp, updates)
    return [the_id for the_id, _values in updates]


def record_council_handling(
    store: Store, actor: Actor, decision_id: str, handling: CouncilHandling
) -> str:
    return record_council_handlings(store, actor, decision_id, [handling])[0]
