"""Decisions on agenda items, the municipalities that take part, and what goes to the councils."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from regiodesk import model
from regiodesk.changelog.writer import Writer
from regiodesk.commands._common import ensure_unlocked, fetch, meeting_facts
from regiodesk.commands.positions import member_municipality_ids
from regiodesk.errors import InvalidInput, NotAMember, NotFound
from regiodesk.i18n import _
from regiodesk.ids import stable_id
from regiodesk.model.enums import DecisionOutcome, ItemKind, PositionKind
from regiodesk.permissions import Actor, require_meeting_editor
from regiodesk.store import Store
from regiodesk.timeutil import utc_now

PARTICIPATING = (PositionKind.AGREE.value, PositionKind.AGREE_SUBJECT_TO_COUNCIL.value)


@dataclass(frozen=True)
class DecisionSpec:
    agenda_item_id: str
    text: str
    outcome: DecisionOutcome
    #: For a coalition of the willing; None takes them from the positions.
    participants: Collection[str] | None = None
    to_councils: bool = False
    council_deadline: date | None = None
    quorum_met: bool = True
    decided_at: datetime | None = None


#: Outcomes that adopt what an item proposes (for an adoption item: the previous decision list).
ADOPTING_OUTCOMES = frozenset(
    {DecisionOutcome.ADOPTED_BY_ALL, DecisionOutcome.ADOPTED_BY_COALITION}
)


def decision_id(agenda_item_id: str) -> str:
    return stable_id("decision", agenda_item_id)


def participants_from_positions(store: Store, agenda_item_id: str) -> list[str]:
    """The municipalities whose position means they take part (agree, or agree subject to
    council): the coalition of the willing."""
    return [
        row[0]
        for row in store.conn.execute(
            "SELECT municipality_id FROM position WHERE agenda_item_id = ? AND deleted = 0 "
            "AND kind IN (?, ?) ORDER BY municipality_id",
            (agenda_item_id, *PARTICIPATING),
        )
    ]


def record_decisions(
    store: Store, actor: Actor, meeting_id: str, specs: Sequence[DecisionSpec]
) -> list[str]:
    """Record (or correct) the decisions on items of one meeting.

    For a coalition of the willing the participants default to the municipalities whose position
    is agree or agree subject to council; "adopted by all" means every member municipality.  A
    decision that goes to the councils opens a follow-up for every participant.
    """
    facts = meeting_facts(store, meeting_id)
    require_meeting_editor(store, actor, meeting_id, facts.pfo_id)
    ensure_unlocked(facts)
    items = {
        row["id"]: row
        for row in store.query(
            "SELECT id, kind, title, adopts_list_id FROM agenda_item "
            "WHERE meeting_id = ? AND deleted = 0",
            (meeting_id,),
        )
    }
    members = member_municipality_ids(store, facts.pfo_id, facts.starts_on.isoformat())
    planned: list[tuple[str, dict[str, Any], list[str]]] = []
    for spec in specs:
        item = items.get(spec.agenda_item_id)
        if item is None:
            raise NotFound(kind=_("agenda item"), id=spec.agenda_item_id)
        outcome = DecisionOutcome(spec.outcome)
        chosen = _participants(store, facts.pfo_id, spec, outcome, item, members)
        if spec.to_councils and not chosen:
            raise InvalidInput(
                field=_("to the councils"),
                reason=_("only a decision that municipalities take part in goes to the councils"),
            )
        values = {
            "agenda_item_id": spec.agenda_item_id,
            "text": spec.text.strip(),
            "outcome": outcome,
            "to_councils": spec.to_councils,
            "council_deadline": spec.council_deadline,
            "quorum_met": spec.quorum_met,
            "decided_at": spec.decided_at or utc_now(),
        }
        planned.append((decision_id(spec.agenda_item_id), values, chosen))
    existing = {
        row[0]: bool(row[1])
        for row in store.conn.execute(
            "SELECT d.id, d.deleted FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id "
            "WHERE i.meeting_id = ?",
            (meeting_id,),
        )
    }
    with store.write(actor.person_id) as writer:
        creates = []
        for the_id, values, _chosen in planned:
            if the_id in existing:
                writer.update(
                    model.Decision, the_id, {k: v for k, v in values.items() if k != "decided_at"}
                )
                if existing[the_id]:
                    writer.restore(model.Decision, the_id)
            else:
                creates.append({"id": the_id, **values})
        writer.create_many(model.Decision, creates)
        participants: list[dict[str, Any]] = []
        follow_ups: list[dict[str, Any]] = []
        for the_id, values, chosen in planned:
            participants += _set_members(
                writer, store, model.DecisionParticipant, the_id, set(chosen), the_id in existing
            )
            follow_ups += _set_members(
                writer,
                store,
                model.CouncilFollowUp,
                the_id,
                set(chosen) if values["to_councils"] else set(),
                the_id in existing,
            )
        writer.create_many(model.DecisionParticipant, participants)
        writer.create_many(model.CouncilFollowUp, follow_ups)
        for spec in specs:
            adopts = items[spec.agenda_item_id]["adopts_list_id"]
            if adopts and DecisionOutcome(spec.outcome) in ADOPTING_OUTCOMES:
                from regiodesk.commands.decision_lists import adopt_in

                adopt_in(writer, store, adopts, meeting_id)
    return [the_id for the_id, _values, _chosen in planned]


def record_decision(
    store: Store,
    actor: Actor,
    agenda_item_id: str,
    text: str,
    outcome: DecisionOutcome,
    participants: Collection[str] | None = None,
    to_councils: bool = False,
    council_deadline: date | None = None,
    quorum_met: bool = True,
    decided_at: datetime | None = None,
) -> str:
    """Record (or correct) the decision on one item."""
    item = fetch(store, "agenda_item", agenda_item_id, "meeting_id")
    spec = DecisionSpec(
        agenda_item_id,
        text,
        outcome,
        participants,
        to_councils,
        council_deadline,
        quorum_met,
        decided_at,
    )
    return record_decisions(store, actor, item["meeting_id"], [spec])[0]


def _participants(
    store: Store,
    pfo_id: str,
    spec: DecisionSpec,
    outcome: DecisionOutcome,
    item: Any,
    members: set[str],
) -> list[str]:
    if ItemKind(item["kind"]) is ItemKind.INFORMATION and outcome is not DecisionOutcome.NOTED:
        raise InvalidInput(
            field=_("outcome"), reason=_("an item for information can only be taken note of")
        )
    if outcome is DecisionOutcome.ADOPTED_BY_ALL:
        return sorted(members)
    if outcome is not DecisionOutcome.ADOPTED_BY_COALITION:
        return []
    chosen = sorted(
        set(spec.participants)
        if spec.participants is not None
        else participants_from_positions(store, spec.agenda_item_id)
    )
    if not chosen:
        raise InvalidInput(
            field=_("participants"),
            reason=_("a coalition of the willing needs at least one participating municipality"),
        )
    outsiders = set(chosen) - members
    if outsiders:
        name = store.scalar("SELECT name FROM municipality WHERE id = ?", (min(outsiders),))
        pfo = store.scalar("SELECT name FROM pfo WHERE id = ?", (pfo_id,))
        raise NotAMember(municipality=name or min(outsiders), pfo=pfo)
    return chosen


def _set_members(
    writer: Writer,
    store: Store,
    table_model: type[model.Entity],
    the_decision: str,
    wanted: set[str],
    may_exist: bool,
) -> list[dict[str, Any]]:
    """Make the (decision, municipality) rows of ``table_model`` exactly ``wanted``.  These are
    add-wins sets: a removal is a tombstone, and adding back restores the row.  Returns the rows
    to create (the caller creates them in bulk)."""
    table = str(table_model.__tablename__)
    rows: dict[str, bool] = {}
    if may_exist:
        rows = {
            row[0]: bool(row[1])
            for row in store.conn.execute(
                f"SELECT municipality_id, deleted FROM {table} WHERE decision_id = ?",
                (the_decision,),
            )
        }
    creates = []
    for municipality_id in sorted(wanted):
        row_id = stable_id(table, the_decision, municipality_id)
        if municipality_id not in rows:
            creates.append(
                {"id": row_id, "decision_id": the_decision, "municipality_id": municipality_id}
            )
        elif rows[municipality_id]:
            writer.restore(table_model, row_id)
    for municipality_id, deleted in rows.items():
        if municipality_id not in wanted and not deleted:
            writer.delete(table_model, stable_id(table, the_decision, municipality_id))
    return creates
