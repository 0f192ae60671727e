"""The conflicts page: both versions side by side; keep one, the other or a merge; a refusal in
place; the badge in the navigation pane follows the count."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from regiodesk.store import Store
from tests.ui.conftest import wait_idle
from tests.ui.sync_stores import SECRETARY, context_as, make_conflict
from ui.context import AppContext
from ui.pages.conflicts import ConflictsPage

A_TEXT, B_TEXT = "Voorstel zoals Anna het schreef", "Voorstel van Bart"


@pytest.fixture
def conflict_item(demo_path: Path, tmp_path: Path) -> str:
    return make_conflict(demo_path, tmp_path)


@pytest.fixture
def secretary(qtbot: QtBot, demo_path: Path, conflict_item: str) -> Iterator[AppContext]:
    context = context_as(qtbot, demo_path, SECRETARY)
    yield context
    context.worker.stop()


def _page(qtbot: QtBot, context: AppContext) -> ConflictsPage:
    page = ConflictsPage(context)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    wait_idle(qtbot, context.worker)
    return page


def _proposal(demo_path: Path, item: str) -> str:
    with Store.open(demo_path) as store:
        return str(store.scalar("SELECT proposal FROM agenda_item WHERE id = ?", (item,)))


def test_both_versions_side_by_side_with_who_and_where(qtbot: QtBot, secretary: AppContext) -> None:
    page = _page(qtbot, secretary)
    assert page.list.count() == 1
    assert page.count == 1
    assert page.summary.text() == "1 open conflict"
    assert page.where.text() == "Agenda item: proposal"
    assert page.place.text().startswith("PFO MOB ")
    texts = {page.first.text.toPlainText(), page.second.text.toPlainText()}
    assert texts == {A_TEXT, B_TEXT}
    shown = [panel for panel in (page.first, page.second) if not panel.shown.isHidden()]
    assert len(shown) == 1  # the version the store shows now is marked
    assert "on test device" in page.first.author.text()
    assert page.first.keep.isEnabled()
    assert page.refusal.isHidden()


def test_keeping_a_version_resolves_it_and_the_badge_goes(
    qtbot: QtBot, secretary: AppContext, demo_path: Path, conflict_item: str
) -> None:
    page = _page(qtbot, secretary)
    counts: list[int] = []
    page.badge_changed.connect(counts.append)
    panel = page.first if page.first.text.toPlainText() == A_TEXT else page.second
    qtbot.mouseClick(panel.keep, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, secretary.worker)
    assert page.error.isHidden()
    assert counts[-1] == 0
    assert not page.empty.isHidden()
    assert page.split.isHidden()
    secretary.worker.stop()
    assert _proposal(demo_path, conflict_item) == A_TEXT


def test_merging_writes_the_edited_text(
    qtbot: QtBot, secretary: AppContext, demo_path: Path, conflict_item: str
) -> None:
    page = _page(qtbot, secretary)
    qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    assert not page.merge_box.isHidden()
    prefilled = page.merge_editor.toPlainText()
    assert A_TEXT in prefilled
    assert B_TEXT in prefilled
    page.merge_editor.setPlainText("Voorstel van Anna en Bart samen")
    qtbot.mouseClick(page.save_merge, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, secretary.worker)
    assert page.list.count() == 0
    secretary.worker.stop()
    assert _proposal(demo_path, conflict_item) == "Voorstel van Anna en Bart samen"


def test_a_member_sees_why_they_cannot_resolve_and_a_refusal_in_place(
    qtbot: QtBot, member_context: AppContext, conflict_item: str
) -> None:
    page = _page(qtbot, member_context)
    assert page.list.count() == 1
    assert not page.refusal.isHidden()
    assert "secretary and the chair" in page.refusal.text()
    assert not page.first.keep.isEnabled()
    page.resolve(A_TEXT)  # as if the button were pressed anyway
    wait_idle(qtbot, member_context.worker)
    assert not page.error.isHidden()
    assert "secretary and the chair" in page.error.text()
    assert page.list.count() == 1


def test_the_navigation_pane_shows_the_count(
    qtbot: QtBot, secretary: AppContext, conflict_item: str
) -> None:
    from ui.main_window import MainWindow

    window = MainWindow(secretary)
    qtbot.addWidget(window)
    wait_idle(qtbot, secretary.worker)
    rows = [
        window.navigation.item(row)
        for row in range(window.navigation.count())
        if window.navigation.item(row).data(Qt.ItemDataRole.UserRole) == "conflicts"
    ]
    assert rows[0].text() == "Conflicts (1)"
    assert rows[0].font().bold()
    window.show_page("conflicts")
    wait_idle(qtbot, secretary.worker)
    page = window.pages["conflicts"]
    assert isinstance(page, ConflictsPage)
    page.resolve(page.first.text.toPlainText())
    wait_idle(qtbot, secretary.worker)
    assert rows[0].text() == "Conflicts"
