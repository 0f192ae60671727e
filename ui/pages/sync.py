"""Sync: where this store meets the region's other devices, and how that went.

Set up the root (a folder, or a WebDAV address with a user name; the password goes to the OS
keyring only), make a new root on purpose, sync now (on the worker; the app stays usable),
automatic sync, the last sync's outcome (what went out and came in, what was held back, new
conflicts, notes, files passed over), the devices the region knows with approve and revoke for
the secretariat, and the changes held in quarantine with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from regiodesk.errors import InvalidInput, RegioDeskError
from regiodesk.i18n import _, format_datetime, ngettext
from regiodesk.ids import short_id
from regiodesk.permissions import Actor
from regiodesk.queries.sync import (
    DeviceStatus,
    DeviceView,
    HeldChange,
    SyncCounts,
    devices,
    quarantined,
    sync_counts,
)
from regiodesk.settings import SyncSetup
from regiodesk.store import Store
from ui.context import AppContext
from ui.pages.base import Page
from ui.sync_scheduler import LastSync, SyncScheduler, last_sync, scheduler_for
from ui.widgets.error_label import ErrorLabel
from ui.widgets.lifetime import guarded

NOTE_STYLE = "color: #6d4c00;"


@dataclass(frozen=True)
class SyncPageData:
    devices: list[DeviceView]
    held: list[HeldChange]
    counts: SyncCounts
    #: The user may approve and revoke devices (the region's secretariat).
    may_manage: bool
    last: LastSync | None


def load_sync_page(store: Store, actor: Actor, skew_ms: dict[str, int]) -> SyncPageData:
    from regiodesk.commands.conflicts import may_manage_devices

    return SyncPageData(
        devices=devices(store, skew_ms),
        held=quarantined(store),
        counts=sync_counts(store),
        may_manage=may_manage_devices(store, actor),
        last=last_sync(store),
    )


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


def skew_text(ms: int | None) -> str:
    if not ms:
        return ""
    hours = ms / 3_600_000
    if hours >= 1:
        return _("{hours:.1f} hours ahead").format(hours=hours)
    return _("{minutes} minutes ahead").format(minutes=max(1, round(ms / 60_000)))


def outcome_text(last: LastSync) -> str:
    """What came in and went out, in one line."""
    parts = [
        ngettext("{count} change sent", "{count} changes sent", last.sent).format(count=last.sent),
        ngettext("{count} received", "{count} received", last.received).format(count=last.received),
    ]
    if last.quarantined:
        parts.append(
            ngettext("{count} held back", "{count} held back", last.quarantined).format(
                count=last.quarantined
            )
        )
    if last.conflicts:
        parts.append(
            ngettext("{count} new conflict", "{count} new conflicts", last.conflicts).format(
                count=last.conflicts
            )
        )
    return " · ".join(parts)


def _cell(text: str, tooltip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(tooltip or text)
    return item


def _table(columns: list[str], name: str, stretch: int) -> QTableWidget:
    """A read-only table whose column ``stretch`` takes the room left (the others fit)."""
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setMinimumHeight(140)
    return table


class SyncPage(Page):
    key = "sync"
    watches = ("trusted_device", "sync_conflict", "person")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.scheduler: SyncScheduler = scheduler_for(context)
        self.data: SyncPageData | None = None
        heading = QLabel(_("Sync"))
        heading.setObjectName("pageHeading")
        intro = QLabel(
            _(
                "This store meets the region's other devices through a sync root: a shared "
                "folder (a network share, OneDrive, SharePoint, Nextcloud or Syncthing folder) or "
                "a WebDAV server. Nothing is lost: what you save here reaches the others, and "
                "their changes come in."
            )
        )
        intro.setWordWrap(True)

        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 8, 0)
        body.addWidget(self._make_setup())
        body.addWidget(self._make_syncing())
        body.addWidget(self._make_devices())
        body.addWidget(self._make_held())
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)

        self.scheduler.started.connect(self._sync_started)
        self.scheduler.finished.connect(self._sync_finished)
        self._fill_setup()
        self._show_running(self.scheduler.running)

    def title(self) -> str:
        return _("Sync")

    # Widgets ----------------------------------------------------------------------------------

    def _make_setup(self) -> QGroupBox:
        box = QGroupBox(_("Sync root"))
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

        layout = QVBoxLayout(box)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.setup_error)
        return box

    def _make_syncing(self) -> QGroupBox:
        box = QGroupBox(_("Syncing"))
        self.sync_button = QPushButton(_("S&ync now"))
        self.sync_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.sync_button.clicked.connect(self.sync_now)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.setAccessibleName(_("Syncing"))
        self.progress.setVisible(False)
        self.last_label = QLabel()
        self.last_label.setWordWrap(True)
        self.last_label.setAccessibleName(_("Last successful sync"))
        top = QHBoxLayout()
        top.addWidget(self.sync_button)
        top.addWidget(self.progress)
        top.addWidget(self.last_label, 1)
        for button in self._make_bundle_buttons():
            top.addWidget(button)

        self.auto_check = QCheckBox(_("Sync &automatically: at start, after saving, and every"))
        self.auto_check.setChecked(self.context.settings.sync_auto)
        self.auto_check.toggled.connect(self._automatic_changed)
        self.interval = QSpinBox()
        self.interval.setRange(1, 240)
        self.interval.setValue(self.context.settings.sync_interval_minutes)
        self.interval.setSuffix(" " + _("minutes"))
        self.interval.setAccessibleName(_("Minutes between automatic syncs"))
        self.interval.setEnabled(self.context.settings.sync_auto)
        self.interval.valueChanged.connect(self._automatic_changed)
        automatic = QHBoxLayout()
        automatic.addWidget(self.auto_check)
        automatic.addWidget(self.interval)
        automatic.addStretch(1)

        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName(_("What came in and went out"))
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setAccessibleName(_("Notes of the last sync"))
        self.notes.setStyleSheet(NOTE_STYLE)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sync_error = ErrorLabel()

        layout = QVBoxLayout(box)
        layout.addLayout(top)
        layout.addLayout(automatic)
        layout.addWidget(self.outcome)
        layout.addWidget(self.notes)
        layout.addWidget(self.sync_error)
        return box

    def _make_devices(self) -> QGroupBox:
        box = QGroupBox(_("Devices"))
        self.device_table = _table(
            [_("Device"), _("Person"), _("Status"), _("Last change"), _("Clock")],
            _("Devices"),
            stretch=0,
        )
        self.device_table.itemSelectionChanged.connect(self._device_chosen)
        self.approve_button = QPushButton(_("A&pprove"))
        self.approve_button.clicked.connect(self.approve)
        self.revoke_button = QPushButton(_("Re&voke…"))
        self.revoke_button.clicked.connect(self.revoke)
        self.device_note = QLabel()
        self.device_note.setWordWrap(True)
        self.device_note.setAccessibleName(_("About devices"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.device_note, 1)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.revoke_button)
        self.device_error = ErrorLabel()
        layout = QVBoxLayout(box)
        layout.addWidget(self.device_table)
        layout.addLayout(buttons)
        layout.addWidget(self.device_error)
        return box

    def _make_held(self) -> QGroupBox:
        box = QGroupBox(_("Held-back changes"))
        self.held_summary = QLabel()
        self.held_summary.setWordWrap(True)
        self.held_summary.setAccessibleName(_("Held-back changes"))
        self.held_table = _table(
            [_("Received"), _("Device"), _("Change"), _("By"), _("Why")],
            _("Held-back changes"),
            stretch=4,
        )
        layout = QVBoxLayout(box)
        layout.addWidget(self.held_summary)
        layout.addWidget(self.held_table)
        return box

    # The setup --------------------------------------------------------------------------------

    def _fill_setup(self) -> None:
        setup = self.scheduler.setup
        self.root_edit.setText(setup.root if setup else "")
        self.user_edit.setText(setup.username if setup else "")
        self.password_edit.clear()
        self._root_typed()
        self._show_setup_state()

    def _show_setup_state(self) -> None:
        setup = self.scheduler.setup
        if setup is None:
            self.setup_state.setText(_("No sync root is set up: this store does not sync yet."))
        else:
            self.setup_state.setText(_("This store syncs with {root}.").format(root=setup.root))
        self.sync_button.setEnabled(setup is not None and not self.scheduler.running)
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
        self._show_setup_state()
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

    def confirm(self, title: str, text: str) -> bool:
        """Ask before something that cannot simply be undone (tests replace this)."""
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

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

    # Syncing ----------------------------------------------------------------------------------

    def sync_now(self) -> None:
        self.sync_error.clear_error()
        if not self.scheduler.sync_now():
            self.setup_error.show_error(_("Set up a sync root first."))

    def _automatic_changed(self, *_args: Any) -> None:
        settings = self.context.settings
        settings.sync_auto = self.auto_check.isChecked()
        settings.sync_interval_minutes = self.interval.value()
        self.interval.setEnabled(settings.sync_auto)
        self.context.save_settings()
        self.scheduler.reconfigure()

    def _show_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.sync_button.setText(_("Syncing…") if running else _("S&ync now"))
        self._show_setup_state()

    def _sync_started(self) -> None:
        self.sync_error.clear_error()
        self._show_running(True)

    def _sync_finished(self, last: LastSync) -> None:
        self._show_running(False)
        self._show_last(last)
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def _show_last(self, last: LastSync | None) -> None:
        if last is None:
            self.last_label.setText(_("Not synced yet."))
            self.outcome.clear()
            self.notes.clear()
            self.notes.setVisible(False)
            self.sync_error.clear_error()
            return
        if last.succeeded_at is not None:
            self.last_label.setText(
                _("Last successful sync: {when}").format(
                    when=format_datetime(last.succeeded_at, "short")
                )
            )
        else:
            self.last_label.setText(_("No sync has succeeded yet."))
        if last.ok:
            self.sync_error.clear_error()
            self.outcome.setText(outcome_text(last))
        else:
            self.outcome.clear()
            self.sync_error.show_error(
                _("The sync of {when} failed: {reason}").format(
                    when=format_datetime(last.attempted_at, "short"), reason=last.error
                )
            )
        lines = list(last.notes)
        if last.passed_over:
            lines.append(
                _("Passed over (not sync files): {files}").format(files=", ".join(last.passed_over))
            )
        self.notes.setText("\n".join("•  " + line for line in lines))
        self.notes.setVisible(bool(lines))

    # Loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        actor = self.context.actor
        skew = dict(self.scheduler.last.skew_ms) if self.scheduler.last else {}
        self.context.worker.query(
            lambda store: load_sync_page(store, actor, skew),
            self._show,
            self.device_error.show_error,
        )

    def _show(self, data: SyncPageData) -> None:
        self.data = data
        self._show_last(self.scheduler.last or data.last)
        self._fill_devices(data)
        self._fill_held(data)

    def _fill_devices(self, data: SyncPageData) -> None:
        chosen = self.chosen_device()
        keep = chosen.device_id if chosen else None
        table = self.device_table
        table.setRowCount(len(data.devices))
        for row, device in enumerate(data.devices):
            name = device.name or short_id(device.device_id)
            if device.this_device:
                name = _("{name} (this device)").format(name=name)
            status = device.status.label
            if device.held_back:
                status += " · " + ngettext(
                    "{count} change waits", "{count} changes wait", device.held_back
                ).format(count=device.held_back)
            cells = [
                _cell(name, device.device_id),
                _cell(device.person or _("unknown")),
                _cell(status),
                _cell(format_datetime(device.last_seen, "short") if device.last_seen else "—"),
                _cell(skew_text(device.skew_ms) or _("in step")),
            ]
            if device.status is DeviceStatus.WAITING:
                cells[2].setIcon(
                    self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
                )
            for column, cell in enumerate(cells):
                table.setItem(row, column, cell)
            if device.device_id == keep:
                table.selectRow(row)
        if data.may_manage:
            self.device_note.setText(
                _("A new device's changes wait until the secretariat approves it.")
            )
        else:
            self.device_note.setText(
                _("Only the region's secretariat approves and revokes devices.")
            )
        self.approve_button.setVisible(data.may_manage)
        self.revoke_button.setVisible(data.may_manage)
        self._device_chosen()

    def _fill_held(self, data: SyncPageData) -> None:
        held = data.held
        self.held_summary.setText(
            ngettext(
                "{count} change came in but was not applied:",
                "{count} changes came in but were not applied:",
                len(held),
            ).format(count=len(held))
            if held
            else _("No changes are held back.")
        )
        self.held_table.setVisible(bool(held))
        self.held_table.setRowCount(len(held))
        for row, change in enumerate(held):
            what = change.what or change.entity
            if change.fields:
                what += " (" + ", ".join(change.fields) + ")"
            cells = [
                _cell(format_datetime(change.received_at, "short")),
                _cell(change.device_name or short_id(change.device_id), change.device_id),
                _cell(what),
                _cell(change.author or "—"),
                _cell(change.reason),
            ]
            for column, cell in enumerate(cells):
                self.held_table.setItem(row, column, cell)

    # Devices ----------------------------------------------------------------------------------

    def chosen_device(self) -> DeviceView | None:
        rows = self.device_table.selectionModel().selectedRows()
        if not rows or self.data is None:
            return None
        row = rows[0].row()
        return self.data.devices[row] if row < len(self.data.devices) else None

    def _device_chosen(self) -> None:
        device = self.chosen_device()
        self.approve_button.setEnabled(
            device is not None and device.status is not DeviceStatus.APPROVED
        )
        self.revoke_button.setEnabled(
            device is not None
            and device.status is not DeviceStatus.REVOKED
            and not device.this_device
        )

    def approve(self) -> None:
        from regiodesk.sync.engine import approve_device

        device = self.chosen_device()
        if device is None:
            return
        person, device_id = self.context.person_id, device.device_id
        self.device_error.clear_error()
        self.context.command(
            lambda store: approve_device(store, person, device_id),
            _("Approve device"),
            lambda _r: self._approved(),
            self.device_error.show_error,
        )

    def _approved(self) -> None:
        self.context.status.emit(
            _("Device approved; its changes apply at the next sync, on every device.")
        )
        self.scheduler.sync_now()

    def revoke(self) -> None:
        from regiodesk.commands.conflicts import revoke_device

        device = self.chosen_device()
        if device is None:
            return
        name = device.name or short_id(device.device_id)
        if not self.confirm(
            _("Revoke device"),
            _(
                "Stop trusting the device {name} ({person})? What it sent before stays; its "
                "changes from now on are held back."
            ).format(name=name, person=device.person or _("unknown")),
        ):
            return
        actor, device_id = self.context.actor, device.device_id
        self.device_error.clear_error()
        self.context.command(
            lambda store: revoke_device(store, actor, device_id),
            _("Revoke device"),
            lambda _r: self.context.status.emit(_("Device revoked.")),
            self.device_error.show_error,
        )

    # Bundles -----------------------------------------------------------------------------------

    def _make_bundle_buttons(self) -> tuple[QPushButton, QPushButton]:
        self.import_button = QPushButton(_("&Import a bundle…"))
        self.import_button.setToolTip(
            _("Take in the changes of a bundle file (from a server, an e-mail, a USB stick)")
        )
        self.import_button.clicked.connect(self.choose_bundle)
        self.export_button = QPushButton(_("E&xport a bundle…"))
        self.export_button.setToolTip(_("Write this store's changes to one signed bundle file"))
        self.export_button.clicked.connect(self.export_bundle)
        return self.import_button, self.export_button

    def choose_bundle(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import a bundle"), "", _("RegioDesk bundles (*.regiodesk);;All files (*)")
        )
        if name:
            self.import_bundle_file(Path(name))

    def import_bundle_file(self, path: Path) -> None:
        """Take in a bundle on the worker; the outcome shows where a sync's does."""
        from regiodesk.sync.bundle import import_bundle

        def work(store: Store) -> Any:
            try:
                data = path.read_bytes()
            except OSError as error:
                from regiodesk.errors import InvalidInput

                raise InvalidInput(field=str(path), reason=error.strerror or str(error)) from None
            return import_bundle(store, data, path.name)

        self.sync_error.clear_error()
        self.context.worker.write(
            work, guarded(self, self._bundle_imported), guarded(self, self.sync_error.show_error)
        )

    def _bundle_imported(self, report: Any) -> None:
        self.outcome.setText(
            _(
                "Bundle taken in: received {received}, held back {held}, new conflicts {conflicts}."
            ).format(received=report.received, held=report.quarantined, conflicts=report.conflicts)
        )
        self.context.status.emit(self.outcome.text())

    def export_bundle(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from regiodesk.sync.bundle import export_bundle

        name, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export a bundle"),
            "regiodesk-changes.regiodesk",
            _("RegioDesk bundles (*.regiodesk)"),
        )
        if not name:
            return
        target = Path(name)
        self.sync_error.clear_error()
        self.context.worker.query(
            lambda store: export_bundle(store, target),
            guarded(
                self,
                lambda count: self.outcome.setText(
                    _("{count} changes written to {path}").format(count=count, path=target)
                ),
            ),
            guarded(self, self.sync_error.show_error),
        )
