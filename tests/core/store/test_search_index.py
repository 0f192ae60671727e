"""The full-text index stays in step with its sources, and can be rebuilt."""

from __future__ import annotations

from regiodesk.queries.search import search
from regiodesk.store import Store
from regiodesk.store.check import check_store
from regiodesk.store.search_index import rebuild_search_index, search_index_problems


def test_the_demo_index_matches_its_sources(demo_store: Store) -> None:
    assert search_index_problems(demo_store) == []


def test_a_damaged_index_is_found_by_check_and_rebuilt(demo_store: Store) -> None:
    before = [hit.ref_id for hit in search(demo_store, "jeugdzorg")]
    demo_store.conn.execute("DELETE FROM search_index WHERE kind = 'decision'")
    demo_store.conn.execute(
        "UPDATE search_index SET ref_id = 'elsewhere' WHERE rowid IN "
        "(SELECT rowid FROM search_index WHERE kind = 'agenda_item' LIMIT 5)"
    )
    report = check_store(demo_store)
    assert any("search index: decision" in problem for problem in report.problems)
    assert any("search index: agenda_item" in problem for problem in report.problems)
    rebuild_search_index(demo_store)
    assert search_index_problems(demo_store) == []
    assert [hit.ref_id for hit in search(demo_store, "jeugdzorg")] == before
