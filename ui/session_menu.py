"""Who you are, which store, which language: the File and View menu entries that change them.

Another identity takes effect at once (every page reloads).  Another store or another language
restarts RegioDesk on it: the store's worker, lock and pages all belong to one store.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QProcess
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMenu, QMessageBox

from regiodesk.i18n import LANGUAGES, _, current_language
from ui.context import AppContext


def restart_with(arguments: list[str]) -> None:
    """Start a new RegioDesk with ``arguments`` and close this one (it hands over the lock)."""
    program = Path(sys.argv[0]).resolve()
    if program.suffix == ".py" or not program.exists():
        started = QProcess.startDetached(sys.executable, ["-m", "ui.app", *arguments])
    else:
        started = QProcess.startDetached(str(program), arguments)
    if started:
        QApplication.closeAllWindows()
    else:
        QMessageBox.warning(None, "RegioDesk", _("RegioDesk could not be restarted."))


class SessionMenu:
    """Adds identity, store and language entries to the window's menus."""

    def __init__(
        self, window: QMainWindow, context: AppContext, file_menu: QMenu, view_menu: QMenu
    ) -> None:
        self.window = window
        self.context = context
        who = QAction(_("&Who am I…"), window)
        who.setShortcut(QKeySequence("Ctrl+Shift+I"))
        who.triggered.connect(self.choose_identity)
        open_store = QAction(_("&Open or create store…"), window)
        open_store.setShortcut(QKeySequence.StandardKey.Open)
        open_store.triggered.connect(self.open_store)
        file_menu.addAction(who)
        file_menu.addAction(open_store)
        self.recent = file_menu.addMenu(_("&Recent stores"))
        self.recent.aboutToShow.connect(self._fill_recent)

        languages = view_menu.addMenu(_("&Language"))
        group = QActionGroup(window)
        for code, name in LANGUAGES.items():
            action = QAction(name, window, checkable=True)
            action.setChecked(code == current_language())
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            group.addAction(action)
            languages.addAction(action)

    def choose_identity(self) -> None:
        from ui.dialogs.first_start import FirstStartDialog

        dialog = FirstStartDialog(self.context.worker, self.context.identity, self.window)
        if dialog.exec() and dialog.identity is not None:
            self.context.set_identity(dialog.identity)

    def open_store(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self.window,
            _("Open or create a store"),
            str(self.context.store_path.parent),
            _("RegioDesk stores (*.sqlite)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.switch_to(Path(path))

    def switch_to(self, path: Path) -> None:
        if path.resolve() == self.context.store_path.resolve():
            return
        restart_with(["--store", str(path)])

    def set_language(self, code: str) -> None:
        if code == current_language():
            return
        self.context.settings.language = code
        self.context.save_settings()
        answer = QMessageBox.question(
            self.window,
            "RegioDesk",
            _("The language changes when RegioDesk starts again. Restart now?"),
        )
        if answer == QMessageBox.StandardButton.Yes:
            restart_with(["--store", str(self.context.store_path), "--lang", code])

    def _fill_recent(self) -> None:
        self.recent.clear()
        current = str(self.context.store_path.resolve())
        stores = [p for p in self.context.settings.recent_stores if p != current]
        for number, path in enumerate(stores, start=1):
            action = self.recent.addAction(f"&{number} {path}")
            action.triggered.connect(lambda _checked=False, p=path: self.switch_to(Path(p)))
        if not stores:
            self.recent.addAction(_("(none)")).setEnabled(False)
