"""Sign a meeting's decision list as chair or secretary: choose a signing certificate of this
device, give its passphrase (unless the keyring keeps it), and sign.

The signing itself (unlocking the certificate, making the file, the time stamp, the signature)
runs on the database worker; the core's refusal shows under the form and the dialog stays open.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from regiodesk.i18n import _, current_language
from regiodesk.signing.wallet import StoredIdentity, Wallet
from regiodesk.store import Store
from ui.context import AppContext
from ui.region_logo import region_logo
from ui.widgets.error_label import ErrorLabel
from ui.widgets.lifetime import guarded


class SignDialog(QDialog):
    #: Emitted with the signed file's bytes once the store holds the signature.
    signed = Signal(bytes)

    def __init__(
        self,
        context: AppContext,
        meeting_id: str,
        role: str,
        reference: str,
        location: str,
        wallet: Wallet | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.meeting_id = meeting_id
        self.role = role
        self.wallet = wallet or Wallet()
        as_chair = role == "chair"
        self.setWindowTitle(_("Sign as chair") if as_chair else _("Sign as secretary"))
        self.setMinimumWidth(480)
        intro = QLabel(
            (
                _(
                    "You sign decision list {reference} as chair. From then on the meeting's "
                    "decisions, positions and attendance can no longer change; a correction "
                    "becomes a new version."
                )
                if as_chair
                else _(
                    "You sign decision list {reference} as secretary, after the chair. "
                    "Your signature covers the whole document."
                )
            ).format(reference=reference)
        )
        intro.setWordWrap(True)
        self.identity = QComboBox()
        self.identity.setAccessibleName(_("Signing certificate"))
        self.identity.currentIndexChanged.connect(self._identity_changed)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.remembered = QLabel(_("kept in the system keyring"))
        self.timestamp_url = QLineEdit(str(getattr(context.settings, "timestamp_url", "") or ""))
        self.timestamp_url.setAccessibleName(_("Time-stamp service"))
        self.timestamp_url.setPlaceholderText(_("none: the signature carries the computer's time"))
        self.location = QLineEdit(location)
        self.location.setAccessibleName(_("Place of signing"))
        self.certificates_button = QPushButton(_("Signing &certificates…"))
        self.certificates_button.clicked.connect(self._open_certificates)
        self.empty = QLabel(
            _(
                "This device has no signing certificate yet. Import the certificate file "
                "(PKCS#12) from your organisation, or one issued by the region."
            )
        )
        self.empty.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("&Certificate:"), self.identity)
        form.addRow(_("&Passphrase:"), self.passphrase)
        form.addRow("", self.remembered)
        form.addRow(_("&Time stamp:"), self.timestamp_url)
        form.addRow(_("P&lace:"), self.location)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("&Sign"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.empty)
        layout.addLayout(form)
        layout.addWidget(self.certificates_button)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.fill_identities()

    def fill_identities(self) -> None:
        identities = self.wallet.identities()
        self.identity.clear()
        for stored in identities:
            self.identity.addItem(
                _("{name}, valid until {date}").format(name=stored.label, date=stored.not_after),
                stored,
            )
        self.empty.setVisible(not identities)
        self.ok_button.setEnabled(bool(identities))
        self._identity_changed()

    def current_identity(self) -> StoredIdentity | None:
        data = self.identity.currentData()
        return data if isinstance(data, StoredIdentity) else None

    def _identity_changed(self, *_args: object) -> None:
        stored = self.current_identity()
        remembered = stored is not None and self.wallet.remembers_passphrase(stored.sha256)
        self.passphrase.setVisible(not remembered)
        self.remembered.setVisible(remembered)

    def _open_certificates(self) -> None:
        try:
            from ui.dialogs.signing_certificates import SigningCertificatesDialog
        except ImportError:  # pragma: no cover - the dialog ships with the app
            return
        dialog = SigningCertificatesDialog(self.context, parent=self)
        dialog.finished.connect(lambda _result: self.fill_identities())
        dialog.open()

    def submit(self) -> None:
        stored = self.current_identity()
        if stored is None:
            return
        passphrase = self.passphrase.text() if self.passphrase.isVisible() else None
        url = self.timestamp_url.text().strip() or None
        location = self.location.text().strip()
        actor, meeting_id, role, wallet = (
            self.context.actor,
            self.meeting_id,
            self.role,
            self.wallet,
        )
        language = current_language()
        logo = region_logo(self.context.settings)

        def work(store: Store) -> bytes:
            from regiodesk.decision_list.signatures import sign_meeting_list

            identity = wallet.open(stored.sha256, passphrase)
            return sign_meeting_list(
                store,
                actor,
                meeting_id,
                identity,
                role,  # type: ignore[arg-type]
                language=language,
                logo=logo,
                timestamp_url=url,
                location=location,
            )

        self.error.clear_error()
        self.ok_button.setEnabled(False)
        self.context.worker.write(work, guarded(self, self._signed), guarded(self, self._refused))

    def _signed(self, data: bytes) -> None:
        self.signed.emit(data)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.error.show_error(error)
        if self.passphrase.isVisible():
            self.passphrase.selectAll()
            self.passphrase.setFocus()
