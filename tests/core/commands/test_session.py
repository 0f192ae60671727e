"""Chairing a session live (regiodesk/commands/session.py): the claim and a second device,
attendance, the current item and its timer, urgent and deferred items, speakers, the roll call,
decisions with and without quorum, closing with open items, and reopening."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiodesk import errors, model
from regiodesk.commands import session
from regiodesk.commands.meetings import set_meeting_status
from regiodesk.commands.positions import PositionSpec, record_position
from regiodesk.model.enums import (
    AttendanceStatus,
    DecisionOutcome,
    ItemKind,
    MeetingStatus,
    PositionKind,
)
from regiodesk.permissions import SYSTEM
from regiodesk.queries.session import quorum, session_claim, session_items, speakers
from regiodesk.store import Store
from tests.core.conftest import copy_store_file

if TYPE_CHECKING:
    from tests.core.conftest import World

A = AttendanceStatus
K = PositionKind


def published(world: World) -> str:
    set_meeting_status(world.store, SYSTEM, world.meeting_id, MeetingStatus.PUBLISHED)
    return world.meeting_id


def running(world: World, present: tuple[str, ...] = ("Enschede", "Almelo", "Hengelo")) -> str:
    """The world's meeting in session, chaired from this device, with ``present`` present."""
    status = world.store.scalar("SELECT status FROM meeting WHERE id = ?", (world.meeting_id,))
    meeting = published(world) if status == "draft" else world.meeting_id
    session.start_session(world.store, world.chair, meeting, device_name="laptop")
    for name in present:
        session.register_attendance(world.store, world.chair, meeting, world.m(name), A.PRESENT)
    return meeting


def events(store: Store, action: str) -> list[str]:
    return [
        row[0]
        for row in store.conn.execute(
            "SELECT object_id FROM audit_event WHERE action = ?", (action,)
        )
    ]


# Starting, the claim, and a second device ---------------------------------------------------------


def test_starting_puts_the_meeting_in_session_and_claims_it_for_this_device(world: World) -> None:
    meeting = published(world)
    outcome = session.start_session(world.store, world.chair, meeting, device_name="laptop")
    assert outcome is session.SessionStart.STARTED
    assert world.store.scalar("SELECT status FROM meeting WHERE id = ?", (meeting,)) == "in_session"
    claim = session_claim(world.store, meeting)
    assert claim is not None
    assert claim.held
    assert (claim.device_id, claim.device_name) == (world.store.device_id, "laptop")
    assert claim.holder_id == world.chair.person_id
    assert events(world.store, "start_session") == [meeting]
    # Starting again on the same device resumes.
    again = session.start_session(world.store, world.chair, meeting)
    assert again is session.SessionStart.RESUMED


def test_a_draft_meeting_cannot_be_started(world: World) -> None:
    with pytest.raises(errors.InvalidTransition):
        session.start_session(world.store, world.chair, world.meeting_id)


def test_only_the_chair_or_secretary_runs_a_session(world: World) -> None:
    meeting = published(world)
    with pytest.raises(errors.NotPermitted):
        session.start_session(world.store, world.member, meeting)
    assert session_claim(world.store, meeting) is None


def test_commands_need_a_running_session(world: World) -> None:
    meeting = published(world)
    with pytest.raises(errors.SessionNotRunning):
        session.register_attendance(world.store, world.chair, meeting, world.m("Almelo"), A.PRESENT)


