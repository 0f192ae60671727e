"""Identifiers (regiodesk/ids.py): UUIDv7 for entities, UUIDv5 for natural keys."""

from __future__ import annotations

import re
import time
import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from regiodesk import ids
from regiodesk.ids import stable_id, uuid7, uuid7_many, uuid7_time_ms

#: The namespace of stable ids, as regiodesk/ids.py declares it.
NAMESPACE = uuid.UUID("6f0c3c58-5b1e-4f0e-9a44-8a5d2a0d7e11")
CANONICAL = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def assert_v7(value: str, around_ms: int | None = None) -> None:
    assert CANONICAL.match(value), value
    parsed = uuid.UUID(value)
    assert str(parsed) == value
    assert parsed.version == 7
    assert parsed.variant == uuid.RFC_4122  # the RFC 9562 variant bits: 10xx
    if around_ms is not None:
        # The first 48 bits are the Unix time in milliseconds (a borrowed millisecond or two at
        # most ahead of the wall clock).
        assert around_ms - 1_000 <= uuid7_time_ms(value) <= around_ms + 5_000


def test_uuid7_is_a_valid_version_7_uuid_carrying_the_time() -> None:
    now = time.time_ns() // 1_000_000
    for _ in range(50):
        assert_v7(uuid7(), now)


def test_uuid7_many_are_valid_version_7_uuids_carrying_the_time() -> None:
    now = time.time_ns() // 1_000_000
    made = uuid7_many(300)
    assert len(made) == 300
    for value in made:
        assert_v7(value, now)


def test_uuid7_many_of_nothing_is_empty() -> None:
    assert uuid7_many(0) == []


def test_uuid7_strictly_increasing_in_a_long_burst() -> None:
    # 10,000 in a row: many share a millisecond, so the 12-bit counter overflows and borrows.
    made = [uuid7() for _ in range(10_000)]
    assert made == sorted(made)
    assert len(set(made)) == len(made)
    as_ints = [uuid.UUID(v).int for v in made]
    assert as_ints == sorted(set(as_ints))


def test_uuid7_many_strictly_increasing_across_millisecond_borrowing() -> None:
    made = uuid7_many(10_000)  # more than the 4,096 counter values of one millisecond
    assert made == sorted(set(made))
    for value in made[::500]:
        assert_v7(value)


@settings(max_examples=60, deadline=None, database=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 1500)), min_size=1, max_size=8))
def test_ids_from_both_functions_are_strictly_increasing_in_any_order(
    plan: list[int | None],
) -> None:
    """Interleaving uuid7() (None) and uuid7_many(n) never yields a repeat or a step back."""
    made: list[str] = [uuid7()]
    for step in plan:
        made += [uuid7()] if step is None else uuid7_many(step)
    assert made == sorted(made)
    assert len(set(made)) == len(made)


def test_ids_keep_increasing_when_the_wall_clock_steps_back(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    before = uuid7()
    real = time.time_ns
    monkeypatch.setattr(ids.time, "time_ns", lambda: real() - 3_600 * 10**9)  # an hour back
    after = [uuid7(), *uuid7_many(5), uuid7()]
    monkeypatch.undo()
    assert [before, *after] == sorted({before, *after})


@settings(database=None)
@given(st.text(max_size=30), st.lists(st.text(max_size=30), max_size=4))
def test_stable_id_is_uuid5_of_the_natural_key(kind: str, parts: list[str]) -> None:
    expected = uuid.uuid5(NAMESPACE, kind + ":" + "/".join(parts))
    assert stable_id(kind, *parts) == str(expected)


def test_stable_id_examples() -> None:
    value = stable_id("position", "item-1", "GM0153")
    assert value == str(uuid.uuid5(NAMESPACE, "position:item-1/GM0153"))
    parsed = uuid.UUID(value)
    assert parsed.version == 5
    assert parsed.variant == uuid.RFC_4122
    assert stable_id("position", "item-1", "GM0153") == value  # stable
    assert stable_id("position", "item-1", "GM0141") != value
    assert stable_id("attendance", "item-1", "GM0153") != value
