"""The changes that came in but were held back (quarantined), each with the reason."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from regiodesk.i18n import _, format_datetime, ngettext
from regiodesk.ids import short_id
from regiodesk.queries.sync import HeldChange
from ui.widgets.sync_tables import cell, read_only_table


class HeldChangesPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Held-back changes"), parent)
        self.held_summary = QLabel()
        self.held_summary.setWordWrap(True)
        self.held_summary.setAccessibleName(_("Held-back changes"))
        self.held_table = read_only_table(
            [_("Received"), _("Device"), _("Change"), _("By"), _("Why")],
            _("Held-back changes"),
            stretch=4,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.held_summary)
        layout.addWidget(self.held_table)

    def fill(self, held: list[HeldChange]) -> None:
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
                cell(format_datetime(change.received_at, "short")),
                cell(change.device_name or short_id(change.device_id), change.device_id),
                cell(what),
                cell(change.author or "—"),
                cell(change.reason),
            ]
            for column, item in enumerate(cells):
                self.held_table.setItem(row, column, item)
