"""The positions of all member municipalities on one agenda item, with a tally of the five kinds.

The overview loads its own data and reloads when positions (or memberships) change, so it stays
true wherever it is shown."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from regiodesk.changelog.writer import Changes
from regiodesk.errors import RegioDeskError
from regiodesk.i18n import _, format_when
from regiodesk.model.enums import PositionKind
from regiodesk.queries.item import ItemPositions, MunicipalityPosition, item_positions
from ui.context import AppContext
from ui.errors import describe

log = logging.getLogger(__name__)

#: Tables whose changes can change what the overview shows.
WATCHES = ("position", "membership", "municipality", "person", "agenda_item", "meeting")

MUNICIPALITY, POSITION, REASON, RECORDED_BY, WHEN = range(5)
TALLY_COLUMNS = 3


def sentence(text: str) -> str:
    """A label as the start of a sentence: "agree" becomes "Agree"."""
    return text[:1].upper() + text[1:]


def _cell(text: str, tooltip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if tooltip:
        item.setToolTip(tooltip)
    return item


class PositionsOverview(QWidget):
    """A table of member municipalities × (position, reason, recorded by, when), and a tally."""

    #: A municipality's row was activated (Enter or double-click): its id.
    municipality_activated = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.item_id: str | None = None
        self.positions: ItemPositions | None = None
        self._stale = False

        self.tally_labels: dict[PositionKind | None, QLabel] = {}
        tally = QGridLayout()
        tally.setHorizontalSpacing(18)
        tally.setVerticalSpacing(2)
        for index, kind in enumerate((*PositionKind, None)):
            label = QLabel()
            self.tally_labels[kind] = label
            tally.addWidget(label, index // TALLY_COLUMNS, index % TALLY_COLUMNS)
        tally.setColumnStretch(TALLY_COLUMNS, 1)

        self.table = QTableWidget(0, 5)
        self.table.setAccessibleName(_("Positions of the member municipalities"))
        self.table.setHorizontalHeaderLabels(
            [_("Municipality"), _("Position"), _("Reason"), _("Recorded by"), _("When")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        for column in (MUNICIPALITY, WHEN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # Long labels ("akkoord onder voorbehoud van de raad") would leave the reason no room:
        # these two get a fixed share and elide, with the whole text in the tooltip.
        for column, letters in ((POSITION, 17), (RECORDED_BY, 15)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, self.fontMetrics().horizontalAdvance("n" * letters))
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.itemActivated.connect(self._activated)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tally)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        context.worker.changed.connect(self._on_changes)
        self._show_tally(None)

    # Loading ------------------------------------------------------------------------------------

    def show_item(self, item_id: str) -> None:
        """Show the positions on this item (loaded off the GUI thread)."""
        if item_id != self.item_id:
            self.item_id = item_id
            self.positions = None
            self.table.setRowCount(0)
            self._show_tally(None)
        self.reload()

    def reload(self) -> None:
        item_id = self.item_id
        if item_id is None:
            return
        self._stale = False
        self.context.worker.query(
            lambda store: item_positions(store, item_id), self.show_positions, self._failed
        )

    def _on_changes(self, changes: Changes) -> None:
        if self.item_id is None or not changes.touches(*WATCHES):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, RegioDeskError):
            log.error("loading the positions failed", exc_info=error)
        self.message.setText(describe(error))
        self.message.setVisible(True)

    # Showing ------------------------------------------------------------------------------------

    def show_positions(self, positions: ItemPositions) -> None:
        if positions.item_id != self.item_id:
            return  # an answer about an item no longer shown
        self.positions = positions
        self.message.setVisible(False)
        current = self.table.currentRow()
        self.table.setRowCount(len(positions.rows))
        for row, each in enumerate(positions.rows):
            self._fill_row(row, each)
        if 0 <= current < self.table.rowCount():
            self.table.setCurrentCell(current, 0)
        self._show_tally(positions)

    def _fill_row(self, row: int, each: MunicipalityPosition) -> None:
        name = (
            each.municipality
            if each.member
            else _("{municipality} (no longer a member)").format(municipality=each.municipality)
        )
        cell = _cell(name)
        cell.setData(Qt.ItemDataRole.UserRole, each.municipality_id)
        self.table.setItem(row, MUNICIPALITY, cell)
        if each.kind is None:
            position = _cell(_("no position yet"))
            font = QFont(position.font())
            font.setItalic(True)
            position.setFont(font)
            position.setForeground(self.palette().placeholderText())
        else:
            position = _cell(sentence(each.kind.label), sentence(each.kind.label))
        self.table.setItem(row, POSITION, position)
        self.table.setItem(row, REASON, _cell(each.reason, each.reason))
        self.table.setItem(row, RECORDED_BY, _cell(each.recorded_by, each.recorded_by))
        when = format_when(each.recorded_at) if each.recorded_at else ""
        self.table.setItem(row, WHEN, _cell(when))

    def _activated(self, cell: QTableWidgetItem) -> None:
        municipality = self.table.item(cell.row(), MUNICIPALITY)
        if municipality is not None:
            self.municipality_activated.emit(municipality.data(Qt.ItemDataRole.UserRole))

    def _show_tally(self, positions: ItemPositions | None) -> None:
        counts = positions.tally if positions else dict.fromkeys(PositionKind, 0)
        for kind, label in self.tally_labels.items():
            if kind is None:
                count = positions.without_position if positions else 0
                text = _("No position yet: {count}").format(count=count)
            else:
                count = counts[kind]
                text = _("{kind}: {count}").format(kind=sentence(kind.label), count=count)
            label.setText(text)
            label.setAccessibleName(text)
            label.setProperty("count", count)
            font = label.font()
            font.setBold(bool(count) and kind is not None)
            label.setFont(font)

    def count(self, kind: PositionKind | None) -> int:
        """The tally shown for a kind (None: the municipalities without a position yet)."""
        return int(self.tally_labels[kind].property("count"))
