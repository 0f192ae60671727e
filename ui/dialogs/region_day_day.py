"""The Twente-dag itself and its time slots: a new day (title, date, venue), or a day to change;
and its rounds and plenary blocks, each with its start and end and, for a plenary block, its
room.  The core checks every slot (within the day, no overlap, a round in use stays); a refusal
stays in place.  A new day gets its slots as soon as it is created, in the same dialog."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from regiodesk.errors import NotFound
from regiodesk.i18n import _
from regiodesk.model.enums import SlotKind
from regiodesk.queries.region_day import DayOverview, Slot, overview
from regiodesk.store import Store
from regiodesk.timeutil import AMSTERDAM, local_moment
from ui.context import AppContext
from ui.dialogs.region_day_common import RegionDayDialog, confirm
from ui.widgets.moment_edit import date_pattern
from ui.widgets.tables import read_only_table

KIND, TITLE, START, END, ROOM = range(5)

#: A new slot starts this long after the last one ends, and lasts an hour.
BREAK = timedelta(minutes=15)
LENGTH = timedelta(hours=1)


def _clock(moment: datetime) -> str:
    return f"{moment.astimezone(AMSTERDAM):%H:%M}"


def _qtime(moment: datetime) -> QTime:
    local = moment.astimezone(AMSTERDAM)
    return QTime(local.hour, local.minute)


class DayDialog(RegionDayDialog):
    """``day_id`` None: a new day; once created, ``day_created`` carries its id and the dialog
    goes on with its slots."""

    day_created = Signal(str)

    def __init__(
        self, context: AppContext, day_id: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, day_id or "", parent)
        self.day: DayOverview | None = None
        self.slots: list[Slot] = []
        self.resize(700, 680)
        layout = QVBoxLayout(self)
        layout.addWidget(self._make_day())
        layout.addWidget(self._make_slots(), 1)
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._titles()
        self._enable()
        if self.day_id:
            self.reload()
        else:
            self.title.setFocus()

    # Widgets ----------------------------------------------------------------------------------

    def _make_day(self) -> QGroupBox:
        box = QGroupBox(_("The day"))
        self.title = QLineEdit()
        self.title.setAccessibleName(_("Title"))
        self.title.setPlaceholderText(_("Twente-dag {year}").format(year=date.today().year + 1))
        self.title.textChanged.connect(lambda _text: self._enable())
        self.held_on = QDateEdit()
        self.held_on.setAccessibleName(_("Date"))
        self.held_on.setCalendarPopup(True)
        self.held_on.setDisplayFormat(date_pattern())
        later = date.today() + timedelta(days=90)
        self.held_on.setDate(QDate(later.year, later.month, later.day))
        self.venue = QLineEdit()
        self.venue.setAccessibleName(_("Venue"))
        self.venue.setPlaceholderText(_("Town, building"))
        self.save_day_button = QPushButton()
        self.save_day_button.setDefault(True)
        self.save_day_button.clicked.connect(self.save_day)
        form = QFormLayout(box)
        form.addRow(_("&Name:"), self.title)
        form.addRow(_("&Date:"), self.held_on)
        form.addRow(_("&Venue:"), self.venue)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_day_button)
        form.addRow(row)
        return box

    def _make_slots(self) -> QGroupBox:
        box = QGroupBox(_("Time slots: rounds and plenary blocks"))
        self.slots_box = box
        self.hint = QLabel(_("Create the day first; then add its rounds and plenary blocks here."))
        self.hint.setWordWrap(True)
        self.table = read_only_table(
            [_("Kind"), _("Title"), _("Start"), _("End"), _("Room")], _("Time slots"), stretch=TITLE
        )
        self.table.itemSelectionChanged.connect(self._chosen)
        layout = QVBoxLayout(box)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._make_slot_form())
        return box

    def _make_slot_form(self) -> QVBoxLayout:
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Kind"))
        for kind in SlotKind:
            self.kind.addItem(kind.label.capitalize(), kind)
        self.kind.currentIndexChanged.connect(lambda _index: self._enable())
        self.slot_title = QLineEdit()
        self.slot_title.setAccessibleName(_("Title of the slot"))
        self.slot_title.setPlaceholderText(_("Empty: a round is named by its number"))
        self.starts_at = QTimeEdit(QTime(9, 30))
        self.starts_at.setAccessibleName(_("Start"))
        self.starts_at.setDisplayFormat("HH:mm")
        self.ends_at = QTimeEdit(QTime(10, 30))
        self.ends_at.setAccessibleName(_("End"))
        self.ends_at.setDisplayFormat("HH:mm")
        self.room = QComboBox()
        self.room.setAccessibleName(_("Room of the plenary block"))
        self.room.setMinimumContentsLength(20)
        times = QHBoxLayout()
        times.addWidget(self.starts_at)
        times.addWidget(QLabel("–"))
        times.addWidget(self.ends_at)
        times.addStretch(1)
        form = QFormLayout()
        form.addRow(_("&Kind:"), self.kind)
        form.addRow(_("Tit&le:"), self.slot_title)
        times_label = QLabel(_("&From – to:"))
        times_label.setBuddy(self.starts_at)
        form.addRow(times_label, times)
        self.room_label = QLabel(_("&Room:"))
        self.room_label.setBuddy(self.room)
        form.addRow(self.room_label, self.room)
        self.add_button = QPushButton(_("&Add"))
        self.add_button.setToolTip(_("Add a slot with this kind, title and times"))
        self.add_button.clicked.connect(self.add_slot)
        self.save_button = QPushButton(_("&Save"))
        self.save_button.setToolTip(_("Give the chosen slot this kind, title and times"))
        self.save_button.clicked.connect(self.save_slot)
        self.remove_button = QPushButton(_("Re&move"))
        self.remove_button.setToolTip(_("Remove the chosen slot"))
        self.remove_button.clicked.connect(self.remove_slot)
        actions = QHBoxLayout()
        actions.addWidget(self.add_button)
        actions.addWidget(self.save_button)
        actions.addStretch(1)
        actions.addWidget(self.remove_button)
        layout = QVBoxLayout()
        layout.addLayout(form)
        layout.addLayout(actions)
        return layout

    def _titles(self) -> None:
        new = not self.day_id
        self.setWindowTitle(_("New Twente-dag") if new else _("Day and time slots"))
        self.save_day_button.setText(_("&Create the day") if new else _("Save the da&y"))
        self.hint.setVisible(new)

    # Loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        day_id = self.day_id
        self.load(lambda store: overview(store, day_id), self._show)

    def _show(self, day: DayOverview) -> None:
        first = self.day is None
        chosen = self.current_slot()
        self.day = day
        self.slots = day.slots
        if first:
            self.title.setText(day.title)
            self.held_on.setDate(QDate(day.held_on.year, day.held_on.month, day.held_on.day))
            self.venue.setText(day.venue)
        self.room.clear()
        self.room.addItem("–", None)
        for room in day.rooms:
            self.room.addItem(room.name, room.id)
        self.table.setRowCount(len(day.slots))
        for row, slot in enumerate(day.slots):
            cells = [
                slot.kind.label.capitalize(),
                slot.title,
                _clock(slot.starts_at),
                _clock(slot.ends_at),
                slot.room_name if slot.kind is SlotKind.PLENARY and slot.room_name else "–",
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
            if chosen is not None and slot.id == chosen.id:
                self.table.selectRow(row)
        if self.current_slot() is None:
            self._suggest()
        else:
            self._chosen()
        self._enable()

    def _suggest(self) -> None:
        """Times for the next slot: a quarter after the last one ends, for an hour."""
        if not self.slots:
            return
        start = self.slots[-1].ends_at + BREAK
        if start.astimezone(AMSTERDAM).date() != (start + LENGTH).astimezone(AMSTERDAM).date():
            return
        self.starts_at.setTime(_qtime(start))
        self.ends_at.setTime(_qtime(start + LENGTH))
        self.slot_title.clear()

    def current_slot(self) -> Slot | None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        return self.slots[row] if 0 <= row < len(self.slots) else None

    def _chosen(self) -> None:
        slot = self.current_slot()
        if slot is not None:
            self.kind.setCurrentIndex(max(self.kind.findData(slot.kind), 0))
            self.slot_title.setText(slot.title)
            self.starts_at.setTime(_qtime(slot.starts_at))
            self.ends_at.setTime(_qtime(slot.ends_at))
            self.room.setCurrentIndex(max(self.room.findData(slot.room_id), 0))
        self._enable()

    def _enable(self) -> None:
        exists = bool(self.day_id) and self.day is not None
        self.save_day_button.setEnabled(bool(self.title.text().strip()))
        self.slots_box.setEnabled(exists)
        plenary = self._kind() is SlotKind.PLENARY
        self.room.setEnabled(plenary)
        self.room_label.setEnabled(plenary)
        if not plenary:
            self.room.setCurrentIndex(0)
        chosen = self.current_slot() is not None
        self.save_button.setEnabled(exists and chosen)
        self.remove_button.setEnabled(exists and chosen)

    # Saving -----------------------------------------------------------------------------------

    def _held_on(self) -> date:
        chosen = self.held_on.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    def save_day(self) -> None:
        from regiodesk.commands.region_day import create_region_day, update_region_day
        from regiodesk.queries.summary import region_id

        actor, day_id = self.context.actor, self.day_id
        title, held_on, venue = self.title.text(), self._held_on(), self.venue.text()
        if day_id:
            self.run(
                lambda store: update_region_day(
                    store, actor, day_id, title=title, held_on=held_on, venue=venue
                ),
                _("Change the Twente-dag"),
                lambda _changed: self._done(_("The day is saved.")),
            )
            return

        def create(store: Store) -> str:
            region = region_id(store)
            if region is None:
                raise NotFound(kind=_("region"), id="-")
            return create_region_day(store, actor, region, title, held_on, venue)

        self.run(create, _("Create a Twente-dag"), self._created)

    def _created(self, day_id: str) -> None:
        self.day_id = day_id
        self._titles()
        self.day_created.emit(day_id)
        self.say(_("The day is created; now add its rounds and plenary blocks."))
        self.reload()
        self.kind.setFocus()

    def _kind(self) -> SlotKind:
        return SlotKind(self.kind.currentData() or SlotKind.ROUND)

    def _slot_values(self) -> tuple[SlotKind, str, datetime, datetime, str | None]:
        held_on = self.day.held_on if self.day is not None else self._held_on()
        start, end = self.starts_at.time(), self.ends_at.time()
        kind = self._kind()
        return (
            kind,
            self.slot_title.text(),
            local_moment(held_on, start.hour(), start.minute()),
            local_moment(held_on, end.hour(), end.minute()),
            self.room.currentData() if kind is SlotKind.PLENARY else None,
        )

    def add_slot(self) -> None:
        from regiodesk.commands.region_day import add_slot

        actor, day_id = self.context.actor, self.day_id
        kind, title, starts_at, ends_at, room_id = self._slot_values()
        self.run(
            lambda store: add_slot(store, actor, day_id, kind, title, starts_at, ends_at, room_id),
            _("Add a time slot"),
            lambda _id: self._added(),
        )

    def _added(self) -> None:
        self.table.clearSelection()
        self._done(_("Time slot added."))

    def save_slot(self) -> None:
        slot = self.current_slot()
        if slot is None:
            return
        from regiodesk.commands.region_day import update_slot

        actor = self.context.actor
        kind, title, starts_at, ends_at, room_id = self._slot_values()
        self.run(
            lambda store: update_slot(
                store, actor, slot.id, kind, title, starts_at, ends_at, room_id
            ),
            _("Change a time slot"),
            lambda _changed: self._done(_("Time slot {title} saved.").format(title=slot.title)),
        )

    def remove_slot(self) -> None:
        slot = self.current_slot()
        if slot is None:
            return
        question = _("Remove the time slot {title} ({start}–{end})?").format(
            title=slot.title, start=_clock(slot.starts_at), end=_clock(slot.ends_at)
        )
        if not confirm(self, question):
            return
        from regiodesk.commands.region_day import remove_slot

        actor = self.context.actor
        self.run(
            lambda store: remove_slot(store, actor, slot.id),
            _("Remove a time slot"),
            lambda _none: self._removed(slot.title),
        )

    def _removed(self, title: str) -> None:
        self.table.clearSelection()
        self._done(_("Time slot {title} removed.").format(title=title))

    def _done(self, text: str) -> None:
        self.say(text)
        self.reload()
