"""The tables of the session page: attendance, the agenda in session, the roll call, the
speakers.  Read-only rows from the core's session queries; colours say state at a glance."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from regiodesk.i18n import _, format_when
from regiodesk.model.enums import AttendanceStatus, PositionKind
from regiodesk.queries.session import (
    AttendanceLine,
    ItemState,
    RollCallLine,
    SessionItem,
    Speaker,
)
from ui.models.rows_model import Index, RowsModel
from ui.widgets.session_common import minutes_text

IN_ROOM = QColor("#dff3e3")
OUT = QColor("#f6e0df")
CURRENT = QColor("#ffe8a3")
DONE = QColor("#8a8a8a")
PREPARED = QColor("#5b6b8c")

#: One key per position kind, in the order of the domain (shown in the legend).
KIND_KEYS: dict[PositionKind, str] = {
    PositionKind.AGREE: "1",
    PositionKind.AGREE_SUBJECT_TO_COUNCIL: "2",
    PositionKind.ABSTAIN: "3",
    PositionKind.DISAGREE: "4",
    PositionKind.NOT_PARTICIPATING: "5",
}


def time_text(moment: Any) -> str:
    return format_when(moment)[-5:] if moment is not None else ""


class AttendanceModel(RowsModel[AttendanceLine]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([_("Municipality"), _("Attendance"), _("Times"), _("By")], parent)

    def _make_texts(self, row: AttendanceLine) -> tuple[str, ...]:
        status = row.status.label if row.status else _("not recorded")
        if row.left_at is not None:
            status = _("left")
        by = row.person_name
        if row.status is AttendanceStatus.REPRESENTED:
            by = _("by {municipality}").format(municipality=row.represented_by)
            if row.mandate:
                by += f" ({row.mandate})"
        times = time_text(row.arrived_at)
        if row.left_at is not None:
            times += f" – {time_text(row.left_at)}"
        return (row.municipality, status, times, by)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_of(index)
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.texts(index.row())[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 1:
            return QBrush(IN_ROOM if row.in_room else OUT)
        return None


class SessionAgendaModel(RowsModel[SessionItem]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(["#", _("Item"), _("Planned"), _("Actual"), _("State")], parent)
        self.current_id: str | None = None

    def set_current(self, item_id: str | None) -> None:
        self.current_id = item_id

    def _make_texts(self, row: SessionItem) -> tuple[str, ...]:
        title = row.title
        if row.urgent:
            title = _("URGENT: {title}").format(title=title)
        state = row.state.label
        if row.outcome is not None and row.state is ItemState.DECIDED:
            state = row.outcome.label
            if row.quorum_met is False:
                state += " " + _("(no quorum)")
        actual = minutes_text(row.actual_seconds()) if row.handled_order is not None else ""
        return (
            str(row.number),
            title,
            _("{minutes} min").format(minutes=row.planned_minutes),
            actual,
            state,
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_of(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 3 and row.running_since is not None:
                return minutes_text(row.actual_seconds())  # ticks: not cached
            return self.texts(index.row())[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return row.title
        if role == Qt.ItemDataRole.BackgroundRole and row.id == self.current_id:
            return QBrush(CURRENT)
        if role == Qt.ItemDataRole.ForegroundRole and row.state in (
            ItemState.DECIDED,
            ItemState.DEFERRED,
        ):
            return QBrush(DONE)
        if role == Qt.ItemDataRole.FontRole and row.id == self.current_id:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole and row.id == self.current_id:
            return _("current item: {title}").format(title=row.title)
        return None

    def refresh_timers(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 3), self.index(self.rowCount() - 1, 3), [Qt.ItemDataRole.DisplayRole]
            )


class RollCallModel(RowsModel[RollCallLine]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([_("Municipality"), _("Position"), _("Reason"), _("Recorded")], parent)

    def _make_texts(self, row: RollCallLine) -> tuple[str, ...]:
        if row.kind is None:
            kind = "–"
        else:
            kind = f"{KIND_KEYS[row.kind]}  {row.kind.label}"
            if row.prepared:
                kind += " " + _("(prepared)")
        recorded = ""
        if row.recorded_at is not None:
            recorded = f"{row.recorded_by} {time_text(row.recorded_at)}".strip()
        name = (
            row.municipality if row.in_room else _("{name} (absent)").format(name=row.municipality)
        )
        return (name, kind, row.reason, recorded)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_of(index)
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.texts(index.row())[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            if not row.in_room:
                return QBrush(DONE)
            if row.prepared and index.column() == 1:
                return QBrush(PREPARED)
        if role == Qt.ItemDataRole.FontRole and row.prepared and index.column() == 1:
            font = QFont()
            font.setItalic(True)
            return font
        return None


class SpeakersModel(RowsModel[Speaker]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__([_("Speaker"), _("State"), _("Time")], parent)

    def _make_texts(self, row: Speaker) -> tuple[str, ...]:
        if row.speaking:
            state = _("speaking")
        elif row.waiting:
            state = _("waiting")
        else:
            state = _("spoke")
        return (row.name, state, "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_of(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 2:
                return minutes_text(row.spoken_seconds()) if row.started_at else ""
            return self.texts(index.row())[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and row.speaking:
            return QBrush(CURRENT)
        if role == Qt.ItemDataRole.ForegroundRole and not row.speaking and not row.waiting:
            return QBrush(DONE)
        return None

    def refresh_timers(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 2), self.index(self.rowCount() - 1, 2), [Qt.ItemDataRole.DisplayRole]
            )
