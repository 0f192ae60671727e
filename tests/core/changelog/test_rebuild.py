"""Rebuilding the tables from the change log alone (regiodesk/changelog/rebuild.py): the proof
that no write bypasses the log, and that the log has no gap."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiodesk import errors
from regiodesk.changelog.rebuild import Difference, compare, empty_copy, rebuild
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
)
from regiodesk.commands.agenda import ItemSpec
from regiodesk.commands.attendance import AttendanceSpec
from regiodesk.commands.council import CouncilHandling
from regiodesk.commands.positions import PositionSpec
from regiodesk.model import ENTITY_BY_TABLE, Person
from regiodesk.model.enums import (
    ActionStatus,
    AttendanceStatus,
    CouncilStatus,
    DecisionOutcome,
    MeetingStatus,
    PositionKind,
)
from regiodesk.store import Store

if TYPE_CHECKING:
    from tests.core.conftest import World

K = PositionKind


def seqs(store: Store) -> list[int]:
    return [r[0] for r in store.conn.execute("SELECT seq FROM change_log ORDER BY seq")]


def test_the_log_alone_rebuilds_the_store_after_a_mix_of_commands(
    world: World, tmp_path: Path, assert_log_explains: Callable[[Store], None]
) -> None:
    s, sec, chair, member, m = world.store, world.secretary, world.chair, world.member, world.m
    members = ("Enschede", "Almelo", "Hengelo", "Borne", "Oldenzaal")
    paper = tmp_path / "voorstel.pdf"
    paper.write_bytes(b"%PDF-1.4 voorstel versie 1")
    entries_at_start = len(seqs(s))

    # Creates and updates.
    meetings.update_meeting(s, sec, world.meeting_id, location="Stadhuis Hengelo", minutes="Kort.")
    document = documents.attach_document(
        s, sec, world.meeting_id, paper, agenda_item_id=world.decision_item
    )
    spare = documents.attach_document(s, sec, world.meeting_id, paper, title="Reservekopie")
    agenda.update_agenda_item(s, sec, world.discussion_item, title="Deelmobiliteit (herzien)")
    agenda.move_agenda_item(s, sec, world.discussion_item, 1)
    meetings.set_meeting_status(s, sec, world.meeting_id, MeetingStatus.PUBLISHED)
    paper.write_bytes(b"%PDF-1.4 voorstel versie 2")
    documents.add_document_version(s, sec, document, paper)
    notes.save_private_note(s, member, world.decision_item, "Navragen bij de ambtenaar.")
    notes.save_private_note(s, member, world.decision_item, "Navragen; standpunt in college.")

    # Positions: created, changed, withdrawn (a delete), recorded again (a restore).
    positions.record_positions(
        s, sec, world.decision_item, [PositionSpec(m(name), K.AGREE) for name in members]
    )
    positions.record_position(s, member, world.decision_item, m("Almelo"), K.DISAGREE, "Te duur.")
    positions.withdraw_position(s, sec, world.decision_item, m("Borne"))
    positions.record_position(s, sec, world.decision_item, m("Borne"), K.AGREE_SUBJECT_TO_COUNCIL)

    # Nested writes: a batch of commands in one transaction; two of them fail inside their own
    # write and are rolled back alone.
    meetings.set_meeting_status(s, sec, world.meeting_id, MeetingStatus.IN_SESSION)
    with s.write(sec.person_id):
        attendance.set_attendance_list(
            s,
            sec,
            world.meeting_id,
            [AttendanceSpec(m(name), AttendanceStatus.PRESENT) for name in members[:4]]
            + [
                AttendanceSpec(
                    m("Oldenzaal"), AttendanceStatus.REPRESENTED, represented_by_id=m("Enschede")
                )
            ],
        )
        with pytest.raises((sqlite3.IntegrityError, errors.StoreError)):
            agenda.add_agenda_item(
                s, sec, world.meeting_id, ItemSpec("Kapot punt", rapporteur_id="bestaat-niet")
            )
        with pytest.raises(RuntimeError), s.write(sec.person_id) as inner:  # noqa: PT012
            inner.create(Person, {"name": "Half aangemaakt"})
            raise RuntimeError("the command failed")
        positions.record_positions(
            s,
            sec,
            world.decision_item_2,
            [
                PositionSpec(m("Hengelo"), K.NOT_PARTICIPATING, "Lokaal opgelost."),
                PositionSpec(m("Enschede"), K.AGREE),
                PositionSpec(m("Almelo"), K.ABSTAIN),
            ],
        )

    # Decisions: a coalition, corrected to deferred (participants and follow-ups tombstoned),
    # then decided again (restored).
    decision = decisions.record_decision(
        s,
        sec,
        world.decision_item,
        "Besloten.",
        DecisionOutcome.ADOPTED_BY_COALITION,
        to_councils=True,
        council_deadline=date(2027, 4, 1),
    )
    decisions.record_decision(s, sec, world.decision_item, "Uitgesteld.", DecisionOutcome.DEFERRED)
    decisions.record_decision(
        s,
        sec,
        world.decision_item,
        "Toch besloten.",
        DecisionOutcome.ADOPTED_BY_COALITION,
        to_councils=True,
    )
    decisions.record_decision(
        s, sec, world.decision_item_2, "Allen.", DecisionOutcome.ADOPTED_BY_ALL
    )
    council.record_council_handling(
        s,
        sec,
        decision,
        CouncilHandling(m("Enschede"), CouncilStatus.SCHEDULED, scheduled_on=date(2027, 2, 3)),
    )
    action = actions.add_action(
        s,
        sec,
        world.meeting_id,
        "Verdeelsleutel doorrekenen",
        holder_person_id=member.person_id,
        deadline=date(2027, 2, 1),
        decision_id=decision,
    )
    documents.remove_document(s, sec, spare)

    # Close, reopen by the chair (an audit event), close, sign: the meeting locks.
    meetings.set_meeting_status(s, sec, world.meeting_id, MeetingStatus.CLOSED)
    meetings.set_meeting_status(s, chair, world.meeting_id, MeetingStatus.IN_SESSION)
    meetings.set_meeting_status(s, sec, world.meeting_id, MeetingStatus.CLOSED)
    decision_list = decision_lists.create_decision_list(s, sec, world.meeting_id)
    decision_lists.record_signature(s, chair, decision_list, "chair", "a" * 64, "b" * 64)
    decision_lists.record_signature(s, sec, decision_list, "secretary", "a" * 64, "c" * 64)
    actions.update_action(s, member, action, status=ActionStatus.DONE)

    assert_log_explains(s)
    assert s.scalar("SELECT count(*) FROM agenda_item WHERE title = 'Kapot punt'") == 0
    assert s.scalar("SELECT count(*) FROM person WHERE name = 'Half aangemaakt'") == 0
    ops = {
        row[0]
        for row in s.conn.execute("SELECT op FROM change_log WHERE seq > ?", (entries_at_start,))
    }
    assert ops == {"create", "set", "delete", "restore"}
    touched = {row[0] for row in s.conn.execute("SELECT DISTINCT entity FROM change_log")}
    assert {
        "audit_event",
        "decision_list",
        "council_follow_up",
        "decision_participant",
        "document_version",
        "private_note",
        "attendance",
        "position",
        "action",
    } <= touched


def test_rebuild_replays_in_clock_order_into_tables_without_triggers(world: World) -> None:
    rebuilt = rebuild(world.store.conn)
    try:
        assert compare(world.store.conn, rebuilt) == []
        assert (
            rebuilt.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[
                0
            ]
            == 0
        )
        for table in ENTITY_BY_TABLE:
            ours = world.store.scalar(f'SELECT count(*) FROM "{table}"')
            assert rebuilt.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == ours
    finally:
        rebuilt.close()


def test_compare_names_every_kind_of_difference(world: World) -> None:
    rebuilt = rebuild(world.store.conn)
    try:
        rebuilt.execute("UPDATE agenda_item SET title = 'anders' WHERE id = ?", (world.info_item,))
        rebuilt.execute("DELETE FROM meeting WHERE id = ?", (world.meeting_id,))
        rebuilt.execute(
            "INSERT INTO person (id, deleted, name, title) VALUES ('ghost', 0, 'G', '')"
        )
        found = set(compare(world.store.conn, rebuilt))
    finally:
        rebuilt.close()
    assert found == {
        Difference("agenda_item", world.info_item, "differs"),
        Difference("meeting", world.meeting_id, "missing in the log"),
        Difference("person", "ghost", "only in the log"),
    }


def test_empty_copy_has_the_entity_tables_and_nothing_else(world: World) -> None:
    copy = empty_copy(world.store.conn)
    try:
        tables = {r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert tables == set(ENTITY_BY_TABLE)
        assert all(copy.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] == 0 for t in tables)
    finally:
        copy.close()


# Property: any mix of writes, failures and reopenings keeps the log complete and gap-free ---------

OPS = st.one_of(
    st.tuples(st.just("create"), st.integers(0, 99)),
    st.tuples(st.just("update"), st.integers(0, 99)),
    st.tuples(st.just("delete"), st.integers(0, 99)),
    st.tuples(st.just("restore"), st.integers(0, 99)),
    st.tuples(st.just("bulk"), st.integers(0, 6)),
    st.tuples(st.just("fail"), st.integers(0, 3)),
    st.tuples(st.just("nested"), st.booleans()),
    st.tuples(st.just("reopen"), st.just(0)),
)


@settings(
    database=None,
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=st.lists(OPS, min_size=1, max_size=25))
def test_any_mix_of_writes_keeps_the_log_complete_and_contiguous(
    blank_template: Path, plan: list[tuple[str, object]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "store.sqlite"
        shutil.copyfile(blank_template, path)
        store = Store.open(path)
        try:
            model: dict[str, tuple[str, bool]] = {}  # id -> (name, deleted)
            expected_entries = 0
            for step, (action, value) in enumerate(plan):
                ids = sorted(model)
                pick = ids[int(value) % len(ids)] if ids and isinstance(value, int) else None
                if action == "create":
                    with store.write(None) as writer:
                        new = writer.create(Person, {"name": f"p{step}"})
                    model[new] = (f"p{step}", False)
                    expected_entries += 1
                elif action == "update" and pick:
                    with store.write(None) as writer:
                        if writer.update(Person, pick, {"name": f"u{step}"}):
                            expected_entries += 1
                    model[pick] = (f"u{step}", model[pick][1])
                elif action in ("delete", "restore") and pick:
                    with store.write(None) as writer:
                        getattr(writer, action)(Person, pick)
                    model[pick] = (model[pick][0], action == "delete")
                    expected_entries += 1
                elif action == "bulk":
                    with store.write(None) as writer:
                        made = writer.create_many(
                            Person, [{"name": f"b{step}.{n}"} for n in range(int(value))]
                        )
                    model.update({each: (f"b{step}.{n}", False) for n, each in enumerate(made)})
                    expected_entries += len(made)
                elif action == "fail":
                    with pytest.raises(RuntimeError), store.write(None) as writer:  # noqa: PT012
                        for n in range(int(value)):
                            writer.create(Person, {"name": f"lost{step}.{n}"})
                        raise RuntimeError
                elif action == "nested":
                    with store.write(None) as outer:
                        first = outer.create(Person, {"name": f"o{step}"})
                        try:
                            with store.write(None) as inner:
                                second = inner.create(Person, {"name": f"i{step}"})
                                if not value:
                                    raise RuntimeError
                        except RuntimeError:
                            second = None
                        outer.update(Person, first, {"name": f"o{step}!"})
                    model[first] = (f"o{step}!", False)
                    expected_entries += 2
                    if second:
                        model[second] = (f"i{step}", False)
                        expected_entries += 1
                elif action == "reopen":
                    store.close()
                    store = Store.open(path)
            rows = {
                r[0]: (r[1], bool(r[2]))
                for r in store.conn.execute("SELECT id, name, deleted FROM person")
            }
            assert rows == model
            assert seqs(store) == list(range(1, expected_entries + 1))
            rebuilt = rebuild(store.conn)
            try:
                assert compare(store.conn, rebuilt) == []
            finally:
                rebuilt.close()
        finally:
            store.close()