def test_a_second_device_is_refused_until_it_takes_over_explicitly(
    world: World, tmp_path: Path
) -> None:
    """Two devices hold the same data (as after a sync).  The second finds the session claimed
    by the first: it is refused, records nothing, and only an explicit take-over lets it chair;
    after that, the first device is refused in turn.  The session never forks silently."""
    meeting = running(world)
    world.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    world.store.close()
    other_path = copy_store_file(world.store.path, tmp_path / "other-device.sqlite")
    first = Store.open(world.store.path)
    second = Store.open(other_path)
    try:
        second.become_new_device()
        assert second.device_id != first.device_id
        before = second.scalar("SELECT count(*) FROM change_log")
        with pytest.raises(errors.SessionHeldElsewhere) as refused:
            session.start_session(second, world.chair, meeting, device_name="tablet")
        assert "laptop" in refused.value.message()
        with pytest.raises(errors.SessionHeldElsewhere):
            session.register_attendance(second, world.chair, meeting, world.m("Borne"), A.PRESENT)
        assert second.scalar("SELECT count(*) FROM change_log") == before

        taken = session.start_session(second, world.chair, meeting, "tablet", take_over=True)
        assert taken is session.SessionStart.TAKEN_OVER
        claim = session_claim(second, meeting)
        assert claim is not None
        assert claim.device_id == second.device_id
        assert events(second, "take_over_session") == [meeting]
        session.register_attendance(second, world.chair, meeting, world.m("Borne"), A.PRESENT)

        # The first device learns of the take-over (sync carries the claim row): it is refused.
        first.conn.execute(
            "UPDATE meeting_session SET device_id = ?, device_name = 'tablet' WHERE meeting_id = ?",
            (second.device_id, meeting),
        )
        with pytest.raises(errors.SessionHeldElsewhere):
            session.step_item(first, world.chair, meeting, 1)
    finally:
        first.close()
        second.close()


# Attendance and quorum ----------------------------------------------------------------------------


def test_present_defaults_to_the_member_and_records_the_arrival(world: World) -> None:
    meeting = running(world, present=())
    session.register_attendance(world.store, world.chair, meeting, world.m("Almelo"), A.PRESENT)
    row = world.store.query(
        "SELECT * FROM attendance WHERE meeting_id = ? AND municipality_id = ?",
        (meeting, world.m("Almelo")),
    )[0]
    assert row["status"] == "present"
    assert row["person_id"] == world.member.person_id
    assert row["arrived_at"]
    assert row["left_at"] is None


def test_departure_and_representation_change_the_quorum(world: World) -> None:
    meeting = running(world)  # 3 of 5 present
    assert quorum(world.store, meeting).met
    session.register_departure(world.store, world.chair, meeting, world.m("Hengelo"))
    state = quorum(world.store, meeting)
    assert (state.in_room, state.members, state.met) == (2, 5, False)
    session.register_attendance(
        world.store,
        world.chair,
        meeting,
        world.m("Borne"),
        A.REPRESENTED,
        represented_by_id=world.m("Enschede"),
        mandate="schriftelijk",
    )
    assert quorum(world.store, meeting).met
    # A municipality that is not present cannot represent another.
    with pytest.raises(errors.MunicipalityAbsent):
        session.register_attendance(
            world.store,
            world.chair,
            meeting,
            world.m("Oldenzaal"),
            A.REPRESENTED,
            represented_by_id=world.m("Hengelo"),
        )
    # Leaving twice is refused; coming back clears the departure.
    with pytest.raises(errors.MunicipalityAbsent):
        session.register_departure(world.store, world.chair, meeting, world.m("Hengelo"))
    session.register_attendance(world.store, world.chair, meeting, world.m("Hengelo"), A.PRESENT)
    assert quorum(world.store, meeting).in_room == 4


def test_quorum_by_population(world: World) -> None:
    with world.store.write(None) as writer:
        writer.update(model.Pfo, world.pfo_id, {"quorum_rule": "majority_by_population"})
    meeting = running(world, present=("Enschede",))
    state = quorum(world.store, meeting)
    # Enschede alone is 1 of 5 municipalities, but a large share of the inhabitants.
    assert state.in_room == 1
    assert state.weight_total > 300_000
    assert not state.met
    session.register_attendance(world.store, world.chair, meeting, world.m("Almelo"), A.PRESENT)
    assert quorum(world.store, meeting).met  # 2 of 5, yet more than half of the people


# Agenda navigation, timers, urgent and deferred items ---------------------------------------------


