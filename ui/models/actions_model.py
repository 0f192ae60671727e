"""The action list as a table: deadline, action, holder, status, PFO, meeting, decision.

Overdue actions say so in words and with a warning icon (and in colour), so that nobody depends on
colour alone.  ``SORT_ROLE`` gives each column a sort key; sorting the deadline column ascending
gives the core's order (overdue first, then by deadline, the finished ones last).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from regiodesk.i18n import DISPLAY_ZONE, _, format_date, format_when, ngettext
from regiodesk.model.enums import ActionStatus
from regiodesk.queries.actions import ActionRow
from ui.models.rows_model import Index, RowsModel

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ACTION_ROLE = Qt.ItemDataRole.UserRole + 2

DEADLINE, DESCRIPTION, HOLDER, STATUS, PFO, MEETING, DECISION = range(7)
ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        SORT_ROLE,
        ACTION_ROLE,
    }
)
OVERDUE_COLOUR = QColor("#c62828")
STATUS_ORDER = {status: number for number, status in enumerate(ActionStatus)}


def _headers() -> list[str]:
    return [
        _("Deadline"),
        _("Action"),
        _("Holder"),
        _("Status"),
        _("PFO"),
        _("Meeting"),
        _("Decision"),
    ]


def holder_text(row: ActionRow, me: str | None, lines: bool = False) -> str:
    """Who holds an action: "Name (Municipality)" (or on two lines), the municipality alone, or
    "you"."""
    if row.holder_person_id is not None and row.holder_person_id == me:
        return _("you")
    if row.holder_person and row.holder_municipality:
        template = "{person}\n{municipality}" if lines else _("{person} ({municipality})")
        return template.format(person=row.holder_person, municipality=row.holder_municipality)
    return row.holder_person or row.holder_municipality or _("nobody yet")


def deadline_text(row: ActionRow) -> str:
    """The deadline; for an overdue action with a second line that says so."""
    if row.deadline is None:
        return _("no deadline")
    day = format_date(row.deadline)
    if row.overdue:
        return ngettext(
            "{day}\noverdue by {count} day", "{day}\noverdue by {count} days", row.days_overdue
        ).format(day=day, count=row.days_overdue)
    return day


def status_text(row: ActionRow) -> str:
    if row.status is ActionStatus.DONE and row.completed_on is not None:
        return _("{status}\non {day}").format(
            status=row.status.label, day=format_date(row.completed_on)
        )
    return row.status.label


def meeting_text(row: ActionRow) -> str:
    day = row.meeting_starts_at.astimezone(DISPLAY_ZONE).date()
    return _("{reference}\n{day}").format(reference=row.meeting_reference, day=format_date(day))


class ActionsModel(RowsModel[ActionRow]):
    def __init__(self, person_id: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(_headers(), parent)
        self._person_id = person_id
        self._warning: QIcon | None = None

    def find(self, action_id: str) -> int | None:
        return next((n for n, row in enumerate(self._rows) if row.id == action_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROLES:
            return None  # (asked for often: the delegate asks for every role of every cell)
        row = self.row_of(index)
        if row is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.texts(index.row())[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == SORT_ROLE:
            return self._sort_key(index.row(), row, column)
        if role == ACTION_ROLE:
            return row.id
        if column == DEADLINE and row.overdue:
            return self._overdue_look(role)
        if column == HOLDER and role == Qt.ItemDataRole.FontRole:
            return self._bold() if self._is_mine(row) else None
        return None

    # Cells ------------------------------------------------------------------------------------

    def _make_texts(self, row: ActionRow) -> tuple[str, ...]:
        """A row's texts, made when first shown (dates in words are slow to make)."""
        return tuple(self._text(row, column) for column in range(len(self._headers)))

    def _text(self, row: ActionRow, column: int) -> str:
        if column == DEADLINE:
            return deadline_text(row)
        if column == DESCRIPTION:
            return row.description
        if column == HOLDER:
            return holder_text(row, self._person_id, lines=True)
        if column == STATUS:
            return status_text(row)
        if column == PFO:
            return row.pfo_short_name
        if column == MEETING:
            return meeting_text(row)
        return row.decision_text or "–"

    def _tooltip(self, row: ActionRow, column: int) -> str | None:
        if column == DESCRIPTION:
            return row.description
        if column == DECISION and row.decision_text:
            if row.decision_item_title:
                return _("{item}: {decision}").format(
                    item=row.decision_item_title, decision=row.decision_text
                )
            return row.decision_text
        if column == DEADLINE and row.overdue:
            return _("Overdue: the deadline has passed and the action is not done.")
        if column == HOLDER:
            return holder_text(row, None)
        if column == PFO:
            return row.pfo_name
        if column == MEETING:
            return _("Meeting {reference}, {when}").format(
                reference=row.meeting_reference, when=format_when(row.meeting_starts_at)
            )
        return None

    def _sort_key(self, number: int, row: ActionRow, column: int) -> Any:
        if column == DEADLINE:
            return number  # the core's order: overdue first, then by deadline
        if column == STATUS:
            return STATUS_ORDER[row.status]
        if column == MEETING:
            return row.meeting_starts_at.isoformat()
        return self.texts(number)[column].casefold()

    def _overdue_look(self, role: int) -> Any:
        if role == Qt.ItemDataRole.DecorationRole:
            if self._warning is None:
                style = QApplication.style()
                self._warning = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            return self._warning
        if role == Qt.ItemDataRole.ForegroundRole:
            return OVERDUE_COLOUR
        if role == Qt.ItemDataRole.FontRole:
            return self._bold()
        return None

    def _is_mine(self, row: ActionRow) -> bool:
        return row.holder_person_id is not None and row.holder_person_id == self._person_id

    @staticmethod
    def _bold() -> QFont:
        font = QFont()
        font.setBold(True)
        return font
