"""The demo region generator (regiodesk/demo/generator.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from regiodesk.demo import generate_demo
from regiodesk.demo.generator import POSITION_WEIGHTS
from regiodesk.store import Store

#: The demo's "today" and seed of the session's demo store (DEMO_ANCHOR and seed 7 in
#: tests/conftest.py).  Were they to drift apart, the determinism test below would fail.
ANCHOR = date(2026, 11, 28)
SEED = 7

MEETING_KEY = "p.short_name || ' ' || m.starts_at"
ITEM_JOIN = (
    "JOIN agenda_item i ON i.id = {table}.agenda_item_id "
    "JOIN meeting m ON m.id = i.meeting_id JOIN pfo p ON p.id = m.pfo_id"
)
IN_ORDER = "ORDER BY m.starts_at, p.short_name, i.ordinal"


def fingerprint(store: Store) -> dict[str, Any]:
    """The demo's content without its ids (ids are fresh UUIDv7s on every run)."""

    def rows(sql: str) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in store.query(sql)]

    return {
        "people": sorted(rows("SELECT name FROM person")),
        "meetings": rows(
            f"SELECT {MEETING_KEY}, m.number, m.location, m.status FROM meeting m "
            "JOIN pfo p ON p.id = m.pfo_id ORDER BY m.starts_at, p.short_name"
        ),
        "items": rows(
            f"SELECT {MEETING_KEY}, i.ordinal, i.title, i.kind, i.proposal, i.planned_minutes, "
            "i.confidential FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id "
            f"JOIN pfo p ON p.id = m.pfo_id {IN_ORDER}"
        ),
        "positions": rows(
            f"SELECT {MEETING_KEY}, i.ordinal, mu.cbs_code, x.kind, x.reason FROM position x "
            f"{ITEM_JOIN.format(table='x')} JOIN municipality mu ON mu.id = x.municipality_id "
            f"{IN_ORDER}, mu.cbs_code"
        ),
        "decisions": rows(
            f"SELECT {MEETING_KEY}, i.ordinal, x.outcome, x.text, x.to_councils FROM decision x "
            f"{ITEM_JOIN.format(table='x')} {IN_ORDER}"
        ),
        "attendance": rows(
            f"SELECT {MEETING_KEY}, mu.cbs_code, a.status FROM attendance a "
            "JOIN meeting m ON m.id = a.meeting_id JOIN pfo p ON p.id = m.pfo_id "
            "JOIN municipality mu ON mu.id = a.municipality_id "
            "ORDER BY m.starts_at, p.short_name, mu.cbs_code"
        ),
        "follow_ups": sorted(
            rows(
                "SELECT mu.cbs_code, f.status, f.amendment FROM council_follow_up f "
                "JOIN municipality mu ON mu.id = f.municipality_id"
            )
        ),
        "actions": sorted(rows("SELECT description, deadline, status FROM action")),
        "documents": sorted(rows("SELECT sha256 FROM document_version")),
        "notes": sorted(rows("SELECT text FROM private_note")),
    }


@pytest.fixture(scope="module")
def demo_fingerprint(demo_template: Any) -> dict[str, Any]:
    with Store.open(demo_template) as store:
        return fingerprint(store)


def test_the_same_seed_and_anchor_give_the_same_region(
    blank_store: Store, demo_fingerprint: dict[str, Any]
) -> None:
    summary = generate_demo(blank_store, years=1, seed=SEED, anchor=ANCHOR)
    again = fingerprint(blank_store)
    assert summary.meetings == len(again["meetings"])
    for part, content in demo_fingerprint.items():
        assert content, f"the demo has no {part}"
        assert again[part] == content, part


def test_the_change_log_alone_rebuilds_the_demo(
    demo_store: Store, assert_log_explains: Callable[[Store], None]
) -> None:
    assert_log_explains(demo_store)


def test_years_out_of_range_are_refused(blank_store: Store) -> None:
    for years in (0, 31):
        with pytest.raises(ValueError, match="years"):
            generate_demo(blank_store, years=years, anchor=ANCHOR)
    assert blank_store.scalar("SELECT count(*) FROM change_log") == 0


# Proportions --------------------------------------------------------------------------------------


def scalar_rows(store: Store, sql: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in store.conn.execute(sql)]


def test_meetings_follow_the_calendar_around_the_anchor(demo_store: Store) -> None:
    rows = scalar_rows(demo_store, "SELECT substr(starts_at, 1, 10), status FROM meeting")
    assert 100 <= len(rows) <= 160  # 8 PFOs, every four weeks, for 15 months
    for day_text, status in rows:
        day = date.fromisoformat(day_text)
        if day < ANCHOR - timedelta(days=41):
            assert status == "adopted", day
        elif ANCHOR <= day <= ANCHOR + timedelta(days=29):
            assert status == "published", day
        elif day > ANCHOR + timedelta(days=31):
            assert status == "draft", day
    assert {s for _d, s in rows} == {"adopted", "closed", "published", "draft"}
    assert demo_store.scalar("SELECT count(*) FROM municipality") == 14
    assert demo_store.scalar("SELECT count(*) FROM pfo") == 8


