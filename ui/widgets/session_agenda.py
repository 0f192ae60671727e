"""The agenda in session: the current item highlighted, its state and timer; take up an item,
reorder on the fly, add an urgent item (asked in place), defer an item."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from regiodesk.commands.session import add_urgent_item, defer_item, move_item, set_current_item
from regiodesk.i18n import _
from regiodesk.queries.session import SessionItem
from ui.models.session_models import SessionAgendaModel
from ui.widgets.session_common import KeyTable, Runner, legend, panel_title


class AgendaTable(KeyTable):
    """Ctrl+Up / Ctrl+Down move the item."""

    moved = Signal(int, int)  # row, new index

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        if event.modifiers() == Qt.KeyboardModifier.ControlModifier and event.key() in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
        ):
            row = self.current_row()
            if row >= 0:
                target = row - 1 if event.key() == Qt.Key.Key_Up else row + 1
                if 0 <= target < self.model().rowCount():
                    self.moved.emit(row, target)
            event.accept()
            return
        super().keyPressEvent(event)


class SessionAgendaPanel(QWidget):
    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.meeting_id = ""
        self.items: list[SessionItem] = []
        self.model = SessionAgendaModel(self)
        self.table = AgendaTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Agenda"))
        self.table.keys[Qt.Key.Key_Return] = self.take_up
        self.table.keys[Qt.Key.Key_Enter] = self.take_up
        self.table.keys[Qt.Key.Key_U] = lambda _row: self.ask_urgent()
        self.table.keys[Qt.Key.Key_D] = self.defer
        self.table.rowless = {Qt.Key.Key_U}
        self.table.moved.connect(self.move)
        self.table.doubleClicked.connect(lambda index: self.take_up(index.row()))

        self.urgent = QWidget()
        self.urgent_title = QLineEdit()
        self.urgent_title.setPlaceholderText(_("Title of the urgent item"))
        self.urgent_title.setAccessibleName(_("Urgent item"))
        self.urgent_title.returnPressed.connect(self.add_urgent)
        add = QPushButton(_("Add"))
        add.clicked.connect(self.add_urgent)
        row = QHBoxLayout(self.urgent)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.urgent_title, 1)
        row.addWidget(add)
        self.urgent.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(panel_title(_("Agenda (Alt+2)")))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.urgent)
        layout.addWidget(
            legend(
                [
                    (_("Enter"), _("take up")),
                    (_("Ctrl+PgDn/PgUp"), _("next/previous")),
                    (_("Ctrl+↑/↓"), _("move")),
                    ("U", _("urgent item")),
                    ("D", _("defer")),
                ]
            )
        )

    def set_items(
        self, meeting_id: str, items: tuple[SessionItem, ...], current: str | None
    ) -> None:
        if (meeting_id, list(items), current) == (
            self.meeting_id,
            self.items,
            self.model.current_id,
        ):
            return
        keep = self.table.current_row()
        resize = len(items) != len(self.items)
        changed_current = current != self.model.current_id
        self.meeting_id = meeting_id
        self.items = list(items)
        self.model.set_current(current)
        self.model.set_rows(items)
        if resize:
            self.table.resizeColumnsToContents()
        rows = [n for n, item in enumerate(items) if item.id == current]
        self.table.select_row(rows[0] if rows and (changed_current or keep < 0) else max(keep, 0))

    def take_up(self, row: int) -> None:
        item = self.items[row]
        meeting, actor = self.meeting_id, self.runner.actor
        self.runner.run(lambda store: set_current_item(store, actor, meeting, item.id))

    def move(self, row: int, target: int) -> None:
        item = self.items[row]
        actor = self.runner.actor
        self.runner.run(lambda store: move_item(store, actor, item.id, target), _("Move item"))
        self.table.select_row(target)

    def defer(self, row: int) -> None:
        item = self.items[row]
        actor = self.runner.actor
        self.runner.run(lambda store: defer_item(store, actor, item.id), _("Defer item"))

    def ask_urgent(self) -> None:
        self.urgent_title.clear()
        self.urgent.setVisible(True)
        self.urgent_title.setFocus()

    def add_urgent(self) -> None:
        title = self.urgent_title.text()
        meeting, actor = self.meeting_id, self.runner.actor
        self.urgent.setVisible(False)
        self.table.setFocus()
        if title.strip():
            self.runner.run(
                lambda store: add_urgent_item(store, actor, meeting, title), _("Urgent item")
            )

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        if event.key() == Qt.Key.Key_Escape and self.urgent.isVisible():
            self.urgent.setVisible(False)
            self.table.setFocus()
            return
        super().keyPressEvent(event)
