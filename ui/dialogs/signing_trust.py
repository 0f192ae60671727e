"""Trust a root certificate file on every device."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from regiodesk.commands.signing_roots import add_signing_root
from regiodesk.i18n import _
from regiodesk.queries.signing import Region
from regiodesk.store import Store
from ui.context import AppContext
from ui.dialogs.signing_common import FormDialog, read_file


class TrustRootDialog(FormDialog):
    """Trust a root certificate (PEM) on every device, under a name people recognise."""

    trusted = Signal(str)

    def __init__(
        self, context: AppContext, region: Region, path: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, _("Trust a root certificate"), parent)
        self.region = region
        self.path = path
        self.name = QLineEdit(path.stem)
        self.name.setAccessibleName(_("Name"))
        file_label = QLabel(path.name)
        file_label.setToolTip(str(path))
        self.form.addRow(_("File:"), file_label)
        self.form.addRow(_("&Name:"), self.name)
        self._arrange(
            _(
                "Signatures whose certificates chain to this root are trusted on every device "
                "after the next sync. Trust only a root you received from its owner, and compare "
                "its fingerprint with them."
            ),
            _("Trust"),
        )
        self.name.setFocus()
        self.name.selectAll()

    def submit(self) -> None:
        actor, region_id, path, name = (
            self.context.actor,
            self.region.id,
            self.path,
            self.name.text(),
        )

        def work(store: Store) -> str:
            text = read_file(path).decode("ascii", errors="replace")
            return add_signing_root(store, actor, region_id, name, text)

        self._write(work, lambda _id: self._done(name), _("trust {name}").format(name=name))

    def _done(self, name: str) -> None:
        self.trusted.emit(name)
        self.accept()
