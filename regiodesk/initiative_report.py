"""What one municipality pays for the region's initiatives, as a PDF for its budget cycle.

The report is made from the initiatives matrix (``regiodesk.queries.initiatives``): the
initiatives the municipality takes part in, each with the budget per year, the cost key and what
the municipality's share rests on, its share per year and its part of the budget in percent, and
the total; then the initiatives it does not take part in, with the reason.  It is laid out with
the shared pieces of ``regiodesk.pdf_layout`` (embedded Vera fonts, "page x of y").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from regiodesk.errors import InvalidInput, NotFound
from regiodesk.files import write_atomically
from regiodesk.i18n import LOCALES, _, current_language, format_date, format_money, format_number
from regiodesk.model.enums import CostKey
from regiodesk.pdf_layout import (
    FONT,
    FONT_BOLD,
    INK,
    LIGHT_FILL,
    MUTED,
    RULE,
    a4_document,
    escape,
    grid,
    made_by,
    numbered_canvas,
    para,
    paragraph_styles,
)
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
#: A heading starts a new page unless this much room (in points) is left for what follows it.
KEEP_WITH_HEADING = 110
#: The style of a table's last row when it holds the totals.
TOTAL_ROW = (
    ("BACKGROUND", (0, -1), (-1, -1), LIGHT_FILL),
    ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
)


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
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, Spacer

    styles = _styles()
    title = _("Regional initiatives: {municipality}").format(municipality=report.municipality.name)
    subject = _("What {municipality} pays for the region's initiatives").format(
        municipality=report.municipality.name
    )
    document, out, width = a4_document(title, report.region, subject=subject, top_margin=20)
    period = (
        _("budget year {year}").format(year=report.year)
        if report.year is not None
        else _("all budget years")
    )
    name = report.municipality.name
    facts = [report.region, f"{name} ({report.municipality.cbs_code})", period]
    story: list[Any] = [
        para(title, styles["title"]),
        para(" · ".join(part for part in facts if part), styles["subtitle"]),
        Spacer(1, 4 * mm),
        _summary_table(report, styles, width),
        Spacer(1, 7 * mm),
        para(
            _("Initiatives {municipality} takes part in").format(municipality=name),
            styles["heading"],
        ),
    ]
    if report.taking_part:
        story.append(_taking_part_table(report, styles, width))
        for row in report.taking_part:
            if row.initiative.problem is not None:
                problem = f"{row.initiative.title}: {row.initiative.problem.message()}"
                story.append(para(problem, styles["note"]))
    else:
        story.append(para(_("None."), styles["body"]))
    story += [
        Spacer(1, 7 * mm),
        CondPageBreak(KEEP_WITH_HEADING),
        para(
            _("Initiatives {municipality} does not take part in").format(municipality=name),
            styles["heading"],
        ),
    ]
    if report.not_taking_part:
        story.append(_not_taking_part_table(report, styles, width))
    else:
        story.append(para(_("None: it takes part in every initiative."), styles["body"]))
    note = _(
        "Shares are rounded to cents and add up exactly to each budget. Per inhabitant, a "
        "municipality counts with its CBS population at the initiative's reference date, or the "
        "latest figure before it."
    )
    story += [Spacer(1, 6 * mm), para(note, styles["note"])]
    document.build(story, canvasmaker=numbered_canvas(made_by(made_on or date.today())))
    return out.getvalue()


def write_report(report: MunicipalityReport, path: Path, made_on: date | None = None) -> Path:
    """Write the PDF to ``path`` whole or not at all (see ``regiodesk.files``); its folder must
    exist."""
    if not path.parent.is_dir():
        raise InvalidInput(field=str(path), reason=_("the folder does not exist"))
    return write_atomically(path, render_pdf(report, made_on))


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
    data = [[para(label, styles["label"]), para(value, styles["value"])] for label, value in rows]
    table = Table(data, colWidths=[width * 0.45, width * 0.25], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("BACKGROUND", (0, 2), (-1, 2), LIGHT_FILL),
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
    data: list[list[Any]] = [[para(text, styles["th"]) for text in header]]
    data[0][2:] = [para(text, styles["th_right"]) for text in header[2:]]
    for row in report.taking_part:
        initiative = row.initiative
        data.append(
            [
                _initiative_cell(initiative, styles),
                para(
                    f"{escape(initiative.cost_key.label)}<br/>"
                    f'<font color="{MUTED}" size="7.5">{escape(row.basis)}</font>',
                    styles["cell"],
                    escaped=True,
                ),
                para(format_money(initiative.budget_per_year), styles["number"]),
                para(_money(row.share), styles["number_bold"]),
                para(_percent(row.percent), styles["number"]),
            ]
        )
    data.append(
        [
            para(_("Total"), styles["total"]),
            "",
            para(format_money(report.budgets), styles["number_total"]),
            para(format_money(report.total), styles["number_total"]),
            "",
        ]
    )
    return grid(data, [0.28, 0.20, 0.21, 0.21, 0.10], width, TOTAL_ROW)


def _not_taking_part_table(report: MunicipalityReport, styles: dict[str, Any], width: float) -> Any:
    header = [_("Initiative"), _("Budget per year"), _("Reason")]
    data: list[list[Any]] = [
        [
            para(header[0], styles["th"]),
            para(header[1], styles["th_right"]),
            para(header[2], styles["th"]),
        ]
    ]
    for row in report.not_taking_part:
        reason = row.reason if row.recorded else _("not recorded on the initiative")
        data.append(
            [
                _initiative_cell(row.initiative, styles),
                para(format_money(row.initiative.budget_per_year), styles["number"]),
                para(reason or "–", styles["cell"]),
            ]
        )
    return grid(data, [0.40, 0.16, 0.44], width)


def _initiative_cell(initiative: InitiativeShares, styles: dict[str, Any]) -> Any:
    details = " · ".join(
        part
        for part in (initiative.pfo_name or "", f"{initiative.start_year}–{initiative.end_year}")
        if part
    )
    return para(
        f'{escape(initiative.title)}<br/><font color="{MUTED}" size="7.5">{escape(details)}</font>',
        styles["cell"],
        escaped=True,
    )


def _styles() -> dict[str, Any]:
    from reportlab.lib.enums import TA_RIGHT

    number = {"fontSize": 8.5, "alignment": TA_RIGHT}
    return paragraph_styles(
        label={},
        value={"fontName": FONT_BOLD, "alignment": TA_RIGHT},
        th_right={"fontName": FONT_BOLD, "fontSize": 8.5, "leading": 10.5, "alignment": TA_RIGHT},
        number=number,
        number_bold={**number, "fontName": FONT_BOLD},
        total={"fontName": FONT_BOLD},
        number_total={**number, "fontName": FONT_BOLD},
    )
