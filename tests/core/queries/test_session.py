"""What the session page, the projector and the secretary read (regiodesk/queries/session.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from regiodesk import model
from regiodesk.commands import session
from regiodesk.commands.meetings import set_meeting_status
from regiodesk.commands.positions import PositionSpec
from regiodesk.model.enums import AttendanceStatus, DecisionOutcome, MeetingStatus, PositionKind
from regiodesk.permissions import SYSTEM
from regiodesk.queries.session import ItemState, quorum, session_audit, session_view

if TYPE_CHECKING:
    from tests.core.conftest import World


def start(world: World) -> str:
    set_meeting_status(world.store, SYSTEM, world.meeting_id, MeetingStatus.PUBLISHED)
    session.start_session(world.store, world.chair, world.meeting_id, "laptop")
    for name in ("Enschede", "Almelo", "Hengelo"):
        session.register_attendance(
            world.store, world.chair, world.meeting_id, world.m(name), AttendanceStatus.PRESENT
        )
    return world.meeting_id


def test_the_session_view_holds_what_the_page_shows(world: World) -> None:
    meeting = start(world)
    session.set_current_item(world.store, world.chair, meeting, world.decision_item)
    session.add_speaker(world.store, world.chair, world.decision_item, world.m("Almelo"))
    session.record_session_positions(
        world.store,
        world.chair,
        world.decision_item,
        [PositionSpec(world.m("Almelo"), PositionKind.AGREE)],
    )
    session.save_decision_draft(world.store, world.chair, world.decision_item, "Het PFO")
    view = session_view(world.store, meeting)
    assert view.running
    assert view.ours
    assert view.current is not None
    assert view.current.id == world.decision_item
    assert view.current.state is ItemState.HANDLED
    assert [line.in_room for line in view.attendance].count(True) == 3
    assert view.quorum.met
    assert "3 of 5" in view.quorum.describe()
    assert [s.name for s in view.speakers] == ["Almelo"]
    assert view.roll_call is not None
    assert view.roll_call.tally[PositionKind.AGREE] == 1
    assert view.roll_call.without_position == 4
    assert view.decision is not None
    assert view.decision.text == "Het PFO"
    assert {choice.name for choice in view.people} >= {"Wethouder Almelo", "Sanne Secretaris"}


def test_the_decided_text_shows_after_deciding(world: World) -> None:
    meeting = start(world)
    session.set_current_item(world.store, world.chair, meeting, world.decision_item)
    session.decide_item(
        world.store, world.chair, world.decision_item, "Akkoord.", DecisionOutcome.ADOPTED_BY_ALL
    )
    view = session_view(world.store, meeting)
    assert view.decision is not None
    assert (view.decision.text, view.decision.decided) == ("Akkoord.", True)
    assert view.roll_call is not None
    assert not view.roll_call.open
    assert view.current is not None
    assert view.current.state is ItemState.DECIDED


def test_a_member_without_a_population_figure_weighs_nothing(world: World) -> None:
    with world.store.write(None) as writer:
        writer.update(model.Pfo, world.pfo_id, {"quorum_rule": "majority_by_population"})
        for (figure,) in world.store.conn.execute(
            "SELECT id FROM population_figure WHERE municipality_id = ?", (world.m("Borne"),)
        ).fetchall():
            writer.delete(model.PopulationFigure, figure)
    state = quorum(world.store, world.meeting_id)
    assert state.without_figure == ("Borne",)
    assert state.weight_in_room == 0
    assert not state.met


def test_the_audit_trail_says_who_recorded_what_and_when(world: World) -> None:
    meeting = start(world)
    session.record_session_positions(
        world.store,
        world.secretary,
        world.decision_item,
        [PositionSpec(world.m("Hengelo"), PositionKind.DISAGREE, "te duur")],
    )
    session.close_session(world.store, world.chair, meeting, force=True)
    lines = session_audit(world.store, meeting)
    assert lines == sorted(lines, key=lambda line: line.at)
    position = [line for line in lines if line.action == "position recorded"]
    assert len(position) == 1
    assert position[0].actor == "Sanne Secretaris"
    assert "Hengelo" in position[0].object
    assert "te duur" in position[0].detail
    actions = {line.action for line in lines}
    assert {"started the session", "closed the session with open items"} <= actions
    assert "attendance recorded" in actions
