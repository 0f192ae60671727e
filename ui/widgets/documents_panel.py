"""The documents of a meeting with what can be done to them: attach (file dialog or drop), add a
new version (a late paper), mark confidential, remove, open in the system's viewer, preview a PDF.

Files can be big: storing one, and copying one out for a viewer, run on the database worker while
the busy indicator shows; the core's refusals appear under the list.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from regiodesk.commands.documents import (
    add_document_version,
    attach_document,
    remove_document,
    update_document,
)
from regiodesk.i18n import _
from regiodesk.queries.agenda import DocumentRow, MeetingView, VersionRow, copy_document_version
from ui.context import AppContext
from ui.widgets import file_choice
from ui.widgets.document_list import DocumentList, is_pdf
from ui.widgets.error_label import ErrorLabel
from ui.widgets.icons import section_heading
from ui.widgets.lifetime import open_dialog
from ui.widgets.shortcuts import LocalAction

_open_folder: Path | None = None


def open_folder() -> Path:
    """A private temporary folder for the copies handed to viewers; removed when RegioDesk ends."""
    global _open_folder
    if _open_folder is None:
        _open_folder = Path(tempfile.mkdtemp(prefix="regiodesk-documents-"))
        atexit.register(_remove, _open_folder)
    return _open_folder


def _remove(folder: Path) -> None:
    def writable_then_retry(function: Any, path: str, _info: object) -> None:
        os.chmod(path, 0o700)
        function(path)

    shutil.rmtree(folder, onerror=writable_then_retry)


def open_in_viewer(path: Path) -> bool:
    from ui.dialogs.pdf_preview import open_in_viewer as open_file

    return open_file(path)


class DocumentsPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.view: MeetingView | None = None
        self.editable = False
        self.why_not = ""
        self.pending = 0
        self.active_dialog: QWidget | None = None

        heading = section_heading(_("&Documents"))
        self.list = DocumentList()
        heading.setBuddy(self.list)
        self.list.open_requested.connect(lambda _d, version: self.open_version(version))
        self.list.files_dropped.connect(lambda paths: self.attach_files(paths, None))
        self.list.currentItemChanged.connect(lambda *_args: self._update_actions())
        self.error = ErrorLabel()
        self.progress = QLabel()
        self.progress.setVisible(False)

        self.attach_action = LocalAction(
            self,
            _("&Attach…"),
            "Ctrl+Shift+A",
            _("Attach files to the meeting (or drop them on the list)"),
            self.choose_and_attach,
        )
        self.version_action = LocalAction(
            self,
            _("New &version…"),
            "Ctrl+Shift+V",
            _("Replace the document by a new version; the old one is kept"),
            self.choose_new_version,
        )
        self.open_action = LocalAction(
            self, _("&Open"), "Ctrl+Return", _("Open in the system's viewer"), self.open_current
        )
        self.preview_action = LocalAction(
            self.list, _("&Preview"), "Space", _("Show the PDF here"), self.preview_current
        )
        self.confidential_action = LocalAction(
            self,
            _("&Confidential"),
            "Ctrl+Shift+C",
            _("Mark the document confidential (left out of public versions)"),
            self.toggle_confidential,
        )
        self.confidential_action.setCheckable(True)
        self.remove_action = LocalAction(
            self.list,
            _("&Remove"),
            QKeySequence.StandardKey.Delete,
            _("Remove the document"),
            self.remove_current,
        )

        buttons = QHBoxLayout()
        for action, name in (
            (self.open_action, _("Open document")),
            (self.preview_action, _("Preview document")),
        ):
            buttons.addWidget(action.button(name))
        buttons.addSpacing(12)
        for action, name in (
            (self.attach_action, _("Attach documents")),
            (self.version_action, _("New version of document")),
            (self.confidential_action, _("Document confidential")),
            (self.remove_action, _("Remove document")),
        ):
            buttons.addWidget(action.button(name))
        buttons.addStretch(1)
        buttons.addWidget(self.progress)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self._update_actions()

    def set_meeting(self, view: MeetingView, editable: bool, why_not: str) -> None:
        self.view, self.editable, self.why_not = view, editable, why_not
        self.list.set_accept_files(editable)
        self.list.set_documents(view.documents)
        self._update_actions()

    def _update_actions(self) -> None:
        document = self.list.current_document()
        version = self.list.current_version()
        chosen = _("Choose a document first.")
        meeting = self.view is not None
        self.attach_action.allow(meeting and self.editable, self.why_not)
        for action in (self.version_action, self.remove_action, self.confidential_action):
            if not self.editable:
                action.allow(False, self.why_not)
            else:
                action.allow(document is not None, chosen)
        self.confidential_action.setChecked(bool(document and document.confidential))
        self.open_action.allow(version is not None, chosen)
        if version is not None and not is_pdf(version):
            self.preview_action.allow(False, _("Only PDF documents can be previewed here."))
        else:
            self.preview_action.allow(version is not None, chosen)

    # Changes ----------------------------------------------------------------------------------

    def choose_and_attach(self) -> None:
        paths = file_choice.choose_files(self.context, self, _("Attach documents to the meeting"))
        if paths:
            self.attach_files(paths, None)

    def attach_files(
        self, paths: list[Path], item_id: str | None, errors: ErrorLabel | None = None
    ) -> None:
        """Attach files (to an agenda item, or to the meeting); ``errors`` shows refusals (this
        panel's label by default)."""
        if self.view is None or not paths:
            return
        shown = errors or self.error
        shown.clear_error()
        actor, meeting_id = self.context.actor, self.view.header.id
        for path in paths:
            self._started(_("Attaching {name}…").format(name=path.name))
            self.context.command(
                lambda store, path=path: attach_document(
                    store, actor, meeting_id, path, agenda_item_id=item_id
                ),
                _("Attach document"),
                lambda _id: self._finished(),
                lambda error, shown=shown: self._finished(error, shown),
            )

    def choose_new_version(self) -> None:
        document = self.list.current_document()
        if document is None:
            return
        paths = file_choice.choose_files(
            self.context,
            self,
            _("New version of “{title}”").format(title=document.title),
            many=False,
        )
        if paths:
            self.add_version(document, paths[0])

    def add_version(self, document: DocumentRow, path: Path) -> None:
        self.error.clear_error()
        actor = self.context.actor
        self._started(_("Adding {name}…").format(name=path.name))
        self.context.command(
            lambda store: add_document_version(store, actor, document.id, path),
            _("Add a new version"),
            lambda _version: self._finished(),
            lambda error: self._finished(error, self.error),
        )

    def toggle_confidential(self) -> None:
        document = self.list.current_document()
        if document is None:
            return
        actor, confidential = self.context.actor, not document.confidential
        label = _("Mark document confidential") if confidential else _("Mark document public")
        self.context.command(
            lambda store: update_document(store, actor, document.id, confidential=confidential),
            label,
            on_error=self.error.show_error,
        )

    def remove_current(self) -> None:
        document = self.list.current_document()
        if document is None:
            return
        actor = self.context.actor
        self.context.command(
            lambda store: remove_document(store, actor, document.id),
            _("Remove document"),
            lambda _r: self.context.status.emit(
                _("“{title}” removed (Undo brings it back).").format(title=document.title)
            ),
            self.error.show_error,
        )

    def _started(self, text: str) -> None:
        self.pending += 1
        self.progress.setText(text)
        self.progress.setVisible(True)

    def _finished(
        self, error: BaseException | None = None, shown: ErrorLabel | None = None
    ) -> None:
        self.pending -= 1
        if not self.pending:
            self.progress.setVisible(False)
        if error is not None and shown is not None:
            shown.show_error(error)

    # Reading ----------------------------------------------------------------------------------

    def open_current(self) -> None:
        self.open_version(self.list.current_version())

    def preview_current(self) -> None:
        version = self.list.current_version()
        document = self.list.current_document()
        if version is None or document is None or not is_pdf(version):
            return
        self._copy(version, lambda path: self._preview(path, document.title))

    def open_version(self, version: VersionRow | None) -> None:
        if version is not None:
            self._copy(version, lambda path: self._open(path, version))

    def _copy(self, version: VersionRow, then: Any) -> None:
        self.error.clear_error()
        folder, version_id = open_folder(), version.id
        self.context.worker.query(
            lambda store: copy_document_version(store, version_id, folder),
            then,
            self.error.show_error,
        )

    def _open(self, path: Path, version: VersionRow) -> None:
        if not open_in_viewer(path):
            self.error.show_error(
                _("No program on this computer opens {name}.").format(name=version.filename)
            )

    def _preview(self, path: Path, title: str) -> None:
        from ui.dialogs.pdf_preview import PdfPreviewDialog

        dialog = PdfPreviewDialog(path, title, self)
        self.active_dialog = open_dialog(self.active_dialog, dialog)
