"""Nominate a regional portfolio holder for a PFO, record the PFO's recommendation, open the
appointment of the recommended nominee, end the term of the one in office, or appoint a successor
for the rest of a term that ended early.

Each dialog runs the core's command itself and stays open with the core's words under the form
when it refuses (no motivation, no reason, a day outside the term, someone who may not).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QStandardItemModel
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

from regiodesk.commands.governance import (
    appoint_successor,
    council_period_end,
    end_appointment,
    nominate,
    open_appointment,
    record_recommendation,
    successor_term,
)
from regiodesk.i18n import _, format_date
from regiodesk.model.enums import NominationStatus
from regiodesk.queries.governance import (
    OpenNomination,
    PfoDecision,
    Term,
    open_nominations,
    pfo_decisions,
)
from regiodesk.queries.people import PersonChoice, people_to_choose
from regiodesk.store import Store
from ui.context import AppContext
from ui.widgets.error_label import ErrorLabel
from ui.widgets.lifetime import guarded


def _members(store: Store, pfo_short_name: str) -> list[PersonChoice]:
    """The PFO's current members (their memberships show as the PFO's short name in ``roles``)."""
    return [person for person in people_to_choose(store) if pfo_short_name in person.roles]


class _CommandDialog(QDialog):
    """A small form that runs one core command: the intro, the fields, the core's refusal in
    place (the dialog stays open), and ``saved`` with the id of what the store now holds."""

    saved = Signal(str)

    def __init__(self, context: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.error = ErrorLabel()

    def _arrange(self, intro: str, rows: list[tuple[str, QWidget]], ok_text: str) -> None:
        label = QLabel(intro)
        label.setWordWrap(True)
        form = QFormLayout()
        for text, field in rows:
            form.addRow(text, field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        raise NotImplementedError

    def _run(self, work: Callable[[Store], Any], label: str, saved_id: str | None = None) -> None:
        """Run the command; ``saved`` carries ``saved_id``, or the command's result."""
        self.error.clear_error()
        self.ok_button.setEnabled(False)
        self.context.command(
            work,
            label,
            guarded(self, lambda result: self._saved(saved_id or str(result))),
            guarded(self, self._refused),
        )

    def _saved(self, saved_id: str) -> None:
        self.saved.emit(saved_id)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.error.show_error(error)


class NominateDialog(_CommandDialog):
    """Nominate one of a PFO's current members as its regional portfolio holder.
    Emits ``saved`` with the nomination's id once the store holds it."""

    def __init__(
        self,
        context: AppContext,
        pfo_id: str,
        pfo_name: str,
        pfo_short_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, _("Nominate a regional portfolio holder"), parent)
        self.pfo_id = pfo_id
        self.pfo_name = pfo_name
        self.candidate = QComboBox()
        self.candidate.setAccessibleName(_("Candidate"))
        self.motivation = QPlainTextEdit()
        self.motivation.setAccessibleName(_("Motivation"))
        self.motivation.setPlaceholderText(_("Why this candidate? Required."))
        self.motivation.setTabChangesFocus(True)
        self._arrange(
            _("Nominate one of the current members of {pfo} as regional portfolio holder.").format(
                pfo=pfo_name
            ),
            [(_("&Candidate:"), self.candidate), (_("&Motivation:"), self.motivation)],
            _("Nominate"),
        )
        self.ok_button.setEnabled(False)  # until the members are known
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
        actor, pfo_id = self.context.actor, self.pfo_id
        motivation = self.motivation.toPlainText()
        self._run(
            lambda store: nominate(store, actor, pfo_id, candidate_id, motivation),
            _("nominate {person} for {pfo}").format(
                person=self.candidate.currentText(), pfo=self.pfo_name
            ),
        )


