"""What a store holds, in numbers (regiodesk/queries/summary.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from regiodesk.commands import agenda
from regiodesk.queries.summary import summarize
from regiodesk.store import Store
from regiodesk.store.schema import SCHEMA_REVISION

if TYPE_CHECKING:
    from tests.core.conftest import World


def test_an_empty_store(blank_store: Store) -> None:
    summary = summarize(blank_store)
    assert summary.region is None
    assert set(summary.counts.values()) == {0}
    assert (summary.change_log_entries, summary.devices) == (0, 1)
    assert summary.first_meeting is None
    assert summary.schema == SCHEMA_REVISION
    assert summary.size_bytes > 0


def test_counts_leave_out_deleted_rows(world: World) -> None:
    agenda.remove_agenda_item(world.store, world.secretary, world.discussion_item)
    summary = summarize(world.store)
    assert summary.region == "Regio Twente"
    assert summary.counts["municipality"] == 14
    assert summary.counts["pfo"] == 8
    assert summary.counts["meeting"] == 1
    assert summary.counts["agenda_item"] == 3
    assert summary.change_log_entries == world.store.scalar("SELECT count(*) FROM change_log")
    assert summary.first_meeting == summary.last_meeting == "2026-12-08"
    assert summary.device_id == world.store.device_id
