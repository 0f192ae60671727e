"""My private note on an agenda item, saved by itself: shortly after typing stops, when the field
loses focus, and when the page is left.  Nothing typed is lost: a failed save keeps the text in
the editor (also when another item is shown meanwhile) and says why, in place."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFocusEvent, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from regiodesk.commands.notes import save_private_note
from regiodesk.errors import RegioDeskError
from regiodesk.i18n import DISPLAY_ZONE, _, format_datetime, format_when
from regiodesk.queries.item import PrivateNoteView, private_note
from regiodesk.store import Store
from ui.context import AppContext
from ui.errors import describe

log = logging.getLogger(__name__)

#: Save this long after the last keystroke.
AUTOSAVE_MS = 800
ERROR_STYLE = "color: #b3261e;"


class _NoteText(QPlainTextEdit):
    focus_left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt)
        super().focusOutEvent(event)
        self.focus_left.emit()


class NoteEditor(QWidget):
    """The signed-in person's own note on the item shown (``show_note``)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.item_id: str | None = None
        self._saved_text = ""  # what the store holds for the item shown
        self._saving: str | None = None  # the text of the save under way
        self._again = False  # save once more when the save under way is done
        self._loading = False
        #: Texts of items no longer shown whose save failed: shown again when they come back.
        self._unsaved: dict[str, str] = {}

        self.label = QLabel(_("My &private note (only you can see it)"))
        self.text = _NoteText()
        self.text.setAccessibleName(_("My private note"))
        self.text.setPlaceholderText(_("Your own preparation: questions, points to raise…"))
        self.text.setTabChangesFocus(True)
        self.label.setBuddy(self.text)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Note status"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)
        self.text.textChanged.connect(self._typed)
        self.text.focus_left.connect(self.flush)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.status)
        self.setEnabled(False)

    # What is shown ------------------------------------------------------------------------------

    def show_note(self, item_id: str, note: PrivateNoteView) -> None:
        """Show the note of an item, or fresher data of the note shown (kept while unsaved)."""
        if item_id != self.item_id:
            self.flush()
            self.item_id = item_id
            self._saved_text = note.text
            self._set_text(self._unsaved.pop(item_id, note.text))
            self.setEnabled(True)
            if self.is_dirty():
                self._show_status(_("Not saved yet."))
                self._timer.start()
            else:
                self._show_saved(note.updated_at)
            return
        if self._saving is None and not self.is_dirty() and note.text != self._saved_text:
            self._saved_text = note.text  # changed elsewhere (undo, sync): show the store's text
            self._set_text(note.text)
            self._show_saved(note.updated_at)

    def _set_text(self, text: str) -> None:
        self._loading = True
        try:
            self.text.setPlainText(text)
            self.text.moveCursor(QTextCursor.MoveOperation.End)
        finally:
            self._loading = False

    def is_dirty(self) -> bool:
        return self.item_id is not None and self.text.toPlainText() != self._saved_text

    # Saving -------------------------------------------------------------------------------------

    def _typed(self) -> None:
        if self._loading or self.item_id is None:
            return
        if self.is_dirty():
            self._show_status(_("Not saved yet."))
        self._timer.start()

    def flush(self) -> None:
        """Save now if the text differs from what is stored."""
        self._timer.stop()
        if not self.is_dirty() or self.item_id is None:
            return
        if self._saving is not None:
            self._again = True
            return
        item_id, text, actor = self.item_id, self.text.toPlainText(), self.context.actor
        self._saving = text

        def work(store: Store) -> PrivateNoteView:
            save_private_note(store, actor, item_id, text)
            return private_note(store, actor.person_id, item_id)

        self._show_status(_("Saving…"))
        self.context.command(
            work,
            label=_("Edit my private note"),
            on_done=lambda note: self._saved(item_id, note),
            on_error=lambda error: self._failed(item_id, text, error),
        )

    def _saved(self, item_id: str, note: PrivateNoteView) -> None:
        self._saving = None
        again, self._again = self._again, False
        if item_id != self.item_id:
            return
        self._saved_text = note.text
        if self.is_dirty():
            if again:
                self.flush()
            else:
                self._show_status(_("Not saved yet."))
        else:
            self._show_saved(note.updated_at)

    def _failed(self, item_id: str, text: str, error: BaseException) -> None:
        self._saving = None
        self._again = False
        if not isinstance(error, RegioDeskError):
            log.error("saving a private note failed", exc_info=error)
        if item_id != self.item_id:
            self._unsaved[item_id] = text
            message = _("Your note on the previous item was not saved: {error}").format(
                error=describe(error)
            )
        else:
            message = _("Not saved: {error} Your text is kept; it is saved again when you type.")
            message = message.format(error=describe(error))
        self._show_status(message, error=True)

    # Showing the state --------------------------------------------------------------------------

    def _show_saved(self, updated_at: datetime | None) -> None:
        if updated_at is None:
            self._show_status(_("Saved automatically as you type."))
        elif updated_at.astimezone(DISPLAY_ZONE).date() == datetime.now(DISPLAY_ZONE).date():
            when = format_datetime(updated_at, "HH:mm")
            self._show_status(_("Saved at {time}").format(time=when))
        else:
            self._show_status(_("Last saved {when}").format(when=format_when(updated_at)))

    def _show_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setAccessibleDescription(text)
        self.text.setAccessibleDescription(text if error else "")

    def hideEvent(self, event: Any) -> None:  # noqa: N802 (Qt)
        """Leaving the page saves first."""
        self.flush()
        super().hideEvent(event)
