"""My PFOs: the consultations I take part in, and their coming meetings."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from regiodesk.i18n import _, format_when
from regiodesk.queries.meetings import MeetingRow, list_meetings
from regiodesk.queries.people import MyPfo, my_pfos
from regiodesk.store import Store
from regiodesk.timeutil import from_text, utc_now
from ui.context import AppContext
from ui.pages.base import Page

UPCOMING_SHOWN = 12


@dataclass(frozen=True)
class _Data:
    pfos: list[MyPfo]
    upcoming: list[MeetingRow]


def _load(store: Store, person_id: str) -> _Data:
    pfos = my_pfos(store, person_id)
    upcoming = (
        list_meetings(store, [pfo.id for pfo in pfos], start=utc_now(), limit=UPCOMING_SHOWN)
        if pfos
        else []
    )
    return _Data(pfos, upcoming)


def _cell(text: str, data: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


class MyPfosPage(Page):
    key = "my_pfos"
    watches = ("meeting", "membership", "role_assignment", "pfo", "agenda_item")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        heading = QLabel(_("My PFOs"))
        heading.setObjectName("pageHeading")
        self.pfos = QTableWidget(0, 5)
        self.pfos.setAccessibleName(_("My PFOs"))
        self.pfos.setHorizontalHeaderLabels(
            [_("PFO"), _("Domain"), _("I take part as"), _("Next meeting"), _("Coming")]
        )
        self.upcoming = QTableWidget(0, 4)
        self.upcoming.setAccessibleName(_("Coming meetings"))
        self.upcoming.setHorizontalHeaderLabels([_("When"), _("PFO"), _("Meeting"), _("Status")])
        for table in (self.pfos, self.upcoming):
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            table.verticalHeader().setVisible(False)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
            table.setTabKeyNavigation(False)
        self.pfos.itemActivated.connect(self._open_pfo)
        self.upcoming.itemActivated.connect(self._open_meeting)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.pfos, 2)
        layout.addWidget(QLabel(_("Coming meetings (Enter opens)")))
        layout.addWidget(self.upcoming, 3)
        layout.addWidget(self.empty)

    def title(self) -> str:
        return _("My PFOs")

    def reload(self) -> None:
        person = self.context.person_id
        self.context.worker.query(lambda store: _load(store, person), self._show)

    def _show(self, data: _Data) -> None:
        self.pfos.setRowCount(len(data.pfos))
        for row, pfo in enumerate(data.pfos):
            part = (
                _("member for {municipality}").format(municipality=pfo.municipality)
                if pfo.role == "member"
                else _("secretary")
            )
            when = format_when(from_text(pfo.next_meeting_at)) if pfo.next_meeting_at else "–"
            self.pfos.setItem(row, 0, _cell(pfo.name, pfo.id))
            self.pfos.setItem(row, 1, _cell(pfo.domain))
            self.pfos.setItem(row, 2, _cell(part))
            self.pfos.setItem(row, 3, _cell(when, pfo.next_meeting_id))
            self.pfos.setItem(row, 4, _cell(str(pfo.upcoming)))
        self.upcoming.setRowCount(len(data.upcoming))
        for row, meeting in enumerate(data.upcoming):
            self.upcoming.setItem(row, 0, _cell(format_when(meeting.starts_at), meeting.id))
            self.upcoming.setItem(row, 1, _cell(meeting.pfo_name))
            self.upcoming.setItem(
                row,
                2,
                _cell(
                    meeting.title or _("Meeting {reference}").format(reference=meeting.reference)
                ),
            )
            self.upcoming.setItem(row, 3, _cell(meeting.status.label))
        self.empty.setText(
            ""
            if data.pfos
            else _("You are not a member of a PFO in this store. Choose who you are under File.")
        )
        if data.upcoming and not self.upcoming.currentItem():
            self.upcoming.setCurrentCell(0, 0)

    def _open_pfo(self, item: QTableWidgetItem) -> None:
        row = item.row()
        meeting_id = self.pfos.item(row, 3).data(Qt.ItemDataRole.UserRole)
        if meeting_id:
            self.context.navigate("meeting", meeting_id)
        else:
            self.context.navigate("meetings", self.pfos.item(row, 0).data(Qt.ItemDataRole.UserRole))

    def _open_meeting(self, item: QTableWidgetItem) -> None:
        meeting_id = self.upcoming.item(item.row(), 0).data(Qt.ItemDataRole.UserRole)
        self.context.navigate("meeting", meeting_id)