class EndTermDialog(_CommandDialog):
    """End the term of a regional portfolio holder early: the last day in office and why.
    Emits ``saved`` with the appointment's id once the store holds it."""

    def __init__(
        self, context: AppContext, term: Term, pfo_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, _("End the term"), parent)
        self.term = term
        self.last_day = QDateEdit(QDate(min(date.today(), term.term_end)))
        self.last_day.setAccessibleName(_("Last day in office"))
        self.last_day.setCalendarPopup(True)
        self.reason = QLineEdit()
        self.reason.setAccessibleName(_("Reason"))
        self.reason.setPlaceholderText(_("e.g. resigned, no longer alderman"))
        self._arrange(
            _(
                "End the term of {person} as regional portfolio holder of {pfo} ({start} – {end})."
            ).format(
                person=term.person,
                pfo=pfo_name,
                start=format_date(term.term_start),
                end=format_date(term.term_end),
            ),
            [(_("&Last day in office:"), self.last_day), (_("&Reason:"), self.reason)],
            _("End term"),
        )
        self.reason.setFocus()

    def submit(self) -> None:
        actor, appointment_id = self.context.actor, self.term.id
        ended_on: date = self.last_day.date().toPython()
        reason = self.reason.text()
        self._run(
            lambda store: end_appointment(store, actor, appointment_id, ended_on, reason),
            _("end the term of {person}").format(person=self.term.person),
            saved_id=appointment_id,
        )


def _nominee_text(nomination: OpenNomination) -> str:
    if nomination.municipality:
        return f"{nomination.candidate} ({nomination.municipality})"
    return nomination.candidate


def _decision_text(decision: PfoDecision) -> str:
    return _("{meeting}: {item}").format(
        meeting=decision.meeting_reference, item=decision.item_title
    )


def _recommendation_choices(
    store: Store, pfo_id: str
) -> tuple[list[OpenNomination], list[PfoDecision]]:
    proposed = [n for n in open_nominations(store, pfo_id) if n.status is NominationStatus.PROPOSED]
    return proposed, pfo_decisions(store, pfo_id)


class RecommendDialog(_CommandDialog):
    """Record that the PFO recommends one of its proposed nominees, by a decision of one of its
    meetings.  Emits ``saved`` with the nomination's id once the store holds it."""

    def __init__(
        self, context: AppContext, pfo_id: str, pfo_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, _("Record the PFO's recommendation"), parent)
        self.setMinimumWidth(480)
        self.pfo_id = pfo_id
        self.pfo_name = pfo_name
        self.nomination = QComboBox()
        self.nomination.setAccessibleName(_("Nominee"))
        self.decision = QComboBox()
        self.decision.setAccessibleName(_("Decision of the PFO"))
        self._arrange(
            _(
                "Record which nominee {pfo} recommends as regional portfolio holder, "
                "and the decision by which it did."
            ).format(pfo=pfo_name),
            [(_("&Nominee:"), self.nomination), (_("&Decision of the PFO:"), self.decision)],
            _("Record recommendation"),
        )
        self.ok_button.setEnabled(False)  # until the choices are known
        self.nomination.setFocus()

        self.context.worker.query(
            lambda store: _recommendation_choices(store, pfo_id),
            guarded(self, self._show_choices),
            guarded(self, self.error.show_error),
        )

    def _show_choices(self, choices: tuple[list[OpenNomination], list[PfoDecision]]) -> None:
        nominations, decisions = choices
        self.nomination.clear()
        for nomination in nominations:
            self.nomination.addItem(_nominee_text(nomination), nomination.id)
        self.decision.clear()
        for decision in decisions:
            self.decision.addItem(_decision_text(decision), decision.decision_id)
            self.decision.setItemData(
                self.decision.count() - 1, decision.text, Qt.ItemDataRole.ToolTipRole
            )
        if not nominations:
            self.error.show_error(
                _("{pfo} has no nominations to recommend.").format(pfo=self.pfo_name)
            )
        elif not decisions:
            self.error.show_error(
                _("{pfo} has taken no decisions yet to recommend by.").format(pfo=self.pfo_name)
            )
        self.ok_button.setEnabled(bool(nominations) and bool(decisions))

    def submit(self) -> None:
        nomination_id = self.nomination.currentData()
        decision_id = self.decision.currentData()
        if nomination_id is None or decision_id is None:
            return
        actor = self.context.actor
        self._run(
            lambda store: record_recommendation(store, actor, nomination_id, decision_id),
            _("record the recommendation of {person} for {pfo}").format(
                person=self.nomination.currentText(), pfo=self.pfo_name
            ),
            saved_id=nomination_id,
        )


