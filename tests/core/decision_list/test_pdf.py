"""The decision list as a PDF (regiodesk/decision_list/pdf.py): what it says, in which language,
how it is built (metadata, language, embedded fonts, pages) and where the signatures go."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date

import pypdfium2 as pdfium
import pytest

from regiodesk.commands import agenda, decisions
from regiodesk.commands.agenda import ItemSpec
from regiodesk.commands.positions import PositionSpec, record_roll_call
from regiodesk.decision_list.content import DecisionListContent, fingerprint, load_content
from regiodesk.decision_list.pdf import (
    SIGNATURE_HEIGHT,
    SIGNATURE_WIDTH,
    RenderedList,
    render_pdf,
)
from regiodesk.errors import InvalidInput
from regiodesk.i18n import current_language
from regiodesk.model.enums import DecisionOutcome, ItemKind, PositionKind
from regiodesk.permissions import SYSTEM
from tests.core.conftest import MEMBERS, World
from tests.core.decision_list.conftest import CONFIDENTIAL_TITLE, Decided


def page_texts(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def flat(text: str) -> str:
    """Text with every run of white space (line breaks, no-break spaces) made one space."""
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


@pytest.fixture
def content(decided: Decided) -> DecisionListContent:
    return load_content(decided.world.store, decided.meeting_id)


@pytest.fixture
def dutch(content: DecisionListContent) -> RenderedList:
    return render_pdf(content, language="nl")


def test_the_pdf_has_its_metadata_and_language(
    content: DecisionListContent, dutch: RenderedList
) -> None:
    document = pdfium.PdfDocument(dutch.pdf)
    try:
        metadata = document.get_metadata_dict()
    finally:
        document.close()
    assert metadata["Title"] == "Besluitenlijst PFO Mobiliteit 2026-01"
    assert metadata["Author"] == "Regio Twente – PFO Mobiliteit"
    assert "8 december 2026" in metadata["Subject"]
    assert metadata["Creator"] == "RegioDesk"
    assert b"/Lang (nl-NL)" in dutch.pdf
    english = render_pdf(content, language="en")
    assert b"/Lang (en-GB)" in english.pdf


def test_the_fonts_are_embedded(dutch: RenderedList) -> None:
    assert dutch.pdf.count(b"/FontFile2") >= 2  # the regular and bold Vera, as subsets
    assert b"/BaseFont /Helvetica" not in dutch.pdf
    assert b"/BaseFont /Times" not in dutch.pdf


def test_every_page_says_which_of_how_many_it_is(dutch: RenderedList) -> None:
    texts = page_texts(dutch.pdf)
    assert len(texts) == dutch.pages >= 2
    for number, text in enumerate(texts, start=1):
        assert f"pagina {number} van {len(texts)}" in text
        assert "versie 1" in text


def test_the_footer_shows_the_short_fingerprint(
    content: DecisionListContent, dutch: RenderedList
) -> None:
    full = fingerprint(content)
    assert dutch.fingerprint == full
    short = " ".join(full[i : i + 4] for i in range(0, 16, 4))
    assert all(short in text for text in page_texts(dutch.pdf))


def test_the_dutch_list_says_what_was_decided(dutch: RenderedList) -> None:
    text = flat(" ".join(page_texts(dutch.pdf)))
    for expected in (
        "Besluitenlijst PFO Mobiliteit",
        "dinsdag 8 december 2026",
        "10:00–12:00",
        "Stadhuis Enschede",
        "Wethouder Enschede",
        "Sanne Secretaris",
        "vertegenwoordigd door Hengelo",
        "Instemmen binnen de begroting",
        "Regionaal mobiliteitsfonds",
        "Wij hebben een eigen fonds.",
        "€ 126.697,89",  # Enschede's share, in Dutch notation
        "€ 250.000,00",
        "161.741",
        "1 april 2027",
        "Fondsreglement opstellen",
        "Voorzitter",
        "Secretaris",
        CONFIDENTIAL_TITLE,
    ):
        assert expected in text, expected
    # Items appear in the handled order: the fund (3) before the route (2).
    assert text.index("Regionaal mobiliteitsfonds") < text.index("Snelfietsroute F35")


def test_the_english_list(content: DecisionListContent) -> None:
    before = current_language()
    rendered = render_pdf(content, language="en")
    assert current_language() == before
    texts = page_texts(rendered.pdf)
    text = flat(" ".join(texts))
    for expected in (
        "Decision list PFO Mobiliteit",
        "Tuesday",
        "8 December 2026",
        "represented by Hengelo",
        "adopted by a coalition of the willing",
        "does not participate",
        "€126,697.89",
        "Action list",
        "Chair",
        "Secretary",
    ):
        assert expected in text, expected
    assert "Besluitenlijst" not in text
    assert f"page 1 of {len(texts)}" in texts[0]


def test_the_signature_boxes_are_on_the_last_page_and_empty(dutch: RenderedList) -> None:
    boxes = dutch.signature_boxes
    assert list(boxes) == ["chair", "secretary"]
    document = pdfium.PdfDocument(dutch.pdf)
    try:
        last = len(document) - 1
        width, height = document[last].get_size()
        textpage = document[last].get_textpage()
        for box in boxes.values():
            x1, y1, x2, y2 = box.box
            assert box.page == last
            assert x2 - x1 == pytest.approx(SIGNATURE_WIDTH)
            assert y2 - y1 == pytest.approx(SIGNATURE_HEIGHT)
            assert 0 < x1 < x2 < width
            assert 40 < y1 < y2 < height
            assert textpage.get_text_bounded(x1 + 1, y1 + 1, x2 - 1, y2 - 1).strip() == ""
    finally:
        document.close()
    chair, secretary = boxes["chair"].box, boxes["secretary"].box
    assert chair[2] < secretary[0]  # side by side, not overlapping


def test_a_logo_takes_the_place_of_the_region_name(content: DecisionListContent) -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 90), (31, 78, 121)).save(buffer, format="PNG")
    rendered = render_pdf(content, language="nl", logo=buffer.getvalue())
    assert b"/Subtype /Image" in rendered.pdf
    assert not page_texts(rendered.pdf)[0].startswith("Regio Twente")
    with pytest.raises(InvalidInput):
        render_pdf(content, language="nl", logo=b"not an image")


def test_an_unknown_language_is_refused(content: DecisionListContent) -> None:
    with pytest.raises(ValueError, match="language"):
        render_pdf(content, language="de")


# A long list ---------------------------------------------------------------------------------


def forty_items(world: World) -> Iterator[str]:
    """Add 36 decided items to the world's meeting (40 in all), each with every position."""
    store, m = world.store, world.m
    ids = agenda.add_agenda_items(
        store,
        SYSTEM,
        world.meeting_id,
        [
            ItemSpec(
                f"Regionaal onderwerp {n}: uitvoeringsprogramma",
                ItemKind.DECISION,
                proposal="Het PFO stemt in met het uitvoeringsprogramma en de verdeling. " * 3,
            )
            for n in range(1, 37)
        ],
    )
    kinds = list(PositionKind)
    record_roll_call(
        store,
        SYSTEM,
        world.meeting_id,
        {
            item_id: [
                PositionSpec(
                    m(name),
                    kinds[(n + index) % len(kinds)],
                    f"Toelichting van {name} bij onderwerp {n}.",
                )
                for index, name in enumerate(MEMBERS)
            ]
            for n, item_id in enumerate(ids)
        },
    )
    for item_id in ids:
        decisions.record_decision(
            store,
            SYSTEM,
            item_id,
            "Het PFO stemt in met het voorstel.",
            DecisionOutcome.ADOPTED_BY_COALITION,
            to_councils=True,
            council_deadline=date(2027, 3, 1),
        )
    yield from ids


def test_a_forty_item_list_renders_on_many_pages(world: World) -> None:
    ids = list(forty_items(world))
    content = load_content(world.store, world.meeting_id)
    assert len(content.items) == 40
    rendered = render_pdf(content, language="en")
    texts = page_texts(rendered.pdf)
    assert rendered.pages == len(texts) > 5
    assert all(f"of {len(texts)}" in text for text in texts)
    assert rendered.signature_boxes["chair"].page == len(texts) - 1
    text = flat(" ".join(texts))
    assert all(f"Regionaal onderwerp {n}:" in text for n in range(1, len(ids) + 1))
