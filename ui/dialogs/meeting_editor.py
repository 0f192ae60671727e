"""Plan a meeting, or change one: title, start, end, location and chair.

The dialog runs the core's command itself and stays open with the core's words under the form
when it refuses (an end before the start, a meeting someone may not change).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from regiodesk.commands.meetings import create_meeting, update_meeting
from regiodesk.i18n import _
from regiodesk.queries.agenda import (
    MeetingHeader,
    PersonChoice,
    PfoChoice,
    people_of_pfo,
    usual_chair,
)
from regiodesk.store import Store
from regiodesk.timeutil import AMSTERDAM, utc_now
from ui.context import AppContext
from ui.widgets.error_label import ErrorLabel
from ui.widgets.lifetime import guarded
from ui.widgets.moment_edit import MomentEdit

DEFAULT_START_HOUR, DEFAULT_START_MINUTE = 9, 30
DEFAULT_LENGTH = timedelta(hours=2)


def _default_start() -> datetime:
    """The next working day, at half past nine."""
    day = utc_now().astimezone(AMSTERDAM).date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(
        day.year, day.month, day.day, DEFAULT_START_HOUR, DEFAULT_START_MINUTE, tzinfo=AMSTERDAM
    )


def _people(store: Store, pfo_id: str, on: date) -> tuple[list[PersonChoice], str | None]:
    return people_of_pfo(store, pfo_id, on), usual_chair(store, pfo_id)


class MeetingEditorDialog(QDialog):
    """A new meeting (give ``pfos``, the PFOs the user plans for) or a change to ``meeting``.
    Emits ``saved`` with the meeting's id once the store holds it."""

    saved = Signal(str)

    def __init__(
        self,
        context: AppContext,
        meeting: MeetingHeader | None = None,
        pfos: Sequence[PfoChoice] = (),
        pfo_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.meeting = meeting
        self.setWindowTitle(_("Change the meeting") if meeting else _("New meeting"))
        self.setMinimumWidth(480)
        self._people_generation = 0

        self.pfo = self._pfo_choice(meeting, pfos, pfo_id)
        self.title_edit = QLineEdit(meeting.title if meeting else "")
        self.title_edit.setAccessibleName(_("Title"))
        self.title_edit.setPlaceholderText(_("Optional, e.g. “Extra meeting on the budget”"))
        self.start = MomentEdit()
        self.start.setAccessibleName(_("Start"))
        self.end = MomentEdit()
        self.end.setAccessibleName(_("End"))
        starts = meeting.starts_at if meeting else _default_start()
        self.start.set_moment(starts)
        self.end.set_moment(meeting.ends_at if meeting else starts + DEFAULT_LENGTH)
        self._start_value = self.start.moment()
        self.start.dateTimeChanged.connect(self._start_moved)
        self.location = QLineEdit(meeting.location if meeting else "")
        self.location.setAccessibleName(_("Location"))
        self.chair = QComboBox()
        self.chair.setAccessibleName(_("Chair"))
        self.chair.addItem(_("(nobody yet)"), None)
        self.error = ErrorLabel()

        form = QFormLayout()
        form.addRow(_("&PFO:"), self.pfo)
        form.addRow(_("&Title:"), self.title_edit)
        form.addRow(_("&Start:"), self.start)
        form.addRow(_("&End:"), self.end)
        form.addRow(_("&Location:"), self.location)
        form.addRow(_("&Chair:"), self.chair)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Save") if meeting else _("Plan meeting"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if meeting is not None:
            reference = QLabel(_("Meeting {reference}").format(reference=meeting.reference))
            layout.addWidget(reference)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.pfo.currentIndexChanged.connect(self._load_people)
        self._load_people()
        (self.title_edit if meeting else self.pfo).setFocus()

    @staticmethod
    def _pfo_choice(
        meeting: MeetingHeader | None, pfos: Sequence[PfoChoice], pfo_id: str | None
    ) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(_("PFO"))
        if meeting is not None:
            combo.addItem(meeting.pfo_name, meeting.pfo_id)
            combo.setEnabled(False)  # a meeting stays with its PFO
            return combo
        for pfo in pfos:
            combo.addItem(pfo.name, pfo.id)
        if pfo_id is not None and combo.findData(pfo_id) >= 0:
            combo.setCurrentIndex(combo.findData(pfo_id))
        return combo

    # People -----------------------------------------------------------------------------------

    def _load_people(self) -> None:
        pfo_id = self.pfo.currentData()
        if pfo_id is None:
            self.ok_button.setEnabled(False)
            return
        self._people_generation += 1
        generation, on = self._people_generation, self.start.moment().date()
        self.context.worker.query(
            lambda store: _people(store, pfo_id, on),
            guarded(self, lambda found: self._show_people(generation, *found)),
            guarded(self, self.error.show_error),
        )

    def _show_people(self, generation: int, people: list[PersonChoice], usual: str | None) -> None:
        if generation != self._people_generation:
            return
        wanted = [self.meeting.chair_id] if self.meeting else [self.chair.currentData(), usual]
        while self.chair.count() > 1:
            self.chair.removeItem(1)
        for person in people:
            label = f"{person.name} ({person.detail})" if person.detail else person.name
            self.chair.addItem(label, person.id)
        if self.meeting and self.meeting.chair_id and self.chair.findData(wanted[0]) < 0:
            # The chair is no longer a member: keep them rather than drop them silently.
            self.chair.addItem(self.meeting.chair_name, self.meeting.chair_id)
        indexes = [self.chair.findData(person) for person in wanted if person]
        self.chair.setCurrentIndex(next((index for index in indexes if index >= 0), 0))

    def _start_moved(self) -> None:
        """Moving the start moves the end with it (the meeting keeps its length)."""
        new = self.start.moment()
        self.end.set_moment(self.end.moment() + (new - self._start_value))
        self._start_value = new

    # Saving -----------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title_edit.text().strip(),
            "starts_at": self.start.moment(),
            "ends_at": self.end.moment(),
            "location": self.location.text().strip(),
            "chair_id": self.chair.currentData(),
        }

    def submit(self) -> None:
        self.error.clear_error()
        values = self.values()
        actor = self.context.actor
        meeting = self.meeting
        if meeting is None:
            pfo_id = self.pfo.currentData()
            label = _("Plan a meeting")

            def work(store: Store) -> str:
                return create_meeting(store, actor, pfo_id, secretary_id=actor.person_id, **values)

        else:
            current = {
                "title": meeting.title,
                "starts_at": meeting.starts_at,
                "ends_at": meeting.ends_at,
                "location": meeting.location,
                "chair_id": meeting.chair_id,
            }
            changed = {key: value for key, value in values.items() if value != current[key]}
            if not changed:
                self.accept()
                return
            label = _("Change the meeting")

            def work(store: Store) -> str:
                update_meeting(store, actor, meeting.id, **changed)
                return meeting.id

        self.ok_button.setEnabled(False)
        self.context.command(work, label, guarded(self, self._saved), guarded(self, self._refused))

    def _saved(self, meeting_id: str) -> None:
        self.saved.emit(meeting_id)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.error.show_error(error)
