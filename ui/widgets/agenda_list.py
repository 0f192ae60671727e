"""The agenda of a meeting as a table: Enter opens an item; an editor drags items to reorder them
and drops files on an item to attach them to it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from regiodesk.i18n import _
from regiodesk.queries.agenda import AgendaRow
from ui.models.agenda_model import ID_ROLE, AgendaModel

WIDTHS = {"number": 36, "time": 56, "kind": 130, "rapporteur": 170, "minutes": 64}
WIDTHS |= {"papers": 60, "positions": 80, "decision": 150}


class AgendaList(QTableView):
    #: Enter or a double click on an item: its id.
    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agenda = AgendaModel(self)
        self.setModel(self.agenda)
        self.setAccessibleName(_("Agenda"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(
            AgendaModel.COLUMNS.index("title"), QHeaderView.ResizeMode.Stretch
        )
        for name, width in WIDTHS.items():
            column = AgendaModel.COLUMNS.index(name)
            self.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setDropIndicatorShown(True)
        self.set_editable(False)
        self.activated.connect(self._activated)

    def set_editable(self, editable: bool) -> None:
        self.agenda.editable = editable
        self.setDragEnabled(editable)
        self.setAcceptDrops(editable)
        self.viewport().setAcceptDrops(editable)

    def set_items(self, items: list[AgendaRow]) -> None:
        """Show an agenda, keeping the same item current."""
        current = self.current_item()
        self.agenda.set_items(items)
        row = self.agenda.row_of(current.id if current else None)
        if row is None and items:
            row = 0
        if row is not None:
            self.select_row(row)

    def select_row(self, row: int) -> None:
        index = self.agenda.index(row, AgendaModel.COLUMNS.index("title"))
        self.setCurrentIndex(index)
        self.scrollTo(index)

    def select_item(self, item_id: str) -> None:
        row = self.agenda.row_of(item_id)
        if row is not None:
            self.select_row(row)

    def current_item(self) -> AgendaRow | None:
        index = self.currentIndex()
        if not index.isValid() or index.row() >= len(self.agenda.items):
            return None
        return self.agenda.items[index.row()]

    def _activated(self, index: QModelIndex) -> None:
        item_id = index.data(ID_ROLE)
        if item_id:
            self.open_requested.emit(item_id)
