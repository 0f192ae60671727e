"""What the small signing forms share: an intro, a form, the core's refusal in place and OK/Cancel
(staying open when refused), work on the worker, and the passphrase fields."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from regiodesk.errors import InvalidInput
from regiodesk.i18n import _
from regiodesk.store import Store
from ui.context import AppContext
from ui.widgets.error_label import ErrorLabel
from ui.widgets.lifetime import guarded

#: The folder the user last took a certificate file from, or saved one to.
FOLDER_KEY = "certificate_folder"
#: A certificate's names hold at most 64 characters (X.509).
MAX_NAME = 64


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InvalidInput(field=str(path), reason=error.strerror or str(error)) from None


def passphrase_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


class FormDialog(QDialog):
    """An intro, a form, the core's refusal in place, and OK/Cancel; stays open when refused."""

    def __init__(self, context: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.error = ErrorLabel()
        self.form = QFormLayout()

    def _arrange(self, intro: str, ok_text: str) -> None:
        label = QLabel(intro)
        label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        # Grow with the wrapped intro and with an error shown under the form.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(label)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        raise NotImplementedError

    def _query(self, work: Callable[[Store], Any], on_done: Callable[[Any], None]) -> None:
        """Run ``work`` on the worker (it reads, or works outside the store)."""
        self._busy()
        self.context.worker.query(work, guarded(self, on_done), guarded(self, self._refused))

    def _write(
        self, work: Callable[[Store], Any], on_done: Callable[[Any], None], label: str
    ) -> None:
        """Run a command on the worker; ``label`` names it for Undo ("" for none)."""
        self._busy()
        self.context.command(work, label, guarded(self, on_done), guarded(self, self._refused))

    def _busy(self) -> None:
        self.error.clear_error()
        self.ok_button.setEnabled(False)

    def _refused(self, error: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.error.show_error(error)
        self.adjustSize()

    def _differ(self, first: QLineEdit, second: QLineEdit) -> bool:
        if first.text() == second.text():
            return False
        self.error.show_error(_("The two passphrases differ; type the same passphrase twice."))
        self.adjustSize()
        second.selectAll()
        second.setFocus()
        return True
