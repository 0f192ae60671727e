"""The matrix of initiatives by municipalities as a table.

One row per initiative and a last row with the totals per municipality; one column for the
initiative, one per municipality and a last column with the total per initiative.  A cell holds
the municipality's share per year in euros, or "does not participate" (the reason in the
tooltip), or a dash when the municipality is not recorded on the initiative.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont

from regiodesk.i18n import _, format_money
from regiodesk.queries.initiatives import ZERO, InitiativeShares, Matrix, ParticipantRow
from ui.errors import describe
from ui.models.rows_model import Index, RowsModel

#: The column of the initiative's title; the municipalities follow, the total is last.
TITLE = 0
#: The municipality id of a municipality column, or None.
MUNICIPALITY_ROLE = Qt.ItemDataRole.UserRole + 1
NOT_RECORDED = "–"
ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
    }
)

#: A row of the table: an initiative, or None for the totals.
MatrixRow = InitiativeShares | None


def cell_text(row: ParticipantRow | None) -> str:
    """What one municipality pays for one initiative, in words."""
    if row is None:
        return NOT_RECORDED
    if not row.participates:
        return _("does not participate")
    if row.share is None:
        return _("cannot be shared")
    return format_money(row.share)


class InitiativesModel(RowsModel[MatrixRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([_("Initiative"), _("Total")], parent)
        self._matrix: Matrix | None = None

    @property
    def matrix(self) -> Matrix | None:
        return self._matrix

    def set_matrix(self, table: Matrix) -> None:
        """Show ``table``: its columns change with its municipalities."""
        self.beginResetModel()
        self._matrix = table
        self._headers = [
            _("Initiative"),
            *(municipality.name for municipality in table.municipalities),
            _("Total"),
        ]
        self._rows = [*table.initiatives, None] if table.initiatives else []
        self._texts = [None] * len(self._rows)
        self.endResetModel()

    @property
    def total_column(self) -> int:
        return len(self._headers) - 1

    def municipality_at(self, column: int) -> str | None:
        if self._matrix is None or not 0 < column < self.total_column:
            return None
        return self._matrix.municipalities[column - 1].id

    def column_of(self, municipality_id: str) -> int | None:
        if self._matrix is None:
            return None
        ids = [municipality.id for municipality in self._matrix.municipalities]
        return ids.index(municipality_id) + 1 if municipality_id in ids else None

    def headerData(  # noqa: N802 (Qt)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == MUNICIPALITY_ROLE:
            return self.municipality_at(section)
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROLES or not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.texts(index.row())[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.FontRole:
            if row is None or column == self.total_column:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column != TITLE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # Cells ------------------------------------------------------------------------------------

    def _make_texts(self, row: MatrixRow) -> tuple[str, ...]:
        table = self._matrix
        assert table is not None
        if row is None:
            return (
                _("Total"),
                *(
                    format_money(table.per_municipality.get(m.id, ZERO))
                    for m in table.municipalities
                ),
                format_money(table.total),
            )
        return (
            row.title,
            *(cell_text(row.row(m.id)) for m in table.municipalities),
            format_money(table.per_initiative.get(row.id, ZERO)),
        )

    def _tooltip(self, row: MatrixRow, column: int) -> str | None:
        if row is None:
            if column == TITLE:
                return _("What each municipality pays per year for these initiatives")
            return None
        if column == TITLE:
            return self._initiative_tooltip(row)
        municipality_id = self.municipality_at(column)
        if municipality_id is None:
            return _("The budget per year shared among the participating municipalities")
        recorded = row.row(municipality_id)
        if recorded is None:
            return _("Not recorded on this initiative: pays nothing for it.")
        if not recorded.participates:
            if recorded.reason:
                return _("Does not participate: {reason}").format(reason=recorded.reason)
            return _("Does not participate (no reason recorded).")
        if recorded.share is None:
            problem = describe(row.problem) if row.problem is not None else ""
            return _("The budget cannot be shared now. {problem}").format(problem=problem).strip()
        return None

    @staticmethod
    def _initiative_tooltip(row: InitiativeShares) -> str:
        lines = [
            _("Budget per year: {budget}").format(budget=format_money(row.budget_per_year)),
            _("Cost key: {key}").format(key=row.cost_key.label),
            _("Years: {start}–{end}").format(start=row.start_year, end=row.end_year),
        ]
        if row.pfo_name:
            lines.insert(0, row.pfo_name)
        return "\n".join([row.title, *lines])
