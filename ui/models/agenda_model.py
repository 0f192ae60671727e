"""A meeting's agenda as a table, with drag and drop: an item dragged to another place asks for a
move, files dropped on an item ask to be attached to it.  The model itself never reorders: the
store does, and the page shows the agenda it then reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from regiodesk.i18n import DISPLAY_ZONE, _
from regiodesk.model.enums import ItemKind
from regiodesk.queries.agenda import AgendaRow
from ui.widgets.icons import LOCK_COLOUR, lock_icon

#: The mime type of an agenda item being dragged (its id, UTF-8).
ITEM_MIME = "application/x-regiodesk-agenda-item"
ID_ROLE = Qt.ItemDataRole.UserRole

Index = QModelIndex | QPersistentModelIndex


def local_files(data: QMimeData) -> list[Path]:
    """The local files in dropped data (links to web pages are no documents)."""
    if not data.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]


class AgendaModel(QAbstractTableModel):
    COLUMNS = ("number", "time", "title", "kind", "rapporteur", "minutes", "papers", "positions")
    COLUMNS += ("decision",)

    #: An item asks to go to a place on the agenda: (item id, new 0-based index).
    move_requested = Signal(str, int)
    #: Files dropped: (paths, the item they were dropped on, or None for the meeting).
    files_dropped = Signal(list, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[AgendaRow] = []
        self.editable = False

    def set_items(self, items: list[AgendaRow]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def row_of(self, item_id: str | None) -> int | None:
        for row, item in enumerate(self.items):
            if item.id == item_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt)
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt)
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802 (Qt)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                "#",
                _("Time"),
                _("Title"),
                _("Kind"),
                _("Rapporteur"),
                _("Minutes"),
                _("Papers"),
                _("Positions"),
                _("Decision"),
            )[section]
        if role == Qt.ItemDataRole.ToolTipRole and self.COLUMNS[section] == "positions":
            return _("Positions recorded / member municipalities")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == ID_ROLE:
            return item.id
        if column == "title" and item.confidential:
            if role == Qt.ItemDataRole.DecorationRole:
                return lock_icon()
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("Confidential")
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(LOCK_COLOUR)
            if role == Qt.ItemDataRole.AccessibleDescriptionRole:
                return _("confidential")
        if role == Qt.ItemDataRole.ToolTipRole and column == "title" and item.proposal:
            return item.proposal
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("number", "minutes", "papers"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(item: AgendaRow, column: str) -> str:
        if column == "number":
            return str(item.number)
        if column == "time":
            return item.planned_start.astimezone(DISPLAY_ZONE).strftime("%H:%M")
        if column == "title":
            return item.title
        if column == "kind":
            return item.kind.label
        if column == "rapporteur":
            return item.rapporteur_name
        if column == "minutes":
            return str(item.planned_minutes)
        if column == "papers":
            return str(item.documents) if item.documents else ""
        if column == "positions":
            if item.kind is ItemKind.INFORMATION:
                return "–"
            return f"{item.positions} / {item.members}"
        return item.outcome.label if item.outcome else ""

    # Drag and drop ----------------------------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.editable:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
            if index.isValid():
                flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802 (Qt)
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction | Qt.DropAction.LinkAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802 (Qt)
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802 (Qt)
        return [ITEM_MIME, "text/uri-list"]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]  # noqa: N802
        data = QMimeData()
        rows = sorted({index.row() for index in indexes if index.isValid()})
        if rows:
            data.setData(ITEM_MIME, QByteArray(self.items[rows[0]].id.encode()))
            data.setText(self.items[rows[0]].title)
        return data

    def canDropMimeData(  # noqa: N802 (Qt)
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return self.editable and (data.hasFormat(ITEM_MIME) or bool(local_files(data)))

    def dropMimeData(  # noqa: N802 (Qt)
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """``row`` is where the drop goes between rows; -1 with a valid ``parent`` is a drop on
        that item; -1 without one, a drop below the last item."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        on_item = self.items[parent.row()] if row < 0 and parent.isValid() else None
        if data.hasFormat(ITEM_MIME):
            moving = self.row_of(bytes(data.data(ITEM_MIME).data()).decode())
            if moving is None:
                return False
            if on_item is not None:
                new_index = parent.row()  # take the place of the item it was dropped on
            else:
                gap = len(self.items) if row < 0 else row
                new_index = gap if gap <= moving else gap - 1
            if new_index != moving:
                self.move_requested.emit(self.items[moving].id, new_index)
            return True
        self.files_dropped.emit(local_files(data), on_item.id if on_item else None)
        return True
