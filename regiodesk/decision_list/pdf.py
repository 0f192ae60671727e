"""The decision list as a PDF: A4, restrained and legible, as a municipality would publish it.

``render_pdf`` lays out a ``DecisionListContent`` with reportlab, in Dutch or English: the header
block (the region's logo or name, the title, the meeting's facts), the attendance per
municipality, each handled item in its own numbered section, the action list, and room for the
two signatures at the end of the last page.  Every page carries a footer with "page x of y", the
list's version and the short fingerprint of its content.

The fonts (Bitstream Vera, shipped with reportlab) are embedded; they hold the euro sign and the
Dutch diacritics.  They, the escaping of text and the numbered canvas are shared with the other
PDFs of RegioDesk (``regiodesk.pdf_layout``).  The signature fields are not part of the PDF yet:
``render_pdf`` tells where they go (``RenderedList.signature_boxes``), and the signing code places
them exactly there.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from regiodesk.decision_list.content import (
    ActionEntry,
    AttendanceLine,
    CostSharing,
    DecisionEntry,
    DecisionListContent,
    ItemEntry,
    PositionLine,
)
from regiodesk.decision_list.content import fingerprint as content_fingerprint
from regiodesk.errors import InvalidInput
from regiodesk.i18n import LANGUAGES, _, format_date, format_money, format_number, using_language
from regiodesk.model.enums import AttendanceStatus, CostKey, DecisionOutcome, PositionKind
from regiodesk.pdf_layout import (
    FONT,
    FONT_BOLD,
    FONT_ITALIC,
    escape,
    numbered_canvas,
    prepare_reportlab,
    printable,
)
from regiodesk.timeutil import AMSTERDAM

#: The language tag of the PDF's catalogue (/Lang) per language.
PDF_LANGUAGES: dict[str, str] = {"nl": "nl-NL", "en": "en-GB"}
#: Width and height of a visible signature field, in points.
SIGNATURE_WIDTH, SIGNATURE_HEIGHT = 230.0, 70.0
#: The signatures, in the order they are placed (and made).
SIGNATURE_ROLES = ("chair", "secretary")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 22 * mm
#: The size and leading of the text in tables.
CELL_SIZE, CELL_LEADING, CELL_PADDING = 8, 10.2, 4
#: The room an item's opening needs at the foot of a page; with less it starts on the next.
ITEM_OPENING = 150.0
#: The room a labelled table needs at the foot of a page (the label, the header and a tall
#: first row); with less it starts on the next.
TABLE_START = 110.0
#: The indent of an item's body: the width of its number.
INDENT = 9 * mm

INK = colors.HexColor("#1C2733")
ACCENT_HEX = "#1F4E79"
ACCENT = colors.HexColor(ACCENT_HEX)
MUTED_HEX = "#5B6670"
MUTED = colors.HexColor(MUTED_HEX)
RULE = colors.HexColor("#B8C2CC")
HEAD_FILL = colors.HexColor("#E8EDF2")
BOX_FILL = colors.HexColor("#F1F5F9")
STRIPE = colors.HexColor("#F7F9FB")


@dataclass(frozen=True)
class SignatureBox:
    """Where a visible signature field goes: its page (from 0) and its rectangle in PDF points
    from the page's lower left corner, (x1, y1, x2, y2), as pyHanko's ``SigFieldSpec`` wants it."""

    page: int
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class RenderedList:
    pdf: bytes
    pages: int
    #: By role ("chair", "secretary"), in signing order.
    signature_boxes: Mapping[str, SignatureBox]
    fingerprint: str


def render_pdf(
    content: DecisionListContent,
    *,
    language: str = "nl",
    logo: bytes | None = None,
    fingerprint: str | None = None,
) -> RenderedList:
    """Lay out a decision list as a PDF in ``language`` ("nl" or "en").

    ``logo`` is the region's logo (PNG or JPEG; the region's name is shown without one);
    ``fingerprint`` the content's fingerprint if already computed."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    prepare_reportlab()
    printed = fingerprint or content_fingerprint(content)
    with using_language(language):
        return _Renderer(content, language, logo, printed).render()


