"""Create an initiative, or change one: its PFO, budget, cost key, years and participants.

The participants are the region's municipalities, each with a check box (checked: it takes part),
a reason for one that does not, and its percentage when the cost key is "custom percentages".
They are set by hand, or taken from a decided agenda item of the PFO: the core says which
municipalities its positions make take part (and why the others do not), the dialog ticks them,
and saving passes the item to the core, so the participants are recorded as that decision's.
Changing a tick by hand afterwards makes them hand-set again.
OK runs the core's commands (create or update the initiative, then set its participants) as one
job in one transaction, so it is one step for Undo and all or nothing; the dialog stays open with
the core's words under the form when it refuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from regiodesk.commands.initiatives import (
    FIRST_YEAR,
    LAST_YEAR,
    create_initiative,
    set_participants,
    update_initiative,
)
from regiodesk.errors import InvalidInput
from regiodesk.i18n import _, ngettext
from regiodesk.model.enums import CostKey
from regiodesk.queries.agenda import PfoChoice, pfo_choices
from regiodesk.queries.initiative_sources import (
    DecisionParticipants,
    DecisionSource,
    decision_sources,
    participants_from_decision,
)
from regiodesk.queries.initiatives import InitiativeShares
from regiodesk.queries.people import Municipality, municipalities
from regiodesk.store import Store
from ui.context import AppContext
from ui.widgets.error_label import ErrorLabel
from ui.widgets.lifetime import guarded

#: The columns of the participants table.
NAME, REASON, PERCENTAGE = 0, 1, 2
ID_ROLE = Qt.ItemDataRole.UserRole + 1
_AMOUNT = re.compile(r"^[+-]?[0-9.,]+$")


def parse_amount(text: str, field: str) -> Decimal:
    """An amount as typed: Dutch "1.234,56", "1234,56" or "1234.56" (a euro sign and spaces are
    ignored).  With both marks the last one is the decimal mark; a comma alone is the decimal
    mark, and so is a single point (several points are thousands separators).  The value is not
    rounded: a fraction of a cent is for the core to refuse."""
    cleaned = text.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
    if not cleaned or not _AMOUNT.match(cleaned):
        raise InvalidInput(field=field, reason=_("give an amount, such as 1.234,56"))
    if "," in cleaned and "." in cleaned:
        mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        grouping = "." if mark == "," else ","
        cleaned = cleaned.replace(grouping, "").replace(mark, ".")
    elif "," in cleaned:
        if cleaned.count(",") > 1:
            raise InvalidInput(field=field, reason=_("give an amount, such as 1.234,56"))
        cleaned = cleaned.replace(",", ".")
    elif cleaned.count(".") > 1:
        cleaned = cleaned.replace(".", "")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise InvalidInput(field=field, reason=_("give an amount, such as 1.234,56")) from None


def format_amount(value: Decimal) -> str:
    """A budget as it is typed in Dutch: "1234,56" (no grouping, a decimal comma)."""
    return f"{value:f}".replace(".", ",")


@dataclass(frozen=True)
class EditorChoices:
    pfos: list[PfoChoice]
    municipalities: list[Municipality]


def load_choices(store: Store) -> EditorChoices:
    return EditorChoices(pfo_choices(store), municipalities(store))


def source_text(source: DecisionSource) -> str:
    """A decided item as the list of sources shows it: meeting, title and outcome."""
    return _("{meeting}: {item} ({outcome})").format(
        meeting=source.meeting_reference, item=source.title, outcome=source.outcome.label
    )


@dataclass(frozen=True)
class Participants:
    taking_part: list[str]
    reasons: dict[str, str]
    percentages: dict[str, Decimal]


class InitiativeEditor(QDialog):
    """A new initiative, or a change to ``initiative``.  Emits ``saved`` with the initiative's id
    once the store holds it."""

    saved = Signal(str)

    def __init__(
        self,
        context: AppContext,
        initiative: InitiativeShares | None = None,
        parent: QWidget | None = None,
        pfo_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.initiative = initiative
        self._wanted_pfo = initiative.pfo_id if initiative else pfo_id
        #: The decided items of the PFO, by agenda item id, and the municipalities the chosen
        #: one makes take part (None: the participants are set by hand).
        self._sources: dict[str, DecisionSource] = {}
        self._source_ids: set[str] | None = None
        self._applying = False
        self.setWindowTitle(_("Change the initiative") if initiative else _("New initiative"))
        self.setMinimumWidth(620)

        self._make_fields(initiative)
        self.participants = self._make_participants()
        self._make_source()
        self.error = ErrorLabel()

        form = QFormLayout()
        form.addRow(_("&Title:"), self.title_edit)
        form.addRow(_("&PFO:"), self.pfo)
        form.addRow(_("&Description:"), self.description)
        form.addRow(_("&Budget per year (€):"), self.budget)
        form.addRow(_("&Cost key:"), self.cost_key)
        form.addRow(_("&Reference date:"), self.reference_date)
        form.addRow(_("&First year:"), self.start_year)
        form.addRow(_("&Last year:"), self.end_year)
        heading = QLabel(_("P&articipants (checked: takes part):"))
        heading.setBuddy(self.participants)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Save") if initiative else _("Create initiative"))
        self.ok_button.setEnabled(False)  # until the choices are loaded
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(heading)
        source_row = QHBoxLayout()
        source_row.addWidget(self.source_label)
        source_row.addWidget(self.source, 1)
        layout.addLayout(source_row)
        layout.addWidget(self.source_note)
        layout.addWidget(self.participants, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.cost_key.currentIndexChanged.connect(self._key_changed)
        self.source.currentIndexChanged.connect(self._source_chosen)
        self.participants.itemChanged.connect(self._participant_changed)
        self.title_edit.setFocus()
        context.worker.query(
            load_choices,
            guarded(self, self._show_choices),
            guarded(self, self.error.show_error),
        )

    def _make_fields(self, initiative: InitiativeShares | None) -> None:
        self.title_edit = QLineEdit(initiative.title if initiative else "")
        self.title_edit.setAccessibleName(_("Title"))
        self.pfo = QComboBox()
        self.pfo.setAccessibleName(_("PFO"))
        if initiative is not None:
            self.pfo.setEnabled(False)  # an initiative stays with its PFO
        self.description = QPlainTextEdit(initiative.description if initiative else "")
        self.description.setAccessibleName(_("Description"))
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(70)
        self.budget = QLineEdit(format_amount(initiative.budget_per_year) if initiative else "")
        self.budget.setAccessibleName(_("Budget per year"))
        self.budget.setPlaceholderText(_("e.g. 1.234,56"))
        self.cost_key = QComboBox()
        self.cost_key.setAccessibleName(_("Cost key"))
        for key in CostKey:
            self.cost_key.addItem(key.label, key.value)
        if initiative is not None:
            self.cost_key.setCurrentIndex(self.cost_key.findData(initiative.cost_key.value))
        self.reference_date = QDateEdit()
        self.reference_date.setAccessibleName(_("Reference date"))
        self.reference_date.setCalendarPopup(True)
        self.reference_date.setDisplayFormat("dd-MM-yyyy")
        reference = initiative.reference_date if initiative else None
        self.reference_date.setDate(QDate(reference or date.today()))
        this_year = date.today().year
        self.start_year = self._year_box(
            _("First year"), initiative.start_year if initiative else this_year + 1
        )
        self.end_year = self._year_box(
            _("Last year"), initiative.end_year if initiative else this_year + 1
        )

    @staticmethod
    def _year_box(name: str, value: int) -> QSpinBox:
        box = QSpinBox()
        box.setAccessibleName(name)
        box.setRange(FIRST_YEAR, LAST_YEAR)
        box.setValue(value)
        return box

    def _make_participants(self) -> QTableWidget:
        table = QTableWidget(0, 3)
        table.setAccessibleName(_("Participants"))
        table.setHorizontalHeaderLabels(
            [_("Municipality"), _("Reason for not taking part"), _("Percentage")]
        )
        table.verticalHeader().setVisible(False)
        table.setTabKeyNavigation(False)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PERCENTAGE, QHeaderView.ResizeMode.ResizeToContents)
        table.setMinimumHeight(220)
        return table

    def _make_source(self) -> None:
        """The choice of a decided item of the PFO to take the participants from."""
        self.source = QComboBox()
        self.source.setAccessibleName(_("Take the participants from a decision"))
        self._source_tip = _(
            "Tick the municipalities that take part by their position on a decided item of "
            "the PFO, and record that decision as where the participants come from"
        )
        self.source.setToolTip(self._source_tip)
        self.source.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.source.setMinimumContentsLength(30)
        self.source.setMaxVisibleItems(15)
        self.source.addItem(_("(set by hand)"), None)
        self.source.setEnabled(False)  # until the PFO's decisions are known
        self.source_label = QLabel(_("Ta&ke them from a decision:"))
        self.source_label.setBuddy(self.source)
        self.source_note = QLabel()
        self.source_note.setWordWrap(True)
        self.source_note.setVisible(False)

    # Loading ----------------------------------------------------------------------------------

    def _show_choices(self, choices: EditorChoices) -> None:
        if self.initiative is not None:
            self.pfo.addItem(self.initiative.pfo_name or _("(no PFO)"), self.initiative.pfo_id)
        else:
            for pfo in choices.pfos:
                self.pfo.addItem(pfo.name, pfo.id)
            found = self.pfo.findData(self._wanted_pfo) if self._wanted_pfo else -1
            self.pfo.setCurrentIndex(max(found, 0))
        table = self.participants
        table.setRowCount(len(choices.municipalities))
        for row, municipality in enumerate(choices.municipalities):
            recorded = self.initiative.row(municipality.id) if self.initiative else None
            name = QTableWidgetItem(municipality.name)
            name.setData(ID_ROLE, municipality.id)
            name.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            taking_part = recorded.participates if recorded else self.initiative is None
            name.setCheckState(Qt.CheckState.Checked if taking_part else Qt.CheckState.Unchecked)
            table.setItem(row, NAME, name)
            reason = QTableWidgetItem(recorded.reason if recorded else "")
            table.setItem(row, REASON, reason)
            percentage = recorded.percentage if recorded else None
            table.setItem(
                row,
                PERCENTAGE,
                QTableWidgetItem(format_amount(percentage) if percentage is not None else ""),
            )
        if table.rowCount():
            table.setCurrentCell(0, NAME)
        self._key_changed()
        self.ok_button.setEnabled(self.pfo.count() > 0)
        self._load_sources()
        self.pfo.currentIndexChanged.connect(self._load_sources)

    def _load_sources(self) -> None:
        """Ask for the decided items of the chosen PFO; the participants are hand-set until
        one is chosen."""
        pfo_id = self.pfo.currentData()
        self._fill_sources([])
        if pfo_id is None:
            return
        self.context.worker.query(
            lambda store: (pfo_id, decision_sources(store, pfo_id)),
            guarded(self, self._show_sources),
            guarded(self, self.error.show_error),
        )

    def _show_sources(self, answer: tuple[str, list[DecisionSource]]) -> None:
        pfo_id, sources = answer
        if pfo_id == self.pfo.currentData():
            self._fill_sources(sources)

    def _fill_sources(self, sources: list[DecisionSource]) -> None:
        self.source.blockSignals(True)
        self.source.clear()
        self.source.addItem(
            _("(set by hand)") if sources else _("(set by hand: the PFO has no decisions yet)"),
            None,
        )
        self._sources = {source.agenda_item_id: source for source in sources}
        for source in sources:
            self.source.addItem(source_text(source), source.agenda_item_id)
            self.source.setItemData(
                self.source.count() - 1,
                ngettext(
                    "{count} municipality takes part by its position",
                    "{count} municipalities take part by their positions",
                    source.taking_part,
                ).format(count=source.taking_part),
                Qt.ItemDataRole.ToolTipRole,
            )
        self.source.setCurrentIndex(0)
        self.source.setToolTip(self._source_tip)
        self.source.setEnabled(bool(sources))
        self.source.blockSignals(False)
        self._source_ids = None
        recorded = self.initiative.source_item_id if self.initiative else None
        if recorded in self._sources:
            self._say_source(
                _("The participants now recorded were taken from {decision}.").format(
                    decision=source_text(self._sources[recorded])
                )
            )
        else:
            self._say_source("")

    # Taking the participants from a decision ---------------------------------------------------

    def source_id(self) -> str | None:
        """The decided item the participants are taken from (None: set by hand)."""
        data = self.source.currentData()
        return str(data) if data else None

    def _source_chosen(self) -> None:
        self._source_ids = None
        item_id = self.source_id()
        # The chosen item in full (a long title does not fit in the box).
        self.source.setToolTip(self.source.currentText() if item_id else self._source_tip)
        if item_id is None:
            self._say_source("")
            return
        self.ok_button.setEnabled(False)  # until the ticks are those of the decision
        self._say_source(_("Asking which municipalities take part…"))
        self.context.worker.query(
            lambda store: participants_from_decision(store, item_id),
            guarded(self, self._take_participants),
            guarded(self, self._source_refused),
        )

    def _take_participants(self, found: DecisionParticipants) -> None:
        if found.agenda_item_id != self.source_id():
            return  # another item was chosen meanwhile
        taking_part = set(found.taking_part)
        table = self.participants
        self._applying = True
        try:
            for row in range(table.rowCount()):
                name = table.item(row, NAME)
                municipality_id = name.data(ID_ROLE)
                checked = municipality_id in taking_part
                name.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                if not checked and found.reasons.get(municipality_id):
                    table.item(row, REASON).setText(found.reasons[municipality_id])
        finally:
            self._applying = False
        self._source_ids = taking_part
        self.ok_button.setEnabled(self.pfo.count() > 0)
        source = self._sources.get(found.agenda_item_id)
        where = source_text(source) if source else ""
        if taking_part:
            self._say_source(
                ngettext(
                    "Taken from {decision}: {count} municipality takes part by its position. "
                    "Saving records this decision as where the participants come from.",
                    "Taken from {decision}: {count} municipalities take part by their positions. "
                    "Saving records this decision as where the participants come from.",
                    len(taking_part),
                ).format(decision=where, count=len(taking_part))
            )
        else:
            self._say_source(
                _("No municipality takes part by its position on {decision}.").format(
                    decision=where
                )
            )

    def _source_refused(self, error: BaseException) -> None:
        self.ok_button.setEnabled(self.pfo.count() > 0)
        self._say_source("")
        self.error.show_error(error)

    def _participant_changed(self, item: QTableWidgetItem) -> None:
        """A tick changed by hand: the participants are no longer the decision's."""
        if self._applying or self._source_ids is None or item.column() != NAME:
            return
        checked = item.checkState() == Qt.CheckState.Checked
        if checked == (item.data(ID_ROLE) in self._source_ids):
            return
        self.source.setCurrentIndex(0)
        self._say_source(
            _("Changed by hand: the participants are no longer those of the decision.")
        )

    def _say_source(self, text: str) -> None:
        self.source_note.setText(text)
        self.source_note.setVisible(bool(text))

    def _key_changed(self) -> None:
        """Percentages are for the custom key only."""
        custom = self._key() is CostKey.CUSTOM
        table = self.participants
        for row in range(table.rowCount()):
            item = table.item(row, PERCENTAGE)
            flags = Qt.ItemFlag.ItemIsSelectable
            if custom:
                flags |= Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsEditable
            item.setFlags(flags)

    # Values -----------------------------------------------------------------------------------

    def _key(self) -> CostKey:
        return CostKey(self.cost_key.currentData())

    def _participants(self) -> Participants:
        table = self.participants
        custom = self._key() is CostKey.CUSTOM
        taking_part: list[str] = []
        reasons: dict[str, str] = {}
        percentages: dict[str, Decimal] = {}
        for row in range(table.rowCount()):
            name = table.item(row, NAME)
            municipality_id = name.data(ID_ROLE)
            reason = table.item(row, REASON).text().strip()
            if name.checkState() == Qt.CheckState.Checked:
                taking_part.append(municipality_id)
                text = table.item(row, PERCENTAGE).text().strip()
                if custom and text:
                    percentages[municipality_id] = parse_amount(
                        text.rstrip("%"), _("percentage of {name}").format(name=name.text())
                    )
            elif reason:
                reasons[municipality_id] = reason
        return Participants(taking_part, reasons, percentages)

    def values(self) -> dict[str, Any]:
        """What the form says, as the core's keyword arguments (a misspelt amount raises the
        core's ``InvalidInput``)."""
        key = self._key()
        return {
            "title": self.title_edit.text(),
            "description": self.description.toPlainText(),
            "budget_per_year": parse_amount(self.budget.text(), _("budget per year")),
            "cost_key": key,
            "reference_date": self.reference_date.date().toPython(),
            "start_year": self.start_year.value(),
            "end_year": self.end_year.value(),
        }

    # Saving -----------------------------------------------------------------------------------

    def submit(self) -> None:
        self.error.clear_error()
        try:
            values = self.values()
            chosen = self._participants()
        except InvalidInput as error:
            self.error.show_error(error)
            return
        actor = self.context.actor
        initiative = self.initiative
        custom = values["cost_key"] is CostKey.CUSTOM
        source_id = self.source_id()

        def participants(store: Store, initiative_id: str) -> None:
            # A municipality left out without a reason goes to the core without one: its
            # refusal names the municipality and asks why.  Taken from a decision, the core
            # makes the participants those of its positions.
            set_participants(
                store,
                actor,
                initiative_id,
                None if source_id else chosen.taking_part,
                agenda_item_id=source_id,
                reasons=chosen.reasons,
                percentages=chosen.percentages if custom else None,
            )

        if initiative is None:
            pfo_id = self.pfo.currentData()
            label = _("Create an initiative")

            def work(store: Store) -> str:
                with store.write(actor.person_id):
                    new_id = create_initiative(store, actor, pfo_id=pfo_id, **values)
                    participants(store, new_id)
                return new_id

        else:
            label = _("Change the initiative")

            def work(store: Store) -> str:
                with store.write(actor.person_id):
                    if custom:
                        # The new percentages first, then the key that uses them.
                        participants(store, initiative.id)
                        update_initiative(store, actor, initiative.id, **values)
                    else:
                        update_initiative(store, actor, initiative.id, **values)
                        participants(store, initiative.id)
                return initiative.id

        source = self._sources.get(source_id) if source_id else None
        if source is not None:
            label = _("{step}, with the participants of {decision}").format(
                step=label, decision=source_text(source)
            )
        self.ok_button.setEnabled(False)
        self.context.command(work, label, guarded(self, self._saved), guarded(self, self._refused))

    def _saved(self, initiative_id: str) -> None:
        self.saved.emit(initiative_id)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.error.show_error(error)
