"""The preferences of a faction, or of one of its members, entered by hand: per session
nothing, must, want, not, or a rank (1 is the first choice).  The core checks them (no rank given
twice) when they are saved; a refusal stays in place."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from regiodesk.commands.region_day import PreferenceSpec
from regiodesk.i18n import _
from regiodesk.model.enums import PreferenceKind
from regiodesk.queries.region_day import (
    FactionRef,
    MemberRef,
    Session,
    factions,
    members,
    overview,
    preferences_of,
)
from regiodesk.region_day_csv import MAX_RANK
from regiodesk.store import Store
from ui.context import AppContext
from ui.dialogs.region_day_common import RegionDayDialog

SESSION, KIND, RANK = range(3)


@dataclass(frozen=True)
class _Setup:
    sessions: list[Session]
    factions: list[FactionRef]
    members: list[MemberRef]


def _read(store: Store, day_id: str) -> _Setup:
    return _Setup(overview(store, day_id).sessions, factions(store, day_id), members(store, day_id))


class PreferencesDialog(RegionDayDialog):
    def __init__(
        self,
        context: AppContext,
        day_id: str,
        faction_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, day_id, parent)
        self.setWindowTitle(_("Preferences"))
        self.resize(620, 520)
        self.wanted_faction = faction_id
        self.setup: _Setup | None = None
        self.faction = QComboBox()
        self.faction.setAccessibleName(_("Faction"))
        self.faction.currentIndexChanged.connect(lambda _index: self._faction_chosen())
        self.member = QComboBox()
        self.member.setAccessibleName(_("Member"))
        self.member.currentIndexChanged.connect(lambda _index: self._load_preferences())
        form = QFormLayout()
        form.addRow(_("&Faction:"), self.faction)
        form.addRow(_("&Whose:"), self.member)
        hint = QLabel(
            _(
                "A faction's preferences hold for each of its members who has none of their own;"
                " a faction's must-sessions are covered by at least one of its members."
            )
        )
        hint.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName(_("Preferences per session"))
        self.table.setHorizontalHeaderLabels([_("Session"), _("Preference"), _("Rank")])
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SESSION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(KIND, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(RANK, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(KIND, 140)
        self.table.setColumnWidth(RANK, 70)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        day_id = self.day_id
        self.load(lambda store: _read(store, day_id), self._show)

    def _show(self, setup: _Setup) -> None:
        self.setup = setup
        self.faction.blockSignals(True)
        for faction in setup.factions:
            self.faction.addItem(faction.name, faction.id)
        self.faction.setCurrentIndex(max(self.faction.findData(self.wanted_faction), 0))
        self.faction.blockSignals(False)
        self.table.setRowCount(len(setup.sessions))
        for row, session in enumerate(setup.sessions):
            item = QTableWidgetItem(session.label)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, SESSION, item)
            kind = QComboBox()
            kind.setAccessibleName(_("Preference for {session}").format(session=session.code))
            kind.addItem("–", None)
            for choice in (
                PreferenceKind.MUST,
                PreferenceKind.WANT,
                PreferenceKind.NOT,
                PreferenceKind.RANKED,
            ):
                kind.addItem(choice.label, choice)
            rank = QSpinBox()
            rank.setAccessibleName(_("Rank for {session}").format(session=session.code))
            rank.setRange(1, MAX_RANK)
            rank.setEnabled(False)
            kind.currentIndexChanged.connect(
                lambda _index, k=kind, r=rank: r.setEnabled(
                    k.currentData() == PreferenceKind.RANKED
                )
            )
            self.table.setCellWidget(row, KIND, kind)
            self.table.setCellWidget(row, RANK, rank)
        self._faction_chosen()

    def _faction_chosen(self) -> None:
        faction_id = self.faction.currentData()
        self.member.blockSignals(True)
        self.member.clear()
        self.member.addItem(_("The whole faction"), None)
        for member in self.setup.members if self.setup else []:
            if member.faction.id == faction_id:
                self.member.addItem(member.name, member.id)
        self.member.blockSignals(False)
        self._load_preferences()

    def owner(self) -> tuple[str | None, str | None]:
        """(member id, faction id): one of them is None."""
        member_id = self.member.currentData()
        return (member_id, None) if member_id else (None, self.faction.currentData())

    def _load_preferences(self) -> None:
        member_id, faction_id = self.owner()
        self.save_button.setEnabled(False)
        if member_id is None and faction_id is None:
            return
        self.load(
            lambda store: preferences_of(store, member_id=member_id, faction_id=faction_id),
            self._fill,
        )

    def _fill(self, chosen: dict[str, tuple[PreferenceKind, int | None]]) -> None:
        for row, session in enumerate(self.setup.sessions if self.setup else []):
            kind, rank = chosen.get(session.id, (None, None))
            self.kind_at(row).setCurrentIndex(max(self.kind_at(row).findData(kind), 0))
            self.rank_at(row).setValue(rank or 1)
        self.save_button.setEnabled(True)

    def kind_at(self, row: int) -> QComboBox:
        widget = self.table.cellWidget(row, KIND)
        assert isinstance(widget, QComboBox)
        return widget

    def rank_at(self, row: int) -> QSpinBox:
        widget = self.table.cellWidget(row, RANK)
        assert isinstance(widget, QSpinBox)
        return widget

    def specs(self) -> list[PreferenceSpec]:
        found = []
        for row, session in enumerate(self.setup.sessions if self.setup else []):
            data = self.kind_at(row).currentData()
            if data is not None:
                kind = PreferenceKind(data)
                rank = self.rank_at(row).value() if kind is PreferenceKind.RANKED else None
                found.append(PreferenceSpec(session.id, kind, rank))
        return found

    def save(self) -> None:
        from regiodesk.commands.region_day import set_preferences

        member_id, faction_id = self.owner()
        if member_id is None and faction_id is None:
            return
        actor, specs, whose = self.context.actor, self.specs(), self.member.currentText()
        if member_id is None:
            whose = self.faction.currentText()
        self.run(
            lambda store: set_preferences(
                store, actor, specs, member_id=member_id, faction_id=faction_id
            ),
            _("Set preferences"),
            lambda _none: self.say(_("Preferences of {whose} saved.").format(whose=whose)),
        )