def test_next_previous_and_the_handled_order(world: World) -> None:
    meeting = running(world)
    first = session.step_item(world.store, world.chair, meeting, 1)
    assert first == world.info_item
    # The chair takes the discussion item before the decisions: the handled order follows.
    session.set_current_item(world.store, world.chair, meeting, world.discussion_item)
    session.step_item(world.store, world.chair, meeting, -1)  # back to decision item 2
    items = {item.id: item for item in session_items(world.store, meeting)}
    assert items[world.info_item].handled_order == 1
    assert items[world.discussion_item].handled_order == 2
    assert items[world.decision_item_2].handled_order == 3
    assert items[world.decision_item].handled_order is None
    claim = session_claim(world.store, meeting)
    assert claim is not None
    assert claim.current_item_id == world.decision_item_2
    # The item left has a stopped timer; the current one runs.
    assert items[world.info_item].running_since is None
    assert items[world.info_item].actual_seconds() >= 0
    assert items[world.decision_item_2].running_since is not None
    # Going back to an item keeps its first place in the handled order.
    session.set_current_item(world.store, world.chair, meeting, world.info_item)
    assert session_items(world.store, meeting)[0].handled_order == 1


def test_an_urgent_item_comes_right_after_the_current_one(world: World) -> None:
    meeting = running(world)
    session.set_current_item(world.store, world.chair, meeting, world.decision_item)
    urgent = session.add_urgent_item(world.store, world.chair, meeting, "Spoed: gladheid")
    order = [item.id for item in session_items(world.store, meeting)]
    assert order.index(urgent) == order.index(world.decision_item) + 1
    assert next(i for i in session_items(world.store, meeting) if i.id == urgent).urgent
    assert events(world.store, "add_urgent_item") == [urgent]


def test_deferring_moves_the_item_to_the_next_meeting(world: World) -> None:
    later, _ids = world.new_meeting()
    meeting = running(world)
    moved = session.defer_item(world.store, world.chair, world.decision_item)
    assert moved is not None
    row = world.store.query(
        "SELECT meeting_id, origin_item_id, title FROM agenda_item WHERE id = ?", (moved,)
    )[0]
    assert (row["meeting_id"], row["origin_item_id"]) == (later, world.decision_item)
    item = next(i for i in session_items(world.store, meeting) if i.id == world.decision_item)
    assert item.outcome is DecisionOutcome.DEFERRED
    assert not item.still_open


# Speakers -----------------------------------------------------------------------------------------


def test_the_speakers_queue(world: World) -> None:
    meeting = running(world)
    item = world.decision_item
    session.set_current_item(world.store, world.chair, meeting, item)
    almelo = session.add_speaker(world.store, world.chair, item, municipality_id=world.m("Almelo"))
    hengelo = session.add_speaker(
        world.store, world.chair, item, person_id=world.member_hengelo.person_id
    )
    borne = session.add_speaker(world.store, world.chair, item, municipality_id=world.m("Borne"))
    session.remove_speaker(world.store, world.chair, hengelo)
    assert session.next_speaker(world.store, world.chair, item) == almelo
    assert session.next_speaker(world.store, world.chair, item) == borne
    listed = speakers(world.store, item)
    assert [s.id for s in listed] == [almelo, borne]
    assert listed[0].ended_at is not None
    assert listed[1].speaking
    assert session.next_speaker(world.store, world.chair, item) is None
    assert not any(s.speaking for s in speakers(world.store, item))
    with pytest.raises(errors.InvalidInput):
        session.add_speaker(world.store, world.chair, item)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("add"), st.integers(0, 4)),
            st.tuples(st.just("next"), st.just(0)),
            st.tuples(st.just("remove"), st.integers(0, 5)),
        ),
        max_size=12,
    )
)
def test_the_queue_behaves_like_a_list_whatever_the_order(
    open_world: Callable[[], World], operations: list[tuple[str, int]]
) -> None:
    """Any sequence of add / next / remove leaves the queue as a plain first-in-first-out list
    would: the spoken in the order they spoke, at most one speaking, the waiting in order."""
    world = open_world()
    running(world)
    item = world.decision_item
    members = world.member_ids
    waiting: list[str] = []
    spoken: list[str] = []
    speaking: str | None = None
    for op, value in operations:
        if op == "add":
            waiting.append(
                session.add_speaker(world.store, world.chair, item, municipality_id=members[value])
            )
        elif op == "next":
            if speaking:
                spoken.append(speaking)
            speaking = waiting.pop(0) if waiting else None
            assert session.next_speaker(world.store, world.chair, item) == speaking
        elif waiting:
            turn = waiting.pop(value % len(waiting))
            session.remove_speaker(world.store, world.chair, turn)
    listed = speakers(world.store, item)
    expected = spoken + ([speaking] if speaking else []) + waiting
    assert [s.id for s in listed] == expected
    assert sum(1 for s in listed if s.speaking) == (1 if speaking else 0)


