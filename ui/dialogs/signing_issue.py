"""Issue a signing certificate from the region's authority and save it as a PKCS#12 file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QLineEdit, QWidget

from regiodesk.errors import WrongPassphrase
from regiodesk.files import write_atomically
from regiodesk.i18n import _
from regiodesk.queries.signing import SigningRoot
from regiodesk.signing.authority import issue_signing_certificate, load_authority_key
from regiodesk.signing.wallet import PassphraseNeeded, Wallet
from regiodesk.store import Store
from ui.context import AppContext
from ui.dialogs.signing_common import FOLDER_KEY, MAX_NAME, FormDialog, passphrase_field


class IssueCertificateDialog(FormDialog):
    """A signing certificate from the region's authority, saved as a PKCS#12 file.  ``issued``
    carries the path of the file."""

    issued = Signal(str)

    def __init__(
        self,
        context: AppContext,
        wallet: Wallet,
        authority: SigningRoot,
        remembered: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, _("Issue a signing certificate"), parent)
        self.wallet = wallet
        self.authority = authority
        self.data: bytes | None = None
        self.holder = QLineEdit()
        self.holder.setMaxLength(MAX_NAME)
        self.holder.setAccessibleName(_("Certificate holder"))
        self.holder.setPlaceholderText(_("e.g. Anna de Vries"))
        self.organisation = QLineEdit()
        self.organisation.setMaxLength(MAX_NAME)
        self.organisation.setAccessibleName(_("Organisation"))
        self.organisation.setPlaceholderText(_("e.g. Gemeente Hengelo"))
        self.email = QLineEdit()
        self.email.setAccessibleName(_("E-mail"))
        self.authority_passphrase = passphrase_field(_("Passphrase of the signing authority"))
        self.passphrase = passphrase_field(_("New passphrase"))
        self.repeat = passphrase_field(_("New passphrase again"))
        self.form.addRow(_("&Holder:"), self.holder)
        self.form.addRow(_("&Organisation:"), self.organisation)
        self.form.addRow(_("&E-mail:"), self.email)
        self.form.addRow(_("&Authority's passphrase:"), self.authority_passphrase)
        self.form.addRow(_("&New passphrase:"), self.passphrase)
        self.form.addRow(_("New passphrase a&gain:"), self.repeat)
        self._show_authority_passphrase(not remembered)
        self._arrange(
            _(
                "A signing certificate from {authority} for a chair or a secretary, valid for "
                "three years. It is saved as a file protected by the new passphrase: hand the "
                "file and the passphrase to the holder separately."
            ).format(authority=authority.name),
            _("Issue…"),
        )
        self.holder.setFocus()

    def _show_authority_passphrase(self, shown: bool) -> None:
        self.asks_authority_passphrase = shown
        self.form.setRowVisible(self.authority_passphrase, shown)

    def submit(self) -> None:
        if self._differ(self.passphrase, self.repeat):
            return
        wallet, authority = self.wallet, self.authority
        given = self.authority_passphrase.text() if self.asks_authority_passphrase else ""
        holder, organisation = self.holder.text(), self.organisation.text().strip()
        if not organisation:
            self.error.show_error(_("Give the holder's organisation."))
            self.organisation.setFocus()
            return
        email, secret = self.email.text(), self.passphrase.text()

        def work(_store: Store) -> bytes:
            authority_secret = given or wallet.authority_passphrase(authority.sha256)
            if not authority_secret:
                raise PassphraseNeeded(subject=authority.name)
            key = load_authority_key(wallet.authority_key(authority.sha256), authority_secret)
            return issue_signing_certificate(
                authority.certificate_pem,
                key,
                holder_name=holder,
                organisation=organisation,
                email=email,
                passphrase=secret,
            )

        self._query(work, self._save)

    def _refused(self, error: BaseException) -> None:
        super()._refused(error)
        if isinstance(error, WrongPassphrase | PassphraseNeeded):
            self._show_authority_passphrase(True)
            self.authority_passphrase.selectAll()
            self.authority_passphrase.setFocus()

    def _save(self, data: bytes) -> None:
        folder = self.context.settings.ui_state.get(FOLDER_KEY, "")
        suggested = str(Path(folder) / f"{self.holder.text().strip()}.p12")
        name, _chosen = QFileDialog.getSaveFileName(
            self,
            _("Save the signing certificate"),
            suggested,
            _("Signing certificates (*.p12)"),
        )
        if not name:
            self.ok_button.setEnabled(True)
            self.error.show_error(_("The certificate was not saved; nothing was written."))
            return
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".p12")
        self.context.settings.ui_state[FOLDER_KEY] = str(path.parent)
        self._query(
            lambda _store: write_atomically(path, data, private=True),
            lambda _written: self._done(path),
        )

    def _done(self, path: Path) -> None:
        self.issued.emit(str(path))
        self.accept()
