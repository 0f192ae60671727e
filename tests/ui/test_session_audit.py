"""The audit trail dialog: every record of a meeting, narrowed by a word."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from regiodesk.store import Store
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.dialogs.session_audit import SessionAuditDialog


def test_the_audit_trail_lists_and_filters_the_records(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    with Store.open(secretary_context.store_path) as store:
        meeting_id = store.scalar(
            "SELECT id FROM meeting WHERE status = 'closed' ORDER BY starts_at DESC LIMIT 1"
        )
        municipality = store.scalar(
            "SELECT m.name FROM position p JOIN agenda_item i ON i.id = p.agenda_item_id "
            "JOIN municipality m ON m.id = p.municipality_id WHERE i.meeting_id = ? LIMIT 1",
            (meeting_id,),
        )
    dialog = SessionAuditDialog(secretary_context, str(meeting_id), "PFO 2026-01")
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, secretary_context.worker)
    total = dialog.table.rowCount()
    assert total > 0
    assert dialog.count.text() == f"{total} records"
    dialog.filter.setText(str(municipality))
    assert 0 < dialog.table.rowCount() < total
    dialog.filter.setText("no such words anywhere")
    assert dialog.table.rowCount() == 0
