"""The action list across my PFOs: who does what by when, the overdue ones first.

An action is *active* while it is open or in progress; it is *overdue* when it is active and its
deadline has passed.  "My PFOs" are those I am a member or the secretary of (``my_pfos``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from regiodesk.model.enums import ActionStatus
from regiodesk.queries.people import MyPfo, my_pfos
from regiodesk.references import meeting_reference
from regiodesk.store import Store
from regiodesk.timeutil import AMSTERDAM, from_text, to_text, utc_now

ACTIVE = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class HolderFilter(StrEnum):
    """Whose actions to list."""

    ME = "me"
    MY_MUNICIPALITY = "my_municipality"
    ANYONE = "anyone"


@dataclass(frozen=True)
class ActionFilter:
    holder: HolderFilter = HolderFilter.ANYONE
    #: My municipality, for ``HolderFilter.MY_MUNICIPALITY`` (none: that filter finds nothing).
    municipality_id: str | None = None
    #: One of my PFOs (None: all of them).
    pfo_id: str | None = None
    #: Also list the actions that are done or cancelled.
    include_done: bool = False


@dataclass(frozen=True)
class ActionRow:
    id: str
    description: str
    holder_person_id: str | None
    holder_person: str | None
    #: The municipality holding the action: named on the action, or else the holder's own.
    holder_municipality_id: str | None
    holder_municipality: str | None
    deadline: date | None
    status: ActionStatus
    completed_on: date | None
    overdue: bool
    #: Days past the deadline (0 unless overdue).
    days_overdue: int
    pfo_id: str
    pfo_name: str
    pfo_short_name: str
    meeting_id: str
    meeting_number: int
    meeting_starts_at: datetime
    decision_id: str | None
    decision_text: str | None
    #: The title of the agenda item the linked decision was taken on.
    decision_item_title: str | None

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    @property
    def meeting_reference(self) -> str:
        """The meeting's number as people cite it: 2026-03 (as ``MeetingRow.reference``)."""
        return meeting_reference(self.meeting_starts_at, self.meeting_number)


@dataclass(frozen=True)
class MyActions:
    #: The PFOs the list covers (for choosing one of them).
    pfos: list[MyPfo]
    rows: list[ActionRow]


ACTIONS_SQL = """
SELECT a.id, a.description, a.holder_person_id, hp.name AS holder_person,
       COALESCE(a.holder_municipality_id, hp.municipality_id) AS holder_municipality_id,
       hm.name AS holder_municipality, a.deadline, a.status, a.completed_on,
       p.id AS pfo_id, p.name AS pfo_name, p.short_name AS pfo_short_name,
       m.id AS meeting_id, m.number AS meeting_number, m.starts_at AS meeting_starts_at,
       d.id AS decision_id, d.text AS decision_text, i.title AS decision_item_title
FROM action a
JOIN meeting m ON m.id = a.meeting_id AND m.deleted = 0
JOIN pfo p ON p.id = m.pfo_id
LEFT JOIN person hp ON hp.id = a.holder_person_id
LEFT JOIN municipality hm
       ON hm.id = COALESCE(a.holder_municipality_id, hp.municipality_id)
LEFT JOIN decision d ON d.id = a.decision_id AND d.deleted = 0
LEFT JOIN agenda_item i ON i.id = d.agenda_item_id
WHERE a.deleted = 0 AND m.pfo_id IN ({pfos}) {conditions}
"""


def today_here() -> date:
    """Today in the region (Amsterdam), the day against which deadlines are judged."""
    return utc_now().astimezone(AMSTERDAM).date()


def my_actions(
    store: Store,
    person_id: str,
    filters: ActionFilter | None = None,
    today: date | None = None,
) -> MyActions:
    """The actions of the PFOs I take part in, filtered; overdue first, then by deadline.

    Active actions come first (overdue ones, then by deadline, those without a deadline last);
    with ``include_done`` the finished ones follow, most recent deadline first.
    """
    chosen = filters or ActionFilter()
    holder = HolderFilter(chosen.holder)
    day = today or today_here()
    pfos = my_pfos(store, person_id)
    pfo_ids = [pfo.id for pfo in pfos]
    if chosen.pfo_id is not None:
        pfo_ids = [pfo_id for pfo_id in pfo_ids if pfo_id == chosen.pfo_id]
    if not pfo_ids:
        return MyActions(pfos, [])
    conditions: list[str] = []
    params: dict[str, Any] = {f"pfo{n}": pfo_id for n, pfo_id in enumerate(pfo_ids)}
    if not chosen.include_done:
        conditions.append("a.status IN (:open, :in_progress)")
        params["open"] = ActionStatus.OPEN.value
        params["in_progress"] = ActionStatus.IN_PROGRESS.value
    if holder is HolderFilter.ME:
        conditions.append("a.holder_person_id = :person")
        params["person"] = person_id
    elif holder is HolderFilter.MY_MUNICIPALITY:
        conditions.append("COALESCE(a.holder_municipality_id, hp.municipality_id) = :municipality")
        params["municipality"] = chosen.municipality_id or ""
    sql = ACTIONS_SQL.format(
        pfos=", ".join(f":pfo{n}" for n in range(len(pfo_ids))),
        conditions="".join(f" AND {condition}" for condition in conditions),
    )
    rows = [_row(found, day) for found in store.query(sql, params)]
    rows.sort(key=_order)
    return MyActions(pfos, rows)


def _row(found: Any, today: date) -> ActionRow:
    status = ActionStatus(found["status"])
    deadline = date.fromisoformat(found["deadline"]) if found["deadline"] else None
    overdue = status in ACTIVE and deadline is not None and deadline < today
    return ActionRow(
        id=found["id"],
        description=found["description"],
        holder_person_id=found["holder_person_id"],
        holder_person=found["holder_person"],
        holder_municipality_id=found["holder_municipality_id"],
        holder_municipality=found["holder_municipality"],
        deadline=deadline,
        status=status,
        completed_on=date.fromisoformat(found["completed_on"]) if found["completed_on"] else None,
        overdue=overdue,
        days_overdue=(today - deadline).days if overdue and deadline else 0,
        pfo_id=found["pfo_id"],
        pfo_name=found["pfo_name"],
        pfo_short_name=found["pfo_short_name"],
        meeting_id=found["meeting_id"],
        meeting_number=found["meeting_number"],
        meeting_starts_at=from_text(found["meeting_starts_at"]),
        decision_id=found["decision_id"],
        decision_text=found["decision_text"],
        decision_item_title=found["decision_item_title"],
    )


def _order(row: ActionRow) -> tuple[int, int, str, str]:
    if row.active:
        group = 0 if row.overdue else 1 if row.deadline else 2
        day = row.deadline.toordinal() if row.deadline else 0
    else:
        group, day = 3, -(row.deadline or row.completed_on or date.min).toordinal()
    return (group, day, to_text(row.meeting_starts_at), row.description)
