"""Attendance in session: every member municipality, one key to record how it attends; who
represents whom is asked in place.  The quorum is shown by the page, always."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from regiodesk.commands.session import register_attendance, register_departure
from regiodesk.i18n import _
from regiodesk.model.enums import AttendanceStatus
from regiodesk.queries.session import AttendanceLine
from ui.models.session_models import AttendanceModel
from ui.widgets.session_common import KeyTable, Runner, legend, panel_title

KEYS = {
    Qt.Key.Key_P: AttendanceStatus.PRESENT,
    Qt.Key.Key_N: AttendanceStatus.ABSENT_WITH_NOTICE,
    Qt.Key.Key_A: AttendanceStatus.ABSENT,
}


class AttendancePanel(QWidget):
    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.meeting_id = ""
        self.lines: list[AttendanceLine] = []
        self.model = AttendanceModel(self)
        self.table = KeyTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Attendance"))
        for key, status in KEYS.items():
            self.table.keys[key] = lambda row, s=status: self.record(row, s)
        self.table.keys[Qt.Key.Key_R] = self.ask_representative
        self.table.keys[Qt.Key.Key_L] = self.leave

        # Asked in place: which (present) municipality represents this one, with what mandate.
        self.represent = QWidget()
        self.represent_by = QComboBox()
        self.represent_by.setAccessibleName(_("Represented by"))
        self.mandate = QLineEdit()
        self.mandate.setPlaceholderText(_("Mandate (optional)"))
        ok = QPushButton(_("Represent"))
        ok.clicked.connect(self.confirm_representative)
        self.mandate.returnPressed.connect(self.confirm_representative)
        row = QHBoxLayout(self.represent)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.represent_by, 2)
        row.addWidget(self.mandate, 2)
        row.addWidget(ok)
        self.represent.setVisible(False)
        self._representing = ""

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(panel_title(_("Attendance (Alt+1)")))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.represent)
        layout.addWidget(
            legend(
                [
                    ("P", _("present")),
                    ("R", _("represented")),
                    ("N", _("absent with notice")),
                    ("A", _("absent")),
                    ("L", _("leaves")),
                ]
            )
        )

    def set_lines(self, meeting_id: str, lines: tuple[AttendanceLine, ...]) -> None:
        if meeting_id == self.meeting_id and list(lines) == self.lines:
            return  # unchanged: keep the table as it is (a reload after every key is cheap)
        row = self.table.current_row()
        resize = len(lines) != len(self.lines)
        self.meeting_id = meeting_id
        self.lines = list(lines)
        self.model.set_rows(lines)
        if resize:
            self.table.resizeColumnsToContents()
        self.table.select_row(max(row, 0))

    def record(self, row: int, status: AttendanceStatus) -> None:
        line = self.lines[row]
        meeting, actor = self.meeting_id, self.runner.actor
        self.runner.run(
            lambda store: register_attendance(store, actor, meeting, line.municipality_id, status),
            _("Attendance"),
        )
        self.table.select_row(row + 1)

    def leave(self, row: int) -> None:
        line = self.lines[row]
        meeting, actor = self.meeting_id, self.runner.actor
        self.runner.run(
            lambda store: register_departure(store, actor, meeting, line.municipality_id),
            _("Departure"),
        )

    def ask_representative(self, row: int) -> None:
        line = self.lines[row]
        self._representing = line.municipality_id
        self.represent_by.clear()
        for other in self.lines:
            if other.in_room and other.municipality_id != line.municipality_id:
                self.represent_by.addItem(other.municipality, other.municipality_id)
        self.mandate.clear()
        self.represent.setVisible(True)
        self.represent_by.setFocus()

    def confirm_representative(self) -> None:
        by = self.represent_by.currentData()
        municipality, mandate = self._representing, self.mandate.text()
        meeting, actor = self.meeting_id, self.runner.actor
        self.represent.setVisible(False)
        self.table.setFocus()
        if not by or not municipality:
            return
        self.runner.run(
            lambda store: register_attendance(
                store,
                actor,
                meeting,
                municipality,
                AttendanceStatus.REPRESENTED,
                represented_by_id=by,
                mandate=mandate,
            ),
            _("Attendance"),
        )

    def keyPressEvent(self, event):  # type: ignore[no-untyped-def]  # noqa: N802 (Qt)
        if event.key() == Qt.Key.Key_Escape and self.represent.isVisible():
            self.represent.setVisible(False)
            self.table.setFocus()
            return
        super().keyPressEvent(event)
