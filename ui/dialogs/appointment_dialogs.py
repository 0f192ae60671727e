"""Nominate a regional portfolio holder for a PFO, or end the term of the one in office.

Each dialog runs the core's command itself and stays open with the core's words under the form
when it refuses (no motivation, no reason, a day outside the term, someone who may not).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from regiodesk.commands.governance import end_appointment, nominate
from regiodesk.i18n import _, format_date
from regiodesk.queries.governance import Term
from regiodesk.queries.people import PersonChoice, people_to_choose
from regiodesk.store import Store
from ui.context import AppContext
from ui.widgets.error_label import ErrorLabel
from ui.widgets.lifetime import guarded


def _members(store: Store, pfo_short_name: str) -> list[PersonChoice]:
    """The PFO's current members (their memberships show as the PFO's short name in ``roles``)."""
    return [person for person in people_to_choose(store) if pfo_short_name in person.roles]


def _buttons(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QWidget]:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


class NominateDialog(QDialog):
    """Nominate one of a PFO's current members as its regional portfolio holder.
    Emits ``saved`` with the nomination's id once the store holds it."""

    saved = Signal(str)

    def __init__(
        self,
        context: AppContext,
        pfo_id: str,
        pfo_name: str,
        pfo_short_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.pfo_id = pfo_id
        self.pfo_name = pfo_name
        self.setWindowTitle(_("Nominate a regional portfolio holder"))
        self.setMinimumWidth(440)

        intro = QLabel(
            _("Nominate one of the current members of {pfo} as regional portfolio holder.").format(
                pfo=pfo_name
            )
        )
        intro.setWordWrap(True)
        self.candidate = QComboBox()
        self.candidate.setAccessibleName(_("Candidate"))
        self.motivation = QPlainTextEdit()
        self.motivation.setAccessibleName(_("Motivation"))
        self.motivation.setPlaceholderText(_("Why this candidate? Required."))
        self.motivation.setTabChangesFocus(True)
        self.error = ErrorLabel()

        form = QFormLayout()
        form.addRow(_("&Candidate:"), self.candidate)
        form.addRow(_("&Motivation:"), self.motivation)
        self.buttons, self.ok_button = _buttons(self, _("Nominate"))
        self.buttons.accepted.connect(self.submit)
        self.ok_button.setEnabled(False)  # until the members are known
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.candidate.setFocus()

        self.context.worker.query(
            lambda store: _members(store, pfo_short_name),
            guarded(self, self._show_members),
            guarded(self, self.error.show_error),
        )

    def _show_members(self, people: list[PersonChoice]) -> None:
        self.candidate.clear()
        for person in people:
            label = f"{person.name} ({person.municipality})" if person.municipality else person.name
            self.candidate.addItem(label, person.id)
        if not people:
            self.error.show_error(
                _("{pfo} has no current members to nominate.").format(pfo=self.pfo_name)
            )
        self.ok_button.setEnabled(bool(people))

    def submit(self) -> None:
        candidate_id = self.candidate.currentData()
        if candidate_id is None:
            return
        self.error.clear_error()
        actor, pfo_id = self.context.actor, self.pfo_id
        motivation = self.motivation.toPlainText()
        self.ok_button.setEnabled(False)
        self.context.command(
            lambda store: nominate(store, actor, pfo_id, candidate_id, motivation),
            _("nominate {person} for {pfo}").format(
                person=self.candidate.currentText(), pfo=self.pfo_name
            ),
            guarded(self, self._saved),
            guarded(self, self._refused),
        )

    def _saved(self, nomination_id: str) -> None:
        self.saved.emit(nomination_id)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.error.show_error(error)


class EndTermDialog(QDialog):
    """End the term of a regional portfolio holder early: the last day in office and why.
    Emits ``saved`` with the appointment's id once the store holds it."""

    saved = Signal(str)

    def __init__(
        self, context: AppContext, term: Term, pfo_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.term = term
        self.setWindowTitle(_("End the term"))
        self.setMinimumWidth(440)

        intro = QLabel(
            _(
                "End the term of {person} as regional portfolio holder of {pfo} ({start} – {end})."
            ).format(
                person=term.person,
                pfo=pfo_name,
                start=format_date(term.term_start),
                end=format_date(term.term_end),
            )
        )
        intro.setWordWrap(True)
        self.last_day = QDateEdit(QDate(min(date.today(), term.term_end)))
        self.last_day.setAccessibleName(_("Last day in office"))
        self.last_day.setCalendarPopup(True)
        self.reason = QLineEdit()
        self.reason.setAccessibleName(_("Reason"))
        self.reason.setPlaceholderText(_("e.g. resigned, no longer alderman"))
        self.error = ErrorLabel()

        form = QFormLayout()
        form.addRow(_("&Last day in office:"), self.last_day)
        form.addRow(_("&Reason:"), self.reason)
        self.buttons, self.ok_button = _buttons(self, _("End term"))
        self.buttons.accepted.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.reason.setFocus()

    def submit(self) -> None:
        self.error.clear_error()
        actor, appointment_id = self.context.actor, self.term.id
        ended_on: date = self.last_day.date().toPython()
        reason = self.reason.text()
        self.ok_button.setEnabled(False)
        self.context.command(
            lambda store: end_appointment(store, actor, appointment_id, ended_on, reason),
            _("end the term of {person}").format(person=self.term.person),
            guarded(self, lambda _result: self._saved()),
            guarded(self, self._refused),
        )

    def _saved(self) -> None:
        self.saved.emit(self.term.id)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.error.show_error(error)
