"""The PDF preview: pages drawn on a thread, paging, zoom, the way out to the system's viewer, and
files it cannot show."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QWheelEvent
from PySide6.QtWidgets import QApplication, QPushButton, QToolButton
from pytestqt.qtbot import QtBot

from regiodesk.demo.pdf import simple_pdf
from ui import pdf_rendering
from ui.dialogs import pdf_preview
from ui.dialogs.pdf_preview import PdfPreviewDialog, ZoomMode


def three_pages(folder: Path, name: str = "drie pagina's.pdf", **options: str) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    path = folder / name
    canvas = Canvas(str(path), pagesize=A4, **options)
    for number in range(1, 4):
        canvas.setFont("Helvetica-Bold", 40)
        canvas.drawString(72, 700, f"Pagina {number}")
        canvas.showPage()
    canvas.save()
    return path


def open_preview(qtbot: QtBot, path: Path) -> PdfPreviewDialog:
    dialog = PdfPreviewDialog(path, "Voorstel")
    qtbot.addWidget(dialog)
    dialog.resize(800, 700)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def preview_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("pdf-preview")]


def wait_drawn(qtbot: QtBot, dialog: PdfPreviewDialog, page: int) -> None:
    qtbot.waitUntil(lambda: dialog.rendered_size(page) is not None, timeout=5000)


def test_shows_the_pages_and_draws_the_first(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = open_preview(qtbot, three_pages(tmp_path))
    assert dialog.document.pageCount() == 3
    qtbot.waitUntil(lambda: dialog.pages.text() == "of 3")
    assert not dialog.error.isVisible()
    assert dialog.page.value() == 1
    assert dialog.page.maximum() == 3
    assert not dialog.previous_action.isEnabled()
    assert dialog.next_action.isEnabled()
    wait_drawn(qtbot, dialog, 0)
    # fit to width: the page fills the window's width but for the margins
    size = dialog.rendered_size(0)
    assert size is not None
    viewport = dialog.view.viewport().width()
    assert viewport - 4 * pdf_rendering.MARGIN <= size.width() <= viewport
    assert size.height() == pytest.approx(size.width() * 842 / 595, abs=2)

    def has_dark_pixels() -> bool:  # the text of page 1 is on the screen
        image = dialog.view.viewport().grab().toImage()
        return any(
            image.pixelColor(x, y).lightness() < 80
            for x in range(0, image.width(), 3)
            for y in range(0, min(image.height(), 400), 3)
        )

    qtbot.waitUntil(has_dark_pixels, timeout=5000)


def test_pages_through_with_the_keyboard_and_the_page_box(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = open_preview(qtbot, three_pages(tmp_path))
    qtbot.waitUntil(lambda: dialog.page.maximum() == 3)
    wait_drawn(qtbot, dialog, 0)
    assert dialog.view.hasFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_PageDown)
    assert dialog.current_page() == 1
    assert dialog.page.value() == 2
    assert dialog.previous_action.isEnabled()
    wait_drawn(qtbot, dialog, 1)
    top = dialog.canvas.mapTo(dialog.view.viewport(), dialog.canvas.page_rect(1).topLeft())
    assert top.y() == pdf_rendering.MARGIN  # page 2 starts at the top of the window

    dialog.page.setFocus()
    dialog.page.selectAll()
    qtbot.keyClicks(dialog.page, "3")
    qtbot.keyClick(dialog.page, Qt.Key.Key_Return)
    assert dialog.isVisible()  # Enter goes to the page, it does not close the dialog
    assert dialog.current_page() == 2
    assert not dialog.next_action.isEnabled()
    wait_drawn(qtbot, dialog, 2)

    qtbot.keyClick(dialog.page, Qt.Key.Key_PageUp)
    assert dialog.current_page() == 1
    assert dialog.page.value() == 2
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_Home)
    assert dialog.current_page() == 0
    qtbot.keyClick(dialog.view, Qt.Key.Key_End)
    assert dialog.current_page() == 2


def test_zoom_changes_the_drawn_size(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = open_preview(qtbot, three_pages(tmp_path))
    wait_drawn(qtbot, dialog, 0)
    assert dialog.zoom_mode is ZoomMode.FIT_WIDTH
    factor = dialog.zoom_factor()
    width = dialog.rendered_size(0).width()  # type: ignore[union-attr]
    assert dialog.zoom_label.text() == f"{round(factor * 100)} %"

    qtbot.keyClick(dialog.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert dialog.zoom_mode is ZoomMode.CUSTOM
    assert dialog.zoom_factor() == pytest.approx(factor * 1.25, rel=0.01)
    wait_drawn(qtbot, dialog, 0)
    assert dialog.rendered_size(0).width() == pytest.approx(width * 1.25, abs=2)  # type: ignore[union-attr]

    qtbot.keyClick(dialog.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert dialog.zoom_factor() == pytest.approx(factor / 1.25, rel=0.01)
    wait_drawn(qtbot, dialog, 0)
    assert dialog.rendered_size(0).width() == pytest.approx(width / 1.25, abs=2)  # type: ignore[union-attr]

    qtbot.keyClick(dialog.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert dialog.zoom_factor() == pytest.approx(factor * 1.25, rel=0.01)

    qtbot.keyClick(dialog.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert dialog.zoom_mode is ZoomMode.FIT_WIDTH
    assert dialog.zoom_factor() == pytest.approx(factor)
    wait_drawn(qtbot, dialog, 0)
    assert dialog.rendered_size(0).width() == width  # type: ignore[union-attr]

    qtbot.keyClick(dialog.view, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert dialog.zoom_mode is ZoomMode.FIT_PAGE
    page = dialog.canvas.page_rect(0)
    assert page.height() <= dialog.view.viewport().height()

    whole = dialog.zoom_factor()
    viewport = dialog.view.viewport()
    at = QPointF(viewport.width() / 2, viewport.height() / 2)
    wheel = QWheelEvent(
        at,
        viewport.mapToGlobal(at),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, wheel)
    assert dialog.zoom_factor() == pytest.approx(whole * 1.25, rel=0.01)


def test_a_large_zoom_is_drawn_in_tiles_near_the_window(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = open_preview(qtbot, three_pages(tmp_path))
    wait_drawn(qtbot, dialog, 0)
    for _step in range(12):
        qtbot.keyClick(dialog.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert dialog.zoom_factor() == pytest.approx(pdf_rendering.ZOOM_MAX)
    ratio = dialog.canvas.devicePixelRatio()

    def tiles_here() -> bool:
        current = dialog.canvas.device_size(dialog.current_page(), ratio)
        return any(
            (tile.width, tile.height) == current and tile.w <= pdf_rendering.TILE
            for tile in dialog.canvas.cache
        )

    qtbot.waitUntil(tiles_here, timeout=5000)
    qtbot.wait(200)
    drawn = sum(tile.bytes for tile in dialog.canvas.cache)
    whole = dialog.canvas.device_size(0, ratio)
    assert drawn < whole[0] * whole[1] * 4  # not even one whole page at this size


def test_opens_in_the_system_viewer(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    path = tmp_path / "one.pdf"
    path.write_bytes(simple_pdf("Een pagina", ["Tekst."]))
    dialog = open_preview(qtbot, path)
    qtbot.waitUntil(lambda: dialog.pages.text() == "of 1")
    assert dialog.page.isEnabled() is False  # one page: nothing to choose
    button = next(b for b in dialog.findChildren(QToolButton) if "viewer" in b.text())
    assert button.accessibleName() == "Open in viewer"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened] == [str(path)]

    monkeypatch.setattr(pdf_preview, "open_in_viewer", lambda _path: False)
    qtbot.keyClick(dialog.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert dialog.error.isVisible()
    assert dialog.error.text() == "No program on this computer opens one.pdf."


def test_a_file_that_is_no_pdf_is_explained_in_place(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "kapot.pdf"
    path.write_bytes(b"this is not a PDF at all")
    dialog = open_preview(qtbot, path)
    qtbot.waitUntil(dialog.error.isVisible)
    assert dialog.error.text() == "This is not a PDF, or the PDF is damaged."
    assert dialog.document.pageCount() == 0
    assert not dialog.zoom_in_action.isEnabled()
    assert dialog.pages.text() == "of 0"
    assert not dialog.page.isEnabled()
    assert dialog.external_action.isEnabled()  # another program may make sense of it
    qtbot.waitUntil(lambda: not preview_threads())
    assert dialog.isVisible()


def test_a_file_that_is_not_there_is_explained_in_place(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = open_preview(qtbot, tmp_path / "weg.pdf")
    qtbot.waitUntil(dialog.error.isVisible)
    assert dialog.error.text() == "The file is not there (any more)."
    assert not dialog.external_action.isEnabled()
    assert dialog.pages.text() == "of 0"
    assert dialog.isVisible()


def test_a_pdf_with_a_password_is_explained_in_place(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = open_preview(qtbot, three_pages(tmp_path, "geheim.pdf", encrypt="geheim"))
    qtbot.waitUntil(dialog.error.isVisible)
    assert dialog.error.text() == ("This PDF is protected with a password; open it in your viewer.")
    assert dialog.external_action.isEnabled()


def test_closing_stops_the_thread_and_lets_go_of_the_file(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = open_preview(qtbot, three_pages(tmp_path))
    wait_drawn(qtbot, dialog, 0)
    renderer = dialog.renderer
    assert renderer is not None
    assert renderer.running
    qtbot.keyClick(dialog.view, Qt.Key.Key_Escape)
    QApplication.processEvents()
    assert not dialog.isVisible()
    assert not renderer.running
    assert not preview_threads()
    assert dialog.document.pageCount() == 0
    assert not dialog.canvas.cache  # the pixmaps are let go too


def test_deleting_an_open_dialog_stops_its_thread(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = PdfPreviewDialog(three_pages(tmp_path), "Voorstel")
    dialog.show()
    renderer = dialog.renderer
    assert renderer is not None
    dialog.deleteLater()  # as a page does with the dialog it opened before
    qtbot.waitUntil(lambda: not renderer.running)
    QApplication.processEvents()  # anything the thread sent on the way is dropped quietly


def test_the_close_button_closes(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = open_preview(qtbot, three_pages(tmp_path))
    close = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Close")
    assert not close.isDefault()
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert not preview_threads()
