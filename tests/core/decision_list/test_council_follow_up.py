"""Later decision lists say where the councils stand on the PFO's earlier routed decisions."""

from __future__ import annotations

import pypdfium2

from regiodesk.decision_list.content import load_content
from regiodesk.decision_list.pdf import render_pdf
from regiodesk.queries.follow_up import follow_up_for_meeting
from regiodesk.store import Store


def _meeting_with_follow_up(store: Store) -> str:
    for (meeting_id,) in store.conn.execute(
        "SELECT id FROM meeting WHERE status IN ('closed', 'adopted') ORDER BY starts_at DESC"
    ):
        if follow_up_for_meeting(store, meeting_id):
            return str(meeting_id)
    raise AssertionError("the demo region has no meeting with council follow-up")


def test_the_list_carries_each_councils_status_on_earlier_decisions(demo_store: Store) -> None:
    meeting_id = _meeting_with_follow_up(demo_store)
    expected = follow_up_for_meeting(demo_store, meeting_id)
    content = load_content(demo_store, meeting_id)
    assert [e.item_title for e in content.council_follow_up] == [e.item_title for e in expected]
    first = content.council_follow_up[0]
    assert [c.municipality for c in first.councils] == [
        c.municipality for c in expected[0].councils
    ]
    assert first.handled == expected[0].handled
    rendered = render_pdf(content, language="en")
    text = "".join(
        page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(rendered.pdf)
    )
    assert "Decided at home: the councils" in text
    assert f"{first.handled} of {len(first.councils)} handled" in text


def test_the_public_list_leaves_out_decisions_on_confidential_items(demo_store: Store) -> None:
    meeting_id = _meeting_with_follow_up(demo_store)
    confidential_decisions = {
        row[0]
        for row in demo_store.conn.execute(
            "SELECT d.id FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id "
            "WHERE i.confidential = 1"
        )
    }
    expected = [
        entry.text
        for entry in follow_up_for_meeting(demo_store, meeting_id)
        if entry.decision_id not in confidential_decisions
    ]
    public = load_content(demo_store, meeting_id, public=True)
    assert [entry.decision_text for entry in public.council_follow_up] == expected