# Text helpers ------------------------------------------------------------------------------------


def _text(value: str) -> str:
    """User text as paragraph markup: escaped, line breaks kept."""
    return "<br/>".join(escape(line) for line in value.strip().splitlines())


#: Program text (translations, dates, amounts) as paragraph markup.
_plain = escape
#: A one-line table cell: plain text (not markup), in the table's font.
_cell = printable


def _clock(moment: datetime) -> str:
    return moment.astimezone(AMSTERDAM).strftime("%H:%M")


def _long_date(day: date) -> str:
    return format_date(day, "long")


def _short_fingerprint(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, 16, 4))


# Styles ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
    indented: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    region: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    meta_label: ParagraphStyle
    meta_value: ParagraphStyle
    section: ParagraphStyle
    item_title: ParagraphStyle
    labelled: ParagraphStyle
    label: ParagraphStyle
    table_label: ParagraphStyle
    box_text: ParagraphStyle
    notice: ParagraphStyle


def _styles() -> _Styles:
    body = ParagraphStyle(
        "body",
        fontName=FONT,
        bulletFontName=FONT,
        fontSize=9,
        leading=12.5,
        textColor=INK,
        spaceAfter=3,
        allowWidows=0,  # never a paragraph's last line alone at the top of a page
    )
    cell = ParagraphStyle(
        "cell", parent=body, fontSize=CELL_SIZE, leading=CELL_LEADING, spaceAfter=0
    )
    label = ParagraphStyle(
        "label",
        parent=body,
        fontName=FONT_BOLD,
        fontSize=8,
        leading=10,
        textColor=MUTED,
        leftIndent=INDENT,
        spaceBefore=6,
        spaceAfter=2,
        keepWithNext=True,
    )
    return _Styles(
        body=body,
        indented=ParagraphStyle("indented", parent=body, leftIndent=INDENT),
        small=ParagraphStyle(
            "small", parent=body, fontSize=7.5, leading=9.5, textColor=MUTED, spaceAfter=0
        ),
        cell=cell,
        region=ParagraphStyle(
            "region", parent=body, fontName=FONT_BOLD, fontSize=10, leading=13, textColor=ACCENT
        ),
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=17,
            leading=21,
            spaceBefore=10,
            spaceAfter=2,
        ),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontSize=10, leading=13, textColor=MUTED, spaceAfter=8
        ),
        meta_label=ParagraphStyle(
            "meta_label", parent=cell, fontName=FONT_BOLD, textColor=MUTED, fontSize=8.5
        ),
        meta_value=ParagraphStyle("meta_value", parent=cell, fontSize=8.5, leading=11),
        section=ParagraphStyle(
            "section",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=12,
            leading=15,
            textColor=ACCENT,
            spaceBefore=14,
            spaceAfter=6,
            keepWithNext=True,
        ),
        item_title=ParagraphStyle(
            "item_title",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=13.5,
            leftIndent=INDENT,
            bulletIndent=0,
            bulletFontName=FONT_BOLD,
            bulletFontSize=10.5,
            bulletColor=ACCENT,
            spaceBefore=12,
            spaceAfter=0,
        ),
        labelled=ParagraphStyle(
            "labelled", parent=body, leftIndent=INDENT, spaceBefore=6, spaceAfter=2
        ),
        label=label,
        table_label=ParagraphStyle("table_label", parent=label, keepWithNext=False),
        box_text=ParagraphStyle("box_text", parent=body, spaceAfter=2),
        notice=ParagraphStyle(
            "notice",
            parent=body,
            fontName=FONT_ITALIC,
            fontSize=8.5,
            leading=11,
            textColor=MUTED,
            spaceBefore=4,
        ),
    )


# Pages -------------------------------------------------------------------------------------------