class OpenAppointmentDialog(_CommandDialog):
    """Open the appointment of a recommended nominee: the term and the mandate.  The end of the
    term follows the start to the end of its council period until it is changed by hand.
    Emits ``saved`` with the appointment's id once the store holds it."""

    def __init__(
        self,
        context: AppContext,
        nomination: OpenNomination,
        pfo_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, _("Open the appointment"), parent)
        self.nomination_id = nomination.id
        self.nominee = _nominee_text(nomination)
        today = date.today()
        self.term_start = QDateEdit(QDate(today))
        self.term_start.setAccessibleName(_("Start of term"))
        self.term_start.setCalendarPopup(True)
        self.term_end = QDateEdit(QDate(council_period_end(today)))
        self.term_end.setAccessibleName(_("End of term"))
        self.term_end.setCalendarPopup(True)
        self.term_end.setToolTip(_("By default the end of the council period the term starts in"))
        self._end_follows_start = True
        self.term_start.dateChanged.connect(self._start_changed)
        self.term_end.dateChanged.connect(self._end_changed)
        self.mandate = QPlainTextEdit()
        self.mandate.setAccessibleName(_("Mandate"))
        self.mandate.setPlaceholderText(_("What the PFO mandates the holder to do"))
        self.mandate.setTabChangesFocus(True)
        self._arrange(
            _("Open the appointment of {person} as regional portfolio holder of {pfo}.").format(
                person=self.nominee, pfo=pfo_name
            ),
            [
                (_("&Start of term:"), self.term_start),
                (_("E&nd of term:"), self.term_end),
                (_("&Mandate:"), self.mandate),
            ],
            _("Open appointment"),
        )
        self.term_start.setFocus()

    def _start_changed(self, start: QDate) -> None:
        if self._end_follows_start:
            self.term_end.blockSignals(True)
            self.term_end.setDate(QDate(council_period_end(start.toPython())))
            self.term_end.blockSignals(False)

    def _end_changed(self, _end: QDate) -> None:
        self._end_follows_start = False

    def submit(self) -> None:
        actor, nomination_id = self.context.actor, self.nomination_id
        start: date = self.term_start.date().toPython()
        end: date = self.term_end.date().toPython()
        mandate = self.mandate.toPlainText()
        self._run(
            lambda store: open_appointment(store, actor, nomination_id, start, end, mandate),
            _("open the appointment of {person}").format(person=self.nominee),
        )


@dataclass(frozen=True)
class SuccessorCandidate:
    """A current member of the PFO, with the PFO's recommendation of them if it made one."""

    person: PersonChoice
    #: The recommended nomination awaiting its appointment (None: not recommended).
    nomination_id: str | None


def successor_candidates(
    store: Store, pfo_id: str, pfo_short_name: str
) -> list[SuccessorCandidate]:
    """The PFO's current members; those the PFO recommended carry their nomination."""
    recommended = {
        nomination.candidate_id: nomination.id
        for nomination in open_nominations(store, pfo_id)
        if nomination.status is NominationStatus.RECOMMENDED
    }
    return [
        SuccessorCandidate(person, recommended.get(person.id))
        for person in _members(store, pfo_short_name)
    ]