def test_every_held_meeting_has_fourteen_attendance_rows(demo_store: Store) -> None:
    counts = scalar_rows(
        demo_store,
        "SELECT m.status, count(a.id) FROM meeting m LEFT JOIN attendance a ON a.meeting_id = m.id "
        "GROUP BY m.id",
    )
    assert len(counts) == demo_store.scalar("SELECT count(*) FROM meeting")
    for status, attended in counts:
        assert attended == (14 if status in ("closed", "adopted") else 0), status
    statuses = Counter(r[0] for r in scalar_rows(demo_store, "SELECT status FROM attendance"))
    assert statuses["present"] / sum(statuses.values()) > 0.7
    represented = scalar_rows(
        demo_store,
        "SELECT municipality_id, represented_by_id FROM attendance WHERE status = 'represented'",
    )
    assert represented
    assert all(by is not None and by != who for who, by in represented)


def test_positions_only_on_items_that_take_them(demo_store: Store) -> None:
    assert (
        demo_store.scalar(
            "SELECT count(*) FROM position p JOIN agenda_item i ON i.id = p.agenda_item_id "
            "WHERE i.kind = 'information'"
        )
        == 0
    )
    held = scalar_rows(
        demo_store,
        "SELECT count(p.id) FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id "
        "LEFT JOIN position p ON p.agenda_item_id = i.id "
        "WHERE m.status IN ('closed', 'adopted') AND i.kind != 'information' GROUP BY i.id",
    )
    assert held
    assert {n for (n,) in held} == {14}  # a full roll call on every item of a held meeting
    by_status = dict(
        scalar_rows(
            demo_store,
            "SELECT m.status, count(p.id) FROM meeting m JOIN agenda_item i ON i.meeting_id = m.id "
            "LEFT JOIN position p ON p.agenda_item_id = i.id GROUP BY m.status",
        )
    )
    assert by_status["draft"] == 0
    assert by_status["published"] > 0  # some prepared before the meeting


def test_position_kinds_and_reasons(demo_store: Store) -> None:
    kinds = Counter(r[0] for r in scalar_rows(demo_store, "SELECT kind FROM position"))
    total = sum(kinds.values())
    weights = sum(POSITION_WEIGHTS.values())
    for kind, weight in POSITION_WEIGHTS.items():
        assert abs(kinds[kind.value] / total - weight / weights) < 0.03, kind
    assert (
        demo_store.scalar(
            "SELECT count(*) FROM position WHERE kind IN ('disagree', 'not_participating') "
            "AND trim(reason) = ''"
        )
        == 0
    )


def test_decisions_follow_the_positions(demo_store: Store) -> None:
    assert (
        demo_store.scalar(
            "SELECT count(*) FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id "
            "LEFT JOIN decision d ON d.agenda_item_id = i.id "
            "WHERE m.status IN ('closed', 'adopted') AND i.kind != 'information' AND d.id IS NULL"
        )
        == 0
    )
    mismatched = demo_store.scalar(
        "SELECT count(*) FROM decision d WHERE d.outcome = 'adopted_by_coalition' AND "
        "(SELECT group_concat(municipality_id) FROM (SELECT municipality_id FROM "
        "decision_participant WHERE decision_id = d.id AND deleted = 0 ORDER BY 1)) IS NOT "
        "(SELECT group_concat(municipality_id) FROM (SELECT municipality_id FROM position WHERE "
        "agenda_item_id = d.agenda_item_id AND kind IN ('agree', 'agree_subject_to_council') "
        "AND deleted = 0 ORDER BY 1))"
    )
    assert mismatched == 0
    outsiders = demo_store.scalar(
        "SELECT count(*) FROM council_follow_up f WHERE NOT EXISTS (SELECT 1 FROM "
        "decision_participant dp WHERE dp.decision_id = f.decision_id "
        "AND dp.municipality_id = f.municipality_id AND dp.deleted = 0)"
    )
    assert outsiders == 0
    outcomes = Counter(r[0] for r in scalar_rows(demo_store, "SELECT outcome FROM decision"))
    assert outcomes.keys() >= {"adopted_by_all", "adopted_by_coalition", "noted"}


def test_documents_private_notes_and_the_persona(demo_store: Store) -> None:
    persona = demo_store.meta("demo_persona")
    assert persona
    notes = scalar_rows(demo_store, "SELECT person_id FROM private_note")
    assert notes == [(persona,)] * 3
    earliest = demo_store.scalar(
        "SELECT min(m.starts_at) FROM document d JOIN meeting m ON m.id = d.meeting_id"
    )
    assert date.fromisoformat(earliest[:10]) >= ANCHOR - timedelta(days=184)
    used = {r[0] for r in scalar_rows(demo_store, "SELECT sha256 FROM document_version")}
    assert used <= set(demo_store.blobs.all())
    sample = demo_store.blobs.path_of(sorted(used)[0]).read_bytes()
    assert sample.startswith(b"%PDF-1.4")
