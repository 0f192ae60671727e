"""The public (Woo) version: JSON and CSV (regiodesk/decision_list/publication.py), and the
guarantee that no confidential item reaches any public output."""

from __future__ import annotations

import csv
import io
import json
import re

import pypdfium2 as pdfium
import pytest

from regiodesk.commands import agenda
from regiodesk.decision_list.content import DecisionListContent, load_content
from regiodesk.decision_list.pdf import render_pdf
from regiodesk.decision_list.publication import JSON_FORMAT, NotPublic, to_csv, to_json
from regiodesk.permissions import SYSTEM
from regiodesk.store import Store
from tests.core.decision_list.conftest import (
    CONFIDENTIAL_ACTION,
    CONFIDENTIAL_DECISION,
    CONFIDENTIAL_DOCUMENT,
    CONFIDENTIAL_REASON,
    CONFIDENTIAL_TITLE,
    Decided,
)


@pytest.fixture
def public(decided: Decided) -> DecisionListContent:
    return load_content(decided.world.store, decided.meeting_id, public=True)


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the byte order mark
    assert b"\r\n" in data
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline=""), delimiter=";"))


def test_the_json_holds_the_public_list(decided: Decided, public: DecisionListContent) -> None:
    data = json.loads(to_json(public, language="en"))
    assert data["format"] == JSON_FORMAT
    assert data["public"] is True
    assert data["withheld_items"] == 1
    assert data["meeting"]["reference"] == "2026-01"
    assert data["meeting"]["date"] == "2026-12-08"
    assert data["meeting"]["starts_at"] == "2026-12-08T10:00:00+01:00"
    assert [item["number"] for item in data["items"]] == [1, 3, 2, 4]
    fund = data["items"][1]
    assert fund["decision"]["outcome"] == "adopted_by_coalition"
    assert fund["decision"]["outcome_label"] == "adopted by a coalition of the willing"
    assert fund["participants"] == ["Almelo", "Enschede", "Hengelo"]
    shares = {s["municipality"]: s["share_per_year"] for s in fund["cost_sharing"]["shares"]}
    assert shares["Enschede"] == "126697.89"
    route = data["items"][2]
    assert route["decision"]["council_deadline"] == "2027-04-01"
    assert route["decision"]["to_councils"] is True
    assert [a["description"] for a in data["actions"]] == [
        "Fondsreglement opstellen",
        "Verslag delen met de colleges",
    ]


def test_the_json_is_stable(public: DecisionListContent) -> None:
    first = to_json(public)
    assert first == to_json(public)
    text = first.decode("utf-8")
    assert json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, indent=2) + "\n" == text
    dutch = json.loads(first)
    assert dutch["language"] == "nl"
    assert dutch["items"][1]["decision"]["outcome"] == "adopted_by_coalition"


def test_the_csv_has_one_row_per_decision(public: DecisionListContent) -> None:
    rows = read_csv(to_csv(public, language="en"))
    header, body = rows[0], rows[1:]
    assert header[:6] == ["PFO", "Meeting", "Date", "Item", "Title", "Outcome (code)"]
    assert len(body) == len(public.decisions) == 3
    by_item = {row[3]: dict(zip(header, row, strict=True)) for row in body}
    fund = by_item["3"]
    assert fund["Meeting"] == "2026-01"
    assert fund["Date"] == "2026-12-08"
    assert fund["Outcome (code)"] == "adopted_by_coalition"
    assert fund["Outcome"] == "adopted by a coalition of the willing"
    assert fund["Participating municipalities"] == "Almelo; Enschede; Hengelo"
    assert fund["To the councils"] == "no"
    route = by_item["2"]
    assert route["To the councils"] == "yes"
    assert route["Council deadline"] == "2027-04-01"


def test_a_text_that_looks_like_a_formula_stays_text(decided: Decided) -> None:
    world = decided.world
    agenda.update_agenda_item(world.store, SYSTEM, world.decision_item, title="=SOM(A1:A9)")
    public = load_content(world.store, decided.meeting_id, public=True)
    rows = read_csv(to_csv(public))
    assert "'=SOM(A1:A9)" in [row[4] for row in rows]