class SuccessorDialog(_CommandDialog):
    """Appoint a successor to a regional portfolio holder whose term ended early, for the rest of
    that term: a current member of the PFO whom the PFO recommended, the start (by default the
    day after the predecessor left) and the end (by default the predecessor's; left as it is,
    the core decides).  Emits ``saved`` with the new appointment's id once the store holds it."""

    def __init__(
        self,
        context: AppContext,
        predecessor: Term,
        pfo_name: str,
        pfo_short_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, _("Appoint a successor"), parent)
        self.setMinimumWidth(500)
        self.predecessor = predecessor
        self.pfo_name = pfo_name
        assert predecessor.ended_on is not None
        start, end = successor_term(predecessor.ended_on, predecessor.term_end)
        self.candidate = QComboBox()
        self.candidate.setAccessibleName(_("Successor"))
        self.term_start = QDateEdit(QDate(start))
        self.term_start.setAccessibleName(_("Start of term"))
        self.term_start.setCalendarPopup(True)
        self.term_start.setToolTip(_("By default the day after the predecessor left office"))
        self.term_end = QDateEdit(QDate(end))
        self.term_end.setAccessibleName(_("End of term"))
        self.term_end.setCalendarPopup(True)
        self.term_end.setToolTip(_("By default the end of the predecessor's term"))
        self._end_by_hand = False
        self.term_end.dateChanged.connect(self._end_changed)
        self.mandate = QPlainTextEdit(predecessor.mandate)
        self.mandate.setAccessibleName(_("Mandate"))
        self.mandate.setPlaceholderText(_("What the PFO mandates the holder to do"))
        self.mandate.setTabChangesFocus(True)
        self._arrange(
            _(
                "{person} left office as regional portfolio holder of {pfo} on {ended} "
                "({reason}). Appoint a successor for the rest of the term, until {end}: one of "
                "the PFO's current members whom the PFO has recommended."
            ).format(
                person=predecessor.person,
                pfo=pfo_name,
                ended=format_date(predecessor.ended_on),
                reason=predecessor.end_reason or _("no reason recorded"),
                end=format_date(predecessor.term_end),
            ),
            [
                (_("&Successor:"), self.candidate),
                (_("&Start of term:"), self.term_start),
                (_("E&nd of term:"), self.term_end),
                (_("&Mandate:"), self.mandate),
            ],
            _("Appoint successor"),
        )
        self.ok_button.setEnabled(False)  # until the candidates are known
        self.candidate.setFocus()

        pfo_id = predecessor.pfo_id
        self.context.worker.query(
            lambda store: successor_candidates(store, pfo_id, pfo_short_name),
            guarded(self, self._show_candidates),
            guarded(self, self.error.show_error),
        )

    def _end_changed(self, _end: QDate) -> None:
        self._end_by_hand = True

    def _show_candidates(self, candidates: list[SuccessorCandidate]) -> None:
        self.candidate.clear()
        model = self.candidate.model()
        first = -1
        for candidate in candidates:
            person = candidate.person
            label = f"{person.name} ({person.municipality})" if person.municipality else person.name
            if candidate.nomination_id is None:
                label = _("{person} – not recommended by the PFO").format(person=label)
            self.candidate.addItem(label, candidate.nomination_id)
            if candidate.nomination_id is None and isinstance(model, QStandardItemModel):
                model.item(self.candidate.count() - 1).setEnabled(False)
            elif first < 0:
                first = self.candidate.count() - 1
        self.candidate.setCurrentIndex(first)
        if first < 0:
            self.error.show_error(
                _(
                    "{pfo} has recommended none of its current members yet: nominate a "
                    "successor and record the PFO's recommendation first."
                ).format(pfo=self.pfo_name)
            )
        self.ok_button.setEnabled(first >= 0)

    def nomination_id(self) -> str | None:
        data = self.candidate.currentData()
        return str(data) if data else None

    def submit(self) -> None:
        nomination_id = self.nomination_id()
        if nomination_id is None:
            return
        actor, predecessor_id = self.context.actor, self.predecessor.id
        start: date = self.term_start.date().toPython()
        end: date | None = self.term_end.date().toPython() if self._end_by_hand else None
        mandate = self.mandate.toPlainText()
        successor = self.candidate.currentText()
        self._run(
            lambda store: appoint_successor(
                store, actor, predecessor_id, nomination_id, start, end, mandate
            ),
            _("appoint {person} as successor of {predecessor}").format(
                person=successor, predecessor=self.predecessor.person
            ),
        )
