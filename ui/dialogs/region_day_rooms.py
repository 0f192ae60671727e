"""The rooms of the Twente-dag: add a room, change its name or capacity, remove one that no
session or plenary block uses."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from regiodesk.commands.region_day import MAX_CAPACITY
from regiodesk.i18n import _, format_number
from regiodesk.queries.region_day import Room, overview
from ui.context import AppContext
from ui.dialogs.region_day_common import RegionDayDialog, confirm


class RoomsDialog(RegionDayDialog):
    def __init__(self, context: AppContext, day_id: str, parent: QWidget | None = None) -> None:
        super().__init__(context, day_id, parent)
        self.setWindowTitle(_("Rooms of the day"))
        self.resize(480, 420)
        self.rooms: list[Room] = []
        self.table = QTableWidget(0, 2)
        self.table.setAccessibleName(_("Rooms"))
        self.table.setHorizontalHeaderLabels([_("Room"), _("Capacity")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._chosen)
        self.name = QLineEdit()
        self.name.setAccessibleName(_("Name"))
        self.name.textChanged.connect(lambda _text: self._enable())
        self.capacity = QSpinBox()
        self.capacity.setAccessibleName(_("Capacity"))
        self.capacity.setRange(1, MAX_CAPACITY)
        self.capacity.setValue(30)
        form = QFormLayout()
        form.addRow(_("&Name:"), self.name)
        form.addRow(_("&Capacity:"), self.capacity)
        self.add_button = QPushButton(_("&Add"))
        self.add_button.clicked.connect(self.add)
        self.save_button = QPushButton(_("&Save"))
        self.save_button.setToolTip(_("Give the chosen room this name and capacity"))
        self.save_button.clicked.connect(self.save)
        self.remove_button = QPushButton(_("&Remove"))
        self.remove_button.clicked.connect(self.remove)
        actions = QHBoxLayout()
        actions.addWidget(self.add_button)
        actions.addWidget(self.save_button)
        actions.addStretch(1)
        actions.addWidget(self.remove_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._enable()
        self.reload()

    def reload(self) -> None:
        day_id = self.day_id
        self.load(lambda store: overview(store, day_id).rooms, self._show)

    def _show(self, rooms: list[Room]) -> None:
        chosen = self.current_room()
        self.rooms = rooms
        self.table.setRowCount(len(rooms))
        for row, room in enumerate(rooms):
            capacity = QTableWidgetItem(format_number(room.capacity))
            capacity.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 0, QTableWidgetItem(room.name))
            self.table.setItem(row, 1, capacity)
            if chosen is not None and room.id == chosen.id:
                self.table.selectRow(row)
        self._enable()

    def current_room(self) -> Room | None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        return self.rooms[row] if 0 <= row < len(self.rooms) else None

    def _chosen(self) -> None:
        room = self.current_room()
        if room is not None:
            self.name.setText(room.name)
            self.capacity.setValue(room.capacity)
        self._enable()

    def _enable(self) -> None:
        named = bool(self.name.text().strip())
        chosen = self.current_room() is not None
        self.add_button.setEnabled(named)
        self.save_button.setEnabled(named and chosen)
        self.remove_button.setEnabled(chosen)

    def add(self) -> None:
        from regiodesk.commands.region_day import add_room

        actor, day_id = self.context.actor, self.day_id
        name, capacity = self.name.text(), self.capacity.value()
        self.run(
            lambda store: add_room(store, actor, day_id, name, capacity),
            _("Add a room"),
            lambda _id: self._done(_("Room {name} added.").format(name=name.strip())),
        )

    def save(self) -> None:
        room = self.current_room()
        if room is None:
            return
        from regiodesk.commands.region_day import update_room

        actor, name, capacity = self.context.actor, self.name.text(), self.capacity.value()
        self.run(
            lambda store: update_room(store, actor, room.id, name, capacity),
            _("Change a room"),
            lambda _changed: self._done(_("Room {name} saved.").format(name=name.strip())),
        )

    def remove(self) -> None:
        room = self.current_room()
        if room is None or not confirm(self, _("Remove the room {name}?").format(name=room.name)):
            return
        from regiodesk.commands.region_day import remove_room

        actor = self.context.actor
        self.run(
            lambda store: remove_room(store, actor, room.id),
            _("Remove a room"),
            lambda _none: self._done(_("Room {name} removed.").format(name=room.name)),
        )

    def _done(self, text: str) -> None:
        self.say(text)
        self.reload()
