"""Decision lists (besluitenlijsten): versions, signatures, adoption, and the lock that follows.

Once the chair has signed a version, the meeting's decisions, positions, attendance and agenda
cannot change any more (every command checks this); a correction is a new version that refers to
the previous one and is signed again.
"""

from __future__ import annotations

from typing import Literal

from regiodesk import model
from regiodesk.changelog.writer import Writer
from regiodesk.commands._common import fetch, meeting_facts
from regiodesk.errors import DecisionListLocked, InvalidInput, NotPermitted
from regiodesk.i18n import _
from regiodesk.ids import stable_id
from regiodesk.model.enums import DecisionListStatus, MeetingStatus
from regiodesk.permissions import Actor, is_chair, is_secretary, require_meeting_editor
from regiodesk.references import meeting_reference
from regiodesk.store import Store
from regiodesk.timeutil import utc_now


def decision_list_id(meeting_id: str, version: int) -> str:
    """The id of a version of a meeting's list is known before the row exists: a draft can be
    shown without writing, and two devices that make the same version make the same row."""
    return stable_id("decision_list", meeting_id, str(version))


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
    version = latest[0]["version"] + 1 if latest else 1
    with store.write(actor.person_id) as writer:
        return writer.create(
            model.DecisionList,
            {
                "id": decision_list_id(meeting_id, version),
                "meeting_id": meeting_id,
                "version": version,
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
        adopt_in(writer, store, decision_list_id, in_meeting_id)


def adopt_in(writer: Writer, store: Store, decision_list_id: str, in_meeting_id: str) -> None:
    """Inside a write: the meeting ``in_meeting_id`` adopted this signed decision list."""
    row = fetch(store, "decision_list", decision_list_id, "meeting_id, status")
    if row["status"] == DecisionListStatus.ADOPTED:
        return
    if row["status"] != DecisionListStatus.SIGNED:
        raise InvalidInput(field=_("decision list"), reason=_("only a signed list can be adopted"))
    writer.update(
        model.DecisionList,
        decision_list_id,
        {"status": DecisionListStatus.ADOPTED, "adopted_in_meeting_id": in_meeting_id},
    )
    if meeting_facts(store, row["meeting_id"]).status is MeetingStatus.CLOSED:
        writer.update(model.Meeting, row["meeting_id"], {"status": MeetingStatus.ADOPTED})


def list_to_adopt(store: Store, meeting_id: str) -> str | None:
    """The signed, not yet adopted decision list of the PFO's previous meeting, if any."""
    facts = meeting_facts(store, meeting_id)
    found = store.scalar(
        "SELECT l.id FROM decision_list l JOIN meeting m ON m.id = l.meeting_id "
        "WHERE m.pfo_id = ? AND m.deleted = 0 AND l.deleted = 0 AND l.status = 'signed' "
        "AND m.starts_at < (SELECT starts_at FROM meeting WHERE id = ?) "
        "ORDER BY m.starts_at DESC, l.version DESC LIMIT 1",
        (facts.pfo_id, meeting_id),
    )
    return str(found) if found else None


def propose_adoption(store: Store, actor: Actor, meeting_id: str) -> str:
    """Put the adoption of the previous meeting's signed decision list first on the agenda."""
    from regiodesk.commands.agenda import ItemSpec, add_agenda_item, move_agenda_item
    from regiodesk.model.enums import ItemKind

    list_id = list_to_adopt(store, meeting_id)
    if list_id is None:
        raise InvalidInput(
            field=_("decision list"),
            reason=_("the previous meeting has no signed decision list waiting for adoption"),
        )
    existing = store.scalar(
        "SELECT id FROM agenda_item WHERE meeting_id = ? AND adopts_list_id = ? AND deleted = 0",
        (meeting_id, list_id),
    )
    if existing:
        return str(existing)
    previous = store.query(
        "SELECT m.number, m.starts_at, l.version FROM decision_list l "
        "JOIN meeting m ON m.id = l.meeting_id WHERE l.id = ?",
        (list_id,),
    )[0]
    reference = meeting_reference(previous["starts_at"], previous["number"])
    with store.write(actor.person_id) as writer:
        item_id = add_agenda_item(
            store,
            actor,
            meeting_id,
            ItemSpec(
                title=_("Adoption of the decision list of meeting {reference}").format(
                    reference=reference
                ),
                kind=ItemKind.DECISION,
                proposal=_("Adopt the signed decision list (version {version}).").format(
                    version=previous["version"]
                ),
                planned_minutes=5,
            ),
        )
        writer.update(model.AgendaItem, item_id, {"adopts_list_id": list_id})
        move_agenda_item(store, actor, item_id, 0)
    return item_id


def propose_adoption_at_next(store: Store, actor: Actor, meeting_id: str) -> str:
    """Put the adoption of this meeting's signed list on the PFO's next open meeting."""
    facts = meeting_facts(store, meeting_id)
    following = store.scalar(
        "SELECT id FROM meeting WHERE pfo_id = ? AND deleted = 0 AND starts_at > "
        "(SELECT starts_at FROM meeting WHERE id = ?) "
        "AND status IN ('draft', 'published', 'in_session') ORDER BY starts_at LIMIT 1",
        (facts.pfo_id, meeting_id),
    )
    if not following:
        raise InvalidInput(
            field=_("meeting"), reason=_("the PFO has no next meeting planned yet; plan it first")
        )
    return propose_adoption(store, actor, str(following))
