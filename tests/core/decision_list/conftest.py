"""A decided meeting of the world's PFO: everything a decision list shows, in one place.

The world's December meeting gets attendance of every kind, positions with reasons, a decision by
all, a coalition of the willing that pays for an initiative per inhabitant, a confidential item
with its own decision and action, a route to the councils, actions, and items handled in another
order than planned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from regiodesk.commands import actions, agenda, attendance, decisions, documents, initiatives
from regiodesk.commands.agenda import ItemSpec
from regiodesk.commands.attendance import AttendanceSpec
from regiodesk.commands.meetings import set_meeting_status
from regiodesk.commands.positions import PositionSpec, record_roll_call
from regiodesk.commands.signing_roots import add_signing_root
from regiodesk.decision_list.signatures import export_decision_list, sign_decision_list
from regiodesk.model.enums import (
    AttendanceStatus,
    DecisionOutcome,
    ItemKind,
    MeetingStatus,
    PositionKind,
)
from regiodesk.permissions import SYSTEM
from regiodesk.signing.authority import NewAuthority
from regiodesk.signing.identity import SigningIdentity
from regiodesk.timeutil import AMSTERDAM
from tests.core.conftest import MEMBERS, World

CONFIDENTIAL_TITLE = "Grondaankoop Knooppunt Hengelo-Zuid"
CONFIDENTIAL_DECISION = "Het PFO machtigt de regionaal portefeuillehouder tot onderhandelen."
CONFIDENTIAL_ACTION = "Taxatierapport laten opstellen voor de percelen aan de A35"
CONFIDENTIAL_REASON = "Wij willen eerst de taxatie zien."
CONFIDENTIAL_DOCUMENT = "Taxatie percelen Hengelo-Zuid"
PUBLIC_DOCUMENT = "Routekaart snelfietsroute F35"


@dataclass
class Decided:
    world: World
    meeting_id: str
    #: The items in the order they were handled.
    handled: list[str]
    confidential_item: str
    initiative_id: str
    coalition_decision: str


def decide_world(world: World, files: Path) -> Decided:
    store, m = world.store, world.m
    meeting_id = world.meeting_id
    (confidential,) = agenda.add_agenda_items(
        store,
        SYSTEM,
        meeting_id,
        [
            ItemSpec(
                CONFIDENTIAL_TITLE,
                ItemKind.DECISION,
                proposal="Onderhandelingsmandaat voor de aankoop van twee percelen.",
                confidential=True,
            )
        ],
    )
    attendance.set_attendance_list(
        store,
        SYSTEM,
        meeting_id,
        [
            AttendanceSpec(m("Enschede"), AttendanceStatus.PRESENT, world.chair.person_id),
            AttendanceSpec(
                m("Almelo"),
                AttendanceStatus.PRESENT,
                world.member.person_id,
                arrived_at=datetime(2026, 12, 8, 10, 20, tzinfo=AMSTERDAM),
            ),
            AttendanceSpec(
                m("Hengelo"),
                AttendanceStatus.PRESENT,
                world.member_hengelo.person_id,
                left_at=datetime(2026, 12, 8, 11, 30, tzinfo=AMSTERDAM),
            ),
            AttendanceSpec(
                m("Borne"),
                AttendanceStatus.REPRESENTED,
                represented_by_id=m("Hengelo"),
                mandate="Instemmen binnen de begroting",
            ),
            AttendanceSpec(m("Oldenzaal"), AttendanceStatus.ABSENT_WITH_NOTICE),
        ],
    )
    agree = {name: PositionSpec(m(name), PositionKind.AGREE) for name in MEMBERS}
    record_roll_call(
        store,
        SYSTEM,
        meeting_id,
        {
            world.decision_item: list(agree.values()),
            world.decision_item_2: [
                agree["Enschede"],
                agree["Hengelo"],
                PositionSpec(
                    m("Almelo"), PositionKind.AGREE_SUBJECT_TO_COUNCIL, "Raad beslist in maart."
                ),
                PositionSpec(
                    m("Borne"), PositionKind.NOT_PARTICIPATING, "Wij hebben een eigen fonds."
                ),
                PositionSpec(m("Oldenzaal"), PositionKind.DISAGREE, "Te duur voor Oldenzaal."),
            ],
            confidential: [
                agree["Enschede"],
                PositionSpec(m("Hengelo"), PositionKind.ABSTAIN, CONFIDENTIAL_REASON),
            ],
        },
    )
    initiative = initiatives.create_initiative(
        store,
        SYSTEM,
        "Regionaal mobiliteitsfonds 2027-2030",
        budget_per_year=Decimal("250000.00"),
        start_year=2027,
        end_year=2030,
        pfo_id=world.pfo_id,
        reference_date=date(2024, 1, 1),
    )
    initiatives.set_participants(store, SYSTEM, initiative, agenda_item_id=world.decision_item_2)
    agenda.update_agenda_item(store, SYSTEM, world.decision_item_2, initiative_id=initiative)
    decisions.record_decision(
        store,
        SYSTEM,
        world.info_item,
        "Het PFO neemt kennis van de mededelingen.",
        DecisionOutcome.NOTED,
    )
    decisions.record_decision(
        store,
        SYSTEM,
        world.decision_item,
        "Het PFO stemt in met het doortrekken van de F35.",
        DecisionOutcome.ADOPTED_BY_ALL,
        to_councils=True,
        council_deadline=date(2027, 4, 1),
    )
    coalition = decisions.record_decision(
        store,
        SYSTEM,
        world.decision_item_2,
        "Het PFO richt het fonds op; de deelnemers dragen de kosten naar rato van inwoners.",
        DecisionOutcome.ADOPTED_BY_COALITION,
    )
    secret = decisions.record_decision(
        store,
        SYSTEM,
        confidential,
        CONFIDENTIAL_DECISION,
        DecisionOutcome.ADOPTED_BY_ALL,
        quorum_met=False,
    )
    actions.add_action(
        store,
        SYSTEM,
        meeting_id,
        "Fondsreglement opstellen",
        holder_person_id=world.member.person_id,
        deadline=date(2027, 2, 1),
        decision_id=coalition,
    )
    actions.add_action(
        store,
        SYSTEM,
        meeting_id,
        CONFIDENTIAL_ACTION,
        holder_municipality_id=m("Hengelo"),
        deadline=date(2027, 1, 15),
        decision_id=secret,
    )
    actions.add_action(
        store, SYSTEM, meeting_id, "Verslag delen met de colleges", deadline=date(2026, 12, 15)
    )
    taxatie, kaart = files / "taxatie.pdf", files / "kaart.pdf"
    taxatie.write_bytes(b"%PDF-1.4 taxatie")
    kaart.write_bytes(b"%PDF-1.4 kaart")
    documents.attach_document(
        store, SYSTEM, meeting_id, taxatie, CONFIDENTIAL_DOCUMENT, confidential, confidential=True
    )
    documents.attach_document(
        store, SYSTEM, meeting_id, kaart, PUBLIC_DOCUMENT, world.decision_item
    )
    # The chair took the confidential item first after the opening (which keeps its place), and
    # the fund before the route.
    handled = [
        world.info_item,
        confidential,
        world.decision_item_2,
        world.decision_item,
        world.discussion_item,
    ]
    for order, item_id in enumerate(handled[1:], start=1):
        agenda.update_agenda_item(store, SYSTEM, item_id, handled_order=order)
    return Decided(world, meeting_id, handled, confidential, initiative, coalition)


@pytest.fixture
def decided(world: World, tmp_path: Path) -> Decided:
    return decide_world(world, tmp_path)


@pytest.fixture
def closed(decided: Decided, authority: tuple[NewAuthority, object]) -> Decided:
    world = decided.world
    for status in (MeetingStatus.PUBLISHED, MeetingStatus.IN_SESSION, MeetingStatus.CLOSED):
        set_meeting_status(world.store, world.secretary, decided.meeting_id, status)
    region = world.store.scalar("SELECT id FROM region")
    add_signing_root(world.store, SYSTEM, region, "Twente", authority[0].certificate_pem)
    return decided


def sign_both(
    closed: Decided, chair: SigningIdentity, secretary: SigningIdentity, **options: str
) -> bytes:
    world = closed.world
    draft = export_decision_list(world.store, world.secretary, closed.meeting_id)
    once = sign_decision_list(world.store, world.chair, draft.pdf, chair, "chair", **options)
    return sign_decision_list(world.store, world.secretary, once, secretary, "secretary")
