"""Record a municipality's position on an agenda item: one of the five kinds, with a reason where
the domain requires one.  The rules are the core's; this editor shows them before Save and shows
the core's refusals in place."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from regiodesk.commands.positions import record_position
from regiodesk.errors import DomainRuleError, ReasonRequired, RegioDeskError
from regiodesk.i18n import _, format_when
from regiodesk.model.enums import PositionKind
from regiodesk.queries.item import ItemPositions, ItemView, MunicipalityPosition, item_positions
from regiodesk.store import Store
from ui.context import AppContext
from ui.errors import describe, report_unexpected
from ui.widgets.positions_overview import sentence

ERROR_STYLE = "color: #b3261e;"
READ_ONLY_STYLE = 'QPlainTextEdit[readOnly="true"] { background: palette(window); }'
#: The kinds in two columns: those that need no reason, then those that do.
COLUMNS = (
    (PositionKind.AGREE, PositionKind.AGREE_SUBJECT_TO_COUNCIL, PositionKind.ABSTAIN),
    (PositionKind.DISAGREE, PositionKind.NOT_PARTICIPATING),
)


def kind_texts() -> dict[PositionKind, str]:
    """The radio buttons' texts, with their keyboard accelerators (Alt + the underlined letter)."""
    return {
        PositionKind.AGREE: _("&Agree"),
        PositionKind.AGREE_SUBJECT_TO_COUNCIL: _("Agree subject to &council"),
        PositionKind.ABSTAIN: _("A&bstain"),
        PositionKind.DISAGREE: _("&Disagree"),
        PositionKind.NOT_PARTICIPATING: _("Does &not participate"),
    }


Draft = tuple[PositionKind | None, str]


