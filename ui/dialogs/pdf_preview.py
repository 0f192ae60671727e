"""A PDF inside the app: pages, zoom, and the way out to the system's own viewer.

PDFium (through pypdfium2) reads and draws the file on a thread of the dialog's own, so the window
never waits for it.  The thread opens the file and reads only the page count and the page sizes
(a 500 MB or 1,000-page paper opens at once), then draws what the window shows, and a little
ahead, at the current zoom and the screen's pixel ratio: a page in one piece, or in tiles when it
is zoomed in so far that one piece would be huge.  It hands each piece to the GUI thread as a
QImage, by signal; the GUI thread keeps the pieces near the window (and a few more) as pixmaps.

PDFium is not thread-safe, not even with different documents: every call into it holds
``PDFIUM_LOCK``, and a document is used only on the thread that opened it.  The thread holds no Qt
object but the application's relay; closing the dialog stops the thread (a drawing in progress is
interrupted) and waits for it.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import math
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from regiodesk.i18n import _
from ui.collector import collect_on_gui_thread
from ui.widgets.error_label import ErrorLabel
from ui.widgets.shortcuts import LocalAction

log = logging.getLogger(__name__)

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 8.0
#: Logical pixels per PDF point at 100 %: a point is 1/72 inch, a logical pixel 1/96 inch.
PIXELS_PER_POINT = 96 / 72
#: Around the pages, and between two pages, in logical pixels.
MARGIN = 12
GAP = 12
#: A page of up to this many device pixels is drawn in one piece, a larger one in tiles.
WHOLE_PAGE_PIXELS = 12_000_000
TILE = 1024
#: Pixmaps kept beyond those in and near the window, in bytes.
CACHE_BYTES = 160 * 2**20
#: How far ahead (above and below the window) pages are drawn, in window heights.
AHEAD = 1.0
#: The tallest a widget can be (QWIDGETSIZE_MAX); the zoom stops short of it.
MAX_CANVAS = (1 << 24) - 1
#: How long the thread holds PDFium at a time while drawing, in seconds.
SLICE_S = 0.05
#: How long closing waits for the thread to finish what PDFium cannot interrupt (opening).
STOP_WAIT_S = 3.0
#: How long ``document.pageCount()`` waits for the page count of a file still being opened.
COUNT_WAIT_S = 10.0
#: What a page whose size cannot be read is taken to be (A4, in points).
FALLBACK_SIZE = (595.0, 842.0)

#: Held around every call into PDFium.
PDFIUM_LOCK = threading.Lock()


class Problem(Enum):
    """Why a PDF cannot be shown."""

    MISSING = "missing"
    UNREADABLE = "unreadable"
    NOT_PDF = "not_pdf"
    PASSWORD = "password"
    SECURITY = "security"
    OTHER = "other"


class Status(Enum):
    OPENING = "opening"
    OPEN = "open"
    FAILED = "failed"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class Tile:
    """A piece of a page to draw: the whole page's size and the piece, in device pixels."""

    page: int
    width: int
    height: int
    x: int
    y: int
    w: int
    h: int

    @property
    def bytes(self) -> int:
        return self.w * self.h * 4


def pdf_problem(problem: Problem) -> str:
    """Why a PDF cannot be shown, in words."""
    return {
        Problem.MISSING: _("The file is not there (any more)."),
        Problem.UNREADABLE: _("The file cannot be read."),
        Problem.NOT_PDF: _("This is not a PDF, or the PDF is damaged."),
        Problem.PASSWORD: _("This PDF is protected with a password; open it in your viewer."),
        Problem.SECURITY: _("This PDF is protected in a way the preview cannot open."),
    }.get(problem, _("The PDF cannot be shown."))


def problem_of(error: BaseException) -> Problem:
    """What an error from opening a PDF means."""
    if isinstance(error, FileNotFoundError):
        return Problem.MISSING
    if isinstance(error, OSError):
        return Problem.UNREADABLE
    if isinstance(error, pdfium.PdfiumError):
        return {
            pdfium_c.FPDF_ERR_PASSWORD: Problem.PASSWORD,
            pdfium_c.FPDF_ERR_SECURITY: Problem.SECURITY,
            pdfium_c.FPDF_ERR_FILE: Problem.UNREADABLE,
        }.get(getattr(error, "err_code", None), Problem.NOT_PDF)
    return Problem.OTHER


