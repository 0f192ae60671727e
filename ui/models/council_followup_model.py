"""Decisions routed to the councils as tables: the decisions (or one council's agenda), and where
each council stands on one decision.

An overdue decision says so in words and with a warning icon (and in colour), so that nobody
depends on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from regiodesk.i18n import _, format_date, ngettext
from regiodesk.model.enums import CouncilStatus
from regiodesk.queries.governance import CouncilState, RoutedDecision
from ui.models.rows_model import Index, RowsModel

DEADLINE, DECISION, PFO, COUNCILS = range(4)
MUNICIPALITY, STATUS, NOTE = range(3)
ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
    }
)
OVERDUE_COLOUR = QColor("#c62828")


@dataclass(frozen=True)
class FollowUpRow:
    """A decision routed to the councils; with ``state`` when one council's agenda is shown."""

    decision: RoutedDecision
    state: CouncilState | None = None

    @property
    def overdue(self) -> bool:
        return self.decision.overdue


def council_status_text(state: CouncilState) -> str:
    """Where a council stands: "to be scheduled", "scheduled on 3 Mar 2027", "adopted on …"."""
    status = state.status
    if status is CouncilStatus.SCHEDULED and state.scheduled_on is not None:
        return _("scheduled on {day}").format(day=format_date(state.scheduled_on))
    if status in (
        CouncilStatus.ADOPTED,
        CouncilStatus.ADOPTED_AMENDED,
        CouncilStatus.REJECTED,
        CouncilStatus.WITHDRAWN,
    ) and (state.handled_on is not None):
        return _("{status} on {day}").format(status=status.label, day=format_date(state.handled_on))
    return status.label


def deadline_text(decision: RoutedDecision, today: date | None = None) -> str:
    """The council deadline; for an overdue decision with a second line that says so."""
    if decision.council_deadline is None:
        return _("no council deadline")
    day = format_date(decision.council_deadline)
    if decision.overdue:
        late = max(((today or date.today()) - decision.council_deadline).days, 1)
        return ngettext(
            "{day}\noverdue by {count} day", "{day}\noverdue by {count} days", late
        ).format(day=day, count=late)
    return day


def progress_text(decision: RoutedDecision) -> str:
    total = len(decision.councils)
    if total == 0:
        return _("no councils recorded")
    return ngettext(
        "{handled} of {total} council handled it",
        "{handled} of {total} councils handled it",
        total,
    ).format(handled=decision.handled, total=total)


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class CouncilFollowUpModel(RowsModel[FollowUpRow]):
    """The decisions; with a municipality chosen, its council's status instead of the tally."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(self._make_headers(False), parent)
        self._warning: QIcon | None = None
        self._one_council = False

    @staticmethod
    def _make_headers(one_council: bool) -> list[str]:
        return [
            _("Council deadline"),
            _("Decision"),
            _("PFO"),
            _("This council") if one_council else _("Councils"),
        ]

    def set_follow_up(self, rows: list[FollowUpRow], one_council: bool) -> None:
        self._one_council = one_council
        self._headers = self._make_headers(one_council)
        self.set_rows(rows)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._headers) - 1)

    def find(self, decision_id: str) -> int | None:
        return next(
            (n for n, row in enumerate(self._rows) if row.decision.decision_id == decision_id),
            None,
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROLES:
            return None
        row = self.row_of(index)
        if row is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.texts(index.row())[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if column == DEADLINE and row.overdue:
            if role == Qt.ItemDataRole.DecorationRole:
                if self._warning is None:
                    style = QApplication.style()
                    self._warning = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
                return self._warning
            if role == Qt.ItemDataRole.ForegroundRole:
                return OVERDUE_COLOUR
            if role == Qt.ItemDataRole.FontRole:
                return _bold()
        return None

    def _make_texts(self, row: FollowUpRow) -> tuple[str, ...]:
        decision = row.decision
        councils = (
            council_status_text(row.state) if row.state is not None else progress_text(decision)
        )
        return (deadline_text(decision), decision.text, decision.pfo_short_name, councils)

    def _tooltip(self, row: FollowUpRow, column: int) -> str | None:
        decision = row.decision
        if column == DEADLINE and decision.overdue:
            return _("Overdue: the council deadline has passed and not every council handled it.")
        if column == DECISION:
            return _("{item}: {decision}").format(item=decision.item_title, decision=decision.text)
        if column == PFO:
            return decision.pfo
        if column == COUNCILS and row.state is not None:
            return row.state.amendment or row.state.note or None
        return None


class CouncilStatesModel(RowsModel[CouncilState]):
    """Where each council stands on one decision."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([_("Municipality"), _("Council"), _("Amendment or note")], parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_of(index)
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.texts(index.row())[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == NOTE:
            return self.texts(index.row())[NOTE] or None
        if role == Qt.ItemDataRole.FontRole and index.column() == STATUS and not row.handled:
            return _bold()
        return None

    def _make_texts(self, row: CouncilState) -> tuple[str, ...]:
        parts = [text for text in (row.amendment, row.note) if text]
        return (row.municipality, council_status_text(row), " · ".join(parts))
