"""Actions: the open actions across my PFOs, by holder and deadline, and their follow-up.

Enter (or a double click) opens the action's meeting.  Its holder, the PFO's secretary and the
chair change its status from the context menu (Shift+F10 or the menu key), with Ctrl+Return (the
next status: open, in progress, done) or Ctrl+D (done).  The core decides who may; a refusal is
shown in the status line under the table.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from regiodesk.commands.actions import update_action
from regiodesk.i18n import N_, _, ngettext
from regiodesk.model.enums import ActionStatus
from regiodesk.queries.actions import ActionFilter, ActionRow, HolderFilter, MyActions, my_actions
from ui.context import AppContext
from ui.models.actions_model import DEADLINE, DECISION, DESCRIPTION, SORT_ROLE, ActionsModel
from ui.pages.base import Page
from ui.widgets.error_label import ErrorLabel
from ui.widgets.shortcuts import LocalAction

#: The decision's share of the room that the other columns leave (the action has the rest).
DECISION_SHARE = 0.4
#: How many rows the automatic column widths look at.
SIZED_ROWS = 50
#: Where Ctrl+Return moves an action on to.
NEXT_STATUS = {
    ActionStatus.OPEN: ActionStatus.IN_PROGRESS,
    ActionStatus.IN_PROGRESS: ActionStatus.DONE,
}
STATUS_MENU_TEXT = {
    ActionStatus.OPEN: N_("Still &open"),
    ActionStatus.IN_PROGRESS: N_("&In progress"),
    ActionStatus.DONE: N_("&Done"),
    ActionStatus.CANCELLED: N_("&Cancelled"),
}


class ActionsPage(Page):
    key = "actions"
    watches = (
        "action",
        "meeting",
        "decision",
        "agenda_item",
        "person",
        "municipality",
        "membership",
        "role_assignment",
        "pfo",
    )

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._filter = ActionFilter(municipality_id=context.identity.municipality_id)
        heading = QLabel(_("Actions"))
        heading.setObjectName("pageHeading")
        filters = self._make_filters()
        self.model = ActionsModel(context.person_id, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = self._make_table()
        self._make_status_actions()
        self.refusal = ErrorLabel()
        self.message = QLabel(_("Enter opens the meeting; Shift+F10 changes the status."))
        self.message.setAccessibleName(_("Status"))
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.refusal)
        layout.addWidget(self.message)
        QWidget.setTabOrder(self.holder, self.pfo)
        QWidget.setTabOrder(self.pfo, self.include_done)
        QWidget.setTabOrder(self.include_done, self.table)

    def title(self) -> str:
        return _("Actions")

    # Widgets ----------------------------------------------------------------------------------

    def _make_filters(self) -> QHBoxLayout:
        self.holder = QComboBox()
        self.holder.setAccessibleName(_("Held by"))
        self.holder.addItem(_("Anyone"), HolderFilter.ANYONE.value)
        self.holder.addItem(_("Me"), HolderFilter.ME.value)
        self.holder.addItem(_("My municipality"), HolderFilter.MY_MUNICIPALITY.value)
        if self.context.identity.municipality_id is None:
            item = self.holder.model().item(2)  # type: ignore[attr-defined]
            item.setEnabled(False)
            item.setToolTip(_("You represent no municipality."))
        self.pfo = QComboBox()
        self.pfo.setAccessibleName(_("PFO"))
        self.pfo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.pfo.addItem(_("All my PFOs"), None)
        self.include_done = QCheckBox(_("Include d&one and cancelled"))
        self.holder.currentIndexChanged.connect(self._filters_changed)
        self.pfo.currentIndexChanged.connect(self._filters_changed)
        self.include_done.toggled.connect(self._filters_changed)
        filters = QHBoxLayout()
        for text, widget in ((_("Held &by:"), self.holder), (_("&PFO:"), self.pfo)):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
            filters.addSpacing(12)
        filters.addWidget(self.include_done)
        filters.addStretch(1)
        self.summary = QLabel()
        self.summary.setAccessibleName(_("Summary"))
        filters.addWidget(self.summary)
        return filters

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setAccessibleName(_("Actions"))
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setWordWrap(True)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        # Two lines a row, the same for every row: fast with ten years of actions (and the
        # deadline of an overdue action takes two lines).
        lines = table.fontMetrics().lineSpacing()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(2 * lines + 10)
        header = table.horizontalHeader()
        table.setSortingEnabled(True)
        # The core's order is "deadline ascending" already: say so, but leave the proxy unsorted
        # so that a reload costs no sorting (a header click sorts).
        self.proxy.sort(-1)
        header.blockSignals(True)
        header.setSortIndicator(DEADLINE, Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(SIZED_ROWS)
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DECISION, QHeaderView.ResizeMode.Interactive)
        table.viewport().installEventFilter(self)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._menu_at)
        table.activated.connect(self._open_meeting)
        return table

    def _make_status_actions(self) -> None:
        self.status_actions: dict[ActionStatus, LocalAction] = {}
        for status in ActionStatus:
            action = LocalAction(
                self.table,
                _(STATUS_MENU_TEXT[status]),
                "Ctrl+D" if status is ActionStatus.DONE else None,
                _("Set the status of the action"),
                partial(self.set_status, status),
            )
            action.setCheckable(True)
            self.status_actions[status] = action
        self.next_action = LocalAction(
            self.table,
            _("&Next status"),
            "Ctrl+Return",
            _("Move the action on: open, in progress, done"),
            self.next_status,
        )
        self.next_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        LocalAction(
            self.table,
            _("Change the status…"),
            "Shift+F10",
            _("Status menu"),
            self._menu_at_current,
        )
        # Enter is the view's own key (``activated``); the menu only names it.
        self.open_action = QAction(_("Open the &meeting") + "\t" + _("Enter"), self)
        self.open_action.triggered.connect(lambda: self._open_meeting(self.table.currentIndex()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_decision()
        return super().eventFilter(watched, event)

    def _fit_decision(self) -> None:
        """Share the room left by the other columns: the action 60 %, the decision 40 %."""
        header = self.table.horizontalHeader()
        others = sum(
            header.sectionSize(n) for n in range(header.count()) if n not in (DESCRIPTION, DECISION)
        )
        room = self.table.viewport().width() - others
        self.table.setColumnWidth(DECISION, max(120, int(room * DECISION_SHARE)))

    # Loading ----------------------------------------------------------------------------------

    def show_target(self, target: Any) -> None:
        """``target``: a PFO id to show the actions of (None: keep the current filters)."""
        if isinstance(target, str):
            self._filter = replace(self._filter, pfo_id=target)
        super().show_target(target)

    def reload(self) -> None:
        person, filters = self.context.person_id, self._filter
        self.context.worker.query(lambda store: my_actions(store, person, filters), self._show)

    def _show(self, data: MyActions) -> None:
        if self._filter.pfo_id and all(pfo.id != self._filter.pfo_id for pfo in data.pfos):
            self._filter = replace(self._filter, pfo_id=None)  # not (or no longer) one of mine
            self.reload()
            return
        current, position = self.current_action(), self.table.currentIndex().row()
        self._fill_pfos(data)
        self.model.set_rows(data.rows)
        self._fit_decision()
        self._select(current.id if current else None, position)
        self.summary.setText(self._summary(data))

    def _summary(self, data: MyActions) -> str:
        rows = data.rows
        if not data.pfos:
            return _("You take part in no PFO in this store, so there are no actions to follow.")
        if not rows:
            return _("No actions match these filters.")
        active = sum(row.active for row in rows)
        overdue = sum(row.overdue for row in rows)
        parts = [
            ngettext("{count} open action", "{count} open actions", active).format(count=active)
        ]
        if overdue:
            parts.append(
                ngettext("{count} overdue", "{count} overdue", overdue).format(count=overdue)
            )
        if self._filter.include_done:
            finished = len(rows) - active
            parts.append(
                ngettext("{count} finished", "{count} finished", finished).format(count=finished)
            )
        return " · ".join(parts)

    def _fill_pfos(self, data: MyActions) -> None:
        wanted = self._filter.pfo_id
        self.pfo.blockSignals(True)
        while self.pfo.count() > 1:
            self.pfo.removeItem(1)
        for pfo in data.pfos:
            self.pfo.addItem(pfo.name, pfo.id)
        self.pfo.setCurrentIndex(self.pfo.findData(wanted) if wanted else 0)
        self.pfo.blockSignals(False)

    def _filters_changed(self) -> None:
        self._filter = replace(
            self._filter,
            holder=HolderFilter(self.holder.currentData()),
            pfo_id=self.pfo.currentData(),
            include_done=self.include_done.isChecked(),
        )
        self.reload()

    # The current action -----------------------------------------------------------------------

    def current_action(self) -> ActionRow | None:
        return self.model.row_of(self.proxy.mapToSource(self.table.currentIndex()))

    def _select(self, action_id: str | None, position: int) -> None:
        """Keep the current action current; if it left the list, the one that took its place."""
        found = self.model.find(action_id) if action_id else None
        if found is None:
            if self.proxy.rowCount() == 0:
                return
            index = self.proxy.index(min(max(position, 0), self.proxy.rowCount() - 1), 0)
        else:
            index = self.proxy.mapFromSource(self.model.index(found, 0))
        self.table.setCurrentIndex(index)

    def _open_meeting(self, index: QModelIndex | QPersistentModelIndex) -> None:
        row = self.model.row_of(self.proxy.mapToSource(index))
        if row is not None:
            self.context.navigate("meeting", row.meeting_id)

    # Changing the status ----------------------------------------------------------------------

    def _menu_at(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        self.table.setCurrentIndex(index)
        self._menu().exec(self.table.viewport().mapToGlobal(position))

    def _menu_at_current(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        rect = self.table.visualRect(index)
        self._menu().exec(self.table.viewport().mapToGlobal(rect.bottomLeft()))

    def _menu(self) -> QMenu:
        row = self.current_action()
        menu = QMenu(self)
        menu.addAction(self.open_action)
        menu.addSeparator()
        for status, action in self.status_actions.items():
            action.setChecked(row is not None and row.status is status)
            menu.addAction(action)
        menu.addSeparator()
        self.next_action.setEnabled(row is not None and row.status in NEXT_STATUS)
        menu.addAction(self.next_action)
        return menu

    def next_status(self) -> None:
        row = self.current_action()
        if row is None:
            return
        following = NEXT_STATUS.get(row.status)
        if following is None:
            text = _("“{action}” is {status}; choose another status in the menu (Shift+F10).")
            self._say(text.format(action=row.description, status=row.status.label))
            return
        self.set_status(following)

    def set_status(self, status: ActionStatus) -> None:
        row = self.current_action()
        if row is None:
            self._say(_("Choose an action first."))
            return
        if row.status is status:
            self._say(
                _("“{action}” is already {status}.").format(
                    action=row.description, status=status.label
                )
            )
            return
        actor, action_id = self.context.actor, row.id
        done = _("“{action}” is now {status}. Ctrl+Z undoes it.").format(
            action=row.description, status=status.label
        )
        self.context.command(
            lambda store: update_action(store, actor, action_id, status=status),
            label=_("mark the action {status}").format(status=status.label),
            on_done=lambda _result: self._say(done),
            on_error=self.refusal.show_error,
        )

    def _say(self, text: str) -> None:
        self.refusal.clear_error()
        self.message.setText(text)
        self.context.status.emit(text)