class _SignatureFields(Flowable):  # type: ignore[misc]
    """The two places for the signatures, side by side: a label and name above each, and a
    light frame where the visible signature field goes.  Records where it drew them."""

    LABEL_HEIGHT = 30.0

    def __init__(
        self, signers: Sequence[tuple[str, str, str]], found: dict[str, SignatureBox]
    ) -> None:
        super().__init__()
        self.signers = signers  # (role, label, name)
        self.found = found

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = self.LABEL_HEIGHT + SIGNATURE_HEIGHT
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        count = len(self.signers)
        gap = (self.width - count * SIGNATURE_WIDTH) / max(count - 1, 1)
        for index, (role, label, name) in enumerate(self.signers):
            x = index * (SIGNATURE_WIDTH + gap)
            canvas.setFillColor(INK)
            canvas.setFont(FONT_BOLD, 9)
            canvas.drawString(x, self.height - 10, printable(label))
            canvas.setFont(FONT, 9)
            canvas.drawString(x, self.height - 22, printable(name))
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.6)
            canvas.rect(x, 0, SIGNATURE_WIDTH, SIGNATURE_HEIGHT, stroke=1, fill=0)
            x1, y1 = canvas.absolutePosition(x, 0)
            x2, y2 = canvas.absolutePosition(x + SIGNATURE_WIDTH, SIGNATURE_HEIGHT)
            self.found[role] = SignatureBox(
                canvas.getPageNumber() - 1,
                (round(x1, 2), round(y1, 2), round(x2, 2), round(y2, 2)),
            )


# The document ------------------------------------------------------------------------------------


