from __future__ import annotations

from datetime import UTC, date, datetime

from regiodesk.references import meeting_reference


def test_a_meeting_is_cited_by_its_amsterdam_year_and_number() -> None:
    # 23:30 UTC on New Year's Eve is already the new year in Amsterdam.
    new_year = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    assert meeting_reference(new_year, 1) == "2027-01"
    assert meeting_reference("2026-03-10T09:00:00.000000Z", "3") == "2026-03"
    assert meeting_reference(date(2026, 5, 1), 12) == "2026-12"
