"""The regional portfolio holders, the daily board and decisions followed home
(regiodesk/queries/governance.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest

from regiodesk import model
from regiodesk.commands import decisions
from regiodesk.commands.council import CouncilHandling, record_council_handlings
from regiodesk.commands.governance import (
    end_appointment,
    nominate,
    open_appointment,
    record_municipal_appointment,
    record_recommendation,
)
from regiodesk.i18n import set_language
from regiodesk.model.enums import (
    AppointmentStatus,
    AppointmentVote,
    CouncilStatus,
    DecisionOutcome,
    NominationStatus,
)
from regiodesk.permissions import SYSTEM, Actor
from regiodesk.queries.governance import (
    appointment_progress,
    council_agenda,
    council_overview,
    daily_board,
    open_nominations,
    pfo_decisions,
    portfolio_holder_history,
)
from regiodesk.store import Store

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tests.core.conftest import World

V = AppointmentVote
TERM_START = date(2027, 1, 1)


@pytest.fixture
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("nl")


def set_threshold(store: Store, pct: int) -> None:
    with store.write(None) as writer:
        writer.update(
            model.Region,
            str(store.scalar("SELECT id FROM region")),
            {"appointment_threshold_pct": pct},
        )


# A full cycle on the demo ------------------------------------------------------------------------


def demo_mobility(store: Store) -> tuple[str, list[tuple[str, str, str]]]:
    """The mobility PFO of the demo and its current members (person, municipality id, name)."""
    pfo_id = str(
        store.scalar(
            "SELECT f.id FROM pfo f JOIN domain d ON d.id = f.domain_id WHERE d.code = 'mobiliteit'"
        )
    )
    today = date.today().isoformat()
    members = [
        (row[0], row[1], row[2])
        for row in store.conn.execute(
            "SELECT ms.person_id, ms.municipality_id, mu.name FROM membership ms "
            "JOIN municipality mu ON mu.id = ms.municipality_id WHERE ms.pfo_id = ? "
            'AND ms.start <= ? AND (ms."end" IS NULL OR ms."end" >= ?) ORDER BY mu.name',
            (pfo_id, today, today),
        )
    ]
    return pfo_id, members


def cycle(store: Store, threshold_pct: int) -> tuple[str, str, list[tuple[str, str, str]]]:
    """The PFO nominates, recommends and opens; twelve of its fourteen municipalities appoint
    (one a day from 11 January 2027), one refuses, one has not decided yet."""
    set_threshold(store, threshold_pct)
    pfo_id, members = demo_mobility(store)
    assert len(members) == 14
    # The demo's own regional portfolio holder leaves office the day before the new term.
    for (current,) in store.conn.execute(
        "SELECT id FROM appointment WHERE pfo_id = ? AND status = 'effective' AND deleted = 0",
        (pfo_id,),
    ).fetchall():
        end_appointment(store, SYSTEM, current, TERM_START - timedelta(days=1), "Vertrek")
    candidate, nominator = members[0][0], members[1][0]
    nomination = nominate(store, Actor(nominator), pfo_id, candidate, "Trekker van de F35.")
    a_decision = str(
        store.scalar(
            "SELECT d.id FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id "
            "JOIN meeting m ON m.id = i.meeting_id WHERE m.pfo_id = ? ORDER BY d.decided_at DESC",
            (pfo_id,),
        )
    )
    record_recommendation(store, SYSTEM, nomination, a_decision)
    appointment_id = open_appointment(
        store, SYSTEM, nomination, TERM_START, mandate="Mobiliteitsagenda Twente."
    )
    for number, (person, municipality_id, name) in enumerate(members[:12]):
        record_municipal_appointment(
            store,
            Actor(person),  # each municipality's own member records its appointment
            appointment_id,
            municipality_id,
            V.APPOINTED,
            date(2027, 1, 11) + timedelta(days=number),
            f"Collegebesluit {name}",
        )
    record_municipal_appointment(
        store, SYSTEM, appointment_id, members[12][1], V.NOT_APPOINTED, date(2027, 1, 30)
    )
    return pfo_id, appointment_id, members


def test_with_the_all_rule_twelve_of_fourteen_is_not_enough(demo_store: Store) -> None:
    pfo_id, appointment_id, members = cycle(demo_store, 100)
    progress = appointment_progress(demo_store, appointment_id)
    assert (progress.participants, progress.required, progress.appointed) == (14, 14, 12)
    assert (progress.not_appointed, progress.pending) == (1, 1)
    assert not progress.rule_met
    assert not progress.still_possible
    assert progress.term.status is AppointmentStatus.PENDING
    first = progress.votes[0]
    assert (first.municipality, first.vote, first.decided_on, first.reference) == (
        members[0][2],
        V.APPOINTED,
        date(2027, 1, 11),
        f"Collegebesluit {members[0][2]}",
    )
    board = daily_board(demo_store, on=date(2027, 3, 1))
    assert pfo_id not in {member.pfo_id for member in board.members}
    missing = next(m for m in board.missing if m.pfo_id == pfo_id)
    assert missing.pending_appointment_id == appointment_id


def test_with_an_80_percent_rule_twelve_of_fourteen_appoint(demo_store: Store) -> None:
    pfo_id, appointment_id, members = cycle(demo_store, 80)
    progress = appointment_progress(demo_store, appointment_id)
    assert (progress.required, progress.appointed, progress.rule_met) == (12, 12, True)
    # The twelfth appointment (22 January) met the rule.
    assert progress.rule_met_on == date(2027, 1, 22)
    assert progress.term.status is AppointmentStatus.EFFECTIVE
    assert progress.term.effective_on == date(2027, 1, 22)

    before = daily_board(demo_store, on=date(2027, 1, 21))
    assert pfo_id in {m.pfo_id for m in before.missing}
    board = daily_board(demo_store, on=date(2027, 3, 1))
    (member,) = [m for m in board.members if m.pfo_id == pfo_id]
    assert member.term.person_id == members[0][0]
    assert member.term.mandate == "Mobiliteitsagenda Twente."
    assert member.domain
    pfos = int(demo_store.scalar("SELECT count(*) FROM pfo"))
    assert len(board.members) + len(board.missing) == pfos
    assert pfo_id not in {m.pfo_id for m in board.missing}
    # The demo's other PFOs have their regional portfolio holders: the board is complete.
    assert board.complete

    term, *_earlier = portfolio_holder_history(demo_store, pfo_id)  # newest first
    assert (term.term_start, term.term_end, term.status) == (
        TERM_START,
        date(2030, 3, 31),
        AppointmentStatus.EFFECTIVE,
    )


def test_the_daily_boards_tasks_are_named(demo_store: Store, english: None) -> None:
    board = daily_board(demo_store)
    assert board.tasks == [
        ("coordination", "coordination"),
        ("external_representation", "external representation"),
        ("housekeeping", "housekeeping"),
    ]
    set_language("nl")
    assert [label for _key, label in board.tasks] == [
        "coördinatie",
        "externe vertegenwoordiging",
        "bedrijfsvoering",
    ]


def test_history_lists_every_term_newest_first(demo_store: Store) -> None:
    pfo_id, appointment_id, members = cycle(demo_store, 80)
    end_appointment(demo_store, SYSTEM, appointment_id, date(2028, 5, 31), "Aftreden.")
    board = daily_board(demo_store, on=date(2028, 6, 1))
    assert pfo_id in {m.pfo_id for m in board.missing}
    nomination = nominate(demo_store, SYSTEM, pfo_id, members[5][0], "Opvolger.")
    a_decision = str(
        demo_store.scalar(
            "SELECT d.id FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id "
            "JOIN meeting m ON m.id = i.meeting_id WHERE m.pfo_id = ?",
            (pfo_id,),
        )
    )
    record_recommendation(demo_store, SYSTEM, nomination, a_decision)
    successor = open_appointment(
        demo_store, SYSTEM, nomination, date(2028, 6, 1), successor_of_id=appointment_id
    )
    # Newest first: the successor, the term that ended, and the demo's own first holder.
    newest, oldest, *_demo = portfolio_holder_history(demo_store, pfo_id)
    assert (newest.id, newest.successor_of_id, newest.status) == (
        successor,
        appointment_id,
        AppointmentStatus.PENDING,
    )
    assert (oldest.status, oldest.ended_on, oldest.end_reason, oldest.last_day) == (
        AppointmentStatus.ENDED,
        date(2028, 5, 31),
        "Aftreden.",
        date(2028, 5, 31),
    )


# Decisions followed home -------------------------------------------------------------------------


def routed(world: World) -> tuple[str, str, str]:
    """Three decisions routed to the councils: one past its deadline with councils still to go,
    one past its deadline but handled by every council, and one with time left."""
    _meeting, items = world.new_meeting(items=3)
    late, done, later = (
        decisions.record_decision(
            world.store,
            world.secretary,
            item,
            text,
            DecisionOutcome.ADOPTED_BY_ALL,
            to_councils=True,
            council_deadline=deadline,
        )
        for item, text, deadline in zip(
            items,
            ("Te laat.", "Afgerond.", "Op tijd."),
            (date(2027, 3, 1), date(2027, 2, 1), date(2027, 9, 1)),
            strict=True,
        )
    )
    record_council_handlings(
        world.store,
        world.secretary,
        done,
        [
            CouncilHandling(m, CouncilStatus.ADOPTED, handled_on=date(2027, 1, 20))
            for m in world.member_ids
        ],
    )
    record_council_handlings(
        world.store,
        world.secretary,
        late,
        [
            CouncilHandling(world.m("Almelo"), CouncilStatus.ADOPTED, handled_on=date(2027, 2, 1)),
            CouncilHandling(
                world.m("Enschede"), CouncilStatus.SCHEDULED, scheduled_on=date(2027, 5, 3)
            ),
        ],
    )
    return late, done, later


def test_the_overview_puts_overdue_decisions_first(world: World) -> None:
    late, done, later = routed(world)
    # The world's own meeting adds nothing: nothing else was routed.
    overview = council_overview(world.store, on=date(2027, 4, 1))
    assert [d.decision_id for d in overview] == [late, done, later]
    assert [d.overdue for d in overview] == [True, False, False]
    first = overview[0]
    assert (first.handled, first.open, first.complete) == (1, 4, False)
    enschede = next(c for c in first.councils if c.municipality_id == world.m("Enschede"))
    assert (enschede.status, enschede.scheduled_on) == (CouncilStatus.SCHEDULED, date(2027, 5, 3))
    assert overview[1].complete
    # Before any deadline passed, nothing is overdue: ordered by deadline.
    early = council_overview(world.store, pfo_id=world.pfo_id, on=date(2027, 1, 1))
    assert [d.decision_id for d in early] == [done, late, later]
    assert not any(d.overdue for d in early)
    assert council_overview(world.store, pfo_id=world.other_pfo_id) == []
    still_open = council_overview(world.store, on=date(2027, 4, 1), include_complete=False)
    assert [d.decision_id for d in still_open] == [late, later]


def test_a_councils_agenda_lists_what_it_still_has_to_handle(world: World) -> None:
    late, _done, later = routed(world)
    almelo = council_agenda(world.store, world.m("Almelo"), on=date(2027, 4, 1))
    assert [task.decision.decision_id for task in almelo] == [later]
    enschede = council_agenda(world.store, world.m("Enschede"), on=date(2027, 4, 1))
    assert [(t.decision.decision_id, t.overdue) for t in enschede] == [(late, True), (later, False)]
    assert enschede[0].state.status is CouncilStatus.SCHEDULED
    assert council_agenda(world.store, world.m("Losser"), on=date(2027, 4, 1)) == []


def test_the_demos_overview_is_ordered(demo_store: Store) -> None:
    on = date(2026, 11, 28)
    overview = council_overview(demo_store, on=on)
    assert overview, "the demo routes decisions to the councils"
    flags = [d.overdue for d in overview]
    assert flags == sorted(flags, reverse=True)
    for decision in overview:
        assert decision.overdue == (
            decision.council_deadline is not None
            and decision.council_deadline < on
            and not decision.complete
        )


# Nominations and recommendations -----------------------------------------------------------------


def test_open_nominations_follow_the_nomination_to_its_appointment(demo_store: Store) -> None:
    pfo_id, members = demo_mobility(demo_store)
    for (current,) in demo_store.conn.execute(
        "SELECT id FROM appointment WHERE pfo_id = ? AND status = 'effective' AND deleted = 0",
        (pfo_id,),
    ).fetchall():
        end_appointment(demo_store, SYSTEM, current, TERM_START - timedelta(days=1), "Vertrek")
    before = {n.id for n in open_nominations(demo_store, pfo_id)}
    nomination = nominate(demo_store, Actor(members[1][0]), pfo_id, members[0][0], "Trekker.")
    [new] = [n for n in open_nominations(demo_store, pfo_id) if n.id not in before]
    assert (new.id, new.candidate_id, new.status, new.decision_id) == (
        nomination,
        members[0][0],
        NominationStatus.PROPOSED,
        None,
    )
    assert new.municipality == members[0][2]

    decisions_ = pfo_decisions(demo_store, pfo_id)
    assert decisions_, "the demo's PFO has decisions"
    assert [d.decided_at for d in decisions_] == sorted(
        (d.decided_at for d in decisions_), reverse=True
    )
    assert all(len(d.meeting_reference) == 7 and d.item_title for d in decisions_)
    assert len(pfo_decisions(demo_store, pfo_id, limit=1)) == 1
    record_recommendation(demo_store, SYSTEM, nomination, decisions_[0].decision_id)
    [new] = [n for n in open_nominations(demo_store, pfo_id) if n.id == nomination]
    assert (new.status, new.decision_id) == (
        NominationStatus.RECOMMENDED,
        decisions_[0].decision_id,
    )

    open_appointment(demo_store, SYSTEM, nomination, TERM_START)
    assert nomination not in {n.id for n in open_nominations(demo_store, pfo_id)}


def test_a_pfos_decisions_are_its_own(demo_store: Store) -> None:
    pfo_id, _members = demo_mobility(demo_store)
    ids = {d.decision_id for d in pfo_decisions(demo_store, pfo_id, limit=1000)}
    own = {
        row[0]
        for row in demo_store.conn.execute(
            "SELECT d.id FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id "
            "JOIN meeting m ON m.id = i.meeting_id WHERE m.pfo_id = ? AND d.deleted = 0",
            (pfo_id,),
        )
    }
    assert ids == own
