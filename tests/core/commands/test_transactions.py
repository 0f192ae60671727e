"""Every command writes its rows and their change-log entries in one transaction: when the
commit fails (a full disk), neither rows nor entries remain; when it succeeds, the log explains
every row and the sequence has no gap.  (Covers regiodesk/commands/* as a whole.)"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from regiodesk import errors
from regiodesk.commands import (
    actions,
    agenda,
    attendance,
    council,
    decision_lists,
    decisions,
    documents,
    meetings,
    notes,
    positions,
    region,
)
from regiodesk.commands.agenda import ItemSpec
from regiodesk.commands.council import CouncilHandling
from regiodesk.commands.positions import PositionSpec
from regiodesk.model import ENTITY_BY_TABLE
from regiodesk.model.enums import (
    ActionStatus,
    AttendanceStatus,
    CouncilStatus,
    DecisionOutcome,
    MeetingStatus,
    PositionKind,
    Role,
)
from regiodesk.permissions import SYSTEM
from regiodesk.store import Store
from regiodesk.timeutil import AMSTERDAM

if TYPE_CHECKING:
    from tests.core.conftest import World

REAL_CONNECT = sqlite3.connect


class FullDisk(sqlite3.Connection):
    """A connection whose COMMIT fails as on a full disk while ``full`` is set."""

    full = False

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        if FullDisk.full and sql.strip().upper() == "COMMIT":
            raise sqlite3.OperationalError("database or disk is full")
        return super().execute(sql, *args)


def digest(store: Store) -> str:
    hasher = hashlib.sha256()
    for table in sorted([*ENTITY_BY_TABLE, "change_log"]):
        for row in store.conn.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
            hasher.update(repr(tuple(row)).encode())
    return hasher.hexdigest()


@dataclass
class Case:
    act: Callable[[World, dict[str, Any]], object]
    setup: Callable[[World, dict[str, Any]], None] = lambda _w, _c: None
    actor: str = "secretary"


def closed(w: World, c: dict[str, Any]) -> None:
    for target in (MeetingStatus.PUBLISHED, MeetingStatus.IN_SESSION, MeetingStatus.CLOSED):
        meetings.set_meeting_status(w.store, SYSTEM, w.meeting_id, target)


def closed_with_list(w: World, c: dict[str, Any]) -> None:
    closed(w, c)
    c["list"] = decision_lists.create_decision_list(w.store, SYSTEM, w.meeting_id)


def routed_decision(w: World, c: dict[str, Any]) -> None:
    positions.record_position(w.store, SYSTEM, w.decision_item, w.m("Almelo"), PositionKind.AGREE)
    c["decision"] = decisions.record_decision(
        w.store,
        SYSTEM,
        w.decision_item,
        "Ja.",
        DecisionOutcome.ADOPTED_BY_COALITION,
        to_councils=True,
    )


def with_paper(w: World, c: dict[str, Any]) -> None:
    paper = Path(c["tmp"]) / "stuk.pdf"
    paper.write_bytes(b"%PDF-1.4 stuk")
    c["paper"] = paper
    c["document"] = documents.attach_document(w.store, SYSTEM, w.meeting_id, paper)
    paper.write_bytes(b"%PDF-1.4 stuk, versie 2")


def with_action(w: World, c: dict[str, Any]) -> None:
    c["action"] = actions.add_action(
        w.store, SYSTEM, w.meeting_id, "Doen", holder_person_id=w.member.person_id
    )


def with_position(w: World, c: dict[str, Any]) -> None:
    positions.record_position(w.store, SYSTEM, w.decision_item, w.m("Almelo"), PositionKind.AGREE)


START = datetime(2027, 2, 2, 10, tzinfo=AMSTERDAM)

CASES: dict[str, Case] = {
    "create meeting": Case(
        lambda w, c: meetings.create_meeting(
            w.store, w.secretary, w.pfo_id, START, START + timedelta(hours=2)
        )
    ),
    "update meeting": Case(
        lambda w, c: meetings.update_meeting(
            w.store, w.secretary, w.meeting_id, location="Almelo", minutes="Notulen."
        )
    ),
    "meeting status": Case(
        lambda w, c: meetings.set_meeting_status(
            w.store, w.secretary, w.meeting_id, MeetingStatus.PUBLISHED
        )
    ),
    "reopen session": Case(
        lambda w, c: meetings.set_meeting_status(
            w.store, w.chair, w.meeting_id, MeetingStatus.IN_SESSION
        ),
        closed,
        actor="chair",
    ),
    "add agenda items": Case(
        lambda w, c: agenda.add_agenda_items(
            w.store, w.secretary, w.meeting_id, [ItemSpec("Nieuw 1"), ItemSpec("Nieuw 2")]
        )
    ),
    "update agenda item": Case(
        lambda w, c: agenda.update_agenda_item(
            w.store, w.secretary, w.decision_item, title="Anders", planned_minutes=25
        )
    ),
    "move agenda item": Case(
        lambda w, c: agenda.move_agenda_item(w.store, w.secretary, w.discussion_item, 0)
    ),
    "remove agenda item": Case(
        lambda w, c: agenda.remove_agenda_item(w.store, w.secretary, w.discussion_item)
    ),
    "record positions": Case(
        lambda w, c: positions.record_positions(
            w.store,
            w.secretary,
            w.decision_item,
            [
                PositionSpec(w.m("Almelo"), PositionKind.AGREE),
                PositionSpec(w.m("Borne"), PositionKind.DISAGREE, "Nee."),
            ],
        )
    ),
    "change position": Case(
        lambda w, c: positions.record_position(
            w.store, w.member, w.decision_item, w.m("Almelo"), PositionKind.ABSTAIN
        ),
        with_position,
        actor="member",
    ),
    "withdraw position": Case(
        lambda w, c: positions.withdraw_position(
            w.store, w.secretary, w.decision_item, w.m("Almelo")
        ),
        with_position,
    ),
    "attendance": Case(
        lambda w, c: attendance.set_attendance(
            w.store,
            w.secretary,
            w.meeting_id,
            w.m("Borne"),
            AttendanceStatus.REPRESENTED,
            represented_by_id=w.m("Hengelo"),
        )
    ),
    "record decision": Case(
        lambda w, c: decisions.record_decision(
            w.store,
            w.secretary,
            w.decision_item,
            "Allen.",
            DecisionOutcome.ADOPTED_BY_ALL,
            to_councils=True,
        )
    ),
    "council handling": Case(
        lambda w, c: council.record_council_handling(
            w.store,
            w.secretary,
            c["decision"],
            CouncilHandling(w.m("Almelo"), CouncilStatus.SCHEDULED, scheduled_on=date(2027, 3, 1)),
        ),
        routed_decision,
    ),
    "add action": Case(
        lambda w, c: actions.add_action(
            w.store, w.secretary, w.meeting_id, "Uitzoeken", deadline=date(2027, 1, 31)
        )
    ),
    "update action": Case(
        lambda w, c: actions.update_action(
            w.store, w.member, c["action"], status=ActionStatus.DONE
        ),
        with_action,
        actor="member",
    ),
    "attach document": Case(
        lambda w, c: documents.attach_document(
            w.store, w.secretary, w.meeting_id, c["paper"], title="Nog een"
        ),
        with_paper,
    ),
    "document version": Case(
        lambda w, c: documents.add_document_version(
            w.store, w.secretary, c["document"], c["paper"]
        ),
        with_paper,
    ),
    "update document": Case(
        lambda w, c: documents.update_document(
            w.store, w.secretary, c["document"], confidential=True
        ),
        with_paper,
    ),
    "remove document": Case(
        lambda w, c: documents.remove_document(w.store, w.secretary, c["document"]), with_paper
    ),
    "private note": Case(
        lambda w, c: notes.save_private_note(w.store, w.member, w.decision_item, "Voor mezelf."),
        actor="member",
    ),
    "create decision list": Case(
        lambda w, c: decision_lists.create_decision_list(w.store, w.secretary, w.meeting_id), closed
    ),
    "sign decision list": Case(
        lambda w, c: decision_lists.record_signature(
            w.store, w.chair, c["list"], "chair", "a" * 64, "b" * 64
        ),
        closed_with_list,
        actor="chair",
    ),
    "add person": Case(
        lambda w, c: region.add_person(w.store, SYSTEM, "Nieuwe wethouder", w.m("Losser")),
        actor="system",
    ),
    "population figure": Case(
        lambda w, c: region.add_population_figure(
            w.store, SYSTEM, w.m("Losser"), date(2025, 1, 1), 23_500
        ),
        actor="system",
    ),
    "membership": Case(
        lambda w, c: region.add_membership(
            w.store, SYSTEM, w.pfo_id, w.outsider.person_id, w.m("Losser"), date(2026, 1, 1)
        ),
        actor="system",
    ),
    "role": Case(
        lambda w, c: region.assign_role(
            w.store, SYSTEM, w.outsider.person_id, Role.GUEST, date(2026, 1, 1)
        ),
        actor="system",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_command_logs_its_rows_in_its_own_transaction(
    name: str,
    open_world: Callable[[], World],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    assert_log_explains: Callable[[Store], None],
) -> None:
    monkeypatch.setattr(
        sqlite3, "connect", lambda *a, **k: REAL_CONNECT(*a, **{"factory": FullDisk, **k})
    )
    monkeypatch.setattr(FullDisk, "full", False)
    w = open_world()
    case = CASES[name]
    context: dict[str, Any] = {"tmp": tmp_path}
    case.setup(w, context)
    before = digest(w.store)
    entries_before = w.store.scalar("SELECT count(*) FROM change_log")

    FullDisk.full = True
    with pytest.raises(errors.StoreDiskFull):
        case.act(w, context)
    FullDisk.full = False
    assert digest(w.store) == before, "a failed commit left rows or entries behind"

    case.act(w, context)
    new = w.store.query(
        "SELECT seq, actor_id FROM change_log WHERE local_seq > ? ORDER BY seq", (entries_before,)
    )
    assert new, f"{name} wrote nothing to the change log"
    expected_actor = None if case.actor == "system" else getattr(w, case.actor).person_id
    assert {row["actor_id"] for row in new} == {expected_actor}
    assert [row["seq"] for row in new] == list(
        range(entries_before + 1, entries_before + 1 + len(new))
    )
    assert_log_explains(w.store)
