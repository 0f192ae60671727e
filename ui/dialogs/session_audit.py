"""The audit trail of a meeting: who recorded what and when (what a secretary consults when a
municipality disputes a recorded position).  Read-only; filtered by a word as you type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from regiodesk.i18n import _, format_datetime, ngettext
from regiodesk.queries.session import AuditLine, session_audit
from ui.context import AppContext
from ui.widgets.error_label import ErrorLabel
from ui.widgets.lifetime import guarded

COLUMNS = (
    lambda: _("When"),
    lambda: _("Who"),
    lambda: _("What"),
    lambda: _("Of"),
    lambda: _("Detail"),
)


class SessionAuditDialog(QDialog):
    def __init__(
        self, context: AppContext, meeting_id: str, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Audit trail: {meeting}").format(meeting=title))
        self.resize(980, 560)
        self.lines: list[AuditLine] = []
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Filter: a municipality, a person, an item…"))
        self.filter.setAccessibleName(_("Filter"))
        self.filter.textChanged.connect(self._fill)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName(_("Audit trail"))
        self.table.setHorizontalHeaderLabels([column() for column in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.count = QLabel()
        self.error = ErrorLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        context.worker.query(
            lambda store: session_audit(store, meeting_id),
            guarded(self, self._loaded),
            guarded(self, self.error.show_error),
        )

    def _loaded(self, lines: list[AuditLine]) -> None:
        self.lines = lines
        self._fill()

    def _fill(self, *_args: object) -> None:
        words = self.filter.text().strip().casefold()
        shown = [
            line
            for line in self.lines
            if not words
            or words in f"{line.actor} {line.action} {line.object} {line.detail}".casefold()
        ]
        self.table.setRowCount(len(shown))
        for row, line in enumerate(shown):
            cells = (format_datetime(line.at), line.actor, line.action, line.object, line.detail)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
        self.count.setText(
            ngettext("{count} record", "{count} records", len(shown)).format(count=len(shown))
        )
