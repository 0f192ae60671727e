"""Drawing PDF pages off the GUI thread, with PDFium (pypdfium2).

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

import itertools
import logging
import threading
import time
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QImage,
)

from regiodesk.i18n import _

if TYPE_CHECKING:
    from ui.dialogs.pdf_preview import PdfPreviewDialog

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


class PreviewDocument:
    """What the dialog knows of its PDF (GUI thread): the state, the page sizes, the problem."""

    def __init__(self) -> None:
        self.status = Status.CLOSED
        self.sizes: list[tuple[float, float]] = []
        self.problem: Problem | None = None
        self._renderer: Renderer | None = None

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


class Relay(QObject):
    """Carries what the threads report to the GUI thread, to the dialog that asked, if it is still
    there.  One for the application, its child: it outlives every dialog and every thread."""

    delivered = Signal(int, str, object)  # ticket, kind, payload

    _instance: Relay | None = None

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._routes: dict[int, tuple[weakref.ref[PdfPreviewDialog], Renderer]] = {}
        self._tickets = itertools.count(1)
        self.delivered.connect(self._route, Qt.ConnectionType.QueuedConnection)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop_all)

    @classmethod
    def instance(cls) -> Relay:
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

    def register(self, ticket: int, dialog: PdfPreviewDialog, renderer: Renderer) -> None:
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


class Renderer:
    """One PDF, opened, measured and drawn on a thread of its own.

    The GUI thread says what it wants drawn (``want``, most urgent first; each call replaces the
    last) and gets answers through the relay: ``opened`` with the page sizes, or ``failed`` with
    a Problem, then ``drawn`` with (Tile, QImage or None) for each piece.
    """

    def __init__(self, path: Path, ticket: int, relay: Relay) -> None:
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
        """Hold ``PDFIUM_LOCK``; give up waiting for it (``Stopped``) once told to stop."""
        while not PDFIUM_LOCK.acquire(timeout=0.02):
            if self._stopping:
                raise Stopped
        try:
            yield
        finally:
            PDFIUM_LOCK.release()

    def _run(self) -> None:
        try:
            with self._pdfium():
                document = pdfium.PdfDocument(self.path)
                self.page_count = len(document)
        except Stopped:
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
        except Stopped:
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


class Stopped(Exception):
    """The thread was told to stop while it waited for PDFium."""


class RendererHolder:
    """The dialog's current thread, where a handler that must not hold the dialog can find it."""

    def __init__(self) -> None:
        self.renderer: Renderer | None = None

    def stop(self, *_args: object) -> None:
        """Stop the thread and forget its route (also called when the dialog is destroyed)."""
        renderer, self.renderer = self.renderer, None
        if renderer is not None:
            renderer.stop()
            relay = Relay._instance
            if relay is not None and shiboken6.isValid(relay):
                relay.forget(renderer.ticket)


# The pages ------------------------------------------------------------------------------------
