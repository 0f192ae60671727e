"""Decision lists (besluitenlijsten): versions, signatures, adoption, and the lock that follows.

Once the chair has signed a version, the meeting's decisions, positions, attendance and agenda
cannot change any more (every command checks this); a correction is a new version that refers to
the previous one and is signed again.
"""

from __future__ import annotations

from typing import Literal

from regiodesk import model
from regiodesk.commands._common import fetch, meeting_facts
from regiodesk.errors import DecisionListLocked, InvalidInput, NotPermitted
from regiodesk.i18n import _
from regiodesk.model.enums import DecisionListStatus, MeetingStatus
from regiodesk.permissions import Actor, is_chair, is_secretary, require_meeting_editor
from regiodesk.store import Store
from regiodesk.timeutil import utc_now


def create_decision_list(store: Store, actor: Actor, meeting_id: str) -> str:
    """A new draft version of the meeting's decision list (a correction if one was signed)."""
    facts = meeting_facts(store, meeting_id)
    require_meeting_editor(store, actor, meeting_id, facts.pfo_id)
    if facts.status not in (MeetingStatus.CLOSED, MeetingStatus.ADOPTED):
        raise InvalidInput(
            field=_("meeting"), reason=_("a decision list is made of a closed meeting")
        )
    latest = store.query(
        "SELECT id, version, status FROM decision_list WHERE meeting_id = ? AND deleted = 0 "
        "ORDER BY version DESC LIMIT 1",
        (meeting_id,),
    )
    if latest and latest[0]["status"] == DecisionListStatus.DRAFT:
        return str(latest[0]["id"])
    with store.write(actor.person_id) as writer:
        return writer.create(
            model.DecisionList,
            {
                "meeting_id": meeting_id,
                "version": latest[0]["version"] + 1 if latest else 1,
                "previous_id": latest[0]["id"] if latest else None,
            },
        )


def record_signature(
    store: Store,
    actor: Actor,
    decision_list_id: str,
    role: Literal["chair", "secretary"],
    content_sha256: str,
    file_sha256: str,
) -> None:
    """Record that the chair (first) or the secretary (second) signed this version."""
    row = fetch(
        store,
        "decision_list",
        decision_list_id,
        "meeting_id, status, chair_signed_at, secretary_signed_at, content_sha256",
    )
    meeting_id = row["meeting_id"]
    if role == "chair":
        if not is_chair(store, actor, meeting_id):
            raise NotPermitted(action=_("sign as chair"), reason=_("you are not the chair"))
        if row["chair_signed_at"] is not None:
            raise DecisionListLocked(meeting=meeting_id)
        values = {
            "chair_signed_at": utc_now(),
            "status": DecisionListStatus.SIGNED,
            "content_sha256": content_sha256,
            "file_sha256": file_sha256,
        }
    else:
        facts = meeting_facts(store, meeting_id)
        if not is_secretary(store, actor, facts.pfo_id):
            raise NotPermitted(action=_("sign as secretary"), reason=_("you are not the secretary"))
        if row["chair_signed_at"] is None:
            raise InvalidInput(field=_("signature"), reason=_("the chair signs first"))
        if row["secretary_signed_at"] is not None or row["content_sha256"] != content_sha256:
            raise DecisionListLocked(meeting=meeting_id)
        values = {"secretary_signed_at": utc_now(), "file_sha256": file_sha256}
    with store.write(actor.person_id) as writer:
        writer.update(model.DecisionList, decision_list_id, values)


def mark_adopted(store: Store, actor: Actor, decision_list_id: str, in_meeting_id: str) -> None:
    """The next meeting adopted this (signed) decision list."""
    row = fetch(store, "decision_list", decision_list_id, "meeting_id, status")
    facts = meeting_facts(store, row["meeting_id"])
    require_meeting_editor(store, actor, facts.id, facts.pfo_id)
    if row["status"] != DecisionListStatus.SIGNED:
        raise InvalidInput(field=_("decision list"), reason=_("only a signed list can be adopted"))
    fetch(store, "meeting", in_meeting_id, "id")
    with store.write(actor.person_id) as writer:
        writer.update(
            model.DecisionList,
            decision_list_id,
            {"status": DecisionListStatus.ADOPTED, "adopted_in_meeting_id": in_meeting_id},
        )
        if facts.status is MeetingStatus.CLOSED:
            writer.update(model.Meeting, facts.id, {"status": MeetingStatus.ADOPTED})
