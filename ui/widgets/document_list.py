"""The documents of a meeting: one row per document (its newest version), its earlier versions
beneath it.  Files dropped on the list ask to be attached to the meeting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from regiodesk.i18n import LOCALES, _, current_language, format_datetime, ngettext
from regiodesk.queries.agenda import DocumentRow, VersionRow
from ui.models.agenda_model import local_files
from ui.widgets.icons import lock_icon

DOCUMENT_ROLE = Qt.ItemDataRole.UserRole
VERSION_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("title", "item", "version", "file", "size", "added", "notes")
WIDTHS = {"item": 170, "version": 60, "file": 200, "size": 80, "added": 150}


def format_size(size: int) -> str:
    """A file size as people read it: 1,4 MB."""
    from babel.numbers import format_decimal

    locale = LOCALES[current_language()]
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("kB", 1024)):
        if size >= factor:
            return f"{format_decimal(size / factor, format='#,##0.#', locale=locale)} {unit}"
    return ngettext("{n} byte", "{n} bytes", size).format(n=size)


def is_pdf(version: VersionRow) -> bool:
    return version.media_type == "application/pdf" or version.filename.lower().endswith(".pdf")


def _notes(document: DocumentRow, version: VersionRow) -> str:
    notes = []
    if version.late:
        notes.append(_("late paper"))
    if document.confidential:
        notes.append(_("confidential"))
    return ", ".join(notes)


class DocumentList(QTreeWidget):
    #: Enter or a double click: the document, and the version chosen.
    open_requested = Signal(object, object)
    #: Local files dropped on the list.
    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Documents"))
        self.setColumnCount(len(COLUMNS))
        labels = (_("Title"), _("Agenda item"), _("Version"), _("File"), _("Size"), _("Added"))
        self.setHeaderLabels([*labels, _("Remarks")])
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        header = self.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for name, width in WIDTHS.items():
            column = COLUMNS.index(name)
            self.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
        self.setMinimumHeight(120)
        self.setStyleSheet("QTreeView::item { padding: 4px 0; }")
        self.accept_files = False
        self.itemActivated.connect(self._activated)

    def set_accept_files(self, accept: bool) -> None:
        self.accept_files = accept
        self.setAcceptDrops(accept)
        self.viewport().setAcceptDrops(accept)

    def set_documents(self, documents: list[DocumentRow]) -> None:
        """Show the documents, keeping the same one current."""
        current = self.current_document()
        self.clear()
        for document in documents:
            top = self._row(document, document.latest)
            top.setText(0, document.title)
            top.setText(
                1, f"{document.item_number}. {document.item_title}" if document.item_number else ""
            )
            top.setToolTip(1, top.text(1))
            if document.confidential:
                top.setIcon(0, lock_icon())
            for older in document.versions[1:]:
                child = self._row(document, older)
                child.setText(0, _("earlier version"))
                top.addChild(child)
            self.addTopLevelItem(top)
        if documents:
            wanted = current.id if current else None
            found = next(
                (
                    self.topLevelItem(row)
                    for row in range(self.topLevelItemCount())
                    if self.topLevelItem(row).data(0, DOCUMENT_ROLE).id == wanted
                ),
                self.topLevelItem(0),
            )
            self.setCurrentItem(found)

    def _row(self, document: DocumentRow, version: VersionRow) -> QTreeWidgetItem:
        row = QTreeWidgetItem()
        row.setData(0, DOCUMENT_ROLE, document)
        row.setData(0, VERSION_ROLE, version)
        row.setText(COLUMNS.index("version"), str(version.version))
        row.setText(COLUMNS.index("file"), version.filename)
        row.setToolTip(COLUMNS.index("file"), version.filename)
        row.setText(COLUMNS.index("size"), format_size(version.size))
        row.setText(COLUMNS.index("added"), format_datetime(version.added_at, "short"))
        row.setText(COLUMNS.index("notes"), _notes(document, version))
        for column in (COLUMNS.index("version"), COLUMNS.index("size")):
            row.setTextAlignment(
                column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
        return row

    def current_document(self) -> DocumentRow | None:
        item = self.currentItem()
        return None if item is None else item.data(0, DOCUMENT_ROLE)

    def current_version(self) -> VersionRow | None:
        """The chosen version: an earlier one when its row is current, else the newest."""
        item = self.currentItem()
        return None if item is None else item.data(0, VERSION_ROLE)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.open_requested.emit(item.data(0, DOCUMENT_ROLE), item.data(0, VERSION_ROLE))

    # Files from the desktop -------------------------------------------------------------------

    def _wants(self, event: Any) -> bool:
        return self.accept_files and bool(local_files(event.mimeData()))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt)
        if self._wants(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 (Qt)
        if self._wants(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt)
        paths: list[Path] = local_files(event.mimeData()) if self.accept_files else []
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(paths)
