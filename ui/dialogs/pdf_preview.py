"""A PDF inside the app: pages, zoom, and the way out to the system's own viewer.

The pages are drawn off the GUI thread (``ui.pdf_rendering``) and shown by
``ui.widgets.pdf_pages``.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import (
    QDesktopServices,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPalette,
    QPixmap,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from regiodesk.i18n import _
from ui.collector import collect_on_gui_thread
from ui.pdf_rendering import (
    AHEAD,
    DRAWN,
    FAILED,
    MARGIN,
    OPENED,
    PIXELS_PER_POINT,
    ZOOM_MAX,
    ZOOM_MIN,
    ZOOM_STEP,
    PreviewDocument,
    Problem,
    Relay,
    Renderer,
    RendererHolder,
    Status,
    Tile,
    pdf_problem,
)
from ui.widgets.error_label import ErrorLabel
from ui.widgets.pdf_pages import PagesCanvas, PagesView, ZoomMode
from ui.widgets.shortcuts import LocalAction

log = logging.getLogger(__name__)


def open_in_viewer(path: Path) -> bool:
    """Open a file in the program the system uses for it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class PdfPreviewDialog(QDialog):
    def __init__(self, path: Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        collect_on_gui_thread()  # the collector must never free a Qt object on the thread
        self.path = path
        self.setWindowTitle(_("Preview: {title}").format(title=title))
        self.setSizeGripEnabled(True)
        screen = (parent.screen() if parent is not None else None) or (
            QGuiApplication.primaryScreen()
        )
        room = screen.availableGeometry().size() if screen is not None else QSize(860, 1000)
        self.resize(min(860, int(room.width() * 0.9)), min(1000, int(room.height() * 0.9)))

        self.document = PreviewDocument()
        self.zoom_mode = ZoomMode.FIT_WIDTH
        self._holder = RendererHolder()
        self._keep: set[Tile] = set()
        self._anchor: tuple[int, int] | None = None  # (scroll value, page) after go_to

        self.canvas = PagesCanvas()
        self.view = PagesView(self)
        self.view.setAccessibleName(_("Pages of {title}").format(title=title))
        self.view.setWidget(self.canvas)
        self.view.setWidgetResizable(False)
        self.view.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view.viewport().setBackgroundRole(QPalette.ColorRole.Dark)
        self.view.verticalScrollBar().setSingleStep(40)
        self.view.horizontalScrollBar().setSingleStep(40)
        self.page = QSpinBox()
        self.page.setAccessibleName(_("Page"))
        self.page.setKeyboardTracking(False)
        self.pages = QLabel()
        self.zoom_label = QLabel()
        self.zoom_label.setAccessibleName(_("Zoom"))
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("8888 %"))
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error = ErrorLabel()
        self._make_actions()
        self._lay_out()

        self._schedule_timer = QTimer(self)
        self._schedule_timer.setSingleShot(True)
        self._schedule_timer.setInterval(0)
        self._schedule_timer.timeout.connect(self._schedule_now)
        self.page.valueChanged.connect(lambda number: self.go_to(number - 1))
        self.view.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.view.horizontalScrollBar().valueChanged.connect(self._schedule)
        self.view.verticalScrollBar().rangeChanged.connect(self._schedule)
        self.view.resized.connect(self._view_resized)
        self.view.wheel_zoom.connect(self.zoom)
        self.destroyed.connect(self._holder.stop)  # deleted without closing: stop all the same
        self.load()

    def _make_actions(self) -> None:
        self.previous_action = LocalAction(
            self,
            _("&Previous page"),
            QKeySequence.StandardKey.MoveToPreviousPage,
            _("Previous page"),
            lambda: self.go_to(self.current_page() - 1),
        )
        self.next_action = LocalAction(
            self,
            _("&Next page"),
            QKeySequence.StandardKey.MoveToNextPage,
            _("Next page"),
            lambda: self.go_to(self.current_page() + 1),
        )
        self.first_action = LocalAction(
            self.view, _("First page"), "Home", _("First page"), lambda: self.go_to(0)
        )
        self.last_action = LocalAction(
            self.view,
            _("Last page"),
            "End",
            _("Last page"),
            lambda: self.go_to(len(self.canvas.rects) - 1),
        )
        self.zoom_out_action = LocalAction(
            self,
            _("Zoom &out"),
            QKeySequence.StandardKey.ZoomOut,
            _("Smaller"),
            lambda: self.zoom(1 / ZOOM_STEP),
        )
        self.zoom_in_action = LocalAction(
            self,
            _("Zoom &in"),
            QKeySequence.StandardKey.ZoomIn,
            _("Larger"),
            lambda: self.zoom(ZOOM_STEP),
        )
        self.zoom_in_action.setShortcuts(
            [*QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")]
        )
        self.fit_width_action = LocalAction(
            self,
            _("Fit &width"),
            "Ctrl+0",
            _("As wide as the window"),
            lambda: self.set_zoom_mode(ZoomMode.FIT_WIDTH),
        )
        self.fit_page_action = LocalAction(
            self,
            _("Whole p&age"),
            "Ctrl+9",
            _("A whole page in the window"),
            lambda: self.set_zoom_mode(ZoomMode.FIT_PAGE),
        )
        self.external_action = LocalAction(
            self,
            _("Open in &viewer"),
            QKeySequence.StandardKey.Open,
            _("Open in the system's PDF viewer"),
            self.open_externally,
        )

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.previous_action.button())
        page_label = QLabel(_("Pa&ge"))
        page_label.setBuddy(self.page)
        bar.addWidget(page_label)
        bar.addWidget(self.page)
        bar.addWidget(self.pages)
        bar.addWidget(self.next_action.button())
        bar.addSpacing(16)
        bar.addWidget(self.zoom_out_action.button())
        bar.addWidget(self.zoom_label)
        bar.addWidget(self.zoom_in_action.button())
        bar.addWidget(self.fit_width_action.button())
        bar.addWidget(self.fit_page_action.button())
        bar.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)  # Enter in the page box goes to the page, not away
        close.setDefault(False)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.external_action.button())
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.error)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

    # Opening and closing --------------------------------------------------------------------

    def load(self) -> None:
        """Open the file (again) on a new thread; the answer comes by ``_receive``."""
        self._close()
        relay = Relay.instance()
        ticket = relay.ticket()
        renderer = Renderer(self.path, ticket, relay)
        relay.register(ticket, self, renderer)
        self._holder.renderer = renderer
        self.document = PreviewDocument()
        self.document.status = Status.OPENING
        self.document._renderer = renderer
        self.canvas.set_pages([])
        self.canvas.message = _("Opening the PDF…")
        self.canvas.resize(self.view.viewport().size())
        self.error.clear_error()
        renderer.start()
        self._update_controls()
        self.view.setFocus()

    def _close(self) -> None:
        """Stop the thread (waiting for it), let go of the file and of the pixmaps."""
        self._schedule_timer.stop()
        self._holder.stop()
        self.document.status = Status.CLOSED
        self.document._renderer = None
        self.canvas.clear()
        self._keep = set()

    def done(self, result: int) -> None:
        self._close()
        super().done(result)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if self.document.status is Status.CLOSED:  # shown again after closing
            self.load()
        self._schedule()

    @property
    def renderer(self) -> Renderer | None:
        return self._holder.renderer

    def _receive(self, kind: str, payload: Any) -> None:
        """What the thread reports (GUI thread, through the relay)."""
        if kind == OPENED:
            self._opened(payload)
        elif kind == FAILED:
            self._failed(payload)
        elif kind == DRAWN:
            tile, image = payload
            self._drawn(tile, image)

    def _opened(self, sizes: list[tuple[float, float]]) -> None:
        self.document.sizes = sizes
        self.document.status = Status.OPEN
        self.canvas.message = ""
        self.canvas.set_pages(sizes)
        self._apply_zoom()
        self.view.verticalScrollBar().setValue(0)
        self._update_controls()
        self._schedule()

    def _failed(self, problem: Problem) -> None:
        self._holder.stop()
        self.document.status = Status.FAILED
        self.document.problem = problem
        self.document.sizes = []
        self.canvas.message = ""
        self.canvas.set_pages([])
        self.canvas.update()
        self.error.show_error(pdf_problem(problem))
        self._update_controls()

    def _drawn(self, tile: Tile, image: QImage | None) -> None:
        if image is None:
            self.canvas.failed.add(tile.page)
            if tile.page < len(self.canvas.rects):
                self.canvas.update(self.canvas.page_rect(tile.page))
            return
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.canvas.devicePixelRatio())
        self.canvas.add(tile, pixmap)
        self.canvas.evict(self._keep)

    # Pages ----------------------------------------------------------------------------------

    def current_page(self) -> int:
        """The page that fills most of the window (the first of equals), or the one gone to."""
        if not self.canvas.rects:
            return 0
        value = self.view.verticalScrollBar().value()
        if self._anchor is not None and self._anchor[0] == value:
            return self._anchor[1]
        height = self.view.viewport().height()
        best, shown = 0, -1
        for page in self.canvas.pages_in(value, value + height - 1):
            _x, y, _width, page_height = self.canvas.rects[page]
            visible = min(y + page_height, value + height) - max(y, value)
            if visible > shown:
                best, shown = page, visible
        return best

    def go_to(self, page: int) -> None:
        """Scroll so that ``page`` (counted from 0) starts at the top of the window."""
        if not 0 <= page < len(self.canvas.rects):
            return
        bar = self.view.verticalScrollBar()
        bar.setValue(self.canvas.rects[page][1] - MARGIN)
        self._anchor = (bar.value(), page)
        self._page_shown()

    def open_externally(self) -> None:
        if not open_in_viewer(self.path):
            self.error.show_error(
                _("No program on this computer opens {name}.").format(name=self.path.name)
            )

    def _scrolled(self) -> None:
        if self._anchor is not None and self._anchor[0] != self.view.verticalScrollBar().value():
            self._anchor = None
        self._page_shown()
        self._schedule()

    def _page_shown(self) -> None:
        count = len(self.canvas.rects)
        page = self.current_page()
        self.page.blockSignals(True)
        self.page.setValue(page + 1 if count else 0)
        self.page.blockSignals(False)
        self.previous_action.setEnabled(count > 0 and page > 0)
        self.next_action.setEnabled(page + 1 < count)
        self.first_action.setEnabled(count > 0)
        self.last_action.setEnabled(count > 0)
        if count:
            self.view.setAccessibleDescription(
                _("Page {page} of {count}").format(page=page + 1, count=count)
            )

    def _update_controls(self) -> None:
        status = self.document.status
        count = len(self.document.sizes) if status is Status.OPEN else 0
        self.page.setRange(1 if count else 0, count)
        self.page.setEnabled(count > 1)
        self.pages.setText(_("of {count}").format(count="…" if status is Status.OPENING else count))
        for action in (
            self.zoom_in_action,
            self.zoom_out_action,
            self.fit_width_action,
            self.fit_page_action,
        ):
            action.setEnabled(count > 0)
        if self.document.problem is Problem.MISSING:
            self.external_action.allow(False, pdf_problem(Problem.MISSING))
        else:
            self.external_action.allow(True)
        self._show_zoom()
        self._page_shown()

    # Zoom -----------------------------------------------------------------------------------

    def zoom_factor(self) -> float:
        """The zoom, 1.0 being the paper's own size on a 96 dpi screen."""
        return self.canvas.scale / PIXELS_PER_POINT

    def zoom(self, factor: float, at: QPoint | None = None) -> None:
        """Zoom by ``factor``, keeping the point ``at`` (of the window) where it is."""
        if not self.canvas.rects:
            return
        wanted = min(ZOOM_MAX, max(ZOOM_MIN, self.zoom_factor() * factor))
        self.zoom_mode = ZoomMode.CUSTOM
        self._set_scale(wanted * PIXELS_PER_POINT, at)

    def set_zoom_mode(self, mode: ZoomMode) -> None:
        page = self.current_page()
        self.zoom_mode = mode
        self._apply_zoom()
        if mode is ZoomMode.FIT_PAGE:
            self.go_to(page)  # the whole page, in the window

    def _apply_zoom(self) -> None:
        if not self.canvas.rects:
            return
        if self.zoom_mode is ZoomMode.CUSTOM:
            scale = self.canvas.scale
        else:
            view = self.view
            frame = 2 * view.frameWidth()
            bar = view.style().pixelMetric(
                QStyle.PixelMetric.PM_ScrollBarExtent, None, view.verticalScrollBar()
            )
            # the width as if the scroll bar were there, so that it cannot come and go
            room_width = max(1, view.width() - frame - bar - 2 * MARGIN)
            room_height = max(1, view.height() - frame - 2 * MARGIN)
            widest = max(width for width, _height in self.canvas.sizes)
            scale = room_width / widest
            if self.zoom_mode is ZoomMode.FIT_PAGE:
                width, height = self.canvas.sizes[self.current_page()]
                scale = min(room_width / width, room_height / height)
        self._set_scale(scale)

    def _set_scale(self, scale: float, at: QPoint | None = None) -> None:
        canvas, viewport = self.canvas, self.view.viewport()
        scale = min(scale, canvas.max_scale())
        if not canvas.rects or math.isclose(scale, canvas.scale, rel_tol=1e-9):
            canvas.scale = scale
            self._show_zoom()
            return
        anchored = self._anchor[1] if self._anchor is not None else None
        if at is None:
            at = QPoint(viewport.width() // 2, viewport.height() // 3)
        point = canvas.mapFrom(viewport, at)
        page = canvas.page_at(point.y())
        x, y, width, height = canvas.rects[page]
        across, down = (point.x() - x) / width, (point.y() - y) / height
        canvas.set_scale(scale)
        if anchored is not None:
            self.go_to(anchored)
        else:
            x, y, width, height = canvas.rects[page]
            self.view.horizontalScrollBar().setValue(round(x + across * width - at.x()))
            self.view.verticalScrollBar().setValue(round(y + down * height - at.y()))
        self._show_zoom()
        self._page_shown()
        self._schedule()

    def _show_zoom(self) -> None:
        shown = bool(self.canvas.rects)
        percent = round(self.zoom_factor() * 100)
        self.zoom_label.setText(_("{percent} %").format(percent=percent) if shown else "")

    def _view_resized(self) -> None:
        if not self.canvas.rects:
            self.canvas.resize(self.view.viewport().size())
        elif self.zoom_mode is not ZoomMode.CUSTOM:
            self._apply_zoom()
        self._schedule()

    # Drawing --------------------------------------------------------------------------------

    def _schedule(self) -> None:
        """Ask for the pieces the window needs, once the events at hand are handled."""
        self._schedule_timer.start()

    def _schedule_now(self) -> None:
        renderer = self._holder.renderer
        canvas = self.canvas
        if renderer is None or not canvas.rects or self.document.status is not Status.OPEN:
            return
        viewport = self.view.viewport()
        ratio = canvas.devicePixelRatio()
        area = QRect(canvas.mapFrom(viewport, QPoint(0, 0)), viewport.size())
        ahead = round(area.height() * AHEAD)
        centre = area.center().y()

        def nearest_first(tiles: list[Tile]) -> list[Tile]:
            return sorted(tiles, key=lambda t: abs(canvas.tile_rect(t).center().y() - centre))

        now = nearest_first(canvas.tiles_in(area, ratio))
        shown = set(now)
        soon = nearest_first(
            [
                t
                for t in canvas.tiles_in(area.adjusted(0, -ahead, 0, ahead), ratio)
                if t not in shown
            ]
        )
        self._keep = shown | set(soon)
        canvas.touch(shown)
        renderer.want(
            [t for t in (*now, *soon) if t not in canvas.cache and t.page not in canvas.failed]
        )
        canvas.evict(self._keep)

    def rendered_size(self, page: int) -> QSize | None:
        """The size in device pixels of ``page`` (from 0) if it is drawn at the current zoom."""
        return self.canvas.rendered_size(page)
