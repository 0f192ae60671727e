"""Signing certificates: the identities this device signs with (PKCS#12 files imported once, their
passphrases in the system keyring only when asked), and the root certificates every device trusts
for signatures.  The region's secretariat creates the region's own signing authority here, issues
certificates from it, trusts other roots and withdraws them.

Everything slow (decrypting a PKCS#12 file, making a 3072-bit key, the keyring) runs on the
worker; the core checks everything and the dialogs show what it says in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from regiodesk.commands.signing_roots import withdraw_signing_root
from regiodesk.i18n import _, format_date
from regiodesk.permissions import Actor
from regiodesk.queries.signing import (
    Region,
    SigningRoot,
    manages_signing_roots,
    signing_roots,
    the_region,
)
from regiodesk.signing.wallet import StoredIdentity, Wallet
from regiodesk.store import Store
from ui.context import AppContext
from ui.dialogs.signing_authority import CreateAuthorityDialog
from ui.dialogs.signing_common import FOLDER_KEY
from ui.dialogs.signing_import import ImportIdentityDialog
from ui.dialogs.signing_issue import IssueCertificateDialog
from ui.dialogs.signing_trust import TrustRootDialog
from ui.widgets.error_label import ErrorLabel
from ui.widgets.icons import section_heading
from ui.widgets.lifetime import guarded, open_dialog


@dataclass(frozen=True)
class IdentityRow:
    identity: StoredIdentity
    #: Its passphrase is kept in the system keyring.
    remembered: bool


@dataclass(frozen=True)
class Overview:
    identities: list[IdentityRow]
    roots: list[SigningRoot]
    #: The region's secretariat: creates, issues, trusts and withdraws.
    may_manage: bool
    region: Region
    #: Roots whose private key is on this device (the region's authority made here).
    keys_here: frozenset[str]
    #: The newest trusted root with its key on this device: it issues certificates.
    authority: SigningRoot | None
    authority_remembered: bool


def load_overview(store: Store, actor: Actor, wallet: Wallet) -> Overview:
    """What the dialog shows (on the worker: the keyring may take a moment to answer)."""
    roots = signing_roots(store)
    keys_here = frozenset(root.sha256 for root in roots if wallet.has_authority_key(root.sha256))
    authority = next((r for r in roots if r.trusted and r.sha256 in keys_here), None)
    return Overview(
        identities=[
            IdentityRow(identity, wallet.remembers_passphrase(identity.sha256))
            for identity in sorted(wallet.identities(), key=lambda i: i.label.casefold())
        ],
        roots=roots,
        may_manage=manages_signing_roots(store, actor),
        region=the_region(store),
        keys_here=keys_here,
        authority=authority,
        authority_remembered=bool(
            authority is not None and wallet.authority_passphrase(authority.sha256) is not None
        ),
    )


def _valid_until(identity: StoredIdentity) -> str:
    try:
        until = date.fromisoformat(identity.not_after)
    except ValueError:
        return identity.not_after
    text = format_date(until)
    return _("{date} (expired)").format(date=text) if until < date.today() else text


class SigningCertificatesDialog(QDialog):
    def __init__(
        self, context: AppContext, parent: QWidget | None = None, wallet: Wallet | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.wallet = wallet or Wallet()
        self.overview: Overview | None = None
        self.form: QDialog | None = None
        self.setWindowTitle(_("Signing certificates"))
        self.setMinimumSize(820, 580)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self._make_identities(layout)
        layout.addSpacing(8)
        self._make_roots(layout)
        layout.addWidget(close)
        self._update_buttons()
        context.worker.changed.connect(guarded(self, self._store_changed))
        self.reload()

    def _make_identities(self, layout: QVBoxLayout) -> None:
        self.identities = self._table(
            [_("Certificate"), _("Valid until"), _("Issued by"), _("Passphrase")],
            _("Signing certificates on this device"),
        )
        self.identities.itemSelectionChanged.connect(self._update_buttons)
        self.import_button = QPushButton(_("&Import…"))
        self.import_button.clicked.connect(self.import_identity)
        self.remove_button = QPushButton(_("&Remove"))
        self.remove_button.clicked.connect(self.remove_identity)
        self.identity_error = ErrorLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        intro = QLabel(
            _(
                "The certificates you sign decision lists with on this computer. Their "
                "passphrases are asked each time, unless you had them remembered in the "
                "system keyring."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(section_heading(_("Signing certificates on this device")))
        layout.addWidget(intro)
        layout.addWidget(self.identities, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.identity_error)

    def _make_roots(self, layout: QVBoxLayout) -> None:
        self.roots = self._table(
            [_("Name"), _("Fingerprint (SHA-256)"), _("Created"), _("Status")],
            _("Trusted by every device"),
        )
        self.roots.itemSelectionChanged.connect(self._update_buttons)
        self.create_button = QPushButton(_("&Create the region's signing authority…"))
        self.create_button.clicked.connect(self.create_authority)
        self.issue_button = QPushButton(_("I&ssue a certificate…"))
        self.issue_button.clicked.connect(self.issue_certificate)
        self.trust_button = QPushButton(_("&Trust a root certificate file…"))
        self.trust_button.clicked.connect(self.trust_root)
        self.withdraw_button = QPushButton(_("&Withdraw"))
        self.withdraw_button.clicked.connect(self.withdraw_root)
        self.manage_buttons = [
            self.create_button,
            self.issue_button,
            self.trust_button,
            self.withdraw_button,
        ]
        self.roots_note = QLabel()
        self.roots_note.setWordWrap(True)
        self.roots_error = ErrorLabel()
        buttons = QHBoxLayout()
        for button in self.manage_buttons:
            buttons.addWidget(button)
        buttons.addStretch(1)
        intro = QLabel(
            _(
                "Signatures count as trusted when their certificate was issued by one of these "
                "roots. Sync takes this list to every device."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(section_heading(_("Trusted by every device")))
        layout.addWidget(intro)
        layout.addWidget(self.roots, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.roots_note)
        layout.addWidget(self.roots_error)

    @staticmethod
    def _table(headers: list[str], name: str) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setAccessibleName(name)
        table.setHorizontalHeaderLabels(headers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setWordWrap(False)  # a long name is elided; its tooltip shows it whole
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        return table

    # Loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        actor, wallet = self.context.actor, self.wallet
        self.context.worker.query(
            lambda store: load_overview(store, actor, wallet),
            guarded(self, self._show),
            guarded(self, self.roots_error.show_error),
        )

    def _store_changed(self, changes: Any) -> None:
        if changes.touches("signing_authority"):
            self.reload()

    def _show(self, overview: Overview) -> None:
        self.overview = overview
        self._fill_identities(overview.identities)
        self._fill_roots(overview)
        for button in self.manage_buttons:
            button.setVisible(overview.may_manage)
        if not overview.may_manage:
            self.roots_note.setText(
                _("Only the region's secretariat creates, issues, trusts and withdraws these.")
            )
        elif overview.authority is None:
            self.roots_note.setText(
                _(
                    "The key of the region's signing authority is not on this device: create "
                    "the authority here to issue certificates."
                )
            )
        else:
            self.roots_note.setText(
                _("Certificates are issued by {name}, whose key is on this device.").format(
                    name=overview.authority.name
                )
            )
        self._update_buttons()

    def _fill_identities(self, rows: list[IdentityRow]) -> None:
        selected = self.selected_identity()
        self.identities.setRowCount(0)
        for row in rows:
            identity = row.identity
            number = self.identities.rowCount()
            self.identities.insertRow(number)
            values = [
                identity.label,
                _valid_until(identity),
                identity.issuer,
                _("remembered in the keyring") if row.remembered else _("asked each time"),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, identity.sha256)
                item.setToolTip(
                    _("Fingerprint (SHA-256): {sha}").format(sha=identity.sha256)
                    if column == 0
                    else value
                )
                self.identities.setItem(number, column, item)
            if selected is not None and selected.sha256 == identity.sha256:
                self.identities.selectRow(number)

    def _fill_roots(self, overview: Overview) -> None:
        selected = self.selected_root()
        self.roots.setRowCount(0)
        for root in overview.roots:
            number = self.roots.rowCount()
            self.roots.insertRow(number)
            if root.withdrawn_at is not None:
                status = _("withdrawn on {date}").format(date=format_date(root.withdrawn_at))
            elif root.sha256 in overview.keys_here:
                status = _("trusted; its key is on this device")
            else:
                status = _("trusted")
            values = [
                root.name,
                root.short_fingerprint,
                format_date(root.created_at),
                status,
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, root.id)
                item.setToolTip(root.sha256 if column == 1 else value)
                self.roots.setItem(number, column, item)
            if selected is not None and selected.id == root.id:
                self.roots.selectRow(number)

    def selected_identity(self) -> StoredIdentity | None:
        if self.overview is None:
            return None
        rows = self.identities.selectionModel().selectedRows()
        if not rows:
            return None
        sha = rows[0].data(Qt.ItemDataRole.UserRole)
        return next(
            (r.identity for r in self.overview.identities if r.identity.sha256 == sha), None
        )

    def selected_root(self) -> SigningRoot | None:
        if self.overview is None:
            return None
        rows = self.roots.selectionModel().selectedRows()
        if not rows:
            return None
        root_id = rows[0].data(Qt.ItemDataRole.UserRole)
        return next((root for root in self.overview.roots if root.id == root_id), None)

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.selected_identity() is not None)
        root = self.selected_root()
        self.withdraw_button.setEnabled(root is not None and root.trusted)
        overview = self.overview
        self.create_button.setEnabled(overview is not None)
        self.trust_button.setEnabled(overview is not None)
        self.issue_button.setEnabled(overview is not None and overview.authority is not None)

    # This device's certificates ---------------------------------------------------------------

    def _choose(self, title: str, kinds: str) -> Path | None:
        folder = self.context.settings.ui_state.get(FOLDER_KEY, "")
        name, _chosen = QFileDialog.getOpenFileName(self, title, folder, kinds)
        if not name:
            return None
        self.context.settings.ui_state[FOLDER_KEY] = str(Path(name).parent)
        return Path(name)

    def import_identity(self) -> None:
        path = self._choose(
            _("Import a signing certificate"),
            _("Signing certificates (*.p12 *.pfx);;All files (*)"),
        )
        if path is None:
            return
        self.identity_error.clear_error()
        dialog = ImportIdentityDialog(self.context, self.wallet, path, self)
        dialog.imported.connect(self._imported)
        self.form = open_dialog(self.form, dialog)

    def _imported(self, warning: str) -> None:
        if warning:
            self.identity_error.show_error(warning)
        self.context.status.emit(_("Signing certificate imported."))
        self.reload()

    def remove_identity(self) -> None:
        identity = self.selected_identity()
        if identity is None:
            return
        answer = QMessageBox.question(
            self,
            _("Remove a signing certificate"),
            _(
                "Remove the signing certificate of {name} from this device? Documents signed "
                "with it stay valid; to sign with it again, import the file again."
            ).format(name=identity.label),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        wallet, sha = self.wallet, identity.sha256
        self.identity_error.clear_error()
        self.context.worker.query(
            lambda _store: wallet.remove(sha),
            guarded(self, lambda _none: self.reload()),
            guarded(self, self.identity_error.show_error),
        )

    # The roots every device trusts -------------------------------------------------------------

    def create_authority(self) -> None:
        if self.overview is None:
            return
        self.roots_error.clear_error()
        dialog = CreateAuthorityDialog(self.context, self.wallet, self.overview.region, self)
        dialog.created.connect(self._created)
        self.form = open_dialog(self.form, dialog)

    def _created(self, warning: str) -> None:
        if warning:
            self.roots_error.show_error(warning)
        self.context.status.emit(_("The region's signing authority was created."))
        self.reload()

    def issue_certificate(self) -> None:
        overview = self.overview
        if overview is None or overview.authority is None:
            return
        self.roots_error.clear_error()
        dialog = IssueCertificateDialog(
            self.context, self.wallet, overview.authority, overview.authority_remembered, self
        )
        dialog.issued.connect(
            lambda path: self.context.status.emit(
                _("Signing certificate saved to {path}").format(path=path)
            )
        )
        self.form = open_dialog(self.form, dialog)

    def trust_root(self) -> None:
        if self.overview is None:
            return
        path = self._choose(
            _("Trust a root certificate"),
            _("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if path is None:
            return
        self.roots_error.clear_error()
        dialog = TrustRootDialog(self.context, self.overview.region, path, self)
        self.form = open_dialog(self.form, dialog)

    def withdraw_root(self) -> None:
        root = self.selected_root()
        if root is None or not root.trusted:
            return
        answer = QMessageBox.question(
            self,
            _("Withdraw a root certificate"),
            _(
                "Stop trusting {name} on every device? Signatures whose certificates chain only "
                "to it are then reported as not trusted."
            ).format(name=root.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        actor, root_id = self.context.actor, root.id
        self.roots_error.clear_error()
        self.context.command(
            lambda store: withdraw_signing_root(store, actor, root_id),
            _("withdraw {name}").format(name=root.name),
            None,
            guarded(self, self.roots_error.show_error),
        )
