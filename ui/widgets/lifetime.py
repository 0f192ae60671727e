"""Widgets that may be gone when an answer arrives.

A page keeps the dialog it opened (as its child, so Qt deletes it on the GUI thread) until it
opens the next one; an answer from the worker for a dialog that is gone by then is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog


def alive(widget: QObject | None) -> bool:
    return widget is not None and shiboken6.isValid(widget)


def guarded(widget: QObject, callback: Callable[..., Any]) -> Callable[..., None]:
    """``callback``, unless ``widget`` has been deleted by the time it is called."""

    def call(*args: Any) -> None:
        if shiboken6.isValid(widget):
            callback(*args)

    return call


def open_dialog(previous: QDialog | QObject | None, dialog: QDialog) -> QDialog:
    """Show ``dialog`` (window-modal) and let the previous one go; returns ``dialog``."""
    if alive(previous) and previous is not dialog:
        assert previous is not None
        previous.deleteLater()
    dialog.open()
    return dialog
