"""``regiodesk``: start the desktop app.

Start-up is quick by design: the main window appears at once and the store opens on the database
worker; on the very first start (no identity for this store) the welcome dialog fills the store
with the Twente demo region if it is empty, and asks who you are.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from regiodesk import __version__
from regiodesk.i18n import LANGUAGES, set_language
from regiodesk.logs import setup_logging
from regiodesk.settings import Settings, load_settings, save_settings
from regiodesk.store.paths import STORE_ENV, default_store_path

if TYPE_CHECKING:
    from PySide6.QtCore import QLockFile
    from PySide6.QtWidgets import QApplication

    from regiodesk.settings import Identity
    from ui.worker import DbWorker

log = logging.getLogger(__name__)


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="regiodesk", description="RegioDesk")
    parser.add_argument("--version", action="version", version=f"RegioDesk {__version__}")
    parser.add_argument(
        "--store", type=Path, help=f"store file (default: ${STORE_ENV} or the data folder)"
    )
    parser.add_argument("--lang", choices=sorted(LANGUAGES))
    parser.add_argument(
        "bundle", nargs="?", type=Path, help="a RegioDesk bundle file (.regiodesk) to take in"
    )
    parser.add_argument("--quit-when-ready", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(list(argv))


def choose_store(arguments: argparse.Namespace, settings: Settings) -> Path:
    if arguments.store:
        return Path(arguments.store).expanduser().resolve()
    if os.environ.get(STORE_ENV):
        return default_store_path().resolve()
    if settings.last_store and Path(settings.last_store).exists():
        return Path(settings.last_store)
    return default_store_path().resolve()


def acquire_lock(store_path: Path) -> QLockFile | None:
    """One RegioDesk per store: a second one says so (and which process has it)."""
    from PySide6.QtCore import QLockFile
    from PySide6.QtWidgets import QMessageBox

    from regiodesk.i18n import _

    store_path.parent.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(store_path) + ".lock")
    lock.setStaleLockTime(0)
    if lock.tryLock(3000):  # a restarting RegioDesk hands the store over within a moment
        return lock
    info = lock.getLockInfo()  # (pid, host, application); some versions lead with a flag
    pid, host = info[-3], info[-2]
    QMessageBox.information(
        None,
        "RegioDesk",
        _(
            "RegioDesk already has this store open (process {pid} on {host}). "
            "Switch to that window, or open another store with --store."
        ).format(pid=pid, host=host),
    )
    return None


def make_application() -> QApplication:
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from regiodesk.i18n import LOCALES, current_language
    from regiodesk.resources import resource_path
    from ui.style import apply_style

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("RegioDesk")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("RegioDesk")
    app.setWindowIcon(QIcon(str(resource_path("icons", "regiodesk.svg"))))
    language = current_language()
    QLocale.setDefault(QLocale(LOCALES[language]))
    # Qt's own texts (standard buttons, file dialogs) in the same language.
    translator = QTranslator(app)
    if translator.load(
        f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(translator)
    apply_style(app)
    return app


def ask_identity(worker: DbWorker, settings: Settings, store_path: Path) -> Identity | None:
    """The identity for this store: remembered, or asked for (filling an empty store first)."""
    from PySide6.QtWidgets import QDialog

    from ui.dialogs.first_start import FirstStartDialog

    identity = settings.identity_for(store_path)
    if identity is not None:
        return identity
    # The embedded default (the user's data folder) starts with the Twente demo region.
    dialog = FirstStartDialog(worker, auto_demo=store_path == default_store_path().resolve())
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.identity is None:
        return None
    settings.set_identity(store_path, dialog.identity)
    return dialog.identity


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    setup_logging()
    settings = load_settings()
    set_language(arguments.lang or settings.language)
    store_path = choose_store(arguments, settings)
    log.info("RegioDesk %s starting on %s", __version__, store_path)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from ui.context import AppContext
    from ui.errors import describe, report_unexpected
    from ui.main_window import MainWindow
    from ui.worker import DbWorker

    app = make_application()
    lock = acquire_lock(store_path)
    if lock is None:
        return 1
    worker = DbWorker()
    failure: list[BaseException] = []
    worker.open(store_path, on_error=failure.append)
    identity = ask_identity(worker, settings, store_path)
    if identity is None:
        worker.stop()
        lock.unlock()
        if failure:
            QMessageBox.critical(None, "RegioDesk", describe(failure[0]))
            return 3
        return 0
    settings.remember_store(store_path)
    save_settings(settings)

    window = MainWindow(AppContext(worker, settings, store_path, identity))
    if failure:
        QTimer.singleShot(
            0,
            lambda: (
                QMessageBox.critical(window, "RegioDesk", describe(failure[0])),
                window.close(),
            ),
        )
    sys.excepthook = lambda _kind, error, trace: report_unexpected(error.with_traceback(trace))
    window.show()
    log.info("main window shown")
    if arguments.bundle is not None:  # opened from a file manager or an e-mail
        bundle = Path(arguments.bundle).expanduser().resolve()

        def take_in() -> None:
            window.show_page("sync")
            window.page("sync").import_bundle_file(bundle)  # type: ignore[attr-defined]

        QTimer.singleShot(0, take_in)
    if arguments.quit_when_ready:  # for the smoke test and the start-up benchmark

        def ready(_result: object) -> None:
            print("ready", flush=True)
            QTimer.singleShot(0, window.close)

        worker.query(lambda _store: None, ready)
    code = app.exec()
    worker.stop()
    lock.unlock()
    log.info("RegioDesk stopped")
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
