"""The decision list page: the chair signs, then the secretary, through the sign dialog; the
preview and the refusals in place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from regiodesk.commands.signing_roots import add_signing_root
from regiodesk.permissions import SYSTEM
from regiodesk.signing.authority import NewAuthority
from regiodesk.signing.wallet import Wallet
from regiodesk.store import Store
from tests.signing_fixtures import HOLDER_PASSPHRASE
from tests.ui.conftest import _context, wait_idle
from ui.context import AppContext
from ui.dialogs.sign_dialog import SignDialog
from ui.pages.decision_list import DecisionListPage


def _closed_meeting(path: Path, authority: tuple[NewAuthority, object]) -> tuple[str, str, str]:
    """A closed meeting of PFO Mobiliteit, its chair and its secretary; the root is trusted."""
    with Store.open(path) as store:
        row = store.query(
            "SELECT m.id, m.chair_id FROM meeting m JOIN pfo p ON p.id = m.pfo_id "
            "WHERE p.short_name = 'PFO MOB' AND m.status = 'closed' AND m.chair_id IS NOT NULL "
            "ORDER BY m.starts_at DESC LIMIT 1"
        )[0]
        secretary = store.scalar(
            "SELECT r.person_id FROM role_assignment r JOIN pfo p ON p.id = r.pfo_id "
            "WHERE r.role = 'secretary' AND p.short_name = 'PFO MOB'"
        )
        region = store.scalar("SELECT id FROM region")
        add_signing_root(store, SYSTEM, region, "Twente", authority[0].certificate_pem)
    return row["id"], row["chair_id"], str(secretary)


def _page(qtbot: QtBot, context: AppContext, meeting_id: str) -> DecisionListPage:
    page = DecisionListPage(context)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    page.show_target(meeting_id)
    wait_idle(qtbot, context.worker)
    return page


def _sign(qtbot: QtBot, page: DecisionListPage, role: str, passphrase: str) -> SignDialog:
    (page.sign_as_chair if role == "chair" else page.sign_as_secretary)()
    dialog = page.active_dialog
    assert isinstance(dialog, SignDialog)
    assert dialog.identity.count() == 1
    dialog.passphrase.setText(passphrase)
    dialog.ok_button.click()
    wait_idle(qtbot, page.context.worker)
    return dialog


def test_the_chair_then_the_secretary_sign_in_the_app(
    qtbot: QtBot,
    demo_path: Path,
    authority: tuple[NewAuthority, object],
    issue: Callable[..., bytes],
) -> None:
    meeting_id, chair, secretary = _closed_meeting(demo_path, authority)
    Wallet().import_pkcs12(issue("Anna Chair"), HOLDER_PASSPHRASE)

    context = _context(qtbot, demo_path, chair)
    page = _page(qtbot, context, meeting_id)
    assert "draft" in page.summary.text()
    assert page.chair_action.isEnabled()
    assert not page.secretary_action.isEnabled()
    dialog = _sign(qtbot, page, "chair", "wrong passphrase")
    assert dialog.isVisible()
    assert "passphrase" in dialog.error.text()
    dialog.passphrase.setText(HOLDER_PASSPHRASE)
    dialog.ok_button.click()
    wait_idle(qtbot, context.worker)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: "signed by the chair" in page.summary.text())
    assert not page.chair_action.isEnabled()
    context.worker.stop()

    context = _context(qtbot, demo_path, secretary)
    page = _page(qtbot, context, meeting_id)
    assert page.secretary_action.isEnabled()
    dialog = _sign(qtbot, page, "secretary", HOLDER_PASSPHRASE)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: "signed by the chair and the secretary" in page.summary.text())
    assert page.versions.rowCount() == 1
    assert page.adoption_action.isEnabled() or "next" in page.adoption_action.toolTip()
    context.worker.stop()

    with Store.open(demo_path) as store:
        row = store.query(
            "SELECT status, secretary_signed_at FROM decision_list WHERE meeting_id = ?",
            (meeting_id,),
        )[0]
    assert row["status"] == "signed"
    assert row["secretary_signed_at"]


def test_the_preview_shows_the_draft_and_a_member_cannot_sign(
    qtbot: QtBot, member_context: AppContext, authority: tuple[NewAuthority, object]
) -> None:
    meeting_id, _chair, _secretary = _closed_meeting(member_context.store_path, authority)
    page = _page(qtbot, member_context, meeting_id)
    assert not page.chair_action.isEnabled() or (page.state and page.state.is_chair)
    assert not page.secretary_action.isEnabled()
    page.preview()
    wait_idle(qtbot, member_context.worker)
    from ui.dialogs.pdf_preview import PdfPreviewDialog

    assert isinstance(page.active_dialog, PdfPreviewDialog)
    assert page.last_file is not None
    assert page.last_file.read_bytes().startswith(b"%PDF")
    page.active_dialog.close()
