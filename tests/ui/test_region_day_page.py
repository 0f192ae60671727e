"""The Twente-dag page: the demo's day, planning on the worker, a yield that becomes an agenda
item, and a schedule saved as PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from regiodesk.store import Store
from tests.ui.conftest import _context, wait_idle
from ui.context import AppContext
from ui.pages.region_day import RegionDayPage


@pytest.fixture
def admin_context(qtbot: QtBot, demo_path: Path) -> AppContext:
    with Store.open(demo_path) as store:
        person = store.scalar("SELECT person_id FROM role_assignment WHERE role = 'admin'")
    context = _context(qtbot, demo_path, person)
    yield context  # type: ignore[misc]
    context.worker.stop()


def _open(qtbot: QtBot, context: AppContext) -> RegionDayPage:
    page = RegionDayPage(context)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    qtbot.waitExposed(page)
    wait_idle(qtbot, context.worker)
    return page


def test_the_page_shows_the_demo_day_and_a_member_may_not_plan(
    qtbot: QtBot, member_context: AppContext
) -> None:
    page = _open(qtbot, member_context)
    assert "Twente-dag" in page.facts.text()
    assert page.table.rowCount() == 10
    assert page.plan_label.text() == "Not planned yet."
    assert not page.plan_button.isEnabled()
    assert page.who.count() > 348


def test_plan_then_a_yield_becomes_an_agenda_item_and_a_schedule_is_saved(
    qtbot: QtBot, admin_context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _open(qtbot, admin_context)
    assert page.plan_button.isEnabled()
    page.time_limit.setValue(5)
    page.run_planner()
    wait_idle(qtbot, admin_context.worker, timeout=30_000)
    assert not page.progress.isVisible()
    assert page.plan_label.text().startswith("Score ")
    assert "gap 0% (optimal)" in page.plan_label.text()
    assert "greedy assignment scores" in page.message.text()
    # A statement of session A (PFO Wonen & Ruimte) goes to the PFO's next meeting.
    page.table.selectRow(0)
    wait_idle(qtbot, admin_context.worker)
    page.kind.setCurrentIndex(1)
    page.text.setText("Kleine kernen krijgen voorrang bij woningbouw.")
    page.add_yield()
    wait_idle(qtbot, admin_context.worker)
    assert page.yield_list.count() == 1
    page.yield_list.setCurrentRow(0)
    assert page.agenda_button.isEnabled()
    page.make_agenda_item()
    wait_idle(qtbot, admin_context.worker)
    assert page.message.text().startswith("Added to the agenda of PFO Wonen & Ruimte")
    assert "agenda item in PFO" in page.yield_list.item(0).text()
    # The schedule of the member shown first, as PDF.
    target = tmp_path / "schedule.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(target), ""))
    page.export_schedule("pdf")
    wait_idle(qtbot, admin_context.worker)
    assert target.read_bytes().startswith(b"%PDF")
    assert page.message.text() == f"Saved {target}."
