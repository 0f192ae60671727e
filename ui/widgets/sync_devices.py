"""The devices the region knows: who uses each, its status, its last change and its clock, with
approve and revoke for the region's secretariat."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from regiodesk.i18n import _, format_datetime, ngettext
from regiodesk.ids import short_id
from regiodesk.queries.sync import DeviceStatus, DeviceView
from ui.context import AppContext
from ui.sync_scheduler import SyncScheduler
from ui.widgets.error_label import ErrorLabel
from ui.widgets.sync_tables import cell, read_only_table


def skew_text(ms: int | None) -> str:
    if not ms:
        return ""
    hours = ms / 3_600_000
    if hours >= 1:
        return _("{hours:.1f} hours ahead").format(hours=hours)
    return _("{minutes} minutes ahead").format(minutes=max(1, round(ms / 60_000)))


class DevicesPanel(QGroupBox):
    """``confirm(title, text)`` asks before a device is revoked."""

    def __init__(
        self,
        context: AppContext,
        scheduler: SyncScheduler,
        confirm: Callable[[str, str], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Devices"), parent)
        self.context = context
        self.scheduler = scheduler
        self.confirm = confirm
        self.devices: list[DeviceView] = []
        self.device_table = read_only_table(
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.device_table)
        layout.addLayout(buttons)
        layout.addWidget(self.device_error)

    def fill(self, devices: list[DeviceView], may_manage: bool) -> None:
        chosen = self.chosen_device()  # of the list shown until now
        keep = chosen.device_id if chosen else None
        self.devices = devices
        table = self.device_table
        table.setRowCount(len(devices))
        for row, device in enumerate(devices):
            name = device.name or short_id(device.device_id)
            if device.this_device:
                name = _("{name} (this device)").format(name=name)
            status = device.status.label
            if device.held_back:
                status += " · " + ngettext(
                    "{count} change waits", "{count} changes wait", device.held_back
                ).format(count=device.held_back)
            cells = [
                cell(name, device.device_id),
                cell(device.person or _("unknown")),
                cell(status),
                cell(format_datetime(device.last_seen, "short") if device.last_seen else "—"),
                cell(skew_text(device.skew_ms) or _("in step")),
            ]
            if device.status is DeviceStatus.WAITING:
                cells[2].setIcon(
                    self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
                )
            for column, item in enumerate(cells):
                table.setItem(row, column, item)
            if device.device_id == keep:
                table.selectRow(row)
        if may_manage:
            self.device_note.setText(
                _("A new device's changes wait until the secretariat approves it.")
            )
        else:
            self.device_note.setText(
                _("Only the region's secretariat approves and revokes devices.")
            )
        self.approve_button.setVisible(may_manage)
        self.revoke_button.setVisible(may_manage)
        self._device_chosen()

    def chosen_device(self) -> DeviceView | None:
        rows = self.device_table.selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].row()
        return self.devices[row] if row < len(self.devices) else None

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
