"""The roll call of the current item: the member municipalities in a grid, one key per position
kind, the reason asked in place where the kind needs one, prepared positions shown (italic) and
confirmed with Enter; the tally of the five kinds under it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from regiodesk.commands.positions import PositionSpec
from regiodesk.commands.session import record_session_positions
from regiodesk.i18n import _
from regiodesk.model.enums import PositionKind
from regiodesk.queries.session import RollCall
from ui.models.session_models import KIND_KEYS, RollCallModel
from ui.widgets.session_common import KeyTable, Runner, legend, panel_title

KEY_OF_DIGIT = {getattr(Qt.Key, f"Key_{digit}"): kind for kind, digit in KIND_KEYS.items()}


def tally_text(roll_call: RollCall | None) -> str:
    if roll_call is None:
        return ""
    parts = [f"{kind.label}: {count}" for kind, count in roll_call.tally.items()]
    parts.append(_("no position: {count}").format(count=roll_call.without_position))
    return "  ·  ".join(parts)


class RollCallPanel(QWidget):
    #: A position was sent to the core (municipality id, kind) - for the benchmark.
    recording = Signal(str, object)

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.roll_call: RollCall | None = None
        self.model = RollCallModel(self)
        self.table = KeyTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Roll call"))
        for key, kind in KEY_OF_DIGIT.items():
            self.table.keys[key] = lambda row, k=kind: self.press(row, k)
        self.table.keys[Qt.Key.Key_Return] = self.confirm
        self.table.keys[Qt.Key.Key_Enter] = self.confirm

        self.reason_row = QWidget()
        self.reason_label = QLabel()
        self.reason = QLineEdit()
        self.reason.setAccessibleName(_("Reason"))
        self.reason.returnPressed.connect(self.save_reason)
        row = QHBoxLayout(self.reason_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.reason_label)
        row.addWidget(self.reason, 1)
        self.reason_row.setVisible(False)
        self._pending: tuple[int, PositionKind] | None = None

        self.tally = QLabel()
        self.tally.setWordWrap(True)
        self.tally.setAccessibleName(_("Tally"))
        self.tally.setStyleSheet("font-weight: 600;")
        self.closed = QLabel()
        self.closed.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(panel_title(_("Roll call (Alt+4)")))
        layout.addWidget(self.closed)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.reason_row)
        layout.addWidget(self.tally)
        layout.addWidget(
            legend(
                [(digit, kind.label) for kind, digit in KIND_KEYS.items()]
                + [(_("Enter"), _("confirm prepared"))]
            )
        )

    def set_roll_call(self, roll_call: RollCall | None) -> None:
        row = self.table.current_row()
        same_item = (
            roll_call is not None
            and self.roll_call is not None
            and roll_call.item_id == self.roll_call.item_id
        )
        if roll_call == self.roll_call:
            return
        self.roll_call = roll_call
        self.model.set_rows(roll_call.lines if roll_call else ())
        if not same_item:
            self.table.resizeColumnsToContents()
        self.table.select_row(row if same_item and row >= 0 else 0)
        self.tally.setText(tally_text(roll_call))
        self.closed.setVisible(roll_call is not None and not roll_call.open)
        self.closed.setText(_("This item takes no positions now (for information, or decided)."))

    def press(self, row: int, kind: PositionKind) -> None:
        if self.roll_call is None:
            return
        line = self.roll_call.lines[row]
        if kind.needs_reason:
            self._pending = (row, kind)
            self.reason_label.setText(
                _("Reason for “{kind}” ({name}):").format(kind=kind.label, name=line.municipality)
            )
            self.reason.setText(line.reason if line.kind is kind else "")
            self.reason_row.setVisible(True)
            self.reason.setFocus()
            return
        self._record(row, kind, line.reason if line.kind is kind else "")

    def confirm(self, row: int) -> None:
        """Enter: confirm the prepared (or recorded) position as it is."""
        if self.roll_call is None:
            return
        line = self.roll_call.lines[row]
        if line.kind is not None:
            self._record(row, line.kind, line.reason)

    def save_reason(self) -> None:
        if self._pending is None:
            return
        row, kind = self._pending
        self._pending = None
        self.reason_row.setVisible(False)
        self.table.setFocus()
        self._record(row, kind, self.reason.text())

    def cancel_reason(self) -> None:
        self._pending = None
        self.reason_row.setVisible(False)
        self.table.setFocus()

    def _record(self, row: int, kind: PositionKind, reason: str) -> None:
        assert self.roll_call is not None
        item = self.roll_call.item_id
        municipality = self.roll_call.lines[row].municipality_id
        actor = self.runner.actor
        self.recording.emit(municipality, kind)
        self.runner.run(
            lambda store: record_session_positions(
                store, actor, item, [PositionSpec(municipality, kind, reason)]
            ),
            _("Record position"),
        )
        self.table.select_row(row + 1)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        if event.key() == Qt.Key.Key_Escape and self.reason_row.isVisible():
            self.cancel_reason()
            return
        super().keyPressEvent(event)