def test_the_exports_refuse_the_full_list(decided: Decided) -> None:
    full = load_content(decided.world.store, decided.meeting_id)
    with pytest.raises(NotPublic):
        to_json(full)
    with pytest.raises(NotPublic):
        to_csv(full)


def test_nothing_confidential_reaches_the_public_outputs(
    decided: Decided, public: DecisionListContent
) -> None:
    outputs = public_outputs(public)
    for secret in (
        CONFIDENTIAL_TITLE,
        CONFIDENTIAL_DECISION,
        CONFIDENTIAL_ACTION,
        CONFIDENTIAL_REASON,
        CONFIDENTIAL_DOCUMENT,
        decided.confidential_item,
    ):
        for name, text in outputs.items():
            assert squeeze(secret) not in text, (name, secret)


# Over the whole demo region ----------------------------------------------------------------------


def squeeze(text: str) -> str:
    """Text without white space, so that a title wrapped over two lines still matches."""
    return re.sub(r"\s+", "", text)


def public_outputs(content: DecisionListContent, *, pdf: bool = True) -> dict[str, str]:
    outputs = {
        "json": squeeze(to_json(content).decode("utf-8")),
        "csv": squeeze(to_csv(content).decode("utf-8-sig")),
    }
    if pdf:
        document = pdfium.PdfDocument(render_pdf(content, language="nl").pdf)
        try:
            outputs["pdf"] = squeeze(
                " ".join(page.get_textpage().get_text_range() for page in document)
            )
        finally:
            document.close()
    return outputs


def confidential_texts(store: Store, meeting_id: str) -> set[str]:
    """The texts that only the meeting's confidential items hold.  The demo reuses texts: a text
    that a public item of the meeting holds too, or the meeting's own (public) title, is no
    secret of the confidential item."""

    def texts(confidential: bool) -> set[str]:
        rows = store.query(
            "SELECT i.id, i.title, i.proposal, d.id AS decision_id, d.text, "
            "(SELECT group_concat(a.description, '|') FROM action a "
            " WHERE a.decision_id = d.id AND a.deleted = 0) AS actions, "
            "(SELECT group_concat(p.reason, '|') FROM position p "
            " WHERE p.agenda_item_id = i.id AND p.deleted = 0) AS reasons, "
            "(SELECT group_concat(c.title, '|') FROM document c "
            " WHERE c.agenda_item_id = i.id AND c.deleted = 0) AS documents "
            "FROM agenda_item i LEFT JOIN decision d ON d.agenda_item_id = i.id AND d.deleted = 0 "
            "WHERE i.meeting_id = ? AND i.deleted = 0 AND i.confidential = ?",
            (meeting_id, int(confidential)),
        )
        found: set[str] = set()
        for row in rows:
            found |= {row["id"], row["title"], row["proposal"]}
            found |= {row["decision_id"] or "", row["text"] or ""}
            for column in ("actions", "reasons", "documents"):
                found |= set((row[column] or "").split("|"))
        return {text for text in found if len(text.strip()) > 3}

    title = squeeze(str(store.scalar("SELECT title FROM meeting WHERE id = ?", (meeting_id,))))
    return {text for text in texts(True) - texts(False) if squeeze(text) not in title}


def test_no_public_output_of_any_demo_meeting_holds_a_confidential_text(
    demo_store: Store,
) -> None:
    meetings = [
        row[0]
        for row in demo_store.conn.execute(
            "SELECT DISTINCT m.id FROM meeting m JOIN agenda_item i ON i.meeting_id = m.id "
            "WHERE m.deleted = 0 AND i.deleted = 0 AND i.confidential = 1 "
            "AND m.status IN ('closed', 'adopted') ORDER BY m.starts_at"
        )
    ]
    assert len(meetings) >= 3
    checked = 0
    for number, meeting_id in enumerate(meetings):
        secrets = confidential_texts(demo_store, meeting_id)
        content = load_content(demo_store, meeting_id, public=True)
        assert content.withheld_items >= 1
        assert all(not item.confidential for item in content.items)
        # The PDF of a few meetings (rendering each would be slow); the data of every one.
        outputs = public_outputs(content, pdf=number < 3)
        for secret in secrets:
            for name, text in outputs.items():
                assert squeeze(secret) not in text, (meeting_id, name, secret)
        checked += len(secrets)
    assert checked > 0
