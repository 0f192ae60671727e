"""Actions: holder, deadline, status (regiodesk/commands/actions.py)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest

from regiodesk import errors
from regiodesk.commands.actions import add_action, update_action
from regiodesk.model.enums import ActionStatus

if TYPE_CHECKING:
    from tests.core.conftest import World


def action_row(world: World, action: str) -> dict[str, object]:
    return dict(world.store.query("SELECT * FROM action WHERE id = ?", (action,))[0])


def test_an_action_has_a_holder_a_deadline_and_a_status(world: World) -> None:
    action = add_action(
        world.store,
        world.secretary,
        world.meeting_id,
        " Notitie opstellen ",
        holder_person_id=world.member.person_id,
        holder_municipality_id=world.m("Almelo"),
        deadline=date(2027, 2, 1),
    )
    row = action_row(world, action)
    assert (row["description"], row["status"], row["deadline"], row["completed_on"]) == (
        "Notitie opstellen",
        "open",
        "2027-02-01",
        None,
    )


def test_an_action_needs_a_description_and_known_holders(world: World) -> None:
    with pytest.raises(errors.InvalidInput):
        add_action(world.store, world.secretary, world.meeting_id, "  ")
    with pytest.raises(errors.NotFound):
        add_action(world.store, world.secretary, world.meeting_id, "X", holder_person_id="nobody")
    with pytest.raises(errors.NotPermitted):
        add_action(world.store, world.member, world.meeting_id, "Van een lid")
    assert world.store.scalar("SELECT count(*) FROM action") == 0


def test_the_holder_reports_progress_others_may_not(world: World) -> None:
    action = add_action(
        world.store,
        world.secretary,
        world.meeting_id,
        "Uitzoeken",
        holder_person_id=world.member.person_id,
    )
    assert update_action(world.store, world.member, action, status=ActionStatus.IN_PROGRESS)
    with pytest.raises(errors.NotPermitted):
        update_action(world.store, world.member_hengelo, action, status=ActionStatus.DONE)
    assert update_action(world.store, world.member, action, status=ActionStatus.DONE)
    row = action_row(world, action)
    assert (row["status"], row["completed_on"]) == ("done", date.today().isoformat())
    assert update_action(world.store, world.chair, action, status=ActionStatus.OPEN)
    assert action_row(world, action)["completed_on"] is None


def test_done_given_as_its_plain_value_also_records_the_completion_day(world: World) -> None:
    """update_action accepts the status as a value (it converts with ActionStatus(status)), as a
    form or the command line gives it; "done" must then set completed_on like ActionStatus.DONE."""
    action = add_action(world.store, world.secretary, world.meeting_id, "Afronden")
    update_action(world.store, world.secretary, action, status="done")  # type: ignore[arg-type]
    row = action_row(world, action)
    assert row["status"] == "done"
    assert row["completed_on"] == date.today().isoformat()
