"""Meetings: every meeting of the region, filtered by PFO, period, status and text.

The PFO, period and status filters are asked of the store on the worker; the text filter works on
the rows already shown, as you type.  An answer to an older question is dropped when a newer one
was asked in the meantime.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from regiodesk.i18n import _, ngettext
from regiodesk.permissions import Actor
from regiodesk.queries.agenda import PfoChoice, pfo_choices, plannable_pfos
from regiodesk.queries.meetings import list_meetings
from regiodesk.store import Store
from regiodesk.timeutil import AMSTERDAM, local_date, utc_now
from ui.context import AppContext
from ui.models.meetings_model import ID_ROLE, MeetingEntry, MeetingsFilter, MeetingsModel, entries
from ui.pages.base import Page
from ui.widgets.error_label import ErrorLabel
from ui.widgets.lifetime import open_dialog
from ui.widgets.meeting_filters import Filters, MeetingFilterBar
from ui.widgets.shortcuts import LocalAction


@dataclass(frozen=True)
class _Data:
    pfos: list[PfoChoice]
    plannable: list[PfoChoice]
    entries: list[MeetingEntry]


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=AMSTERDAM)


def load(store: Store, filters: Filters, actor: Actor) -> _Data:
    """The meetings that pass the filters, with their texts made (runs on the worker)."""
    now = utc_now()
    start: datetime | None = None
    before: datetime | None = None
    if filters.period == "coming":
        start = now
    elif filters.period == "past_year":
        start, before = now - timedelta(days=365), now
    elif filters.period == "between":
        start = _midnight(filters.first_day) if filters.first_day else None
        before = _midnight(filters.last_day + timedelta(days=1)) if filters.last_day else None
    rows = list_meetings(
        store,
        pfo_id=filters.pfo_id,
        start=start,
        statuses=(filters.status,) if filters.status else (),
        newest_first=filters.period != "coming",
    )
    if before is not None:
        rows = [row for row in rows if row.starts_at < before]
    return _Data(pfo_choices(store), plannable_pfos(store, actor), entries(rows))


class MeetingsPage(Page):
    key = "meetings"
    watches = ("meeting", "agenda_item", "pfo", "role_assignment")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.filters = Filters()
        self._generation = 0
        self._plannable: list[PfoChoice] = []
        self.active_dialog: QWidget | None = None

        heading = QLabel(_("Meetings"))
        heading.setObjectName("pageHeading")
        self.bar = MeetingFilterBar()
        self.bar.changed.connect(self._filters_changed)
        self.bar.text_changed.connect(self._text_changed)
        self.new_action = LocalAction(
            self,
            _("&New meeting…"),
            QKeySequence.StandardKey.New,
            _("Plan a meeting of a PFO"),
            self.new_meeting,
        )
        self.new_button = self.new_action.button()
        self.calendar_action = LocalAction(
            self,
            _("Export to &calendar…"),
            None,
            _("Save the chosen PFO's meetings of a year as a calendar file (.ics)"),
            self.export_calendar,
        )
        self.calendar_button = self.calendar_action.button()
        self.model = MeetingsModel(self)
        self.proxy = MeetingsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._make_table()
        self.count = QLabel()
        self.count.setAccessibleName(_("Number of meetings"))
        self.error = ErrorLabel()
        # Ctrl+L: Ctrl+F is the window's search everywhere.
        LocalAction(self, _("Filter"), QKeySequence("Ctrl+L"), _("Filter"), self._find)

        top = QHBoxLayout()
        top.addWidget(self.bar, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.calendar_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.count)
        self._set_plannable([])
        self._update_calendar_action()

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setAccessibleName(_("Meetings"))
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 170), (1, 250), (2, 80), (4, 260), (5, 100), (6, 60)):
            table.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
        table.activated.connect(self._open)
        return table

    def _find(self) -> None:
        self.bar.text.setFocus()
        self.bar.text.selectAll()

    def title(self) -> str:
        return _("Meetings")

    # Loading ----------------------------------------------------------------------------------

    def show_target(self, target: object) -> None:
        """``target``: a PFO id to show only its meetings, or None to keep the filters."""
        if isinstance(target, str):
            self.filters = replace(self.filters, pfo_id=target)
            self.bar.select_pfo(target)
        super().show_target(target)

    def reload(self) -> None:
        self._generation += 1
        generation, filters, actor = self._generation, self.filters, self.context.actor
        if not self.model.rowCount():
            self.count.setText(_("Loading meetings…"))
        self.context.worker.query(
            lambda store: load(store, filters, actor),
            lambda data: self._show(generation, data),
            lambda error: self._failed(generation, error),
        )

    def _show(self, generation: int, data: _Data) -> None:
        if generation != self._generation:
            return  # a newer question is on its way
        self.error.clear_error()
        self.bar.set_pfos(data.pfos, self.filters.pfo_id)
        self._set_plannable(data.plannable)
        current = self.current_meeting_id()
        self.model.set_entries(data.entries)
        self._update_count()
        self._update_calendar_action()
        row = self.model.row_of(current) if current else None
        target = self.proxy.mapFromSource(self.model.index(row, 0)) if row is not None else None
        if target is None or not target.isValid():
            target = self.proxy.index(0, 0)
        if target.isValid():
            self.table.setCurrentIndex(target)
            self.table.scrollTo(target)

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self.error.show_error(error)
            self.count.clear()

    def _set_plannable(self, pfos: list[PfoChoice]) -> None:
        self._plannable = pfos
        self.new_action.allow(bool(pfos), _("Only a PFO's secretary plans its meetings."))

    # Filters ----------------------------------------------------------------------------------

    def _filters_changed(self, new: Filters) -> None:
        if new.period != self.filters.period:
            ascending = new.period == "coming"
            order = Qt.SortOrder.AscendingOrder if ascending else Qt.SortOrder.DescendingOrder
            self.table.sortByColumn(0, order)
        self.filters = new
        self.reload()

    def _text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()
        if not self.table.currentIndex().isValid() and self.proxy.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if not total:
            self.count.setText(_("No meetings match these filters."))
        elif shown == total:
            self.count.setText(ngettext("{n} meeting", "{n} meetings", total).format(n=total))
        else:
            self.count.setText(_("{shown} of {total} meetings").format(shown=shown, total=total))

    # Actions ----------------------------------------------------------------------------------

    def current_meeting_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def _open(self, index: QModelIndex) -> None:
        meeting_id = index.data(ID_ROLE)
        if meeting_id:
            self.context.navigate("meeting", meeting_id)

    def new_meeting(self) -> None:
        if not self._plannable:
            return
        from ui.dialogs.meeting_editor import MeetingEditorDialog

        dialog = MeetingEditorDialog(
            self.context, pfos=self._plannable, pfo_id=self.filters.pfo_id, parent=self
        )
        dialog.saved.connect(lambda meeting_id: self.context.navigate("meeting", meeting_id))
        self.active_dialog = open_dialog(self.active_dialog, dialog)

    def calendar_year(self) -> int:
        """The year to export: the chosen meeting's, else the first day's of the period, else
        this year (in Amsterdam)."""
        index = self.table.currentIndex()
        if index.isValid():
            row = self.model.row_of(index.data(ID_ROLE))
            if row is not None:
                return local_date(self.model.entry(row).meeting.starts_at).year
        if self.filters.period == "between" and self.filters.first_day:
            return self.filters.first_day.year
        return local_date(utc_now()).year

    def _update_calendar_action(self) -> None:
        self.calendar_action.allow(
            self.filters.pfo_id is not None,
            _("Choose a PFO first: its meetings of a year go into the calendar file."),
        )

    def export_calendar(self) -> None:
        pfo_id = self.filters.pfo_id
        if pfo_id is None:
            return
        from regiodesk.calendar_export import pfo_year_calendar
        from ui.calendar_file import export_to_calendar

        year = self.calendar_year()
        name = f"{self.bar.pfo.currentText()} {year}"
        export_to_calendar(
            self.context,
            self,
            name,
            lambda store: pfo_year_calendar(store, pfo_id, year),
            self.error,
        )
