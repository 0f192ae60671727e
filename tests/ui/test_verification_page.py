"""The verification page: a signed decision list of the demo region, a changed copy of it, and a
file that is no PDF at all, each reported in words (and the right icon)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QFrame, QLabel
from pytestqt.qtbot import QtBot

from regiodesk.commands.signing_roots import add_signing_root
from regiodesk.decision_list.signatures import export_decision_list, sign_decision_list
from regiodesk.permissions import SYSTEM
from regiodesk.signing.authority import NewAuthority
from regiodesk.signing.identity import SigningIdentity
from regiodesk.store import Store
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.pages.verification import Tone, VerificationPage, overall


@pytest.fixture
def signed_file(
    demo_path: Path,
    tmp_path: Path,
    authority: tuple[NewAuthority, object],
    chair_identity: SigningIdentity,
    secretary_identity: SigningIdentity,
) -> Path:
    """A closed demo meeting's decision list, signed by the chair and then the secretary."""
    with Store.open(demo_path) as store:
        meeting_id = store.scalar(
            "SELECT id FROM meeting WHERE status = 'closed' ORDER BY starts_at DESC LIMIT 1"
        )
        region_id = store.scalar("SELECT id FROM region")
        add_signing_root(store, SYSTEM, region_id, "Twente", authority[0].certificate_pem)
        draft = export_decision_list(store, SYSTEM, meeting_id)
        once = sign_decision_list(store, SYSTEM, draft.pdf, chair_identity, "chair")
        both = sign_decision_list(store, SYSTEM, once, secretary_identity, "secretary")
    path = tmp_path / "besluitenlijst.pdf"
    path.write_bytes(both)
    return path


def _page(qtbot: QtBot, context: AppContext) -> VerificationPage:
    page = VerificationPage(context)
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    wait_idle(qtbot, context.worker)
    return page


def _check(qtbot: QtBot, page: VerificationPage, path: Path) -> None:
    page.verify(path)
    wait_idle(qtbot, page.context.worker)


def _texts(page: VerificationPage) -> str:
    return "\n".join(label.text() for label in page.details.findChildren(QLabel))


def test_a_signed_decision_list_shows_two_valid_signatures(
    qtbot: QtBot, signed_file: Path, member_context: AppContext
) -> None:
    page = _page(qtbot, member_context)
    assert page.title() == "Verify signatures"
    assert page.file_label.text() == "No file chosen yet."
    _check(qtbot, page, signed_file)
    assert not page.error.isVisible()
    assert page.summary.text() == "Two valid signatures; the document has not changed since."
    assert page.summary_icon.accessibleName() == Tone.GOOD.value
    blocks = page.details.findChildren(QFrame, "signatureBlock")
    assert [block.accessibleName() for block in blocks] == [
        "Signature 1: Chair",
        "Signature 2: Secretary",
    ]
    texts = _texts(page)
    assert "Anna Chair (Gemeente Hengelo)" in texts
    assert "Sam Secretary (Regio Twente)" in texts
    assert "Valid: signed by Sam Secretary; the document has not changed since." in texts
    assert "PAdES B-B (without a time stamp)" in texts
    assert texts.count("yes") == 2  # trusted certificate, twice
    assert "The content matches the decision list in the store (version 1)." in texts
    assert page.result is not None
    assert page.result.complete


def test_a_changed_copy_is_reported_as_changed(
    qtbot: QtBot, signed_file: Path, member_context: AppContext, tmp_path: Path
) -> None:
    tampered = bytearray(signed_file.read_bytes())
    index = tampered.index(b"/RegioDeskVersion")
    tampered[index + 2] = ord("r")
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(bytes(tampered))
    page = _page(qtbot, member_context)
    _check(qtbot, page, copy)
    assert page.summary_icon.accessibleName() == Tone.BAD.value
    assert "changed after it was signed" in page.summary.text()
    assert "no longer matches this signature" in _texts(page)


