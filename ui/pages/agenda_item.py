"""One agenda item: the proposal and its documents, my private note, my municipality's position,
and the positions of all member municipalities so far."""

from __future__ import annotations

import html
import itertools
import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from regiodesk.errors import InvalidInput, RegioDeskError
from regiodesk.i18n import DISPLAY_ZONE, _, format_date, format_number, format_when
from regiodesk.model.enums import DecisionOutcome, ItemKind
from regiodesk.queries.item import ItemDocument, ItemView, load_item
from regiodesk.store import Store
from ui.context import AppContext
from ui.errors import describe, report_unexpected
from ui.pages.base import Page
from ui.widgets.note_editor import NoteEditor
from ui.widgets.position_editor import ERROR_STYLE, PositionEditor
from ui.widgets.positions_overview import PositionsOverview, sentence

BADGE_STYLE = (
    "QLabel { background: #b3261e; color: white; border-radius: 3px; padding: 1px 8px; "
    "font-weight: 600; }"
)
BANNER_STYLE = "QLabel { border: 1px solid palette(mid); border-radius: 4px; padding: 6px; }"

_viewing_folder: Path | None = None


def viewing_copy(store: Store, document: ItemDocument) -> Path:
    """A copy of a document's latest version under its own file name, in a private temporary
    folder, for the system's viewer (runs on the worker)."""
    global _viewing_folder
    source = store.blobs.path_of(document.sha256)
    if not source.is_file():
        raise InvalidInput(
            field=document.filename,
            reason=_("the file is not on this computer yet; it arrives with the next sync"),
        )
    if _viewing_folder is None or not _viewing_folder.is_dir():
        _viewing_folder = Path(tempfile.mkdtemp(prefix="regiodesk-documents-"))
    folder = _viewing_folder / document.sha256[:16]
    folder.mkdir(exist_ok=True)
    target = folder / (Path(document.filename).name or "document")
    if not target.is_file() or target.stat().st_size != document.size:
        partial = folder / f".{target.name}.partial"
        shutil.copyfile(source, partial)
        partial.replace(target)
    return target


def size_text(size: int) -> str:
    if size < 1024:
        return _("{size} bytes").format(size=format_number(size))
    if size < 1024 * 1024:
        return _("{size} kB").format(size=format_number(round(size / 1024)))
    return _("{size} MB").format(size=format_number(round(size / 1024 / 1024, 1)))


