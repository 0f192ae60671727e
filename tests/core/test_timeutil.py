"""Time in the core (regiodesk/timeutil.py): UTC text in the store, Amsterdam on screen."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from regiodesk import errors
from regiodesk.timeutil import (
    AMSTERDAM,
    from_text,
    local_moment,
    parse_date,
    parse_moment,
    to_text,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-11-28", date(2026, 11, 28)), (" 2024-02-29 ", date(2024, 2, 29))],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "   ", "2026-02-30", "2025-02-29", "2026-13-01", "28-11-2026", "morgen", "2026/11/28"],
)
def test_an_invalid_date_is_refused_naming_the_field(text: str) -> None:
    with pytest.raises(errors.InvalidDate) as caught:
        parse_date(text, field="deadline")
    assert isinstance(caught.value, errors.InvalidInput)
    assert caught.value.data == {"field": "deadline", "value": text}
    assert "deadline" in str(caught.value)
    assert "YYYY-MM-DD" in str(caught.value)


def test_a_missing_date_value_is_an_invalid_date() -> None:
    with pytest.raises(errors.InvalidDate):
        parse_date(None)  # type: ignore[arg-type]


def test_moments_are_stored_as_fixed_width_utc_text_whose_order_is_time_order() -> None:
    winter = datetime(2026, 12, 8, 10, 0, tzinfo=AMSTERDAM)
    summer = datetime(2026, 6, 8, 10, 0, tzinfo=AMSTERDAM)
    assert to_text(winter) == "2026-12-08T09:00:00.000000Z"
    assert to_text(summer) == "2026-06-08T08:00:00.000000Z"
    assert from_text(to_text(winter)) == winter
    moments = [winter - timedelta(microseconds=n * 997_123) for n in range(50)]
    texts = [to_text(m) for m in moments]
    assert len({len(t) for t in texts}) == 1
    assert sorted(texts) == [to_text(m) for m in sorted(moments)]


def test_a_moment_without_a_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        to_text(datetime(2026, 12, 8, 10, 0))


def test_parse_moment_reads_a_naive_time_as_amsterdam() -> None:
    assert parse_moment("2026-12-08T10:00") == datetime(2026, 12, 8, 10, 0, tzinfo=AMSTERDAM)
    assert parse_moment("2026-12-08T09:00:00Z") == datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    with pytest.raises(errors.InvalidInput):
        parse_moment("half tien", field="aanvang")


def test_local_moment_follows_daylight_saving_time() -> None:
    assert to_text(local_moment(date(2026, 3, 28), 10)) == "2026-03-28T09:00:00.000000Z"
    assert to_text(local_moment(date(2026, 3, 30), 10)) == "2026-03-30T08:00:00.000000Z"
