"""The agenda item page (pages/agenda_item.py): the item, its documents, my note, my position and
everybody's positions, used as a member and as the secretary would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from regiodesk.commands.agenda import remove_agenda_item
from regiodesk.model.enums import PositionKind
from regiodesk.permissions import SYSTEM
from regiodesk.store import Store
from tests.ui.agenda_items import (
    DECIDED_ITEM,
    OPEN_ITEM,
    OPEN_ITEM_WITH_DOCUMENTS,
    item,
    load,
    municipality,
    show_active,
    stored_note,
    stored_position,
)
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.pages.agenda_item import AgendaItemPage, size_text
from ui.widgets.positions_overview import MUNICIPALITY, POSITION, REASON


def page_on(qtbot: QtBot, context: AppContext, item_id: str) -> AgendaItemPage:
    page = AgendaItemPage(context)
    page.resize(1300, 800)
    show_active(qtbot, page)
    page.show_target(item_id)
    wait_idle(qtbot, context.worker)
    return page


def overview_row(page: AgendaItemPage, name: str) -> int:
    table = page.overview.table
    return next(r for r in range(table.rowCount()) if table.item(r, MUNICIPALITY).text() == name)


def test_shows_the_item(qtbot: QtBot, member_context: AppContext) -> None:
    item_id = item(member_context, OPEN_ITEM_WITH_DOCUMENTS)
    page = page_on(qtbot, member_context, item_id)
    view = load(qtbot, member_context, item_id)
    assert page.heading.text() == f"Item {view.number}: {view.title}"
    assert page.title() == page.heading.text()
    assert f"Meeting {view.meeting_reference}" in page.crumbs.text()
    assert "PFO Mobiliteit" in page.crumbs.text()
    assert page.facts.text().startswith("For decision · ")
    assert f"{view.planned_minutes} minutes planned" in page.facts.text()
    assert page.confidential.isVisibleTo(page) == view.confidential
    assert not page.decision.isVisibleTo(page)
    assert page.proposal.toPlainText() == view.proposal
    assert page.documents.rowCount() == len(view.documents) > 0
    assert page.documents.item(0, 2).text() == view.documents[0].filename
    assert page.documents.item(0, 3).text() == size_text(view.documents[0].size)
    assert page.note.text.toPlainText() == view.note.text
    assert page.position_editor.municipality_name.text() == "Enschede"
    assert page.overview.table.rowCount() == len(view.positions.rows)
    assert page.positions.isVisibleTo(page)


def test_tab_goes_as_the_eye_reads(qtbot: QtBot, member_context: AppContext) -> None:
    page = page_on(qtbot, member_context, item(member_context, OPEN_ITEM_WITH_DOCUMENTS))
    page.proposal.setFocus()
    expected = [page.documents, page.note.text, page.position_editor.buttons[PositionKind.AGREE]]
    for widget in expected:
        qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Tab)
        assert page.focusWidget() is widget


def test_a_position_with_its_reason_updates_the_overview_and_tally(
    qtbot: QtBot, member_context: AppContext
) -> None:
    item_id = item(member_context, OPEN_ITEM)
    page = page_on(qtbot, member_context, item_id)
    editor = page.position_editor
    disagreeing = page.overview.count(PositionKind.DISAGREE)
    qtbot.keyClick(page, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: editor.chosen_kind() is PositionKind.DISAGREE)
    assert editor.reason_error.isVisibleTo(page)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, member_context.worker)
    assert stored_position(member_context, item_id, "Enschede") is None
    assert page.overview.count(PositionKind.DISAGREE) == disagreeing

    qtbot.keyClick(page, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # the reason's label
    assert editor.reason.hasFocus()
    qtbot.keyClicks(editor.reason, "Kosten voor Enschede te hoog")
    assert not editor.reason_error.isVisibleTo(page)
    qtbot.keyClick(editor.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, member_context.worker)
    assert stored_position(member_context, item_id, "Enschede") == (
        "disagree",
        "Kosten voor Enschede te hoog",
    )
    row = overview_row(page, "Enschede")
    assert page.overview.table.item(row, POSITION).text() == "Disagree"
    assert page.overview.table.item(row, REASON).text() == "Kosten voor Enschede te hoog"
    assert page.overview.count(PositionKind.DISAGREE) == disagreeing + 1
    assert editor.current.text().startswith("Recorded: Disagree")


def test_a_decided_item_is_read_only(qtbot: QtBot, member_context: AppContext) -> None:
    item_id = item(member_context, DECIDED_ITEM)
    page = page_on(qtbot, member_context, item_id)
    assert page.decision.isVisibleTo(page)
    assert "Decided on" in page.decision.text()
    editor = page.position_editor
    assert "has been decided" in editor.closed_reason.text()
    assert not any(button.isEnabled() for button in editor.buttons.values())
    assert editor.reason.isReadOnly()
    assert not editor.save_button.isVisibleTo(page)
    assert page.note.isEnabled()  # a private note can still be written


def test_the_note_autosaves_and_survives_reopening_the_page(
    qtbot: QtBot, member_context: AppContext
) -> None:
    item_id = item(member_context, OPEN_ITEM)
    page = page_on(qtbot, member_context, item_id)
    page.note.text.setFocus()
    page.note.text.selectAll()
    qtbot.keyClicks(page.note.text, "Navragen: wie betaalt het beheer?")
    qtbot.waitUntil(lambda: page.note.status.text().startswith("Saved at "), timeout=3000)
    wait_idle(qtbot, member_context.worker)
    assert stored_note(member_context, item_id) == "Navragen: wie betaalt het beheer?"
    page.close()

    again = page_on(qtbot, member_context, item_id)
    assert again.note.text.toPlainText() == "Navragen: wie betaalt het beheer?"
    assert again.note.status.text().startswith("Saved at ")


def test_leaving_the_page_or_the_item_saves_the_note_first(
    qtbot: QtBot, member_context: AppContext
) -> None:
    first, second = item(member_context, OPEN_ITEM), item(member_context, DECIDED_ITEM)
    page = page_on(qtbot, member_context, first)
    page.note.text.setFocus()
    page.note.text.selectAll()
    qtbot.keyClicks(page.note.text, "Eerste punt")
    page.show_target(second)  # another item on the same page
    wait_idle(qtbot, member_context.worker)
    assert stored_note(member_context, first) == "Eerste punt"
    assert page.heading.text().endswith(load(qtbot, member_context, second).title)

    page.note.text.setFocus()
    page.note.text.selectAll()
    qtbot.keyClicks(page.note.text, "Tweede punt")
    page.hide()  # another page
    wait_idle(qtbot, member_context.worker)
    assert stored_note(member_context, second) == "Tweede punt"


def test_a_member_cannot_record_for_another_municipality(
    qtbot: QtBot, member_context: AppContext
) -> None:
    page = page_on(qtbot, member_context, item(member_context, OPEN_ITEM))
    editor = page.position_editor
    assert not editor.municipality.isVisibleTo(page)
    assert editor.municipality_name.text() == "Enschede"
    table = page.overview.table
    table.itemActivated.emit(table.item(overview_row(page, "Hengelo"), POSITION))
    assert editor.municipality_id == municipality(member_context, "Enschede")
    assert editor.view is not None
    assert editor.view.recordable == (municipality(member_context, "Enschede"),)
    assert not editor.view.may_record(municipality(member_context, "Hengelo"))


def test_the_secretary_records_for_any_member(qtbot: QtBot, secretary_context: AppContext) -> None:
    item_id = item(secretary_context, OPEN_ITEM)
    page = page_on(qtbot, secretary_context, item_id)
    editor = page.position_editor
    assert editor.municipality.isVisibleTo(page)
    assert editor.title() == "Record a municipality's position"
    almelo = municipality(secretary_context, "Almelo")
    table = page.overview.table
    table.itemActivated.emit(table.item(overview_row(page, "Almelo"), POSITION))  # Enter on a row
    assert editor.municipality_id == almelo
    assert editor.municipality.currentData() == almelo
    qtbot.keyClick(page, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: editor.chosen_kind() is PositionKind.AGREE)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, secretary_context.worker)
    assert stored_position(secretary_context, item_id, "Almelo") == ("agree", "")
    assert page.overview.table.item(overview_row(page, "Almelo"), POSITION).text() == "Agree"


def test_a_document_opens_in_the_system_viewer(
    qtbot: QtBot, member_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    item_id = item(member_context, OPEN_ITEM_WITH_DOCUMENTS)
    page = page_on(qtbot, member_context, item_id)
    document = load(qtbot, member_context, item_id).documents[0]
    page.documents.itemActivated.emit(page.documents.item(0, 0))
    wait_idle(qtbot, member_context.worker)
    assert len(opened) == 1
    path = Path(opened[0].toLocalFile())
    assert path.name == document.filename
    with Store.open(member_context.store_path) as store:
        assert path.read_bytes() == store.blobs.path_of(document.sha256).read_bytes()
    assert not page.documents_status.isVisibleTo(page)


def test_a_missing_document_file_is_explained_in_place(
    qtbot: QtBot, member_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: pytest.fail("opened"))
    item_id = item(member_context, OPEN_ITEM_WITH_DOCUMENTS)
    document = load(qtbot, member_context, item_id).documents[0]
    with Store.open(member_context.store_path) as store:
        store.blobs.path_of(document.sha256).unlink()
    page = page_on(qtbot, member_context, item_id)
    page.documents.itemActivated.emit(page.documents.item(0, 0))
    wait_idle(qtbot, member_context.worker)
    assert page.documents_status.isVisibleTo(page)
    assert "next sync" in page.documents_status.text()


def test_a_removed_item_is_explained_in_place(qtbot: QtBot, member_context: AppContext) -> None:
    item_id = item(member_context, OPEN_ITEM)
    with Store.open(member_context.store_path) as store:
        remove_agenda_item(store, SYSTEM, item_id)
    page = page_on(qtbot, member_context, item_id)
    assert page.problem.isVisibleTo(page)
    assert "No agenda item" in page.problem.text()
    assert not page.body.isVisibleTo(page)
