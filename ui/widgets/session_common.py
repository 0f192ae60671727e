"""What the session page's panels share: a table that answers single keys, a runner that sends
the chair's commands to the worker and shows a refusal in place, and small text helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

from regiodesk.i18n import _
from regiodesk.permissions import Actor
from regiodesk.store import Store
from ui.context import AppContext
from ui.widgets.error_label import ErrorLabel

LEGEND_STYLE = "color: palette(placeholder-text); font-size: 9pt;"
PANEL_TITLE_STYLE = "font-weight: 600; font-size: 11pt;"


def minutes_text(seconds: int) -> str:
    """``mm:ss`` (``h:mm:ss`` from an hour), never negative."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def panel_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(PANEL_TITLE_STYLE)
    return label


def legend(pairs: list[tuple[str, str]]) -> QLabel:
    """A line that says which key does what: "P present · R represented · ..."."""
    label = QLabel("  ·  ".join(f"<b>{key}</b> {text}" for key, text in pairs))
    label.setWordWrap(True)
    label.setStyleSheet(LEGEND_STYLE)
    label.setAccessibleName(_("Keys"))
    return label


class Runner(QObject):
    """Runs the chair's commands on the worker; a refusal shows in the page's error label."""

    #: A command of the session was done (the page reloads through the change signal anyway).
    done = Signal()

    def __init__(self, context: AppContext, error: ErrorLabel, parent: QObject | None = None):
        super().__init__(parent)
        self.context = context
        self.error = error

    @property
    def actor(self) -> Actor:
        return self.context.actor

    def run(
        self,
        work: Callable[[Store], Any],
        label: str = "",
        on_done: Callable[[Any], None] | None = None,
    ) -> int:
        self.error.clear_error()

        def finished(value: Any) -> None:
            if on_done is not None:
                on_done(value)
            self.done.emit()

        return self.context.command(work, label, finished, self.error.show_error)


class KeyTable(QTableView):
    """A table whose rows answer single keys (no modifier): ``keys`` maps a key to a handler of
    the current row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keys: dict[int, Callable[[int], None]] = {}
        #: Keys that work on an empty table too (their handler gets row -1).
        self.rowless: set[int] = set()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.setWordWrap(False)

    def current_row(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int) -> None:
        model = self.model()
        if model is None or model.rowCount() == 0:
            return
        row = max(0, min(row, model.rowCount() - 1))
        self.setCurrentIndex(model.index(row, 0))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        handler = self.keys.get(event.key()) if plain == Qt.KeyboardModifier.NoModifier else None
        if handler is not None and (self.current_row() >= 0 or event.key() in self.rowless):
            handler(self.current_row())
            event.accept()
            return
        super().keyPressEvent(event)
