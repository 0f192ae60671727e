"""The look: the platform's style, light or dark as the system says, and a few touches."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

STYLE_SHEET = """
QLabel#pageHeading { font-size: 17pt; font-weight: 600; padding: 4px 0 8px 0; }
QListWidget#navigation::item { padding: 8px 6px; }
"""


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setStyleSheet(STYLE_SHEET)
