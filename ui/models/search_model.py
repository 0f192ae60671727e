"""Search results as a table: kind, title, the text found (matches in bold), PFO and date.

The core marks the matched words of a snippet with ``[`` and ``]``.  The display role gives the
snippet without the marks (for screen readers and copying); ``MARKED_ROLE`` gives it with them,
and ``MarkedTextDelegate`` paints those words bold, escaping everything else.
"""

from __future__ import annotations

import html
import re
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from PySide6.QtCore import (
    QObject,
    QSize,
    Qt,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from regiodesk.i18n import DISPLAY_ZONE, N_, _, format_date
from regiodesk.queries.search import SearchHit
from regiodesk.timeutil import from_text
from ui.models.rows_model import Index, RowsModel

MARKED_ROLE = Qt.ItemDataRole.UserRole + 1
#: A marked stretch of a snippet: "[word]" (a lone bracket is just text).
MARKED = re.compile(r"(\[[^\[\]]*\])")

KIND, TITLE, FOUND, PFO, DATE = range(5)
COLUMNS = 5
ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
        MARKED_ROLE,
    }
)

KIND_LABELS = {
    "agenda_item": N_("Agenda item"),
    "decision": N_("Decision"),
    "private_note": N_("My note"),
    "meeting": N_("Meeting"),
    "document": N_("Document"),
    "action": N_("Action"),
    "initiative": N_("Initiative"),
}


@dataclass(frozen=True)
class SearchResult:
    """A hit, with what it is about and where Enter takes it."""

    hit: SearchHit
    #: The hit's own title, or that of what it belongs to (a decision's agenda item, ...).
    title: str
    #: The page that shows it, and what that page is to show (None: nothing shows it).
    page: str | None
    target: str | None


def kind_label(kind: str) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def plain(snippet: str) -> str:
    """A marked snippet without its marks."""
    return snippet.replace("[", "").replace("]", "")


@lru_cache(maxsize=512)
def marked_html(snippet: str) -> str:
    """A marked snippet as rich text: the marked words bold, everything else escaped."""
    parts: list[str] = []
    for piece in MARKED.split(snippet):
        if piece.startswith("[") and piece.endswith("]") and len(piece) > 1:
            parts.append(f"<b>{html.escape(piece[1:-1])}</b>")
        else:
            parts.append(html.escape(piece))
    return "".join(parts)


def _headers() -> list[str]:
    return [_("Kind"), _("Title"), _("Found"), _("PFO"), _("Date")]


class SearchModel(RowsModel[SearchResult]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(_headers(), parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROLES:
            return None  # (asked for often: the delegates ask for every role of every cell)
        result = self.row_of(index)
        if result is None:
            return None
        column = index.column()
        if role == MARKED_ROLE:
            return result.hit.snippet
        if role != Qt.ItemDataRole.ToolTipRole or column in (TITLE, FOUND):
            return self.texts(index.row())[column]
        return None

    def _make_texts(self, row: SearchResult) -> tuple[str, ...]:
        """A row's texts, made when first shown (dates in words are slow to make)."""
        return tuple(self._text(row, column) for column in range(COLUMNS))

    @staticmethod
    def _text(result: SearchResult, column: int) -> str:
        hit = result.hit
        if column == KIND:
            return kind_label(hit.kind)
        if column == TITLE:
            return result.title or "–"
        if column == FOUND:
            return plain(hit.snippet)
        if column == PFO:
            return hit.pfo_name or "–"
        if hit.meeting_starts_at:
            return format_date(from_text(hit.meeting_starts_at).astimezone(DISPLAY_ZONE).date())
        return "–"


class MarkedTextDelegate(QStyledItemDelegate):
    """Paints a marked snippet (``MARKED_ROLE``) as rich text, wrapped to the column's width."""

    MARGIN = 3
    #: Laid-out documents kept (a table asks for the same cells' sizes again and again).
    KEPT = 400

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._documents: OrderedDict[tuple[str, int, str], QTextDocument] = OrderedDict()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.text = ""
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, widget)
        document = self._document(index, item, area.width())
        top = max(0, (area.height() - int(document.size().height())) // 2)
        painter.save()
        painter.translate(area.left(), area.top() + top)
        painter.setClipRect(0, 0, area.width(), area.height() - top)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, item.palette.color(role))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802 (Qt)
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        width = item.rect.width() if item.rect.width() > 0 else 400
        document = self._document(index, item, width - 2 * self.MARGIN)
        return QSize(int(document.idealWidth()), int(document.size().height()) + 2)

    def _document(self, index: Index, item: QStyleOptionViewItem, width: int) -> QTextDocument:
        font = item.font
        key = (str(index.data(MARKED_ROLE) or ""), max(width, 40), font.key())
        document = self._documents.get(key)
        if document is not None:
            self._documents.move_to_end(key)
            return document
        document = QTextDocument()
        document.setDocumentMargin(self.MARGIN)
        document.setDefaultFont(font)
        document.setHtml(marked_html(key[0]))
        document.setTextWidth(key[1])
        self._documents[key] = document
        if len(self._documents) > self.KEPT:
            self._documents.popitem(last=False)
        return document
