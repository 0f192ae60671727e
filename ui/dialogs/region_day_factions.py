"""The factions of the Twente-dag and the members each sends: add a faction (municipality, party,
seats), change or remove it; add, rename or remove its members.  Removing a faction or a member
takes their preferences and assignments with it (Undo brings them back)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from regiodesk.commands.region_day import MAX_SEATS
from regiodesk.i18n import _, ngettext
from regiodesk.queries.region_day import (
    Choice,
    FactionRef,
    MemberRef,
    factions,
    members,
    setup_choices,
)
from regiodesk.store import Store
from ui.context import AppContext
from ui.dialogs.region_day_common import RegionDayDialog, confirm


@dataclass(frozen=True)
class _Data:
    factions: list[FactionRef]
    members: list[MemberRef]
    municipalities: list[Choice]


def _read(store: Store, day_id: str) -> _Data:
    return _Data(
        factions(store, day_id),
        members(store, day_id),
        setup_choices(store, day_id).municipalities,
    )


class FactionsDialog(RegionDayDialog):
    def __init__(self, context: AppContext, day_id: str, parent: QWidget | None = None) -> None:
        super().__init__(context, day_id, parent)
        self.setWindowTitle(_("Factions and members"))
        self.resize(820, 540)
        self.data: _Data | None = None
        self.faction_list = QListWidget()
        self.faction_list.setAccessibleName(_("Factions"))
        self.faction_list.currentRowChanged.connect(lambda _row: self._faction_chosen())
        self.member_list = QListWidget()
        self.member_list.setAccessibleName(_("Members"))
        self.member_list.currentRowChanged.connect(lambda _row: self._member_chosen())
        columns = QHBoxLayout()
        columns.addWidget(self._make_faction_box(), 1)
        columns.addWidget(self._make_member_box(), 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._enable()
        self.reload()

    # Widgets ----------------------------------------------------------------------------------

    def _make_faction_box(self) -> QGroupBox:
        box = QGroupBox(_("Factions"))
        self.municipality = QComboBox()
        self.municipality.setAccessibleName(_("Municipality"))
        self.municipality.currentIndexChanged.connect(lambda _index: self._enable())
        self.party = QLineEdit()
        self.party.setAccessibleName(_("Party"))
        self.party.textChanged.connect(lambda _text: self._enable())
        self.seats = QSpinBox()
        self.seats.setAccessibleName(_("Seats"))
        self.seats.setRange(0, MAX_SEATS)
        form = QFormLayout()
        form.addRow(_("&Municipality:"), self.municipality)
        form.addRow(_("&Party:"), self.party)
        form.addRow(_("S&eats:"), self.seats)
        self.add_faction_button = QPushButton(_("&Add faction"))
        self.add_faction_button.clicked.connect(self.add_faction)
        self.save_faction_button = QPushButton(_("&Save"))
        self.save_faction_button.setToolTip(_("Give the chosen faction this party and seats"))
        self.save_faction_button.clicked.connect(self.save_faction)
        self.remove_faction_button = QPushButton(_("Remove faction"))
        self.remove_faction_button.clicked.connect(self.remove_faction)
        row = QHBoxLayout()
        row.addWidget(self.add_faction_button)
        row.addWidget(self.save_faction_button)
        row.addStretch(1)
        row.addWidget(self.remove_faction_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.faction_list, 1)
        layout.addLayout(form)
        layout.addLayout(row)
        return box

    def _make_member_box(self) -> QGroupBox:
        box = QGroupBox(_("Members of the faction"))
        self.members_box = box
        self.name = QLineEdit()
        self.name.setAccessibleName(_("Member's name"))
        self.name.setPlaceholderText(_("Name of the council member"))
        self.name.textChanged.connect(lambda _text: self._enable())
        self.name.returnPressed.connect(self.add_member)
        self.add_member_button = QPushButton(_("Add &member"))
        self.add_member_button.clicked.connect(self.add_member)
        self.rename_button = QPushButton(_("Re&name"))
        self.rename_button.setToolTip(_("Give the chosen member this name"))
        self.rename_button.clicked.connect(self.rename_member)
        self.remove_member_button = QPushButton(_("Remove member"))
        self.remove_member_button.clicked.connect(self.remove_member)
        row = QHBoxLayout()
        row.addWidget(self.add_member_button)
        row.addWidget(self.rename_button)
        row.addStretch(1)
        row.addWidget(self.remove_member_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.member_list, 1)
        layout.addWidget(self.name)
        layout.addLayout(row)
        return box

    # Loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        day_id = self.day_id
        self.load(lambda store: _read(store, day_id), self._show)

    def _show(self, data: _Data) -> None:
        chosen = self.current_faction()
        self.data = data
        if self.municipality.count() == 0:
            for choice in data.municipalities:
                self.municipality.addItem(choice.name, choice.id)
        self.faction_list.blockSignals(True)
        self.faction_list.clear()
        for faction in data.factions:
            count = sum(1 for m in data.members if m.faction.id == faction.id)
            text = " · ".join(
                [
                    faction.name,
                    ngettext("{n} seat", "{n} seats", faction.seats).format(n=faction.seats),
                    ngettext("{n} member", "{n} members", count).format(n=count),
                ]
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, faction.id)
            self.faction_list.addItem(item)
            if chosen is not None and faction.id == chosen.id:
                self.faction_list.setCurrentItem(item)
        self.faction_list.blockSignals(False)
        self._faction_chosen(fill=chosen is None or self.current_faction() is None)

    def current_faction(self) -> FactionRef | None:
        row = self.faction_list.currentRow()
        if self.data is None or not 0 <= row < len(self.data.factions):
            return None
        return self.data.factions[row]

    def faction_members(self) -> list[MemberRef]:
        faction = self.current_faction()
        if self.data is None or faction is None:
            return []
        return [m for m in self.data.members if m.faction.id == faction.id]

    def current_member(self) -> MemberRef | None:
        shown = self.faction_members()
        row = self.member_list.currentRow()
        return shown[row] if 0 <= row < len(shown) else None

    def _faction_chosen(self, fill: bool = True) -> None:
        faction = self.current_faction()
        if faction is not None and fill:
            self.municipality.setCurrentIndex(
                max(self.municipality.findData(faction.municipality_id), 0)
            )
            self.party.setText(faction.party)
            self.seats.setValue(faction.seats)
        self.members_box.setTitle(
            _("Members of {faction}").format(faction=faction.name)
            if faction is not None
            else _("Members of the faction")
        )
        chosen = self.current_member()
        self.member_list.blockSignals(True)
        self.member_list.clear()
        for member in self.faction_members():
            self.member_list.addItem(member.name)
            if chosen is not None and member.id == chosen.id:
                self.member_list.setCurrentRow(self.member_list.count() - 1)
        self.member_list.blockSignals(False)
        self._enable()

    def _member_chosen(self) -> None:
        member = self.current_member()
        if member is not None:
            self.name.setText(member.name)
        self._enable()

    def _enable(self) -> None:
        faction = self.current_faction()
        party = bool(self.party.text().strip())
        same_town = (
            faction is not None and self.municipality.currentData() == faction.municipality_id
        )
        self.add_faction_button.setEnabled(party and self.municipality.currentData() is not None)
        self.save_faction_button.setEnabled(party and same_town)
        self.remove_faction_button.setEnabled(faction is not None)
        named = bool(self.name.text().strip())
        self.add_member_button.setEnabled(faction is not None and named)
        self.rename_button.setEnabled(self.current_member() is not None and named)
        self.remove_member_button.setEnabled(self.current_member() is not None)
        self.members_box.setEnabled(faction is not None)

    # Commands ---------------------------------------------------------------------------------

    def _done(self, text: str) -> None:
        self.say(text)
        self.reload()

    def add_faction(self) -> None:
        from regiodesk.commands.region_day import add_faction

        actor, day_id = self.context.actor, self.day_id
        town, party, seats = self.municipality.currentData(), self.party.text(), self.seats.value()
        self.run(
            lambda store: add_faction(store, actor, day_id, town, party, seats),
            _("Add a faction"),
            lambda _id: self._done(_("Faction {party} added.").format(party=party.strip())),
        )

    def save_faction(self) -> None:
        faction = self.current_faction()
        if faction is None:
            return
        from regiodesk.commands.region_day import update_faction

        actor, party, seats = self.context.actor, self.party.text(), self.seats.value()
        self.run(
            lambda store: update_faction(store, actor, faction.id, party, seats),
            _("Change a faction"),
            lambda _changed: self._done(_("Faction {party} saved.").format(party=party.strip())),
        )

    def remove_faction(self) -> None:
        faction = self.current_faction()
        question = _("Remove the faction {name} with its members and their preferences?")
        if faction is None or not confirm(self, question.format(name=faction.name)):
            return
        from regiodesk.commands.region_day import remove_faction

        actor = self.context.actor
        self.run(
            lambda store: remove_faction(store, actor, faction.id),
            _("Remove a faction"),
            lambda _none: self._done(_("Faction {name} removed.").format(name=faction.name)),
        )

    def add_member(self) -> None:
        faction = self.current_faction()
        name = self.name.text().strip()
        if faction is None or not name:
            return
        from regiodesk.commands.region_day import add_member

        actor = self.context.actor

        def added(_id: str) -> None:
            self.name.clear()
            self._done(_("{name} added to {faction}.").format(name=name, faction=faction.name))

        self.run(lambda store: add_member(store, actor, faction.id, name), _("Add a member"), added)

    def rename_member(self) -> None:
        member = self.current_member()
        if member is None:
            return
        from regiodesk.commands.region_day import rename_member

        actor, name = self.context.actor, self.name.text()
        self.run(
            lambda store: rename_member(store, actor, member.id, name),
            _("Rename a member"),
            lambda _changed: self._done(_("{name} saved.").format(name=name.strip())),
        )

    def remove_member(self) -> None:
        member = self.current_member()
        question = _("Remove {name} from the day, with their preferences and assignments?")
        if member is None or not confirm(self, question.format(name=member.name)):
            return
        from regiodesk.commands.region_day import remove_member

        actor = self.context.actor
        self.run(
            lambda store: remove_member(store, actor, member.id),
            _("Remove a member"),
            lambda _none: self._done(_("{name} removed.").format(name=member.name)),
        )