def test_a_file_that_is_no_pdf_shows_the_core_error(
    qtbot: QtBot, member_context: AppContext, tmp_path: Path
) -> None:
    text = tmp_path / "notes.pdf"
    text.write_text("not a PDF at all", encoding="utf-8")
    page = _page(qtbot, member_context)
    _check(qtbot, page, text)
    assert page.error.isVisible()
    assert "cannot be read as a PDF" in page.error.text()
    assert page.summary.text() == "This file cannot be checked."
    assert not page.details.findChildren(QFrame, "signatureBlock")
    _check(qtbot, page, tmp_path / "missing.pdf")
    assert page.error.isVisible()
    assert "missing.pdf" in page.error.text()


def test_a_pdf_without_signatures_is_a_warning(
    qtbot: QtBot, member_context: AppContext, tmp_path: Path
) -> None:
    from regiodesk.demo.pdf import simple_pdf

    plain = tmp_path / "plain.pdf"
    plain.write_bytes(simple_pdf("Agenda", ["Punt 1"]))
    page = _page(qtbot, member_context)
    _check(qtbot, page, plain)
    assert page.summary.text() == "This PDF carries no signatures."
    assert page.summary_icon.accessibleName() == Tone.WARNING.value
    assert "This PDF is not a decision list made by RegioDesk." in _texts(page)
    assert page.result is not None
    assert overall(page.result)[0] is Tone.WARNING


def test_a_file_dropped_on_the_page_or_chosen_is_checked(
    qtbot: QtBot,
    signed_file: Path,
    member_context: AppContext,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = _page(qtbot, member_context)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(signed_file))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.dropEvent(drop)
    wait_idle(qtbot, member_context.worker)
    assert page.path == signed_file
    assert page.result is not None
    assert page.result.complete

    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(signed_file), "")
    )
    page.path = None
    page.choose_file()
    wait_idle(qtbot, member_context.worker)
    assert page.path == signed_file
    assert member_context.settings.ui_state["verify_folder"] == str(signed_file.parent)


def test_the_file_menu_opens_the_page(
    qtbot: QtBot, signed_file: Path, member_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.main_window import MainWindow

    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(signed_file), "")
    )
    window = MainWindow(member_context)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, member_context.worker)
    action = next(
        a
        for a in window.findChildren(type(window.back_action))
        if a.text() == "&Verify a signed PDF…"
    )
    action.trigger()
    wait_idle(qtbot, member_context.worker)
    page = window.pages["verify"]
    assert window.stack.currentWidget() is page
    assert isinstance(page, VerificationPage)
    assert page.result is not None
    assert page.result.complete


def test_a_time_stamped_chair_signature_awaits_the_secretary(
    qtbot: QtBot,
    demo_path: Path,
    tmp_path: Path,
    authority: tuple[NewAuthority, object],
    chair_identity: SigningIdentity,
    tsa_url: str,
    member_context: AppContext,
) -> None:
    with Store.open(demo_path) as store:
        meeting_id = store.scalar(
            "SELECT id FROM meeting WHERE status = 'closed' ORDER BY starts_at LIMIT 1"
        )
        region_id = store.scalar("SELECT id FROM region")
        add_signing_root(store, SYSTEM, region_id, "Twente", authority[0].certificate_pem)
        draft = export_decision_list(store, SYSTEM, meeting_id)
        once = sign_decision_list(
            store, SYSTEM, draft.pdf, chair_identity, "chair", timestamp_url=tsa_url
        )
    path = tmp_path / "chair-only.pdf"
    path.write_bytes(once)
    page = _page(qtbot, member_context)
    _check(qtbot, page, path)
    assert page.summary.text() == (
        "Signed by the chair; the document has not changed since. The secretary has not signed yet."
    )
    assert page.summary_icon.accessibleName() == Tone.WARNING.value
    texts = _texts(page)
    assert "PAdES B-T (with a time stamp)" in texts
    assert ", from a time-stamp service" in texts
