"""Actions with a shortcut that works inside one widget, and tooltips that name the shortcut."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolButton, QWidget


def tip(text: str, shortcut: QKeySequence | str | None) -> str:
    """A tooltip that ends with the shortcut as the platform writes it: "Publish (Ctrl+Shift+U)"."""
    sequence = QKeySequence(shortcut) if shortcut is not None else QKeySequence()
    if sequence.isEmpty():
        return text
    return f"{text} ({sequence.toString(QKeySequence.SequenceFormat.NativeText)})"


class LocalAction(QAction):
    """An action whose shortcut works while the focus is in ``owner`` (or its children); its
    tooltip is the normal one, or why it is not available."""

    def __init__(
        self,
        owner: QWidget,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        help_text: str,
        slot: Callable[[], object],
    ) -> None:
        super().__init__(text, owner)
        self.set_text(text)
        if shortcut is not None:
            sequence = QKeySequence(shortcut)
            self.setShortcut(sequence)
            self.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.help_text = tip(help_text, self.shortcut() if shortcut is not None else None)
        self.setToolTip(self.help_text)
        self.triggered.connect(lambda _checked=False: slot())
        owner.addAction(self)

    def set_text(self, text: str) -> None:
        """Change the text, and the button's (which drops the mnemonic but keeps the "…")."""
        self.setText(text)
        self.setIconText(text.replace("&&", "\0").replace("&", "").replace("\0", "&"))

    def allow(self, allowed: bool, why_not: str = "") -> None:
        """Enable the action, or disable it and say why (in its tooltip)."""
        self.setEnabled(allowed)
        self.setToolTip(self.help_text if allowed or not why_not else why_not)

    def button(self, accessible_name: str | None = None) -> QToolButton:
        """A button for the action (its text, enabled state and tooltip follow the action)."""
        button = QToolButton()
        button.setDefaultAction(self)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setAccessibleName(accessible_name or self.iconText().rstrip("…"))
        return button
