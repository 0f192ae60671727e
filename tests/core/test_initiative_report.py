"""One municipality's initiatives as a PDF (regiodesk/initiative_report.py)."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pytest

from regiodesk.commands.initiatives import create_initiative, set_participants
from regiodesk.errors import InvalidInput, NotFound
from regiodesk.i18n import set_language
from regiodesk.initiative_report import (
    find_municipality,
    municipality_report,
    render_pdf,
    report_for,
    write_report,
)
from regiodesk.model.enums import CostKey
from regiodesk.queries.initiatives import matrix

if TYPE_CHECKING:
    from tests.core.conftest import World

D = Decimal
CBS_2024 = date(2024, 1, 1)
MADE_ON = date(2026, 11, 28)


@pytest.fixture
def dutch() -> Iterator[None]:
    set_language("nl")
    yield
    set_language("en")


def new(
    world: World,
    title: str,
    budget: str,
    names: tuple[str, ...],
    key: CostKey = CostKey.PER_INHABITANT,
    reasons: dict[str, str] | None = None,
    years: tuple[int, int] = (2027, 2030),
) -> str:
    made = create_initiative(
        world.store,
        world.secretary,
        title,
        pfo_id=world.pfo_id,
        budget_per_year=D(budget),
        cost_key=key,
        reference_date=CBS_2024,
        start_year=years[0],
        end_year=years[1],
    )
    set_participants(
        world.store,
        world.secretary,
        made,
        [world.m(name) for name in names],
        reasons={world.m(name): why for name, why in (reasons or {}).items()},
    )
    return made


def region_of(world: World) -> str:
    return str(world.store.scalar("SELECT id FROM region"))


def pages_text(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


@pytest.fixture
def two(world: World) -> World:
    """Borne and Losser share a route per inhabitant (Oldenzaal declined); Enschede, Almelo and
    Borne share a fund equally."""
    # EUR 1,000 among Borne (24,632) and Losser (23,380): 513.04 and 486.96 (by hand).
    new(world, "Snelfietsroute", "1000.00", ("Borne", "Losser"), reasons={"Oldenzaal": "Te duur."})
    # EUR 100 among three: 33.34 (the largest, Enschede) + 33.33 + 33.33.
    new(world, "Fonds", "100.00", ("Enschede", "Almelo", "Borne"), key=CostKey.EQUAL)
    return world


def test_find_a_municipality_by_name_code_or_id(world: World) -> None:
    enschede = world.m("Enschede")
    for text in ("Enschede", " enschede ", "GM0153", "gm0153", "0153", enschede):
        assert find_municipality(world.store, text).id == enschede
    with pytest.raises(NotFound):
        find_municipality(world.store, "Atlantis")


def test_what_the_report_holds(two: World) -> None:
    table = matrix(two.store, region_of(two))
    borne = municipality_report(table, two.m("Borne"), "Twente")
    assert [(row.initiative.title, row.share) for row in borne.taking_part] == [
        ("Fonds", D("33.33")),
        ("Snelfietsroute", D("513.04")),
    ]
    assert borne.total == D("546.37") == table.per_municipality[two.m("Borne")]
    assert borne.budgets == D("1100.00")
    assert [row.percent for row in borne.taking_part] == [D("33.3"), D("51.3")]
    assert [row.basis for row in borne.taking_part] == [
        "1 of 3",
        "24,632 inhabitants (1 Jan 2024)",
    ]
    assert borne.not_taking_part == []

    oldenzaal = municipality_report(table, two.m("Oldenzaal"))
    assert oldenzaal.taking_part == []
    assert oldenzaal.total == D("0.00")
    assert [(r.initiative.title, r.reason, r.recorded) for r in oldenzaal.not_taking_part] == [
        ("Fonds", "", False),
        ("Snelfietsroute", "Te duur.", True),
    ]
    with pytest.raises(NotFound):
        municipality_report(table, "nope")


def test_the_pdf(two: World) -> None:
    data = render_pdf(report_for(two.store, "Oldenzaal"), MADE_ON)
    assert data.startswith(b"%PDF-")
    assert b"/FontFile2" in data  # TrueType fonts, embedded
    assert b"Vera" in data
    assert b"/Helvetica" not in data  # every text in the embedded fonts
    (text,) = pages_text(data)
    for expected in (
        "Regional initiatives: Oldenzaal",
        "Oldenzaal (GM0173)",
        "Initiatives Oldenzaal does not take part in",
        "Te duur.",
        "not recorded on the initiative",
        "Made by RegioDesk on 28 November 2026",
        "page 1 of 1",
    ):
        assert expected in text, expected

    document = pdfium.PdfDocument(render_pdf(report_for(two.store, "GM0147"), MADE_ON))
    assert document.get_metadata_dict()["Title"] == "Regional initiatives: Borne"
    document.close()
    (text,) = pages_text(render_pdf(report_for(two.store, "Borne"), MADE_ON))
    for expected in ("€513.04", "€33.33", "€546.37", "51.3%", "€1,100.00", "1 of 3"):
        assert expected in text, expected
    assert "None: it takes part in every initiative." in text


def test_in_dutch(two: World, dutch: None) -> None:
    (text,) = pages_text(render_pdf(report_for(two.store, "Borne"), MADE_ON))
    for expected in ("€ 513,04", "€ 546,37", "51,3%", "€ 1.100,00"):
        assert expected in text, expected


def test_many_initiatives_break_across_pages_with_their_header(world: World) -> None:
    for number in range(40):
        new(world, f"Initiatief {number:02d} met een wat langere naam", "1000.00", ("Borne",))
    data = render_pdf(report_for(world.store, "Borne"), MADE_ON)
    pages = pages_text(data)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"page {number} of {len(pages)}" in text
        assert "Share per year" in text  # the table's header on every page
    assert "Initiatief 39" in pages[-1]


def test_a_year_limits_the_initiatives(two: World) -> None:
    new(two, "Oud", "10.00", ("Borne",), years=(2020, 2021))
    assert [r.initiative.title for r in report_for(two.store, "Borne", 2021).taking_part] == ["Oud"]
    assert len(report_for(two.store, "Borne").taking_part) == 3


def test_write_report(two: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = write_report(report_for(two.store, "Borne"), folder / "borne.pdf", MADE_ON)
    assert target.read_bytes().startswith(b"%PDF-")
    with pytest.raises(InvalidInput, match="the folder does not exist"):
        write_report(report_for(two.store, "Borne"), folder / "nergens" / "x.pdf", MADE_ON)
    with pytest.raises(InvalidInput, match="this is a folder"):
        write_report(report_for(two.store, "Borne"), folder, MADE_ON)
    old = target.read_bytes()

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(InvalidInput, match="the disk is full"):
        write_report(report_for(two.store, "Oldenzaal"), target, MADE_ON)
    assert target.read_bytes() == old  # the old file, whole
    assert list(folder.iterdir()) == [target]  # and no half-written one


def test_a_store_without_a_region(blank_store: object) -> None:
    from regiodesk.store import Store

    assert isinstance(blank_store, Store)
    with pytest.raises(InvalidInput):
        report_for(blank_store, "Borne")
