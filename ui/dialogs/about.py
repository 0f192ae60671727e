"""About RegioDesk: version, where the data and the log are, and the licences of what it uses."""

from __future__ import annotations

import platform
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from regiodesk import __version__
from regiodesk.i18n import _
from regiodesk.logs import log_path
from ui.context import AppContext

COMPONENTS = (
    "PySide6-Essentials",
    "shiboken6",
    "SQLAlchemy",
    "sqlmodel",
    "alembic",
    "pydantic",
    "platformdirs",
    "reportlab",
    "keyring",
    "babel",
    "orjson",
    "pypdfium2",
)


def licence_of(distribution: str) -> str:
    try:
        meta = metadata.metadata(distribution)
    except metadata.PackageNotFoundError:
        return ""
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    classifiers = [
        c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    if classifiers:
        return ", ".join(classifiers)
    text = (meta.get("License") or "").strip().splitlines()
    return text[0][:60] if text else ""


class AboutDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About RegioDesk"))
        self.setMinimumWidth(520)
        heading = QLabel(f"<h2>RegioDesk {__version__}</h2>")
        summary = QLabel(
            _("Prepare, chair and record the consultations of a region's portfolio holders.")
        )
        summary.setWordWrap(True)
        facts = QLabel(
            "<br>".join(
                [
                    _("Store: {path}").format(path=context.store_path),
                    _("Log file: {path}").format(path=log_path()),
                    f"Python {platform.python_version()}, Qt {qVersion()}, "
                    f"PySide6 {pyside_version}",
                ]
            )
        )
        facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        licences = QTextBrowser()
        licences.setAccessibleName(_("Licences"))
        rows = [f"<tr><td>RegioDesk</td><td>{__version__}</td><td>EUPL-1.2</td></tr>"]
        for name in COMPONENTS:
            try:
                version = metadata.version(name)
            except metadata.PackageNotFoundError:
                continue
            rows.append(f"<tr><td>{name}</td><td>{version}</td><td>{licence_of(name)}</td></tr>")
        licences.setHtml(
            f"<b>{_('Licences')}</b><table cellpadding='3'>" + "".join(rows) + "</table>"
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (heading, summary, facts, licences, buttons):
            layout.addWidget(widget)
