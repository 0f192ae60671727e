"""Decision lists: versions, signatures, adoption, and the lock a signature puts on a meeting
(regiodesk/commands/decision_lists.py, and the lock checks of every command)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from regiodesk import errors
from regiodesk.commands import (
    actions,
    agenda,
    attendance,
    council,
    decisions,
    documents,
    meetings,
    positions,
)
from regiodesk.commands.agenda import ItemSpec
from regiodesk.commands.council import CouncilHandling
from regiodesk.commands.decision_lists import create_decision_list, mark_adopted, record_signature
from regiodesk.commands.positions import PositionSpec
from regiodesk.model.enums import (
    ActionStatus,
    AttendanceStatus,
    CouncilStatus,
    DecisionOutcome,
    MeetingStatus,
    PositionKind,
)

if TYPE_CHECKING:
    from tests.core.conftest import World

S = MeetingStatus
CONTENT, FILE = "c" * 64, "f" * 64


@dataclass
class Held:
    """A meeting that was held: positions, attendance, a decision routed to the councils, an
    action and a document; now closed with a draft decision list."""

    world: World
    decision: str
    action: str
    document: str
    paper: Path
    decision_list: str


@pytest.fixture
def held(world: World, tmp_path: Path) -> Held:
    s, sec, m = world.store, world.secretary, world.m
    paper = tmp_path / "voorstel.pdf"
    paper.write_bytes(b"%PDF-1.4 voorstel")
    document = documents.attach_document(
        s, sec, world.meeting_id, paper, agenda_item_id=world.decision_item
    )
    for target in (S.PUBLISHED, S.IN_SESSION):
        meetings.set_meeting_status(s, sec, world.meeting_id, target)
    attendance.set_attendance_list(
        s,
        sec,
        world.meeting_id,
        [
            attendance.AttendanceSpec(m(n), AttendanceStatus.PRESENT)
            for n in ("Enschede", "Almelo", "Hengelo")
        ],
    )
    positions.record_positions(
        s,
        sec,
        world.decision_item,
        [
            PositionSpec(m("Enschede"), PositionKind.AGREE),
            PositionSpec(m("Almelo"), PositionKind.AGREE),
            PositionSpec(m("Hengelo"), PositionKind.NOT_PARTICIPATING, "Lokaal."),
        ],
    )
    decision = decisions.record_decision(
        s,
        sec,
        world.decision_item,
        "Besloten.",
        DecisionOutcome.ADOPTED_BY_COALITION,
        to_councils=True,
    )
    action = actions.add_action(
        s,
        sec,
        world.meeting_id,
        "Uitwerken",
        holder_person_id=world.member.person_id,
        deadline=date(2027, 3, 1),
        decision_id=decision,
    )
    meetings.set_meeting_status(s, sec, world.meeting_id, S.CLOSED)
    decision_list = create_decision_list(s, sec, world.meeting_id)
    return Held(world, decision, action, document, paper, decision_list)


def sign_both(held: Held) -> None:
    w = held.world
    record_signature(w.store, w.chair, held.decision_list, "chair", CONTENT, FILE)
    record_signature(w.store, w.secretary, held.decision_list, "secretary", CONTENT, "e" * 64)


def list_row(held: Held) -> dict[str, object]:
    return dict(
        held.world.store.query("SELECT * FROM decision_list WHERE id = ?", (held.decision_list,))[0]
    )


# Making and signing -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [(), (S.PUBLISHED,), (S.PUBLISHED, S.IN_SESSION)])
def test_a_decision_list_is_made_of_a_closed_meeting(
    world: World, path: tuple[MeetingStatus, ...]
) -> None:
    for target in path:
        meetings.set_meeting_status(world.store, world.secretary, world.meeting_id, target)
    with pytest.raises(errors.InvalidInput):
        create_decision_list(world.store, world.secretary, world.meeting_id)
    assert world.store.scalar("SELECT count(*) FROM decision_list") == 0


def test_an_open_draft_is_reused(held: Held) -> None:
    w = held.world
    before = w.store.scalar("SELECT count(*) FROM change_log")
    assert create_decision_list(w.store, w.secretary, w.meeting_id) == held.decision_list
    assert w.store.scalar("SELECT count(*) FROM change_log") == before
    assert list_row(held)["version"] == 1
    assert list_row(held)["status"] == "draft"


def test_the_chair_signs_first_then_the_secretary(held: Held) -> None:
    w = held.world
    with pytest.raises(errors.InvalidInput):
        record_signature(w.store, w.secretary, held.decision_list, "secretary", CONTENT, FILE)
    with pytest.raises(errors.NotPermitted):
        record_signature(w.store, w.member, held.decision_list, "chair", CONTENT, FILE)
    with pytest.raises(errors.NotPermitted):
        record_signature(w.store, w.secretary, held.decision_list, "chair", CONTENT, FILE)
    record_signature(w.store, w.chair, held.decision_list, "chair", CONTENT, FILE)
    signed = list_row(held)
    assert signed["status"] == "signed"
    assert signed["content_sha256"] == CONTENT
    assert signed["chair_signed_at"] is not None
    assert signed["secretary_signed_at"] is None
    with pytest.raises(errors.DecisionListLocked):  # the chair signs once
        record_signature(w.store, w.chair, held.decision_list, "chair", "d" * 64, FILE)
    with pytest.raises(errors.NotPermitted):
        record_signature(w.store, w.member, held.decision_list, "secretary", CONTENT, FILE)
    with pytest.raises(errors.DecisionListLocked):  # another content than the chair signed
        record_signature(w.store, w.secretary, held.decision_list, "secretary", "d" * 64, FILE)
    record_signature(w.store, w.secretary, held.decision_list, "secretary", CONTENT, "e" * 64)
    both = list_row(held)
    assert both["secretary_signed_at"] is not None
    assert both["file_sha256"] == "e" * 64
    with pytest.raises(errors.DecisionListLocked):
        record_signature(w.store, w.secretary, held.decision_list, "secretary", CONTENT, FILE)


def test_a_correction_is_a_new_version_referring_to_the_old(held: Held) -> None:
    sign_both(held)
    w = held.world
    correction = create_decision_list(w.store, w.secretary, w.meeting_id)
    assert correction != held.decision_list
    row = w.store.query(
        "SELECT version, previous_id, status FROM decision_list WHERE id = ?", (correction,)
    )[0]
    assert (row["version"], row["previous_id"], row["status"]) == (2, held.decision_list, "draft")


def test_a_signed_list_is_adopted_in_the_next_meeting(held: Held) -> None:
    w = held.world
    next_meeting, _items = w.new_meeting()
    with pytest.raises(errors.InvalidInput):  # not signed yet
        mark_adopted(w.store, w.secretary, held.decision_list, next_meeting)
    sign_both(held)
    mark_adopted(w.store, w.secretary, held.decision_list, next_meeting)
    row = list_row(held)
    assert (row["status"], row["adopted_in_meeting_id"]) == ("adopted", next_meeting)
    assert w.store.scalar("SELECT status FROM meeting WHERE id = ?", (w.meeting_id,)) == "adopted"


# The lock -----------------------------------------------------------------------------------------

LOCKED_CHANGES: dict[str, Callable[[Held], object]] = {
    "record position": lambda h: positions.record_position(
        h.world.store,
        h.world.secretary,
        h.world.decision_item_2,
        h.world.m("Borne"),
        PositionKind.AGREE,
    ),
    "record position as member": lambda h: positions.record_position(
        h.world.store,
        h.world.member,
        h.world.decision_item_2,
        h.world.m("Almelo"),
        PositionKind.AGREE,
    ),
    "withdraw position": lambda h: positions.withdraw_position(
        h.world.store, h.world.secretary, h.world.decision_item, h.world.m("Almelo")
    ),
    "record decision": lambda h: decisions.record_decision(
        h.world.store,
        h.world.secretary,
        h.world.decision_item_2,
        "Alsnog.",
        DecisionOutcome.ADOPTED_BY_ALL,
    ),
    "correct decision": lambda h: decisions.record_decision(
        h.world.store,
        h.world.secretary,
        h.world.decision_item,
        "Anders.",
        DecisionOutcome.NOT_ADOPTED,
    ),
    "attendance": lambda h: attendance.set_attendance(
        h.world.store,
        h.world.secretary,
        h.world.meeting_id,
        h.world.m("Borne"),
        AttendanceStatus.PRESENT,
    ),
    "add agenda item": lambda h: agenda.add_agenda_item(
        h.world.store, h.world.secretary, h.world.meeting_id, ItemSpec("Nagekomen")
    ),
    "edit agenda item": lambda h: agenda.update_agenda_item(
        h.world.store, h.world.secretary, h.world.decision_item, title="Anders"
    ),
    "move agenda item": lambda h: agenda.move_agenda_item(
        h.world.store, h.world.secretary, h.world.decision_item, 0
    ),
    "remove agenda item": lambda h: agenda.remove_agenda_item(
        h.world.store, h.world.secretary, h.world.discussion_item
    ),
    "attach document": lambda h: documents.attach_document(
        h.world.store, h.world.secretary, h.world.meeting_id, h.paper
    ),
    "new document version": lambda h: documents.add_document_version(
        h.world.store, h.world.secretary, h.document, h.paper
    ),
    "edit document": lambda h: documents.update_document(
        h.world.store, h.world.secretary, h.document, title="Anders"
    ),
    "remove document": lambda h: documents.remove_document(
        h.world.store, h.world.secretary, h.document
    ),
    "add action": lambda h: actions.add_action(
        h.world.store, h.world.secretary, h.world.meeting_id, "Nog iets"
    ),
    "reword action": lambda h: actions.update_action(
        h.world.store, h.world.secretary, h.action, description="Anders"
    ),
    "edit meeting": lambda h: meetings.update_meeting(
        h.world.store, h.world.secretary, h.world.meeting_id, minutes="Achteraf."
    ),
    "reopen session": lambda h: meetings.set_meeting_status(
        h.world.store, h.world.chair, h.world.meeting_id, MeetingStatus.IN_SESSION
    ),
}


@pytest.mark.parametrize("signatures", ["chair", "both"])
@pytest.mark.parametrize("change", sorted(LOCKED_CHANGES))
def test_a_signed_list_locks_the_meeting(held: Held, change: str, signatures: str) -> None:
    w = held.world
    if signatures == "chair":
        record_signature(w.store, w.chair, held.decision_list, "chair", CONTENT, FILE)
    else:
        sign_both(held)
    before = w.store.scalar("SELECT count(*) FROM change_log")
    with pytest.raises(errors.DecisionListLocked) as caught:
        LOCKED_CHANGES[change](held)
    assert w.meeting_id in str(caught.value)
    assert w.store.scalar("SELECT count(*) FROM change_log") == before


def test_the_same_changes_are_allowed_before_signing(held: Held) -> None:
    for name in ("record decision", "attendance", "edit meeting", "edit document", "add action"):
        LOCKED_CHANGES[name](held)


def test_action_follow_up_goes_on_after_signing(held: Held) -> None:
    sign_both(held)
    w = held.world
    assert actions.update_action(w.store, w.member, held.action, status=ActionStatus.IN_PROGRESS)
    assert actions.update_action(
        w.store, w.secretary, held.action, status=ActionStatus.DONE, deadline=date(2027, 4, 1)
    )
    row = w.store.query(
        "SELECT status, completed_on, deadline FROM action WHERE id = ?", (held.action,)
    )[0]
    assert (row["status"], row["deadline"]) == ("done", "2027-04-01")
    assert row["completed_on"] == date.today().isoformat()
    council.record_council_handling(
        w.store,
        w.secretary,
        held.decision,
        CouncilHandling(w.m("Almelo"), CouncilStatus.ADOPTED, handled_on=date(2027, 2, 1)),
    )
