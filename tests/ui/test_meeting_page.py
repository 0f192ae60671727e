"""The meeting page: header, agenda and documents; what the secretary changes there (by keyboard,
mouse and drag and drop) and what a member may only read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from regiodesk.commands.agenda import ItemSpec, add_agenda_item
from regiodesk.demo.pdf import simple_pdf
from regiodesk.errors import NotPermitted
from regiodesk.model.enums import MeetingStatus
from regiodesk.queries.agenda import meeting_view
from regiodesk.store import Store
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.dialogs.pdf_preview import PdfPreviewDialog
from ui.pages.meeting import MeetingPage
from ui.pages.meetings import MeetingsPage
from ui.widgets import documents_panel, file_choice

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def ask(qtbot: QtBot, context: AppContext, work: Callable[[Store], Any]) -> Any:
    """Run a read on the worker, as the pages do, and wait for the answer."""
    answers: list[Any] = []
    context.worker.query(work, answers.append)
    wait_idle(qtbot, context.worker)
    return answers[0]


def mobility_meeting(qtbot: QtBot, context: AppContext, status: MeetingStatus) -> str:
    return str(
        ask(
            qtbot,
            context,
            lambda s: s.scalar(
                "SELECT m.id FROM meeting m JOIN pfo p ON p.id = m.pfo_id "
                "WHERE p.short_name = 'PFO MOB' AND m.status = ? ORDER BY m.starts_at DESC",
                (status.value,),
            ),
        )
    )


def shown(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()


def back_to(qtbot: QtBot, widget: QWidget) -> None:
    """Make the page's window active again after a dialog closed (a window manager does that;
    the offscreen platform does not)."""
    if QApplication.activeWindow() is not widget:
        with qtbot.waitActive(widget):
            widget.activateWindow()


def open_meeting(qtbot: QtBot, context: AppContext, meeting_id: str) -> MeetingPage:
    page = MeetingPage(context)
    shown(qtbot, page)
    page.show_target(meeting_id)
    wait_idle(qtbot, context.worker)
    return page


def titles(qtbot: QtBot, context: AppContext, meeting_id: str) -> list[str]:
    return [i.title for i in ask(qtbot, context, lambda s: meeting_view(s, meeting_id)).items]


def shown_titles(page: MeetingPage) -> list[str]:
    return [item.title for item in page.agenda.list.agenda.items]


def drop(widget: QWidget, data: QMimeData, pos: QPoint) -> None:
    """Drag ``data`` over ``widget`` and drop it at ``pos``, as the window system would."""
    action = Qt.DropAction.MoveAction if not data.hasUrls() else Qt.DropAction.CopyAction
    actions = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
    buttons, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, actions, data, buttons, none)
    enter.setDropAction(action)
    QApplication.sendEvent(widget, enter)
    move = QDragMoveEvent(pos, actions, data, buttons, none)
    move.setDropAction(action)
    QApplication.sendEvent(widget, move)
    assert move.isAccepted(), "the widget refused the drag"
    event = QDropEvent(pos.toPointF(), actions, data, buttons, none)
    event.setDropAction(action)
    QApplication.sendEvent(widget, event)


def files(*paths: Path) -> QMimeData:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return data


def row_point(page: MeetingPage, row: int, where: str) -> QPoint:
    view = page.agenda.list
    rect = view.visualRect(view.agenda.index(row, 2))
    y = {"top": rect.top() + 1, "middle": rect.center().y(), "bottom": rect.bottom() - 1}[where]
    return QPoint(rect.center().x(), y)


def pdf(folder: Path, name: str, title: str) -> Path:
    path = folder / name
    path.write_bytes(simple_pdf(title, [f"Dit is {title}."]))
    return path


# The secretary's way through a new meeting ---------------------------------------------------


def test_secretary_builds_a_meeting(
    qtbot: QtBot, secretary_context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = secretary_context
    # Plan the meeting from the meetings list (Ctrl+N).
    meetings = MeetingsPage(context)
    shown(qtbot, meetings)
    meetings.show_target(None)
    wait_idle(qtbot, context.worker)
    qtbot.keyClick(meetings.table, Qt.Key.Key_N, CTRL)
    planner = meetings.active_dialog
    assert planner is not None
    planner.pfo.setCurrentIndex(planner.pfo.findText("PFO Mobiliteit"))
    wait_idle(qtbot, context.worker)
    qtbot.keyClicks(planner.title_edit, "Extra PFO spoor")
    with qtbot.waitSignal(context.navigate_requested) as opened:
        qtbot.keyClick(planner.title_edit, Qt.Key.Key_Return)
    meeting_id = opened.args[1]

    page = open_meeting(qtbot, context, meeting_id)
    assert page.heading.text() == "Extra PFO spoor"
    assert page.agenda.add_action.isEnabled()
    assert not page.notice.isVisible()

    # Three items, each through the item dialog (Ctrl+Shift+N, type, Enter).
    for title in ("Opening", "Treinverbinding Zwolle", "Rondvraag"):
        page.agenda.list.setFocus()
        qtbot.keyClick(page.agenda.list, Qt.Key.Key_N, CTRL_SHIFT)
        editor = page.agenda.active_dialog
        assert editor is not None
        assert editor.isVisible()
        qtbot.keyClicks(editor.title_edit, title)
        qtbot.keyClick(editor.title_edit, Qt.Key.Key_Return)
        wait_idle(qtbot, context.worker)
        assert not editor.isVisible()
        back_to(qtbot, page)
    assert titles(qtbot, context, meeting_id) == ["Opening", "Treinverbinding Zwolle", "Rondvraag"]
    assert shown_titles(page) == ["Opening", "Treinverbinding Zwolle", "Rondvraag"]
    assert page.agenda.list.current_item().title == "Rondvraag"  # the new one is current

    # Reorder by keyboard: Ctrl+Up moves the current item up, and it stays current.
    qtbot.keyClick(page.agenda.list, Qt.Key.Key_Up, CTRL)
    wait_idle(qtbot, context.worker)
    assert titles(qtbot, context, meeting_id) == ["Opening", "Rondvraag", "Treinverbinding Zwolle"]
    assert page.agenda.list.current_item().title == "Rondvraag"
    qtbot.keyClick(page.agenda.list, Qt.Key.Key_Down, CTRL)
    qtbot.keyClick(page.agenda.list, Qt.Key.Key_Down, CTRL)  # at the bottom already: no move
    wait_idle(qtbot, context.worker)
    assert titles(qtbot, context, meeting_id) == ["Opening", "Treinverbinding Zwolle", "Rondvraag"]

    # Reorder by drag and drop: "Opening" below the last item, then "Rondvraag" onto the first.
    viewport = page.agenda.list.viewport()
    model = page.agenda.list.agenda
    drop(viewport, model.mimeData([model.index(0, 0)]), row_point(page, 2, "bottom"))
    wait_idle(qtbot, context.worker)
    assert titles(qtbot, context, meeting_id) == ["Treinverbinding Zwolle", "Rondvraag", "Opening"]
    drop(viewport, model.mimeData([model.index(1, 0)]), row_point(page, 0, "middle"))
    wait_idle(qtbot, context.worker)
    assert titles(qtbot, context, meeting_id) == ["Rondvraag", "Treinverbinding Zwolle", "Opening"]
    assert shown_titles(page) == ["Rondvraag", "Treinverbinding Zwolle", "Opening"]

    # Attach a PDF by dropping it from the desktop onto the documents list.
    first = pdf(tmp_path, "Notitie treinverbinding.pdf", "de eerste versie")
    drop(page.documents.list.viewport(), files(first), QPoint(50, 30))
    wait_idle(qtbot, context.worker)
    view = ask(qtbot, context, lambda s: meeting_view(s, meeting_id))
    assert [d.title for d in view.documents] == ["Notitie treinverbinding"]
    document = view.documents[0]
    assert document.agenda_item_id is None
    assert [v.filename for v in document.versions] == ["Notitie treinverbinding.pdf"]
    blob = ask(qtbot, context, lambda s: s.blobs.path_of(document.latest.sha256))
    assert blob.read_bytes() == first.read_bytes()
    assert page.documents.list.topLevelItemCount() == 1

    # A late paper replaces it (Ctrl+Shift+V); the first version is kept.
    second = pdf(tmp_path, "Notitie treinverbinding v2.pdf", "de tweede versie")
    monkeypatch.setattr(file_choice, "choose_files", lambda *_args, **_kw: [second])
    page.documents.list.setFocus()
    qtbot.keyClick(page.documents.list, Qt.Key.Key_V, CTRL_SHIFT)
    wait_idle(qtbot, context.worker)
    document = ask(qtbot, context, lambda s: meeting_view(s, meeting_id)).documents[0]
    assert [(v.version, v.filename) for v in document.versions] == [
        (2, "Notitie treinverbinding v2.pdf"),
        (1, "Notitie treinverbinding.pdf"),
    ]
    top = page.documents.list.topLevelItem(0)
    assert top.text(2) == "2"
    assert top.childCount() == 1
    assert top.child(0).text(2) == "1"

    # Mark it confidential (Ctrl+Shift+C in the documents).
    page.documents.list.setCurrentItem(top)
    qtbot.keyClick(page.documents.list, Qt.Key.Key_C, CTRL_SHIFT)
    wait_idle(qtbot, context.worker)
    assert ask(qtbot, context, lambda s: meeting_view(s, meeting_id)).documents[0].confidential
    assert "confidential" in page.documents.list.topLevelItem(0).text(6)
    assert page.documents.confidential_action.isChecked()

    # A paper dropped on an agenda item belongs to that item; the item can be confidential too.
    paper = pdf(tmp_path, "Voorstel Zwolle.pdf", "het voorstel")
    drop(viewport, files(paper), row_point(page, 1, "middle"))
    wait_idle(qtbot, context.worker)
    view = ask(qtbot, context, lambda s: meeting_view(s, meeting_id))
    train = next(item for item in view.items if item.title == "Treinverbinding Zwolle")
    attached = next(d for d in view.documents if d.title == "Voorstel Zwolle")
    assert attached.agenda_item_id == train.id
    assert train.documents == 1
    page.agenda.list.select_item(train.id)
    page.agenda.list.setFocus()
    qtbot.keyClick(page.agenda.list, Qt.Key.Key_C, CTRL_SHIFT)
    wait_idle(qtbot, context.worker)
    view = ask(qtbot, context, lambda s: meeting_view(s, meeting_id))
    assert next(item for item in view.items if item.id == train.id).confidential

    # Publish it (Ctrl+Shift+U); the button then offers the way back.
    qtbot.keyClick(page.agenda.list, Qt.Key.Key_U, CTRL_SHIFT)
    wait_idle(qtbot, context.worker)
    assert ask(qtbot, context, lambda s: meeting_view(s, meeting_id)).header.status.value == (
        "published"
    )
    assert page.publish_action.text() == "Back to &draft"
    assert page.status.text() == "published"


def test_edit_the_meeting_and_remove_an_item(qtbot: QtBot, secretary_context: AppContext) -> None:
    context = secretary_context
    meeting_id = mobility_meeting(qtbot, context, MeetingStatus.DRAFT)
    page = open_meeting(qtbot, context, meeting_id)
    qtbot.keyClick(page.agenda.list, Qt.Key.Key_E, CTRL)
    editor = page.active_dialog
    assert editor is not None
    assert editor.isVisible()
    editor.location.clear()
    qtbot.keyClicks(editor.location, "Provinciehuis Zwolle")
    qtbot.keyClick(editor.location, Qt.Key.Key_Return)
    wait_idle(qtbot, context.worker)
    assert page.location.text() == "Provinciehuis Zwolle"
    back_to(qtbot, page)

    before = titles(qtbot, context, meeting_id)
    page.agenda.list.select_row(1)
    qtbot.keyClick(page.agenda.list, Qt.Key.Key_Delete)
    wait_idle(qtbot, context.worker)
    assert titles(qtbot, context, meeting_id) == before[:1] + before[2:]
    assert shown_titles(page) == before[:1] + before[2:]


# A member reads ------------------------------------------------------------------------------


def test_a_member_reads_but_cannot_change(
    qtbot: QtBot, member_context: AppContext, tmp_path: Path
) -> None:
    context = member_context
    meeting_id = mobility_meeting(qtbot, context, MeetingStatus.PUBLISHED)
    view = ask(qtbot, context, lambda s: meeting_view(s, meeting_id))
    page = open_meeting(qtbot, context, meeting_id)
    assert page.location.text() == view.header.location
    assert page.chair.text() == view.header.chair_name
    assert page.status.text() == "published"
    assert shown_titles(page) == [item.title for item in view.items]
    assert page.documents.list.topLevelItemCount() == len(view.documents) > 0

    assert page.notice.isVisible()
    assert "secretary" in page.notice.text()
    for action in (
        page.edit_action,
        page.publish_action,
        page.agenda.add_action,
        page.agenda.edit_action,
        page.agenda.up_action,
        page.agenda.down_action,
        page.agenda.remove_action,
        page.agenda.confidential_action,
        page.documents.attach_action,
        page.documents.version_action,
        page.documents.confidential_action,
        page.documents.remove_action,
    ):
        assert not action.isEnabled(), action.text()
        assert "only the PFO's secretary and the chair" in action.toolTip()
    assert page.documents.open_action.isEnabled()  # reading is for everyone
    assert not page.agenda.list.acceptDrops()
    assert not page.documents.list.acceptDrops()

    # The keyboard does nothing either.
    page.agenda.list.select_row(1)
    qtbot.keyClick(page.agenda.list, Qt.Key.Key_Up, CTRL)
    qtbot.keyClick(page.agenda.list, Qt.Key.Key_Delete)
    wait_idle(qtbot, context.worker)
    assert titles(qtbot, context, meeting_id) == [item.title for item in view.items]

    # And the core refuses, whatever the screen shows.
    refused: list[BaseException] = []
    actor = context.actor
    context.command(
        lambda s: add_agenda_item(s, actor, meeting_id, ItemSpec("Mijn punt")),
        "test",
        on_error=refused.append,
    )
    wait_idle(qtbot, context.worker)
    assert len(refused) == 1
    assert isinstance(refused[0], NotPermitted)
    assert titles(qtbot, context, meeting_id) == [item.title for item in view.items]


def test_enter_on_an_item_opens_it(qtbot: QtBot, member_context: AppContext) -> None:
    meeting_id = mobility_meeting(qtbot, member_context, MeetingStatus.PUBLISHED)
    page = open_meeting(qtbot, member_context, meeting_id)
    page.agenda.list.select_row(2)
    expected = page.agenda.list.current_item().id
    with qtbot.waitSignal(member_context.navigate_requested) as signal:
        qtbot.keyClick(page.agenda.list, Qt.Key.Key_Return)
    assert signal.args == ["agenda_item", expected]


def test_open_and_preview_a_document(
    qtbot: QtBot, member_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(documents_panel, "open_in_viewer", lambda path: opened.append(path) or True)
    meeting_id = mobility_meeting(qtbot, member_context, MeetingStatus.PUBLISHED)
    page = open_meeting(qtbot, member_context, meeting_id)
    documents = page.documents.list
    documents.setFocus()
    documents.setCurrentItem(documents.topLevelItem(0))
    version = documents.current_version()
    assert version is not None
    qtbot.keyClick(documents, Qt.Key.Key_Return)
    wait_idle(qtbot, member_context.worker)
    assert [path.name for path in opened] == [version.filename]
    blob = ask(qtbot, member_context, lambda s: s.blobs.path_of(version.sha256))
    assert opened[0].read_bytes() == blob.read_bytes()

    qtbot.keyClick(documents, Qt.Key.Key_Space)
    wait_idle(qtbot, member_context.worker)
    preview = page.documents.active_dialog
    assert isinstance(preview, PdfPreviewDialog)
    assert preview.isVisible()
    assert preview.document.pageCount() == 1
    preview.reject()


# Files that are not there ------------------------------------------------------------------------


def test_a_file_that_vanished_is_explained_in_place(
    qtbot: QtBot, secretary_context: AppContext, tmp_path: Path
) -> None:
    context = secretary_context
    meeting_id = mobility_meeting(qtbot, context, MeetingStatus.DRAFT)
    page = open_meeting(qtbot, context, meeting_id)
    before = len(ask(qtbot, context, lambda s: meeting_view(s, meeting_id)).documents)
    gone = pdf(tmp_path, "Weg.pdf", "weg")
    data = files(gone)
    gone.unlink()  # the file went away between picking it up and dropping it

    drop(page.documents.list.viewport(), data, QPoint(40, 20))
    wait_idle(qtbot, context.worker)
    assert page.documents.error.isVisible()
    assert page.documents.error.text() == f"{gone}: the file no longer exists"
    assert not page.documents.progress.isVisible()

    drop(page.agenda.list.viewport(), data, row_point(page, 1, "middle"))
    wait_idle(qtbot, context.worker)
    assert page.agenda.error.isVisible()
    assert "the file no longer exists" in page.agenda.error.text()
    assert len(ask(qtbot, context, lambda s: meeting_view(s, meeting_id)).documents) == before