def open_in_viewer(path: Path) -> bool:
    """Open a file in the program the system uses for it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class PreviewDocument:
    """What the dialog knows of its PDF (GUI thread): the state, the page sizes, the problem."""

    def __init__(self) -> None:
        self.status = Status.CLOSED
        self.sizes: list[tuple[float, float]] = []
        self.problem: Problem | None = None
        self._renderer: _Renderer | None = None

    def pageCount(self) -> int:  # noqa: N802 (QPdfDocument's name, which callers know)
        """The number of pages; 0 if the file cannot be shown or the dialog is closed.

        Like ``QPdfDocument.pageCount()`` after ``load()``: if the file is still being opened it
        waits for the count, which is read first and quickly, even from a very large file.
        """
        if self.status is Status.OPENING and self._renderer is not None:
            self._renderer.counted.wait(COUNT_WAIT_S)
            return self._renderer.page_count
        return len(self.sizes) if self.status is Status.OPEN else 0


# The thread -----------------------------------------------------------------------------------

OPENED, FAILED, DRAWN = "opened", "failed", "drawn"


class _Relay(QObject):
    """Carries what the threads report to the GUI thread, to the dialog that asked, if it is still
    there.  One for the application, its child: it outlives every dialog and every thread."""

    delivered = Signal(int, str, object)  # ticket, kind, payload

    _instance: _Relay | None = None

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._routes: dict[int, tuple[weakref.ref[PdfPreviewDialog], _Renderer]] = {}
        self._tickets = itertools.count(1)
        self.delivered.connect(self._route, Qt.ConnectionType.QueuedConnection)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop_all)

    @classmethod
    def instance(cls) -> _Relay:
        """The application's relay (made on the GUI thread, on first use)."""
        relay = cls._instance
        if relay is None or not shiboken6.isValid(relay):
            app = QCoreApplication.instance()
            if app is None:
                raise RuntimeError("make the QApplication first")
            relay = cls._instance = cls(app)
        return relay

    def ticket(self) -> int:
        return next(self._tickets)

    def register(self, ticket: int, dialog: PdfPreviewDialog, renderer: _Renderer) -> None:
        self._routes[ticket] = (weakref.ref(dialog), renderer)

    def forget(self, ticket: int) -> None:
        self._routes.pop(ticket, None)

    def stop_all(self) -> None:
        for _dialog, renderer in list(self._routes.values()):
            renderer.stop()
        self._routes.clear()

    def _route(self, ticket: int, kind: str, payload: Any) -> None:
        route = self._routes.get(ticket)
        if route is None:
            return  # closed (or opened again) since: dropped
        dialog = route[0]()
        if dialog is None or not shiboken6.isValid(dialog):
            route[1].stop()  # deleted without closing
            self.forget(ticket)
            return
        dialog._receive(kind, payload)


