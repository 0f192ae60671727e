"""Chairing a meeting live: the page that replaces the normal layout during a session.

Keyboard first: Alt+1..5 go to attendance, agenda, speakers, roll call and decision; Ctrl+PgDn /
Ctrl+PgUp take up the next / previous item; F5 shows the projector view; Ctrl+Shift+C closes the
session.  Every key the chair presses is a core command on the worker, saved at once; the page
reloads from the store after each write (the session resumes where it was after a crash).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from regiodesk.commands.session import close_session, start_session, step_item
from regiodesk.errors import ItemsStillOpen, SessionHeldElsewhere
from regiodesk.i18n import DISPLAY_ZONE, _
from regiodesk.model.enums import MeetingStatus
from regiodesk.queries.session import SessionView, session_view
from regiodesk.timeutil import utc_now
from ui.context import AppContext
from ui.pages.base import Page
from ui.projector_window import ProjectorState, ProjectorWindow
from ui.widgets.error_label import ErrorLabel
from ui.widgets.lifetime import alive
from ui.widgets.session_agenda import SessionAgendaPanel
from ui.widgets.session_attendance import AttendancePanel
from ui.widgets.session_common import Runner, minutes_text
from ui.widgets.session_decision import DecisionEditor
from ui.widgets.session_roll_call import RollCallPanel
from ui.widgets.session_speakers import SpeakersPanel
from ui.widgets.shortcuts import LocalAction

QUORUM_MET = "background: #1e7b34; color: white; padding: 4px 10px; border-radius: 3px;"
QUORUM_NOT_MET = "background: #b3261e; color: white; padding: 4px 10px; border-radius: 3px;"
NOTICE_STYLE = "background: #fff4ce; color: #3d2f00; padding: 5px 8px; border-radius: 3px;"


class SessionPage(Page):
    key = "session"
    #: The main window hides its navigation pane while this page shows.
    hides_navigation = True
    watches = (
        "meeting",
        "meeting_session",
        "attendance",
        "agenda_item",
        "item_timer",
        "speaker_turn",
        "position",
        "decision",
        "decision_participant",
        "action",
        "decision_list",
    )

    #: What the projector shows (a ``ProjectorState``), after every load.
    projector_changed = Signal(object)
    #: The view was shown from the store (for tests and the benchmark).
    loaded = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.view: SessionView | None = None
        self.projector: ProjectorWindow | None = None
        self._generation = 0
        self._started_for: str | None = None
        self._close_forcing = False

        self.error = ErrorLabel()
        self.runner = Runner(context, self.error, self)
        self.heading = QLabel(_("Session"))
        self.heading.setObjectName("pageHeading")
        self.facts = QLabel()
        self.quorum = QLabel()
        self.quorum.setAccessibleName(_("Quorum"))
        self.clock = QLabel()
        self.clock.setAccessibleName(_("Meeting time"))
        self.item_clock = QLabel()
        self.item_clock.setAccessibleName(_("Item time"))
        self.item_clock.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.setVisible(False)

        self._make_actions()
        self.attendance = AttendancePanel(self.runner)
        self.agenda = SessionAgendaPanel(self.runner)
        self.speakers = SpeakersPanel(self.runner)
        self.roll_call = RollCallPanel(self.runner)
        self.decision = DecisionEditor(self.runner)

        self._lay_out()

        for number, widget in enumerate(
            (
                self.attendance.table,
                self.agenda.table,
                self.speakers.table,
                self.roll_call.table,
                self.decision.text,
            ),
            start=1,
        ):
            self._shortcut(f"Alt+{number}", widget.setFocus)
        self._shortcut("Ctrl+PgDown", lambda: self.step(1))
        self._shortcut("Ctrl+PgUp", lambda: self.step(-1))

        self.decision.text_changed.connect(self._decision_typed)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start()
        self._update_actions()

    def _make_actions(self) -> None:
        self.start_action = LocalAction(
            self, _("&Start session"), "Ctrl+Shift+S", _("Start or resume the session"), self.start
        )
        self.take_over_action = LocalAction(
            self,
            _("&Take over"),
            "Ctrl+Shift+T",
            _("Chair this session from this device; the other device stops recording"),
            lambda: self.start(take_over=True),
        )
        self.projector_action = LocalAction(
            self, _("&Projector"), "F5", _("Show the projector view"), self.toggle_projector
        )
        self.close_action = LocalAction(
            self, _("&Close session"), "Ctrl+Shift+C", _("Close the session"), self.close_meeting
        )
        self.leave_action = LocalAction(
            self, _("&Leave"), "Ctrl+Shift+L", _("Back to the meeting page"), self.leave
        )

    def _lay_out(self) -> None:
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.heading)
        titles.addWidget(self.facts)
        header.addLayout(titles, 1)
        clocks = QVBoxLayout()
        clocks.addWidget(self.quorum)
        clocks.addWidget(self.clock)
        clocks.addWidget(self.item_clock)
        header.addLayout(clocks)
        buttons = QHBoxLayout()
        for action in (
            self.start_action,
            self.take_over_action,
            self.projector_action,
            self.close_action,
            self.leave_action,
        ):
            buttons.addWidget(action.button())
        buttons.addStretch(1)

        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.attendance)
        left.addWidget(self.speakers)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(self.agenda)
        middle.addWidget(self.roll_call)
        middle.setStretchFactor(0, 1)
        middle.setStretchFactor(1, 1)
        columns = QSplitter(Qt.Orientation.Horizontal)
        for widget in (left, middle, self.decision):
            columns.addWidget(widget)
        columns.setStretchFactor(0, 3)
        columns.setStretchFactor(1, 4)
        columns.setStretchFactor(2, 4)
        columns.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addLayout(header)
        layout.addLayout(buttons)
        layout.addWidget(self.notice)
        layout.addWidget(self.error)
        layout.addWidget(columns, 1)

    def _shortcut(self, key: str, slot: Any) -> None:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    def title(self) -> str:
        return _("Session")

    # Loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        meeting_id = self.target
        if not meeting_id:
            return
        self._generation += 1
        generation = self._generation
        self.context.worker.query(
            lambda store: session_view(store, meeting_id),
            lambda view: self._show(generation, view),
            lambda error: self._failed(generation, error),
        )

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self.error.show_error(error)

    def _show(self, generation: int, view: SessionView) -> None:
        if generation != self._generation:
            return
        first = self.view is None or self.view.meeting_id != view.meeting_id
        self.view = view
        self.heading.setText(view.title or f"{view.pfo_name} – {view.reference}")
        start, end = view.starts_at.astimezone(DISPLAY_ZONE), view.ends_at.astimezone(DISPLAY_ZONE)
        self.facts.setText(
            f"{view.pfo_name} · {view.reference} · {view.location or '–'} · "
            f"{start:%H:%M}–{end:%H:%M} · {view.status.label}"
        )
        quorum = view.quorum
        text = (_("Quorum") if quorum.met else _("No quorum")) + ": " + quorum.describe()
        self.quorum.setText(text)
        self.quorum.setStyleSheet(QUORUM_MET if quorum.met else QUORUM_NOT_MET)
        self._show_notice(view)
        self.attendance.set_lines(view.meeting_id, view.attendance)
        current_id = view.current.id if view.current else None
        self.agenda.set_items(view.meeting_id, view.items, current_id)
        self.speakers.set_choices(view.attendance, view.people)
        self.speakers.set_speakers(current_id, view.speakers)
        self.roll_call.set_roll_call(view.roll_call)
        self.decision.show_item(
            view.meeting_id,
            view.current,
            view.decision,
            view.roll_call,
            view.attendance,
            view.people,
            quorum.met,
        )
        self._tick()
        self._update_actions()
        self._emit_projector()
        if first:
            self._auto_start(view)
            self.agenda.table.setFocus()
        self.loaded.emit()

    def _show_notice(self, view: SessionView) -> None:
        notice = ""
        if view.locked:
            notice = _("The decision list of this meeting has been signed; it cannot change.")
        elif view.status is MeetingStatus.IN_SESSION and not view.ours and view.claim is not None:
            notice = _(
                "This session runs on another device ({device}, {person}). Nothing can be "
                "recorded here unless you take it over (Ctrl+Shift+T)."
            ).format(device=view.claim.device_name or "?", person=view.claim.holder_name or "?")
        elif view.status is MeetingStatus.CLOSED:
            notice = _(
                "The session is closed. The chair may reopen it (Ctrl+Shift+S); that is logged."
            )
        elif view.status is not MeetingStatus.IN_SESSION:
            notice = _("The meeting is {status}.").format(status=view.status.label)
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))

    def _auto_start(self, view: SessionView) -> None:
        """Coming here from "Start session" starts it, or resumes it on this device; a session
        on another device, or a closed one, waits for an explicit choice."""
        if self._started_for == view.meeting_id:
            return
        self._started_for = view.meeting_id
        free = view.claim is None or not view.claim.held or view.ours
        if view.status is MeetingStatus.PUBLISHED or (
            view.status is MeetingStatus.IN_SESSION and free and not view.ours
        ):
            self.start()

    def show_target(self, target: object) -> None:
        if target != self.target:
            self.view = None
        super().show_target(target)

    def _update_actions(self) -> None:
        view = self.view
        running = view is not None and view.running
        status = view.status if view else None
        elsewhere = (
            view is not None
            and status is MeetingStatus.IN_SESSION
            and view.claim is not None
            and view.claim.held
            and not view.ours
        )
        self.start_action.set_text(
            _("Re&open session") if status is MeetingStatus.CLOSED else _("&Start session")
        )
        self.start_action.allow(
            view is not None
            and not view.locked
            and not elsewhere
            and (status in (MeetingStatus.PUBLISHED, MeetingStatus.CLOSED) or not running),
            _("The session runs here already."),
        )
        self.take_over_action.setVisible(bool(elsewhere))
        self.take_over_action.allow(bool(elsewhere))
        self.close_action.allow(running, _("The session is not running on this device."))
        for panel in (self.attendance, self.agenda, self.speakers, self.roll_call):
            panel.setEnabled(running)
        self.decision.setEnabled(running and view is not None and view.current is not None)

    # Time -------------------------------------------------------------------------------------

    def _tick(self) -> None:
        view = self.view
        if view is None:
            return
        now = utc_now()
        if view.opened_at is not None and view.status is MeetingStatus.IN_SESSION:
            elapsed = int((now - view.opened_at).total_seconds())
            left = int((view.ends_at - now).total_seconds())
            end = view.ends_at.astimezone(DISPLAY_ZONE)
            over = _("{time} over").format(time=minutes_text(-left))
            remaining = _("{time} left").format(time=minutes_text(left))
            self.clock.setText(
                _("Meeting {elapsed} · planned end {end} ({left})").format(
                    elapsed=minutes_text(elapsed),
                    end=f"{end:%H:%M}",
                    left=remaining if left >= 0 else over,
                )
            )
        else:
            self.clock.setText("")
        current = view.current
        if current is not None:
            actual = current.actual_seconds(now)
            planned = current.planned_minutes * 60
            self.item_clock.setText(
                _("Item {actual} of {planned} min").format(
                    actual=minutes_text(actual), planned=current.planned_minutes
                )
            )
            self.item_clock.setStyleSheet(
                "font-size: 12pt; font-weight: 600;"
                + (" color: #b3261e;" if actual > planned else "")
            )
        else:
            self.item_clock.setText(_("No item taken up (Ctrl+PgDn: first item)"))
        self.agenda.model.refresh_timers()
        self.speakers.refresh_timers()

    # Commands ---------------------------------------------------------------------------------

    def start(self, take_over: bool = False) -> None:
        meeting_id = self.target
        if not meeting_id:
            return
        actor, device = self.context.actor, self.context.identity.device_name
        self.error.clear_error()

        def refused(error: BaseException) -> None:
            self.error.show_error(error)
            if isinstance(error, SessionHeldElsewhere):
                self.take_over_action.setVisible(True)
                self.take_over_action.allow(True)

        self.context.command(
            lambda store: start_session(store, actor, meeting_id, device, take_over=take_over),
            "",
            on_error=refused,
        )

    def step(self, step: int) -> None:
        if self.view is None or not self.view.running:
            return
        self.decision.flush()
        meeting, actor = self.view.meeting_id, self.context.actor
        self.runner.run(lambda store: step_item(store, actor, meeting, step))

    def close_meeting(self) -> None:
        if self.view is None or not self.view.running:
            return
        self.decision.flush()
        meeting, actor, force = self.view.meeting_id, self.context.actor, self._close_forcing
        self.error.clear_error()

        def refused(error: BaseException) -> None:
            self.error.show_error(error)
            if isinstance(error, ItemsStillOpen):
                self._close_forcing = True
                self.close_action.set_text(_("&Close anyway"))
                self.close_action.help_text = _("Close the session with the items still open")

        def closed(_titles: object) -> None:
            self._close_forcing = False
            self.close_action.set_text(_("&Close session"))

        self.context.command(
            lambda store: close_session(store, actor, meeting, force=force),
            "",
            closed,
            refused,
        )

    def leave(self) -> None:
        self.decision.flush()
        if self.target:
            self.context.navigate("meeting", self.target)

    # The projector ----------------------------------------------------------------------------

    def projector_state(self) -> ProjectorState:
        view = self.view
        if view is None:
            return ProjectorState()
        current = view.current
        speaker = next((s.name for s in view.speakers if s.speaking), "")
        tally: tuple[tuple[str, int], ...] = ()
        if view.roll_call is not None and view.roll_call.open:
            tally = tuple((kind.label, count) for kind, count in view.roll_call.tally.items())
        return ProjectorState(
            meeting=f"{view.pfo_name} · {view.reference}"
            + (f" · {view.title}" if view.title else ""),
            item=f"{current.number}. {current.title}" if current else "",
            speaker=speaker,
            quorum=(_("Quorum") if view.quorum.met else _("No quorum"))
            + ": "
            + view.quorum.describe(),
            quorum_met=view.quorum.met,
            tally=tally,
        )

    def _emit_projector(self) -> None:
        self.projector_changed.emit(self.projector_state())

    def _decision_typed(self, text: str) -> None:
        if alive(self.projector):
            assert self.projector is not None
            self.projector.show_decision_text(text)

    def toggle_projector(self) -> None:
        if alive(self.projector) and self.projector is not None and self.projector.isVisible():
            self.projector.close()
            return
        if not alive(self.projector):
            self.projector = ProjectorWindow(self)
            self.projector_changed.connect(self.projector.show_state)
        assert self.projector is not None
        self.projector.show_state(self.projector_state())
        self.projector.show_decision_text(self.decision.text.toPlainText())
        self.projector.place(self.window(), self._projector_screen())
        self.window().activateWindow()

    def _projector_screen(self) -> Any:
        """With more than one screen beside the chair's, the chair chooses (remembered)."""
        from PySide6.QtGui import QGuiApplication

        chair = self.window().screen()
        others = [s for s in QGuiApplication.screens() if s is not chair]
        if len(others) < 2:
            return None
        labels = [ProjectorWindow.screen_label(s) for s in others]
        remembered = self.context.settings.ui_state.get("projector_screen", "")
        start = labels.index(remembered) if remembered in labels else 0
        from PySide6.QtWidgets import QInputDialog

        chosen, ok = QInputDialog.getItem(
            self, _("Projector"), _("Show the projector view on:"), labels, start, False
        )
        if not ok:
            return None
        self.context.settings.ui_state["projector_screen"] = chosen
        self.context.save_settings()
        return others[labels.index(chosen)]

    def hideEvent(self, event: Any) -> None:  # noqa: N802 (Qt)
        self.decision.flush()
        super().hideEvent(event)
