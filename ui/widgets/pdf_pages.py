"""The pages of a PDF on screen: a canvas that paints the pieces the renderer delivered, in a
scroll area that tells it what is visible."""

from __future__ import annotations

import bisect
import logging
import math
from collections import OrderedDict
from collections.abc import Iterator
from enum import Enum

from PySide6.QtCore import (
    QEvent,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QScrollArea,
    QWidget,
)

from regiodesk.i18n import _
from ui.pdf_rendering import (
    CACHE_BYTES,
    GAP,
    MARGIN,
    MAX_CANVAS,
    PIXELS_PER_POINT,
    TILE,
    WHOLE_PAGE_PIXELS,
    ZOOM_STEP,
    Tile,
)

log = logging.getLogger(__name__)


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