class _Renderer:
    """One PDF, opened, measured and drawn on a thread of its own.

    The GUI thread says what it wants drawn (``want``, most urgent first; each call replaces the
    last) and gets answers through the relay: ``opened`` with the page sizes, or ``failed`` with
    a Problem, then ``drawn`` with (Tile, QImage or None) for each piece.
    """

    def __init__(self, path: Path, ticket: int, relay: _Relay) -> None:
        self.path = path
        self.ticket = ticket
        self._relay = relay
        self._condition = threading.Condition()
        self._wanted: list[Tile] = []
        self._wanted_set: frozenset[Tile] = frozenset()
        self._drawing: Tile | None = None
        self._stopping = False
        self.counted = threading.Event()
        self.page_count = 0
        self._page: Any = None  # the pdfium page last drawn from, and its index
        self._page_index = -1
        self._slice_ends = 0.0
        self._pause = pdfium_c.IFSDK_PAUSE(version=1)
        pdfium.internal.set_callback(self._pause, "NeedToPauseNow", self._need_to_pause)
        self._thread = threading.Thread(target=self._run, name=f"pdf-preview-{ticket}", daemon=True)

    # GUI thread -----------------------------------------------------------------------------

    def start(self) -> None:
        self._thread.start()

    def want(self, tiles: Sequence[Tile]) -> None:
        with self._condition:
            self._wanted = [tile for tile in tiles if tile != self._drawing]
            self._wanted_set = frozenset(tiles)
            self._condition.notify()

    def stop(self, timeout: float = STOP_WAIT_S) -> bool:
        """Stop drawing, close the document and end the thread; True if it has ended."""
        with self._condition:
            self._stopping = True
            self._wanted = []
            self._wanted_set = frozenset()
            self._condition.notify()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning("the preview of %s is still busy; it ends when PDFium returns", self.path)
            return False
        return True

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    # The thread -----------------------------------------------------------------------------

    @contextmanager
    def _pdfium(self) -> Iterator[None]:
        """Hold ``PDFIUM_LOCK``; give up waiting for it (``_Stopped``) once told to stop."""
        while not PDFIUM_LOCK.acquire(timeout=0.02):
            if self._stopping:
                raise _Stopped
        try:
            yield
        finally:
            PDFIUM_LOCK.release()

    def _run(self) -> None:
        try:
            with self._pdfium():
                document = pdfium.PdfDocument(self.path)
                self.page_count = len(document)
        except _Stopped:
            self.counted.set()
            return
        except Exception as error:
            self.counted.set()
            problem = problem_of(error)
            if problem is Problem.OTHER:
                log.warning("cannot open %s for the preview", self.path, exc_info=True)
            self._send(FAILED, problem)
            return
        self.counted.set()
        try:
            self._send(OPENED, self._sizes(document))
            self._draw_until_stopped(document)
        except _Stopped:
            pass
        except Exception:  # a bug, or PDFium out of memory: say so, and stop
            log.exception("the preview of %s failed", self.path)
            self._send(FAILED, Problem.OTHER)
        finally:
            with PDFIUM_LOCK:
                if self._page is not None:
                    self._page.close()
                    self._page = None
                document.close()

    def _sizes(self, document: Any) -> list[tuple[float, float]]:
        sizes = []
        for index in range(self.page_count):
            try:
                with self._pdfium():
                    width, height = document.get_page_size(index)
            except pdfium.PdfiumError:
                width, height = FALLBACK_SIZE
            if not (width > 0 and height > 0):
                width, height = FALLBACK_SIZE
            sizes.append((float(width), float(height)))
        return sizes

    def _draw_until_stopped(self, document: Any) -> None:
        while True:
            with self._condition:
                while not self._stopping and not self._wanted:
                    self._condition.wait()
                if self._stopping:
                    return
                tile = self._drawing = self._wanted.pop(0)
            try:
                image = self._draw(document, tile)
            except pdfium.PdfiumError:
                log.warning("cannot draw page %d of %s", tile.page + 1, self.path, exc_info=True)
                image = None
            except MemoryError:
                log.warning("no memory to draw page %d of %s", tile.page + 1, self.path)
                image = None
            finally:
                with self._condition:
                    self._drawing = None
            if image is not False:
                self._send(DRAWN, (tile, image))

    def _draw(self, document: Any, tile: Tile) -> QImage | bool | None:
        """The piece as an image that owns its memory; False if it is no longer wanted.

        PDFium draws in slices (it asks ``_need_to_pause`` now and then); the lock is let go
        between slices, so that other previews are not held up by a heavy page, and drawing
        ends early when the piece is no longer wanted.
        """
        bitmap: Any = None
        started = False
        try:
            with self._pdfium():
                if self._page_index != tile.page:
                    if self._page is not None:
                        self._page.close()
                        self._page = None
                        self._page_index = -1
                    self._page = document[tile.page]
                    self._page_index = tile.page
                page = self._page
                bitmap = pdfium.PdfBitmap.new_native(
                    tile.w, tile.h, pdfium_c.FPDFBitmap_BGRx, rev_byteorder=True
                )
                pdfium_c.FPDFBitmap_FillRect(bitmap, 0, 0, tile.w, tile.h, 0xFFFFFFFF)
                flags = pdfium_c.FPDF_ANNOT | pdfium_c.FPDF_REVERSE_BYTE_ORDER
                self._slice_ends = time.monotonic() + SLICE_S
                started = True
                status = pdfium_c.FPDF_RenderPageBitmap_Start(
                    bitmap, page, -tile.x, -tile.y, tile.width, tile.height, 0, flags, self._pause
                )
            while status == pdfium_c.FPDF_RENDER_TOBECONTINUED and not self._cancelled():
                with self._pdfium():
                    self._slice_ends = time.monotonic() + SLICE_S
                    status = pdfium_c.FPDF_RenderPage_Continue(page, self._pause)
            if status == pdfium_c.FPDF_RENDER_TOBECONTINUED:
                return False
            if status != pdfium_c.FPDF_RENDER_DONE:
                raise pdfium.PdfiumError(f"drawing ended with status {status}")
            # the copy owns its memory; the bitmap's goes below
            image = QImage(
                bitmap.buffer, tile.w, tile.h, bitmap.stride, QImage.Format.Format_RGBX8888
            ).copy()
            return None if image.isNull() else image
        finally:
            if started or bitmap is not None:
                with PDFIUM_LOCK:
                    if started:
                        pdfium_c.FPDF_RenderPage_Close(self._page)
                    if bitmap is not None:
                        bitmap.close()

    def _cancelled(self) -> bool:
        return self._stopping or self._drawing not in self._wanted_set

    def _need_to_pause(self, _pause: Any) -> bool:
        """PDFium asks now and then while drawing: pause when the slice is over or the piece is
        no longer wanted."""
        return time.monotonic() > self._slice_ends or self._cancelled()

    def _send(self, kind: str, payload: Any) -> None:
        if self._stopping:
            return
        try:
            self._relay.delivered.emit(self.ticket, kind, payload)
        except RuntimeError:  # the application is gone
            self._stopping = True


