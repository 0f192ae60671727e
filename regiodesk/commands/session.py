"""Chairing a meeting live: the session's claim, attendance as people come and go, the current
item and its timer, urgent and deferred items, the speakers' queue, the roll call, the decisions,
and closing.

Every command here saves at once (one transaction each), so a crash loses nothing and the session
resumes where it was.  One device runs a meeting's session: it holds the *claim* (a synced row).
Each command checks that this device holds it; a second device must take the session over
explicitly (``start_session(take_over=True)``), after which the first can no longer record: the
session never forks silently.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from regiodesk import model
from regiodesk.changelog.writer import Writer
from regiodesk.commands._common import (
    MeetingFacts,
    ensure_unlocked,
    fetch,
    meeting_facts,
    require_text,
)
from regiodesk.commands.actions import add_action
from regiodesk.commands.agenda import ItemSpec, add_agenda_item, move_agenda_item
from regiodesk.commands.attendance import attendance_id, set_attendance
from regiodesk.commands.audit import record_event
from regiodesk.commands.decisions import DecisionSpec, record_decisions
from regiodesk.commands.meetings import set_meeting_status
from regiodesk.commands.positions import PositionSpec, position_id, record_roll_call
from regiodesk.errors import (
    InvalidInput,
    InvalidTransition,
    ItemsStillOpen,
    MunicipalityAbsent,
    NotFound,
    NotPermitted,
    SessionHeldElsewhere,
    SessionNotRunning,
)
from regiodesk.i18n import N_, _, format_when
from regiodesk.model.enums import AttendanceStatus, DecisionOutcome, ItemKind, MeetingStatus
from regiodesk.permissions import Actor, can_edit_meeting, is_chair
from regiodesk.queries.session import (
    attendance_lines,
    draft_id,
    open_items,
    quorum,
    session_claim,
    session_id,
    timer_id,
)
from regiodesk.references import meeting_reference
from regiodesk.store import Store
from regiodesk.timeutil import from_text, utc_now


class SessionStart(StrEnum):
    STARTED = "started"
    RESUMED = "resumed"
    TAKEN_OVER = "taken_over"
    REOPENED = "reopened"


_EVENTS = {
    SessionStart.STARTED: "start_session",
    SessionStart.RESUMED: "resume_session",
    SessionStart.TAKEN_OVER: "take_over_session",
}


# The claim ----------------------------------------------------------------------------------------


def _require_runner(store: Store, actor: Actor, facts: MeetingFacts) -> None:
    if not can_edit_meeting(store, actor, facts.id, facts.pfo_id):
        raise NotPermitted(
            action=_("run this session"),
            reason=_("only the chair and the PFO's secretary run a session"),
        )


def _reference(store: Store, facts: MeetingFacts) -> str:
    number = store.scalar("SELECT number FROM meeting WHERE id = ?", (facts.id,))
    return meeting_reference(facts.starts_on, number)


def _held_elsewhere(store: Store, facts: MeetingFacts) -> SessionHeldElsewhere | None:
    claim = session_claim(store, facts.id)
    if claim is None or not claim.held or claim.device_id == store.device_id:
        return None
    return SessionHeldElsewhere(
        meeting=_reference(store, facts),
        device=claim.device_name or claim.device_id[:8],
        person=claim.holder_name or "?",
        since=format_when(claim.claimed_at),
    )


def require_session(store: Store, actor: Actor, meeting_id: str) -> MeetingFacts:
    """The meeting is in session, this device holds its claim, and the actor may run it."""
    facts = meeting_facts(store, meeting_id)
    ensure_unlocked(facts)
    _require_runner(store, actor, facts)
    if facts.status is not MeetingStatus.IN_SESSION:
        raise SessionNotRunning(meeting=_reference(store, facts))
    elsewhere = _held_elsewhere(store, facts)
    if elsewhere is not None:
        raise elsewhere
    claim = session_claim(store, meeting_id)
    if claim is None or not claim.held:
        raise SessionNotRunning(meeting=_reference(store, facts))
    return facts


def start_session(
    store: Store,
    actor: Actor,
    meeting_id: str,
    device_name: str = "",
    take_over: bool = False,
) -> SessionStart:
    """Start the session of a published meeting, resume it on this device, reopen a closed one
    (the chair only; logged), or - with ``take_over`` - take it over from another device."""
    facts = meeting_facts(store, meeting_id)
    ensure_unlocked(facts)
    _require_runner(store, actor, facts)
    status = facts.status
    if status not in (MeetingStatus.PUBLISHED, MeetingStatus.IN_SESSION, MeetingStatus.CLOSED):
        raise InvalidTransition(current=status.label, target=MeetingStatus.IN_SESSION.label)
    elsewhere = _held_elsewhere(store, facts) if status is MeetingStatus.IN_SESSION else None
    if elsewhere is not None and not take_over:
        raise elsewhere
    previous = session_claim(store, meeting_id)
    if status is MeetingStatus.PUBLISHED:
        outcome = SessionStart.STARTED
    elif status is MeetingStatus.CLOSED:
        if not is_chair(store, actor, meeting_id):
            raise NotPermitted(
                action=_("reopen this session"), reason=_("only the chair reopens a session")
            )
        outcome = SessionStart.REOPENED
    elif elsewhere is not None:
        outcome = SessionStart.TAKEN_OVER
    else:
        outcome = SessionStart.RESUMED
    now = utc_now()
    values: dict[str, Any] = {
        "meeting_id": meeting_id,
        "device_id": store.device_id,
        "device_name": device_name.strip(),
        "holder_id": actor.person_id,
        "claimed_at": now,
        "released_at": None,
    }
    with store.write(actor.person_id) as writer:
        if status is not MeetingStatus.IN_SESSION:
            set_meeting_status(store, actor, meeting_id, MeetingStatus.IN_SESSION)
        if previous is None:
            writer.create(model.MeetingSession, {"id": session_id(meeting_id), **values})
        else:
            writer.update(model.MeetingSession, session_id(meeting_id), values)
            if store.scalar(
                "SELECT deleted FROM meeting_session WHERE id = ?", (session_id(meeting_id),)
            ):
                writer.restore(model.MeetingSession, session_id(meeting_id))
        detail = ""
        if previous is not None and outcome is SessionStart.TAKEN_OVER:
            detail = f"from device {previous.device_name or previous.device_id}"
        if outcome is not SessionStart.REOPENED:  # reopening is logged by set_meeting_status
            record_event(writer, actor, _EVENTS[outcome], "meeting", meeting_id, detail=detail)
    return outcome


# Attendance ---------------------------------------------------------------------------------------


def _member_of(store: Store, facts: MeetingFacts, municipality_id: str) -> str | None:
    """The PFO's (regular, else substitute) member for a municipality on the meeting's day."""
    day = facts.starts_on.isoformat()
    person = store.scalar(
        "SELECT person_id FROM membership WHERE pfo_id = ? AND municipality_id = ? "
        'AND deleted = 0 AND start <= ? AND ("end" IS NULL OR "end" >= ?) '
        "ORDER BY substitute, start LIMIT 1",
        (facts.pfo_id, municipality_id, day, day),
    )
    return str(person) if person else None


def _attendance_row(store: Store, meeting_id: str, municipality_id: str) -> dict[str, Any]:
    rows = store.query(
        "SELECT * FROM attendance WHERE id = ? AND deleted = 0",
        (attendance_id(meeting_id, municipality_id),),
    )
    return dict(rows[0]) if rows else {}


def register_attendance(
    store: Store,
    actor: Actor,
    meeting_id: str,
    municipality_id: str,
    status: AttendanceStatus,
    person_id: str | None = None,
    represented_by_id: str | None = None,
    mandate: str = "",
    at: datetime | None = None,
) -> str:
    """Record in session how a municipality attends: present (by whom: its member unless said
    otherwise; the arrival time is now), represented (by a municipality that is present itself),
    absent with notice, or absent."""
    facts = require_session(store, actor, meeting_id)
    fetch(store, "municipality", municipality_id, "id")
    status = AttendanceStatus(status)
    now = at or utc_now()
    current = _attendance_row(store, meeting_id, municipality_id)
    arrived: datetime | None = None
    if status is AttendanceStatus.PRESENT:
        person_id = person_id or _member_of(store, facts, municipality_id)
        kept = current.get("arrived_at") if current.get("status") == status.value else None
        arrived = from_text(kept) if kept and not current.get("left_at") else now
    elif status is AttendanceStatus.REPRESENTED:
        present = {
            line.municipality_id
            for line in attendance_lines(store, meeting_id)
            if line.in_room and line.status is AttendanceStatus.PRESENT
        }
        if represented_by_id and represented_by_id not in present:
            name = store.scalar("SELECT name FROM municipality WHERE id = ?", (represented_by_id,))
            raise MunicipalityAbsent(municipality=name or represented_by_id)
        arrived = now
    with store.write(actor.person_id):
        return set_attendance(
            store,
            actor,
            meeting_id,
            municipality_id,
            status,
            person_id=person_id if status is AttendanceStatus.PRESENT else None,
            represented_by_id=represented_by_id,
            mandate=mandate,
            arrived_at=arrived,
            left_at=None,
        )


def register_departure(
    store: Store, actor: Actor, meeting_id: str, municipality_id: str, at: datetime | None = None
) -> None:
    """A present (or represented) municipality leaves the meeting now."""
    require_session(store, actor, meeting_id)
    current = _attendance_row(store, meeting_id, municipality_id)
    if current.get("status") not in (
        AttendanceStatus.PRESENT.value,
        AttendanceStatus.REPRESENTED.value,
    ) or current.get("left_at"):
        name = store.scalar("SELECT name FROM municipality WHERE id = ?", (municipality_id,))
        raise MunicipalityAbsent(municipality=name or municipality_id)
    with store.write(actor.person_id) as writer:
        writer.update(
            model.Attendance,
            attendance_id(meeting_id, municipality_id),
            {"left_at": at or utc_now()},
        )


# The current item and its timer -------------------------------------------------------------------


def _stop_timer(writer: Writer, store: Store, item_id: str, now: datetime) -> None:
    row = store.query(
        "SELECT running_since, seconds FROM item_timer WHERE id = ? AND deleted = 0",
        (timer_id(item_id),),
    )
    if row and row[0]["running_since"]:
        spell = int((now - from_text(row[0]["running_since"])).total_seconds())
        writer.update(
            model.ItemTimer,
            timer_id(item_id),
            {"running_since": None, "ended_at": now, "seconds": int(row[0]["seconds"]) + spell},
        )


def _start_timer(writer: Writer, store: Store, item_id: str, now: datetime) -> None:
    row = store.query(
        "SELECT running_since FROM item_timer WHERE id = ? AND deleted = 0", (timer_id(item_id),)
    )
    if not row:
        writer.create(
            model.ItemTimer,
            {
                "id": timer_id(item_id),
                "agenda_item_id": item_id,
                "started_at": now,
                "running_since": now,
            },
        )
    elif not row[0]["running_since"]:
        writer.update(model.ItemTimer, timer_id(item_id), {"running_since": now})


def set_current_item(
    store: Store, actor: Actor, meeting_id: str, item_id: str | None
) -> int | None:
    """Take up an item (None: none).  The item taken up gets the next place in the handled order
    (the order the decision list follows) the first time; the timer of the item left stops and
    the new one's runs.  Returns the item's handled order."""
    require_session(store, actor, meeting_id)
    claim = session_claim(store, meeting_id)
    assert claim is not None
    handled: int | None = None
    if item_id is not None:
        item = fetch(store, "agenda_item", item_id, "meeting_id, handled_order")
        if item["meeting_id"] != meeting_id:
            raise NotFound(kind=_("agenda item"), id=item_id)
        handled = item["handled_order"]
    if claim.current_item_id == item_id:
        return handled
    now = utc_now()
    with store.write(actor.person_id) as writer:
        if claim.current_item_id:
            _stop_timer(writer, store, claim.current_item_id, now)
            _end_speaking(writer, store, claim.current_item_id, now)
        if item_id is not None:
            if handled is None:
                highest = store.scalar(
                    "SELECT max(handled_order) FROM agenda_item WHERE meeting_id = ? "
                    "AND deleted = 0",
                    (meeting_id,),
                )
                handled = int(highest or 0) + 1
                writer.update(model.AgendaItem, item_id, {"handled_order": handled})
            _start_timer(writer, store, item_id, now)
        writer.update(model.MeetingSession, session_id(meeting_id), {"current_item_id": item_id})
    return handled


def _planned_order(store: Store, meeting_id: str) -> list[str]:
    return [
        row[0]
        for row in store.conn.execute(
            "SELECT id FROM agenda_item WHERE meeting_id = ? AND deleted = 0 ORDER BY ordinal, id",
            (meeting_id,),
        )
    ]


def step_item(store: Store, actor: Actor, meeting_id: str, step: int) -> str | None:
    """Go to the next (``step`` 1) or previous (-1) item on the agenda; from no current item,
    "next" is the first.  Returns the item now current (unchanged at either end)."""
    require_session(store, actor, meeting_id)
    claim = session_claim(store, meeting_id)
    order = _planned_order(store, meeting_id)
    if not order:
        return None
    current = claim.current_item_id if claim else None
    if current not in order:
        target = order[0] if step > 0 else order[-1]
    else:
        index = max(0, min(len(order) - 1, order.index(current) + step))
        target = order[index]
    set_current_item(store, actor, meeting_id, target)
    return target


def move_item(store: Store, actor: Actor, item_id: str, new_index: int) -> None:
    """Reorder the agenda on the fly (what has not been handled yet comes in this order)."""
    item = fetch(store, "agenda_item", item_id, "meeting_id")
    require_session(store, actor, item["meeting_id"])
    move_agenda_item(store, actor, item_id, new_index)


def add_urgent_item(
    store: Store,
    actor: Actor,
    meeting_id: str,
    title: str,
    kind: ItemKind = ItemKind.DECISION,
    planned_minutes: int = 10,
    proposal: str = "",
) -> str:
    """Add an urgent item, right after the current item (at the end when none is current)."""
    require_session(store, actor, meeting_id)
    claim = session_claim(store, meeting_id)
    order = _planned_order(store, meeting_id)
    current = claim.current_item_id if claim else None
    place = order.index(current) + 1 if current in order else len(order)
    with store.write(actor.person_id) as writer:
        item_id = add_agenda_item(
            store,
            actor,
            meeting_id,
            ItemSpec(title, ItemKind(kind), proposal=proposal, planned_minutes=planned_minutes),
        )
        if place < len(order):
            move_agenda_item(store, actor, item_id, place)
        record_event(writer, actor, "add_urgent_item", "agenda_item", item_id)
    return item_id


def defer_item(store: Store, actor: Actor, item_id: str, reason: str = "") -> str | None:
    """Defer an item to a next meeting: it is decided as "deferred", and it is put on the PFO's
    next meeting that is still being prepared (draft or published), keeping where it came from.
    Returns the new item's id, or None when no next meeting is planned yet (the secretary then
    finds it among the deferred items)."""
    item = fetch(
        store,
        "agenda_item",
        item_id,
        "meeting_id, title, kind, proposal, planned_minutes, confidential, initiative_id, "
        "rapporteur_id",
    )
    facts = require_session(store, actor, item["meeting_id"])
    starts = store.scalar("SELECT starts_at FROM meeting WHERE id = ?", (facts.id,))
    target = store.scalar(
        "SELECT id FROM meeting WHERE pfo_id = ? AND deleted = 0 AND starts_at > ? "
        "AND status IN ('draft', 'published') ORDER BY starts_at LIMIT 1",
        (facts.pfo_id, starts),
    )
    text = reason.strip() or _("Deferred to a next meeting.")
    new_id: str | None = None
    with store.write(actor.person_id) as writer:
        record_decisions(
            store,
            actor,
            facts.id,
            [
                DecisionSpec(
                    item_id, text, DecisionOutcome.DEFERRED, quorum_met=_quorum_met(store, facts.id)
                )
            ],
        )
        if target is not None:
            new_id = add_agenda_item(
                store,
                actor,
                target,
                ItemSpec(
                    item["title"],
                    ItemKind(item["kind"]),
                    proposal=item["proposal"],
                    rapporteur_id=item["rapporteur_id"],
                    planned_minutes=int(item["planned_minutes"]),
                    confidential=bool(item["confidential"]),
                    initiative_id=item["initiative_id"],
                    origin_item_id=item_id,
                ),
            )
        record_event(
            writer, actor, "defer_item", "agenda_item", item_id, detail=f"to {new_id or '-'}"
        )
    return new_id


# Speakers -----------------------------------------------------------------------------------------


def _item_meeting(store: Store, item_id: str) -> str:
    return str(fetch(store, "agenda_item", item_id, "meeting_id")["meeting_id"])


def _end_speaking(writer: Writer, store: Store, item_id: str, now: datetime) -> None:
    for (turn,) in store.conn.execute(
        "SELECT id FROM speaker_turn WHERE agenda_item_id = ? AND deleted = 0 "
        "AND started_at IS NOT NULL AND ended_at IS NULL",
        (item_id,),
    ).fetchall():
        writer.update(model.SpeakerTurn, turn, {"ended_at": now})


def add_speaker(
    store: Store,
    actor: Actor,
    item_id: str,
    municipality_id: str | None = None,
    person_id: str | None = None,
) -> str:
    """Put a municipality or a person at the end of the item's speakers' queue."""
    require_session(store, actor, _item_meeting(store, item_id))
    if not municipality_id and not person_id:
        raise InvalidInput(field=_("speaker"), reason=_("say who asks to speak"))
    if municipality_id:
        fetch(store, "municipality", municipality_id, "id")
    if person_id:
        fetch(store, "person", person_id, "id")
        if not municipality_id:
            municipality_id = store.scalar(
                "SELECT municipality_id FROM person WHERE id = ?", (person_id,)
            )
    last = store.scalar(
        "SELECT max(place) FROM speaker_turn WHERE agenda_item_id = ? AND deleted = 0", (item_id,)
    )
    with store.write(actor.person_id) as writer:
        return writer.create(
            model.SpeakerTurn,
            {
                "agenda_item_id": item_id,
                "municipality_id": municipality_id,
                "person_id": person_id,
                "place": float(last or 0) + 1.0,
                "requested_at": utc_now(),
            },
        )


def next_speaker(store: Store, actor: Actor, item_id: str) -> str | None:
    """The one speaking stops; the first in the queue starts.  Returns who speaks now."""
    require_session(store, actor, _item_meeting(store, item_id))
    waiting = store.scalar(
        "SELECT id FROM speaker_turn WHERE agenda_item_id = ? AND deleted = 0 "
        "AND started_at IS NULL ORDER BY place, id LIMIT 1",
        (item_id,),
    )
    now = utc_now()
    with store.write(actor.person_id) as writer:
        _end_speaking(writer, store, item_id, now)
        if waiting is not None:
            writer.update(model.SpeakerTurn, waiting, {"started_at": now})
    return str(waiting) if waiting is not None else None


def remove_speaker(store: Store, actor: Actor, turn_id: str) -> None:
    """Take someone off the queue (a turn already spoken stays: it is history)."""
    turn = fetch(store, "speaker_turn", turn_id, "agenda_item_id, started_at, ended_at")
    require_session(store, actor, _item_meeting(store, turn["agenda_item_id"]))
    with store.write(actor.person_id) as writer:
        if turn["started_at"] is None:
            writer.delete(model.SpeakerTurn, turn_id)
        elif turn["ended_at"] is None:
            writer.update(model.SpeakerTurn, turn_id, {"ended_at": utc_now()})


# Positions ----------------------------------------------------------------------------------------


def record_session_positions(
    store: Store, actor: Actor, item_id: str, specs: Sequence[PositionSpec]
) -> int:
    """The roll call in session: like ``record_roll_call``, and a municipality must be in the
    room (present, or represented by one that is).  Recording the position a municipality had
    prepared confirms it (its time and recorder become those of the session).  Returns how many
    positions were recorded, changed or confirmed."""
    meeting_id = _item_meeting(store, item_id)
    require_session(store, actor, meeting_id)  # record_roll_call checks who is in the room
    existing = {
        row[0]: (row[1], row[2])
        for row in store.conn.execute(
            "SELECT id, kind, reason FROM position WHERE agenda_item_id = ? AND deleted = 0",
            (item_id,),
        )
    }
    now = utc_now()
    with store.write(actor.person_id) as writer:
        count = record_roll_call(store, actor, meeting_id, {item_id: specs}, recorded_at=now)
        for spec in specs:
            each = position_id(item_id, spec.municipality_id)
            if existing.get(each) == (spec.kind.value, spec.reason.strip()):
                writer.update(
                    model.Position, each, {"recorded_by": actor.person_id, "recorded_at": now}
                )
                record_event(writer, actor, "confirm_position", "position", each)
                count += 1
    return count


# Decisions ----------------------------------------------------------------------------------------

#: The decision text a chair starts from, per item kind and outcome ({title}, {proposal} and
#: {participants} are filled in).
_TEMPLATES: dict[tuple[ItemKind, DecisionOutcome | None], str] = {
    (ItemKind.INFORMATION, None): N_("The PFO takes note of “{title}”."),
    (ItemKind.DISCUSSION, None): N_("The PFO discussed “{title}”. Conclusions: "),
    (ItemKind.DECISION, DecisionOutcome.ADOPTED_BY_ALL): N_(
        "The PFO agrees with the proposal: {proposal}"
    ),
    (ItemKind.DECISION, DecisionOutcome.ADOPTED_BY_COALITION): N_(
        "The PFO agrees with the proposal for the participating municipalities "
        "({participants}): {proposal}"
    ),
    (ItemKind.DECISION, DecisionOutcome.NOT_ADOPTED): N_(
        "The PFO does not agree with the proposal “{title}”."
    ),
    (ItemKind.DECISION, DecisionOutcome.DEFERRED): N_(
        "The PFO defers “{title}” to a next meeting."
    ),
    (ItemKind.DECISION, DecisionOutcome.NOTED): N_("The PFO takes note of “{title}”."),
    (ItemKind.DECISION, None): N_("The PFO agrees with the proposal: {proposal}"),
}


def decision_template(
    kind: ItemKind,
    outcome: DecisionOutcome | None,
    title: str,
    proposal: str,
    participants: Sequence[str] = (),
) -> str:
    """The starting text of a decision for an item of ``kind`` with ``outcome``."""
    template = _TEMPLATES.get((kind, outcome)) or _TEMPLATES.get((kind, None)) or ""
    return _(template).format(
        title=title, proposal=proposal.strip() or title, participants=", ".join(participants)
    )


def save_decision_draft(
    store: Store, actor: Actor, item_id: str, text: str, outcome: DecisionOutcome | None = None
) -> bool:
    """Save the decision text as it is typed (no rule but the session's; an empty text is kept
    too).  Returns whether anything changed."""
    require_session(store, actor, _item_meeting(store, item_id))
    values = {
        "text": text,
        "outcome": DecisionOutcome(outcome).value if outcome else "",
        "updated_at": utc_now(),
    }
    row = store.query(
        "SELECT text, outcome, deleted FROM decision_draft WHERE id = ?", (draft_id(item_id),)
    )
    with store.write(actor.person_id) as writer:
        if not row:
            writer.create(
                model.DecisionDraft, {"id": draft_id(item_id), "agenda_item_id": item_id, **values}
            )
            return True
        if (row[0]["text"], row[0]["outcome"]) == (values["text"], values["outcome"]):
            return False
        writer.update(model.DecisionDraft, draft_id(item_id), values)
        return True


@dataclass(frozen=True)
class ActionSpec:
    description: str
    holder_person_id: str | None = None
    holder_municipality_id: str | None = None
    deadline: date | None = None


def _quorum_met(store: Store, meeting_id: str) -> bool:
    return quorum(store, meeting_id).met


def decide_item(
    store: Store,
    actor: Actor,
    item_id: str,
    text: str,
    outcome: DecisionOutcome,
    participants: Collection[str] | None = None,
    to_councils: bool = False,
    council_deadline: date | None = None,
    actions: Sequence[ActionSpec] = (),
) -> str:
    """Record the decision on an item in session.  Whether the quorum is met is taken from who is
    in the room now, and a decision without quorum is marked so (it is still recorded: the PFO
    aligns, the councils decide).  Participants of a coalition default to the positions."""
    meeting_id = _item_meeting(store, item_id)
    require_session(store, actor, meeting_id)
    met = _quorum_met(store, meeting_id)
    with store.write(actor.person_id):
        the_id = record_decisions(
            store,
            actor,
            meeting_id,
            [
                DecisionSpec(
                    item_id,
                    require_text(text, _("decision")),
                    DecisionOutcome(outcome),
                    participants,
                    to_councils,
                    council_deadline,
                    quorum_met=met,
                )
            ],
        )[0]
        for spec in actions:
            add_action(
                store,
                actor,
                meeting_id,
                spec.description,
                spec.holder_person_id,
                spec.holder_municipality_id,
                spec.deadline,
                decision_id=the_id,
            )
        save_decision_draft(store, actor, item_id, text.strip(), DecisionOutcome(outcome))
    return the_id


# Closing ------------------------------------------------------------------------------------------


def close_session(store: Store, actor: Actor, meeting_id: str, force: bool = False) -> list[str]:
    """Close the session: the meeting becomes "closed", timers and speakers stop, the claim is
    released.  Refused while items are open (never taken up, or for decision without a decision
    or deferral) unless ``force``; a forced close is logged with the open items.  Returns the
    titles of the items that were open."""
    require_session(store, actor, meeting_id)
    still_open = open_items(store, meeting_id)
    titles = [item.title for item in still_open]
    if still_open and not force:
        raise ItemsStillOpen(items="; ".join(titles))
    now = utc_now()
    claim = session_claim(store, meeting_id)
    with store.write(actor.person_id) as writer:
        if claim and claim.current_item_id:
            _stop_timer(writer, store, claim.current_item_id, now)
            _end_speaking(writer, store, claim.current_item_id, now)
        set_meeting_status(store, actor, meeting_id, MeetingStatus.CLOSED)
        writer.update(
            model.MeetingSession,
            session_id(meeting_id),
            {"released_at": now, "current_item_id": None},
        )
        record_event(
            writer,
            actor,
            "close_session_forced" if still_open else "close_session",
            "meeting",
            meeting_id,
            detail="; ".join(titles),
        )
    return titles


__all__ = [
    "ActionSpec",
    "SessionStart",
    "add_speaker",
    "add_urgent_item",
    "close_session",
    "decide_item",
    "decision_template",
    "defer_item",
    "move_item",
    "next_speaker",
    "record_session_positions",
    "register_attendance",
    "register_departure",
    "remove_speaker",
    "require_session",
    "save_decision_draft",
    "set_current_item",
    "start_session",
    "step_item",
]
