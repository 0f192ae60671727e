"""Search: everything in the store, as you type.

The search runs on the store worker a moment (``DEBOUNCE_MS``) after the last key; an answer for
text that has changed since is dropped, and while one search runs the next waits for it (so fast
typing never queues a backlog).  Only my own private notes can appear (the core sees to that).
Enter (or a double click) on a result opens what it points at.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from regiodesk.errors import RegioDeskError
from regiodesk.i18n import _, ngettext
from regiodesk.queries.search import SearchHit, search
from regiodesk.store import Store
from ui.context import AppContext
from ui.errors import describe
from ui.models.search_model import (
    DATE,
    FOUND,
    KIND,
    PFO,
    TITLE,
    MarkedTextDelegate,
    SearchModel,
    SearchResult,
    kind_label,
)
from ui.pages.base import Page

log = logging.getLogger(__name__)

DEBOUNCE_MS = 250
#: How many results a search shows (the best ones).
LIMIT = 100
#: The widest the "what to do" text gets (a long line is hard to read).
EMPTY_WIDTH = 620
#: The pages of the results area.
EMPTY, RESULTS = 0, 1
#: The share of the table's width given to the title column (the found text takes the rest).
TITLE_SHARE = 0.3


def find(store: Store, text: str, person_id: str) -> list[SearchResult]:
    """Search, and work out for each hit which page shows it."""
    return [_result(hit) for hit in search(store, text, person_id=person_id, limit=LIMIT)]


def _result(hit: SearchHit) -> SearchResult:
    item_id, item_title = hit.agenda_item_id, hit.item_title
    if hit.kind == "agenda_item":
        return SearchResult(hit, hit.title, "agenda_item", hit.ref_id)
    if hit.kind in ("decision", "private_note"):
        return SearchResult(
            hit, item_title or hit.title, "agenda_item" if item_id else None, item_id
        )
    if hit.kind == "meeting":
        title = hit.title or _("Meeting {reference}").format(reference=hit.meeting_reference)
        return SearchResult(hit, title, "meeting", hit.ref_id)
    if hit.kind in ("document", "action"):
        title = hit.title or item_title or ""
        return SearchResult(hit, title, "meeting" if hit.meeting_id else None, hit.meeting_id)
    return SearchResult(hit, hit.title, "agenda_item" if item_id else None, item_id)


class SearchPage(Page):
    key = "search"
    watches = (
        "agenda_item",
        "decision",
        "private_note",
        "meeting",
        "document",
        "action",
        "initiative",
    )

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        heading = QLabel(_("Search"))
        heading.setObjectName("pageHeading")
        self.field = QLineEdit()
        self.field.setAccessibleName(_("Search for"))
        self.field.setPlaceholderText(
            _("Search agenda items, decisions, notes, meetings, documents, actions… (Ctrl+F)")
        )
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self._typed)
        self.field.installEventFilter(self)
        self.summary = QLabel()
        self.summary.setAccessibleName(_("Search summary"))
        self.summary.setWordWrap(True)
        self.model = SearchModel(self)
        self.table = self._make_table()
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setAccessibleName(_("No results"))
        self.empty.setMaximumWidth(EMPTY_WIDTH)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(self.empty, 100)
        centred.addStretch(1)
        empty_page = QWidget()
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.setContentsMargins(0, 48, 0, 0)
        empty_layout.addLayout(centred)
        empty_layout.addStretch(1)
        self.results = QStackedWidget()
        self.results.addWidget(empty_page)
        self.results.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.field)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        QWidget.setTabOrder(self.field, self.table)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self._running = False  # a search is on the worker
        self._again = False  # ask again when it answers (the text or the store changed)
        self._focus_results = False  # Enter in the field: go to the results once they are in
        self._shown_text: str | None = None
        self._show_empty()

    def title(self) -> str:
        return _("Search")

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setAccessibleName(_("Search results"))
        table.setModel(self.model)
        table.setItemDelegateForColumn(FOUND, MarkedTextDelegate(table))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setWordWrap(True)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        # Two lines a result, the same for every one: quick to show while typing.
        lines = table.fontMetrics().lineSpacing()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(2 * lines + 10)
        header = table.horizontalHeader()
        for column in (KIND, PFO, DATE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(FOUND, QHeaderView.ResizeMode.Stretch)
        table.activated.connect(self.open_result)
        table.viewport().installEventFilter(self)
        return table

    # Searching --------------------------------------------------------------------------------

    def show_target(self, target: Any) -> None:
        """``target``: text to search for (None: keep what is there)."""
        if isinstance(target, str) and target != self.field.text():
            self.field.setText(target)
        super().show_target(target)
        self.focus_field()

    def reload(self) -> None:
        self._shown_text = None
        self.search_now()

    def focus_field(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def _typed(self, _text: str) -> None:
        self._timer.start()

    def search_now(self) -> None:
        self._timer.stop()
        text = self.field.text()
        if not text.strip():
            self._shown_text = text
            self.model.set_rows([])
            self._show_empty()
            return
        if self._running:
            self._again = True
            return
        if text == self._shown_text:
            self._results_ready()
            return
        self._running, self._again = True, False
        person = self.context.person_id
        self.context.worker.query(
            lambda store: find(store, text, person),
            lambda results: self._answered(text, results),
            lambda error: self._failed(text, error),
        )

    def _answered(self, text: str, results: list[SearchResult]) -> None:
        self._running = False
        current = text == self.field.text()
        if current:
            self._show(text, results)
        self._ask_again(not current)

    def _failed(self, text: str, error: BaseException) -> None:
        self._running = False
        if not isinstance(error, RegioDeskError):
            log.error("search for %r failed", text, exc_info=error)
        if text == self.field.text():
            self.summary.setText(describe(error))
        self._ask_again(False)

    def _ask_again(self, text_changed: bool) -> None:
        """After an answer: search again if asked to meanwhile (unless the user still types)."""
        if (self._again or text_changed) and not self._timer.isActive():
            if self._again:
                self._shown_text = None  # the store changed: the shown results may be old
            self.search_now()

    # Showing ----------------------------------------------------------------------------------

    def _show(self, text: str, results: list[SearchResult]) -> None:
        self._shown_text = text
        self.model.set_rows(results)
        if not results:
            self.summary.clear()
            self.empty.setText(
                _(
                    "No results for “{text}”. Check the spelling, or use fewer or shorter words."
                ).format(text=text.strip())
            )
            self.results.setCurrentIndex(EMPTY)
            return
        if len(results) >= LIMIT:
            summary = _("The best {count} results for “{text}”; add a word to narrow them down.")
        else:
            summary = ngettext(
                "{count} result for “{text}”", "{count} results for “{text}”", len(results)
            )
        self.summary.setText(summary.format(count=len(results), text=text.strip()))
        self.results.setCurrentIndex(RESULTS)
        self.table.setCurrentIndex(self.model.index(0, 0))
        self.table.scrollToTop()
        self._results_ready()

    def _show_empty(self) -> None:
        self.summary.clear()
        self.empty.setText(
            _(
                "Type a word to search agenda items and proposals, decisions, meetings and their "
                "minutes, documents, actions, initiatives and your own notes. Words match from "
                "their start: “fiets” also finds “fietsroute”."
            )
        )
        self.results.setCurrentIndex(EMPTY)

    def _results_ready(self) -> None:
        if self._focus_results and self.model.rowCount():
            self._focus_results = False
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # Keys and opening -------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.table.setColumnWidth(TITLE, int(self.table.viewport().width() * TITLE_SHARE))
        elif watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._focus_results = True
                self.search_now()
                return True
            if key == Qt.Key.Key_Down and self.model.rowCount():
                self.table.setFocus(Qt.FocusReason.TabFocusReason)
                return True
            if key == Qt.Key.Key_Escape and self.field.text():
                self.field.clear()
                return True
        return super().eventFilter(watched, event)

    def open_result(self, index: QModelIndex | QPersistentModelIndex) -> None:
        result = self.model.row_of(index)
        if result is None:
            return
        if result.page is None or result.target is None:
            self.summary.setText(
                _("“{title}” is on no agenda yet, so no page shows it.").format(
                    title=result.title or kind_label(result.hit.kind)
                )
            )
            return
        self.context.navigate(result.page, result.target)
