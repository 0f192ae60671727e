"""The Twente-dag: the day with its rounds, sessions and rooms; the plan with its score, the
solver's bound and the gap; planning (on the worker, with progress); the schedules to export; and
what a session yielded, each of which can become an agenda item of its PFO.

"Plan" keeps the current plan as far as it can (kept assignments always stay); "Plan anew"
starts over.  A plan that cannot be made is explained in place, rule by rule.

The secretariat sets the day up here too: rooms, sessions, factions and members, and their
preferences, by hand (each in its dialog under ``ui/dialogs/region_day_*``) or from a council
clerk's CSV file; a file with a bad line is imported not at all, and every problem is listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from regiodesk.i18n import _, format_date, format_number
from regiodesk.model.enums import YieldKind
from regiodesk.queries.region_day import (
    DayOverview,
    DayRef,
    FactionRef,
    MemberRef,
    YieldRow,
    factions,
    members,
    overview,
    region_days,
    yields,
)
from regiodesk.store import Store
from regiodesk.timeutil import AMSTERDAM
from ui.context import AppContext
from ui.pages.base import Page
from ui.widgets.error_label import ErrorLabel
from ui.widgets.lifetime import open_dialog
from ui.widgets.tables import read_only_table

#: The folder the user last imported a preference file from.
FOLDER_KEY = "region_day_preferences_folder"

CODE, TOPIC, ROUNDS, ROOM, HOST, ASSIGNED = range(6)


@dataclass(frozen=True)
class RegionDayData:
    day: DayOverview | None
    members: list[MemberRef]
    factions: list[FactionRef]
    organiser: bool
    #: All days of the region, the latest first.
    days: list[DayRef] = field(default_factory=list)


def load_region_day(
    store: Store, person_id: str | None, day_id: str | None = None
) -> RegionDayData:
    """The day ``day_id`` (while it exists), else the latest day."""
    from regiodesk.commands.region_day import is_organiser
    from regiodesk.permissions import Actor

    organiser = is_organiser(store, Actor(person_id))
    days = region_days(store)
    if not days:
        return RegionDayData(None, [], [], organiser)
    if day_id not in {day.id for day in days}:
        day_id = days[0].id
    assert day_id is not None
    return RegionDayData(
        overview(store, day_id),
        members(store, day_id),
        factions(store, day_id),
        organiser,
        days,
    )


def plan_text(day: DayOverview) -> str:
    """ "Score 5,401 · bound 5,401 · gap 0.00% (optimal)", or that there is no plan yet."""
    gap = day.plan_gap
    if day.plan_score is None or day.plan_bound is None or gap is None:
        return _("Not planned yet.")
    objective = day.plan_objective if day.plan_objective is not None else day.plan_score
    return _(
        "Score {score} · solver objective {objective}, bound {bound}, gap {gap}% ({status})"
    ).format(
        score=format_number(round(day.plan_score)),
        objective=format_number(round(objective, 1)),
        bound=format_number(round(day.plan_bound, 1)),
        gap=format_number(round(gap * 100, 2)),
        status=_(day.plan_status),
    )


class RegionDayPage(Page):
    key = "region_day"
    watches = (
        "region_day",
        "region_day_room",
        "region_day_slot",
        "region_day_session",
        "region_day_session_round",
        "region_day_faction",
        "region_day_member",
        "region_day_preference",
        "region_day_assignment",
        "region_day_yield",
        "agenda_item",
    )

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.data: RegionDayData | None = None
        self.yield_rows: list[YieldRow] = []
        self.active_dialog: QDialog | None = None
        #: The day the user chose (None: the latest).
        self.chosen_day_id: str | None = None
        heading = QLabel(_("Twente-dag"))
        heading.setObjectName("pageHeading")
        self.empty = self._make_empty()
        self.facts = QLabel()
        self.facts.setAccessibleName(_("The day"))
        self.facts.setWordWrap(True)
        self.error = ErrorLabel()
        self.message = QLabel()
        self.message.setAccessibleName(_("Status"))
        self.message.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._make_sessions())
        splitter.addWidget(self._make_yields())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([700, 350])
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self._make_day_choice())
        top.addWidget(self.day_button)
        top.addWidget(self.new_day_button)
        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.addWidget(self.facts)
        content.addWidget(self._make_plan())
        content.addWidget(self._make_setup())
        content.addWidget(splitter, 1)
        content.addWidget(self._make_exports())
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.content, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        self.empty.setVisible(False)
        context.worker.progress.connect(self._progress)

    def title(self) -> str:
        return _("Twente-dag")

    # Widgets ----------------------------------------------------------------------------------

    def _make_empty(self) -> QWidget:
        """What the page offers while the region has no Twente-dag: to make one."""
        self.empty_text = QLabel()
        self.empty_text.setAccessibleName(_("The day"))
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.create_button = QPushButton(_("&New Twente-dag…"))
        self.create_button.setToolTip(_("Make a Twente-dag: its name, date and venue"))
        self.create_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.create_button.setMinimumHeight(40)
        self.create_button.clicked.connect(self.new_day)
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.addStretch(1)
        layout.addWidget(self.empty_text)
        layout.addSpacing(12)
        layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        return panel

    def _make_day_choice(self) -> QWidget:
        self.day_choice = QComboBox()
        self.day_choice.setAccessibleName(_("Twente-dag"))
        self.day_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.day_choice.activated.connect(self._day_chosen)
        label = QLabel(_("Da&y:"))
        label.setBuddy(self.day_choice)
        self.day_choice_panel = QWidget()
        row = QHBoxLayout(self.day_choice_panel)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.day_choice)
        self.day_choice_panel.setVisible(False)
        self.day_button = QPushButton(_("Day and time s&lots…"))
        self.day_button.setToolTip(_("Change the day's name, date and venue, and its time slots"))
        self.day_button.clicked.connect(self.edit_day)
        self.new_day_button = QPushButton(_("New Twente-dag…"))
        self.new_day_button.setToolTip(_("Make another Twente-dag"))
        self.new_day_button.clicked.connect(self.new_day)
        return self.day_choice_panel

    def _make_plan(self) -> QGroupBox:
        box = QGroupBox(_("Plan"))
        self.plan_label = QLabel(_("Not planned yet."))
        self.plan_label.setAccessibleName(_("The plan's score, bound and gap"))
        self.time_limit = QDoubleSpinBox()
        self.time_limit.setRange(1, 600)
        self.time_limit.setValue(10)
        self.time_limit.setSuffix(" s")
        self.time_limit.setAccessibleName(_("Time limit of the solver"))
        limit_label = QLabel(_("&Time limit:"))
        limit_label.setBuddy(self.time_limit)
        self.fresh = QCheckBox(_("Plan &anew"))
        self.fresh.setToolTip(
            _("Start over instead of keeping the current plan (kept assignments always stay)")
        )
        self.plan_button = QPushButton(_("&Plan"))
        self.plan_button.setToolTip(
            _("Give every member a session in every round, as their preferences ask")
        )
        self.plan_button.clicked.connect(self.run_planner)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Planning progress"))
        self.progress.setVisible(False)
        row = QHBoxLayout(box)
        row.addWidget(self.plan_label, 1)
        row.addWidget(self.progress)
        row.addWidget(limit_label)
        row.addWidget(self.time_limit)
        row.addWidget(self.fresh)
        row.addWidget(self.plan_button)
        return box

    def _make_setup(self) -> QWidget:
        self.rooms_button = QPushButton(_("Roo&ms…"))
        self.rooms_button.clicked.connect(self.edit_rooms)
        self.new_session_button = QPushButton(_("Ne&w session…"))
        self.new_session_button.clicked.connect(lambda: self.edit_session(None))
        self.edit_session_button = QPushButton(_("Chan&ge session…"))
        self.edit_session_button.clicked.connect(
            lambda: self.edit_session(self.current_session_id())
        )
        self.remove_session_button = QPushButton(_("Remove session"))
        self.remove_session_button.clicked.connect(self.remove_session)
        self.factions_button = QPushButton(_("Factions and mem&bers…"))
        self.factions_button.clicked.connect(self.edit_factions)
        self.preferences_button = QPushButton(_("Prefere&nces…"))
        self.preferences_button.setToolTip(_("Enter the preferences of a faction or a member"))
        self.preferences_button.clicked.connect(self.edit_preferences)
        self.import_button = QPushButton(_("Import pre&ferences…"))
        self.import_button.setToolTip(
            _(
                "Record a CSV file from a council clerk: municipality, party, name, "
                "a column per session"
            )
        )
        self.import_button.clicked.connect(self.import_preferences)
        self.setup_buttons = (
            self.day_button,
            self.rooms_button,
            self.new_session_button,
            self.edit_session_button,
            self.remove_session_button,
            self.factions_button,
            self.preferences_button,
            self.import_button,
        )
        panel = QWidget()
        row = QHBoxLayout(panel)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.rooms_button)
        row.addSpacing(12)
        row.addWidget(self.new_session_button)
        row.addWidget(self.edit_session_button)
        row.addWidget(self.remove_session_button)
        row.addSpacing(12)
        row.addWidget(self.factions_button)
        row.addStretch(1)
        row.addWidget(self.preferences_button)
        row.addWidget(self.import_button)
        return panel

    def _make_sessions(self) -> QWidget:
        self.table = read_only_table(
            [_("Code"), _("Topic"), _("Rounds"), _("Room"), _("Host"), _("Planned")],
            _("Sessions"),
            stretch=TOPIC,
        )
        self.table.itemSelectionChanged.connect(self._session_changed)
        self.table.itemDoubleClicked.connect(
            lambda _item: self.edit_session(self.current_session_id())
        )
        self.rooms = QLabel()
        self.rooms.setAccessibleName(_("Rooms"))
        self.rooms.setWordWrap(True)
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.rooms)
        return panel

    def _make_yields(self) -> QGroupBox:
        box = QGroupBox(_("What the session yields"))
        self.yields_box = box
        self.yield_list = QListWidget()
        self.yield_list.setAccessibleName(_("Questions, statements and proposals"))
        self.yield_list.setWordWrap(True)
        self.yield_list.currentRowChanged.connect(lambda _row: self._enable())
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Kind"))
        for kind in YieldKind:
            self.kind.addItem(kind.label.capitalize(), kind)
        self.text = QLineEdit()
        self.text.setAccessibleName(_("Text"))
        self.text.setPlaceholderText(_("A question, guiding statement or proposal"))
        self.text.returnPressed.connect(self.add_yield)
        self.text.textChanged.connect(lambda _text: self._enable())
        self.add_button = QPushButton(_("A&dd"))
        self.add_button.clicked.connect(self.add_yield)
        self.agenda_button = QPushButton(_("Make agenda &item"))
        self.agenda_button.setToolTip(
            _("Put the chosen yield on the agenda of the next meeting of the session's PFO")
        )
        self.agenda_button.clicked.connect(self.make_agenda_item)
        self.edit_yield_button = QPushButton(_("C&hange…"))
        self.edit_yield_button.setToolTip(_("Change the chosen yield"))
        self.edit_yield_button.clicked.connect(self.edit_yield)
        self.remove_yield_button = QPushButton(_("Remo&ve"))
        self.remove_yield_button.setToolTip(_("Remove the chosen yield"))
        self.remove_yield_button.clicked.connect(self.remove_yield)
        self.yield_list.itemDoubleClicked.connect(lambda _item: self.edit_yield())
        # Two rows: adding under the text, acting on the chosen yield under the list (one row
        # of five buttons made the panel so wide that the sessions' topics had no room).
        adding = QHBoxLayout()
        adding.addWidget(self.kind)
        adding.addWidget(self.add_button)
        adding.addStretch(1)
        acting = QHBoxLayout()
        acting.addWidget(self.edit_yield_button)
        acting.addWidget(self.remove_yield_button)
        acting.addStretch(1)
        acting.addWidget(self.agenda_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.yield_list, 1)
        layout.addLayout(acting)
        layout.addWidget(self.text)
        layout.addLayout(adding)
        return box

    def _make_exports(self) -> QWidget:
        self.who = QComboBox()
        self.who.setAccessibleName(_("Member or faction"))
        self.who.setEditable(True)
        self.who.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.who.setMinimumContentsLength(28)
        label = QLabel(_("&Schedule of:"))
        label.setBuddy(self.who)
        self.schedule_pdf = QPushButton(_("P&DF…"))
        self.schedule_pdf.setToolTip(_("Save the schedule as a PDF"))
        self.schedule_pdf.clicked.connect(lambda: self.export_schedule("pdf"))
        self.schedule_ics = QPushButton(_("&Calendar…"))
        self.schedule_ics.setToolTip(_("Save the schedule as an iCalendar (.ics) file"))
        self.schedule_ics.clicked.connect(lambda: self.export_schedule("ics"))
        self.english = QCheckBox(_("In &English"))
        self.rooms_pdf = QPushButton(_("&Room lists…"))
        self.rooms_pdf.setToolTip(_("Who comes to each session: a page per session and round"))
        self.rooms_pdf.clicked.connect(lambda: self.export_document("rooms"))
        self.programme_pdf = QPushButton(_("Pr&ogramme…"))
        self.programme_pdf.clicked.connect(lambda: self.export_document("programme"))
        panel = QWidget()
        row = QHBoxLayout(panel)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.who, 1)
        row.addWidget(self.schedule_pdf)
        row.addWidget(self.schedule_ics)
        row.addSpacing(16)
        row.addWidget(self.rooms_pdf)
        row.addWidget(self.programme_pdf)
        row.addWidget(self.english)
        return panel

    # Loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        person, day_id = self.context.person_id, self.chosen_day_id
        self.context.worker.query(
            lambda store: load_region_day(store, person, day_id), self._show, self.error.show_error
        )

    def _show(self, data: RegionDayData) -> None:
        self.data = data
        day = data.day
        selected = self.current_session_id()
        self.table.setRowCount(0)
        self._show_days(data)
        if day is None:
            self.facts.setText(_("The region has no Twente-dag yet."))
            self.plan_label.setText("")
            self.rooms.setText("")
            self._enable()
            return
        self.facts.setText(
            " · ".join(
                part
                for part in [
                    f"<b>{escape(day.title)}</b>",
                    format_date(day.held_on, "full"),
                    escape(day.venue),
                    _("{factions} factions, {members} members").format(
                        factions=format_number(day.factions), members=format_number(day.members)
                    ),
                ]
                if part
            )
        )
        self.plan_label.setText(plan_text(day))
        rounds = {slot.id: slot for slot in day.rounds}
        self.table.setRowCount(len(day.sessions))
        for row, session in enumerate(day.sessions):
            names = [rounds[r].title for r in session.round_ids if r in rounds]
            planned = [str(session.assigned.get(r, 0)) for r in session.round_ids]
            cells = [
                session.code,
                session.topic,
                ", ".join(names) or "–",
                f"{session.room_name} ({session.capacity})" if session.room_name else "–",
                session.host_name or "–",
                f"{' + '.join(planned) or '0'} / {session.capacity or 0}",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, session.id)
                if column == ASSIGNED:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
            if session.id == selected:
                self.table.selectRow(row)
        if self.table.currentRow() < 0 and day.sessions:
            self.table.selectRow(0)
        self.rooms.setText(
            _("Rooms: {rooms}").format(
                rooms=", ".join(f"{room.name} ({room.capacity})" for room in day.rooms)
            )
            + "\n"
            + " · ".join(
                f"{slot.starts_at.astimezone(AMSTERDAM):%H:%M} {slot.title}" for slot in day.slots
            )
        )
        current = self.who.currentText()
        self.who.blockSignals(True)
        self.who.clear()
        for member in data.members:
            self.who.addItem(f"{member.name} ({member.faction.name})", ("member", member.id))
        for faction in data.factions:
            self.who.addItem(_("Faction {name}").format(name=faction.name), ("faction", faction.id))
        found = self.who.findText(current)
        self.who.setCurrentIndex(max(found, 0))
        self.who.blockSignals(False)
        self._load_yields()
        self._enable()

    def _show_days(self, data: RegionDayData) -> None:
        """The empty page offers a new day; with several days, the chooser shows them."""
        has_day = data.day is not None
        self.empty.setVisible(not has_day)
        self.content.setVisible(has_day)
        self.new_day_button.setVisible(has_day)
        self.day_button.setVisible(has_day)
        self.empty_text.setText(
            "<p style='font-size: 13pt'><b>"
            + _("The region has no Twente-dag yet.")
            + "</b></p><p>"
            + (
                _(
                    "Make one: its name, date and venue, then its time slots, rooms, "
                    "sessions and factions."
                )
                if data.organiser
                else _("The region's secretariat makes it; it shows here once it exists.")
            )
            + "</p>"
        )
        self.create_button.setVisible(data.organiser)
        self.day_choice.blockSignals(True)
        self.day_choice.clear()
        for ref in data.days:
            self.day_choice.addItem(f"{ref.title} ({format_date(ref.held_on, 'medium')})", ref.id)
        if data.day is not None:
            self.day_choice.setCurrentIndex(max(self.day_choice.findData(data.day.id), 0))
        self.day_choice.blockSignals(False)
        self.day_choice_panel.setVisible(len(data.days) > 1)

    def _day_chosen(self, index: int) -> None:
        day_id = self.day_choice.itemData(index)
        if day_id and day_id != self._day_id():
            self.chosen_day_id = str(day_id)
            self.table.clearSelection()
            self.reload()

    def current_session_id(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, CODE) if row >= 0 else None
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _session_changed(self) -> None:
        row = self.table.currentRow()
        code = self.table.item(row, CODE) if row >= 0 else None
        self.yields_box.setTitle(
            _("What session {code} yields").format(code=code.text())
            if code is not None
            else _("What the session yields")
        )
        self._load_yields()
        self._enable()

    def _load_yields(self) -> None:
        session_id = self.current_session_id()
        if session_id is None:
            self._fill_yields([])
            return
        self.context.worker.query(
            lambda store: yields(store, session_id), self._fill_yields, self.error.show_error
        )

    def _fill_yields(self, rows: list[YieldRow]) -> None:
        self.yield_rows = rows
        self.yield_list.clear()
        for row in rows:
            text = f"{row.kind.label.capitalize()}: {row.text}"
            if row.agenda_item_where:
                text += "  → " + _("agenda item in {where}").format(where=row.agenda_item_where)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.yield_list.addItem(item)
        if not rows:
            self.yield_list.addItem(QListWidgetItem(_("Nothing recorded yet.")))
            self.yield_list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self._enable()

    def _current_yield(self) -> YieldRow | None:
        row = self.yield_list.currentRow()
        return self.yield_rows[row] if 0 <= row < len(self.yield_rows) else None

    def _enable(self) -> None:
        data = self.data
        has_day = data is not None and data.day is not None
        organiser = data is not None and data.organiser
        self.plan_button.setEnabled(has_day and organiser and not self.progress.isVisible())
        if has_day and not organiser:
            self.plan_button.setToolTip(_("Only the region's secretariat plans the day"))
        has_session = self.current_session_id() is not None
        self.add_button.setEnabled(has_session and bool(self.text.text().strip()))
        chosen = self._current_yield()
        self.agenda_button.setEnabled(chosen is not None and chosen.agenda_item_id is None)
        self.edit_yield_button.setEnabled(chosen is not None)
        self.remove_yield_button.setEnabled(chosen is not None)
        self.new_day_button.setEnabled(organiser)
        self.create_button.setEnabled(organiser)
        if not organiser:
            self.new_day_button.setToolTip(_("Only the region's secretariat makes a Twente-dag"))
        for button in self.setup_buttons:
            button.setEnabled(has_day and organiser)
            if has_day and not organiser:
                button.setToolTip(_("Only the region's secretariat sets up the day"))
        if organiser:
            self.edit_session_button.setEnabled(has_day and has_session)
            self.remove_session_button.setEnabled(has_day and has_session)
        for button in (self.schedule_pdf, self.schedule_ics):
            button.setEnabled(has_day and self.who.count() > 0)
        self.rooms_pdf.setEnabled(has_day)
        self.programme_pdf.setEnabled(has_day)

    # Planning ---------------------------------------------------------------------------------

    def run_planner(self) -> None:
        data = self.data
        if data is None or data.day is None:
            return
        from regiodesk.commands.region_day import plan_region_day

        day_id, actor = data.day.id, self.context.actor
        limit, keep = self.time_limit.value(), not self.fresh.isChecked()
        report = self.context.worker.progress.emit
        self.error.clear_error()
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self._enable()
        self._say(_("Planning…"))
        self.context.command(
            lambda store: plan_region_day(
                store, actor, day_id, time_limit=limit, keep_previous=keep, progress=report
            ),
            _("Plan the Twente-dag"),
            self._planned,
            self._plan_failed,
        )

    def _progress(self, done: int, total: int) -> None:
        if self.progress.isVisible() and total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _planned(self, result: Any) -> None:
        self.progress.setVisible(False)
        plan, greedy = result.plan, result.greedy
        text = _(
            "Planned in {seconds} s: score {score} (a greedy assignment scores {greedy})."
        ).format(
            seconds=format_number(round(plan.seconds, 2)),
            score=format_number(plan.score),
            greedy=format_number(greedy.score),
        )
        if plan.previous:
            text += " " + _("{kept} of {previous} earlier assignments kept.").format(
                kept=format_number(plan.kept), previous=format_number(plan.previous)
            )
        self._say(text)
        self._enable()

    def _plan_failed(self, error: BaseException) -> None:
        self.progress.setVisible(False)
        self._say("")
        self.error.show_error(error)
        self._enable()

    # Yields -----------------------------------------------------------------------------------

    def add_yield(self) -> None:
        session_id = self.current_session_id()
        text = self.text.text().strip()
        if session_id is None or not text:
            return
        from regiodesk.commands.region_day import record_yield

        kind, actor = YieldKind(self.kind.currentData()), self.context.actor
        self.error.clear_error()
        self.context.command(
            lambda store: record_yield(store, actor, session_id, kind, text),
            _("Record a yield"),
            lambda _id: self.text.clear(),
            self.error.show_error,
        )

    def make_agenda_item(self) -> None:
        chosen = self._current_yield()
        if chosen is None:
            return
        from regiodesk.commands.region_day import agenda_target, make_agenda_item

        actor, yield_id = self.context.actor, chosen.id

        def work(store: Store) -> str:
            target = agenda_target(store, yield_id)
            make_agenda_item(store, actor, yield_id)
            return _("Added to the agenda of {pfo}, meeting of {date}.").format(
                pfo=target.pfo_name, date=format_date(target.starts_at.date(), "long")
            )

        self.error.clear_error()
        self.context.command(work, _("Make an agenda item"), self._say, self.error.show_error)

    def edit_yield(self) -> None:
        chosen = self._current_yield()
        data = self.data
        if chosen is None or data is None or data.day is None:
            return
        from ui.dialogs.region_day_yield import YieldDialog

        self._open(YieldDialog(self.context, data.day.id, chosen, self))

    def remove_yield(self) -> None:
        chosen = self._current_yield()
        if chosen is None:
            return
        from regiodesk.commands.region_day import remove_yield
        from ui.dialogs.region_day_common import confirm

        question = _("Remove this {kind}?").format(kind=chosen.kind.label)
        if not confirm(self, f"{question}\n\n{chosen.text}"):
            return
        actor, yield_id = self.context.actor, chosen.id
        self.error.clear_error()
        self.context.command(
            lambda store: remove_yield(store, actor, yield_id),
            _("Remove a yield"),
            lambda _none: self._say(_("Removed; Undo brings it back.")),
            self.error.show_error,
        )

    # Setting the day up -----------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        self.active_dialog = open_dialog(self.active_dialog, dialog)

    def _day_id(self) -> str | None:
        data = self.data
        return data.day.id if data is not None and data.day is not None else None

    def new_day(self) -> None:
        if self.data is None or not self.data.organiser:
            return
        from ui.dialogs.region_day_day import DayDialog

        dialog = DayDialog(self.context, None, self)
        dialog.day_created.connect(self._day_created)
        self._open(dialog)

    def _day_created(self, day_id: str) -> None:
        self.chosen_day_id = day_id
        self.reload()

    def edit_day(self) -> None:
        day_id = self._day_id()
        if day_id is not None and self.data is not None and self.data.organiser:
            from ui.dialogs.region_day_day import DayDialog

            self._open(DayDialog(self.context, day_id, self))

    def edit_rooms(self) -> None:
        day_id = self._day_id()
        if day_id is not None:
            from ui.dialogs.region_day_rooms import RoomsDialog

            self._open(RoomsDialog(self.context, day_id, self))

    def edit_session(self, session_id: str | None) -> None:
        day_id = self._day_id()
        if day_id is None or (self.data is not None and not self.data.organiser):
            return
        from ui.dialogs.region_day_session import SessionDialog

        self._open(SessionDialog(self.context, day_id, session_id, self))

    def remove_session(self) -> None:
        session_id = self.current_session_id()
        day = self.data.day if self.data is not None else None
        session = next((s for s in day.sessions if s.id == session_id), None) if day else None
        if session is None:
            return
        from regiodesk.commands.region_day import remove_session
        from ui.dialogs.region_day_common import confirm

        question = _("Remove session {session}, with the preferences for it and its assignments?")
        if not confirm(self, question.format(session=session.label)):
            return
        actor = self.context.actor
        self.error.clear_error()
        self.context.command(
            lambda store: remove_session(store, actor, session.id),
            _("Remove a session"),
            lambda _none: self._say(_("Session {session} removed.").format(session=session.label)),
            self.error.show_error,
        )

    def edit_factions(self) -> None:
        day_id = self._day_id()
        if day_id is not None:
            from ui.dialogs.region_day_factions import FactionsDialog

            self._open(FactionsDialog(self.context, day_id, self))

    def edit_preferences(self) -> None:
        day_id = self._day_id()
        if day_id is None:
            return
        from ui.dialogs.region_day_preferences import PreferencesDialog

        chosen = self.who.currentData()
        faction_id = None
        if chosen is not None and chosen[0] == "faction":
            faction_id = chosen[1]
        elif chosen is not None and self.data is not None:
            member = next((m for m in self.data.members if m.id == chosen[1]), None)
            faction_id = member.faction.id if member is not None else None
        self._open(PreferencesDialog(self.context, day_id, faction_id, self))

    def import_preferences(self) -> None:
        day_id = self._day_id()
        if day_id is None:
            return
        folder = self.context.settings.ui_state.get(FOLDER_KEY, "")
        name, _chosen = QFileDialog.getOpenFileName(
            self, _("Import preferences"), folder, _("CSV files (*.csv);;All files (*)")
        )
        if not name:
            return
        path = Path(name)
        self.context.settings.ui_state[FOLDER_KEY] = str(path.parent)
        from regiodesk.commands.region_day import (
            PreferenceImport,
            import_preferences,
            preference_context,
        )
        from regiodesk.region_day_csv import read_preferences_csv

        actor = self.context.actor

        def work(store: Store) -> PreferenceImport:
            lines = read_preferences_csv(path, preference_context(store, day_id))
            return import_preferences(store, actor, day_id, lines)

        def imported(result: PreferenceImport) -> None:
            self._say(
                _(
                    "{file}: preferences of {members} members ({added} new) and "
                    "{factions} factions recorded."
                ).format(
                    file=path.name,
                    members=format_number(result.members_added + result.members_updated),
                    added=format_number(result.members_added),
                    factions=format_number(result.factions_updated),
                )
            )

        self.error.clear_error()
        self._say(_("Importing {file}…").format(file=path.name))
        self.context.command(
            work,
            _("Import preferences"),
            imported,
            lambda error: self._import_failed(error, path.name),
        )

    def _import_failed(self, error: BaseException, file_name: str) -> None:
        from regiodesk.region_day_csv import PreferenceFileError

        self._say("")
        if not isinstance(error, PreferenceFileError):
            self.error.show_error(error)
            return
        from ui.dialogs.region_day_import_problems import ImportProblemsDialog

        self.error.show_error(error.message().splitlines()[0])
        self._open(ImportProblemsDialog(error, file_name, self))

    # Exporting --------------------------------------------------------------------------------

    def _language(self) -> str | None:
        return "en" if self.english.isChecked() else None

    def export_schedule(self, kind: str) -> None:
        data = self.data
        chosen = self.who.currentData()
        if data is None or data.day is None or chosen is None:
            return
        what, owner = chosen
        name = self.who.currentText().split(" (")[0]
        suffix, pattern = (
            (".pdf", _("PDF files (*.pdf)"))
            if kind == "pdf"
            else (".ics", _("Calendar files (*.ics)"))
        )
        suggested = str(Path.home() / f"{data.day.title} {name}{suffix}")
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the schedule"), suggested, pattern
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        day_id, language = data.day.id, self._language()

        def write(store: Store) -> str:
            from regiodesk.queries.region_day import faction_schedule, member_schedule
            from regiodesk.region_day_output import schedule_ics, schedule_pdf, write_file

            schedule = (
                member_schedule(store, day_id, owner)
                if what == "member"
                else faction_schedule(store, day_id, owner)
            )
            render = schedule_pdf if kind == "pdf" else schedule_ics
            write_file(render(schedule, language), target)
            return _("Saved {file}.").format(file=target)

        self.error.clear_error()
        self.context.worker.query(write, self._say, self.error.show_error)

    def export_document(self, kind: str) -> None:
        data = self.data
        if data is None or data.day is None:
            return
        title = _("Room lists") if kind == "rooms" else _("Programme")
        suggested = str(Path.home() / f"{data.day.title} {title}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export PDF"), suggested, _("PDF files (*.pdf)")
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        day_id, language = data.day.id, self._language()

        def write(store: Store) -> str:
            from regiodesk.queries.region_day import room_lists
            from regiodesk.region_day_output import programme_pdf, room_lists_pdf, write_file

            if kind == "rooms":
                day, lists = room_lists(store, day_id)
                write_file(room_lists_pdf(day, lists, language), target)
            else:
                write_file(programme_pdf(overview(store, day_id), language), target)
            return _("Saved {file}.").format(file=target)

        self.error.clear_error()
        self.context.worker.query(write, self._say, self.error.show_error)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        if text:
            self.context.status.emit(text)
