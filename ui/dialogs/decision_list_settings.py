"""Decision list settings of this device: the time-stamp service signatures ask for a trusted time
(PAdES B-T; none gives B-B), and the region's logo on the decision lists.

The core checks both (a web address, a PNG or JPEG file); the dialog shows what it says in place
and stays open.  Saved in the user's settings, never in the store.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from regiodesk.i18n import _
from regiodesk.settings import check_logo, check_timestamp_url
from ui.context import AppContext
from ui.widgets.error_label import ErrorLabel
from ui.widgets.lifetime import guarded

PREVIEW_WIDTH = 220
FIELD_WIDTH = 440
PREVIEW_HEIGHT = 80


def check_settings(url: str, logo: str) -> tuple[str, str]:
    """Both values as they will be kept (on the worker: the logo may be on a network drive)."""
    return check_timestamp_url(url), check_logo(logo)


class DecisionListSettingsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(_("Decision list settings"))
        self.setMinimumWidth(560)
        settings = context.settings

        self.timestamp_url = QLineEdit(settings.timestamp_url)
        self.timestamp_url.setAccessibleName(_("Time-stamp service"))
        self.timestamp_url.setMinimumWidth(FIELD_WIDTH)
        self.timestamp_url.setPlaceholderText(_("e.g. https://freetsa.org/tsr"))
        url_help = QLabel(
            _(
                "With a time-stamp service (RFC 3161), every signature carries a trusted time "
                "(PAdES B-T). Leave it empty to sign without one (PAdES B-B)."
            )
        )
        url_help.setWordWrap(True)

        self.logo_path = QLineEdit(settings.logo_path)
        self.logo_path.setAccessibleName(_("Logo"))
        self.logo_path.setMinimumWidth(FIELD_WIDTH - 160)
        self.logo_path.setPlaceholderText(_("No logo"))
        self.logo_path.textChanged.connect(self._preview)
        choose = QPushButton(_("C&hoose…"))
        choose.clicked.connect(self.choose_logo)
        clear = QPushButton(_("&No logo"))
        clear.clicked.connect(self.logo_path.clear)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_path, 1)
        logo_row.addWidget(choose)
        logo_row.addWidget(clear)
        self.preview = QLabel()
        self.preview.setAccessibleName(_("Logo preview"))
        self.preview.setMinimumHeight(PREVIEW_HEIGHT)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        logo_help = QLabel(_("The region's logo at the top of every decision list (PNG or JPEG)."))
        logo_help.setWordWrap(True)

        form = QFormLayout()
        form.addRow(_("&Time-stamp service:"), self.timestamp_url)
        form.addRow("", url_help)
        logo_label = QLabel(_("&Logo:"))
        logo_label.setBuddy(self.logo_path)
        form.addRow(logo_label, logo_row)
        form.addRow("", logo_help)
        form.addRow("", self.preview)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._preview()
        self.timestamp_url.setFocus()

    def choose_logo(self) -> None:
        current = self.logo_path.text().strip()
        folder = str(Path(current).parent) if current else ""
        name, _chosen = QFileDialog.getOpenFileName(
            self,
            _("Choose the region's logo"),
            folder,
            _("Images (*.png *.jpg *.jpeg);;All files (*)"),
        )
        if name:
            self.logo_path.setText(name)

    def _preview(self) -> None:
        path = self.logo_path.text().strip()
        pixmap = QPixmap(path) if path and Path(path).is_file() else QPixmap()
        if pixmap.isNull():
            self.preview.clear()
            self.preview.setText(_("(no logo)") if not path else "")
            return
        self.preview.setPixmap(
            pixmap.scaled(
                PREVIEW_WIDTH,
                PREVIEW_HEIGHT,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def submit(self) -> None:
        url, logo = self.timestamp_url.text(), self.logo_path.text()
        self.error.clear_error()
        self.save_button.setEnabled(False)
        self.context.worker.query(
            lambda _store: check_settings(url, logo),
            guarded(self, self._save),
            guarded(self, self._refused),
        )

    def _refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.error.show_error(error)
        self.adjustSize()

    def _save(self, values: tuple[str, str]) -> None:
        settings = self.context.settings
        settings.timestamp_url, settings.logo_path = values
        self.context.save_settings()
        self.context.status.emit(_("Decision list settings saved."))
        self.accept()
