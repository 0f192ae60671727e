"""What one municipality pays for the region's initiatives, as a PDF for its budget cycle.

The report is made from the initiatives matrix (``regiodesk.queries.initiatives``): the
initiatives the municipality takes part in, each with the budget per year, the cost key and what
the municipality's share rests on, its share per year and its part of the budget in percent, and
the total; then the initiatives it does not take part in, with the reason.  It is rendered with
reportlab in the embedded Bitstream Vera fonts that reportlab ships, so that every reader shows
it the same way.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from regiodesk.errors import InvalidInput, NotFound
from regiodesk.i18n import LOCALES, _, current_language, format_date, format_money, format_number
from regiodesk.model.enums import CostKey
from regiodesk.queries.initiatives import (
    InitiativeShares,
    Matrix,
    MunicipalityRef,
    ParticipantRow,
    matrix,
)
from regiodesk.queries.summary import region_id, region_name
from regiodesk.store import Store

ZERO = Decimal("0.00")
FONT, BOLD, ITALIC = "RegioDesk-Vera", "RegioDesk-Vera-Bold", "RegioDesk-Vera-Italic"
INK = "#1f2933"
MUTED = "#5f6b7a"
RULE = "#c9d1da"
HEADER_FILL = "#e8eef4"
TOTAL_FILL = "#f3f6f9"
#: A heading starts a new page unless this much room (in points) is left for what follows it.
KEEP_WITH_HEADING = 110


@dataclass(frozen=True)
class TakingPart:
    initiative: InitiativeShares
    #: The municipality's share per year (None when the budget cannot be shared now).
    share: Decimal | None
    #: What the share rests on: "161,741 inhabitants (1 Jan 2024)", "1 of 9", "12.5%".
    basis: str

    @property
    def percent(self) -> Decimal | None:
        """The share as a percentage of the budget, to one decimal."""
        budget = self.initiative.budget_per_year
        if self.share is None or not budget:
            return None
        return (self.share * 100 / budget).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class NotTakingPart:
    initiative: InitiativeShares
    #: Why not, as recorded; "" when the municipality is not recorded on the initiative at all.
    reason: str
    recorded: bool


@dataclass(frozen=True)
class MunicipalityReport:
    region: str
    municipality: MunicipalityRef
    #: The budget year (None: every initiative, whatever its years).
    year: int | None
    taking_part: list[TakingPart]
    not_taking_part: list[NotTakingPart]

    @property
    def total(self) -> Decimal:
        return sum((row.share for row in self.taking_part if row.share is not None), ZERO)

    @property
    def budgets(self) -> Decimal:
        """The budgets per year of the initiatives the municipality takes part in."""
        return sum((row.initiative.budget_per_year for row in self.taking_part), ZERO)


def find_municipality(store: Store, text: str) -> MunicipalityRef:
    """The region's municipality that ``text`` names: its id, CBS code (``GM0153``, or
    ``0153``) or name, in any case."""
    wanted = text.strip().casefold()
    rows = store.query("SELECT id, name, cbs_code FROM municipality WHERE deleted = 0")
    for row in rows:
        code = str(row["cbs_code"]).casefold()
        if wanted in (row["id"], str(row["name"]).casefold(), code, code.removeprefix("gm")):
            return MunicipalityRef(row["id"], row["name"], row["cbs_code"])
    raise NotFound(kind=_("municipality"), id=text)


def municipality_report(
    table: Matrix, municipality_id: str, region: str = ""
) -> MunicipalityReport:
    """What the matrix says about one municipality."""
    municipality = next((m for m in table.municipalities if m.id == municipality_id), None)
    if municipality is None:
        raise NotFound(kind=_("municipality"), id=municipality_id)
    taking_part: list[TakingPart] = []
    not_taking_part: list[NotTakingPart] = []
    for initiative in table.initiatives:
        row = initiative.row(municipality_id)
        if row is None:
            not_taking_part.append(NotTakingPart(initiative, "", recorded=False))
        elif not row.participates:
            not_taking_part.append(NotTakingPart(initiative, row.reason, recorded=True))
        else:
            taking_part.append(TakingPart(initiative, row.share, _basis(initiative, row)))
    return MunicipalityReport(region, municipality, table.year, taking_part, not_taking_part)


def report_for(store: Store, municipality: str, year: int | None = None) -> MunicipalityReport:
    """The report of the municipality that ``municipality`` names (see ``find_municipality``)."""
    region = region_id(store)
    if region is None:
        raise InvalidInput(field=_("region"), reason=_("this store has no region yet"))
    found = find_municipality(store, municipality)
    return municipality_report(matrix(store, region, year), found.id, region_name(store) or "")


def render_pdf(report: MunicipalityReport, made_on: date | None = None) -> bytes:
    """The report as a PDF (A4, embedded fonts, page numbers)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, SimpleDocTemplate, Spacer

    _register_fonts()
    styles = _styles()
    made_on = made_on or date.today()
    title = _("Regional initiatives: {municipality}").format(municipality=report.municipality.name)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=22 * mm,
        title=title,
        author=report.region or "RegioDesk",
        subject=_("What {municipality} pays for the region's initiatives").format(
            municipality=report.municipality.name
        ),
        creator="RegioDesk",
        lang=current_language(),
        invariant=True,
        initialFontName=FONT,
    )
    width = document.width - 12  # the frame pads 6 points on either side
    period = (
        _("budget year {year}").format(year=report.year)
        if report.year is not None
        else _("all budget years")
    )
    name = report.municipality.name
    facts = [report.region, f"{name} ({report.municipality.cbs_code})", period]
    story: list[Any] = [
        _para(title, styles["title"]),
        _para(" · ".join(part for part in facts if part), styles["subtitle"]),
        Spacer(1, 4 * mm),
        _summary_table(report, styles, width),
        Spacer(1, 7 * mm),
        _para(
            _("Initiatives {municipality} takes part in").format(municipality=name),
            styles["heading"],
        ),
    ]
    if report.taking_part:
        story.append(_taking_part_table(report, styles, width))
        for row in report.taking_part:
            if row.initiative.problem is not None:
                problem = f"{row.initiative.title}: {row.initiative.problem.message()}"
                story.append(_para(problem, styles["note"]))
    else:
        story.append(_para(_("None."), styles["body"]))
    story += [
        Spacer(1, 7 * mm),
        CondPageBreak(KEEP_WITH_HEADING),
        _para(
            _("Initiatives {municipality} does not take part in").format(municipality=name),
            styles["heading"],
        ),
    ]
    if report.not_taking_part:
        story.append(_not_taking_part_table(report, styles, width))
    else:
        story.append(_para(_("None: it takes part in every initiative."), styles["body"]))
    note = _(
        "Shares are rounded to cents and add up exactly to each budget. Per inhabitant, a "
        "municipality counts with its CBS population at the initiative's reference date, or the "
        "latest figure before it."
    )
    story += [Spacer(1, 6 * mm), _para(note, styles["note"])]
    footer = _("Made by RegioDesk on {date}").format(date=format_date(made_on, "long"))
    document.build(story, canvasmaker=_numbered_canvas(footer))
    return out.getvalue()


