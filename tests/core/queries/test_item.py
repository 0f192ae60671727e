"""The read model of one agenda item for a person (queries/item.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from regiodesk.commands import decision_lists, documents, meetings, notes
from regiodesk.commands.agenda import (
    ItemSpec,
    add_agenda_item,
    remove_agenda_item,
    update_agenda_item,
)
from regiodesk.commands.decisions import record_decision
from regiodesk.commands.positions import record_position
from regiodesk.errors import NotFound
from regiodesk.model import Position
from regiodesk.model.enums import DecisionOutcome, ItemKind, MeetingStatus, PositionKind
from regiodesk.permissions import SYSTEM
from regiodesk.queries.item import PositionsClosed, item_positions, load_item
from regiodesk.timeutil import utc_now
from tests.core.conftest import MEMBERS, World


def test_an_open_item_as_a_member(world: World) -> None:
    view = load_item(world.store, world.decision_item, world.member)
    assert view.title == "Snelfietsroute F35 doortrekken"
    assert view.kind is ItemKind.DECISION
    assert view.number == 2
    assert view.proposal.startswith("Het PFO stemt in")
    assert view.meeting_reference == "2026-01"
    assert view.pfo_name == "PFO Mobiliteit"
    assert view.meeting_status is MeetingStatus.DRAFT
    assert view.rapporteur is None
    assert not view.confidential
    assert view.decision is None
    assert not view.decided
    assert view.positions_open
    assert [row.municipality for row in view.positions.rows] == sorted(MEMBERS)
    assert all(row.kind is None and row.member for row in view.positions.rows)
    assert set(view.positions.tally.values()) == {0}
    assert view.positions.without_position == len(MEMBERS)
    assert view.recordable == (world.m("Almelo"),)
    assert view.represented == (world.m("Almelo"),)
    assert not view.records_for_all
    assert view.may_record(world.m("Almelo"))
    assert not view.may_record(world.m("Hengelo"))


def test_the_secretary_records_for_every_member(world: World) -> None:
    view = load_item(world.store, world.decision_item, world.secretary)
    assert view.records_for_all
    assert set(view.recordable) == set(world.member_ids)
    assert view.represented == ()


def test_positions_carry_who_recorded_them_and_are_tallied(world: World) -> None:
    record_position(
        world.store,
        world.member,
        world.decision_item,
        world.m("Almelo"),
        PositionKind.DISAGREE,
        "Te duur voor Almelo",
    )
    record_position(
        world.store, world.secretary, world.decision_item, world.m("Hengelo"), PositionKind.AGREE
    )
    view = load_item(world.store, world.decision_item, world.member)
    almelo = view.positions.of(world.m("Almelo"))
    assert almelo is not None
    assert almelo.kind is PositionKind.DISAGREE
    assert almelo.reason == "Te duur voor Almelo"
    assert almelo.recorded_by == "Wethouder Almelo"
    assert almelo.recorded_at is not None
    hengelo = view.positions.of(world.m("Hengelo"))
    assert hengelo is not None
    assert hengelo.recorded_by == "Sanne Secretaris"
    tally = view.positions.tally
    assert tally[PositionKind.DISAGREE] == 1
    assert tally[PositionKind.AGREE] == 1
    assert sum(tally.values()) == 2
    assert view.positions.without_position == len(MEMBERS) - 2
    assert item_positions(world.store, world.decision_item) == view.positions


def test_only_the_persons_own_note_is_read(world: World) -> None:
    notes.save_private_note(world.store, world.member, world.decision_item, "mijn notitie")
    notes.save_private_note(world.store, world.chair, world.decision_item, "niet voor jou")
    mine = load_item(world.store, world.decision_item, world.member).note
    assert mine.text == "mijn notitie"
    assert mine.updated_at is not None
    theirs = load_item(world.store, world.decision_item, world.member_hengelo).note
    assert theirs.text == ""
    assert theirs.updated_at is None
    assert load_item(world.store, world.decision_item, SYSTEM).note.text == ""


def test_a_decided_item_closes_its_positions(world: World) -> None:
    record_decision(
        world.store,
        world.secretary,
        world.decision_item,
        "Aangenomen.",
        DecisionOutcome.ADOPTED_BY_ALL,
    )
    view = load_item(world.store, world.decision_item, world.member)
    assert view.decided
    assert view.decision is not None
    assert view.decision.text == "Aangenomen."
    assert view.decision.outcome is DecisionOutcome.ADOPTED_BY_ALL
    assert view.positions_closed is PositionsClosed.DECIDED
    assert not view.may_record(world.m("Almelo"))
    assert view.recordable == (world.m("Almelo"),)  # permission as such is unchanged


def test_a_deferred_item_stays_open(world: World) -> None:
    record_decision(
        world.store,
        world.secretary,
        world.decision_item,
        "Volgende keer.",
        DecisionOutcome.DEFERRED,
    )
    view = load_item(world.store, world.decision_item, world.member)
    assert view.decision is not None
    assert not view.decided
    assert view.positions_open


def test_an_information_item_takes_no_positions(world: World) -> None:
    view = load_item(world.store, world.info_item, world.member)
    assert view.number == 1
    assert view.positions_closed is PositionsClosed.INFORMATION
    assert "information" in view.positions_closed.label


def test_a_signed_decision_list_locks_the_positions(world: World) -> None:
    for status in (MeetingStatus.PUBLISHED, MeetingStatus.IN_SESSION, MeetingStatus.CLOSED):
        meetings.set_meeting_status(world.store, SYSTEM, world.meeting_id, status)
    list_id = decision_lists.create_decision_list(world.store, SYSTEM, world.meeting_id)
    decision_lists.record_signature(world.store, SYSTEM, list_id, "chair", "a" * 64, "b" * 64)
    view = load_item(world.store, world.discussion_item, world.secretary)
    assert view.locked
    assert view.positions_closed is PositionsClosed.LOCKED
    assert not view.may_record(world.m("Enschede"))


def test_header_facts_and_the_latest_document_version(world: World, tmp_path: Path) -> None:
    update_agenda_item(
        world.store,
        SYSTEM,
        world.decision_item,
        rapporteur_id=world.member_hengelo.person_id,
        planned_minutes=25,
        confidential=True,
    )
    first = tmp_path / "tracé.pdf"
    first.write_bytes(b"%PDF-1.4 eerste")
    second = tmp_path / "tracé-v2.pdf"
    second.write_bytes(b"%PDF-1.4 tweede versie")
    document_id = documents.attach_document(
        world.store,
        SYSTEM,
        world.meeting_id,
        first,
        "Tracékaart",
        agenda_item_id=world.decision_item,
        confidential=True,
    )
    documents.add_document_version(world.store, SYSTEM, document_id, second)
    documents.attach_document(
        world.store,
        SYSTEM,
        world.meeting_id,
        first,
        "Bijlage bij een ander punt",
        agenda_item_id=world.decision_item_2,
    )
    view = load_item(world.store, world.decision_item, world.member)
    assert view.rapporteur == "Wethouder Hengelo"
    assert view.planned_minutes == 25
    assert view.confidential
    assert len(view.documents) == 1
    document = view.documents[0]
    assert (document.title, document.version, document.filename) == ("Tracékaart", 2, second.name)
    assert document.size == len(second.read_bytes())
    assert document.confidential
    assert world.store.blobs.path_of(document.sha256).read_bytes() == second.read_bytes()


def test_the_number_follows_the_agenda_order(world: World) -> None:
    added = add_agenda_item(world.store, SYSTEM, world.meeting_id, ItemSpec("Rondvraag"))
    assert load_item(world.store, added, world.member).number == 5
    remove_agenda_item(world.store, SYSTEM, world.info_item)
    assert load_item(world.store, added, world.member).number == 4
    assert load_item(world.store, world.decision_item, world.member).number == 1


def test_a_former_members_position_is_listed_apart(world: World) -> None:
    with world.store.write(None) as writer:
        writer.create(
            Position,
            {
                "agenda_item_id": world.decision_item,
                "municipality_id": world.m("Losser"),
                "kind": PositionKind.ABSTAIN,
                "reason": "",
                "recorded_by": None,
                "recorded_at": utc_now(),
            },
        )
    view = load_item(world.store, world.decision_item, world.secretary)
    losser = view.positions.of(world.m("Losser"))
    assert losser is not None
    assert not losser.member
    assert losser.recorded_by == ""
    assert world.m("Losser") not in view.recordable
    assert view.positions.without_position == len(MEMBERS)


def test_a_removed_item_is_not_found(world: World) -> None:
    remove_agenda_item(world.store, SYSTEM, world.discussion_item)
    with pytest.raises(NotFound):
        load_item(world.store, world.discussion_item, world.member)
