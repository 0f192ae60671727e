"""A meeting's decision list (besluitenlijst): where it stands, its preview, the chair's and the
secretary's signatures, the public version, corrections, and its adoption at the next meeting.

Every file is made and signed on the database worker; the page shows the core's words when it
refuses (a meeting that is not closed, a wrong passphrase, a time-stamp service that is silent).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from regiodesk.i18n import _, current_language, format_datetime
from regiodesk.model.enums import DecisionListStatus
from regiodesk.queries.decision_lists import DecisionListState, ListVersion, decision_list_state
from regiodesk.store import Store
from regiodesk.store.paths import data_dir
from ui.context import AppContext
from ui.pages.base import Page
from ui.region_logo import region_logo
from ui.widgets.error_label import ErrorLabel
from ui.widgets.lifetime import guarded, open_dialog
from ui.widgets.shortcuts import LocalAction

COLUMNS = (
    lambda: _("Version"),
    lambda: _("Status"),
    lambda: _("Chair signed"),
    lambda: _("Secretary signed"),
    lambda: _("Adopted in"),
)


def _when(value: Any) -> str:
    return format_datetime(value) if value is not None else "—"


def describe(state: DecisionListState) -> str:
    """One sentence on where the list stands."""
    latest = state.latest
    if not state.closed:
        return _(
            "The meeting is {status}. The decision list is made once the session is closed."
        ).format(status=state.meeting_status.label)
    if latest is None or latest.status is DecisionListStatus.DRAFT:
        version = latest.version if latest else 1
        return _(
            "Version {version} is a draft: preview it, then the chair signs first and the "
            "secretary second."
        ).format(version=version)
    if latest.secretary_signed_at is None:
        return _("Version {version} is signed by the chair; the secretary signs next.").format(
            version=latest.version
        )
    if latest.status is DecisionListStatus.ADOPTED:
        return _("Version {version} is signed and was adopted in meeting {reference}.").format(
            version=latest.version, reference=latest.adopted_in
        )
    return _(
        "Version {version} is signed by the chair and the secretary; the next meeting adopts it."
    ).format(version=latest.version)


@dataclass(frozen=True)
class PageData:
    state: DecisionListState
    #: What the signatures of the stored signed file say (empty while there is none).
    findings: list[str]


def load(store: Store, actor: Any, meeting_id: str) -> PageData:
    state = decision_list_state(store, actor, meeting_id)
    findings: list[str] = []
    latest = state.latest
    if latest is not None and latest.file_sha256:
        from regiodesk.decision_list.signatures import verify_decision_list

        try:
            signed = store.blobs.path_of(latest.file_sha256).read_bytes()
        except OSError:
            findings = [_("The signed file has not reached this device yet.")]
        else:
            findings = verify_decision_list(store, signed).findings()
    return PageData(state, findings)


def _safe(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text).strip("-") or "besluitenlijst"


class DecisionListPage(Page):
    key = "decision_list"
    watches = ("decision_list", "meeting", "agenda_item", "decision", "position", "attendance")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.state: DecisionListState | None = None
        self.active_dialog: QWidget | None = None
        self.last_file: Path | None = None
        self.heading = QLabel(_("Decision list"))
        self.heading.setObjectName("pageHeading")
        self.heading.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Where the decision list stands"))
        self.versions = self._make_versions()
        self.checks = QLabel()
        self.checks.setWordWrap(True)
        self.checks.setAccessibleName(_("What the signatures say"))
        self.checks_box = QGroupBox(_("Signatures of the signed file"))
        QVBoxLayout(self.checks_box).addWidget(self.checks)
        self.checks_box.setVisible(False)
        self.error = ErrorLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_("Status"))
        self._make_actions()
        buttons = QHBoxLayout()
        for action in self.actions_in_order:
            buttons.addWidget(action.button())
        buttons.addStretch(1)
        back = LocalAction(self, _("&Meeting"), None, _("Back to the meeting"), self._to_meeting)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(back.button())
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.versions)
        layout.addWidget(self.checks_box)
        layout.addStretch(1)
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        self._update_actions()

    def title(self) -> str:
        if self.state is None:
            return _("Decision list")
        return _("Decision list {reference}").format(reference=self.state.reference)

    def _make_versions(self) -> QTableWidget:
        table = QTableWidget(0, len(COLUMNS))
        table.setAccessibleName(_("Versions of the decision list"))
        table.setHorizontalHeaderLabels([column() for column in COLUMNS])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setMaximumHeight(6 * table.verticalHeader().defaultSectionSize() + 30)
        return table

    def _make_actions(self) -> None:
        self.preview_action = LocalAction(
            self, _("&Preview"), "Ctrl+Shift+P", _("Show the decision list as PDF"), self.preview
        )
        self.chair_action = LocalAction(
            self, _("Sign as &chair…"), None, _("The chair signs first"), self.sign_as_chair
        )
        self.secretary_action = LocalAction(
            self,
            _("Sign as &secretary…"),
            None,
            _("The secretary signs the chair's signed file"),
            self.sign_as_secretary,
        )
        self.save_action = LocalAction(
            self, _("Save &as…"), "Ctrl+Shift+S", _("Save the PDF to a file"), self.save_as
        )
        self.public_action = LocalAction(
            self,
            _("P&ublic version…"),
            None,
            _("Without confidential items: PDF, JSON and CSV for publication"),
            self.export_public,
        )
        self.correct_action = LocalAction(
            self,
            _("C&orrection"),
            None,
            _("Start a new version that corrects the signed one"),
            self.start_correction,
        )
        self.adoption_action = LocalAction(
            self,
            _("A&genda next meeting"),
            None,
            _("Put the adoption of this list on the next meeting's agenda"),
            self.propose_adoption,
        )
        self.actions_in_order = (
            self.preview_action,
            self.chair_action,
            self.secretary_action,
            self.save_action,
            self.public_action,
            self.correct_action,
            self.adoption_action,
        )

    # Loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        meeting_id, actor = self.target, self.context.actor
        if not isinstance(meeting_id, str) or not meeting_id:
            return
        self.context.worker.query(
            lambda store: load(store, actor, meeting_id),
            guarded(self, self._show),
            guarded(self, self._failed),
        )

    def _show(self, data: PageData) -> None:
        state = self.state = data.state
        self.checks.setText("\n".join(data.findings))
        self.checks_box.setVisible(bool(data.findings))
        self.error.clear_error()
        self.heading.setText(
            _("Decision list {pfo} {reference}").format(pfo=state.pfo, reference=state.reference)
        )
        self.summary.setText(describe(state))
        self.versions.setRowCount(len(state.versions))
        for row, version in enumerate(state.versions):
            for column, text in enumerate(self._cells(version)):
                self.versions.setItem(row, column, QTableWidgetItem(text))
        self._update_actions()

    def _cells(self, version: ListVersion) -> list[str]:
        return [
            str(version.version),
            version.status.label,
            _when(version.chair_signed_at),
            _when(version.secretary_signed_at),
            version.adopted_in or "—",
        ]

    def _failed(self, error: BaseException) -> None:
        self.state = None
        self.error.show_error(error)
        self._update_actions()

    def _update_actions(self) -> None:
        state = self.state
        if state is None:
            for action in self.actions_in_order:
                action.allow(False, "")
            return
        not_closed = _("The meeting is {status}.").format(status=state.meeting_status.label)
        self.preview_action.allow(state.closed, not_closed)
        self.save_action.allow(state.closed, not_closed)
        self.public_action.allow(state.closed, not_closed)
        self.chair_action.allow(
            state.can_sign_as_chair,
            not_closed
            if not state.closed
            else _("Only the chair signs first, once.")
            if not state.is_chair
            else _("The chair has signed this version."),
        )
        self.secretary_action.allow(
            state.can_sign_as_secretary,
            _("The secretary signs after the chair, once.")
            if state.is_secretary
            else _("Only the PFO's secretary signs here."),
        )
        self.correct_action.allow(state.can_correct, _("There is no signed version to correct."))
        latest = state.latest
        adoptable = (
            latest is not None
            and latest.status is DecisionListStatus.SIGNED
            and state.is_secretary
            and state.next_meeting is not None
            and not state.next_meeting.adoption_planned
        )
        self.adoption_action.allow(
            adoptable, _("Once signed, the next planned meeting adopts the list.")
        )

    def _to_meeting(self) -> None:
        if isinstance(self.target, str):
            self.context.navigate("meeting", self.target)

    # Files ------------------------------------------------------------------------------------

    def _export(self, on_done: Any, public: bool = False) -> None:
        """Make the file on the worker (a draft, or the signed file once there is one)."""
        if self.state is None:
            return
        meeting_id, actor, language = self.state.meeting_id, self.context.actor, current_language()
        logo = region_logo(self.context.settings)

        def work(store: Store) -> Any:
            from regiodesk.decision_list.signatures import export_decision_list

            return export_decision_list(
                store, actor, meeting_id, language=language, public=public, logo=logo
            )

        self.error.clear_error()
        self.context.worker.write(
            work, guarded(self, on_done), guarded(self, self.error.show_error)
        )

    def _file_name(self, exported: Any) -> str:
        assert self.state is not None
        kind = _("public") if exported.public else _("decision-list")
        signed = "-signed" if exported.signed_by else ""
        return _safe(f"{kind}-{self.state.pfo}-{self.state.reference}-v{exported.version}{signed}")

    def preview(self) -> None:
        def show(exported: Any) -> None:
            from regiodesk.files import write_atomically
            from ui.dialogs.pdf_preview import PdfPreviewDialog

            folder = data_dir() / "decision-lists"
            path = write_atomically(folder / f"{self._file_name(exported)}.pdf", exported.pdf)
            self.last_file = path
            dialog = PdfPreviewDialog(path, self.title(), self)
            self.active_dialog = open_dialog(self.active_dialog, dialog)

        self._export(show)

    def save_as(self) -> None:
        def save(exported: Any) -> None:
            from regiodesk.files import write_atomically

            name, _filter = QFileDialog.getSaveFileName(
                self,
                _("Save the decision list"),
                str(Path.home() / f"{self._file_name(exported)}.pdf"),
                _("PDF files (*.pdf)"),
            )
            if not name:
                return
            try:
                path = write_atomically(Path(name), exported.pdf)
            except Exception as error:  # the core's words for a full disk, a missing folder
                self.error.show_error(error)
                return
            self.last_file = path
            self.message.setText(_("Saved to {path}").format(path=path))

        self._export(save)

    def export_public(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, _("Folder for the public version"), str(Path.home())
        )
        if not folder or self.state is None:
            return
        meeting_id = self.state.meeting_id

        def written(exported: Any) -> None:
            stem = self._file_name(exported)
            self.context.worker.query(
                lambda store: _write_public(store, meeting_id, Path(folder), exported, stem),
                guarded(self, self._public_written),
                guarded(self, self.error.show_error),
            )

        self._export(written, public=True)

    def _public_written(self, paths: list[Path]) -> None:
        self.message.setText(
            _("Public version written: {files}").format(files=", ".join(p.name for p in paths))
        )

    # Commands ---------------------------------------------------------------------------------

    def _sign(self, role: str) -> None:
        if self.state is None:
            return
        from ui.dialogs.sign_dialog import SignDialog

        dialog = SignDialog(
            self.context,
            self.state.meeting_id,
            role,
            self.state.reference,
            self.state.location,
            parent=self,
        )
        dialog.signed.connect(guarded(self, lambda _data: self._signed(role)))
        self.active_dialog = open_dialog(self.active_dialog, dialog)

    def sign_as_chair(self) -> None:
        self._sign("chair")

    def sign_as_secretary(self) -> None:
        self._sign("secretary")

    def _signed(self, role: str) -> None:
        text = (
            _("Signed as chair; the secretary signs next.")
            if role == "chair"
            else _("Signed as secretary; the decision list is complete.")
        )
        self.message.setText(text)
        self.context.status.emit(text)

    def start_correction(self) -> None:
        if self.state is None:
            return
        from regiodesk.decision_list.signatures import start_correction

        meeting_id, actor = self.state.meeting_id, self.context.actor
        self.context.worker.write(
            lambda store: start_correction(store, actor, meeting_id),
            guarded(self, lambda _id: self.message.setText(_("A new draft version was started."))),
            guarded(self, self.error.show_error),
        )

    def propose_adoption(self) -> None:
        if self.state is None:
            return
        from regiodesk.commands.decision_lists import propose_adoption_at_next

        meeting_id, actor = self.state.meeting_id, self.context.actor
        self.context.command(
            lambda store: propose_adoption_at_next(store, actor, meeting_id),
            _("Agenda the adoption"),
            guarded(
                self,
                lambda _id: self.message.setText(
                    _("The adoption is the first item of the next meeting.")
                ),
            ),
            guarded(self, self.error.show_error),
        )


def _write_public(
    store: Store, meeting_id: str, folder: Path, exported: Any, stem: str
) -> list[Path]:
    from regiodesk.decision_list.content import load_content
    from regiodesk.decision_list.publication import to_csv, to_json
    from regiodesk.files import write_atomically

    content = load_content(store, meeting_id, public=True)
    return [
        write_atomically(folder / f"{stem}.pdf", exported.pdf),
        write_atomically(folder / f"{stem}.json", to_json(content)),
        write_atomically(folder / f"{stem}.csv", to_csv(content)),
    ]
