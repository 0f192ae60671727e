"""The filters above the meetings list: PFO, period (coming, past year, all, or between two
dates), status, and free text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QWidget

from regiodesk.i18n import _
from regiodesk.model.enums import MeetingStatus
from regiodesk.queries.agenda import PfoChoice
from ui.widgets.moment_edit import date_pattern

PERIODS = ("coming", "past_year", "all", "between")


@dataclass(frozen=True)
class Filters:
    pfo_id: str | None = None
    period: str = "coming"
    status: MeetingStatus | None = None
    #: Inclusive days (Amsterdam) for the period "between".
    first_day: date | None = None
    last_day: date | None = None


def period_label(period: str) -> str:
    return {
        "coming": _("Coming"),
        "past_year": _("Past year"),
        "all": _("All"),
        "between": _("Between dates"),
    }[period]


class MeetingFilterBar(QWidget):
    """Emits ``changed`` with the new ``Filters`` when one of the store's filters changes, and
    ``text_changed`` as the user types in the text filter."""

    changed = Signal(object)
    text_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pfo_ids: list[str] = []
        self.pfo = QComboBox()
        self.pfo.setAccessibleName(_("PFO"))
        self.pfo.addItem(_("All PFOs"), None)
        self.pfo.setMinimumContentsLength(18)
        self.pfo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.period = QComboBox()
        self.period.setAccessibleName(_("Period"))
        for period in PERIODS:
            self.period.addItem(period_label(period), period)
        today = date.today()
        self.first_day = self._day_edit(today.replace(month=1, day=1), _("From"))
        self.last_day = self._day_edit(today.replace(month=12, day=31), _("Until"))
        self.until_label = QLabel(_("until"))
        self.until_label.setVisible(False)
        self.status = QComboBox()
        self.status.setAccessibleName(_("Status"))
        self.status.addItem(_("Any status"), None)
        for status in MeetingStatus:
            self.status.addItem(status.label, status.value)
        self.text = QLineEdit()
        self.text.setAccessibleName(_("Filter text"))
        self.text.setPlaceholderText(_("Filter by date, PFO, number, title, place or status"))
        self.text.setClearButtonEnabled(True)
        self.text.setMinimumWidth(200)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for text, buddy in ((_("&PFO:"), self.pfo), (_("Pe&riod:"), self.period)):
            layout.addWidget(self._label(text, buddy))
            layout.addWidget(buddy)
        layout.addWidget(self.first_day)
        layout.addWidget(self.until_label)
        layout.addWidget(self.last_day)
        layout.addWidget(self._label(_("&Status:"), self.status))
        layout.addWidget(self.status)
        layout.addWidget(self._label(_("&Filter:"), self.text))
        layout.addWidget(self.text, 1)

        for combo in (self.pfo, self.period, self.status):
            combo.currentIndexChanged.connect(self._emit)
        for edit in (self.first_day, self.last_day):
            edit.dateChanged.connect(self._emit)
        self.text.textChanged.connect(self.text_changed.emit)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    @staticmethod
    def _day_edit(day: date, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(date_pattern())
        edit.setDate(QDate(day.year, day.month, day.day))
        edit.setAccessibleName(name)
        edit.setVisible(False)
        return edit

    def filters(self) -> Filters:
        period = self.period.currentData()
        between = period == "between"
        status = self.status.currentData()
        return Filters(
            pfo_id=self.pfo.currentData(),
            period=period,
            status=MeetingStatus(status) if status else None,
            first_day=self.first_day.date().toPython() if between else None,
            last_day=self.last_day.date().toPython() if between else None,
        )

    def set_pfos(self, pfos: list[PfoChoice], selected: str | None) -> None:
        """Offer these PFOs (keeping the choice, or choosing ``selected``), without emitting."""
        ids = [pfo.id for pfo in pfos]
        if ids != self._pfo_ids:
            self._pfo_ids = ids
            self.pfo.blockSignals(True)
            while self.pfo.count() > 1:
                self.pfo.removeItem(1)
            for pfo in pfos:
                self.pfo.addItem(pfo.name, pfo.id)
            self.pfo.blockSignals(False)
        self.select_pfo(selected)

    def select_pfo(self, pfo_id: str | None) -> None:
        index = self.pfo.findData(pfo_id)
        if index >= 0 and index != self.pfo.currentIndex():
            self.pfo.blockSignals(True)
            self.pfo.setCurrentIndex(index)
            self.pfo.blockSignals(False)

    def _emit(self) -> None:
        between = self.period.currentData() == "between"
        for widget in (self.first_day, self.until_label, self.last_day):
            widget.setVisible(between)
        self.changed.emit(self.filters())
