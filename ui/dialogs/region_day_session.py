"""A session of the Twente-dag, new or changed: its code and topic, the PFO or initiative it
comes from, its host, its room and the rounds it runs in.  The dialog closes once the core has
saved it; a refusal stays in place."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from regiodesk.commands.region_day import SessionSpec
from regiodesk.i18n import _, format_number
from regiodesk.queries.region_day import (
    Choice,
    DayOverview,
    SetupChoices,
    overview,
    setup_choices,
)
from regiodesk.store import Store
from regiodesk.timeutil import AMSTERDAM
from ui.context import AppContext
from ui.dialogs.region_day_common import RegionDayDialog


@dataclass(frozen=True)
class _Data:
    day: DayOverview
    choices: SetupChoices


def _fill(combo: QComboBox, choices: list[Choice], wanted: str | None) -> None:
    combo.clear()
    combo.addItem("–", None)
    for choice in choices:
        combo.addItem(choice.name, choice.id)
    combo.setCurrentIndex(max(combo.findData(wanted), 0) if wanted else 0)


class SessionDialog(RegionDayDialog):
    """``session_id`` None: a new session."""

    def __init__(
        self,
        context: AppContext,
        day_id: str,
        session_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, day_id, parent)
        self.session_id = session_id
        self.setWindowTitle(_("New session") if session_id is None else _("Change the session"))
        self.resize(520, 460)
        self.code = QLineEdit()
        self.code.setAccessibleName(_("Code"))
        self.code.setMaxLength(8)
        self.code.setPlaceholderText(_("A, B, …"))
        self.topic = QLineEdit()
        self.topic.setAccessibleName(_("Topic"))
        self.description = QPlainTextEdit()
        self.description.setAccessibleName(_("Description"))
        self.description.setFixedHeight(64)
        self.pfo = QComboBox()
        self.pfo.setAccessibleName(_("PFO"))
        self.initiative = QComboBox()
        self.initiative.setAccessibleName(_("Initiative"))
        self.host = QComboBox()
        self.host.setAccessibleName(_("Host"))
        self.room = QComboBox()
        self.room.setAccessibleName(_("Room"))
        for combo in (self.pfo, self.initiative, self.host, self.room):
            combo.setMinimumContentsLength(24)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        self.rounds_row = QHBoxLayout()
        self.round_boxes: list[QCheckBox] = []
        form = QFormLayout()
        form.addRow(_("&Code:"), self.code)
        form.addRow(_("&Topic:"), self.topic)
        form.addRow(_("&Description:"), self.description)
        form.addRow(_("&PFO:"), self.pfo)
        form.addRow(_("&Initiative:"), self.initiative)
        form.addRow(_("&Host:"), self.host)
        form.addRow(_("&Room:"), self.room)
        form.addRow(_("Rounds:"), self.rounds_row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        day_id = self.day_id
        self.load(lambda store: self._read(store, day_id), self._show)

    @staticmethod
    def _read(store: Store, day_id: str) -> _Data:
        return _Data(overview(store, day_id), setup_choices(store, day_id))

    def _show(self, data: _Data) -> None:
        session = next((s for s in data.day.sessions if s.id == self.session_id), None)
        if session is not None:
            self.code.setText(session.code)
            self.topic.setText(session.topic)
            self.description.setPlainText(session.description)
        _fill(self.pfo, data.choices.pfos, session.pfo_id if session else None)
        _fill(self.initiative, data.choices.initiatives, session.initiative_id if session else None)
        _fill(self.host, data.choices.hosts, session.host_id if session else None)
        rooms = [
            Choice(room.id, f"{room.name} ({format_number(room.capacity)})")
            for room in data.day.rooms
        ]
        _fill(self.room, rooms, session.room_id if session else None)
        for slot in data.day.rounds:
            box = QCheckBox(f"{slot.title} ({slot.starts_at.astimezone(AMSTERDAM):%H:%M})")
            box.setProperty("slot_id", slot.id)
            box.setChecked(session is not None and slot.id in session.round_ids)
            self.rounds_row.addWidget(box)
            self.round_boxes.append(box)
        self.rounds_row.addStretch(1)
        self.save_button.setEnabled(True)

    def spec(self) -> SessionSpec:
        return SessionSpec(
            code=self.code.text(),
            topic=self.topic.text(),
            description=self.description.toPlainText(),
            pfo_id=self.pfo.currentData(),
            initiative_id=self.initiative.currentData(),
            host_id=self.host.currentData(),
            room_id=self.room.currentData(),
            round_ids=tuple(
                str(box.property("slot_id")) for box in self.round_boxes if box.isChecked()
            ),
        )

    def save(self) -> None:
        from regiodesk.commands.region_day import add_session, update_session

        actor, day_id, session_id, spec = (
            self.context.actor,
            self.day_id,
            self.session_id,
            self.spec(),
        )

        def work(store: Store) -> str:
            if session_id is None:
                return add_session(store, actor, day_id, spec)
            update_session(store, actor, session_id, spec)
            return session_id

        label = _("Add a session") if session_id is None else _("Change a session")
        self.run(work, label, lambda _id: self.accept())
