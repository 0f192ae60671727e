"""Where an initiative's participants can come from: the decided agenda items of its PFO.

Each decided item offers its coalition of the willing: the municipalities whose position is agree
or agree subject to council (``commands.decisions.participants_from_positions``), and, for the
others, the reasons they gave with a position of disagree or does not participate.
``commands.initiatives.set_participants`` takes the participants from an item by the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from regiodesk.commands._common import fetch
from regiodesk.commands.decisions import participants_from_positions
from regiodesk.model.enums import DecisionOutcome, PositionKind
from regiodesk.references import meeting_reference
from regiodesk.store import Store
from regiodesk.timeutil import from_text

#: The positions whose reason explains why a municipality does not take part.
_NOT_TAKING_PART = (PositionKind.DISAGREE.value, PositionKind.NOT_PARTICIPATING.value)


@dataclass(frozen=True)
class DecisionSource:
    """A decided agenda item of a PFO, as a source of an initiative's participants."""

    agenda_item_id: str
    title: str
    meeting_id: str
    #: The meeting's number as people cite it: 2026-03.
    meeting_reference: str
    outcome: DecisionOutcome
    decided_at: datetime
    #: How many municipalities take part by their position.
    taking_part: int


@dataclass(frozen=True)
class DecisionParticipants:
    """The participants an agenda item's positions make, and why the others stay out."""

    agenda_item_id: str
    #: The municipalities that take part, by id (agree, or agree subject to council).
    taking_part: list[str]
    #: The reasons given with the positions of municipalities that do not take part, by id.
    reasons: dict[str, str]


def decision_sources(store: Store, pfo_id: str) -> list[DecisionSource]:
    """The decided agenda items of the PFO's meetings, the newest decision first (an item that
    adopts the previous decision list starts nothing, so it is left out)."""
    fetch(store, "pfo", pfo_id, "id")
    rows = store.query(
        "SELECT i.id, i.title, m.id AS meeting_id, m.number, m.starts_at, d.outcome, "
        "d.decided_at FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id "
        "JOIN meeting m ON m.id = i.meeting_id "
        "WHERE m.pfo_id = ? AND d.deleted = 0 AND i.deleted = 0 AND m.deleted = 0 "
        "AND i.adopts_list_id IS NULL "
        "ORDER BY d.decided_at DESC, m.starts_at DESC, i.ordinal, i.id",
        (pfo_id,),
    )
    return [
        DecisionSource(
            agenda_item_id=row["id"],
            title=row["title"],
            meeting_id=row["meeting_id"],
            meeting_reference=meeting_reference(row["starts_at"], row["number"]),
            outcome=DecisionOutcome(row["outcome"]),
            decided_at=from_text(row["decided_at"]),
            taking_part=len(participants_from_positions(store, row["id"])),
        )
        for row in rows
    ]


def participants_from_decision(store: Store, agenda_item_id: str) -> DecisionParticipants:
    """The coalition of the willing of the positions on ``agenda_item_id``, and the reasons of
    the municipalities outside it."""
    fetch(store, "agenda_item", agenda_item_id, "id")
    taking_part = participants_from_positions(store, agenda_item_id)
    return DecisionParticipants(
        agenda_item_id, taking_part, position_reasons(store, agenda_item_id, taking_part)
    )


def position_reasons(
    store: Store, agenda_item_id: str, taking_part: list[str] | set[str]
) -> dict[str, str]:
    """The reasons given with the positions (disagree, does not participate) on the item of the
    municipalities that do not take part, by municipality id."""
    return {
        row[0]: row[1]
        for row in store.conn.execute(
            "SELECT municipality_id, reason FROM position WHERE agenda_item_id = ? "
            "AND deleted = 0 AND kind IN (?, ?) AND reason != '' ORDER BY municipality_id",
            (agenda_item_id, *_NOT_TAKING_PART),
        )
        if row[0] not in taking_part
    }
