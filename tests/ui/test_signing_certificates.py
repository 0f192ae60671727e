"""The signing-certificates window: importing a PKCS#12 file (every refusal in place, the
passphrase in the keyring only when asked), removing it, and — for the region's secretariat only —
creating the region's signing authority, issuing a certificate, trusting and withdrawing roots."""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from regiodesk.settings import Identity, Settings
from regiodesk.signing.authority import NewAuthority
from regiodesk.signing.identity import load_pkcs12
from regiodesk.signing.wallet import Wallet
from regiodesk.store import Store
from tests.conftest import MemoryKeyring
from tests.signing_fixtures import HOLDER_PASSPHRASE
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.dialogs.signing_authority import CreateAuthorityDialog
from ui.dialogs.signing_certificates import SigningCertificatesDialog
from ui.dialogs.signing_import import ImportIdentityDialog
from ui.dialogs.signing_issue import IssueCertificateDialog
from ui.dialogs.signing_trust import TrustRootDialog
from ui.worker import DbWorker

SLOW = 60_000  # a 3072-bit key on a busy machine


@pytest.fixture
def admin_context(qtbot: QtBot, demo_path: Path) -> Iterator[AppContext]:
    """As the region's administrator: the secretariat, who manages the signing roots."""
    with Store.open(demo_path) as store:
        person = store.scalar("SELECT person_id FROM role_assignment WHERE role = 'admin'")
    assert person
    worker = DbWorker()
    worker.open(demo_path)
    context = AppContext(worker, Settings(), demo_path, Identity(str(person), None, "test"))
    wait_idle(qtbot, worker)
    yield context
    worker.stop()


def _dialog(qtbot: QtBot, context: AppContext) -> SigningCertificatesDialog:
    dialog = SigningCertificatesDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, context.worker)
    return dialog


def _choose(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def _yes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)


def _cells(table: Any, row: int) -> list[str]:
    return [table.item(row, column).text() for column in range(table.columnCount())]


def _import(
    qtbot: QtBot,
    dialog: SigningCertificatesDialog,
    monkeypatch: pytest.MonkeyPatch,
    path: Path,
) -> ImportIdentityDialog:
    _choose(monkeypatch, path)
    dialog.import_identity()
    form = dialog.form
    assert isinstance(form, ImportIdentityDialog)
    return form


def _submit(qtbot: QtBot, form: Any, timeout: int = 10_000) -> None:
    form.submit()
    wait_idle(qtbot, form.context.worker, timeout)


