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
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from regiodesk.i18n import _, format_datetime, ngettext
from regiodesk.permissions import Actor
from regiodesk.queries.sync import (
    DeviceView,
    HeldChange,
    SyncCounts,
    devices,
    quarantined,
    sync_counts,
)
from regiodesk.store import Store
from ui.context import AppContext
from ui.pages.base import Page
from ui.sync_scheduler import LastSync, SyncScheduler, last_sync, scheduler_for
from ui.widgets.error_label import ErrorLabel
from ui.widgets.lifetime import guarded
from ui.widgets.sync_devices import DevicesPanel
from ui.widgets.sync_held import HeldChangesPanel
from ui.widgets.sync_root_setup import SyncRootSetup

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

        self.root_setup = SyncRootSetup(context, self.scheduler, self._ask)
        self.root_setup.saved.connect(self._show_setup_state)
        self.devices_panel = DevicesPanel(context, self.scheduler, self._ask)
        self.held_panel = HeldChangesPanel()
        self._reach_parts()

        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 8, 0)
        body.addWidget(self.root_setup)
        body.addWidget(self._make_syncing())
        body.addWidget(self.devices_panel)
        body.addWidget(self.held_panel)
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

    def _reach_parts(self) -> None:
        """The parts' fields, reached from the page as before they were parts."""
        setup, panel = self.root_setup, self.devices_panel
        self.root_edit = setup.root_edit
        self.user_edit = setup.user_edit
        self.password_edit = setup.password_edit
        self.save_button = setup.save_button
        self.create_button = setup.create_button
        self.setup_state = setup.setup_state
        self.setup_error = setup.setup_error
        self.device_table = panel.device_table
        self.approve_button = panel.approve_button
        self.revoke_button = panel.revoke_button
        self.device_note = panel.device_note
        self.device_error = panel.device_error
        self.held_summary = self.held_panel.held_summary
        self.held_table = self.held_panel.held_table

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

    # The setup --------------------------------------------------------------------------------

    def _fill_setup(self) -> None:
        self.root_setup.fill()
        self._show_setup_state()

    def _show_setup_state(self) -> None:
        self.root_setup.show_state()
        self.sync_button.setEnabled(self.scheduler.setup is not None and not self.scheduler.running)

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

    def _ask(self, title: str, text: str) -> bool:
        return self.confirm(title, text)  # at the time of asking: tests replace ``confirm``

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
        self.devices_panel.fill(data.devices, data.may_manage)
        self.held_panel.fill(data.held)

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
