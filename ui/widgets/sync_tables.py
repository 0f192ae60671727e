"""The read-only tables of the sync page: one row per device or held-back change."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidget

from ui.widgets import tables
from ui.widgets.tables import cell

__all__ = ["cell", "read_only_table"]


def read_only_table(columns: list[str], name: str, stretch: int) -> QTableWidget:
    """A read-only table whose column ``stretch`` takes the room left (the others fit)."""
    table = tables.read_only_table(columns, name, stretch)
    table.setMinimumHeight(140)
    return table
