"""The main window: a navigation pane, the pages, the menus and the status bar.  It wires pages
and actions; the pages do the work."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QProgressBar,
    QStackedWidget,
    QWidget,
)

from regiodesk.i18n import _
from regiodesk.queries.people import person_name
from ui.context import AppContext
from ui.pages.base import Page
from ui.pages.registry import pages
from ui.session_menu import SessionMenu


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.setWindowTitle("RegioDesk")
        self.setMinimumSize(900, 600)
        #: The pages made so far (a page is made when first shown; see ``page``).
        self.pages: dict[str, Page] = {}
        self.entries = {entry.key: entry for entry in pages()}
        self.history: list[tuple[str, Any]] = []

        self.navigation = QListWidget()
        self.navigation.setAccessibleName(_("Navigation"))
        self.navigation.setFixedWidth(200)
        self.stack = QStackedWidget()
        self.sections: dict[str, str] = {}
        for entry in self.entries.values():
            self.sections[entry.key] = entry.section or entry.key
            if entry.in_navigation:
                item = QListWidgetItem(entry.title())
                item.setData(Qt.ItemDataRole.UserRole, entry.key)
                if entry.icon is not None:
                    item.setIcon(self.style().standardIcon(entry.icon))
                self.navigation.addItem(item)
        # Wide enough for its longest entry (Dutch titles run long), and never narrower than 200.
        widest = self.navigation.sizeHintForColumn(0) + 2 * self.navigation.frameWidth() + 6
        self.navigation.setFixedWidth(max(200, widest))
        self.navigation.currentItemChanged.connect(self._navigation_clicked)
        # A click on the highlighted entry (say "Meetings" while a meeting shows) goes there too.
        self.navigation.itemClicked.connect(self._section_clicked)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setVisible(False)
        self.busy.setAccessibleName(_("Busy"))
        self.who = QLabel()
        self.statusBar().addPermanentWidget(self.who)
        self.statusBar().addPermanentWidget(self.busy)
        context.worker.busy.connect(self.busy.setVisible)
        context.status.connect(lambda text: self.statusBar().showMessage(text, 5000))
        context.navigate_requested.connect(self.show_page)
        context.undo_changed.connect(self._update_undo)
        context.identity_changed.connect(self._show_who)
        self._show_who()

        self._make_menus()
        self._restore_geometry()
        self.show_page(next(iter(self.entries)), None)
        self._start_sync()

    # Navigation -------------------------------------------------------------------------------

    def page(self, key: str) -> Page:
        """The page of ``key``, made (and its module imported) the first time it is asked for."""
        page = self.pages.get(key)
        if page is None:
            page = self.entries[key].load()(self.context)
            self.pages[key] = page
            self.stack.addWidget(page)
        return page

    def show_page(self, key: str, target: Any = None, remember: bool = True) -> None:
        page = self.page(key)
        current = self.stack.currentWidget()
        if (
            remember
            and isinstance(current, Page)
            and (current.key, current.target) != (key, target)
        ):
            self.history.append((current.key, current.target))
            del self.history[:-50]
        # The pane follows the page (a meeting highlights "Meetings"), never the other way round;
        # with an entry always current, focus landing on the pane cannot pick one of its own.
        self.navigation.blockSignals(True)
        try:
            self.stack.setCurrentWidget(page)
            # A live session replaces the normal layout: no navigation pane beside it.
            self.navigation.setVisible(not getattr(page, "hides_navigation", False))
            page.show_target(target)
            rows = [
                row
                for row in range(self.navigation.count())
                if self.navigation.item(row).data(Qt.ItemDataRole.UserRole) == self.sections[key]
            ]
            if rows:
                self.navigation.setCurrentRow(rows[0])
        finally:
            self.navigation.blockSignals(False)
        self.setWindowTitle(f"{page.title()} – RegioDesk")
        self.back_action.setEnabled(bool(self.history))

    def go_back(self) -> None:
        if self.history:
            key, target = self.history.pop()
            self.show_page(key, target, remember=False)

    def _start_sync(self) -> None:
        """Counts beside titles in the pane (open conflicts), and automatic sync."""
        from ui.sync_scheduler import scheduler_for

        for row in range(self.navigation.count()):
            item = self.navigation.item(row)
            key = item.data(Qt.ItemDataRole.UserRole)
            if not self.entries[key].badge:
                continue
            page = self.page(key)
            badge = getattr(page, "badge_changed", None)
            if badge is not None:
                badge.connect(lambda n, item=item, page=page: self._badge(item, page, n))
        scheduler_for(self.context).start()  # when the store has a root and it is left on

    @staticmethod
    def _badge(item: QListWidgetItem, page: Page, count: int) -> None:
        item.setText(f"{page.title()} ({count})" if count else page.title())
        font = item.font()
        font.setBold(bool(count))
        item.setFont(font)

    def _section_clicked(self, item: QListWidgetItem) -> None:
        current = self.stack.currentWidget()
        key = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(current, Page) and current.key != key:
            self.show_page(key, None)

    def _navigation_clicked(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self.show_page(item.data(Qt.ItemDataRole.UserRole), None)

    # Menus ------------------------------------------------------------------------------------

    def _make_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        edit_menu = self.menuBar().addMenu(_("&Edit"))
        view_menu = self.menuBar().addMenu(_("&View"))
        self.session = SessionMenu(self, self.context, file_menu, view_menu)
        self._add_signing_actions(file_menu)
        file_menu.addSeparator()
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        self.undo_action = QAction(_("&Undo"), self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.context.undo)
        self.redo_action = QAction(_("&Redo"), self)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.StandardKey.Redo])
        self.redo_action.triggered.connect(self.context.redo)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        find = QAction(_("&Find…"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self._find)
        edit_menu.addAction(find)
        self._update_undo()

        view_menu.addSeparator()
        self.back_action = QAction(_("&Back"), self)
        self.back_action.setShortcuts([QKeySequence.StandardKey.Back, QKeySequence("Alt+Left")])
        self.back_action.triggered.connect(self.go_back)
        view_menu.addAction(self.back_action)
        view_menu.addSeparator()
        for number, entry in enumerate(
            (e for e in self.entries.values() if e.in_navigation), start=1
        ):
            key = entry.key
            action = QAction(entry.title(), self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, k=key: self.show_page(k, None))
            view_menu.addAction(action)

        help_menu = self.menuBar().addMenu(_("&Help"))
        about = QAction(_("&About RegioDesk"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _show_who(self) -> None:
        person, device = self.context.person_id, self.context.identity.device_name
        self.context.worker.query(
            lambda store: person_name(store, person),
            lambda name: self.who.setText(f"{name} · {device}"),
        )

    def _find(self) -> None:
        self.show_page("search", None)  # the search page puts the cursor in its field

    def _in_navigation(self, key: str) -> bool:
        return any(
            self.navigation.item(row).data(Qt.ItemDataRole.UserRole) == key
            for row in range(self.navigation.count())
        )

    def _update_undo(self) -> None:
        stack = self.context.undo_stack
        self.undo_action.setEnabled(stack.can_undo)
        self.redo_action.setEnabled(stack.can_redo)
        undo_label, redo_label = stack.undo_label(), stack.redo_label()
        self.undo_action.setText(
            _("&Undo {what}").format(what=undo_label) if undo_label else _("&Undo")
        )
        self.redo_action.setText(
            _("&Redo {what}").format(what=redo_label) if redo_label else _("&Redo")
        )

    def _add_signing_actions(self, file_menu: QMenu) -> None:
        file_menu.addSeparator()
        for text, slot in (
            (_("&Verify a signed PDF…"), self._verify_file),
            (_("Si&gning certificates…"), self._signing_certificates),
            (_("&Decision list settings…"), self._decision_list_settings),
        ):
            action = QAction(text, self)
            action.triggered.connect(slot)
            file_menu.addAction(action)

    def _verify_file(self) -> None:
        from ui.pages.verification import VerificationPage

        self.show_page(VerificationPage.key, None)
        page = self.page(VerificationPage.key)
        if isinstance(page, VerificationPage):
            page.choose_file()

    def _signing_certificates(self) -> None:
        from ui.dialogs.signing_certificates import SigningCertificatesDialog

        self._run_dialog(SigningCertificatesDialog(self.context, self))

    def _decision_list_settings(self) -> None:
        from ui.dialogs.decision_list_settings import DecisionListSettingsDialog

        self._run_dialog(DecisionListSettingsDialog(self.context, self))

    @staticmethod
    def _run_dialog(dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # not kept for the next time
        dialog.exec()

    def _about(self) -> None:
        from ui.dialogs.about import AboutDialog

        AboutDialog(self.context, self).exec()

    # Window state -----------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        saved = self.context.settings.ui_state.get("main_window")
        if saved:
            self.restoreGeometry(QByteArray.fromBase64(saved.encode()))
        else:
            screen = QApplication.primaryScreen()
            if screen is not None:
                area = screen.availableGeometry()
                self.resize(min(1280, area.width()), min(820, area.height()))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt)
        geometry = self.saveGeometry().toBase64().data().decode()
        self.context.settings.ui_state["main_window"] = geometry
        self.context.save_settings()
        super().closeEvent(event)
