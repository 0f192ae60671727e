"""From the store to a signed decision list and back: export, the chair's and the secretary's
signatures, the lock, corrections, adoption, and verification against the store."""

from __future__ import annotations

import pytest

from regiodesk.commands import positions
from regiodesk.commands.attendance import set_attendance
from regiodesk.commands.decision_lists import list_to_adopt, propose_adoption
from regiodesk.commands.decisions import DecisionSpec, record_decisions
from regiodesk.commands.meetings import set_meeting_status
from regiodesk.decision_list.signatures import (
    export_decision_list,
    sign_decision_list,
    start_correction,
    verify_decision_list,
)
from regiodesk.demo.pdf import simple_pdf
from regiodesk.errors import (
    DecisionListLocked,
    NotADecisionList,
    NotPermitted,
    SigningError,
    TimestampUnavailable,
)
from regiodesk.model.enums import AttendanceStatus, DecisionOutcome, MeetingStatus, PositionKind
from regiodesk.signing.identity import SigningIdentity
from regiodesk.signing.marker import Marker, add_marker
from regiodesk.signing.verification import Integrity
from tests.core.decision_list.conftest import CONFIDENTIAL_TITLE, Decided, sign_both

S = MeetingStatus


def test_chair_then_secretary_sign_and_the_list_verifies_against_the_store(
    closed: Decided, chair_identity: SigningIdentity, secretary_identity: SigningIdentity
) -> None:
    store = closed.world.store
    signed = sign_both(closed, chair_identity, secretary_identity)
    result = verify_decision_list(store, signed, "list.pdf")
    assert result.complete
    assert result.ok
    assert [r.field for r in result.signatures] == ["chair", "secretary"]
    assert [r.signer for r in result.signatures] == ["Anna Chair", "Sam Secretary"]
    assert result.content_matches
    assert result.is_recorded_file
    assert "The content matches the decision list in the store (version 1)." in result.findings()
    row = store.query(
        "SELECT status, file_sha256, chair_signed_at, secretary_signed_at "
        "FROM decision_list WHERE meeting_id = ?",
        (closed.meeting_id,),
    )[0]
    assert row["status"] == "signed"
    assert row["chair_signed_at"]
    assert row["secretary_signed_at"]
    assert store.blobs.path_of(row["file_sha256"]).read_bytes() == signed
    again = export_decision_list(store, closed.world.secretary, closed.meeting_id)
    assert again.pdf == signed
    assert again.signed_by == ("chair", "secretary")
    actions = [r[0] for r in store.conn.execute("SELECT action FROM audit_event")]
    assert actions.count("sign_decision_list") == 2


def test_after_the_chair_signed_the_meeting_is_locked(
    closed: Decided, chair_identity: SigningIdentity
) -> None:
    world = closed.world
    draft = export_decision_list(world.store, world.secretary, closed.meeting_id)
    sign_decision_list(world.store, world.chair, draft.pdf, chair_identity, "chair")
    with pytest.raises(DecisionListLocked):
        positions.record_position(
            world.store,
            world.chair,
            world.decision_item,
            world.m("Enschede"),
            PositionKind.DISAGREE,
            "changed our mind",
        )
    with pytest.raises(DecisionListLocked):
        set_meeting_status(world.store, world.chair, closed.meeting_id, S.IN_SESSION)


def test_a_correction_is_a_new_version_that_refers_to_the_old_one(
    closed: Decided, chair_identity: SigningIdentity, secretary_identity: SigningIdentity
) -> None:
    world = closed.world
    first = sign_both(closed, chair_identity, secretary_identity)
    list_id = start_correction(world.store, world.secretary, closed.meeting_id)
    row = world.store.query(
        "SELECT version, previous_id FROM decision_list WHERE id = ?", (list_id,)
    )[0]
    assert row["version"] == 2
    assert row["previous_id"] is not None
    draft = export_decision_list(world.store, world.secretary, closed.meeting_id)
    assert draft.version == 2
    assert draft.signed_by == ()
    assert verify_decision_list(world.store, first).superseded_by == 2


def test_the_chair_cannot_sign_a_file_the_store_has_moved_away_from(
    closed: Decided, chair_identity: SigningIdentity
) -> None:
    world = closed.world
    draft = export_decision_list(world.store, world.secretary, closed.meeting_id)
    set_attendance(
        world.store,
        world.secretary,
        closed.meeting_id,
        world.m("Almelo"),
        AttendanceStatus.ABSENT_WITH_NOTICE,
    )
    with pytest.raises(SigningError, match="changed in the store after this file was made"):
        sign_decision_list(world.store, world.chair, draft.pdf, chair_identity, "chair")


def test_refusals_come_before_anything_is_signed(
    closed: Decided, chair_identity: SigningIdentity, secretary_identity: SigningIdentity
) -> None:
    world = closed.world
    draft = export_decision_list(world.store, world.secretary, closed.meeting_id)
    with pytest.raises(NotPermitted, match="sign as chair"):
        sign_decision_list(world.store, world.member, draft.pdf, chair_identity, "chair")
    with pytest.raises(SigningError, match="the chair signs first"):
        sign_decision_list(world.store, world.secretary, draft.pdf, secretary_identity, "secretary")
    with pytest.raises(NotADecisionList, match="no RegioDesk decision-list marker"):
        sign_decision_list(
            world.store, world.chair, simple_pdf("x", ["y"]), chair_identity, "chair"
        )
    foreign = add_marker(simple_pdf("x", ["y"]), Marker("elsewhere", "nope", 1, "0" * 64))
    with pytest.raises(NotADecisionList, match="not in this store"):
        sign_decision_list(world.store, world.chair, foreign, chair_identity, "chair")
    once = sign_decision_list(world.store, world.chair, draft.pdf, chair_identity, "chair")
    with pytest.raises(SigningError, match="already"):
        sign_decision_list(world.store, world.chair, once, chair_identity, "chair")
    with pytest.raises(SigningError, match="not the file the chair signed"):
        sign_decision_list(world.store, world.secretary, draft.pdf, secretary_identity, "secretary")
    assert world.store.scalar("SELECT secretary_signed_at FROM decision_list") is None


