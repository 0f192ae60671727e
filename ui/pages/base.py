"""What a page is: a widget with a title, that loads its data off the GUI thread and refreshes
itself when a write changed something it shows."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtWidgets import QWidget

from regiodesk.changelog.writer import Changes
from ui.context import AppContext


class Page(QWidget):
    #: The key by which pages ask for each other (``context.navigate(key, target)``).
    key: ClassVar[str] = ""
    #: Tables whose changes make this page reload.
    watches: ClassVar[tuple[str, ...]] = ()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.target: Any = None
        self._stale = True
        context.worker.changed.connect(self._on_changes)
        context.identity_changed.connect(self._on_identity)

    def title(self) -> str:
        raise NotImplementedError

    def show_target(self, target: Any) -> None:
        """Show what the page was navigated to (an id, or None for its default view)."""
        self.target = target
        self._stale = False
        self.reload()

    def reload(self) -> None:
        """Ask the worker for this page's data; fill the widgets when it arrives."""
        raise NotImplementedError

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.reload()

    def _on_identity(self) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def _on_changes(self, changes: Changes) -> None:
        if self.watches and not changes.touches(*self.watches):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True
