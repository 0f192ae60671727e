"""The meetings list as a table: one row per meeting, sortable by every column, filtered by text.

Display texts (a Dutch date takes Babel some work) and sort keys are made on the database worker,
in ``entries``; the model sorts them in Python.  So ten years of meetings (about 1,000) fill and
sort the table in a few milliseconds of the GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from regiodesk.i18n import _, format_when
from regiodesk.queries.meetings import MeetingRow

#: The role that holds what a column sorts by.
SORT_ROLE = Qt.ItemDataRole.UserRole
#: The role that holds the meeting's id (every column).
ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex
#: The columns, in order: date, PFO, number, title, location, status, number of items.
COLUMN_COUNT = 7
ITEMS_COLUMN = 6


@dataclass(frozen=True)
class MeetingEntry:
    """A meeting with what the table shows and sorts by, one value per column."""

    meeting: MeetingRow
    texts: tuple[str, ...]
    sort_keys: tuple[Any, ...]
    #: Everything the text filter looks in, in lower case.
    haystack: str


def entries(rows: Sequence[MeetingRow]) -> list[MeetingEntry]:
    """Make the table's texts and sort keys (call it on the worker)."""
    made = []
    for row in rows:
        texts = (
            format_when(row.starts_at),
            row.pfo_name,
            row.reference,
            row.title,
            row.location,
            row.status.label,
            str(row.items),
        )
        keys = (
            row.starts_at.timestamp(),
            row.pfo_name.casefold(),
            row.starts_at.year * 1000 + row.number,
            row.title.casefold(),
            row.location.casefold(),
            texts[5].casefold(),
            row.items,
        )
        made.append(MeetingEntry(row, texts, keys, " ".join(texts[:6]).casefold()))
    return made


class MeetingsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[MeetingEntry] = []
        self._sort_by: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)

    def set_entries(self, made: list[MeetingEntry]) -> None:
        self.beginResetModel()
        self._entries = self._sorted(made)
        self.endResetModel()

    def _sorted(self, made: list[MeetingEntry]) -> list[MeetingEntry]:
        column, order = self._sort_by
        return sorted(
            made,
            key=lambda entry: (entry.sort_keys[column], entry.sort_keys[0]),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python, on keys made on the worker (a proxy model would ask ``data`` for
        every comparison)."""
        if not 0 <= column < COLUMN_COUNT:
            return
        self._sort_by = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = [(self._entries[index.row()].meeting.id, index.column()) for index in persistent]
        self._entries = self._sorted(self._entries)
        rows = {entry.meeting.id: row for row, entry in enumerate(self._entries)}
        self.changePersistentIndexList(
            persistent, [self.index(rows[meeting_id], column) for meeting_id, column in kept]
        )
        self.layoutChanged.emit()

    def entry(self, row: int) -> MeetingEntry:
        return self._entries[row]

    def row_of(self, meeting_id: str) -> int | None:
        for row, entry in enumerate(self._entries):
            if entry.meeting.id == meeting_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt)
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt)
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(  # noqa: N802 (Qt)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            _("Date"),
            _("PFO"),
            _("Number"),
            _("Title"),
            _("Location"),
            _("Status"),
            _("Items"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.texts[index.column()]
        if role == SORT_ROLE:
            return entry.sort_keys[index.column()]
        if role == ID_ROLE:
            return entry.meeting.id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == ITEMS_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class MeetingsFilter(QSortFilterProxyModel):
    """Keeps the rows that hold every word typed; sorting is left to the source model."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def set_text(self, text: str) -> None:
        words = text.casefold().split()
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 (Qt)
        if not self._words:
            return True
        model = self.sourceModel()
        assert isinstance(model, MeetingsModel)
        haystack = model.entry(source_row).haystack
        return all(word in haystack for word in self._words)
