"""Time in the core: stored as UTC, shown in Europe/Amsterdam.

The store keeps moments as ISO 8601 text in UTC with a fixed width
(``2026-11-28T10:09:49.123456Z``) so that text order is time order, and dates as ``YYYY-MM-DD``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from regiodesk.errors import InvalidDate, InvalidInput

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("a moment must carry its time zone")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_text(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def local_moment(day: date, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Amsterdam on a day, as an aware datetime."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM)


def local_date(moment: datetime) -> date:
    """The day in Amsterdam on which a moment falls."""
    return moment.astimezone(AMSTERDAM).date()


def day_start_text(day: date) -> str:
    """Midnight in Amsterdam at the start of ``day``, as stored text (for period filters)."""
    return to_text(datetime(day.year, day.month, day.day, tzinfo=AMSTERDAM))


def parse_date(value: str, field: str = "date") -> date:
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise InvalidDate(field=field, value=value) from None


def parse_moment(value: str, field: str = "time") -> datetime:
    """Parse an ISO moment; a naive one is read as Amsterdam time."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        raise InvalidInput(field=field, reason=f"{value!r} is not a valid time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=AMSTERDAM)
    return moment
