"""The daily board: the regional portfolio holders in office with their PFOs, terms and mandates,
the board's tasks, and the PFOs that have none (who is missing).  Selecting a PFO shows its
regional portfolio holders over time and, for a pending appointment, where each municipality
stands; a member or the secretary records their municipality's decision here.  When the holder's
term ended early and nobody is in office, the secretary appoints a successor for the rest of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from regiodesk.commands.governance import record_municipal_appointment
from regiodesk.i18n import _, format_date
from regiodesk.model.enums import (
    AppointingBody,
    AppointmentStatus,
    AppointmentVote,
    NominationStatus,
)
from regiodesk.queries.governance import (
    AppointmentProgress,
    DailyBoard,
    OpenNomination,
    Term,
    appointment_progress,
    daily_board,
    open_nominations,
    portfolio_holder_history,
)
from regiodesk.store import Store
from ui.context import AppContext
from ui.dialogs.appointment_dialogs import (
    EndTermDialog,
    NominateDialog,
    OpenAppointmentDialog,
    RecommendDialog,
    SuccessorDialog,
)
from ui.pages.base import Page
from ui.widgets.error_label import ErrorLabel
from ui.widgets.lifetime import open_dialog

ID_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class _Board:
    board: DailyBoard
    #: The progress of each pending appointment of a PFO without a holder, by appointment id.
    progress: dict[str, AppointmentProgress]


@dataclass(frozen=True)
class _Detail:
    pfo_id: str
    history: list[Term]
    #: The pending appointment of the PFO, if one is under way.
    pending: AppointmentProgress | None
    #: Its nominations still to recommend, or recommended and awaiting their appointment.
    nominations: list[OpenNomination]


def _load_board(store: Store) -> _Board:
    board = daily_board(store)
    progress = {
        pfo.pending_appointment_id: appointment_progress(store, pfo.pending_appointment_id)
        for pfo in board.missing
        if pfo.pending_appointment_id
    }
    return _Board(board, progress)


def _load_detail(store: Store, pfo_id: str) -> _Detail:
    history = portfolio_holder_history(store, pfo_id)
    pending = next((t for t in history if t.status is AppointmentStatus.PENDING), None)
    return _Detail(
        pfo_id,
        history,
        appointment_progress(store, pending.id) if pending else None,
        open_nominations(store, pfo_id),
    )


def _cell(text: str, data: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if data is not None:
        item.setData(ID_ROLE, data)
    return item


def _table(columns: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(columns)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setTabKeyNavigation(False)
    return table


def _term_text(term: Term) -> str:
    return _("{start} – {end}").format(
        start=format_date(term.term_start), end=format_date(term.last_day)
    )


def _holder_text(term: Term) -> str:
    if term.municipality:
        return _("{person} ({municipality})").format(
            person=term.person, municipality=term.municipality
        )
    return term.person


def progress_text(progress: AppointmentProgress) -> str:
    """Where a pending appointment stands, in one line: appointed n of m, k needed, the rule."""
    who = _holder_text(progress.term)
    if progress.appointing_body is AppointingBody.GENERAL_BOARD:
        return _("{person}: awaiting the decision of the general board").format(person=who)
    text = _(
        "{person}: appointed by {appointed} of {participants} municipalities, {required} needed "
        "(rule: {threshold}% of the municipalities appoint)"
    ).format(
        person=who,
        appointed=progress.appointed,
        participants=progress.participants,
        required=progress.required,
        threshold=progress.threshold_pct,
    )
    if not progress.still_possible:
        text += " " + _("The rule can no longer be met by the decisions still pending.")
    return text


class DailyBoardPage(Page):
    key = "daily_board"
    watches = ("appointment", "municipal_appointment", "nomination", "membership")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._pfo_id: str | None = None
        self._pfo_names: dict[str, str] = {}
        self._pfo_short_names: dict[str, str] = {}
        self._detail: _Detail | None = None
        self.active_dialog: QWidget | None = None

        heading = QLabel(_("Daily board"))
        heading.setObjectName("pageHeading")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.tasks = QLabel()
        self.tasks.setWordWrap(True)

        self.board = _table(
            [_("Regional portfolio holder"), _("PFO"), _("Domain"), _("Term"), _("Mandate")],
            _("Regional portfolio holders in office"),
        )
        self.missing = _table(
            [_("PFO"), _("Domain"), _("Appointment")], _("PFOs without a regional portfolio holder")
        )
        self.board.itemSelectionChanged.connect(lambda: self._picked(self.board, self.missing))
        self.missing.itemSelectionChanged.connect(lambda: self._picked(self.missing, self.board))

        self.pfo_heading = QLabel(_("Choose a PFO to see its regional portfolio holders."))
        self.pfo_heading.setWordWrap(True)
        history_columns = [
            _("Regional portfolio holder"),
            _("Term"),
            _("Status"),
            _("In office from"),
            _("Ended"),
            _("Reason"),
            _("Predecessor"),
            _("Mandate"),
        ]
        self.history = _table(history_columns, _("Regional portfolio holders of the PFO"))
        actions = self._make_actions()
        self.progress = QLabel()
        self.progress.setWordWrap(True)
        self.votes = _table(
            [_("Municipality"), _("Decision"), _("Decided on"), _("Reference")],
            _("Appointment decisions of the municipalities"),
        )

        self.form = self._make_form()
        self.refusal = ErrorLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.tasks)
        layout.addWidget(self.board, 2)
        self.missing_heading = QLabel(_("Who is missing"))
        layout.addWidget(self.missing_heading)
        layout.addWidget(self.missing, 2)
        layout.addWidget(self.pfo_heading)
        layout.addLayout(actions)
        layout.addWidget(self.history, 2)
        layout.addWidget(self.progress)
        layout.addWidget(self.votes, 2)
        layout.addWidget(self.form)
        layout.addWidget(self.refusal)
        layout.addWidget(self.message)
        self._show_votes(None)
        self._enable_actions()

    def _make_actions(self) -> QHBoxLayout:
        """The buttons that nominate a holder for the chosen PFO or end the term in office."""
        self.nominate_button = QPushButton(_("Nominate…"))
        self.nominate_button.setToolTip(
            _("Nominate one of the PFO's members as its regional portfolio holder")
        )
        self.nominate_button.clicked.connect(self.open_nominate)
        self.end_term_button = QPushButton(_("End term…"))
        self.end_term_button.setToolTip(
            _("End the term of the PFO's regional portfolio holder in office")
        )
        self.end_term_button.clicked.connect(self.open_end_term)
        self.successor_button = QPushButton(_("Appoint a successor…"))
        self.successor_button.setToolTip(
            _("Appoint a recommended member as successor for the rest of a term that ended early")
        )
        self.successor_button.clicked.connect(self.open_successor)
        self.recommend_button = QPushButton(_("Record recommendation…"))
        self.recommend_button.setToolTip(
            _("Record the PFO's decision recommending one of its nominees")
        )
        self.recommend_button.clicked.connect(self.open_recommend)
        self.open_appointment_button = QPushButton(_("Open appointment…"))
        self.open_appointment_button.setToolTip(
            _("Open the appointment of the nominee the PFO recommended")
        )
        self.open_appointment_button.clicked.connect(self.open_open_appointment)
        actions = QHBoxLayout()
        actions.addWidget(self.nominate_button)
        actions.addWidget(self.recommend_button)
        actions.addWidget(self.open_appointment_button)
        actions.addWidget(self.end_term_button)
        actions.addWidget(self.successor_button)
        actions.addStretch(1)
        return actions

    def _make_form(self) -> QWidget:
        """The form that records the chosen municipality's appointment decision."""
        self.vote = QComboBox()
        self.vote.setAccessibleName(_("Decision"))
        for choice in AppointmentVote:
            self.vote.addItem(choice.label, choice.value)
        self.vote.setCurrentIndex(self.vote.findData(AppointmentVote.APPOINTED.value))
        self.decided_on = QDateEdit(QDate.currentDate())
        self.decided_on.setAccessibleName(_("Decided on"))
        self.decided_on.setCalendarPopup(True)
        self.reference = QLineEdit()
        self.reference.setAccessibleName(_("Reference"))
        self.reference.setPlaceholderText(_("e.g. the number of the council or college decision"))
        self.record = QPushButton(_("Record decision"))
        self.record.clicked.connect(self.record_vote)
        self.reference.returnPressed.connect(self.record_vote)
        form = QFormLayout()
        form.addRow(_("Decision"), self.vote)
        form.addRow(_("Decided on"), self.decided_on)
        form.addRow(_("Reference"), self.reference)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record)
        buttons.addStretch(1)
        form.addRow(buttons)
        widget = QWidget()
        widget.setLayout(form)
        return widget

    def title(self) -> str:
        return _("Daily board")

    def show_target(self, target: Any) -> None:
        if target:
            self._pfo_id = str(target)
        super().show_target(target)

    # Loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        self.context.worker.query(_load_board, self._show_board)
        self._load_detail()

    def _load_detail(self) -> None:
        pfo_id = self._pfo_id
        if pfo_id is None:
            self._show_detail(None)
            return
        self.context.worker.query(lambda store: _load_detail(store, pfo_id), self._show_detail)

    def _show_board(self, data: _Board) -> None:
        board = data.board
        if board.complete:
            summary = _(
                "The daily board on {day} is complete: every PFO has a regional portfolio holder."
            ).format(day=format_date(board.on))
        else:
            summary = _(
                "The daily board on {day}: {members} regional portfolio holders in office, "
                "{missing} PFOs without one."
            ).format(
                day=format_date(board.on), members=len(board.members), missing=len(board.missing)
            )
        self.summary.setText(summary)
        self.tasks.setText(
            _("Tasks of the daily board: {tasks}.").format(
                tasks=", ".join(label for _key, label in board.tasks)
            )
        )
        self._pfo_names = {m.pfo_id: m.pfo for m in board.members}
        self._pfo_names.update({p.pfo_id: p.pfo for p in board.missing})
        self._pfo_short_names = {m.pfo_id: m.pfo_short_name for m in board.members}
        self._pfo_short_names.update({p.pfo_id: p.pfo_short_name for p in board.missing})
        for table in (self.board, self.missing):
            table.blockSignals(True)
        self.board.setRowCount(len(board.members))
        for row, member in enumerate(board.members):
            self.board.setItem(row, 0, _cell(_holder_text(member.term), member.pfo_id))
            self.board.setItem(row, 1, _cell(member.pfo))
            self.board.setItem(row, 2, _cell(member.domain))
            self.board.setItem(row, 3, _cell(_term_text(member.term)))
            self.board.setItem(row, 4, _cell(member.term.mandate or "–"))
        self.missing.setRowCount(len(board.missing))
        # A complete board has nobody missing: the table would only take room.
        self.missing_heading.setVisible(bool(board.missing))
        self.missing.setVisible(bool(board.missing))
        for row, pfo in enumerate(board.missing):
            progress = data.progress.get(pfo.pending_appointment_id or "")
            self.missing.setItem(row, 0, _cell(pfo.pfo, pfo.pfo_id))
            self.missing.setItem(row, 1, _cell(pfo.domain))
            self.missing.setItem(
                row,
                2,
                _cell(progress_text(progress) if progress else _("no appointment under way")),
            )
        self._reselect()
        for table in (self.board, self.missing):
            table.blockSignals(False)
        self._enable_actions()

    def _reselect(self) -> None:
        for table in (self.board, self.missing):
            table.clearSelection()
            for row in range(table.rowCount()):
                if table.item(row, 0).data(ID_ROLE) == self._pfo_id:
                    table.setCurrentCell(row, 0)
                    table.selectRow(row)
                    table.scrollToItem(table.item(row, 0))
                    return

    def _picked(self, table: QTableWidget, other: QTableWidget) -> None:
        rows = table.selectionModel().selectedRows()
        if not rows:
            return
        other.blockSignals(True)
        other.clearSelection()
        other.blockSignals(False)
        pfo_id = table.item(rows[0].row(), 0).data(ID_ROLE)
        if pfo_id != self._pfo_id:
            self._pfo_id = pfo_id
            self._detail = None
            self._enable_actions()
            self.refusal.clear_error()
            self.message.clear()
            self._load_detail()

    def select_pfo(self, pfo_id: str) -> None:
        """Show the history (and pending appointment) of this PFO."""
        self._pfo_id = pfo_id
        self._reselect()
        self._load_detail()

    def _show_detail(self, detail: _Detail | None) -> None:
        if detail is not None and detail.pfo_id != self._pfo_id:
            return  # an answer for a PFO no longer chosen
        self._detail = detail
        self._enable_actions()
        if detail is None:
            self.pfo_heading.setText(_("Choose a PFO to see its regional portfolio holders."))
            self.history.setRowCount(0)
            self._show_votes(None)
            return
        name = self._pfo_names.get(detail.pfo_id, "")
        self.pfo_heading.setText(
            _("Regional portfolio holders of {pfo}").format(pfo=name)
            if detail.history
            else _("{pfo} has not had a regional portfolio holder yet.").format(pfo=name)
        )
        self.history.setRowCount(len(detail.history))
        names = {term.id: term.person for term in detail.history}
        for row, term in enumerate(detail.history):
            self.history.setItem(row, 0, _cell(_holder_text(term), term.id))
            self.history.setItem(row, 1, _cell(_term_text(term)))
            self.history.setItem(row, 2, _cell(term.status.label))
            self.history.setItem(
                row, 3, _cell(format_date(term.effective_on) if term.effective_on else "–")
            )
            self.history.setItem(
                row, 4, _cell(format_date(term.ended_on) if term.ended_on else "–")
            )
            self.history.setItem(row, 5, _cell(term.end_reason or "–"))
            predecessor = names.get(term.successor_of_id or "", "–")
            self.history.setItem(row, 6, _cell(predecessor))
            self.history.setItem(row, 7, _cell(term.mandate or "–"))
        self._show_votes(detail.pending)

    def _show_votes(self, progress: AppointmentProgress | None) -> None:
        current = self.current_municipality()
        if progress is None:
            self.progress.setText(
                _("No appointment is under way for this PFO.") if self._pfo_id else ""
            )
            self.votes.setRowCount(0)
            self.votes.setVisible(False)
            self.form.setVisible(False)
            return
        self.progress.setText(
            _("Pending appointment: {progress}").format(progress=progress_text(progress))
        )
        self.votes.setVisible(bool(progress.votes))
        self.form.setVisible(bool(progress.votes))
        self.votes.setRowCount(len(progress.votes))
        for row, vote in enumerate(progress.votes):
            self.votes.setItem(row, 0, _cell(vote.municipality, vote.municipality_id))
            self.votes.setItem(row, 1, _cell(vote.vote.label))
            self.votes.setItem(
                row, 2, _cell(format_date(vote.decided_on) if vote.decided_on else "–")
            )
            self.votes.setItem(row, 3, _cell(vote.reference or "–"))
        wanted = current or self.context.identity.municipality_id
        for row, vote in enumerate(progress.votes):
            if vote.municipality_id == wanted:
                self.votes.setCurrentCell(row, 0)
                self.votes.selectRow(row)
                break

    # Nominating and ending a term --------------------------------------------------------------

    def holder_in_office(self) -> Term | None:
        """The selected PFO's regional portfolio holder in office today, if any."""
        if self._detail is None or self._detail.pfo_id != self._pfo_id:
            return None
        today = date.today()
        return next((term for term in self._detail.history if term.in_office_on(today)), None)

    def predecessor(self) -> Term | None:
        """The term a successor of the selected PFO would serve the rest of: the last one that
        took effect, when it ended early, nobody is in office and no appointment is pending."""
        detail = self._detail
        if detail is None or detail.pfo_id != self._pfo_id or detail.pending is not None:
            return None
        if self.holder_in_office() is not None:
            return None
        last = next((term for term in detail.history if term.effective_on is not None), None)
        if (
            last is None
            or last.status is not AppointmentStatus.ENDED
            or last.ended_on is None
            or last.ended_on >= last.term_end
        ):
            return None
        return last

    def _nominations(self, status: NominationStatus) -> list[OpenNomination]:
        """The selected PFO's open nominations with this status."""
        if self._detail is None or self._detail.pfo_id != self._pfo_id:
            return []
        return [n for n in self._detail.nominations if n.status is status]

    def recommended_nomination(self) -> OpenNomination | None:
        """The selected PFO's oldest recommended nomination without an appointment, if any."""
        return next(iter(self._nominations(NominationStatus.RECOMMENDED)), None)

    def _enable_actions(self) -> None:
        self.nominate_button.setEnabled(
            self._pfo_id is not None and self._pfo_id in self._pfo_short_names
        )
        self.recommend_button.setEnabled(bool(self._nominations(NominationStatus.PROPOSED)))
        self.open_appointment_button.setEnabled(self.recommended_nomination() is not None)
        self.end_term_button.setEnabled(self.holder_in_office() is not None)
        self.successor_button.setEnabled(
            self.predecessor() is not None and self._pfo_id in self._pfo_short_names
        )

    def open_nominate(self) -> None:
        pfo_id = self._pfo_id
        if pfo_id is None or pfo_id not in self._pfo_short_names:
            return
        name = self._pfo_names.get(pfo_id, "")
        dialog = NominateDialog(self.context, pfo_id, name, self._pfo_short_names[pfo_id], self)
        done = _("Nominated for {pfo}. Ctrl+Z undoes it.").format(pfo=name)
        dialog.saved.connect(lambda _id: self._say(done))
        self.active_dialog = open_dialog(self.active_dialog, dialog)

    def open_recommend(self) -> None:
        pfo_id = self._pfo_id
        if pfo_id is None or not self._nominations(NominationStatus.PROPOSED):
            return
        name = self._pfo_names.get(pfo_id, "")
        dialog = RecommendDialog(self.context, pfo_id, name, self)
        done = _("Recommendation recorded for {pfo}. Ctrl+Z undoes it.").format(pfo=name)
        dialog.saved.connect(lambda _id: self._say(done))
        self.active_dialog = open_dialog(self.active_dialog, dialog)

    def open_open_appointment(self) -> None:
        nomination = self.recommended_nomination()
        if nomination is None:
            return
        name = self._pfo_names.get(nomination.pfo_id, "")
        dialog = OpenAppointmentDialog(self.context, nomination, name, self)
        done = _("The appointment of {person} is open. Ctrl+Z undoes it.").format(
            person=nomination.candidate
        )
        dialog.saved.connect(lambda _id: self._say(done))
        self.active_dialog = open_dialog(self.active_dialog, dialog)

    def open_end_term(self) -> None:
        term = self.holder_in_office()
        if term is None:
            return
        dialog = EndTermDialog(self.context, term, self._pfo_names.get(term.pfo_id, ""), self)
        done = _("The term of {person} has ended. Ctrl+Z undoes it.").format(person=term.person)
        dialog.saved.connect(lambda _id: self._say(done))
        self.active_dialog = open_dialog(self.active_dialog, dialog)

    def open_successor(self) -> None:
        predecessor = self.predecessor()
        if predecessor is None or predecessor.pfo_id not in self._pfo_short_names:
            return
        pfo_id = predecessor.pfo_id
        dialog = SuccessorDialog(
            self.context,
            predecessor,
            self._pfo_names.get(pfo_id, ""),
            self._pfo_short_names[pfo_id],
            self,
        )
        dialog.saved.connect(lambda _id: self._successor_opened(dialog, predecessor))
        self.active_dialog = open_dialog(self.active_dialog, dialog)

    def _successor_opened(self, dialog: SuccessorDialog, predecessor: Term) -> None:
        self._say(
            _(
                "The appointment of {person} as successor of {predecessor} is open. "
                "Ctrl+Z undoes it."
            ).format(person=dialog.candidate.currentText(), predecessor=predecessor.person)
        )

    # Recording a municipality's decision ------------------------------------------------------

    def current_municipality(self) -> str | None:
        rows = self.votes.selectionModel().selectedRows()
        if not rows or self.votes.rowCount() == 0:
            return None
        item = self.votes.item(rows[0].row(), 0)
        return item.data(ID_ROLE) if item else None

    def record_vote(self) -> None:
        progress = self._detail.pending if self._detail else None
        if progress is None:
            self.refusal.show_error(_("Choose a PFO with a pending appointment first."))
            return
        municipality_id = self.current_municipality()
        if municipality_id is None:
            self.refusal.show_error(_("Choose a municipality in the list of decisions first."))
            return
        municipality = next(
            v.municipality for v in progress.votes if v.municipality_id == municipality_id
        )
        vote = AppointmentVote(self.vote.currentData())
        day: date = self.decided_on.date().toPython()
        reference = self.reference.text()
        actor, appointment_id = self.context.actor, progress.term.id
        done = _("Recorded: {municipality} {vote}. Ctrl+Z undoes it.").format(
            municipality=municipality, vote=vote.label
        )
        self.refusal.clear_error()
        self.context.command(
            lambda store: record_municipal_appointment(
                store, actor, appointment_id, municipality_id, vote, day, reference
            ),
            label=_("record the appointment decision of {municipality}").format(
                municipality=municipality
            ),
            on_done=lambda _status: self._recorded(done),
            on_error=self.refusal.show_error,
        )

    def _recorded(self, text: str) -> None:
        self.reference.clear()
        self._say(text)

    def _say(self, text: str) -> None:
        self.refusal.clear_error()
        self.message.setText(text)
        self.context.status.emit(text)