def test_a_meeting_that_is_not_closed_cannot_be_exported_for_signing(decided: Decided) -> None:
    world = decided.world
    with pytest.raises(SigningError, match="made of a closed meeting"):
        export_decision_list(world.store, world.secretary, decided.meeting_id)


def test_a_silent_time_stamp_service_leaves_the_list_unsigned(
    closed: Decided, chair_identity: SigningIdentity, dead_url: str
) -> None:
    world = closed.world
    draft = export_decision_list(world.store, world.secretary, closed.meeting_id)
    with pytest.raises(TimestampUnavailable):
        sign_decision_list(
            world.store, world.chair, draft.pdf, chair_identity, "chair", timestamp_url=dead_url
        )
    assert world.store.scalar("SELECT chair_signed_at FROM decision_list") is None


def test_timestamped_signatures_are_b_t(
    closed: Decided,
    chair_identity: SigningIdentity,
    secretary_identity: SigningIdentity,
    tsa_url: str,
) -> None:
    signed = sign_both(closed, chair_identity, secretary_identity, timestamp_url=tsa_url)
    result = verify_decision_list(closed.world.store, signed)
    assert result.signatures[0].level == "B-T"
    assert result.signatures[0].timestamp_valid
    assert result.complete


def test_a_changed_copy_is_reported_as_changed(
    closed: Decided, chair_identity: SigningIdentity, secretary_identity: SigningIdentity
) -> None:
    signed = sign_both(closed, chair_identity, secretary_identity)
    tampered = bytearray(signed)
    index = tampered.index(b"/RegioDeskVersion")
    tampered[index + 2] = ord("r")
    result = verify_decision_list(closed.world.store, bytes(tampered))
    assert not result.ok
    assert not result.complete
    assert any(r.integrity is Integrity.BROKEN for r in result.signatures)
    appended = add_marker(signed, Marker(closed.meeting_id, "x", 1, "0" * 64))
    result = verify_decision_list(closed.world.store, appended)
    assert not result.ok
    assert "changed after signing" in result.findings()[0]


def test_a_pdf_from_elsewhere_is_reported_without_a_crash(closed: Decided) -> None:
    result = verify_decision_list(closed.world.store, simple_pdf("Elders", ["niets"]))
    assert not result.ok
    assert result.findings() == [
        "This PDF carries no signatures.",
        "This PDF is not a decision list made by RegioDesk.",
    ]


def test_the_public_version_is_not_signed_and_has_no_confidential_item(
    closed: Decided, chair_identity: SigningIdentity
) -> None:
    world = closed.world
    public = export_decision_list(world.store, world.secretary, closed.meeting_id, public=True)
    assert public.public
    import pypdfium2

    document = pypdfium2.PdfDocument(public.pdf)
    text = "".join(page.get_textpage().get_text_range() for page in document)
    assert CONFIDENTIAL_TITLE not in text
    with pytest.raises(SigningError, match="public version"):
        sign_decision_list(world.store, world.chair, public.pdf, chair_identity, "chair")
    assert verify_decision_list(world.store, public.pdf).content_matches


def test_the_next_meeting_adopts_the_signed_list(
    closed: Decided,
    chair_identity: SigningIdentity,
    secretary_identity: SigningIdentity,
) -> None:
    world = closed.world
    sign_both(closed, chair_identity, secretary_identity)
    next_meeting, _items = world.new_meeting()
    assert list_to_adopt(world.store, next_meeting) is not None
    item = propose_adoption(world.store, world.secretary, next_meeting)
    assert propose_adoption(world.store, world.secretary, next_meeting) == item
    first = world.store.scalar(
        "SELECT id FROM agenda_item WHERE meeting_id = ? AND deleted = 0 ORDER BY ordinal",
        (next_meeting,),
    )
    assert first == item
    record_decisions(
        world.store,
        world.secretary,
        next_meeting,
        [DecisionSpec(item, "Vastgesteld.", DecisionOutcome.ADOPTED_BY_ALL)],
    )
    row = world.store.query(
        "SELECT status, adopted_in_meeting_id FROM decision_list WHERE meeting_id = ?",
        (closed.meeting_id,),
    )[0]
    assert (row["status"], row["adopted_in_meeting_id"]) == ("adopted", next_meeting)
    status = world.store.scalar("SELECT status FROM meeting WHERE id = ?", (closed.meeting_id,))
    assert status == "adopted"
    assert list_to_adopt(world.store, next_meeting) is None


def test_without_a_signed_list_there_is_nothing_to_adopt(closed: Decided) -> None:
    world = closed.world
    next_meeting, _items = world.new_meeting()
    with pytest.raises(Exception, match="no signed decision list"):
        propose_adoption(world.store, world.secretary, next_meeting)