# The roll call ------------------------------------------------------------------------------------


def test_while_the_session_runs_no_page_records_an_absent_municipalitys_position(
    world: World,
) -> None:
    """The agenda-item page records through ``record_position``, not the session's roll call: the
    rule that a position is taken in the room holds there too, while the chair runs the session.
    Before the session a municipality prepares its position from anywhere."""
    published(world)
    record_position(world.store, world.chair, world.decision_item, world.m("Borne"), K.ABSTAIN)
    running(world)  # Borne is not there
    before = world.store.scalar("SELECT count(*) FROM change_log")
    with pytest.raises(errors.MunicipalityAbsent, match="Borne"):
        record_position(world.store, world.chair, world.decision_item, world.m("Borne"), K.AGREE)
    assert world.store.scalar("SELECT count(*) FROM change_log") == before
    record_position(world.store, world.chair, world.decision_item, world.m("Almelo"), K.AGREE)


def test_a_position_for_an_absent_municipality_is_refused(world: World) -> None:
    meeting = running(world)  # Borne and Oldenzaal are not there
    before = world.store.scalar("SELECT count(*) FROM change_log")
    with pytest.raises(errors.MunicipalityAbsent) as refused:
        session.record_session_positions(
            world.store, world.chair, world.decision_item, [PositionSpec(world.m("Borne"), K.AGREE)]
        )
    assert "Borne" in refused.value.message()
    assert world.store.scalar("SELECT count(*) FROM change_log") == before
    # Present: recorded; a reason still required where the kind needs one.
    session.record_session_positions(
        world.store, world.chair, world.decision_item, [PositionSpec(world.m("Almelo"), K.AGREE)]
    )
    with pytest.raises(errors.ReasonRequired):
        session.record_session_positions(
            world.store,
            world.chair,
            world.decision_item,
            [PositionSpec(world.m("Hengelo"), K.DISAGREE)],
        )
    assert meeting


def test_a_prepared_position_is_confirmed_in_session(world: World) -> None:
    published(world)
    record_position(world.store, world.member, world.decision_item, world.m("Almelo"), K.ABSTAIN)
    meeting = running(world)
    from regiodesk.queries.session import roll_call

    line = next(
        x
        for x in roll_call(world.store, world.decision_item).lines
        if x.municipality_id == world.m("Almelo")
    )
    assert line.prepared
    assert line.kind is K.ABSTAIN
    count = session.record_session_positions(
        world.store, world.chair, world.decision_item, [PositionSpec(world.m("Almelo"), K.ABSTAIN)]
    )
    assert count == 1
    line = next(
        x
        for x in roll_call(world.store, world.decision_item).lines
        if x.municipality_id == world.m("Almelo")
    )
    assert not line.prepared
    assert line.recorded_by == "Wethouder Enschede"
    assert len(events(world.store, "confirm_position")) == 1
    assert meeting


# Decisions ----------------------------------------------------------------------------------------


def test_a_decision_without_quorum_is_marked(world: World) -> None:
    meeting = running(world, present=("Enschede", "Almelo"))  # 2 of 5
    decision = session.decide_item(
        world.store, world.chair, world.decision_item, "Akkoord.", DecisionOutcome.ADOPTED_BY_ALL
    )
    assert world.store.scalar("SELECT quorum_met FROM decision WHERE id = ?", (decision,)) == 0
    session.register_attendance(world.store, world.chair, meeting, world.m("Borne"), A.PRESENT)
    other = session.decide_item(
        world.store, world.chair, world.decision_item_2, "Akkoord.", DecisionOutcome.ADOPTED_BY_ALL
    )
    assert world.store.scalar("SELECT quorum_met FROM decision WHERE id = ?", (other,)) == 1


