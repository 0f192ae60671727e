"""Full-text search (regiodesk/queries/search.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regiodesk.commands import actions, agenda, decisions, notes
from regiodesk.commands.agenda import ItemSpec
from regiodesk.model.enums import DecisionOutcome, ItemKind
from regiodesk.queries.search import SEARCH_SQL, match_expression, search

if TYPE_CHECKING:
    from regiodesk.store import Store
    from tests.core.conftest import World


def kinds_and_ids(hits: list[object]) -> set[tuple[str, str]]:
    return {(hit.kind, hit.ref_id) for hit in hits}  # type: ignore[attr-defined]


def test_finds_agenda_items_by_title_and_proposal_with_their_meeting(world: World) -> None:
    hits = search(world.store, "snelfiets")
    assert ("agenda_item", world.decision_item) in kinds_and_ids(hits)
    hit = next(h for h in hits if h.ref_id == world.decision_item)
    assert hit.title == "Snelfietsroute F35 doortrekken"
    assert hit.meeting_id == world.meeting_id
    assert hit.pfo_name == "PFO MOB"
    assert hit.meeting_starts_at is not None
    assert hit.meeting_starts_at.startswith("2026-12-08")
    by_proposal = search(world.store, "kleine infrastructuur")
    assert ("agenda_item", world.decision_item_2) in kinds_and_ids(by_proposal)
    assert "[" in next(h for h in by_proposal if h.ref_id == world.decision_item_2).snippet


def test_words_are_prefixes_and_all_must_match(world: World) -> None:
    assert ("agenda_item", world.discussion_item) in kinds_and_ids(search(world.store, "deelmob"))
    assert search(world.store, "deelmobiliteit snelfietsroute") == []


def test_diacritics_do_not_matter(world: World) -> None:
    item = agenda.add_agenda_item(
        world.store,
        world.secretary,
        world.meeting_id,
        ItemSpec("Cultuurcafé en coöperatie", ItemKind.DISCUSSION),
    )
    assert ("agenda_item", item) in kinds_and_ids(search(world.store, "cultuurcafe cooperatie"))


def test_finds_decisions_and_actions(world: World) -> None:
    decision = decisions.record_decision(
        world.store,
        world.secretary,
        world.decision_item,
        "Het PFO besluit tot een proef met hubtaxi's.",
        DecisionOutcome.ADOPTED_BY_ALL,
    )
    action = actions.add_action(
        world.store, world.secretary, world.meeting_id, "Hubtaxi-aanbesteding voorbereiden"
    )
    found = kinds_and_ids(search(world.store, "hubtaxi"))
    assert {("decision", decision), ("action", action)} <= found
    hit = next(h for h in search(world.store, "hubtaxi") if h.kind == "decision")
    assert hit.meeting_id == world.meeting_id


def test_a_person_finds_their_own_private_notes_and_no_one_elses(world: World) -> None:
    s = world.store
    mine = notes.save_private_note(
        s, world.member, world.decision_item, "Wethouder Almelo: verdeelsleutel navragen."
    )
    theirs = notes.save_private_note(
        s, world.chair, world.decision_item_2, "Enschede: verdeelsleutel is onze eis."
    )
    as_member = kinds_and_ids(search(s, "verdeelsleutel", person_id=world.member.person_id))
    assert ("private_note", mine) in as_member
    assert ("private_note", theirs) not in as_member
    as_chair = kinds_and_ids(search(s, "verdeelsleutel", person_id=world.chair.person_id))
    assert as_chair & {("private_note", mine), ("private_note", theirs)} == {
        ("private_note", theirs)
    }
    assert not any(k == "private_note" for k, _ in kinds_and_ids(search(s, "verdeelsleutel")))
    hit = next(
        h
        for h in search(s, "verdeelsleutel", person_id=world.member.person_id)
        if h.kind == "private_note"
    )
    assert hit.meeting_id == world.meeting_id


def test_the_limit_counts_only_hits_the_person_may_see(world: World) -> None:
    """Another person's private notes must not use up the limit: with one visible hit and a
    limit of one, the person gets that hit."""
    s = world.store
    for who, item in (
        (world.chair, world.decision_item),
        (world.chair, world.decision_item_2),
        (world.member_hengelo, world.decision_item),
    ):
        notes.save_private_note(s, who, item, "parkeerbeleid " * 8)
    visible = agenda.add_agenda_item(
        s,
        world.secretary,
        world.meeting_id,
        ItemSpec(
            "Evaluatie van het regionale parkeerbeleid bij stations en transferia",
            proposal="Een lange toelichting over knooppunten, P+R en de fiets. " * 5,
        ),
    )
    hits = search(s, "parkeerbeleid", person_id=world.member.person_id, limit=1)
    assert [(h.kind, h.ref_id) for h in hits] == [("agenda_item", visible)]


def test_deleted_rows_leave_the_results_and_restored_rows_return(world: World) -> None:
    s = world.store
    assert search(s, "deelmobiliteit")
    agenda.remove_agenda_item(s, world.secretary, world.discussion_item)
    assert search(s, "deelmobiliteit") == []
    from regiodesk.model import AgendaItem

    with s.write(None) as writer:
        writer.restore(AgendaItem, world.discussion_item)
    assert kinds_and_ids(search(s, "deelmobiliteit")) == {("agenda_item", world.discussion_item)}


def test_an_edit_replaces_the_indexed_text(world: World) -> None:
    agenda.update_agenda_item(
        world.store, world.secretary, world.discussion_item, title="Verkenning waterstofbussen"
    )
    assert search(world.store, "waterstofbus")
    assert search(world.store, "deelmobiliteit") == []


def test_the_limit_is_respected(world: World) -> None:
    agenda.add_agenda_items(
        world.store,
        world.secretary,
        world.meeting_id,
        [ItemSpec(f"Rotonde {n}") for n in range(12)],
    )
    assert len(search(world.store, "rotonde", limit=5)) == 5
    assert len(search(world.store, "rotonde")) == 12


TRICKY = [
    '"',
    "'",
    '"snelfiets',
    'snel"fiets',
    "(",
    ")",
    "(snelfiets",
    "snelfiets)",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(snelfiets route)",
    "snelfiets AND",
    "OR snelfiets",
    "*",
    "snel*",
    "*fiets",
    "^snelfiets",
    "title:snelfiets",
    "snelfiets -route",
    "{title}: x",
    "a + b",
    "_",
    "__",
    "-",
    "\\",
    "\x00",
    "   ",
    "",
    "😀",
    "ß",
    "İstanbul",
    "\u0300",
    "a\u200bb",
    "NOT NOT NOT",
]


@pytest.mark.parametrize("text", TRICKY)
def test_search_syntax_in_user_text_never_fails(world: World, text: str) -> None:
    hits = search(world.store, text)
    assert isinstance(hits, list)
    if match_expression(text) is None:
        assert hits == []


def test_operators_are_searched_as_words(world: World) -> None:
    agenda.add_agenda_item(
        world.store, world.secretary, world.meeting_id, ItemSpec("Overleg met NS and ProRail")
    )
    assert search(world.store, "snelfiets AND") == []  # "and" is a word: not in that item
    assert search(world.store, "prorail AND")


@settings(
    database=None,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.text(max_size=40))
def test_any_text_can_be_searched(world: World, text: str) -> None:
    hits = search(world.store, text, person_id=world.member.person_id)
    assert len(hits) <= 50
    assert all(hit.kind != "private_note" for hit in hits)  # the member has no notes here


def test_text_without_words_finds_nothing() -> None:
    assert match_expression("  ()*\"' ") is None
    assert match_expression('fiets "route') == '"fiets"* "route"*'


def test_an_initiative_hit_never_scans_the_agenda_after_analyze(demo_store: Store) -> None:
    """With no agenda item tied to an initiative, statistics (``PRAGMA optimize`` runs ANALYZE)
    once made the planner scan every agenda item for each initiative hit.  The index on an
    optional reference is partial, so a lookup by it stays cheap."""
    demo_store.conn.execute("ANALYZE")
    steps = [
        row[3]
        for row in demo_store.conn.execute(
            "EXPLAIN QUERY PLAN " + SEARCH_SQL, {"expression": '"x"*', "limit": 5, "person": ""}
        )
    ]
    assert not [step for step in steps if step.startswith("SCAN i")]
    assert "SEARCH i USING INDEX ix_agenda_item_initiative_id (initiative_id=?)" in steps


def test_indexes_on_optional_references_leave_out_empty_rows(world: World) -> None:
    found = dict(
        world.store.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN "
            "('ix_agenda_item_initiative_id', 'ix_action_decision_id', 'ix_agenda_item_meeting_id')"
        )
    )
    assert found["ix_agenda_item_initiative_id"].endswith("WHERE initiative_id IS NOT NULL")
    assert found["ix_action_decision_id"].endswith("WHERE decision_id IS NOT NULL")
    assert "WHERE" not in found["ix_agenda_item_meeting_id"]  # a required reference: all rows