class PositionEditor(QGroupBox):
    """The position of one municipality on the item shown (``show_item``)."""

    #: A position was saved (the municipality's id).
    saved = Signal(str)
    #: The core refused because the store changed meanwhile: the page should reload.
    refresh_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Position of my municipality"), parent)
        self.context = context
        self.view: ItemView | None = None
        self.municipality_id: str | None = None
        self._drafts: dict[str, Draft] = {}
        self._saving = False
        self._filling = False

        self.closed_reason = QLabel()
        self.closed_reason.setWordWrap(True)
        self.closed_reason.setObjectName("positionClosedReason")
        self.closed_reason.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.closed_reason)
        layout.addLayout(self._make_municipality_row())
        layout.addLayout(self._make_kinds())
        layout.addLayout(self._make_reason())
        layout.addLayout(self._make_actions())
        layout.addStretch(1)
        self._update_state()

    def _make_municipality_row(self) -> QVBoxLayout:
        self.municipality_label = QLabel(_("&Municipality:"))
        self.municipality = QComboBox()
        self.municipality.setAccessibleName(_("Municipality"))
        self.municipality.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.municipality_label.setBuddy(self.municipality)
        self.municipality.currentIndexChanged.connect(self._municipality_chosen)
        self.municipality_name = QLabel()
        self.municipality_name.setAccessibleName(_("Municipality"))
        font = self.municipality_name.font()
        font.setBold(True)
        self.municipality_name.setFont(font)
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.current.setAccessibleName(_("Recorded position"))
        who = QHBoxLayout()
        who.addWidget(self.municipality_label)
        who.addWidget(self.municipality)
        who.addWidget(self.municipality_name)
        who.addStretch(1)
        rows = QVBoxLayout()
        rows.addLayout(who)
        rows.addWidget(self.current)
        return rows

    def _make_kinds(self) -> QGridLayout:
        self.kinds = QButtonGroup(self)
        self.kinds.setExclusive(True)
        self.buttons: dict[PositionKind, QRadioButton] = {}
        texts = kind_texts()
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(2)
        for column, kinds in enumerate(COLUMNS):
            for row, kind in enumerate(kinds):
                button = QRadioButton(texts[kind])
                button.setAccessibleName(sentence(kind.label))
                self.buttons[kind] = button
                self.kinds.addButton(button)
                grid.addWidget(button, row, column)
        grid.setColumnStretch(len(COLUMNS), 1)
        self.kinds.buttonToggled.connect(lambda _button, _on: self._input_changed())
        return grid

    def _make_reason(self) -> QVBoxLayout:
        self.reason_label = QLabel(_("&Reason:"))
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName(_("Reason"))
        self.reason.setTabChangesFocus(True)
        self.reason.setStyleSheet(READ_ONLY_STYLE)
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 3 + 14)
        self.reason_label.setBuddy(self.reason)
        self.reason.textChanged.connect(self._input_changed)
        self.reason_error = QLabel()
        self.reason_error.setObjectName("fieldError")
        self.reason_error.setStyleSheet(ERROR_STYLE)
        self.reason_error.setWordWrap(True)
        self.reason_error.setVisible(False)
        rows = QVBoxLayout()
        rows.setSpacing(2)
        rows.addWidget(self.reason_label)
        rows.addWidget(self.reason)
        rows.addWidget(self.reason_error)
        return rows

    def _make_actions(self) -> QHBoxLayout:
        self.save_button = QPushButton(_("&Save position"))
        self.save_button.setToolTip(_("Save the position (Ctrl+Enter)"))
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Position status"))
        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        return actions

    # What is shown ------------------------------------------------------------------------------

    def show_item(self, view: ItemView) -> None:
        """Show an item (or fresher data of the same one; what the user is typing is kept)."""
        new_item = self.view is None or self.view.id != view.id
        self.view = view
        if new_item:
            self._drafts.clear()
            self.status.clear()
            self.municipality_id = None
        choices = self._choices(view)
        if self.municipality_id not in choices:
            self.municipality_id = self._default_choice(view, choices)
        self._fill_municipalities(view, choices)
        recorded = self._recorded()
        self.setTitle(
            _("Record a municipality's position")
            if self.municipality.isVisibleTo(self)
            else _("Position of {municipality}").format(
                municipality=recorded.municipality if recorded else _("my municipality")
            )
        )
        self._load_controls()

    @staticmethod
    def _choices(view: ItemView) -> list[str]:
        """The municipalities shown: those the person may record for, else those they represent."""
        return list(view.recordable or view.represented)

    @staticmethod
    def _default_choice(view: ItemView, choices: list[str]) -> str | None:
        for municipality_id in view.represented:
            if municipality_id in choices:
                return municipality_id
        for municipality_id in choices:
            position = view.positions.of(municipality_id)
            if position is not None and position.kind is None:
                return municipality_id
        return choices[0] if choices else None

    def _fill_municipalities(self, view: ItemView, choices: list[str]) -> None:
        entries = []
        for municipality_id in choices:
            position = view.positions.of(municipality_id)
            name = position.municipality if position else municipality_id
            state = sentence(position.kind.label) if position and position.kind else None
            entries.append((f"{name} – {state or _('no position yet')}", municipality_id))
        shown = [
            (self.municipality.itemText(i), self.municipality.itemData(i))
            for i in range(self.municipality.count())
        ]
        self._filling = True
        try:
            if entries != shown:  # rebuilt only when it changed (an open list stays open)
                self.municipality.clear()
                for text, municipality_id in entries:
                    self.municipality.addItem(text, municipality_id)
            index = self.municipality.findData(self.municipality_id)
            self.municipality.setCurrentIndex(max(index, 0))
        finally:
            self._filling = False
        choosing = len(choices) > 1 or view.records_for_all
        self.municipality.setVisible(choosing)
        self.municipality_name.setVisible(not choosing)
        # Alt+M reaches the choice only where there is one.
        self.municipality_label.setText(_("&Municipality:") if choosing else _("Municipality:"))
        recorded = self._recorded()
        self.municipality_name.setText(recorded.municipality if recorded else "–")

    def choose_municipality(self, municipality_id: str) -> bool:
        """Show this municipality's position, if it is one of the editor's choices."""
        index = self.municipality.findData(municipality_id)
        if index < 0 or not self.municipality.isVisibleTo(self):
            return False
        self.municipality.setCurrentIndex(index)
        return True

    def focus_kinds(self) -> None:
        """Put the keyboard focus on the kinds (on the chosen one, as arrow keys expect)."""
        (self.kinds.checkedButton() or self.buttons[PositionKind.AGREE]).setFocus()

    def _municipality_chosen(self, index: int) -> None:
        if self._filling or index < 0:
            return
        self.municipality_id = self.municipality.itemData(index)
        self.status.clear()
        self._load_controls()

    def _recorded(self) -> MunicipalityPosition | None:
        if self.view is None or self.municipality_id is None:
            return None
        return self.view.positions.of(self.municipality_id)

    def _recorded_draft(self) -> Draft:
        recorded = self._recorded()
        return (recorded.kind, recorded.reason) if recorded else (None, "")

    def _load_controls(self) -> None:
        """Put the chosen municipality's draft (or recorded position) into the controls."""
        recorded = self._recorded()
        if recorded is None or recorded.kind is None:
            self.current.setText(_("No position recorded yet."))
        else:
            label = sentence(recorded.kind.label)
            when = format_when(recorded.recorded_at) if recorded.recorded_at else "–"
            self.current.setText(
                _("Recorded: {kind}, by {person} on {when}.").format(
                    kind=label, person=recorded.recorded_by, when=when
                )
                if recorded.recorded_by
                else _("Recorded: {kind}, on {when}.").format(kind=label, when=when)
            )
        kind, reason = self._drafts.get(self.municipality_id or "", self._recorded_draft())
        self._filling = True
        try:
            self.kinds.setExclusive(False)
            for each, button in self.buttons.items():
                button.setChecked(each is kind)
            self.kinds.setExclusive(True)
            if self.reason.toPlainText() != reason:
                self.reason.setPlainText(reason)
        finally:
            self._filling = False
        self._update_state()

    # Editing ------------------------------------------------------------------------------------

    def chosen_kind(self) -> PositionKind | None:
        return next((kind for kind, button in self.buttons.items() if button.isChecked()), None)

    def _draft(self) -> Draft:
        return self.chosen_kind(), self.reason.toPlainText()

    def is_dirty(self) -> bool:
        kind, reason = self._draft()
        recorded_kind, recorded_reason = self._recorded_draft()
        return (kind, reason.strip()) != (recorded_kind, recorded_reason.strip())

    def validation_error(self) -> str:
        """Why the position cannot be saved as it is ("" when it can)."""
        kind, reason = self._draft()
        if kind is not None and kind.needs_reason and not reason.strip():
            return ReasonRequired(kind=kind.label).message()
        return ""

    def _input_changed(self) -> None:
        if self._filling or self.municipality_id is None:
            return
        if self.is_dirty():
            self._drafts[self.municipality_id] = self._draft()
        else:
            self._drafts.pop(self.municipality_id, None)
        self.status.clear()
        self._update_state()

    def may_edit(self) -> bool:
        return (
            self.view is not None
            and self.municipality_id is not None
            and self.view.may_record(self.municipality_id)
        )

    def read_only_reason(self) -> str:
        """Why this editor is read-only ("" when it is not)."""
        if self.view is None:
            return ""
        closed = self.view.positions_closed
        if closed is not None:
            return closed.label
        if not self.view.represented and not self.view.recordable:
            return _("You do not represent a member municipality of this PFO.")
        if not self.may_edit():
            return _("A member records only the position of the municipality they represent.")
        return ""

    def _update_state(self) -> None:
        editable = self.may_edit() and not self._saving
        for button in self.buttons.values():
            button.setEnabled(editable)
        if self.reason.isReadOnly() == editable:
            self.reason.setReadOnly(not editable)
            self.reason.style().unpolish(self.reason)  # the read-only look follows
            self.reason.style().polish(self.reason)
        self.municipality.setEnabled(not self._saving)
        kind = self.chosen_kind()
        self.reason_label.setText(
            _("&Reason (required):") if kind is not None and kind.needs_reason else _("&Reason:")
        )
        error = self.validation_error() if editable else ""
        self.reason_error.setText(error)
        self.reason_error.setVisible(bool(error))
        self.reason.setAccessibleDescription(error)
        self.save_button.setEnabled(editable and kind is not None and not error and self.is_dirty())
        closed = self.read_only_reason()
        self.closed_reason.setText(closed)
        self.closed_reason.setVisible(bool(closed))
        self.save_button.setVisible(not closed)

    # Saving -------------------------------------------------------------------------------------

    def save(self) -> None:
        """Record the position through the core (on the worker)."""
        if not self.save_button.isEnabled() or self.view is None:
            return
        kind = self.chosen_kind()
        municipality_id = self.municipality_id
        if kind is None or municipality_id is None:
            return
        item_id = self.view.id
        reason = self.reason.toPlainText()
        actor = self.context.actor
        recorded = self._recorded()
        name = recorded.municipality if recorded else municipality_id
        self._saving = True
        self._show_status(_("Saving…"))
        self._update_state()

        def work(store: Store) -> ItemPositions:
            record_position(store, actor, item_id, municipality_id, kind, reason)
            return item_positions(store, item_id)

        self.context.command(
            work,
            label=_("Record the position of {municipality}").format(municipality=name),
            on_done=lambda positions: self._saved(positions, municipality_id),
            on_error=self._failed,
        )

    def _saved(self, positions: ItemPositions, municipality_id: str) -> None:
        self._saving = False
        if self.view is not None and self.view.id == positions.item_id:
            self.view = replace(self.view, positions=positions)
            self._drafts.pop(municipality_id, None)
            self._fill_municipalities(self.view, self._choices(self.view))
            self._load_controls()
            self._show_status(_("Position saved."))
        self.saved.emit(municipality_id)

    def _failed(self, error: BaseException) -> None:
        self._saving = False
        self._show_status(describe(error), error=True)
        if not isinstance(error, RegioDeskError):
            report_unexpected(error, self)
        self._update_state()
        if isinstance(error, DomainRuleError):
            self.refresh_requested.emit()

    def _show_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setAccessibleDescription(text)
