"""The speakers' queue of the current item: add a municipality or a person, give the floor to
the next, take someone off; the speaking time runs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from regiodesk.commands.session import add_speaker, next_speaker, remove_speaker
from regiodesk.i18n import _
from regiodesk.queries.session import AttendanceLine, Choice, Speaker
from ui.models.session_models import SpeakersModel
from ui.widgets.session_common import KeyTable, Runner, legend, panel_title


class SpeakersPanel(QWidget):
    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.item_id: str | None = None
        self.speakers: list[Speaker] = []
        self.model = SpeakersModel(self)
        self.table = KeyTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Speakers"))
        self.table.keys[Qt.Key.Key_N] = lambda _row: self.next()
        self.table.keys[Qt.Key.Key_Delete] = self.remove
        self.table.keys[Qt.Key.Key_Insert] = lambda _row: self.chooser.setFocus()
        self.table.keys[Qt.Key.Key_Plus] = lambda _row: self.chooser.setFocus()
        self.table.rowless = {Qt.Key.Key_Insert, Qt.Key.Key_Plus, Qt.Key.Key_N}

        self.chooser = QComboBox()
        self.chooser.setEditable(True)
        self.chooser.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.chooser.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.chooser.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.chooser.setAccessibleName(_("Add a speaker"))
        self.chooser.lineEdit().setPlaceholderText(_("Add a speaker: type a name, Enter"))
        self.chooser.lineEdit().returnPressed.connect(self.add)
        self.speaking = QLabel()
        self.speaking.setAccessibleName(_("Speaking now"))

        top = QHBoxLayout()
        top.addWidget(panel_title(_("Speakers (Alt+3)")))
        top.addStretch(1)
        top.addWidget(self.speaking)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.chooser)
        layout.addWidget(self.table, 1)
        layout.addWidget(
            legend([(_("Ins"), _("add")), ("N", _("next speaker")), (_("Del"), _("remove"))])
        )

    def set_choices(
        self, attendance: tuple[AttendanceLine, ...], people: tuple[Choice, ...]
    ) -> None:
        wanted = [(line.municipality, ("m", line.municipality_id)) for line in attendance]
        wanted += [(person.name, ("p", person.id)) for person in people]
        if [self.chooser.itemText(i) for i in range(self.chooser.count())] == [
            w[0] for w in wanted
        ]:
            return
        text = self.chooser.currentText()
        self.chooser.clear()
        for name, data in wanted:
            self.chooser.addItem(name, data)
        self.chooser.setCurrentIndex(-1)
        self.chooser.setEditText(text)

    def set_speakers(self, item_id: str | None, speakers: tuple[Speaker, ...]) -> None:
        if (item_id, list(speakers)) == (self.item_id, self.speakers):
            return
        row = self.table.current_row()
        self.item_id = item_id
        self.speakers = list(speakers)
        self.model.set_rows(speakers)
        self.table.select_row(max(row, 0))
        self.refresh_timers()

    def refresh_timers(self) -> None:
        self.model.refresh_timers()
        now = next((s for s in self.speakers if s.speaking), None)
        self.speaking.setText(
            _("Speaking: {name}").format(name=now.name) if now is not None else ""
        )

    def add(self) -> None:
        index = self.chooser.findText(self.chooser.currentText(), Qt.MatchFlag.MatchFixedString)
        if index < 0 or self.item_id is None:
            self.runner.error.show_error(_("Choose a municipality or a person from the list."))
            return
        kind, the_id = self.chooser.itemData(index)
        item, actor = self.item_id, self.runner.actor
        self.chooser.setCurrentIndex(-1)
        self.chooser.setEditText("")
        self.runner.run(
            lambda store: add_speaker(
                store,
                actor,
                item,
                municipality_id=the_id if kind == "m" else None,
                person_id=the_id if kind == "p" else None,
            ),
            _("Add speaker"),
        )

    def next(self) -> None:
        if self.item_id is None:
            return
        item, actor = self.item_id, self.runner.actor
        self.runner.run(lambda store: next_speaker(store, actor, item), _("Next speaker"))

    def remove(self, row: int) -> None:
        turn, actor = self.speakers[row].id, self.runner.actor
        self.runner.run(lambda store: remove_speaker(store, actor, turn), _("Remove speaker"))