def _cell(text: str, tooltip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    item.setToolTip(tooltip or text)
    return item


class AgendaItemPage(Page):
    key = "agenda_item"
    watches = (
        "agenda_item",
        "meeting",
        "pfo",
        "person",
        "document",
        "document_version",
        "decision",
        "decision_list",
        "position",
        "membership",
        "role_assignment",
        "private_note",
    )

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.view: ItemView | None = None
        self.note = NoteEditor(context)
        self.position_editor = PositionEditor(context)
        self.position_editor.refresh_requested.connect(self.reload)
        self.overview = PositionsOverview(context)
        self.overview.municipality_activated.connect(self._edit_position_of)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setVisible(False)

        self.body = QSplitter(Qt.Orientation.Vertical)
        self.body.setChildrenCollapsible(False)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.setChildrenCollapsible(False)
        top.addWidget(self._make_proposal())
        top.addWidget(self._make_note())
        top.setSizes([600, 400])
        self.positions = QSplitter(Qt.Orientation.Horizontal)
        self.positions.setChildrenCollapsible(False)
        self.positions.addWidget(self.position_editor)
        overview_box = QGroupBox(_("Positions of all member municipalities"))
        overview_layout = QVBoxLayout(overview_box)
        overview_layout.addWidget(self.overview)
        self.positions.addWidget(overview_box)
        self.positions.setSizes([400, 640])
        self.body.addWidget(top)
        self.body.addWidget(self.positions)
        self.body.setSizes([300, 400])

        layout = QVBoxLayout(self)
        layout.addLayout(self._make_header())
        layout.addWidget(self.problem)
        layout.addWidget(self.body, 1)
        self._set_tab_order()

    # Building -----------------------------------------------------------------------------------

    def _set_tab_order(self) -> None:
        """Tab goes as the eye reads: meeting, proposal, documents, note, position, overview."""
        editor = self.position_editor
        chain: list[QWidget] = [
            self.crumbs,
            self.proposal,
            self.documents,
            self.note.text,
            editor.municipality,
            *editor.buttons.values(),
            editor.reason,
            editor.save_button,
            self.overview.table,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _make_header(self) -> QVBoxLayout:
        self.crumbs = QLabel()
        self.crumbs.setTextFormat(Qt.TextFormat.RichText)
        self.crumbs.setAccessibleName(_("Meeting"))
        self.crumbs.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.crumbs.linkActivated.connect(self._open_meeting)
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel()
        self.facts.setAccessibleName(_("About this item"))
        self.confidential = QLabel(_("Confidential"))
        self.confidential.setStyleSheet(BADGE_STYLE)
        self.confidential.setAccessibleName(_("This item is confidential"))
        self.confidential.setVisible(False)
        self.decision = QLabel()
        self.decision.setWordWrap(True)
        self.decision.setStyleSheet(BANNER_STYLE)
        self.decision.setAccessibleName(_("Decision"))
        self.decision.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.decision.setVisible(False)
        facts = QHBoxLayout()
        facts.addWidget(self.facts)
        facts.addWidget(self.confidential)
        facts.addStretch(1)
        header = QVBoxLayout()
        header.setSpacing(2)
        header.addWidget(self.crumbs)
        header.addWidget(self.heading)
        header.addLayout(facts)
        header.addSpacing(4)
        header.addWidget(self.decision)
        return header

    def _make_proposal(self) -> QWidget:
        self.proposal = QPlainTextEdit()
        self.proposal.setReadOnly(True)
        self.proposal.setAccessibleName(_("Proposal"))
        self.proposal.setTabChangesFocus(True)
        self.proposal.setFrameShape(QFrame.Shape.StyledPanel)
        proposal_label = QLabel(_("Pr&oposal"))
        proposal_label.setBuddy(self.proposal)
        self.documents = QTableWidget(0, 4)
        self.documents.setAccessibleName(_("Documents"))
        self.documents.setHorizontalHeaderLabels([_("Title"), _("Version"), _("File"), _("Size")])
        self.documents.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.documents.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.documents.setTabKeyNavigation(False)
        self.documents.setWordWrap(False)
        self.documents.verticalHeader().setVisible(False)
        self.documents.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.documents.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.documents.itemActivated.connect(self._open_document)
        self.documents_label = QLabel(_("Doc&uments (Enter or double-click opens)"))
        self.documents_label.setBuddy(self.documents)
        self.documents_status = QLabel()
        self.documents_status.setWordWrap(True)
        self.documents_status.setVisible(False)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(proposal_label)
        layout.addWidget(self.proposal, 3)
        layout.addSpacing(6)
        layout.addWidget(self.documents_label)
        layout.addWidget(self.documents, 2)
        layout.addWidget(self.documents_status)
        return box

    def _make_note(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        return box

    # Loading ------------------------------------------------------------------------------------

    def title(self) -> str:
        if self.view is None:
            return _("Agenda item")
        return _("Item {number}: {title}").format(number=self.view.number, title=self.view.title)

    def show_target(self, target: Any) -> None:
        if target != self.target:
            self.note.flush()  # the note of the item shown so far is saved first
            self.overview.show_item(target)
        super().show_target(target)

    def reload(self) -> None:
        item_id = self.target
        if not item_id:
            return
        actor = self.context.actor
        self.context.worker.query(
            lambda store: load_item(store, item_id, actor), self._show, self._failed
        )

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, RegioDeskError):
            report_unexpected(error, self)
        self.problem.setText(describe(error))
        self.problem.setVisible(True)
        self.body.setVisible(False)

    def _show(self, view: ItemView) -> None:
        if view.id != self.target:
            return  # an answer about an item no longer shown
        previous, self.view = self.view, view
        self.problem.setVisible(False)
        self.body.setVisible(True)
        self._show_header(view)
        if self.proposal.toPlainText() != view.proposal:
            self.proposal.setPlainText(view.proposal)
        self.proposal.setPlaceholderText(_("This item has no proposal text."))
        if previous is None or previous.documents != view.documents:
            self._show_documents(view.documents)
        if previous is None or previous.id != view.id:
            self.documents_status.setVisible(False)
        self.note.show_note(view.id, view.note)
        self.position_editor.show_item(view)
        self.positions.setVisible(view.kind is not ItemKind.INFORMATION)

    def _show_header(self, view: ItemView) -> None:
        meeting = _("Meeting {reference}").format(reference=view.meeting_reference)
        self.crumbs.setText(
            f'{html.escape(view.pfo_name)} › <a href="meeting">{html.escape(meeting)}</a>'
            f" · {html.escape(format_when(view.meeting_starts_at))}"
            f" · {html.escape(view.meeting_status.label)}"
        )
        self.heading.setText(self.title())
        facts = [sentence(view.kind.label)]
        if view.rapporteur:
            facts.append(_("Rapporteur: {name}").format(name=view.rapporteur))
        facts.append(_("{minutes} minutes planned").format(minutes=view.planned_minutes))
        if view.kind is ItemKind.INFORMATION:
            facts.append(_("for information only: no positions"))
        self.facts.setText(" · ".join(facts))
        self.confidential.setVisible(view.confidential)
        decision = view.decision
        if decision is None:
            self.decision.setVisible(False)
            return
        headline = (
            _("Deferred on {date}")
            if decision.outcome is DecisionOutcome.DEFERRED
            else _("Decided on {date}")
        ).format(date=format_date(decision.decided_at.astimezone(DISPLAY_ZONE).date()))
        text = f"<b>{html.escape(headline)}: {html.escape(decision.outcome.label)}</b>"
        if decision.text:
            text += f"<br>{html.escape(decision.text)}"
        self.decision.setText(text)
        self.decision.setVisible(True)

    def _show_documents(self, documents: tuple[ItemDocument, ...]) -> None:
        self.documents.setRowCount(len(documents))
        for row, document in enumerate(documents):
            title = document.title
            if document.confidential:
                title = _("{title} (confidential)").format(title=title)
            version = str(document.version)
            if document.late:
                version = _("{version} (late)").format(version=version)
            cell = _cell(title)
            cell.setData(Qt.ItemDataRole.UserRole, row)
            self.documents.setItem(row, 0, cell)
            self.documents.setItem(row, 1, _cell(version))
            self.documents.setItem(row, 2, _cell(document.filename))
            self.documents.setItem(row, 3, _cell(size_text(document.size)))
        self.documents.setVisible(bool(documents))
        self.documents_label.setText(
            _("Doc&uments (Enter or double-click opens)") if documents else _("Documents: none")
        )

    # Acting -------------------------------------------------------------------------------------

    def _open_meeting(self, _link: str) -> None:
        if self.view is not None:
            self.context.navigate("meeting", self.view.meeting_id)

    def _edit_position_of(self, municipality_id: str) -> None:
        """A row of the overview was activated: the secretary records that municipality next."""
        if self.position_editor.choose_municipality(municipality_id):
            self.position_editor.focus_kinds()

    def _open_document(self, cell: QTableWidgetItem) -> None:
        if self.view is None:
            return
        document = self.view.documents[cell.row()]
        self.documents_status.setStyleSheet("")
        self.documents_status.setText(_("Opening {file}…").format(file=document.filename))
        self.documents_status.setVisible(True)
        self.context.worker.query(
            lambda store: viewing_copy(store, document),
            lambda path: self._show_document(document, path),
            self._document_failed,
        )

    def _show_document(self, document: ItemDocument, path: Path) -> None:
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.documents_status.setVisible(False)
        else:
            self._document_failed(
                InvalidInput(
                    field=document.filename,
                    reason=_("no program on this computer opens this kind of file"),
                )
            )

    def _document_failed(self, error: BaseException) -> None:
        if not isinstance(error, RegioDeskError):
            report_unexpected(error, self)
        self.documents_status.setText(describe(error))
        self.documents_status.setStyleSheet(ERROR_STYLE)
        self.documents_status.setVisible(True)
