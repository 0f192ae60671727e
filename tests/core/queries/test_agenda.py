"""The read models of the meeting page: header, agenda, documents, and what editors choose from."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from regiodesk.commands import agenda, documents, meetings
from regiodesk.commands.decisions import record_decision
from regiodesk.commands.positions import record_position
from regiodesk.demo.pdf import simple_pdf
from regiodesk.errors import InvalidInput, NotFound
from regiodesk.model.enums import DecisionOutcome, ItemKind, MeetingStatus, PositionKind
from regiodesk.permissions import SYSTEM
from regiodesk.queries.agenda import (
    agenda_items,
    copy_document_version,
    meeting_documents,
    meeting_header,
    meeting_view,
    people_of_pfo,
    pfo_choices,
    plannable_pfos,
    safe_filename,
)
from tests.core.conftest import MEETING_END, MEETING_START, MEMBERS, World


def _pdf(folder: Path, name: str, title: str = "Voorstel") -> Path:
    path = folder / name
    path.write_bytes(simple_pdf(title, ["Een alinea."]))
    return path


def test_header_names_the_pfo_people_and_reference(world: World) -> None:
    header = meeting_header(world.store, world.meeting_id)
    assert header.pfo_name == "PFO Mobiliteit"
    assert header.pfo_short_name == "PFO MOB"
    assert header.title == "PFO Mobiliteit december"
    assert header.reference == "2026-01"
    assert header.starts_at == MEETING_START
    assert header.ends_at == MEETING_END
    assert header.location == "Stadhuis Enschede"
    assert header.status is MeetingStatus.DRAFT
    assert header.chair_name == "Wethouder Enschede"
    assert header.secretary_name == "Sanne Secretaris"
    assert not header.locked


def test_header_of_an_unknown_meeting_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        meeting_header(world.store, "no-such-meeting")


def test_agenda_in_planned_order_with_times_and_counts(world: World) -> None:
    agenda.move_agenda_item(world.store, SYSTEM, world.discussion_item, 1)
    items = agenda_items(world.store, world.meeting_id)
    assert [i.id for i in items] == [
        world.info_item,
        world.discussion_item,
        world.decision_item,
        world.decision_item_2,
    ]
    assert [i.number for i in items] == [1, 2, 3, 4]
    assert items[0].kind is ItemKind.INFORMATION
    assert items[0].planned_start == MEETING_START
    assert items[1].planned_start == MEETING_START + timedelta(minutes=items[0].planned_minutes)
    assert all(i.members == len(MEMBERS) for i in items)
    assert all(i.positions == 0 and i.documents == 0 and i.outcome is None for i in items)


def test_agenda_counts_positions_documents_and_shows_the_decision(
    world: World, tmp_path: Path
) -> None:
    store = world.store
    agenda.update_agenda_item(
        store, world.secretary, world.decision_item, rapporteur_id=world.member.person_id
    )
    record_position(
        store, world.secretary, world.decision_item, world.m("Almelo"), PositionKind.AGREE
    )
    record_position(
        store, world.secretary, world.decision_item, world.m("Hengelo"), PositionKind.ABSTAIN
    )
    documents.attach_document(
        store, world.secretary, world.meeting_id, _pdf(tmp_path, "a.pdf"), None, world.decision_item
    )
    record_decision(store, SYSTEM, world.decision_item, "Besloten.", DecisionOutcome.NOTED)
    row = next(i for i in agenda_items(store, world.meeting_id) if i.id == world.decision_item)
    assert row.positions == 2
    assert row.documents == 1
    assert row.outcome is DecisionOutcome.NOTED
    assert row.rapporteur_name == "Wethouder Almelo"


def test_removed_items_leave_the_agenda(world: World) -> None:
    agenda.remove_agenda_item(world.store, world.secretary, world.info_item)
    items = agenda_items(world.store, world.meeting_id)
    assert world.info_item not in [i.id for i in items]
    assert items[0].number == 1


def test_documents_with_their_versions_newest_first(world: World, tmp_path: Path) -> None:
    store = world.store
    general = documents.attach_document(
        store, world.secretary, world.meeting_id, _pdf(tmp_path, "agenda.pdf"), "Agenda"
    )
    paper = documents.attach_document(
        store,
        world.secretary,
        world.meeting_id,
        _pdf(tmp_path, "voorstel.pdf"),
        "Voorstel F35",
        world.decision_item,
        confidential=True,
    )
    meetings.set_meeting_status(store, world.secretary, world.meeting_id, MeetingStatus.PUBLISHED)
    documents.add_document_version(
        store, world.secretary, paper, _pdf(tmp_path, "voorstel-v2.pdf", "Voorstel v2")
    )
    found = meeting_documents(store, world.meeting_id)
    assert [d.id for d in found] == [general, paper]
    assert found[0].item_number is None
    assert found[1].item_number == 2
    assert found[1].item_title == "Snelfietsroute F35 doortrekken"
    assert found[1].confidential
    assert [v.version for v in found[1].versions] == [2, 1]
    latest = found[1].latest
    assert latest.filename == "voorstel-v2.pdf"
    assert latest.late
    assert not found[1].versions[1].late
    assert latest.size == (tmp_path / "voorstel-v2.pdf").stat().st_size
    assert len(latest.sha256) == 64
    assert latest.media_type == "application/pdf"
    assert latest.added_by_name == "Sanne Secretaris"


def test_meeting_view_holds_everything(world: World, tmp_path: Path) -> None:
    documents.attach_document(
        world.store, world.secretary, world.meeting_id, _pdf(tmp_path, "x.pdf"), "X"
    )
    view = meeting_view(world.store, world.meeting_id)
    assert view.header.id == world.meeting_id
    assert len(view.items) == 4
    assert [d.title for d in view.documents] == ["X"]


def test_a_copy_of_a_version_has_its_own_name_and_content(world: World, tmp_path: Path) -> None:
    source = _pdf(tmp_path, "Nota: mobiliteit.pdf")
    document = documents.attach_document(world.store, world.secretary, world.meeting_id, source)
    version = meeting_documents(world.store, world.meeting_id)[0].latest
    assert [d.id for d in meeting_documents(world.store, world.meeting_id)] == [document]
    folder = tmp_path / "open"
    copy = copy_document_version(world.store, version.id, folder)
    assert copy.name == "Nota_ mobiliteit.pdf"
    assert copy.read_bytes() == source.read_bytes()
    assert not os.access(copy, os.W_OK) or os.geteuid() == 0
    assert copy_document_version(world.store, version.id, folder) == copy


def test_a_copy_of_a_missing_blob_is_refused_in_words(world: World, tmp_path: Path) -> None:
    documents.attach_document(
        world.store, world.secretary, world.meeting_id, _pdf(tmp_path, "a.pdf")
    )
    version = meeting_documents(world.store, world.meeting_id)[0].latest
    world.store.blobs.path_of(version.sha256).unlink()
    with pytest.raises(InvalidInput, match="not reached this device"):
        copy_document_version(world.store, version.id, tmp_path / "open")


def test_safe_filename() -> None:
    assert safe_filename("../../etc/passwd") == "_.._etc_passwd"
    assert safe_filename("  ") == "document"
    assert safe_filename("Agenda 2026-12.pdf") == "Agenda 2026-12.pdf"


def test_pfos_and_who_plans_them(world: World) -> None:
    names = [p.short_name for p in pfo_choices(world.store)]
    assert "PFO MOB" in names
    assert len(names) == len(set(names))
    assert [p.id for p in plannable_pfos(world.store, world.secretary)] == [world.pfo_id]
    assert plannable_pfos(world.store, world.member) == []
    assert len(plannable_pfos(world.store, SYSTEM)) == len(names)


def test_people_of_a_pfo_are_its_members_then_its_secretary(world: World) -> None:
    people = people_of_pfo(world.store, world.pfo_id, date(2026, 12, 8))
    assert [p.name for p in people[:-1]] == sorted(f"Wethouder {name}" for name in MEMBERS)
    assert people[-1].name == "Sanne Secretaris"
    assert people[-1].detail == "ambtelijk secretaris"
    assert {p.detail for p in people[:-1]} == set(MEMBERS)
    assert people_of_pfo(world.store, world.pfo_id, date(2019, 1, 1)) == []
