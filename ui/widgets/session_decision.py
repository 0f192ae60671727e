"""The decision on the current item: its text (from a template per item kind; saved as it is
typed, a moment after each pause and when the field loses focus), the outcome, the participants
of a coalition (drawn from the positions), whether it goes to the councils, and its actions."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from regiodesk.commands.actions import add_action
from regiodesk.commands.session import decide_item, decision_template, save_decision_draft
from regiodesk.i18n import _
from regiodesk.model.enums import DecisionOutcome, ItemKind
from regiodesk.queries.session import AttendanceLine, Choice, DecisionState, RollCall, SessionItem
from ui.widgets.session_common import Runner, legend, panel_title

AUTOSAVE_MS = 600


class DecisionText(QPlainTextEdit):
    focus_lost = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt)
        super().focusOutEvent(event)
        self.focus_lost.emit()


class DecisionEditor(QWidget):
    #: The text as it is typed (the projector follows it).
    text_changed = Signal(str)

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.meeting_id = ""
        self.item: SessionItem | None = None
        self.roll_call: RollCall | None = None
        self.state: DecisionState | None = None
        self._saved_text = ""
        self._loading = False
        self._participants_shown: list[tuple[str, bool]] = []

        self.text = DecisionText()
        self.text.setAccessibleName(_("Decision text"))
        self.text.setPlaceholderText(_("The decision as it will be on the list (Ctrl+T: template)"))
        self.text.setTabChangesFocus(True)
        self.text.textChanged.connect(self._typed)
        self.text.focus_lost.connect(self.flush)
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.flush)
        self.saved = QLabel()
        self.saved.setStyleSheet("color: palette(placeholder-text);")

        self.outcome = QComboBox()
        self.outcome.setAccessibleName(_("Outcome"))
        for outcome in DecisionOutcome:
            self.outcome.addItem(outcome.label, outcome)
        self.outcome.currentIndexChanged.connect(self._outcome_changed)
        self.participants = QListWidget()
        self.participants.setAccessibleName(_("Participants"))
        self.participants.setMaximumHeight(90)
        self.participants.setFlow(QListWidget.Flow.LeftToRight)
        self.participants.setWrapping(True)
        self.to_councils = QCheckBox(_("To the &councils"))
        self.record_button = QPushButton(_("Record decision (Ctrl+Enter)"))
        self.record_button.clicked.connect(self.record)
        template = QPushButton(_("Template (Ctrl+T)"))
        template.clicked.connect(self.insert_template)
        self.quorum_note = QLabel()
        self.quorum_note.setStyleSheet("color: #b3261e; font-weight: 600;")

        self._make_action_row()
        for keys, slot in (
            (("Ctrl+Return", "Ctrl+Enter"), self.record),
            (("Ctrl+T",), self.insert_template),
        ):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)

        self._lay_out(template)

    def _make_action_row(self) -> None:
        # Actions (of a recorded decision), saved at once.
        self.action_text = QLineEdit()
        self.action_text.setPlaceholderText(_("New action: what is to be done"))
        self.action_text.setAccessibleName(_("Action"))
        self.action_holder = QComboBox()
        self.action_holder.setAccessibleName(_("Holder"))
        self.action_deadline = QDateEdit()
        self.action_deadline.setCalendarPopup(True)
        self.action_deadline.setDisplayFormat("yyyy-MM-dd")
        self.action_deadline.setAccessibleName(_("Deadline"))
        self.action_deadline.setDate(QDate.currentDate().addMonths(1))
        self.add_action_button = add = QPushButton(_("Add action"))
        add.clicked.connect(self.add_action)
        self.action_text.returnPressed.connect(self.add_action)
        self.actions = QLabel()
        self.actions.setWordWrap(True)

    def _lay_out(self, template: QPushButton) -> None:
        form = QFormLayout()
        form.addRow(_("Outcome:"), self.outcome)
        form.addRow(_("Participants:"), self.participants)
        buttons = QHBoxLayout()
        buttons.addWidget(self.to_councils)
        buttons.addStretch(1)
        buttons.addWidget(template)
        buttons.addWidget(self.record_button)
        action_row = QHBoxLayout()
        action_row.addWidget(self.action_text, 3)
        action_row.addWidget(self.action_holder, 2)
        action_row.addWidget(self.action_deadline)
        action_row.addWidget(self.add_action_button)
        top = QHBoxLayout()
        top.addWidget(panel_title(_("Decision (Alt+5)")))
        top.addStretch(1)
        top.addWidget(self.saved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.text, 1)
        layout.addLayout(form)
        layout.addWidget(self.quorum_note)
        layout.addLayout(buttons)
        layout.addLayout(action_row)
        layout.addWidget(self.actions)
        layout.addWidget(legend([("Ctrl+T", _("template")), ("Ctrl+Enter", _("record"))]))

    # Showing ----------------------------------------------------------------------------------

    def show_item(
        self,
        meeting_id: str,
        item: SessionItem | None,
        state: DecisionState | None,
        roll_call: RollCall | None,
        attendance: tuple[AttendanceLine, ...],
        people: tuple[Choice, ...],
        quorum_met: bool,
    ) -> None:
        same = item is not None and self.item is not None and item.id == self.item.id
        if not same:
            self.flush()
        self.meeting_id = meeting_id
        self.item = item
        self.roll_call = roll_call
        self.state = state
        self.setEnabled(item is not None)
        self._loading = True
        try:
            if not same or (
                not self.text.hasFocus() and self.text.toPlainText() == self._saved_text
            ):
                text = state.text if state else ""
                if text != self.text.toPlainText():
                    self.text.setPlainText(text)
                self._saved_text = text
            if not same:
                self._set_outcome(state.outcome if state else None)
                self.to_councils.setChecked(bool(state and state.to_councils))
            self._fill_participants(attendance, state)
            self._fill_holders(people)
        finally:
            self._loading = False
        self.text_changed.emit(self.text.toPlainText())
        self.quorum_note.setText("" if quorum_met else _("No quorum: a decision now is marked."))
        decided = bool(state and state.decided)
        if decided and state is not None and state.quorum_met is False:
            self.quorum_note.setText(_("Decided without quorum."))
        self.record_button.setText(
            _("Correct decision (Ctrl+Enter)") if decided else _("Record decision (Ctrl+Enter)")
        )
        for widget in (self.action_text, self.action_holder, self.action_deadline):
            widget.setEnabled(decided)
        self.actions.setText(
            "\n".join(
                f"• {a.description} – {a.holder}"
                + (f" ({a.deadline:%Y-%m-%d})" if a.deadline else "")
                for a in (state.actions if state else ())
            )
        )
        self.saved.setText(_("saved") if state and state.draft_saved_at else "")

    def _set_outcome(self, outcome: DecisionOutcome | None) -> None:
        if outcome is None and self.item is not None:
            outcome = (
                DecisionOutcome.NOTED
                if self.item.kind is not ItemKind.DECISION
                else DecisionOutcome.ADOPTED_BY_ALL
            )
        index = self.outcome.findData(outcome)
        self.outcome.setCurrentIndex(max(index, 0))

    def _fill_participants(
        self, attendance: tuple[AttendanceLine, ...], state: DecisionState | None
    ) -> None:
        chosen = set(state.participants) if state and state.decided else set()
        if not chosen and self.roll_call is not None:
            chosen = set(self.roll_call.participants)
        wanted = [(line.municipality_id, line.municipality_id in chosen) for line in attendance]
        if wanted == self._participants_shown:
            return
        self._participants_shown = wanted
        self.participants.clear()
        for line in attendance:
            entry = QListWidgetItem(line.municipality)
            entry.setData(Qt.ItemDataRole.UserRole, line.municipality_id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(
                Qt.CheckState.Checked if line.municipality_id in chosen else Qt.CheckState.Unchecked
            )
            self.participants.addItem(entry)
        self._outcome_changed()

    def _fill_holders(self, people: tuple[Choice, ...]) -> None:
        if self.action_holder.count() == len(people):
            return
        self.action_holder.clear()
        for person in people:
            self.action_holder.addItem(person.name, person.id)

    def _outcome_changed(self) -> None:
        self.participants.setEnabled(
            self.outcome.currentData() is DecisionOutcome.ADOPTED_BY_COALITION
        )

    # Typing -------------------------------------------------------------------------------------

    def _typed(self) -> None:
        self.text_changed.emit(self.text.toPlainText())
        if not self._loading:
            self.saved.setText(_("typing…"))
            self.autosave.start()

    def flush(self) -> None:
        """Save the text now if it changed (after a pause, on focus out, before leaving)."""
        self.autosave.stop()
        if self.item is None or self._loading:
            return
        text = self.text.toPlainText()
        if text == self._saved_text:
            return
        self._saved_text = text
        item, actor = self.item.id, self.runner.actor
        outcome = self.outcome.currentData()
        self.runner.run(
            lambda store: save_decision_draft(store, actor, item, text, outcome),
            on_done=lambda _changed: self.saved.setText(_("saved")),
        )

    def insert_template(self) -> None:
        if self.item is None:
            return
        names = [
            self.participants.item(row).text()
            for row in range(self.participants.count())
            if self.participants.item(row).checkState() == Qt.CheckState.Checked
        ]
        text = decision_template(
            self.item.kind, self.outcome.currentData(), self.item.title, self.item.proposal, names
        )
        self.text.setPlainText(text)
        self.text.setFocus()
        self.text.moveCursor(self.text.textCursor().MoveOperation.End)

    # Recording --------------------------------------------------------------------------------

    def chosen_participants(self) -> list[str] | None:
        if self.outcome.currentData() is not DecisionOutcome.ADOPTED_BY_COALITION:
            return None
        return [
            self.participants.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.participants.count())
            if self.participants.item(row).checkState() == Qt.CheckState.Checked
        ]

    def record(self) -> None:
        if self.item is None:
            return
        self.autosave.stop()
        item, actor = self.item.id, self.runner.actor
        text, outcome = self.text.toPlainText(), self.outcome.currentData()
        participants, councils = self.chosen_participants(), self.to_councils.isChecked()
        self._saved_text = text
        self.runner.run(
            lambda store: decide_item(
                store, actor, item, text, outcome, participants, to_councils=councils
            ),
            _("Record decision"),
        )

    def add_action(self) -> None:
        if self.item is None or self.state is None or not self.state.decided:
            return
        from regiodesk.commands.decisions import decision_id

        description = self.action_text.text()
        holder = self.action_holder.currentData()
        deadline: date = self.action_deadline.date().toPython()  # type: ignore[assignment]
        meeting, actor, the_decision = self.meeting_id, self.runner.actor, decision_id(self.item.id)
        self.action_text.clear()
        self.runner.run(
            lambda store: add_action(
                store, actor, meeting, description, holder, None, deadline, the_decision
            ),
            _("Add action"),
        )

    def default_deadline(self, day: QDate) -> None:
        self.action_deadline.setDate(day)
