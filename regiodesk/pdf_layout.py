"""What RegioDesk's PDFs share in their layout with reportlab.

Every PDF is set in the Bitstream Vera fonts that reportlab ships, embedded, so that every reader
shows it the same way and no standard font (never embedded) is referenced; ``prepare_reportlab``
registers them, once per process.  Text goes through ``printable`` (characters Vera lacks
replaced) and, as paragraph markup, ``escape``.  ``numbered_canvas`` makes canvases that write
"page x of y" with a footer once the last page is known.  The reports (initiatives, the
Twente-dag) share their colours, base styles, A4 document and grid tables as well; the decision
list has a palette and tables of its own.

reportlab is imported only when a PDF is made, so that importing this module stays cheap.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import cache, partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as _escape_markup

from regiodesk.i18n import _, current_language, format_date

FONT = "RegioDesk-Vera"
FONT_BOLD = "RegioDesk-Vera-Bold"
FONT_ITALIC = "RegioDesk-Vera-Italic"
FONT_BOLD_ITALIC = "RegioDesk-Vera-BoldItalic"
_FONT_FILES = {
    FONT: "Vera.ttf",
    FONT_BOLD: "VeraBd.ttf",
    FONT_ITALIC: "VeraIt.ttf",
    FONT_BOLD_ITALIC: "VeraBI.ttf",
}
#: Characters that Babel or a user may write and Vera lacks, with what to write instead.
SUBSTITUTES = str.maketrans({"\u202f": "\u00a0", "\u2009": " ", "\u2011": "-", "\u200b": ""})

#: The colours of the reports (the decision list has its own).
INK = "#1f2933"
MUTED = "#5f6b7a"
RULE = "#c9d1da"
HEADER_FILL = "#e8eef4"
#: The fill of a row that stands out: a total, a plenary part.
LIGHT_FILL = "#f3f6f9"

#: What draws a page's header and footer: ``(canvas, page, pages)``.
Decorate = Callable[[Any, int, int], None]

_fonts_lock = threading.Lock()
_prepared: list[bool] = []


# Fonts -------------------------------------------------------------------------------------------


def prepare_reportlab() -> None:
    """Register the Vera family with reportlab, once per process (from any thread); and write
    binary streams (reportlab's default wraps every compressed stream in ASCII85, which makes the
    file a quarter larger and costs a sixth of the rendering time, for the sake of 7-bit
    transports)."""
    with _fonts_lock:
        if _prepared:
            return
        import reportlab
        from reportlab import rl_config
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        rl_config.useA85 = 0
        folder = Path(reportlab.__file__).parent / "fonts"
        for name, filename in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )
        _prepared.append(True)


# Text --------------------------------------------------------------------------------------------


def printable(value: str) -> str:
    """``value`` with the characters Vera lacks replaced (for a canvas or a table cell)."""
    return value.translate(SUBSTITUTES)


def escape(value: str) -> str:
    """Text as paragraph markup: printable, with ``&``, ``<`` and ``>`` escaped."""
    return _escape_markup(printable(value))


def para(text: str, style: Any, escaped: bool = False) -> Any:
    """A paragraph of ``text`` (escaped for reportlab's markup unless it is markup already)."""
    from reportlab.platypus import Paragraph

    return Paragraph(printable(text) if escaped else escape(text), style)


def made_by(made_on: date) -> str:
    """The footer of a report: who made it and when."""
    return _("Made by RegioDesk on {date}").format(date=format_date(made_on, "long"))


# Pages -------------------------------------------------------------------------------------------


def numbered_canvas(footer: str | Decorate) -> Any:
    """A canvas maker (for ``build(canvasmaker=...)``) whose pages know how many there are.

    ``footer`` is a text, written at the foot of every page with "page x of y"; or a function
    ``(canvas, page, pages)`` that draws the page's header and footer itself."""
    decorate = _footer(footer) if isinstance(footer, str) else footer
    return partial(_numbered_canvas_class(), decorate=decorate)


@cache
def _numbered_canvas_class() -> type:
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        """A canvas that keeps its pages until the end, so that every page can say how many
        there are ("page 2 of 7") when its header and footer are drawn."""

        def __init__(self, *args: Any, decorate: Decorate, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._kept_pages: list[dict[str, Any]] = []
            self._decorate = decorate

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._kept_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._kept_pages)
            for number, state in enumerate(self._kept_pages, start=1):
                self.__dict__.update(state)
                self._decorate(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def _footer(text: str) -> Decorate:
    """A rule across the foot of the page, ``text`` under it on the left and "page x of y" on
    the right."""
    from reportlab.lib.units import mm

    def decorate(canvas: Any, number: int, total: int) -> None:
        page_width, _height = canvas._pagesize
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(20 * mm, 15 * mm, page_width - 20 * mm, 15 * mm)
        canvas.drawString(20 * mm, 10.5 * mm, printable(text))
        canvas.drawRightString(
            page_width - 20 * mm,
            10.5 * mm,
            printable(_("page {number} of {total}").format(number=number, total=total)),
        )
        canvas.restoreState()

    return decorate


# The reports --------------------------------------------------------------------------------------


def a4_document(
    title: str, author: str, *, subject: str | None = None, top_margin: float = 18
) -> tuple[Any, io.BytesIO, float]:
    """A document of A4 pages in Vera (margins in millimetres: 20 on the sides, 22 at the foot,
    ``top_margin`` at the top), what it writes to, and the width a table may take."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    prepare_reportlab()
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=top_margin * mm,
        bottomMargin=22 * mm,
        title=title,
        author=author or "RegioDesk",
        subject=subject,
        creator="RegioDesk",
        lang=current_language(),
        invariant=True,
        # Each page starts in this font: no standard font (never embedded) is referenced.
        initialFontName=FONT,
    )
    return document, out, document.width - 12  # the frame pads 6 points on either side


#: The styles every report has, as changes to the base style (9 points of Vera in ink).
_SHARED_STYLES: dict[str, dict[str, Any]] = {
    "title": {"fontName": FONT_BOLD, "fontSize": 17, "leading": 21, "spaceAfter": 2},
    "subtitle": {"fontSize": 10, "leading": 13, "textColor": MUTED},
    "heading": {"fontName": FONT_BOLD, "fontSize": 11.5, "leading": 15, "spaceAfter": 4},
    "body": {},
    "note": {"fontName": FONT_ITALIC, "fontSize": 8, "leading": 10, "textColor": MUTED},
    "th": {"fontName": FONT_BOLD, "fontSize": 8.5, "leading": 10.5},
    "cell": {},
}


def paragraph_styles(**more: Mapping[str, Any]) -> dict[str, Any]:
    """The reports' paragraph styles by name: the shared ones and ``more``, each given as its
    changes to the base style (a shared style's changes are added to its own)."""
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=11.5, textColor=INK)
    styles: dict[str, Any] = {}
    for name in [*_SHARED_STYLES, *(name for name in more if name not in _SHARED_STYLES)]:
        changes = {**_SHARED_STYLES.get(name, {}), **more.get(name, {})}
        styles[name] = ParagraphStyle(name, parent=base, **changes)
    return styles


def grid(
    data: list[list[Any]],
    fractions: list[float],
    width: float,
    more: Iterable[tuple[Any, ...]] = (),
) -> Any:
    """A table of ``width`` in columns of those fractions of it, with a shaded header that
    repeats on every page and a rule under every row; ``more`` are further style commands."""
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
        *more,
    ]
    table.setStyle(TableStyle(commands))
    return table
