"""An expected error, shown in place: a label under the field or list it is about."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from regiodesk.errors import RegioDeskError
from regiodesk.i18n import _
from ui.errors import describe, report_unexpected

STYLE = "color: white; background: #b3261e; padding: 4px 6px; border-radius: 3px;"


class ErrorLabel(QLabel):
    """Hidden until an error is shown; ``clear_error`` hides it again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(STYLE)
        self.setAccessibleName(_("Error"))
        self.setVisible(False)

    def show_error(self, error: BaseException | str) -> None:
        """Show an expected error here; an unexpected one also gets the dialog with details."""
        self.setText(error if isinstance(error, str) else describe(error))
        self.setVisible(True)
        if isinstance(error, BaseException) and not isinstance(error, RegioDeskError):
            report_unexpected(error, self.window())

    def clear_error(self) -> None:
        self.clear()
        self.setVisible(False)
