"""Choosing document files, starting in the folder the user last took one from."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from regiodesk.i18n import _
from ui.context import AppContext

FOLDER_KEY = "document_folder"


def choose_files(context: AppContext, parent: QWidget, title: str, many: bool = True) -> list[Path]:
    """Ask for one or more files; an empty list when the user cancels."""
    folder = context.settings.ui_state.get(FOLDER_KEY, "")
    kinds = _("Documents (*.pdf *.docx *.doc *.odt *.xlsx *.pptx *.txt);;All files (*)")
    if many:
        names, _chosen = QFileDialog.getOpenFileNames(parent, title, folder, kinds)
    else:
        name, _chosen = QFileDialog.getOpenFileName(parent, title, folder, kinds)
        names = [name] if name else []
    paths = [Path(name) for name in names if name]
    if paths:
        context.settings.ui_state[FOLDER_KEY] = str(paths[0].parent)
    return paths
