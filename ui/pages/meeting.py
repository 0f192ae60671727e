"""One meeting: its header, its agenda and its documents.

Who may change it is asked of the core on the worker, with the page's data; for everyone else the
controls stay visible but disabled, and their tooltips say why.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from regiodesk.errors import DecisionListLocked, NotPermitted
from regiodesk.i18n import DISPLAY_ZONE, _, format_when
from regiodesk.model.enums import MeetingStatus
from regiodesk.permissions import Actor, require_meeting_editor
from regiodesk.queries.agenda import MeetingHeader, MeetingView, meeting_view
from regiodesk.store import Store
from ui.context import AppContext
from ui.pages.base import Page
from ui.widgets.agenda_panel import AgendaPanel
from ui.widgets.documents_panel import DocumentsPanel
from ui.widgets.error_label import ErrorLabel
from ui.widgets.follow_up_panel import FollowUpPanel
from ui.widgets.lifetime import open_dialog
from ui.widgets.shortcuts import LocalAction, tip

#: The lifecycle steps this page takes; the others belong to chairing the meeting.
PUBLISHING = {
    MeetingStatus.DRAFT: MeetingStatus.PUBLISHED,
    MeetingStatus.PUBLISHED: MeetingStatus.DRAFT,
}


NOTICE_STYLE = "background: #fff4ce; color: #3d2f00; padding: 5px 8px; border-radius: 3px;"


@dataclass(frozen=True)
class _Data:
    view: MeetingView
    editable: bool
    #: Why the user may not change the meeting ("" when they may).
    why_not: str


def load(store: Store, meeting_id: str, actor: Actor) -> _Data:
    """The meeting, and whether this person may change it (runs on the worker)."""
    view = meeting_view(store, meeting_id)
    why_not = ""
    try:
        require_meeting_editor(store, actor, meeting_id, view.header.pfo_id)
    except NotPermitted as refusal:
        why_not = refusal.message()
    if not why_not and view.header.locked:
        why_not = DecisionListLocked(meeting=view.header.reference).message()
    return _Data(view, not why_not, why_not)


def when_text(header: MeetingHeader) -> str:
    start, end = header.starts_at.astimezone(DISPLAY_ZONE), header.ends_at.astimezone(DISPLAY_ZONE)
    if start.date() == end.date():
        return f"{format_when(header.starts_at)} – {end:%H:%M}"
    return f"{format_when(header.starts_at)} – {format_when(header.ends_at)}"


class MeetingPage(Page):
    key = "meeting"
    watches = (
        "meeting",
        "agenda_item",
        "document",
        "document_version",
        "decision",
        "position",
        "decision_list",
        "person",
        "membership",
        "council_follow_up",
    )

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.data: _Data | None = None
        self.active_dialog: QWidget | None = None
        self._generation = 0

        self.heading = QLabel(_("Meeting"))
        self.heading.setObjectName("pageHeading")
        self.heading.setWordWrap(True)
        self.subheading = QLabel()
        facts = self._facts()
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setObjectName("readOnlyNotice")
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.setVisible(False)
        self.error = ErrorLabel()

        # Made before the panels, so that Tab goes header buttons, agenda, documents.
        header_buttons = self._make_header_buttons()
        self.agenda = AgendaPanel(context)
        self.follow_up = FollowUpPanel(context)
        self.documents = DocumentsPanel(context)
        self.agenda.attach_requested.connect(
            lambda paths, item_id: self.documents.attach_files(paths, item_id, self.agenda.error)
        )
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.agenda)
        splitter.addWidget(self.follow_up)
        splitter.addWidget(self.documents)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 2)

        top = QHBoxLayout()
        top.addLayout(facts, 1)
        actions = QVBoxLayout()
        for button in header_buttons:
            actions.addWidget(button)
        actions.addStretch(1)
        top.addLayout(actions)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.error)
        layout.addWidget(splitter, 1)
        self._update_actions()

    def _make_header_buttons(self) -> list[QToolButton]:
        self.edit_action = LocalAction(
            self,
            _("&Edit meeting…"),
            "Ctrl+E",
            _("Change title, times, place or chair"),
            self.edit_meeting,
        )
        self.publish_action = LocalAction(
            self,
            _("&Publish"),
            "Ctrl+Shift+U",
            _("Publish the agenda to the members"),
            self.toggle_published,
        )
        self.calendar_action = LocalAction(
            self,
            _("Export to &calendar…"),
            None,
            _("Save the meeting as a calendar file (.ics) for Outlook and other calendars"),
            self.export_calendar,
        )
        self.session_action = LocalAction(
            self,
            _("Start &session"),
            "Ctrl+Shift+S",
            _("Chair the meeting live: attendance, agenda, positions, decisions"),
            self.open_session,
        )

        self.decision_list_action = LocalAction(
            self,
            _("&Decision list"),
            "Ctrl+Shift+B",
            _("Preview, sign and publish the decision list of the closed meeting"),
            self.open_decision_list,
        )

        self.audit_action = LocalAction(
            self,
            _("A&udit trail…"),
            None,
            _("Who recorded what and when during the meeting"),
            self.open_audit,
        )

        header_buttons = [
            action.button()
            for action in (
                self.edit_action,
                self.publish_action,
                self.calendar_action,
                self.session_action,
                self.decision_list_action,
                self.audit_action,
            )
        ]
        # One width for the column, wide enough for the longest text (a tool button elides).
        metrics = self.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(b.defaultAction().text().replace("&", ""))
            for b in header_buttons
        )
        for button in header_buttons:
            button.setMinimumWidth(max(150, widest + 24))
        return header_buttons

    def _facts(self) -> QFormLayout:
        self.when, self.location, self.chair = QLabel(), QLabel(), QLabel()
        self.secretary, self.status = QLabel(), QLabel()
        facts = QFormLayout()
        facts.setHorizontalSpacing(12)
        facts.setVerticalSpacing(2)
        for text, label in (
            (_("When:"), self.when),
            (_("Where:"), self.location),
            (_("Chair:"), self.chair),
            (_("Secretary:"), self.secretary),
            (_("Status:"), self.status),
        ):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            facts.addRow(text, label)
        return facts

    def title(self) -> str:
        return _("Meeting")

    # Loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        meeting_id = self.target
        if not meeting_id:
            return
        self._generation += 1
        generation, actor = self._generation, self.context.actor
        self.context.worker.query(
            lambda store: load(store, meeting_id, actor),
            lambda data: self._show(generation, data),
            lambda error: self._failed(generation, error),
        )
        self.follow_up.reload(meeting_id)

    def show_target(self, target: object) -> None:
        changed = target != self.target
        super().show_target(target)
        if changed:
            self.agenda.list.setFocus()

    def _show(self, generation: int, data: _Data) -> None:
        if generation != self._generation:
            return
        self.data = data
        header = data.view.header
        self.error.clear_error()
        reference = _("meeting {reference}").format(reference=header.reference)
        if header.title:
            self.heading.setText(header.title)
            self.subheading.setText(f"{header.pfo_name} · {reference}")
        else:
            self.heading.setText(f"{header.pfo_name} – {reference}")
            self.subheading.setText("")
        self.subheading.setVisible(bool(header.title))
        self.when.setText(when_text(header))
        self.location.setText(header.location or "–")
        self.chair.setText(header.chair_name or "–")
        self.secretary.setText(header.secretary_name or "–")
        self.status.setText(header.status.label)
        self.notice.setText(data.why_not)
        self.notice.setVisible(not data.editable)
        self.agenda.set_meeting(data.view, data.editable, data.why_not)
        self.documents.set_meeting(data.view, data.editable, data.why_not)
        self._update_actions()

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self.data = None
            self.error.show_error(error)
            self._update_actions()

    def _update_actions(self) -> None:
        data = self.data
        if data is None:
            self.edit_action.allow(False, "")
            self.publish_action.allow(False, "")
            self.calendar_action.allow(False, "")
            self.session_action.allow(False, "")
            self.decision_list_action.allow(False, "")
            self.audit_action.allow(False, "")
            return
        self._update_session_action(data)
        self.audit_action.allow(True)
        closed = data.view.header.status in (MeetingStatus.CLOSED, MeetingStatus.ADOPTED)
        self.decision_list_action.allow(
            closed, _("The decision list is made once the session is closed.")
        )
        self.calendar_action.allow(True)
        self.edit_action.allow(data.editable, data.why_not)
        status = data.view.header.status
        if status is MeetingStatus.PUBLISHED:
            self.publish_action.set_text(_("Back to &draft"))
            self.publish_action.help_text = tip(
                _("Take the agenda back to draft"), self.publish_action.shortcut()
            )
        else:
            self.publish_action.set_text(_("&Publish"))
            self.publish_action.help_text = tip(
                _("Publish the agenda to the members"), self.publish_action.shortcut()
            )
        if not data.editable:
            self.publish_action.allow(False, data.why_not)
        elif status not in PUBLISHING:
            self.publish_action.allow(
                False, _("The meeting is {status}.").format(status=status.label)
            )
        else:
            self.publish_action.allow(True)

    # Commands ---------------------------------------------------------------------------------

    def edit_meeting(self) -> None:
        if self.data is None or not self.data.editable:
            return
        from ui.dialogs.meeting_editor import MeetingEditorDialog

        dialog = MeetingEditorDialog(self.context, meeting=self.data.view.header, parent=self)
        self.active_dialog = open_dialog(self.active_dialog, dialog)

    def toggle_published(self) -> None:
        if self.data is None:
            return
        from regiodesk.commands.meetings import set_meeting_status

        header = self.data.view.header
        target = PUBLISHING.get(header.status)
        if target is None:
            return
        actor = self.context.actor
        label = _("Publish meeting") if target is MeetingStatus.PUBLISHED else _("Back to draft")
        self.error.clear_error()
        self.context.command(
            lambda store: set_meeting_status(store, actor, header.id, target),
            label,
            on_error=self.error.show_error,
        )

    def export_calendar(self) -> None:
        if self.data is None:
            return
        from regiodesk.calendar_export import meeting_calendar
        from ui.calendar_file import export_to_calendar

        header = self.data.view.header
        meeting_id = header.id
        name = f"{header.pfo_short_name} {header.reference}"
        export_to_calendar(
            self.context, self, name, lambda store: meeting_calendar(store, meeting_id), self.error
        )

    def _update_session_action(self, data: _Data) -> None:
        status = data.view.header.status
        self.session_action.set_text(
            _("Start &session") if status is MeetingStatus.PUBLISHED else _("Resume &session")
        )
        if not data.editable:
            self.session_action.allow(False, data.why_not)
        elif status not in (
            MeetingStatus.PUBLISHED,
            MeetingStatus.IN_SESSION,
            MeetingStatus.CLOSED,
        ):
            self.session_action.allow(
                False, _("The meeting is {status}.").format(status=status.label)
            )
        else:
            self.session_action.allow(True)

    def open_session(self) -> None:
        """The session page starts (or resumes) the session; it replaces the normal layout."""
        if self.data is not None and self.session_action.isEnabled():
            self.context.navigate("session", self.data.view.header.id)

    def open_decision_list(self) -> None:
        if self.data is not None and self.decision_list_action.isEnabled():
            self.context.navigate("decision_list", self.data.view.header.id)

    def open_audit(self) -> None:
        if self.data is None:
            return
        from ui.dialogs.session_audit import SessionAuditDialog

        header = self.data.view.header
        title = f"{header.pfo_short_name} {header.reference}"
        dialog = SessionAuditDialog(self.context, header.id, title, self)
        self.active_dialog = open_dialog(self.active_dialog, dialog)
