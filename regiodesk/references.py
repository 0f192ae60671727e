"""How people cite a meeting: its (Amsterdam) year and its number in that year, "2026-03"."""

from __future__ import annotations

from datetime import date, datetime

from regiodesk.timeutil import from_text, local_date


def meeting_reference(starts: datetime | date | str, number: int | str) -> str:
    """``starts``: the meeting's start (a moment, its stored text, or its local day)."""
    if isinstance(starts, str):
        starts = from_text(starts)
    day = local_date(starts) if isinstance(starts, datetime) else starts
    return f"{day.year}-{int(number):02d}"
