"""Create the region's own signing authority: its certificate is trusted on every device, its key
stays on this device."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from regiodesk.commands.signing_roots import add_signing_root
from regiodesk.i18n import _
from regiodesk.queries.signing import Region
from regiodesk.secrets import KeyringUnavailable
from regiodesk.signing.authority import create_authority
from regiodesk.signing.wallet import Wallet
from regiodesk.store import Store
from ui.context import AppContext
from ui.dialogs.signing_common import MAX_NAME, FormDialog, passphrase_field


class CreateAuthorityDialog(FormDialog):
    """The region's own signing authority: a name and the passphrase of its key.  ``created``
    carries a warning to show ("" when there is none)."""

    created = Signal(str)

    def __init__(
        self, context: AppContext, wallet: Wallet, region: Region, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, _("Create the region's signing authority"), parent)
        self.wallet = wallet
        self.region = region
        self.name = QLineEdit(_("Signing authority {region}").format(region=region.name))
        self.name.setMaxLength(MAX_NAME)
        self.name.setAccessibleName(_("Name"))
        self.passphrase = passphrase_field(_("Passphrase"))
        self.repeat = passphrase_field(_("Passphrase again"))
        self.remember = QCheckBox(_("&Remember the passphrase in the system keyring"))
        self.form.addRow(_("&Name:"), self.name)
        self.form.addRow(_("&Passphrase:"), self.passphrase)
        self.form.addRow(_("Passphrase &again:"), self.repeat)
        self.form.addRow("", self.remember)
        self._arrange(
            _(
                "The signing authority issues signing certificates to chairs and secretaries. "
                "Its certificate goes to every device with the next sync, so that each can verify "
                "their signatures. Its key stays on this device, protected by the passphrase: "
                "keep the passphrase safe."
            ),
            _("Create"),
        )
        self.passphrase.setFocus()

    def submit(self) -> None:
        if self._differ(self.passphrase, self.repeat):
            return
        name = self.name.text().strip()
        if not name:
            self.error.show_error(_("Give the signing authority a name."))
            return
        wallet, region, actor = self.wallet, self.region, self.context.actor
        secret, remember = self.passphrase.text(), self.remember.isChecked()

        def work(store: Store) -> str:
            authority = create_authority(name, region.name, secret)
            add_signing_root(store, actor, region.id, name, authority.certificate_pem)
            try:
                wallet.keep_authority_key(
                    authority.sha256, authority.encrypted_key_pem, secret, remember=remember
                )
            except KeyringUnavailable as error:  # the key is kept; its passphrase is not
                return error.message()
            return ""

        self._write(work, self._done, "")

    def _done(self, warning: str) -> None:
        self.created.emit(warning)
        self.accept()