def write_report(report: MunicipalityReport, path: Path, made_on: date | None = None) -> Path:
    """Write the PDF to ``path`` whole or not at all (through a temporary file)."""
    import os
    from contextlib import suppress

    data = render_pdf(report, made_on)
    partial = path.with_name(path.name + ".part")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as error:
        with suppress(OSError):
            partial.unlink()
        raise InvalidInput(field=str(path), reason=error.strerror or str(error)) from None
    return path


# Helpers ------------------------------------------------------------------------------------------


def _basis(initiative: InitiativeShares, row: ParticipantRow) -> str:
    if initiative.cost_key is CostKey.PER_INHABITANT:
        if row.population is None or row.population_date is None:
            return _("no population figure")
        return _("{population} inhabitants ({date})").format(
            population=format_number(row.population), date=format_date(row.population_date)
        )
    if initiative.cost_key is CostKey.EQUAL:
        return _("1 of {count}").format(count=len(initiative.participants))
    if row.percentage is None:
        return _("no percentage")
    return f"{format_number(row.percentage)}%"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _percent(value: Decimal | None) -> str:
    """A percentage with one decimal, as the language writes it: "7,7%" in Dutch."""
    if value is None:
        return "–"
    from babel.numbers import format_decimal

    return f"{format_decimal(value, format='#,##0.0', locale=LOCALES[current_language()])}%"


def _money(value: Decimal | None) -> str:
    return "–" if value is None else format_money(value)