def test_a_coalition_decision_with_actions(world: World) -> None:
    running(world)
    session.record_session_positions(
        world.store,
        world.chair,
        world.decision_item,
        [
            PositionSpec(world.m("Enschede"), K.AGREE),
            PositionSpec(world.m("Almelo"), K.AGREE_SUBJECT_TO_COUNCIL),
            PositionSpec(world.m("Hengelo"), K.NOT_PARTICIPATING, "geen budget"),
        ],
    )
    decision = session.decide_item(
        world.store,
        world.chair,
        world.decision_item,
        "Akkoord voor de deelnemers.",
        DecisionOutcome.ADOPTED_BY_COALITION,
        to_councils=True,
        actions=[session.ActionSpec("Raadsvoorstel opstellen", world.member.person_id)],
    )
    participants = {
        row[0]
        for row in world.store.conn.execute(
            "SELECT municipality_id FROM decision_participant WHERE decision_id = ? "
            "AND deleted = 0",
            (decision,),
        )
    }
    assert participants == {world.m("Enschede"), world.m("Almelo")}
    assert world.store.scalar("SELECT count(*) FROM action WHERE decision_id = ?", (decision,)) == 1
    assert (
        world.store.scalar(
            "SELECT count(*) FROM council_follow_up WHERE decision_id = ?", (decision,)
        )
        == 2
    )


def test_the_decision_text_is_saved_as_it_is_typed(world: World) -> None:
    running(world)
    item = world.decision_item
    assert session.save_decision_draft(world.store, world.chair, item, "Het PFO")
    assert session.save_decision_draft(world.store, world.chair, item, "Het PFO stemt in")
    assert not session.save_decision_draft(world.store, world.chair, item, "Het PFO stemt in")
    from regiodesk.queries.session import decision_state

    state = decision_state(world.store, item)
    assert state.text == "Het PFO stemt in"
    assert not state.decided


def test_templates_per_item_kind() -> None:
    text = session.decision_template(
        ItemKind.DECISION, DecisionOutcome.ADOPTED_BY_COALITION, "Fonds", "Een fonds.", ["Almelo"]
    )
    assert "Almelo" in text
    assert "Een fonds." in text
    assert "Opening" in session.decision_template(ItemKind.INFORMATION, None, "Opening", "")
    assert session.decision_template(ItemKind.DISCUSSION, None, "Verkenning", "").startswith(
        "The PFO discussed"
    )


# Closing and reopening ----------------------------------------------------------------------------


def test_closing_with_open_items_is_refused_unless_forced(world: World) -> None:
    meeting = running(world)
    session.step_item(world.store, world.chair, meeting, 1)  # the information item: handled
    with pytest.raises(errors.ItemsStillOpen) as refused:
        session.close_session(world.store, world.chair, meeting)
    message = refused.value.message()
    assert "Snelfietsroute" in message
    assert "Opening" not in message
    assert world.store.scalar("SELECT status FROM meeting WHERE id = ?", (meeting,)) == "in_session"
    titles = session.close_session(world.store, world.chair, meeting, force=True)
    assert len(titles) == 3
    assert world.store.scalar("SELECT status FROM meeting WHERE id = ?", (meeting,)) == "closed"
    claim = session_claim(world.store, meeting)
    assert claim is not None
    assert not claim.held
    assert claim.current_item_id is None
    assert events(world.store, "close_session_forced") == [meeting]


def test_a_complete_session_closes_cleanly(world: World) -> None:
    meeting = running(world)
    session.step_item(world.store, world.chair, meeting, 1)
    for item in (world.decision_item, world.decision_item_2):
        session.set_current_item(world.store, world.chair, meeting, item)
        session.decide_item(
            world.store, world.chair, item, "Akkoord.", DecisionOutcome.ADOPTED_BY_ALL
        )
    session.set_current_item(world.store, world.chair, meeting, world.discussion_item)
    assert session.close_session(world.store, world.chair, meeting) == []
    assert events(world.store, "close_session") == [meeting]


def test_reopening_is_for_the_chair_and_logged(world: World) -> None:
    meeting = running(world)
    session.close_session(world.store, world.chair, meeting, force=True)
    with pytest.raises(errors.NotPermitted):
        session.start_session(world.store, world.secretary, meeting)
    outcome = session.start_session(world.store, world.chair, meeting)
    assert outcome is session.SessionStart.REOPENED
    assert events(world.store, "reopen_session") == [meeting]
    claim = session_claim(world.store, meeting)
    assert claim is not None
    assert claim.held
