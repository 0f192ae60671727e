"""Import a signing certificate (PKCS#12) on this device: its passphrase, and whether the system
keyring remembers it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from regiodesk.errors import WrongPassphrase
from regiodesk.i18n import _
from regiodesk.secrets import KeyringUnavailable
from regiodesk.signing.wallet import Wallet
from regiodesk.store import Store
from ui.context import AppContext
from ui.dialogs.signing_common import FormDialog, passphrase_field, read_file


class ImportIdentityDialog(FormDialog):
    """The passphrase of a PKCS#12 file, and whether to remember it; imports on the worker.
    ``imported`` carries a warning to show ("" when there is none)."""

    imported = Signal(str)

    def __init__(
        self, context: AppContext, wallet: Wallet, path: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, _("Import a signing certificate"), parent)
        self.wallet = wallet
        self.path = path
        self.passphrase = passphrase_field(_("Passphrase"))
        self.remember = QCheckBox(_("&Remember the passphrase in the system keyring"))
        file_label = QLabel(path.name)
        file_label.setToolTip(str(path))
        self.form.addRow(_("File:"), file_label)
        self.form.addRow(_("&Passphrase:"), self.passphrase)
        self.form.addRow("", self.remember)
        self._arrange(
            _(
                "A signing certificate file (PKCS#12) from your organisation or from the region's "
                "signing authority. RegioDesk keeps the file, encrypted as it is, on this device. "
                "Without “remember”, it asks for the passphrase each time you sign."
            ),
            _("Import"),
        )
        self.passphrase.setFocus()

    def submit(self) -> None:
        wallet, path = self.wallet, self.path
        secret, remember = self.passphrase.text(), self.remember.isChecked()

        def work(_store: Store) -> str:
            data = read_file(path)
            try:
                wallet.import_pkcs12(data, secret, remember=remember, path=path.name)
            except KeyringUnavailable as error:  # the certificate is kept; its passphrase is not
                return error.message()
            return ""

        self._query(work, self._done)

    def _done(self, warning: str) -> None:
        self.imported.emit(warning)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        super()._refused(error)
        if isinstance(error, WrongPassphrase):
            self.passphrase.selectAll()
            self.passphrase.setFocus()
