"""Private notes (regiodesk/commands/notes.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from regiodesk import errors
from regiodesk.commands.notes import save_private_note
from regiodesk.ids import stable_id
from regiodesk.permissions import SYSTEM

if TYPE_CHECKING:
    from tests.core.conftest import World


def test_a_person_keeps_one_note_per_item(world: World) -> None:
    s = world.store
    note = save_private_note(s, world.member, world.decision_item, "Eerste gedachte.")
    assert note == stable_id("private_note", str(world.member.person_id), world.decision_item)
    assert save_private_note(s, world.member, world.decision_item, "Bijgewerkt.") == note
    rows = s.query("SELECT person_id, text FROM private_note")
    assert [tuple(r) for r in rows] == [(world.member.person_id, "Bijgewerkt.")]


def test_saving_the_same_text_writes_nothing(world: World) -> None:
    s = world.store
    save_private_note(s, world.member, world.decision_item, "Zelfde.")
    before = s.scalar("SELECT count(*) FROM change_log")
    save_private_note(s, world.member, world.decision_item, "Zelfde.")
    assert s.scalar("SELECT count(*) FROM change_log") == before


def test_an_empty_text_keeps_the_note(world: World) -> None:
    s = world.store
    note = save_private_note(s, world.member, world.decision_item, "Iets.")
    save_private_note(s, world.member, world.decision_item, "")
    assert tuple(s.query("SELECT text, deleted FROM private_note WHERE id = ?", (note,))[0]) == (
        "",
        0,
    )


def test_two_people_have_separate_notes_on_the_same_item(world: World) -> None:
    mine = save_private_note(world.store, world.member, world.decision_item, "Van Almelo.")
    theirs = save_private_note(world.store, world.chair, world.decision_item, "Van Enschede.")
    assert mine != theirs
    assert world.store.scalar("SELECT count(*) FROM private_note") == 2


def test_only_a_person_writes_private_notes(world: World) -> None:
    with pytest.raises(errors.NotPermitted):
        save_private_note(world.store, SYSTEM, world.decision_item, "Van niemand.")
    with pytest.raises(errors.NotFound):
        save_private_note(world.store, world.member, "no-such-item", "Nergens.")
    assert world.store.scalar("SELECT count(*) FROM private_note") == 0