def _summary_table(report: MunicipalityReport, styles: dict[str, Any], width: float) -> Any:
    from reportlab.platypus import Table, TableStyle

    rows = [
        (_("Initiatives taken part in"), format_number(len(report.taking_part))),
        (_("Their budgets per year"), format_money(report.budgets)),
        (
            _("Share of {municipality} per year").format(municipality=report.municipality.name),
            format_money(report.total),
        ),
        (_("Initiatives not taken part in"), format_number(len(report.not_taking_part))),
    ]
    data = [[_para(label, styles["label"]), _para(value, styles["value"])] for label, value in rows]
    table = Table(data, colWidths=[width * 0.45, width * 0.25], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("BACKGROUND", (0, 2), (-1, 2), TOTAL_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _taking_part_table(report: MunicipalityReport, styles: dict[str, Any], width: float) -> Any:
    header = [
        _("Initiative"),
        _("Cost key"),
        _("Budget per year"),
        _("Share per year"),
        _("% of budget"),
    ]
    data: list[list[Any]] = [[_para(text, styles["th"]) for text in header]]
    data[0][2:] = [_para(text, styles["th_right"]) for text in header[2:]]
    for row in report.taking_part:
        initiative = row.initiative
        data.append(
            [
                _initiative_cell(initiative, styles),
                _para(
                    f"{_escape(initiative.cost_key.label)}<br/>"
                    f'<font color="{MUTED}" size="7.5">{_escape(row.basis)}</font>',
                    styles["cell"],
                    escaped=True,
                ),
                _para(format_money(initiative.budget_per_year), styles["number"]),
                _para(_money(row.share), styles["number_bold"]),
                _para(_percent(row.percent), styles["number"]),
            ]
        )
    data.append(
        [
            _para(_("Total"), styles["total"]),
            "",
            _para(format_money(report.budgets), styles["number_total"]),
            _para(format_money(report.total), styles["number_total"]),
            "",
        ]
    )
    return _grid(data, [0.28, 0.20, 0.21, 0.21, 0.10], width, total=True)


def _not_taking_part_table(report: MunicipalityReport, styles: dict[str, Any], width: float) -> Any:
    header = [_("Initiative"), _("Budget per year"), _("Reason")]
    data: list[list[Any]] = [
        [
            _para(header[0], styles["th"]),
            _para(header[1], styles["th_right"]),
            _para(header[2], styles["th"]),
        ]
    ]
    for row in report.not_taking_part:
        reason = row.reason if row.recorded else _("not recorded on the initiative")
        data.append(
            [
                _initiative_cell(row.initiative, styles),
                _para(format_money(row.initiative.budget_per_year), styles["number"]),
                _para(reason or "–", styles["cell"]),
            ]
        )
    return _grid(data, [0.40, 0.16, 0.44], width, total=False)


def _initiative_cell(initiative: InitiativeShares, styles: dict[str, Any]) -> Any:
    details = " · ".join(
        part
        for part in (initiative.pfo_name or "", f"{initiative.start_year}–{initiative.end_year}")
        if part
    )
    return _para(
        f"{_escape(initiative.title)}<br/>"
        f'<font color="{MUTED}" size="7.5">{_escape(details)}</font>',
        styles["cell"],
        escaped=True,
    )


def _grid(data: list[list[Any]], fractions: list[float], width: float, total: bool) -> Any:
    from reportlab.platypus import Table, TableStyle

    table = Table(data, colWidths=[width * f for f in fractions], repeatRows=1)
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]
    if total:
        commands += [
            ("BACKGROUND", (0, -1), (-1, -1), TOTAL_FILL),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
        ]
    table.setStyle(TableStyle(commands))
    return table


def _para(text: str, style: Any, escaped: bool = False) -> Any:
    """A paragraph of ``text`` (escaped for reportlab's markup unless it is markup already)."""
    from reportlab.platypus import Paragraph

    return Paragraph(text if escaped else _escape(text), style)


def _styles() -> dict[str, Any]:
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=11.5, textColor=INK)

    def like(name: str, **changes: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    return {
        "title": like("title", fontName=BOLD, fontSize=17, leading=21, spaceAfter=2),
        "subtitle": like("subtitle", fontSize=10, leading=13, textColor=MUTED),
        "heading": like("heading", fontName=BOLD, fontSize=11.5, leading=15, spaceAfter=4),
        "body": like("body"),
        "note": like("note", fontName=ITALIC, fontSize=8, leading=10, textColor=MUTED),
        "label": like("label"),
        "value": like("value", fontName=BOLD, alignment=TA_RIGHT),
        "th": like("th", fontName=BOLD, fontSize=8.5, leading=10.5),
        "th_right": like("th_right", fontName=BOLD, fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
        "cell": like("cell"),
        "number": like("number", fontSize=8.5, alignment=TA_RIGHT),
        "number_bold": like("number_bold", fontName=BOLD, fontSize=8.5, alignment=TA_RIGHT),
        "total": like("total", fontName=BOLD),
        "number_total": like("number_total", fontName=BOLD, fontSize=8.5, alignment=TA_RIGHT),
    }


def _register_fonts() -> None:
    """Register reportlab's own Bitstream Vera TrueType fonts (embedded in the PDF)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    import reportlab

    folder = Path(reportlab.__file__).parent / "fonts"
    for name, file in ((FONT, "Vera.ttf"), (BOLD, "VeraBd.ttf"), (ITALIC, "VeraIt.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, BOLD)
    addMapping(FONT, 0, 1, ITALIC)
    addMapping(FONT, 1, 1, BOLD)


def _numbered_canvas(footer: str) -> Any:
    """A canvas class that writes "page x of y" and ``footer`` on every page (after the last
    page is known)."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._footer(number, total)
                super().showPage()
            super().save()

        def _footer(self, number: int, total: int) -> None:
            page_width, _height = self._pagesize
            self.saveState()
            self.setFont(FONT, 7.5)
            self.setFillColor(MUTED)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.4)
            self.line(20 * mm, 15 * mm, page_width - 20 * mm, 15 * mm)
            self.drawString(20 * mm, 10.5 * mm, footer)
            self.drawRightString(
                page_width - 20 * mm,
                10.5 * mm,
                _("page {number} of {total}").format(number=number, total=total),
            )
            self.restoreState()

    return NumberedCanvas
