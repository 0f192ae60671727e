"""Errors in words: expected errors are shown where they happen; unexpected ones in a dialog with
the details and the path of the log file."""

from __future__ import annotations

import logging
import traceback

from PySide6.QtWidgets import QApplication, QMessageBox

from regiodesk.errors import RegioDeskError
from regiodesk.i18n import _
from regiodesk.logs import log_path

log = logging.getLogger(__name__)


def describe(error: BaseException) -> str:
    """One sentence for an expected error; a generic one (details logged) for the rest."""
    if isinstance(error, RegioDeskError):
        return error.message()
    return _("Something unexpected went wrong. The details are in the log file.")


def report_unexpected(error: BaseException, parent: object | None = None) -> None:
    """Log an error and show it: expected ones plainly, unexpected ones with details."""
    if isinstance(error, RegioDeskError):
        log.info("refused: %s", error)
        QMessageBox.warning(_parent(parent), "RegioDesk", error.message())
        return
    details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    log.error("unexpected error:\n%s", details)
    box = QMessageBox(_parent(parent))
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("RegioDesk: unexpected error"))
    box.setText(_("Something unexpected went wrong. Your saved work is safe."))
    box.setInformativeText(_("The details are in the log file:\n{path}").format(path=log_path()))
    box.setDetailedText(details)
    box.exec()


def _parent(parent: object | None) -> object | None:
    if parent is not None:
        return parent
    app = QApplication.instance()
    return app.activeWindow() if isinstance(app, QApplication) else None  # type: ignore[attr-defined]
