"""The agenda of a meeting with what an editor does to it: add, change, remove, reorder (by drag
and drop, or Ctrl+Up / Ctrl+Down), mark confidential, attach papers to an item."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from regiodesk.commands.agenda import move_agenda_item, remove_agenda_item, update_agenda_item
from regiodesk.i18n import _
from regiodesk.permissions import Actor
from regiodesk.queries.agenda import MeetingView, agenda_items
from regiodesk.store import Store
from ui.context import AppContext
from ui.widgets import file_choice
from ui.widgets.agenda_list import AgendaList
from ui.widgets.error_label import ErrorLabel
from ui.widgets.icons import section_heading
from ui.widgets.lifetime import open_dialog
from ui.widgets.shortcuts import LocalAction


def move_by(store: Store, actor: Actor, meeting_id: str, item_id: str, delta: int) -> None:
    """Move an item ``delta`` places from where the store has it now (so that quick repeated
    presses each move it one more place)."""
    order = [item.id for item in agenda_items(store, meeting_id)]
    if item_id not in order:
        return
    new_index = order.index(item_id) + delta
    if 0 <= new_index < len(order):
        move_agenda_item(store, actor, item_id, new_index)


class AgendaPanel(QWidget):
    #: Files to attach: (paths, agenda item id or None for the meeting); the documents panel
    #: does it.
    attach_requested = Signal(list, object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.view: MeetingView | None = None
        self.editable = False
        self.why_not = ""
        self.active_dialog: QWidget | None = None
        self._select_next: str | None = None

        heading = section_heading(_("A&genda"))
        self.list = AgendaList()
        heading.setBuddy(self.list)
        self.list.open_requested.connect(lambda item_id: context.navigate("agenda_item", item_id))
        self.list.agenda.move_requested.connect(self.move_to)
        self.list.agenda.files_dropped.connect(self.attach_requested.emit)
        self.error = ErrorLabel()
        self.summary = QLabel()
        self.summary.setAccessibleName(_("Agenda summary"))

        self.add_action = LocalAction(
            self, _("&Add item…"), "Ctrl+Shift+N", _("Add an item to the agenda"), self.add_item
        )
        self.edit_action = LocalAction(
            self.list, _("&Change…"), "F2", _("Change the item"), self.edit_item
        )
        self.up_action = LocalAction(
            self.list, _("Move &up"), "Ctrl+Up", _("Move the item up"), lambda: self.move(-1)
        )
        self.down_action = LocalAction(
            self.list, _("Move do&wn"), "Ctrl+Down", _("Move the item down"), lambda: self.move(1)
        )
        self.confidential_action = LocalAction(
            self.list,
            _("Con&fidential"),
            "Ctrl+Shift+C",
            _("Mark the item confidential (left out of the public decision list)"),
            self.toggle_confidential,
        )
        self.confidential_action.setCheckable(True)
        self.attach_action = LocalAction(
            self.list,
            _("Attach &paper…"),
            "Ctrl+Shift+P",
            _("Attach files to the item (or drop them on it)"),
            self.choose_and_attach,
        )
        self.remove_action = LocalAction(
            self.list,
            _("&Remove"),
            QKeySequence.StandardKey.Delete,
            _("Remove the item from the agenda"),
            self.remove_item,
        )
        self.list.selectionModel().currentRowChanged.connect(lambda *_a: self._update_actions())

        buttons = QHBoxLayout()
        for action, name in (
            (self.add_action, _("Add agenda item")),
            (self.edit_action, _("Change agenda item")),
            (self.up_action, _("Move agenda item up")),
            (self.down_action, _("Move agenda item down")),
            (self.confidential_action, _("Agenda item confidential")),
            (self.attach_action, _("Attach paper to agenda item")),
            (self.remove_action, _("Remove agenda item")),
        ):
            buttons.addWidget(action.button(name))
        buttons.addStretch(1)
        buttons.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self._update_actions()

    def set_meeting(self, view: MeetingView, editable: bool, why_not: str) -> None:
        self.view, self.editable, self.why_not = view, editable, why_not
        self.list.set_editable(editable)
        self.list.set_items(view.items)
        if self._select_next:
            self.list.select_item(self._select_next)
            self._select_next = None
        minutes = sum(item.planned_minutes for item in view.items)
        self.summary.setText(
            _("{count} items, {minutes} minutes planned").format(
                count=len(view.items), minutes=minutes
            )
        )
        self._update_actions()

    def _update_actions(self) -> None:
        item = self.list.current_item()
        row = self.list.currentIndex().row() if item else -1
        count = len(self.view.items) if self.view else 0
        chosen = _("Choose an item first.")
        self.add_action.allow(self.view is not None and self.editable, self.why_not)
        for action, possible in (
            (self.edit_action, item is not None),
            (self.remove_action, item is not None),
            (self.confidential_action, item is not None),
            (self.attach_action, item is not None),
            (self.up_action, row > 0),
            (self.down_action, 0 <= row < count - 1),
        ):
            if self.editable:
                action.allow(possible, chosen)
            else:
                action.allow(False, self.why_not)
        self.confidential_action.setChecked(bool(item and item.confidential))

    # Commands ---------------------------------------------------------------------------------

    def add_item(self) -> None:
        self._editor(None)

    def edit_item(self) -> None:
        item = self.list.current_item()
        if item is not None:
            self._editor(item.id)

    def _editor(self, item_id: str | None) -> None:
        if self.view is None or not self.editable:
            return
        from ui.dialogs.agenda_item_editor import AgendaItemEditorDialog

        item = next((i for i in self.view.items if i.id == item_id), None)
        dialog = AgendaItemEditorDialog(self.context, self.view.header, item, self)
        dialog.saved.connect(self._remember_selection)
        self.active_dialog = open_dialog(self.active_dialog, dialog)

    def _remember_selection(self, item_id: str) -> None:
        self._select_next = item_id
        self.list.select_item(item_id)

    def move(self, delta: int) -> None:
        item = self.list.current_item()
        if item is None or self.view is None:
            return
        actor, meeting_id = self.context.actor, self.view.header.id
        self.error.clear_error()
        self.context.command(
            lambda store: move_by(store, actor, meeting_id, item.id, delta),
            _("Move agenda item"),
            on_error=self.error.show_error,
        )

    def move_to(self, item_id: str, new_index: int) -> None:
        """Put an item at a place on the agenda (a drag and drop asks for this)."""
        actor = self.context.actor
        self._select_next = item_id
        self.error.clear_error()
        self.context.command(
            lambda store: move_agenda_item(store, actor, item_id, new_index),
            _("Move agenda item"),
            on_error=self.error.show_error,
        )

    def toggle_confidential(self) -> None:
        item = self.list.current_item()
        if item is None:
            return
        actor, confidential = self.context.actor, not item.confidential
        label = _("Mark item confidential") if confidential else _("Mark item public")
        self.context.command(
            lambda store: update_agenda_item(store, actor, item.id, confidential=confidential),
            label,
            on_error=self.error.show_error,
        )

    def remove_item(self) -> None:
        item = self.list.current_item()
        if item is None:
            return
        actor = self.context.actor
        self.context.command(
            lambda store: remove_agenda_item(store, actor, item.id),
            _("Remove agenda item"),
            lambda _r: self.context.status.emit(
                _("“{title}” removed from the agenda (Undo brings it back).").format(
                    title=item.title
                )
            ),
            self.error.show_error,
        )

    def choose_and_attach(self) -> None:
        item = self.list.current_item()
        if item is None:
            return
        paths = file_choice.choose_files(
            self.context, self, _("Attach papers to “{title}”").format(title=item.title)
        )
        if paths:
            self.attach_requested.emit(paths, item.id)
