"""To the councils: the decisions routed to the municipal councils, and where each council stands.

Overdue decisions (the council deadline has passed and not every council handled it) come first
and say so in words and with an icon.  Choosing a municipality shows everything its council still
has to handle.  Under the list, every council's status on the current decision.  Enter (or a
double click) opens the meeting that took the decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from regiodesk.i18n import _, ngettext
from regiodesk.queries.governance import council_agenda, council_overview
from regiodesk.queries.people import Municipality, municipalities
from regiodesk.store import Store
from ui.context import AppContext
from ui.models.council_followup_model import (
    DECISION,
    MUNICIPALITY,
    NOTE,
    CouncilFollowUpModel,
    CouncilStatesModel,
    FollowUpRow,
)
from ui.pages.base import Page
from ui.widgets.error_label import ErrorLabel


@dataclass(frozen=True)
class FollowUpData:
    municipalities: list[Municipality]
    rows: list[FollowUpRow]
    #: The municipality whose council's agenda this is (None: every decision).
    municipality_id: str | None


def load_follow_up(
    store: Store, municipality_id: str | None, include_complete: bool
) -> FollowUpData:
    known = municipalities(store)
    if municipality_id is not None and all(m.id != municipality_id for m in known):
        municipality_id = None
    if municipality_id is None:
        decisions = council_overview(store, include_complete=include_complete)
        rows = [FollowUpRow(decision) for decision in decisions]
    else:
        tasks = council_agenda(store, municipality_id)
        rows = [FollowUpRow(task.decision, task.state) for task in tasks]
    return FollowUpData(known, rows, municipality_id)


class CouncilFollowUpPage(Page):
    key = "council_followup"
    watches = (
        "council_follow_up",
        "decision",
        "agenda_item",
        "meeting",
        "pfo",
        "municipality",
    )

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._municipality: str | None = None
        heading = QLabel(_("To the councils"))
        heading.setObjectName("pageHeading")
        self.model = CouncilFollowUpModel(self)
        self.states = CouncilStatesModel(self)
        self.table = self._make_table()
        self.councils = self._make_councils()
        self.error = ErrorLabel()
        self.message = QLabel(_("Enter opens the agenda item the decision was taken on."))
        self.message.setAccessibleName(_("Status"))
        self.message.setWordWrap(True)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.councils)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(self._make_filters())
        layout.addWidget(split, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        QWidget.setTabOrder(self.municipality, self.include_complete)
        QWidget.setTabOrder(self.include_complete, self.table)
        QWidget.setTabOrder(self.table, self.councils)

    def title(self) -> str:
        return _("To the councils")

    # Widgets ----------------------------------------------------------------------------------

    def _make_filters(self) -> QHBoxLayout:
        self.municipality = QComboBox()
        self.municipality.setAccessibleName(_("Council of"))
        self.municipality.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.municipality.addItem(_("All councils"), None)
        self.municipality.currentIndexChanged.connect(self._filters_changed)
        label = QLabel(_("&Council of:"))
        label.setBuddy(self.municipality)
        self.include_complete = QCheckBox(_("Include decisions &every council has handled"))
        self.include_complete.toggled.connect(self._filters_changed)
        self.summary = QLabel()
        self.summary.setAccessibleName(_("Summary"))
        filters = QHBoxLayout()
        filters.addWidget(label)
        filters.addWidget(self.municipality)
        filters.addSpacing(12)
        filters.addWidget(self.include_complete)
        filters.addStretch(1)
        filters.addWidget(self.summary)
        return filters

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setAccessibleName(_("Decisions to the councils"))
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setWordWrap(True)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        lines = table.fontMetrics().lineSpacing()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(2 * lines + 10)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DECISION, QHeaderView.ResizeMode.Stretch)
        table.selectionModel().currentRowChanged.connect(self._show_councils)
        table.activated.connect(self._open)
        return table

    def _make_councils(self) -> QTableView:
        table = QTableView()
        table.setAccessibleName(_("Where each council stands"))
        table.setModel(self.states)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(MUNICIPALITY, QHeaderView.ResizeMode.ResizeToContents)
        return table

    # Loading ----------------------------------------------------------------------------------

    def show_target(self, target: Any) -> None:
        """``target``: a municipality id whose council's agenda to show (None: keep)."""
        if isinstance(target, str):
            self._municipality = target
        super().show_target(target)

    def reload(self) -> None:
        municipality, complete = self._municipality, self.include_complete.isChecked()
        self.context.worker.query(
            lambda store: load_follow_up(store, municipality, complete),
            self._show,
            self.error.show_error,
        )

    def _show(self, data: FollowUpData) -> None:
        self.error.clear_error()
        self._municipality = data.municipality_id
        self._fill_municipalities(data)
        self.include_complete.setEnabled(data.municipality_id is None)
        current = self.current_row()
        position = self.table.currentIndex().row()
        self.model.set_follow_up(data.rows, data.municipality_id is not None)
        self._select(current.decision.decision_id if current else None, position)
        self._show_councils()
        self.summary.setText(self._summary(data))

    def _summary(self, data: FollowUpData) -> str:
        rows = data.rows
        if not rows:
            if data.municipality_id is not None:
                return _("This council has nothing left to handle.")
            return _("No decisions are waiting for the councils.")
        overdue = sum(row.overdue for row in rows)
        parts = [
            ngettext("{count} decision", "{count} decisions", len(rows)).format(count=len(rows))
        ]
        if overdue:
            parts.append(
                ngettext("{count} overdue", "{count} overdue", overdue).format(count=overdue)
            )
        return " · ".join(parts)

    def _fill_municipalities(self, data: FollowUpData) -> None:
        self.municipality.blockSignals(True)
        while self.municipality.count() > 1:
            self.municipality.removeItem(1)
        for municipality in data.municipalities:
            self.municipality.addItem(municipality.name, municipality.id)
        wanted = data.municipality_id
        self.municipality.setCurrentIndex(self.municipality.findData(wanted) if wanted else 0)
        self.municipality.blockSignals(False)

    def _filters_changed(self) -> None:
        self._municipality = self.municipality.currentData()
        self.reload()

    # The current decision ---------------------------------------------------------------------

    def current_row(self) -> FollowUpRow | None:
        return self.model.row_of(self.table.currentIndex())

    def _select(self, decision_id: str | None, position: int) -> None:
        found = self.model.find(decision_id) if decision_id else None
        if found is None:
            if self.model.rowCount() == 0:
                return
            found = min(max(position, 0), self.model.rowCount() - 1)
        self.table.setCurrentIndex(self.model.index(found, 0))

    def _show_councils(self, *_args: Any) -> None:
        row = self.current_row()
        self.states.set_rows(row.decision.councils if row is not None else [])

    def _open(self, index: QModelIndex | QPersistentModelIndex) -> None:
        row = self.model.row_of(index)
        if row is not None:
            self.context.navigate("agenda_item", row.decision.agenda_item_id)
