"""Follow-up at the councils for a meeting's agenda.

``follow_up_for_meeting``: the decisions routed to the councils that were taken in earlier meetings
of the same PFO and that are still open at a council, or that the last council handled since the
previous meeting. Each with its meeting, item, council deadline, whether it is overdue on the
meeting's own day, and where every participating council stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from regiodesk.model.enums import CouncilStatus
from regiodesk.queries.agenda import meeting_header
from regiodesk.queries.governance import CouncilState, RoutedDecision, council_overview
from regiodesk.references import meeting_reference
from regiodesk.store import Store
from regiodesk.timeutil import from_text, local_date


@dataclass(frozen=True)
class CouncilProgress:
    """Where one participating council stands on a decision."""

    municipality_id: str
    municipality: str
    status: CouncilStatus
    scheduled_on: date | None
    handled_on: date | None
    amendment: str
    handled: bool

    @property
    def status_label(self) -> str:
        """The status as the user reads it (translated)."""
        return self.status.label


@dataclass(frozen=True)
class FollowUp:
    """A decision of an earlier meeting that the councils are (or just were) handling."""

    decision_id: str
    text: str
    item_title: str
    meeting_id: str
    #: The earlier meeting's number as people cite it: 2026-03.
    meeting_reference: str
    meeting_day: date
    council_deadline: date | None
    #: The council deadline passed before this meeting's day and a council has not handled it.
    overdue: bool
    councils: list[CouncilProgress]

    @property
    def handled(self) -> int:
        return sum(council.handled for council in self.councils)

    @property
    def total(self) -> int:
        return len(self.councils)

    @property
    def complete(self) -> bool:
        return self.handled == self.total

    @property
    def last_handled_on(self) -> date | None:
        days = [c.handled_on for c in self.councils if c.handled and c.handled_on is not None]
        return max(days) if days else None


def follow_up_for_meeting(store: Store, meeting_id: str) -> list[FollowUp]:
    """What the councils still do (or did since the previous meeting) with the decisions of the
    PFO's earlier meetings: the overdue first, then by council deadline (none last), then the
    newest decision first.

    A decision every council handled is listed only when the last of them handled it after the
    previous meeting and on or before this meeting's day. Statuses are as the store has them now.
    """
    header = meeting_header(store, meeting_id)
    day = local_date(header.starts_at)
    earlier = {
        row["id"]: (from_text(row["starts_at"]), int(row["number"]))
        for row in store.query(
            "SELECT id, starts_at, number FROM meeting "
            "WHERE pfo_id = ? AND deleted = 0 AND id != ? AND starts_at < ?",
            (header.pfo_id, meeting_id, _text_of(store, meeting_id)),
        )
    }
    previous = max((starts for starts, _number in earlier.values()), default=None)
    previous_day = local_date(previous) if previous is not None else None
    result: list[FollowUp] = []
    for decision in council_overview(store, pfo_id=header.pfo_id, on=day):
        if decision.meeting_id not in earlier:
            continue
        follow_up = _follow_up(decision, *earlier[decision.meeting_id])
        if follow_up.complete and not _handled_since(follow_up, previous_day, day):
            continue
        result.append(follow_up)
    return result


def _text_of(store: Store, meeting_id: str) -> str:
    return str(store.scalar("SELECT starts_at FROM meeting WHERE id = ?", (meeting_id,)))


def _handled_since(follow_up: FollowUp, previous_day: date | None, day: date) -> bool:
    """Whether the last council handled it after the previous meeting, up to this meeting."""
    last = follow_up.last_handled_on
    if last is None or not follow_up.councils:
        return False
    return (previous_day is None or last > previous_day) and last <= day


def _follow_up(decision: RoutedDecision, starts: datetime, number: int) -> FollowUp:
    return FollowUp(
        decision_id=decision.decision_id,
        text=decision.text,
        item_title=decision.item_title,
        meeting_id=decision.meeting_id,
        meeting_reference=meeting_reference(starts, number),
        meeting_day=local_date(starts),
        council_deadline=decision.council_deadline,
        overdue=decision.overdue,
        councils=[_progress(state) for state in decision.councils],
    )


def _progress(state: CouncilState) -> CouncilProgress:
    return CouncilProgress(
        municipality_id=state.municipality_id,
        municipality=state.municipality,
        status=state.status,
        scheduled_on=state.scheduled_on,
        handled_on=state.handled_on,
        amendment=state.amendment,
        handled=state.handled,
    )
