"""Meetings: plan, edit, and move through the lifecycle draft -> published -> in session ->
closed -> adopted."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from regiodesk import model
from regiodesk.commands._common import ensure_unlocked, fetch, meeting_facts
from regiodesk.errors import InvalidInput, InvalidTransition, NotPermitted
from regiodesk.i18n import _
from regiodesk.model.enums import MeetingStatus
from regiodesk.permissions import Actor, is_chair, is_secretary, require_meeting_editor
from regiodesk.store import Store
from regiodesk.timeutil import day_start_text, from_text, local_date, utc_now

S = MeetingStatus
TRANSITIONS: dict[MeetingStatus, frozenset[MeetingStatus]] = {
    S.DRAFT: frozenset({S.PUBLISHED}),
    S.PUBLISHED: frozenset({S.DRAFT, S.IN_SESSION}),
    S.IN_SESSION: frozenset({S.CLOSED}),
    S.CLOSED: frozenset({S.IN_SESSION, S.ADOPTED}),  # reopening is for the chair, and logged
    S.ADOPTED: frozenset(),
}
EDITABLE_FIELDS = frozenset(
    {"title", "starts_at", "ends_at", "location", "chair_id", "secretary_id", "minutes"}
)


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise InvalidInput(field=_("time"), reason=_("a time needs its time zone"))
    if ends_at <= starts_at:
        raise InvalidInput(field=_("end"), reason=_("the meeting ends before it starts"))


def next_number(store: Store, pfo_id: str, year: int) -> int:
    """Meetings are numbered per PFO per (Amsterdam) year: 2026-01, 2026-02, ..."""
    highest = store.scalar(
        "SELECT max(number) FROM meeting WHERE pfo_id = ? AND starts_at >= ? AND starts_at < ?",
        (pfo_id, day_start_text(date(year, 1, 1)), day_start_text(date(year + 1, 1, 1))),
    )
    return int(highest or 0) + 1


def create_meeting(
    store: Store,
    actor: Actor,
    pfo_id: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    title: str = "",
    chair_id: str | None = None,
    secretary_id: str | None = None,
) -> str:
    fetch(store, "pfo", pfo_id, "id")
    if not is_secretary(store, actor, pfo_id):
        raise NotPermitted(
            action=_("plan a meeting"), reason=_("only the PFO's secretary plans meetings")
        )
    _check_times(starts_at, ends_at)
    with store.write(actor.person_id) as writer:
        return writer.create(
            model.Meeting,
            {
                "pfo_id": pfo_id,
                "number": next_number(store, pfo_id, local_date(starts_at).year),
                "title": title.strip(),
                "starts_at": starts_at,
                "ends_at": ends_at,
                "location": location.strip(),
                "chair_id": chair_id,
                "secretary_id": secretary_id,
            },
        )


def update_meeting(store: Store, actor: Actor, meeting_id: str, **fields: Any) -> bool:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    facts = meeting_facts(store, meeting_id)
    require_meeting_editor(store, actor, meeting_id, facts.pfo_id)
    ensure_unlocked(facts)
    if "starts_at" in fields or "ends_at" in fields:
        current = fetch(store, "meeting", meeting_id, "starts_at, ends_at")
        _check_times(
            fields.get("starts_at") or from_text(current["starts_at"]),
            fields.get("ends_at") or from_text(current["ends_at"]),
        )
    with store.write(actor.person_id) as writer:
        return writer.update(model.Meeting, meeting_id, fields)


def set_meeting_status(
    store: Store, actor: Actor, meeting_id: str, target: MeetingStatus
) -> MeetingStatus:
    """Move a meeting through its lifecycle; returns the status it had."""
    facts = meeting_facts(store, meeting_id)
    current = facts.status
    if target not in TRANSITIONS[current]:
        raise InvalidTransition(current=current.label, target=target.label)
    require_meeting_editor(store, actor, meeting_id, facts.pfo_id)
    reopening = current is S.CLOSED and target is S.IN_SESSION
    if reopening:
        ensure_unlocked(facts)
        if not is_chair(store, actor, meeting_id):
            raise NotPermitted(
                action=_("reopen this session"), reason=_("only the chair reopens a session")
            )
    values: dict[str, Any] = {"status": target}
    if target is S.IN_SESSION and not reopening:
        values["opened_at"] = utc_now()
    if target is S.CLOSED:
        values["closed_at"] = utc_now()
    with store.write(actor.person_id) as writer:
        writer.update(model.Meeting, meeting_id, values)
        if reopening:
            from regiodesk.commands.audit import record_event

            record_event(writer, actor, "reopen_session", "meeting", meeting_id)
    return current