class _Renderer:
    def __init__(
        self, content: DecisionListContent, language: str, logo: bytes | None, fingerprint: str
    ) -> None:
        self.content = content
        self.language = language
        self.logo = logo
        self.fingerprint = fingerprint
        self.styles = _styles()
        self.width = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
        self.boxes: dict[str, SignatureBox] = {}

    # The whole ----------------------------------------------------------------------------------

    def render(self) -> RenderedList:
        content = self.content
        title = _("Decision list {pfo}").format(pfo=content.pfo)
        out = io.BytesIO()
        document = BaseDocTemplate(
            out,
            pagesize=A4,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=f"{title} {content.reference}",
            author=f"{content.region} – {content.pfo}",
            subject=_("Decisions and actions of the meeting of {date}").format(
                date=_long_date(content.day)
            ),
            creator="RegioDesk",
            producer="RegioDesk (reportlab)",
            keywords=[_("decision list"), content.pfo, content.reference],
            lang=PDF_LANGUAGES[self.language],
            # Each page starts in this font: no standard font (never embedded) is referenced.
            initialFontName=FONT,
            initialFontSize=9,
        )
        frame = Frame(
            MARGIN_LEFT,
            MARGIN_BOTTOM,
            self.width,
            PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        document.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        story: list[Any] = []
        story += self.header(title)
        story += self.attendance()
        story += self.items()
        story += self.action_list()
        story += self.council_follow_up()
        story += self.signatures()
        pages: list[int] = []

        def decorate(canvas: Any, page: int, total: int) -> None:
            pages.append(total)
            self.decorate(canvas, page, total)

        document.build(story, canvasmaker=numbered_canvas(decorate))
        return RenderedList(
            pdf=out.getvalue(),
            pages=pages[0] if pages else 0,
            signature_boxes={role: self.boxes[role] for role in SIGNATURE_ROLES},
            fingerprint=self.fingerprint,
        )

    def decorate(self, canvas: Any, page: int, total: int) -> None:
        """The running header (from page 2) and the footer of every page."""
        content = self.content
        left, right = MARGIN_LEFT, PAGE_WIDTH - MARGIN_RIGHT
        canvas.saveState()
        canvas.setFillColor(MUTED)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        if page > 1:
            top = PAGE_HEIGHT - MARGIN_TOP + 6
            canvas.setFont(FONT, 7.5)
            canvas.drawString(
                left, top + 4, printable(_("Decision list {pfo}").format(pfo=content.pfo))
            )
            canvas.drawRightString(
                right, top + 4, printable(f"{content.reference} · {_long_date(content.day)}")
            )
            canvas.line(left, top, right, top)
        base = MARGIN_BOTTOM - 10 * mm
        canvas.line(left, base + 16, right, base + 16)
        canvas.setFont(FONT, 7.5)
        version = _("version {version}").format(version=content.version)
        if content.public:
            version = f"{version} · {_('public version')}"
        canvas.drawString(
            left,
            base + 6,
            printable(
                f"{_('Decision list {pfo}').format(pfo=content.pfo)} · {content.reference}"
                f" · {version}"
            ),
        )
        canvas.drawString(
            left,
            base - 3,
            printable(
                _("Fingerprint of the content (SHA-256): {fingerprint}").format(
                    fingerprint=_short_fingerprint(self.fingerprint)
                )
            ),
        )
        canvas.setFont(FONT_BOLD, 7.5)
        canvas.drawRightString(
            right, base + 6, _("page {page} of {pages}").format(page=page, pages=total)
        )
        canvas.restoreState()

    # Parts ----------------------------------------------------------------------------------------

    def header(self, title: str) -> list[Any]:
        content, styles = self.content, self.styles
        parts: list[Any] = []
        if self.logo:
            parts.append(self.logo_image())
        else:
            parts.append(Paragraph(_plain(content.region), styles.region))
        parts.append(Paragraph(_plain(title), styles.title))
        subtitle = content.meeting_title or content.domain
        if content.public:
            subtitle = f"{subtitle} — {_('public version')}" if subtitle else _("public version")
        if subtitle:
            parts.append(Paragraph(_plain(subtitle), styles.subtitle))
        time_text = _("{start}–{end}").format(
            start=_clock(content.starts_at), end=_clock(content.ends_at)
        )
        version = str(content.version)
        if content.previous_version is not None:
            version = _("{version}, corrects version {previous}").format(
                version=content.version, previous=content.previous_version
            )
        left = [
            (
                _("Meeting"),
                _("{reference} (no. {number})").format(
                    reference=content.reference, number=content.meeting_number
                ),
            ),
            (_("Date"), format_date(content.day, "full")),
            (_("Time"), time_text),
            (_("Place"), content.location or "—"),
        ]
        right = [
            (_("Domain"), content.domain),
            (_("Chair"), content.chair or "—"),
            (_("Secretary"), content.secretary or "—"),
            (_("Version"), version),
        ]
        rows = [
            [
                Paragraph(_plain(a_label), styles.meta_label),
                Paragraph(_plain(a_value), styles.meta_value),
                Paragraph(_plain(b_label), styles.meta_label),
                Paragraph(_plain(b_value), styles.meta_value),
            ]
            for (a_label, a_value), (b_label, b_value) in zip(left, right, strict=True)
        ]
        label_width = 24 * mm
        value_width = self.width / 2 - label_width
        facts = Table(
            rows, colWidths=[label_width, value_width, label_width, value_width], hAlign="LEFT"
        )
        facts.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, 9),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                    ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
                    ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
                    ("TOPPADDING", (0, 0), (-1, 0), 6),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
                ]
            )
        )
        parts.append(facts)
        if content.public:
            parts.append(Paragraph(_plain(self.public_notice()), styles.notice))
        return parts

    def public_notice(self) -> str:
        withheld = self.content.withheld_items
        if withheld == 0:
            return _(
                "Public version (Woo): confidential items and documents are left out; "
                "this meeting had none."
            )
        return _(
            "Public version (Woo): confidential items and documents are left out "
            "(items left out: {count})."
        ).format(count=withheld)

    def logo_image(self) -> Any:
        assert self.logo is not None
        try:
            reader = ImageReader(io.BytesIO(self.logo))
            width, height = reader.getSize()
        except Exception as error:  # reportlab and PIL raise many kinds for a bad image
            raise InvalidInput(
                field=_("logo"), reason=_("the image cannot be read ({error})").format(error=error)
            ) from None
        scale = min(42 / height, 170 / width)
        image = Image(io.BytesIO(self.logo), width=width * scale, height=height * scale)
        image.hAlign = "LEFT"
        return image

    def attendance(self) -> list[Any]:
        styles = self.styles
        parts: list[Any] = [CondPageBreak(90), Paragraph(_plain(_("Attendance")), styles.section)]
        if not self.content.attendance:
            parts.append(Paragraph(_plain(_("No attendance was recorded.")), styles.body))
            return parts
        fractions = (0.26, 0.24, 0.50)
        widths = self.widths(fractions)
        rows: list[list[Any]] = [
            self.head_row([_("Municipality"), _("Attendance"), _("By whom / remarks")])
        ]
        for line in self.content.attendance:
            rows.append(
                [
                    _cell(line.municipality),
                    _cell(line.status.label),
                    self.fit(self.attendance_detail(line), widths[2]),
                ]
            )
        parts.append(self.table(rows, fractions, stripes=True))
        return parts

    def attendance_detail(self, line: AttendanceLine) -> str:
        details: list[str] = []
        if line.status is AttendanceStatus.REPRESENTED and line.represented_by:
            details.append(
                _("represented by {municipality}").format(municipality=line.represented_by)
            )
        elif line.person:
            details.append(line.person)
        if line.mandate:
            details.append(_("mandate: {mandate}").format(mandate=line.mandate))
        if line.arrived_at:
            details.append(_("arrived {time}").format(time=_clock(line.arrived_at)))
        if line.left_at:
            details.append(_("left {time}").format(time=_clock(line.left_at)))
        return "; ".join(details)

    def items(self) -> list[Any]:
        styles = self.styles
        parts: list[Any] = [Paragraph(_plain(_("Items handled")), styles.section)]
        if not self.content.items:
            parts.append(Paragraph(_plain(_("No items were handled.")), styles.body))
        for item in self.content.items:
            parts += self.item(item)
        return parts

    def item(self, item: ItemEntry) -> list[Any]:
        styles = self.styles
        kind = item.kind.label
        if item.confidential:
            kind = f"{kind} · {_('confidential')}"
        # An item starts on a new page unless its heading, the start of its proposal and its
        # decision fit (cheaper than keeping them together, which lays them out twice).  The
        # number hangs in the margin of the item's body, as the heading's bullet; each label
        # is the first line of its paragraph, so that it never stays behind alone.
        parts: list[Any] = [
            CondPageBreak(ITEM_OPENING),
            Paragraph(
                f"{_text(item.title)}<br/>"
                f"<font name='{FONT}' size='7.5' color='{MUTED_HEX}'>{_plain(kind)}</font>",
                styles.item_title,
                bulletText=str(item.number),
            ),
        ]
        if item.proposal:
            parts.append(self.labelled(_("Proposal"), _text(item.proposal)))
        if item.decision is not None:
            parts.append(Spacer(1, 4))
            parts.append(self.decision_box(item.decision))
        if item.positions:
            parts += self.positions(item)
        if item.decision is not None and item.participants and self.shows_participants(item):
            names = ", ".join(each.name for each in item.participants)
            label = _("Participating municipalities ({count})").format(count=len(item.participants))
            parts.append(self.labelled(label, _text(names)))
        if item.cost_sharing is not None:
            parts += self.cost_sharing(item.cost_sharing)
        if item.actions:
            parts += self.item_actions(item.actions)
        if item.decision is not None and item.decision.to_councils:
            parts.append(
                self.labelled(_("To the councils"), _plain(self.councils_line(item.decision)))
            )
        if item.documents:
            titles = "; ".join(each.title for each in item.documents)
            parts.append(
                Paragraph(
                    f"<b>{_plain(_('Documents'))}:</b> {_text(titles)}",
                    ParagraphStyle(
                        "documents", parent=styles.small, leftIndent=INDENT, spaceBefore=4
                    ),
                )
            )
        return parts

    def labelled(self, label: str, markup: str) -> Any:
        """A paragraph of the item's body under a small label of its own."""
        return Paragraph(
            f"<font name='{FONT_BOLD}' size='8' color='{MUTED_HEX}'>{_plain(label)}</font>"
            f"<br/>{markup}",
            self.styles.labelled,
        )

    @staticmethod
    def shows_participants(item: ItemEntry) -> bool:
        assert item.decision is not None
        return item.decision.outcome in (
            DecisionOutcome.ADOPTED_BY_ALL,
            DecisionOutcome.ADOPTED_BY_COALITION,
        )

    def councils_line(self, decision: DecisionEntry) -> str:
        if decision.council_deadline is None:
            return _("The participating municipalities put this decision to their councils.")
        return _(
            "The participating municipalities put this decision to their councils, before {date}."
        ).format(date=_long_date(decision.council_deadline))

    def decision_box(self, decision: DecisionEntry) -> Any:
        """The decision in a shaded box with an accent bar: one paragraph of label, text,
        outcome and, where it applies, the missing quorum."""
        lines = [
            f"<font name='{FONT_BOLD}' size='8' color='{ACCENT_HEX}'>{_plain(_('Decision'))}</font>"
        ]
        if decision.text:
            lines.append(_text(decision.text))
        lines.append(f"{_plain(_('Outcome'))}: <b>{_plain(decision.outcome.label)}</b>")
        if not decision.quorum_met:
            lines.append(
                f"<font color='{MUTED_HEX}'><b>{_plain(_('Taken without a quorum.'))}</b></font>"
            )
        cell = Paragraph("<br/>".join(lines), self.styles.box_text)
        box = Table([[cell]], colWidths=[self.width - INDENT], hAlign="RIGHT")
        box.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), FONT, 9),
                    ("BACKGROUND", (0, 0), (-1, -1), BOX_FILL),
                    ("LINEBEFORE", (0, 0), (0, -1), 2.2, ACCENT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 9),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        return box

    def positions(self, item: ItemEntry) -> list[Any]:
        """The positions grouped by kind: each kind with its municipalities, and the reasons
        given (compact: fourteen municipalities take a handful of rows)."""
        styles = self.styles
        groups: dict[PositionKind, list[PositionLine]] = {}
        for line in item.positions:
            groups.setdefault(line.kind, []).append(line)
        fractions = (0.25, 0.33, 0.42)
        widths = self.widths(fractions, indent=True)
        rows: list[list[Any]] = [
            self.head_row([_("Position"), _("Municipalities"), _("Reasons given")])
        ]
        for kind in PositionKind:
            lines = groups.get(kind)
            if not lines:
                continue
            reasons = "<br/>".join(
                f"<b>{_plain(line.municipality)}</b>: {_text(line.reason)}"
                for line in lines
                if line.reason.strip()
            )
            rows.append(
                [
                    self.fit(f"{kind.label} ({len(lines)})", widths[0]),
                    self.fit(", ".join(line.municipality for line in lines), widths[1]),
                    Paragraph(reasons, styles.cell) if reasons else "",
                ]
            )
        return [
            *self.label_before_table(_("Positions")),
            self.table(rows, fractions, indent=True),
        ]

    def label_before_table(self, label: str) -> list[Any]:
        """A label that starts on a new page unless its table's first rows fit under it."""
        return [
            CondPageBreak(TABLE_START),
            Paragraph(_plain(label), self.styles.table_label),
        ]

    def cost_sharing(self, sharing: CostSharing) -> list[Any]:
        styles = self.styles
        years = f"{sharing.start_year}–{sharing.end_year}"
        key = sharing.cost_key.label
        if sharing.cost_key is CostKey.PER_INHABITANT and sharing.reference_date is not None:
            key = _("{key} (reference date {date})").format(
                key=key, date=_long_date(sharing.reference_date)
            )
        summary = _("{initiative}: {budget} per year, {years}; cost key: {key}.").format(
            initiative=sharing.title,
            budget=format_money(sharing.budget_per_year),
            years=years,
            key=key,
        )
        parts: list[Any] = [CondPageBreak(80), self.labelled(_("Cost sharing"), _text(summary))]
        if sharing.problem is not None:
            parts.append(Paragraph(_plain(sharing.problem.message()), styles.indented))
        if not sharing.shares:
            return parts
        basis_head = {
            CostKey.PER_INHABITANT: _("Inhabitants"),
            CostKey.CUSTOM: _("Percentage"),
            CostKey.EQUAL: "",
        }[sharing.cost_key]
        rows: list[list[Any]] = [
            self.head_row([_("Municipality"), basis_head, _("Share per year")])
        ]
        for share in sharing.shares:
            rows.append(
                [
                    _cell(share.municipality),
                    _cell(self.basis(sharing.cost_key, share.population, share.percentage)),
                    _cell(format_money(share.share) if share.share is not None else "—"),
                ]
            )
        total_population = sum(s.population or 0 for s in sharing.shares)
        rows.append(
            [
                _cell(_("Total")),
                _cell(
                    format_number(total_population)
                    if sharing.cost_key is CostKey.PER_INHABITANT
                    else ""
                ),
                _cell(format_money(sharing.total)),
            ]
        )
        table = self.table(
            rows, [0.46, 0.24, 0.30], indent=True, total_row=True, right_columns=(1, 2)
        )
        parts.append(table)
        return parts

    @staticmethod
    def basis(key: CostKey, population: int | None, percentage: Decimal | None) -> str:
        if key is CostKey.PER_INHABITANT:
            return format_number(population) if population is not None else "—"
        if key is CostKey.CUSTOM:
            return f"{format_number(percentage)} %" if percentage is not None else "—"
        return ""

    def item_actions(self, actions: Sequence[ActionEntry]) -> list[Any]:
        styles = self.styles
        parts: list[Any] = [Paragraph(_plain(_("Actions")), styles.label)]
        bullet = ParagraphStyle(
            "action",
            parent=styles.indented,
            leftIndent=INDENT + 9,
            bulletIndent=INDENT,
            spaceAfter=1,
        )
        for action in actions:
            who = self.holder(action)
            details = [who] if who else []
            if action.deadline:
                details.append(_("by {date}").format(date=_long_date(action.deadline)))
            text = _text(action.description)
            if details:
                text += f" <font color='{MUTED_HEX}'>({_text(', '.join(details))})</font>"
            parts.append(Paragraph(text, bullet, bulletText="•"))
        return parts

    @staticmethod
    def holder(action: ActionEntry) -> str:
        if action.holder and action.holder_municipality:
            return f"{action.holder} ({action.holder_municipality})"
        return action.holder or action.holder_municipality

    def action_list(self) -> list[Any]:
        styles = self.styles
        parts: list[Any] = [CondPageBreak(90), Paragraph(_plain(_("Action list")), styles.section)]
        if not self.content.actions:
            parts.append(Paragraph(_plain(_("This meeting set no actions.")), styles.body))
            return parts
        fractions = (0.12, 0.32, 0.21, 0.19, 0.16)
        widths = self.widths(fractions)
        rows: list[list[Any]] = [
            self.head_row([_("Item"), _("Action"), _("Holder"), _("Deadline"), _("Status")])
        ]
        for action in self.content.actions:
            rows.append(
                [
                    _cell(str(action.item_number or "—")),
                    self.fit(action.description, widths[1]),
                    self.fit(self.holder(action) or "—", widths[2]),
                    self.fit(_long_date(action.deadline) if action.deadline else "—", widths[3]),
                    _cell(action.status.label),
                ]
            )
        parts.append(self.table(rows, fractions, stripes=True))
        return parts

    def council_follow_up(self) -> list[Any]:
        """The PFO's earlier decisions at the councils: each council's status, overdue marked."""
        entries = self.content.council_follow_up
        if not entries:
            return []
        styles = self.styles
        parts: list[Any] = [
            CondPageBreak(90),
            Paragraph(_plain(_("Decided at home: the councils")), styles.section),
            Paragraph(
                _plain(
                    _(
                        "Where the councils stand on decisions of earlier meetings that were "
                        "routed to them, on the day of this list."
                    )
                ),
                styles.body,
            ),
        ]
        fractions = (0.14, 0.34, 0.16, 0.36)
        widths = self.widths(fractions)
        rows: list[list[Any]] = [
            self.head_row([_("Meeting"), _("Decision"), _("Deadline"), _("Councils")])
        ]
        for entry in entries:
            deadline = _long_date(entry.council_deadline) if entry.council_deadline else "—"
            if entry.overdue:
                deadline = _("{date} (overdue)").format(date=deadline)
            summary = _("{handled} of {total} handled").format(
                handled=entry.handled, total=len(entry.councils)
            )
            groups = self.council_groups(entry.councils)
            rows.append(
                [
                    _cell(entry.meeting_reference),
                    self.fit(entry.item_title, widths[1]),
                    self.fit(deadline, widths[2]),
                    self.fit(f"{summary}. {groups}" if groups else summary, widths[3]),
                ]
            )
        parts.append(self.table(rows, fractions, stripes=True))
        return parts

    @staticmethod
    def council_groups(lines: Sequence[Any]) -> str:
        """The councils grouped by status: "adopted (5): Almelo, Borne, ...; scheduled (2): ..."."""
        by_status: dict[Any, list[str]] = {}
        for line in lines:
            by_status.setdefault(line.status, []).append(line.municipality)
        return "; ".join(
            f"{status.label} ({len(names)}): {', '.join(names)}"
            for status, names in by_status.items()
        )

    def signatures(self) -> list[Any]:
        content, styles = self.content, self.styles
        signers = [
            ("chair", _("Chair"), content.chair or "—"),
            ("secretary", _("Secretary"), content.secretary or "—"),
        ]
        return [
            KeepTogether(
                [
                    Paragraph(_plain(_("Signatures")), styles.section),
                    Paragraph(
                        _plain(
                            _(
                                "This list is signed electronically by the chair and the "
                                "secretary; the signatures cover the whole document."
                            )
                        ),
                        styles.body,
                    ),
                    Spacer(1, 8),
                    _SignatureFields(signers, self.boxes),
                ]
            )
        ]

    # Tables ---------------------------------------------------------------------------------------

    def widths(self, fractions: Sequence[float], *, indent: bool = False) -> list[float]:
        width = self.width - (INDENT if indent else 0)
        return [width * fraction for fraction in fractions]

    def fit(self, text: str, width: float) -> Any:
        """A cell of plain text: a one-line string where it fits (quick to lay out), else a
        paragraph that wraps."""
        line = _cell(text)
        if "\n" not in line and stringWidth(line, FONT, CELL_SIZE) <= width - 2 * CELL_PADDING:
            return line
        return Paragraph(_text(text), self.styles.cell)

    @staticmethod
    def head_row(labels: Sequence[str]) -> list[Any]:
        return [_cell(label) for label in labels]

    def table(
        self,
        rows: list[list[Any]],
        fractions: Sequence[float],
        *,
        indent: bool = False,
        stripes: bool = False,
        total_row: bool = False,
        right_columns: Sequence[int] = (),
    ) -> Any:
        """A table that splits between rows and repeats its header on every page.  A cell is a
        paragraph where its text may wrap, or else a plain one-line string (much quicker)."""
        table = Table(
            rows,
            colWidths=self.widths(fractions, indent=indent),
            repeatRows=1,
            hAlign="RIGHT" if indent else "LEFT",
        )
        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), FONT, CELL_SIZE, CELL_LEADING),
            ("FONT", (0, 0), (-1, 0), FONT_BOLD, CELL_SIZE, CELL_LEADING),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ]
        if stripes:
            commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE]))
        if total_row:
            commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.6, INK))
            commands.append(("FONT", (0, -1), (-1, -1), FONT_BOLD, CELL_SIZE, CELL_LEADING))
        for column in right_columns:
            commands.append(("ALIGN", (column, 0), (column, -1), "RIGHT"))
        table.setStyle(TableStyle(commands))
        return table
