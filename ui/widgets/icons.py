"""Small touches of the look: a padlock drawn in code (the platform's standard icons have none),
and section headings."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLabel

LOCK_COLOUR = "#9a2a1c"


@cache
def lock_icon() -> QIcon:
    """A padlock: marks what is confidential."""
    icon = QIcon()
    for size in (16, 24, 32):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor(LOCK_COLOUR)
        unit = size / 16
        pen = QPen(colour, 1.8 * unit)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawArc(QRectF(4.5 * unit, 1.5 * unit, 7 * unit, 9 * unit), 0, 180 * 16)
        painter.drawLine(int(4.5 * unit), int(6 * unit), int(4.5 * unit), int(8 * unit))
        painter.drawLine(int(11.5 * unit), int(6 * unit), int(11.5 * unit), int(8 * unit))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(QRectF(2.5 * unit, 7 * unit, 11 * unit, 8 * unit), unit, unit)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def section_heading(text: str) -> QLabel:
    """A bold label above a list (give it a buddy for its mnemonic)."""
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    label.setContentsMargins(0, 6, 0, 2)
    return label
