"""The hybrid logical clock (regiodesk/clock.py)."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regiodesk.clock import (
    COUNTER_SPAN,
    MAX_COUNTER,
    MAX_FORWARD_DRIFT_MS,
    Hlc,
    HybridClock,
)

T0 = 1_764_324_589_123  # a wall-clock millisecond in 2025


class FakeWall:
    """A wall clock that stands still unless a test moves it (forwards or backwards)."""

    def __init__(self, ms: int = T0) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def clock_at(ms: int = T0, last: Hlc | None = None) -> tuple[HybridClock, FakeWall]:
    wall = FakeWall(ms)
    return HybridClock("dev-a", last, now=wall), wall


# Encoding -----------------------------------------------------------------------------------------


def test_pack_unpack_and_text_round_trip() -> None:
    clock = Hlc(T0, 42, "dev-a")
    assert clock.pack() == T0 * COUNTER_SPAN + 42
    assert Hlc.unpack(clock.pack(), "dev-a") == clock
    assert clock.encode() == f"{T0:018d}-00042-dev-a"
    assert Hlc.decode(clock.encode()) == clock


def test_device_ids_with_dashes_survive_text_round_trip() -> None:
    clock = Hlc(T0, 7, "01a221b4-af19-70d3-ad44-66c18f6b982b")
    assert Hlc.decode(clock.encode()) == clock


@settings(database=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 10**15), st.integers(0, MAX_COUNTER), st.sampled_from("abc")),
        min_size=2,
        max_size=20,
    )
)
def test_text_order_and_packed_order_are_the_clock_order(
    values: list[tuple[int, int, str]],
) -> None:
    clocks = [Hlc(*value) for value in values]
    assert sorted(clocks) == sorted(clocks, key=lambda c: c.encode())
    by_packed = sorted(clocks, key=lambda c: (c.pack(), c.device))
    assert by_packed == sorted(clocks)


# Ticking ------------------------------------------------------------------------------------------


def test_tick_follows_the_wall_clock() -> None:
    clock, wall = clock_at()
    assert clock.tick() == Hlc(T0, 0, "dev-a")
    wall.ms += 5
    assert clock.tick() == Hlc(T0 + 5, 0, "dev-a")


def test_ticks_in_the_same_millisecond_count_up() -> None:
    clock, _wall = clock_at()
    values = [clock.tick() for _ in range(5)]
    assert [(v.ms, v.counter) for v in values] == [(T0, n) for n in range(5)]


def test_wall_clock_going_backwards_never_makes_the_clock_go_backwards() -> None:
    clock, wall = clock_at()
    first = clock.tick()
    wall.ms -= 60_000  # the system clock was set back a minute
    second = clock.tick()
    assert second > first
    assert second == Hlc(T0, 1, "dev-a")


def test_a_clock_resumed_from_its_last_value_continues_after_it() -> None:
    last = Hlc(T0 + 1_000, 17, "dev-a")
    clock, _wall = clock_at(T0, last)  # the wall clock is behind what was stored
    assert clock.tick() == Hlc(T0 + 1_000, 18, "dev-a")


def test_counter_overflow_borrows_the_next_millisecond() -> None:
    clock, _wall = clock_at(T0, Hlc(T0, MAX_COUNTER - 1, "dev-a"))
    assert clock.tick() == Hlc(T0, MAX_COUNTER, "dev-a")
    assert clock.tick() == Hlc(T0 + 1, 0, "dev-a")
    assert clock.tick() == Hlc(T0 + 1, 1, "dev-a")


def test_counter_never_exceeds_its_five_digits_in_a_long_burst() -> None:
    clock, _wall = clock_at()
    values = [clock.tick() for _ in range(2 * COUNTER_SPAN + 10)]
    assert all(0 <= v.counter <= MAX_COUNTER for v in values)
    assert values[-1] == Hlc(T0 + 2, 9, "dev-a")
    assert all(a < b for a, b in pairwise(values))


@pytest.mark.parametrize("count", [0, 1, 7, COUNTER_SPAN, 2 * COUNTER_SPAN + 3])
def test_ticks_are_consecutive_and_ordered(count: int) -> None:
    clock, _wall = clock_at()
    values = clock.ticks(count)
    assert len(values) == count
    assert values == list(range(T0 * COUNTER_SPAN, T0 * COUNTER_SPAN + count))
    assert all(0 <= Hlc.unpack(v, "d").counter <= MAX_COUNTER for v in values)
    # The clock continues after the bulk.
    after = clock.tick().pack()
    assert after > (values[-1] if values else 0)


def test_ticks_across_the_counter_limit_borrow_the_next_millisecond() -> None:
    clock, _wall = clock_at(T0, Hlc(T0, MAX_COUNTER - 3, "dev-a"))
    values = clock.ticks(10)
    unpacked = [Hlc.unpack(v, "dev-a") for v in values]
    assert [(c.ms, c.counter) for c in unpacked] == [
        (T0, MAX_COUNTER - 2),
        (T0, MAX_COUNTER - 1),
        (T0, MAX_COUNTER),
        *[(T0 + 1, n) for n in range(7)],
    ]
    assert values == list(range(values[0], values[0] + 10))
    assert clock.tick() == Hlc(T0 + 1, 7, "dev-a")


def test_ticks_then_tick_interleave_without_repeats() -> None:
    clock, wall = clock_at()
    seen = [clock.tick().pack()]
    seen += clock.ticks(5)
    seen.append(clock.tick().pack())
    wall.ms += 1
    seen += clock.ticks(3)
    assert seen == sorted(set(seen))


# Observing remote clocks --------------------------------------------------------------------------


def test_observe_moves_the_clock_past_a_remote_clock_in_the_near_future() -> None:
    clock, _wall = clock_at()
    clock.tick()
    remote = Hlc(T0 + 1_000, 5, "dev-b")
    assert clock.observe(remote) is True
    after = clock.tick()
    assert (after.ms, after.counter) > (remote.ms, remote.counter)
    assert after == Hlc(T0 + 1_000, 6, "dev-a")


def test_observe_accepts_a_clock_exactly_at_the_drift_limit() -> None:
    clock, _wall = clock_at()
    remote = Hlc(T0 + MAX_FORWARD_DRIFT_MS, 0, "dev-b")
    assert clock.observe(remote) is True
    assert clock.tick() == Hlc(T0 + MAX_FORWARD_DRIFT_MS, 1, "dev-a")


def test_observe_ignores_a_clock_far_in_the_future() -> None:
    clock, _wall = clock_at()
    before = clock.tick()
    one_day_ahead = Hlc(T0 + 24 * 3600 * 1000, 0, "dev-b")
    just_too_far = Hlc(T0 + MAX_FORWARD_DRIFT_MS + 1, 0, "dev-b")
    assert clock.observe(one_day_ahead) is False
    assert clock.observe(just_too_far) is False
    after = clock.tick()
    assert after == Hlc(T0, before.counter + 1, "dev-a")  # not dragged along


def test_observe_of_an_older_clock_changes_nothing() -> None:
    clock, _wall = clock_at()
    clock.tick()
    clock.tick()
    assert clock.observe(Hlc(T0 - 10, 99, "dev-b")) is True
    assert clock.tick() == Hlc(T0, 2, "dev-a")


def test_observe_of_a_remote_clock_at_the_counter_limit_then_tick_borrows() -> None:
    clock, _wall = clock_at()
    assert clock.observe(Hlc(T0, MAX_COUNTER, "dev-b")) is True
    assert clock.tick() == Hlc(T0 + 1, 0, "dev-a")


# Property: any interleaving stays strictly increasing ---------------------------------------------

steps = st.lists(
    st.one_of(
        st.tuples(st.just("tick"), st.just(0)),
        st.tuples(st.just("ticks"), st.integers(0, 250)),
        st.tuples(st.just("wall"), st.integers(-10_000, 10_000)),
        # A remote clock relative to the wall clock: some near (accepted), some too far ahead.
        st.tuples(st.just("observe"), st.integers(-20_000, 2 * MAX_FORWARD_DRIFT_MS)),
        st.tuples(st.just("observe_max"), st.integers(-5, 5)),
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None, database=None)
@given(steps, st.integers(0, MAX_COUNTER))
def test_any_interleaving_of_tick_and_observe_stays_strictly_increasing(
    plan: list[tuple[str, int]], start_counter: int
) -> None:
    wall = FakeWall(T0)
    clock = HybridClock("dev-a", Hlc(T0, start_counter, "dev-a"), now=wall)
    produced: list[int] = []
    floor = Hlc(T0, start_counter, "dev-a").pack()  # every new value must exceed this
    for action, amount in plan:
        if action == "tick":
            value = clock.tick().pack()
            assert value > floor
            produced.append(value)
            floor = value
        elif action == "ticks":
            values = clock.ticks(amount)
            assert len(values) == amount
            if values:
                assert values == list(range(values[0], values[0] + amount))
                assert values[0] > floor
                produced += values
                floor = values[-1]
        elif action == "wall":
            wall.ms = max(0, wall.ms + amount)
        else:
            counter = MAX_COUNTER if action == "observe_max" else 3
            remote = Hlc(max(0, wall.ms + amount), counter, "dev-b")
            accepted = clock.observe(remote)
            assert accepted == (remote.ms <= wall.ms + MAX_FORWARD_DRIFT_MS)
            if accepted:
                floor = max(floor, remote.pack())
    assert produced == sorted(set(produced))
    assert all(0 <= Hlc.unpack(v, "dev-a").counter <= MAX_COUNTER for v in produced)
