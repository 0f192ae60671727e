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
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from regiodesk.i18n import DISPLAY_ZONE, N_, _, format_date
from regiodesk.queries.search import SearchHit
from regiodesk.timeutil import from_text

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

Index = QModelIndex | QPersistentModelIndex


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


class SearchModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._results: list[SearchResult] = []
        self._texts: list[tuple[str, ...] | None] = []  # per result, its columns' texts
        self._headers = _headers()

    def set_results(self, results: list[SearchResult]) -> None:
        self.beginResetModel()
        self._results = list(results)
        self._texts = [None] * len(results)
        self.endResetModel()

    def result(self, index: Index) -> SearchResult | None:
        if not index.isValid() or not 0 <= index.row() < len(self._results):
            return None
        return self._results[index.row()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt)
        return 0 if parent.isValid() else len(self._results)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt)
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802 (Qt)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROLES:
            return None  # (asked for often: the delegates ask for every role of every cell)
        result = self.result(index)
        if result is None:
            return None
        column = index.column()
        if role == MARKED_ROLE:
            return result.hit.snippet
        if role != Qt.ItemDataRole.ToolTipRole or column in (TITLE, FOUND):
            return self._texts_of(index.row(), result)[column]
        return None

    def _texts_of(self, number: int, result: SearchResult) -> tuple[str, ...]:
        """A row's texts, worked out when first shown (dates in words are slow to make)."""
        texts = self._texts[number]
        if texts is None:
            texts = tuple(self._text(result, column) for column in range(COLUMNS))
            self._texts[number] = texts
        return texts

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
