"""Where this store syncs: a folder, or a WebDAV address with a user name (the password goes to
the OS keyring only), saved for this store, or made as the region's new root on purpose."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from regiodesk.errors import InvalidInput, RegioDeskError
from regiodesk.i18n import _
from regiodesk.settings import SyncSetup
from ui.context import AppContext
from ui.sync_scheduler import SyncScheduler
from ui.widgets.error_label import ErrorLabel


def remember_password(text: str, username: str, password: str) -> bool:
    """Keep the WebDAV password in the keyring (on the worker).  False: there is no keyring, so
    the password can only be used for this session."""
    from regiodesk.sync.roots import PasswordNeeded, open_root

    open_root(text, username, password=password, remember=True)
    try:
        open_root(text, username)
    except PasswordNeeded:
        return False
    return True


def check_setup(text: str, username: str) -> SyncSetup:
    """The setup as typed, checked without touching the root (no network, no disk)."""
    from regiodesk.sync.roots import is_address, open_root

    text = text.strip()
    if not text:
        raise InvalidInput(field=_("sync root"), reason=_("give a folder or a WebDAV address"))
    username = username.strip() if is_address(text) else ""
    if is_address(text) and not username:
        raise InvalidInput(field=_("user name"), reason=_("a WebDAV server needs a user name"))
    open_root(text, username or None, password="", remember=False)  # a well-formed address?
    return SyncSetup(text, username)


class SyncRootSetup(QGroupBox):
    """The sync root of this store.  ``saved`` is emitted when the setup changed;
    ``confirm(title, text)`` asks before a new root is made."""

    saved = Signal()

    def __init__(
        self,
        context: AppContext,
        scheduler: SyncScheduler,
        confirm: Callable[[str, str], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Sync root"), parent)
        self.context = context
        self.scheduler = scheduler
        self.confirm = confirm
        self.root_edit = QLineEdit()
        self.root_edit.setPlaceholderText(_("A folder, or a WebDAV address (https://…)"))
        self.root_edit.setAccessibleName(_("Sync root"))
        self.root_edit.textChanged.connect(self._root_typed)
        self.choose_button = QPushButton(_("C&hoose folder…"))
        self.choose_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon))
        self.choose_button.clicked.connect(self.choose_folder)
        root_row = QHBoxLayout()
        root_row.addWidget(self.root_edit, 1)
        root_row.addWidget(self.choose_button)
        self.user_edit = QLineEdit()
        self.user_edit.setAccessibleName(_("User name"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(_("Password or token"))
        self.password_edit.setPlaceholderText(
            _("Kept in this computer's password safe, never in the settings")
        )
        form = QFormLayout()
        root_label = QLabel(_("&Root:"))
        root_label.setBuddy(self.root_edit)
        form.addRow(root_label, root_row)
        self.user_label = QLabel(_("&User name:"))
        self.user_label.setBuddy(self.user_edit)
        form.addRow(self.user_label, self.user_edit)
        self.password_label = QLabel(_("&Password or token:"))
        self.password_label.setBuddy(self.password_edit)
        form.addRow(self.password_label, self.password_edit)

        self.save_button = QPushButton(_("&Save"))
        self.save_button.clicked.connect(lambda: self.save_setup())  # noqa: PLW0108 (not "checked")
        self.create_button = QPushButton(_("Make a &new root here…"))
        self.create_button.setToolTip(
            _("Only once for the whole region: the other devices then join this root")
        )
        self.create_button.clicked.connect(self.make_new_root)
        self.setup_state = QLabel()
        self.setup_state.setWordWrap(True)
        self.setup_state.setAccessibleName(_("Sync root status"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.setup_state, 1)
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.save_button)
        self.setup_error = ErrorLabel()

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.setup_error)

    def fill(self) -> None:
        setup = self.scheduler.setup
        self.root_edit.setText(setup.root if setup else "")
        self.user_edit.setText(setup.username if setup else "")
        self.password_edit.clear()
        self._root_typed()

    def show_state(self) -> None:
        setup = self.scheduler.setup
        if setup is None:
            self.setup_state.setText(_("No sync root is set up: this store does not sync yet."))
        else:
            self.setup_state.setText(_("This store syncs with {root}.").format(root=setup.root))
        self.create_button.setEnabled(not self.scheduler.running)

    def _root_typed(self, *_args: Any) -> None:
        from regiodesk.sync.roots import is_address

        webdav = is_address(self.root_edit.text())
        for widget in (self.user_label, self.user_edit, self.password_label, self.password_edit):
            widget.setVisible(webdav)

    def choose_folder(self) -> None:
        start = self.root_edit.text().strip()
        folder = QFileDialog.getExistingDirectory(self, _("Choose the sync folder"), start)
        if folder:
            self.root_edit.setText(folder)

    def save_setup(self, *, then: Any = None) -> None:
        """Remember the root (and user name) for this store; a password goes to the keyring."""
        self.setup_error.clear_error()
        try:
            setup = check_setup(self.root_edit.text(), self.user_edit.text())
        except RegioDeskError as error:
            self.setup_error.show_error(error)
            return
        password = self.password_edit.text()
        self.password_edit.clear()
        settings = self.context.settings
        settings.set_sync_setup(self.context.store_path, setup)
        self.context.save_settings()
        self.scheduler.reconfigure()
        self.saved.emit()
        if not (setup.username and password):
            self.context.status.emit(_("Sync root saved."))
            if then is not None:
                then()
            return

        def kept(in_keyring: bool) -> None:
            self.scheduler.session_password = None if in_keyring else password
            if in_keyring:
                self.context.status.emit(_("Sync root saved; the password is in the safe."))
            else:
                self.setup_error.show_error(
                    _(
                        "This computer has no password safe (keyring): the password is used "
                        "until you close RegioDesk, and asked again next time."
                    )
                )
            if then is not None:
                then()

        self.context.worker.query(
            lambda _store: remember_password(setup.root, setup.username, password),
            kept,
            self.setup_error.show_error,
        )

    def make_new_root(self) -> None:
        """Make a new root where the setup points, after the user confirms it."""
        root = self.root_edit.text().strip()
        if not root:
            self.setup_error.show_error(_("Choose a folder or give an address first."))
            return
        if not self.confirm(
            _("Make a new sync root"),
            _(
                "Make a new sync root in {root}?\n\nDo this only once for the whole region: "
                "every other device then joins this root. If the region already has a root, "
                "choose that one and press Save instead."
            ).format(root=root),
        ):
            return
        self.save_setup(then=self.scheduler.create_root)
