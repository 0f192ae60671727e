"""Change what a session yielded: its kind (question, guiding statement, proposal) and text."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from regiodesk.i18n import _
from regiodesk.model.enums import YieldKind
from regiodesk.queries.region_day import YieldRow
from ui.context import AppContext
from ui.dialogs.region_day_common import RegionDayDialog


class YieldDialog(RegionDayDialog):
    def __init__(
        self, context: AppContext, day_id: str, row: YieldRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, day_id, parent)
        self.yield_id = row.id
        self.setWindowTitle(_("Change the yield"))
        self.resize(480, 240)
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Kind"))
        for kind in YieldKind:
            self.kind.addItem(kind.label.capitalize(), kind)
        self.kind.setCurrentIndex(self.kind.findData(row.kind))
        self.text = QPlainTextEdit(row.text)
        self.text.setAccessibleName(_("Text"))
        form = QFormLayout()
        form.addRow(_("&Kind:"), self.kind)
        form.addRow(_("&Text:"), self.text)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        from regiodesk.commands.region_day import update_yield

        actor, yield_id = self.context.actor, self.yield_id
        kind, text = YieldKind(self.kind.currentData()), self.text.toPlainText()
        self.run(
            lambda store: update_yield(store, actor, yield_id, kind, text),
            _("Change a yield"),
            lambda _changed: self.accept(),
        )