def test_import_with_a_wrong_then_the_right_passphrase_remembered(
    qtbot: QtBot,
    member_context: AppContext,
    issue: Callable[..., bytes],
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    p12 = tmp_path / "anna.p12"
    p12.write_bytes(issue("Anna Chair"))
    dialog = _dialog(qtbot, member_context)
    assert dialog.identities.rowCount() == 0
    assert not dialog.remove_button.isEnabled()
    form = _import(qtbot, dialog, monkeypatch, p12)
    form.passphrase.setText("not the passphrase")
    _submit(qtbot, form)
    assert form.isVisible()
    assert form.error.isVisible()
    assert form.error.text() == "The passphrase of anna.p12 is not right; nothing was signed."
    assert dialog.identities.rowCount() == 0
    form.passphrase.setText(HOLDER_PASSPHRASE)
    form.remember.setChecked(True)
    _submit(qtbot, form)
    assert not form.isVisible()
    assert dialog.identities.rowCount() == 1
    label, _until, issuer, passphrase = _cells(dialog.identities, 0)
    assert label == "Anna Chair (Gemeente Hengelo)"
    assert issuer == "Twente signing authority"
    assert passphrase == "remembered in the keyring"
    (stored,) = Wallet().identities()
    assert memory_keyring.secrets[("RegioDesk", f"signing-identity:{stored.sha256}")] == (
        HOLDER_PASSPHRASE
    )

    _yes(monkeypatch)
    dialog.identities.selectRow(0)
    assert dialog.remove_button.isEnabled()
    dialog.remove_identity()
    wait_idle(qtbot, member_context.worker)
    assert dialog.identities.rowCount() == 0
    assert Wallet().identities() == []
    assert not memory_keyring.secrets


def test_every_refusal_of_an_import_is_shown_in_place(
    qtbot: QtBot,
    member_context: AppContext,
    issue: Callable[..., bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    no_signing = x509.KeyUsage(
        digital_signature=False,
        content_commitment=False,
        key_encipherment=True,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    files = {
        "notes.p12": (b"this is no certificate file", "is not a signing certificate file"),
        "expired.p12": (
            issue("Old Chair", now=datetime(2020, 1, 1, tzinfo=UTC), days=30),
            "it cannot sign today",
        ),
        "encrypt.p12": (
            issue("Crypto Chair", key_usage=no_signing),
            "is not meant for signing documents",
        ),
    }
    dialog = _dialog(qtbot, member_context)
    for name, (data, message) in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        form = _import(qtbot, dialog, monkeypatch, path)
        form.passphrase.setText(HOLDER_PASSPHRASE)
        _submit(qtbot, form)
        assert form.isVisible(), name
        assert message in form.error.text(), name
    assert dialog.identities.rowCount() == 0


def test_without_a_keyring_the_certificate_is_kept_and_that_is_said(
    qtbot: QtBot,
    member_context: AppContext,
    issue: Callable[..., bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import keyring
    from keyring.errors import KeyringError

    def refuse(*_args: object) -> None:
        raise KeyringError("no keyring here")

    monkeypatch.setattr(keyring, "set_password", refuse)
    p12 = tmp_path / "anna.p12"
    p12.write_bytes(issue("Anna Chair"))
    dialog = _dialog(qtbot, member_context)
    form = _import(qtbot, dialog, monkeypatch, p12)
    form.passphrase.setText(HOLDER_PASSPHRASE)
    form.remember.setChecked(True)
    _submit(qtbot, form)
    assert not form.isVisible()
    assert dialog.identity_error.isVisible()
    assert "no password safe (keyring)" in dialog.identity_error.text()
    assert dialog.identities.rowCount() == 1
    assert _cells(dialog.identities, 0)[3] == "asked each time"


def test_the_secretariat_creates_the_authority_issues_a_certificate_and_withdraws(
    qtbot: QtBot,
    admin_context: AppContext,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = _dialog(qtbot, admin_context)
    assert dialog.create_button.isVisible()
    assert not dialog.issue_button.isEnabled()  # no authority key on this device yet
    assert dialog.roots.rowCount() == 0
    dialog.create_authority()
    create = dialog.form
    assert isinstance(create, CreateAuthorityDialog)
    assert create.name.text() == "Signing authority Regio Twente"
    create.passphrase.setText("short")
    create.repeat.setText("shorter")
    _submit(qtbot, create)
    assert "passphrases differ" in create.error.text()
    create.repeat.setText("short")
    _submit(qtbot, create)
    assert "use at least 8 characters" in create.error.text()
    assert create.isVisible()
    create.passphrase.setText("authority passphrase")
    create.repeat.setText("authority passphrase")
    _submit(qtbot, create, SLOW)
    assert not create.isVisible()
    assert dialog.roots.rowCount() == 1
    name, fingerprint, _created, status = _cells(dialog.roots, 0)
    assert name == "Signing authority Regio Twente"
    assert fingerprint.endswith("…")
    assert status == "trusted; its key is on this device"
    assert dialog.issue_button.isEnabled()
    assert not memory_keyring.secrets  # not asked to remember

    dialog.issue_certificate()
    issue_form = dialog.form
    assert isinstance(issue_form, IssueCertificateDialog)
    assert issue_form.asks_authority_passphrase
    issue_form.holder.setText("Anna de Vries")
    issue_form.organisation.setText("Gemeente Hengelo")
    issue_form.email.setText("a.devries@hengelo.nl")
    issue_form.authority_passphrase.setText("wrong passphrase")
    issue_form.passphrase.setText("holder passphrase")
    issue_form.repeat.setText("holder passphrase")
    target = tmp_path / "anna"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    _submit(qtbot, issue_form)
    assert issue_form.isVisible()
    assert "is not right" in issue_form.error.text()
    assert not target.with_suffix(".p12").exists()
    issue_form.authority_passphrase.setText("authority passphrase")
    _submit(qtbot, issue_form)
    assert not issue_form.isVisible()
    written = target.with_suffix(".p12")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    identity = load_pkcs12(written.read_bytes(), "holder passphrase")
    assert identity.subject == "Anna de Vries"
    assert (
        identity.chain[0]
        .subject.rfc4514_string()
        .startswith("C=NL,O=Regio Twente,CN=Signing authority Regio Twente")
    )

    _yes(monkeypatch)
    dialog.roots.selectRow(0)
    assert dialog.withdraw_button.isEnabled()
    dialog.withdraw_root()
    wait_idle(qtbot, admin_context.worker)
    assert _cells(dialog.roots, 0)[3].startswith("withdrawn on ")
    assert not dialog.issue_button.isEnabled()


def test_the_secretariat_trusts_a_root_file(
    qtbot: QtBot,
    admin_context: AppContext,
    authority: tuple[NewAuthority, object],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = _dialog(qtbot, admin_context)
    wrong = tmp_path / "root.txt"
    wrong.write_text("hello", encoding="ascii")
    _choose(monkeypatch, wrong)
    dialog.trust_root()
    form = dialog.form
    assert isinstance(form, TrustRootDialog)
    _submit(qtbot, form)
    assert form.isVisible()
    assert form.error.text() == "certificate: not a PEM certificate"
    pem = tmp_path / "twente-root.pem"
    pem.write_text(authority[0].certificate_pem, encoding="ascii")
    _choose(monkeypatch, pem)
    dialog.trust_root()
    form = dialog.form
    assert isinstance(form, TrustRootDialog)
    assert form.name.text() == "twente-root"
    form.name.setText("Twente signing authority")
    _submit(qtbot, form)
    assert not form.isVisible()
    assert dialog.roots.rowCount() == 1
    assert _cells(dialog.roots, 0)[0] == "Twente signing authority"
    assert _cells(dialog.roots, 0)[3] == "trusted"


def test_others_see_the_roots_but_cannot_change_them(
    qtbot: QtBot,
    secretary_context: AppContext,
    authority: tuple[NewAuthority, object],
    tmp_path: Path,
) -> None:
    dialog = _dialog(qtbot, secretary_context)  # a PFO's secretary, not the region's
    for button in dialog.manage_buttons:
        assert not button.isVisible()
    assert dialog.import_button.isVisible()
    assert "Only the region's secretariat" in dialog.roots_note.text()
    # Should the form be reached anyway, the core refuses, in place.
    assert dialog.overview is not None
    pem = tmp_path / "root.pem"
    pem.write_text(authority[0].certificate_pem, encoding="ascii")
    form = TrustRootDialog(secretary_context, dialog.overview.region, pem, dialog)
    form.show()
    _submit(qtbot, form)
    assert form.isVisible()
    assert "only the region's secretariat does this" in form.error.text()
    assert dialog.roots.rowCount() == 0


def test_the_file_menu_opens_the_window(
    qtbot: QtBot, member_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.main_window import MainWindow

    opened: list[str] = []
    monkeypatch.setattr(
        SigningCertificatesDialog, "exec", lambda self: opened.append(self.windowTitle()) or 0
    )
    window = MainWindow(member_context)
    qtbot.addWidget(window)
    wait_idle(qtbot, member_context.worker)
    action = next(
        a
        for a in window.findChildren(type(window.back_action))
        if a.text() == "Si&gning certificates…"
    )
    action.trigger()
    wait_idle(qtbot, member_context.worker)
    assert opened == ["Signing certificates"]
