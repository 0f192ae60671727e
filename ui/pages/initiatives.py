"""Initiatives: what the coalitions of the willing cost each municipality.

The matrix puts every initiative of the region (running in the chosen year, or all) against
every municipality: a cell holds the municipality's share per year, or "does not participate"
with the reason in its tooltip.  The last row totals each municipality, the last column each
initiative.  "Export CSV…" saves the whole matrix; "Export CSV for the municipality…" saves what
the chosen municipality pays, for its budget cycle.  "New initiative…" (Ctrl+N) and "Change…"
(Enter or F2 on an initiative's row) open the initiative editor.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from regiodesk.i18n import _, format_money, ngettext
from regiodesk.queries.initiatives import (
    InitiativeShares,
    Matrix,
    matrix,
    matrix_csv,
    municipality_csv,
)
from regiodesk.queries.summary import region_id
from regiodesk.store import Store
from ui.context import AppContext
from ui.models.initiatives_model import TITLE, InitiativesModel
from ui.pages.base import Page
from ui.widgets.error_label import ErrorLabel
from ui.widgets.lifetime import open_dialog
from ui.widgets.shortcuts import LocalAction


@dataclass(frozen=True)
class MatrixData:
    #: The matrix for the chosen year (None: the store has no region yet).
    table: Matrix | None
    #: Every budget year some initiative of the region runs in.
    years: list[int]


def load_matrix(store: Store, year: int | None) -> MatrixData:
    region = region_id(store)
    if region is None:
        return MatrixData(None, [])
    every = matrix(store, region)
    years = sorted({y for i in every.initiatives for y in range(i.start_year, i.end_year + 1)})
    return MatrixData(every if year is None else matrix(store, region, year), years)


class InitiativesPage(Page):
    key = "initiatives"
    watches = (
        "initiative",
        "initiative_participant",
        "municipality",
        "population_figure",
        "region",
        "pfo",
    )

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._year: int | None = None
        self._municipality: str | None = context.identity.municipality_id
        self.active_dialog: QWidget | None = None
        heading = QLabel(_("Initiatives"))
        heading.setObjectName("pageHeading")
        self.model = InitiativesModel(self)
        self.table = self._make_table()
        self.error = ErrorLabel()
        self.message = QLabel()
        self.message.setAccessibleName(_("Status"))
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(self._make_filters())
        layout.addLayout(self._make_editing())
        layout.addWidget(self.table, 1)
        layout.addLayout(self._make_exports())
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        QWidget.setTabOrder(self.year, self.new_button)
        QWidget.setTabOrder(self.new_button, self.change_button)
        QWidget.setTabOrder(self.change_button, self.table)
        QWidget.setTabOrder(self.table, self.export_all)
        QWidget.setTabOrder(self.export_all, self.municipality)
        QWidget.setTabOrder(self.municipality, self.export_one)

    def title(self) -> str:
        return _("Initiatives")

    # Widgets ----------------------------------------------------------------------------------

    def _make_filters(self) -> QHBoxLayout:
        self.year = QComboBox()
        self.year.setAccessibleName(_("Budget year"))
        self.year.addItem(_("All years"), None)
        self.year.currentIndexChanged.connect(self._year_changed)
        label = QLabel(_("Budget &year:"))
        label.setBuddy(self.year)
        self.summary = QLabel()
        self.summary.setAccessibleName(_("Summary"))
        filters = QHBoxLayout()
        filters.addWidget(label)
        filters.addWidget(self.year)
        filters.addStretch(1)
        filters.addWidget(self.summary)
        return filters

    def _make_editing(self) -> QHBoxLayout:
        self.new_action = LocalAction(
            self,
            _("&New initiative…"),
            QKeySequence.StandardKey.New,
            _("Create an initiative and choose who takes part"),
            self.new_initiative,
        )
        self.new_button = self.new_action.button()
        # Enter is the table's own key (``activated``); F2 works there too.
        self.change_action = LocalAction(
            self.table,
            _("C&hange…"),
            QKeySequence("F2"),
            _("Change the chosen initiative: its budget, cost key and participants"),
            self.change_initiative,
        )
        self.change_button = self.change_action.button(_("Change the initiative"))
        self.change_action.allow(False, _("Choose an initiative in the table first"))
        self.population_button = QPushButton(_("&Population figures…"))
        self.population_button.setToolTip(
            _("The municipalities' population per CBS reference date: view, add, import")
        )
        self.population_button.clicked.connect(self.open_population)
        editing = QHBoxLayout()
        editing.addWidget(self.new_button)
        editing.addWidget(self.change_button)
        editing.addStretch(1)
        editing.addWidget(self.population_button)
        return editing

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setAccessibleName(_("Initiatives by municipality"))
        table.setModel(self.model)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Interactive)
        table.selectionModel().currentChanged.connect(self._current_changed)
        table.activated.connect(self._activated)
        return table

    def _make_exports(self) -> QHBoxLayout:
        self.export_all = QPushButton(_("&Export CSV…"))
        self.export_all.setToolTip(_("Save the whole matrix as a CSV file"))
        self.export_all.clicked.connect(self.export_matrix)
        self.municipality = QComboBox()
        self.municipality.setAccessibleName(_("Municipality"))
        self.municipality.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.municipality.currentIndexChanged.connect(self._municipality_changed)
        label = QLabel(_("&Municipality:"))
        label.setBuddy(self.municipality)
        self.export_one = QPushButton(_("Export CSV for the m&unicipality…"))
        self.export_one.setToolTip(
            _("Save what the municipality pays per initiative, for its budget cycle")
        )
        self.export_one.clicked.connect(self.export_municipality)
        self.export_pdf = QPushButton(_("Expor&t PDF for the municipality…"))
        self.export_pdf.setToolTip(
            _("Save what the municipality pays, and where it does not take part, as a PDF")
        )
        self.export_pdf.clicked.connect(self.export_municipality_pdf)
        exports = QHBoxLayout()
        exports.addWidget(self.export_all)
        exports.addSpacing(24)
        exports.addWidget(label)
        exports.addWidget(self.municipality)
        exports.addWidget(self.export_one)
        exports.addWidget(self.export_pdf)
        exports.addStretch(1)
        return exports

    # Loading ----------------------------------------------------------------------------------

    def show_target(self, target: Any) -> None:
        """``target``: a budget year to show (None: keep the current one)."""
        if isinstance(target, int):
            self._year = target
        super().show_target(target)

    def reload(self) -> None:
        year = self._year
        self.context.worker.query(
            lambda store: load_matrix(store, year), self._show, self.error.show_error
        )

    def _show(self, data: MatrixData) -> None:
        self.error.clear_error()
        self._fill_years(data.years)
        if data.table is None:
            self.model.set_matrix(Matrix("", None, [], []))
            self.summary.setText(_("This store has no region yet."))
            self._enable_exports()
            return
        current = self.table.currentIndex()
        self.model.set_matrix(data.table)
        self._fill_municipalities(data.table)
        if current.isValid() and current.row() < self.model.rowCount():
            self.table.setCurrentIndex(
                self.model.index(current.row(), min(current.column(), self.model.total_column))
            )
        self.summary.setText(self._summary(data.table))
        self._enable_exports()
        self._enable_change()

    def _summary(self, table: Matrix) -> str:
        if not table.initiatives:
            if table.year is None:
                return _("The region has no initiatives yet.")
            return _("No initiative runs in {year}.").format(year=table.year)
        count = len(table.initiatives)
        return ngettext(
            "{count} initiative · {total} per year",
            "{count} initiatives · {total} per year",
            count,
        ).format(count=count, total=format_money(table.total))

    def _fill_years(self, years: list[int]) -> None:
        wanted = self._year
        self.year.blockSignals(True)
        while self.year.count() > 1:
            self.year.removeItem(1)
        for year in years:
            self.year.addItem(str(year), year)
        if wanted is not None and wanted not in years:
            self.year.addItem(str(wanted), wanted)  # keep the choice, even with nothing in it
        self.year.setCurrentIndex(max(self.year.findData(wanted), 0) if wanted else 0)
        self.year.blockSignals(False)

    def _fill_municipalities(self, table: Matrix) -> None:
        wanted = self._municipality
        self.municipality.blockSignals(True)
        self.municipality.clear()
        for municipality in table.municipalities:
            self.municipality.addItem(municipality.name, municipality.id)
        found = self.municipality.findData(wanted) if wanted else -1
        self.municipality.setCurrentIndex(max(found, 0))
        self.municipality.blockSignals(False)
        self._municipality = self.municipality.currentData()

    def _enable_exports(self) -> None:
        table = self.model.matrix
        has = table is not None and bool(table.initiatives)
        self.export_all.setEnabled(has)
        self.export_one.setEnabled(has and self.municipality.count() > 0)
        self.export_pdf.setEnabled(has and self.municipality.count() > 0)

    def _year_changed(self) -> None:
        self._year = self.year.currentData()
        self.reload()

    def _municipality_changed(self) -> None:
        self._municipality = self.municipality.currentData()

    def _current_changed(self, current: Any, _previous: Any) -> None:
        """Moving to a municipality's column makes it the one to export."""
        self._enable_change()
        municipality_id = self.model.municipality_at(current.column())
        if municipality_id is not None:
            found = self.municipality.findData(municipality_id)
            if found >= 0:
                self.municipality.setCurrentIndex(found)

    # Editing --------------------------------------------------------------------------------

    def current_initiative(self) -> InitiativeShares | None:
        index = self.table.currentIndex()
        return self.model.row_of(index) if index.isValid() else None

    def _enable_change(self) -> None:
        if hasattr(self, "change_action"):
            self.change_action.allow(
                self.current_initiative() is not None,
                _("Choose an initiative in the table first"),
            )

    def _activated(self, index: QModelIndex) -> None:
        if self.model.row_of(index) is not None:
            self.change_initiative()

    def new_initiative(self) -> None:
        from ui.dialogs.initiative_editor import InitiativeEditor

        self._open_editor(InitiativeEditor(self.context, parent=self))

    def change_initiative(self) -> None:
        initiative = self.current_initiative()
        if initiative is None:
            return
        from ui.dialogs.initiative_editor import InitiativeEditor

        self._open_editor(InitiativeEditor(self.context, initiative, parent=self))

    def _open_editor(self, dialog: QWidget) -> None:
        dialog.saved.connect(  # type: ignore[attr-defined]
            lambda _id: self._say(_("The initiative is saved."))
        )
        self.active_dialog = open_dialog(self.active_dialog, dialog)  # type: ignore[arg-type]

    # Exporting --------------------------------------------------------------------------------

    def export_matrix(self) -> None:
        table = self.model.matrix
        if table is None or not table.initiatives:
            return
        name = _("initiatives") if table.year is None else _("initiatives {year}")
        self._export(name.format(year=table.year), lambda: matrix_csv(table))

    def export_municipality(self) -> None:
        table, municipality_id = self.model.matrix, self.municipality.currentData()
        if table is None or not table.initiatives or municipality_id is None:
            return
        name = self.municipality.currentText()
        if table.year is not None:
            name = f"{name} {table.year}"
        self._export(
            _("initiatives {name}").format(name=name),
            lambda: municipality_csv(table, municipality_id),
        )

    def export_municipality_pdf(self) -> None:
        table, municipality_id = self.model.matrix, self.municipality.currentData()
        if table is None or not table.initiatives or municipality_id is None:
            return
        name = self.municipality.currentText()
        if table.year is not None:
            name = f"{name} {table.year}"
        suggested = str(Path.home() / f"{_('initiatives {name}').format(name=name)}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export PDF"), suggested, _("PDF files (*.pdf)")
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(f"{target.name}.pdf")
        done = _("Saved {file}.").format(file=target)

        def write(store: Store) -> None:
            from regiodesk.initiative_report import municipality_report, write_report
            from regiodesk.queries.summary import region_name

            report = municipality_report(table, municipality_id, region_name(store) or "")
            write_report(report, target)

        self.error.clear_error()
        self.context.worker.query(write, lambda _result: self._say(done), self._export_failed)

    def open_population(self) -> None:
        from ui.dialogs.population_dialog import PopulationDialog

        self.active_dialog = open_dialog(self.active_dialog, PopulationDialog(self.context, self))

    def _export(self, name: str, make: Any) -> None:
        suggested = str(Path.home() / f"{name}.csv")
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export CSV"), suggested, _("CSV files (*.csv)")
        )
        if not path:
            return
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(".csv")
        done = _("Saved {file}.").format(file=target.name)

        def write(_store: Store) -> None:
            target.write_bytes(make())

        self.error.clear_error()
        self.context.worker.query(write, lambda _result: self._say(done), self._export_failed)

    def _export_failed(self, error: BaseException) -> None:
        if isinstance(error, OSError):
            self.error.show_error(
                _("The file could not be saved: {reason}").format(
                    reason=error.strerror or str(error)
                )
            )
            return
        self.error.show_error(error)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.context.status.emit(text)
