"""What the Twente-dag dialogs share: reading and writing on the worker, with the answer dropped
when the dialog is gone, a refusal shown in place, and a question before something is removed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QWidget

from regiodesk.i18n import _
from regiodesk.store import Store
from ui.context import AppContext
from ui.widgets.error_label import ErrorLabel
from ui.widgets.lifetime import guarded


def confirm(parent: QWidget, question: str) -> bool:
    answer = QMessageBox.question(
        parent,
        _("Remove"),
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class RegionDayDialog(QDialog):
    """A dialog of the day ``day_id``; ``error`` and ``message`` go where the subclass puts them."""

    def __init__(self, context: AppContext, day_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.day_id = day_id
        self.error = ErrorLabel()
        self.message = QLabel()
        self.message.setAccessibleName(_("Status"))
        self.message.setWordWrap(True)

    def load(self, work: Callable[[Store], Any], done: Callable[[Any], None]) -> None:
        self.context.worker.query(work, guarded(self, done), guarded(self, self.error.show_error))

    def run(
        self,
        work: Callable[[Store], Any],
        label: str,
        done: Callable[[Any], None] | None = None,
    ) -> None:
        """Run a core command (undoable as ``label``); a refusal stays in place."""
        self.error.clear_error()
        self.message.clear()
        self.context.command(
            work,
            label,
            guarded(self, done or (lambda _result: None)),
            guarded(self, self.error.show_error),
        )

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.context.status.emit(text)
