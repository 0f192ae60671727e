"""Follow-up at the councils, under a meeting's agenda: the decisions of the PFO's earlier
meetings that the councils are still handling (or handled since the previous meeting).

An overdue decision says so in words and with a warning icon, so that nobody depends on colour;
each row's tooltip says where every council stands.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from regiodesk.i18n import _, format_date, ngettext
from regiodesk.model.enums import CouncilStatus
from regiodesk.queries.follow_up import CouncilProgress, FollowUp, follow_up_for_meeting
from ui.context import AppContext
from ui.widgets.error_label import ErrorLabel
from ui.widgets.icons import section_heading

DECISION, MEETING, DEADLINE, COUNCILS = range(4)


def council_text(council: CouncilProgress) -> str:
    """Where one council stands: "scheduled on 3 May 2027", "adopted on 1 Feb 2027", …"""
    if council.status is CouncilStatus.SCHEDULED and council.scheduled_on is not None:
        text = _("scheduled on {day}").format(day=format_date(council.scheduled_on))
    elif council.handled and council.handled_on is not None:
        text = _("{status} on {day}").format(
            status=council.status_label, day=format_date(council.handled_on)
        )
    else:
        text = council.status_label
    if council.amendment:
        text += " · " + _("amendment: {amendment}").format(amendment=council.amendment)
    return f"{council.municipality}: {text}"


def deadline_text(follow_up: FollowUp) -> str:
    if follow_up.council_deadline is None:
        return _("no council deadline")
    day = format_date(follow_up.council_deadline)
    if follow_up.overdue:
        return _("{day} – overdue").format(day=day)
    return day


def progress_text(follow_up: FollowUp) -> str:
    return ngettext(
        "{handled} of {total} council handled",
        "{handled} of {total} councils handled",
        follow_up.total,
    ).format(handled=follow_up.handled, total=follow_up.total)


def details_text(follow_up: FollowUp) -> str:
    """The tooltip of a row: the item, and each council's status."""
    lines = [_("Item: {title}").format(title=follow_up.item_title)]
    lines += [council_text(council) for council in follow_up.councils]
    return "\n".join(lines)


class FollowUpPanel(QWidget):
    """The follow-up list for one meeting; hidden while there is nothing to follow up."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.follow_up: list[FollowUp] = []
        self._generation = 0

        heading = section_heading(_("Follow-up at the councils"))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [_("Decision"), _("Meeting"), _("Council deadline"), _("Councils")]
        )
        self.table.setAccessibleName(_("Follow-up at the councils"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DECISION, QHeaderView.ResizeMode.Stretch)
        for column in (MEETING, DEADLINE, COUNCILS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        heading.setBuddy(self.table)
        self.error = ErrorLabel()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        self.setVisible(False)

    def reload(self, meeting_id: str) -> None:
        """Ask the worker for the meeting's follow-up; show it when it arrives."""
        self._generation += 1
        generation = self._generation
        self.context.worker.query(
            lambda store: follow_up_for_meeting(store, meeting_id),
            lambda rows: self._show(generation, rows),
            lambda error: self._failed(generation, error),
        )

    def _show(self, generation: int, rows: list[FollowUp]) -> None:
        if generation != self._generation:
            return
        self.error.clear_error()
        self.follow_up = rows
        warning = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.table.setRowCount(len(rows))
        for number, follow_up in enumerate(rows):
            details = details_text(follow_up)
            texts = (
                follow_up.text or follow_up.item_title,
                follow_up.meeting_reference,
                deadline_text(follow_up),
                progress_text(follow_up),
            )
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setToolTip(details)
                if column == DEADLINE and follow_up.overdue:
                    cell.setIcon(warning)
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                self.table.setItem(number, column, cell)
        self.setVisible(bool(rows))

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self.follow_up = []
            self.table.setRowCount(0)
            self.error.show_error(error)
            self.setVisible(True)