class _Stopped(Exception):
    """The thread was told to stop while it waited for PDFium."""


class _RendererHolder:
    """The dialog's current thread, where a handler that must not hold the dialog can find it."""

    def __init__(self) -> None:
        self.renderer: _Renderer | None = None

    def stop(self, *_args: object) -> None:
        """Stop the thread and forget its route (also called when the dialog is destroyed)."""
        renderer, self.renderer = self.renderer, None
        if renderer is not None:
            renderer.stop()
            relay = _Relay._instance
            if relay is not None and shiboken6.isValid(relay):
                relay.forget(renderer.ticket)


# The pages ------------------------------------------------------------------------------------


class PagesCanvas(QWidget):
    """The pages, one under the other and centred, painted from the pieces drawn so far."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sizes: list[tuple[float, float]] = []
        self.scale = PIXELS_PER_POINT
        self.rects: list[tuple[int, int, int, int]] = []  # x, y, width, height (logical)
        self._tops: list[int] = []
        self.cache: OrderedDict[Tile, QPixmap] = OrderedDict()
        self._by_page: dict[int, set[Tile]] = {}
        self.failed: set[int] = set()
        self.message = ""

    # Layout ---------------------------------------------------------------------------------

    def set_pages(self, sizes: list[tuple[float, float]]) -> None:
        self.sizes = sizes
        self.clear()
        self.lay_out()

    def set_scale(self, scale: float) -> None:
        self.scale = scale
        self.lay_out()

    def max_scale(self) -> float:
        """The largest scale at which the pages still fit in a widget."""
        if not self.sizes:
            return math.inf
        tall = sum(height for _width, height in self.sizes)
        wide = max(width for width, _height in self.sizes)
        room = MAX_CANVAS - 2 * MARGIN - GAP * (len(self.sizes) - 1)
        return min(room / tall, (MAX_CANVAS - 2 * MARGIN) / wide)

    def lay_out(self) -> None:
        scale = self.scale
        widths = [max(1, round(width * scale)) for width, _height in self.sizes]
        heights = [max(1, round(height * scale)) for _width, height in self.sizes]
        wide = max(widths, default=0) + 2 * MARGIN
        rects = []
        y = MARGIN
        for width, height in zip(widths, heights, strict=True):
            rects.append(((wide - width) // 2, y, width, height))
            y += height + GAP
        self.rects = rects
        self._tops = [rect[1] for rect in rects]
        if rects:
            self.resize(wide, y - GAP + MARGIN)
        self.update()

    def page_rect(self, page: int) -> QRect:
        return QRect(*self.rects[page])

    def page_at(self, y: int) -> int:
        """The page at (or just above) height ``y``."""
        return min(max(bisect.bisect_right(self._tops, y) - 1, 0), len(self.rects) - 1)

    def pages_in(self, top: int, bottom: int) -> Iterator[int]:
        """The pages that reach into the band from ``top`` to ``bottom`` (inclusive)."""
        if not self.rects:
            return
        page = self.page_at(top)
        while page < len(self.rects) and self.rects[page][1] <= bottom:
            _x, y, _width, height = self.rects[page]
            if y + height > top:
                yield page
            page += 1

    def device_size(self, page: int, ratio: float) -> tuple[int, int]:
        _x, _y, width, height = self.rects[page]
        return max(1, round(width * ratio)), max(1, round(height * ratio))

    def tiles_in(self, area: QRect, ratio: float) -> list[Tile]:
        """The pieces, at this scale and pixel ratio, that show (part of) ``area``."""
        found = []
        for page in self.pages_in(area.top(), area.bottom()):
            x, y, width, height = self.rects[page]
            device_width, device_height = self.device_size(page, ratio)
            if device_width * device_height <= WHOLE_PAGE_PIXELS:
                found.append(
                    Tile(page, device_width, device_height, 0, 0, device_width, device_height)
                )
                continue
            left = max(area.left(), x) - x
            right = min(area.right() + 1, x + width) - x
            top = max(area.top(), y) - y
            bottom = min(area.bottom() + 1, y + height) - y
            if right <= left or bottom <= top:
                continue
            across, down = device_width / width, device_height / height
            columns = range(int(left * across) // TILE, (math.ceil(right * across) - 1) // TILE + 1)
            rows = range(int(top * down) // TILE, (math.ceil(bottom * down) - 1) // TILE + 1)
            for row in rows:
                for column in columns:
                    tile_x, tile_y = column * TILE, row * TILE
                    if tile_x < device_width and tile_y < device_height:
                        found.append(
                            Tile(
                                page,
                                device_width,
                                device_height,
                                tile_x,
                                tile_y,
                                min(TILE, device_width - tile_x),
                                min(TILE, device_height - tile_y),
                            )
                        )
        return found

    def tile_rect(self, tile: Tile) -> QRectF:
        """Where a piece goes on the page as it is laid out now (scaled if drawn at another)."""
        x, y, width, height = self.rects[tile.page]
        across, down = width / tile.width, height / tile.height
        return QRectF(x + tile.x * across, y + tile.y * down, tile.w * across, tile.h * down)

    # The pieces -----------------------------------------------------------------------------

    def add(self, tile: Tile, pixmap: QPixmap) -> None:
        self.cache[tile] = pixmap
        self.cache.move_to_end(tile)
        self._by_page.setdefault(tile.page, set()).add(tile)
        if tile.page < len(self.rects):
            self.update(self.tile_rect(tile).toAlignedRect().adjusted(-1, -1, 1, 1))

    def touch(self, tiles: set[Tile]) -> None:
        for tile in tiles:
            if tile in self.cache:
                self.cache.move_to_end(tile)

    def evict(self, keep: set[Tile], budget: int = CACHE_BYTES) -> None:
        """Let go of the pieces used longest ago, beyond ``keep``, until they fit the budget."""
        spare = sum(tile.bytes for tile in self.cache if tile not in keep)
        for tile in list(self.cache):
            if spare <= budget:
                break
            if tile not in keep:
                del self.cache[tile]
                self._by_page[tile.page].discard(tile)
                spare -= tile.bytes

    def clear(self) -> None:
        self.cache.clear()
        self._by_page.clear()
        self.failed.clear()
        self.update()

    def rendered_size(self, page: int) -> QSize | None:
        """The page's size in device pixels if it is drawn in full at the current zoom."""
        if not 0 <= page < len(self.rects):
            return None
        width, height = self.device_size(page, self.devicePixelRatio())
        pieces = [t for t in self._by_page.get(page, ()) if (t.width, t.height) == (width, height)]
        if sum(tile.w * tile.h for tile in pieces) >= width * height:
            return QSize(width, height)
        return None

    # Painting -------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt)
        painter = QPainter(self)
        area = event.rect()
        if not self.rects:
            if self.message:
                painter.setPen(self.palette().color(QPalette.ColorRole.BrightText))
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.message)
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        ratio = self.devicePixelRatio()
        for page in self.pages_in(area.top() - 2, area.bottom() + 2):
            rect = self.page_rect(page)
            painter.fillRect(rect.adjusted(-1, -1, 1, 1), QColor(0, 0, 0, 90))
            painter.fillRect(rect, Qt.GlobalColor.white)
            current = self.device_size(page, ratio)
            pieces = sorted(
                self._by_page.get(page, ()), key=lambda t: (t.width, t.height) == current
            )
            painter.save()
            painter.setClipRect(rect)
            for tile in pieces:  # those drawn at another zoom first, as a stand-in
                target = self.tile_rect(tile)
                if target.intersects(QRectF(area)):
                    pixmap = self.cache[tile]
                    painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
            painter.restore()
            if page in self.failed:
                painter.setPen(QColor("#b3261e"))
                painter.drawText(
                    rect, Qt.AlignmentFlag.AlignCenter, _("This page cannot be shown.")
                )


class PagesView(QScrollArea):
    """The scroll area: arrow keys scroll, Ctrl+wheel zooms, and it says when it changes size."""

    resized = Signal()
    wheel_zoom = Signal(float, QPoint)  # factor, at this point of the viewport

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        self.resized.emit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.wheel_zoom.emit(ZOOM_STEP**steps, event.position().toPoint())
            event.accept()
            return
        super().wheelEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.DevicePixelRatioChange:
            self.resized.emit()
        return super().event(event)


# The dialog -----------------------------------------------------------------------------------


class ZoomMode(Enum):
    FIT_WIDTH = "fit_width"
    FIT_PAGE = "fit_page"
    CUSTOM = "custom"


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
        self._holder = _RendererHolder()
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
        relay = _Relay.instance()
        ticket = relay.ticket()
        renderer = _Renderer(self.path, ticket, relay)
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
    def renderer(self) -> _Renderer | None:
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
