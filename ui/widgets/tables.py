"""Read-only tables: one row per thing, chosen as a whole row, never edited in place."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem


def cell(text: str, tooltip: str = "") -> QTableWidgetItem:
    """A cell whose tooltip is ``tooltip``, or else its own text (for a cut-off text)."""
    item = QTableWidgetItem(text)
    item.setToolTip(tooltip or text)
    return item


def read_only_table(columns: list[str], accessible_name: str, stretch: int = 0) -> QTableWidget:
    """A read-only table of one selectable row at a time, without row numbers, whose column
    ``stretch`` takes the room left (the others fit their contents); Tab leaves the table."""
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.setAccessibleName(accessible_name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table
