"""What every page needs, in one object handed to it: the store worker, who the user is,
navigation, undo, and the settings.  (No global main window.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from regiodesk.permissions import Actor
from regiodesk.settings import Identity, Settings, save_settings
from regiodesk.undo import UndoStack
from ui.worker import DbWorker, WriteResult


class AppContext(QObject):
    #: A page asks to show another page: (page key, what to show: an id, or None).
    navigate_requested = Signal(str, object)
    #: Undo/redo availability or labels changed.
    undo_changed = Signal()
    #: A short message for the status bar.
    status = Signal(str)
    #: The user chose to be someone else (every page reloads).
    identity_changed = Signal()

    def __init__(
        self,
        worker: DbWorker,
        settings: Settings,
        store_path: Path,
        identity: Identity,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.settings = settings
        self.store_path = store_path
        self.identity = identity
        self.undo_stack = UndoStack()
        worker.written.connect(self._remember_for_undo)

    @property
    def actor(self) -> Actor:
        return Actor(self.identity.person_id)

    @property
    def person_id(self) -> str:
        return self.identity.person_id

    def set_identity(self, identity: Identity) -> None:
        self.identity = identity
        self.settings.set_identity(self.store_path, identity)
        self.save_settings()
        self.undo_stack = UndoStack()  # another person's undo is not yours
        self.undo_changed.emit()
        self.identity_changed.emit()

    def navigate(self, page: str, target: Any = None) -> None:
        self.navigate_requested.emit(page, target)

    # Commands ---------------------------------------------------------------------------------

    def command(
        self,
        work: Callable[[Any], Any],
        label: str,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> int:
        """Run a core command on the worker; ``label`` names it for Undo."""
        return self.worker.write(work, on_done, on_error, label=label)

    def undo(self, on_error: Callable[[BaseException], None] | None = None) -> None:
        if self.undo_stack.can_undo:
            actor = self.person_id
            self.worker.write(
                lambda store: self.undo_stack.undo(store, actor),
                lambda _r: self.undo_changed.emit(),
                on_error,
            )

    def redo(self, on_error: Callable[[BaseException], None] | None = None) -> None:
        if self.undo_stack.can_redo:
            actor = self.person_id
            self.worker.write(
                lambda store: self.undo_stack.redo(store, actor),
                lambda _r: self.undo_changed.emit(),
                on_error,
            )

    def _remember_for_undo(self, result: WriteResult) -> None:
        if result.label and result.inverses:
            # The stack is changed on the worker thread only, in job order.
            self.worker.query(
                lambda _store: self.undo_stack.record(result.label, result.inverses),
                lambda _r: self.undo_changed.emit(),
            )

    def save_settings(self) -> None:
        save_settings(self.settings)
