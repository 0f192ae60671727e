"""Population figures: every municipality's population per CBS reference date; add a figure by
hand, or import a CBS file (CSV).

The figures drive the shares per inhabitant of the initiatives.  The core checks everything (who
may change the region's data, the range of a figure, every line of a file); the dialog shows what
it says in place and stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from regiodesk.errors import NotPermitted
from regiodesk.i18n import _, format_date, format_number
from regiodesk.permissions import Actor, require_admin
from regiodesk.queries.population import FigureRow, PopulationTable, population_table
from regiodesk.store import Store
from ui.context import AppContext
from ui.widgets.error_label import ErrorLabel
from ui.widgets.lifetime import guarded
from ui.widgets.moment_edit import date_pattern
from ui.widgets.tables import read_only_table

#: The folder the user last imported a population file from.
FOLDER_KEY = "population_folder"
MAX_POPULATION = 10_000_000


@dataclass(frozen=True)
class _Data:
    table: PopulationTable
    #: Why the user may not change the figures ("" when they may).
    why_not: str


def load(store: Store, actor: Actor) -> _Data:
    """The figures, and whether this person may add to them (runs on the worker)."""
    why_not = ""
    try:
        require_admin(store, actor)
    except NotPermitted as refusal:
        why_not = refusal.message()
    return _Data(population_table(store), why_not)


def _cell(text: str, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class PopulationDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.data: _Data | None = None
        self.setWindowTitle(_("Population figures"))
        self.resize(760, 560)
        intro = QLabel(
            _(
                "The population of each municipality per CBS reference date. Shares per "
                "inhabitant use the figure at an initiative's reference date, or the latest "
                "before it."
            )
        )
        intro.setWordWrap(True)
        self.error = ErrorLabel()
        self.message = QLabel()
        self.message.setAccessibleName(_("Status"))
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.import_button = QPushButton(_("&Import CSV file…"))
        self.import_button.setToolTip(
            _("Record the figures of a CBS file: CBS code, population and reference date")
        )
        self.import_button.clicked.connect(self.import_file)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self._make_filters())
        layout.addWidget(self._make_table(), 1)
        layout.addWidget(self._make_form())
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._allow("")
        self.reload()

    # Widgets ----------------------------------------------------------------------------------

    def _make_filters(self) -> QHBoxLayout:
        self.show_municipality = QComboBox()
        self.show_municipality.setAccessibleName(_("Show municipality"))
        self.show_municipality.currentIndexChanged.connect(self._fill_table)
        self.show_date = QComboBox()
        self.show_date.setAccessibleName(_("Show reference date"))
        self.show_date.currentIndexChanged.connect(self._fill_table)
        for combo in (self.show_municipality, self.show_date):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        municipality_label = QLabel(_("&Municipality:"))
        municipality_label.setBuddy(self.show_municipality)
        date_label = QLabel(_("&Reference date:"))
        date_label.setBuddy(self.show_date)
        filters = QHBoxLayout()
        filters.addWidget(municipality_label)
        filters.addWidget(self.show_municipality)
        filters.addSpacing(16)
        filters.addWidget(date_label)
        filters.addWidget(self.show_date)
        filters.addStretch(1)
        return filters

    def _make_table(self) -> QTableWidget:
        self.table = read_only_table(
            [_("Municipality"), _("CBS code"), _("Reference date"), _("Population"), _("Source")],
            _("Population figures"),
        )
        return self.table

    def _make_form(self) -> QGroupBox:
        box = QGroupBox(_("Add a figure"))
        self.municipality = QComboBox()
        self.municipality.setAccessibleName(_("Municipality"))
        self.reference_date = QDateEdit()
        self.reference_date.setAccessibleName(_("Reference date"))
        self.reference_date.setCalendarPopup(True)
        self.reference_date.setDisplayFormat(date_pattern())
        today = date.today()
        self.reference_date.setDate(QDate(today.year, 1, 1))
        self.population = QSpinBox()
        self.population.setAccessibleName(_("Population"))
        self.population.setRange(1, MAX_POPULATION)
        self.population.setGroupSeparatorShown(True)
        self.add_button = QPushButton(_("&Add figure"))
        self.add_button.clicked.connect(self.add_figure)
        form = QFormLayout()
        form.addRow(_("Municipality:"), self.municipality)
        form.addRow(_("Reference date:"), self.reference_date)
        form.addRow(_("Population:"), self.population)
        row = QHBoxLayout(box)
        row.addLayout(form, 1)
        row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.form_box = box
        return box

    # Loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        actor = self.context.actor
        self.context.worker.query(
            lambda store: load(store, actor),
            guarded(self, self._show),
            guarded(self, self.error.show_error),
        )

    def _show(self, data: _Data) -> None:
        self.data = data
        self._fill_choices(data.table)
        self._fill_table()
        self._allow(data.why_not)

    def _fill_choices(self, table: PopulationTable) -> None:
        shown_municipality = self.show_municipality.currentData()
        shown_date = self.show_date.currentData()
        chosen = self.municipality.currentData()
        for combo in (self.show_municipality, self.show_date, self.municipality):
            combo.blockSignals(True)
            combo.clear()
        self.show_municipality.addItem(_("All municipalities"), None)
        self.show_date.addItem(_("All dates"), None)
        for municipality in table.municipalities:
            self.show_municipality.addItem(municipality.name, municipality.id)
            self.municipality.addItem(
                f"{municipality.name} ({municipality.cbs_code})", municipality.id
            )
        for day in table.reference_dates:
            self.show_date.addItem(format_date(day), day.isoformat())
        for combo, wanted in (
            (self.show_municipality, shown_municipality),
            (self.show_date, shown_date),
            (self.municipality, chosen),
        ):
            combo.setCurrentIndex(max(combo.findData(wanted), 0) if wanted else 0)
            combo.blockSignals(False)

    def shown_figures(self) -> list[FigureRow]:
        if self.data is None:
            return []
        municipality_id = self.show_municipality.currentData()
        day = self.show_date.currentData()
        return [
            figure
            for figure in self.data.table.figures
            if (municipality_id is None or figure.municipality_id == municipality_id)
            and (day is None or figure.reference_date.isoformat() == day)
        ]

    def _fill_table(self) -> None:
        figures = self.shown_figures()
        self.table.setRowCount(len(figures))
        for row, figure in enumerate(figures):
            for column, item in enumerate(
                (
                    _cell(figure.name),
                    _cell(figure.cbs_code),
                    _cell(format_date(figure.reference_date)),
                    _cell(format_number(figure.population), right=True),
                    _cell(figure.source),
                )
            ):
                self.table.setItem(row, column, item)
        if self.data is not None and not self.data.table.municipalities:
            self.message.setText(_("This store has no region yet."))

    def _allow(self, why_not: str) -> None:
        allowed = self.data is not None and not why_not
        for widget in (self.form_box, self.import_button):
            widget.setEnabled(allowed)
            widget.setToolTip(why_not if not allowed else "")
        self.add_button.setToolTip(
            why_not if not allowed else _("Record this figure (a figure at that date is replaced)")
        )

    # Commands ---------------------------------------------------------------------------------

    def add_figure(self) -> None:
        municipality_id = self.municipality.currentData()
        if municipality_id is None:
            return
        from regiodesk.commands.region import add_population_figure

        picked = self.reference_date.date()
        day = date(picked.year(), picked.month(), picked.day())
        population, actor = self.population.value(), self.context.actor
        text = _("{municipality}: {population} inhabitants on {date} recorded.").format(
            municipality=self.municipality.currentText(),
            population=format_number(population),
            date=format_date(day),
        )
        self._run(
            lambda store: add_population_figure(store, actor, municipality_id, day, population),
            _("Add population figure"),
            lambda _result: text,
        )

    def import_file(self) -> None:
        folder = self.context.settings.ui_state.get(FOLDER_KEY, "")
        name, _chosen = QFileDialog.getOpenFileName(
            self, _("Import population figures"), folder, _("CSV files (*.csv);;All files (*)")
        )
        if not name:
            return
        path = Path(name)
        self.context.settings.ui_state[FOLDER_KEY] = str(path.parent)
        from regiodesk.commands.population import (
            PopulationImport,
            import_population_figures,
            municipality_ids_by_code,
        )
        from regiodesk.population_csv import read_population_csv

        actor = self.context.actor

        def work(store: Store) -> PopulationImport:
            rows = read_population_csv(path, municipality_ids_by_code(store))
            return import_population_figures(store, actor, rows)

        def said(result: PopulationImport) -> str:
            return _("{file}: {new} new, {changed} changed, {unchanged} unchanged figures.").format(
                file=path.name,
                new=format_number(result.new),
                changed=format_number(result.changed),
                unchanged=format_number(result.unchanged),
            )

        self._run(work, _("Import population figures"), said)

    def _run(self, work: Callable[[Store], Any], label: str, said: Callable[[Any], str]) -> None:
        """Run a core command; say what it did, or show its refusal in place."""
        self.error.clear_error()
        self.message.clear()

        def finished(result: Any) -> None:
            text = said(result)
            self.message.setText(text)
            self.context.status.emit(text)
            self.reload()

        self.context.command(
            work,
            label,
            guarded(self, finished),
            guarded(self, self.error.show_error),
        )
