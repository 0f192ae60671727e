"""What a decision list says (regiodesk/decision_list/content.py) and its fingerprint."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest

from regiodesk.commands import actions, attendance, decisions, meetings
from regiodesk.commands.decision_lists import (
    create_decision_list,
    decision_list_id,
    record_signature,
)
from regiodesk.commands.positions import record_position
from regiodesk.decision_list.content import canonical_json, fingerprint, load_content
from regiodesk.errors import NotFound
from regiodesk.i18n import set_language
from regiodesk.model.enums import (
    ActionStatus,
    AttendanceStatus,
    CostKey,
    DecisionOutcome,
    ItemKind,
    MeetingStatus,
    PositionKind,
)
from regiodesk.permissions import SYSTEM
from regiodesk.timeutil import AMSTERDAM
from tests.core.decision_list.conftest import (
    CONFIDENTIAL_ACTION,
    CONFIDENTIAL_DOCUMENT,
    PUBLIC_DOCUMENT,
    Decided,
)


def test_the_header_names_the_meeting(decided: Decided) -> None:
    content = load_content(decided.world.store, decided.meeting_id)
    assert content.region == "Regio Twente"
    assert content.pfo == "PFO Mobiliteit"
    assert content.domain == "Mobiliteit"
    assert content.reference == "2026-01"
    assert content.meeting_number == 1
    assert content.day == date(2026, 12, 8)
    assert content.starts_at == datetime(2026, 12, 8, 10, 0, tzinfo=AMSTERDAM)
    assert content.location == "Stadhuis Enschede"
    assert content.chair == "Wethouder Enschede"
    assert content.secretary == "Sanne Secretaris"
    # No list yet: the first version, whose id is known before its row is written.
    assert (content.version, content.previous_version) == (1, None)
    assert content.decision_list_id == decision_list_id(decided.meeting_id, 1)
    assert not content.public
    assert content.withheld_items == 0


def test_items_follow_the_handled_order_with_their_agenda_numbers(decided: Decided) -> None:
    content = load_content(decided.world.store, decided.meeting_id)
    assert [item.id for item in content.items] == decided.handled
    # The opening has no handled order and keeps its planned first place.
    assert [item.number for item in content.items] == [1, 5, 3, 2, 4]
    assert content.items[0].kind is ItemKind.INFORMATION


def test_attendance_per_member_municipality(decided: Decided) -> None:
    content = load_content(decided.world.store, decided.meeting_id)
    lines = {line.municipality: line for line in content.attendance}
    assert list(lines) == ["Almelo", "Borne", "Enschede", "Hengelo", "Oldenzaal"]
    assert lines["Enschede"].status is AttendanceStatus.PRESENT
    assert lines["Enschede"].person == "Wethouder Enschede"
    assert lines["Almelo"].arrived_at == datetime(2026, 12, 8, 10, 20, tzinfo=AMSTERDAM)
    assert lines["Hengelo"].left_at == datetime(2026, 12, 8, 11, 30, tzinfo=AMSTERDAM)
    assert lines["Borne"].status is AttendanceStatus.REPRESENTED
    assert lines["Borne"].represented_by == "Hengelo"
    assert lines["Borne"].mandate == "Instemmen binnen de begroting"
    assert lines["Oldenzaal"].status is AttendanceStatus.ABSENT_WITH_NOTICE


def test_a_member_without_attendance_counts_as_absent(decided: Decided) -> None:
    world = decided.world
    attendance.set_attendance(
        world.store, SYSTEM, decided.meeting_id, world.m("Losser"), AttendanceStatus.ABSENT
    )
    content = load_content(world.store, decided.meeting_id)
    assert {line.municipality: line.status for line in content.attendance}["Losser"] is (
        AttendanceStatus.ABSENT
    )


def test_a_coalition_item_has_its_positions_participants_and_cost_shares(
    decided: Decided,
) -> None:
    content = load_content(decided.world.store, decided.meeting_id)
    item = next(i for i in content.items if i.id == decided.world.decision_item_2)
    assert item.decision is not None
    assert item.decision.outcome is DecisionOutcome.ADOPTED_BY_COALITION
    assert [(p.municipality, p.kind, p.reason) for p in item.positions] == [
        ("Almelo", PositionKind.AGREE_SUBJECT_TO_COUNCIL, "Raad beslist in maart."),
        ("Borne", PositionKind.NOT_PARTICIPATING, "Wij hebben een eigen fonds."),
        ("Enschede", PositionKind.AGREE, ""),
        ("Hengelo", PositionKind.AGREE, ""),
        ("Oldenzaal", PositionKind.DISAGREE, "Te duur voor Oldenzaal."),
    ]
    assert [m.name for m in item.participants] == ["Almelo", "Enschede", "Hengelo"]
    sharing = item.cost_sharing
    assert sharing is not None
    assert sharing.cost_key is CostKey.PER_INHABITANT
    assert sharing.budget_per_year == Decimal("250000.00")
    assert sharing.reference_date == date(2024, 1, 1)
    assert sharing.problem is None
    assert [(s.municipality, s.population) for s in sharing.shares] == [
        ("Almelo", 74355),
        ("Enschede", 161741),
        ("Hengelo", 83051),
    ]
    assert sharing.total == Decimal("250000.00")
    enschede = next(s for s in sharing.shares if s.municipality == "Enschede")
    assert enschede.share == Decimal("126697.89")  # 250,000 x 161,741 / 319,147
    assert [a.description for a in item.actions] == ["Fondsreglement opstellen"]
    assert item.actions[0].holder == "Wethouder Almelo"
    assert item.actions[0].holder_municipality == "Almelo"
    assert item.actions[0].item_number == 3


def test_the_route_to_the_councils_and_documents(decided: Decided) -> None:
    content = load_content(decided.world.store, decided.meeting_id)
    item = next(i for i in content.items if i.id == decided.world.decision_item)
    assert item.decision is not None
    assert item.decision.to_councils
    assert item.decision.council_deadline == date(2027, 4, 1)
    assert [m.name for m in item.participants] == [
        "Almelo",
        "Borne",
        "Enschede",
        "Hengelo",
        "Oldenzaal",
    ]
    assert [d.title for d in item.documents] == [PUBLIC_DOCUMENT]
    discussion = next(i for i in content.items if i.id == decided.world.discussion_item)
    assert discussion.decision is None
    assert discussion.cost_sharing is None


def test_the_action_list_follows_the_items_then_the_meeting(decided: Decided) -> None:
    content = load_content(decided.world.store, decided.meeting_id)
    assert [(a.item_number, a.description) for a in content.actions] == [
        (5, CONFIDENTIAL_ACTION),
        (3, "Fondsreglement opstellen"),
        (None, "Verslag delen met de colleges"),
    ]
    assert all(a.status is ActionStatus.OPEN for a in content.actions)


def test_the_public_version_leaves_out_confidential_items_and_documents(
    decided: Decided,
) -> None:
    full = load_content(decided.world.store, decided.meeting_id)
    public = load_content(decided.world.store, decided.meeting_id, public=True)
    assert decided.confidential_item in {item.id for item in full.items}
    assert decided.confidential_item not in {item.id for item in public.items}
    assert all(not item.confidential for item in public.items)
    assert public.public
    assert public.withheld_items == 1
    assert CONFIDENTIAL_ACTION not in {a.description for a in public.actions}
    assert "Verslag delen met de colleges" in {a.description for a in public.actions}
    serialised = canonical_json(public).decode()
    assert CONFIDENTIAL_DOCUMENT not in serialised
    assert decided.confidential_item not in serialised
    assert len(public.items) == len(full.items) - 1


def test_the_version_comes_from_the_decision_list(decided: Decided) -> None:
    world = decided.world
    store = world.store
    for status in (MeetingStatus.PUBLISHED, MeetingStatus.IN_SESSION, MeetingStatus.CLOSED):
        meetings.set_meeting_status(store, SYSTEM, decided.meeting_id, status)
    first = create_decision_list(store, world.secretary, decided.meeting_id)
    content = load_content(store, decided.meeting_id)
    assert (content.version, content.previous_version, content.decision_list_id) == (
        1,
        None,
        first,
    )
    record_signature(store, world.chair, first, "chair", fingerprint(content), "f" * 64)
    second = create_decision_list(store, world.secretary, decided.meeting_id)
    latest = load_content(store, decided.meeting_id)
    assert (latest.version, latest.previous_version, latest.decision_list_id) == (2, 1, second)
    chosen = load_content(store, decided.meeting_id, decision_list_id=first)
    assert chosen.version == 1
    assert fingerprint(chosen) == fingerprint(content)
    with pytest.raises(NotFound):
        load_content(store, decided.meeting_id, decision_list_id="no-such-list")


def test_a_missing_meeting_is_not_found(decided: Decided) -> None:
    with pytest.raises(NotFound):
        load_content(decided.world.store, "no-such-meeting")


# The fingerprint ---------------------------------------------------------------------------------


def test_the_fingerprint_is_stable_and_independent_of_the_language(decided: Decided) -> None:
    store = decided.world.store
    set_language("en")
    english = fingerprint(load_content(store, decided.meeting_id))
    set_language("nl")
    dutch = fingerprint(load_content(store, decided.meeting_id))
    assert english == dutch
    assert len(english) == 64
    assert int(english, 16) >= 0
    data = json.loads(canonical_json(load_content(store, decided.meeting_id)))
    items = data["content"]["items"]
    assert {item["kind"] for item in items} == {"information", "decision", "discussion"}
    assert "adopted_by_coalition" in {
        item["decision"]["outcome"] for item in items if item["decision"]
    }


def test_the_fingerprint_differs_between_the_full_and_the_public_version(
    decided: Decided,
) -> None:
    store = decided.world.store
    assert fingerprint(load_content(store, decided.meeting_id)) != fingerprint(
        load_content(store, decided.meeting_id, public=True)
    )


def _changes_fingerprint(decided: Decided, change: object) -> bool:
    store = decided.world.store
    before = fingerprint(load_content(store, decided.meeting_id))
    assert callable(change)
    change()
    return fingerprint(load_content(store, decided.meeting_id)) != before


def test_a_changed_position_changes_the_fingerprint(decided: Decided) -> None:
    world = decided.world
    assert _changes_fingerprint(
        decided,
        lambda: record_position(
            world.store,
            SYSTEM,
            world.discussion_item,
            world.m("Almelo"),
            PositionKind.DISAGREE,
            "Eerst de kosten in beeld.",
        ),
    )
    assert _changes_fingerprint(
        decided,
        lambda: record_position(
            world.store,
            SYSTEM,
            world.discussion_item,
            world.m("Almelo"),
            PositionKind.DISAGREE,
            "Eerst de kosten en baten in beeld.",
        ),
    )


def test_a_changed_decision_attendance_or_action_changes_the_fingerprint(
    decided: Decided,
) -> None:
    world = decided.world
    store = world.store
    assert _changes_fingerprint(
        decided,
        lambda: decisions.record_decision(
            store,
            SYSTEM,
            world.decision_item,
            "Het PFO stemt in met het doortrekken van de F35 tot Oldenzaal.",
            DecisionOutcome.ADOPTED_BY_ALL,
            to_councils=True,
            council_deadline=date(2027, 4, 1),
        ),
    )
    assert _changes_fingerprint(
        decided,
        lambda: attendance.set_attendance(
            store,
            SYSTEM,
            decided.meeting_id,
            world.m("Oldenzaal"),
            AttendanceStatus.ABSENT,
        ),
    )
    action_id = store.scalar(
        "SELECT id FROM action WHERE description = ?", ("Fondsreglement opstellen",)
    )
    assert _changes_fingerprint(
        decided,
        lambda: actions.update_action(store, SYSTEM, action_id, status=ActionStatus.IN_PROGRESS),
    )
