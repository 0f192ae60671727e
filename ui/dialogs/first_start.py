"""First start: fill an empty store (the Twente demo region, or a region file), then choose who
you are on this device.  Also used later to switch identity."""

from __future__ import annotations

import platform
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from regiodesk.i18n import _
from regiodesk.model.enums import Role
from regiodesk.queries.people import PersonChoice, people_to_choose
from regiodesk.queries.summary import region_name
from regiodesk.settings import Identity
from regiodesk.store import Store
from ui.errors import describe
from ui.worker import DbWorker

DEMO_YEARS = 1
ROLE_VALUES = frozenset(role.value for role in Role)


@dataclass(frozen=True)
class _StoreState:
    region: str | None
    people: list[PersonChoice]
    suggested: str | None  # the demo region's persona


def _state(store: Store) -> _StoreState:
    return _StoreState(region_name(store), people_to_choose(store), store.meta("demo_persona"))


def _make_demo(store: Store, worker: DbWorker) -> _StoreState:
    from regiodesk.demo import generate_demo

    generate_demo(store, years=DEMO_YEARS, progress=worker.progress.emit)
    return _state(store)


def _load_region(store: Store, path: Path) -> _StoreState:
    from regiodesk.commands.region import import_region
    from regiodesk.region_file import load_region

    import_region(store, load_region(path))
    return _state(store)


def _add_administrator(store: Store, name: str) -> _StoreState:
    from datetime import date

    from regiodesk.commands.region import add_person, assign_role
    from regiodesk.permissions import SYSTEM

    person = add_person(store, SYSTEM, name, title="regiosecretaris")
    assign_role(store, SYSTEM, person, Role.ADMIN, date.today())
    return _state(store)


class FirstStartDialog(QDialog):
    """Returns the chosen identity in ``identity`` when accepted."""

    def __init__(
        self,
        worker: DbWorker,
        current: Identity | None = None,
        parent: QWidget | None = None,
        auto_demo: bool = False,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.identity: Identity | None = None
        self.setWindowTitle(_("Welcome to RegioDesk"))
        self.setMinimumSize(560, 480)
        self.pages = QStackedWidget()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(
            "color: palette(highlighted-text); background: #b3261e; padding: 4px;"
        )
        self.error.setVisible(False)

        self._build_waiting()
        self._build_empty()
        self._build_choose()
        for page in (self.waiting, self.empty, self.choose):
            self.pages.addWidget(page)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._current = current
        self._auto_demo = auto_demo
        self._validate()
        worker.progress.connect(self._progress)
        worker.query(_state, self._show_state, self._failed)

    def _build_waiting(self) -> None:
        self.waiting = QWidget()
        wait_layout = QVBoxLayout(self.waiting)
        self.wait_text = QLabel(_("Opening the store…"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        wait_layout.addStretch()
        wait_layout.addWidget(self.wait_text)
        wait_layout.addWidget(self.progress)
        wait_layout.addStretch()

    def _build_empty(self) -> None:
        self.empty = QWidget()
        empty_layout = QVBoxLayout(self.empty)
        intro = QLabel(
            _(
                "This store is still empty. Start with the Twente demo region (14 municipalities, "
                "eight PFOs, a year of meetings) to try RegioDesk, or load your region's file."
            )
        )
        intro.setWordWrap(True)
        self.demo_button = QPushButton(_("Start with the Twente &demo region"))
        self.demo_button.setDefault(True)
        self.demo_button.clicked.connect(self._demo)
        self.region_button = QPushButton(_("Load a &region file…"))
        self.region_button.clicked.connect(self._region_file)
        empty_layout.addWidget(intro)
        empty_layout.addWidget(self.demo_button)
        empty_layout.addWidget(self.region_button)
        empty_layout.addStretch()

    def _build_choose(self) -> None:
        self.choose = QWidget()
        choose_layout = QVBoxLayout(self.choose)
        self.region_label = QLabel()
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Type a name or municipality to filter"))
        self.filter.setAccessibleName(_("Filter people"))
        self.filter.textChanged.connect(self._filter)
        self.people = QListWidget()
        self.people.setAccessibleName(_("People"))
        self.people.currentItemChanged.connect(lambda *_args: self._validate())
        self.people.itemActivated.connect(lambda _item: self._accept())
        self.device = QLineEdit(platform.node() or _("my computer"))
        self.device.setAccessibleName(_("Name of this device"))
        self.device.textChanged.connect(lambda _text: self._validate())
        form = QFormLayout()
        form.addRow(_("Name of this &device:"), self.device)
        self.new_admin = QWidget()
        admin_layout = QHBoxLayout(self.new_admin)
        admin_layout.setContentsMargins(0, 0, 0, 0)
        self.admin_name = QLineEdit()
        self.admin_name.setPlaceholderText(_("Your name"))
        self.admin_name.setAccessibleName(_("Your name"))
        add_admin = QPushButton(_("Add me as the region's administrator"))
        add_admin.clicked.connect(self._add_admin)
        admin_layout.addWidget(self.admin_name)
        admin_layout.addWidget(add_admin)
        choose_layout.addWidget(self.region_label)
        choose_layout.addWidget(QLabel(_("Who are you?")))
        choose_layout.addWidget(self.filter)
        choose_layout.addWidget(self.people, 1)
        choose_layout.addWidget(self.new_admin)
        choose_layout.addLayout(form)

    # Steps ------------------------------------------------------------------------------------

    def _show_state(self, state: _StoreState) -> None:
        self.error.setVisible(False)
        if state.region is None and self._auto_demo:
            self._auto_demo = False
            self._demo()
            return
        if state.region is None:
            self.pages.setCurrentWidget(self.empty)
            self.demo_button.setFocus()
            return
        self.region_label.setText(_("Region: {name}").format(name=state.region))
        self.people.clear()
        for person in state.people:
            roles = ", ".join(
                Role(role).label if role in ROLE_VALUES else role for role in person.roles
            )
            where = person.municipality or _("regional secretariat")
            item = QListWidgetItem(f"{person.name} – {where} ({roles})")
            item.setData(Qt.ItemDataRole.UserRole, person)
            self.people.addItem(item)
            wanted = self._current.person_id if self._current else state.suggested
            if person.id == wanted:
                self.people.setCurrentItem(item)
        self.new_admin.setVisible(not state.people)
        self.pages.setCurrentWidget(self.choose)
        self.filter.setFocus()
        self._validate()

    def _demo(self) -> None:
        self._busy(_("Making the Twente demo region…"))
        self.worker.write(
            lambda store: _make_demo(store, self.worker), self._show_state, self._failed
        )

    def _region_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Region file"), "", _("Region files (*.toml)")
        )
        if path:
            self._busy(_("Loading the region…"))
            self.worker.write(
                lambda store: _load_region(store, Path(path)), self._show_state, self._failed
            )

    def _add_admin(self) -> None:
        name = self.admin_name.text().strip()
        if name:
            self.worker.write(
                lambda store: _add_administrator(store, name), self._show_state, self._failed
            )

    def _busy(self, text: str) -> None:
        self.wait_text.setText(text)
        self.progress.setRange(0, 0)
        self.pages.setCurrentWidget(self.waiting)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _failed(self, error: BaseException) -> None:
        self.error.setText(describe(error))
        self.error.setVisible(True)
        if self.pages.currentWidget() is self.waiting:
            self.pages.setCurrentWidget(self.empty)

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        for row in range(self.people.count()):
            item = self.people.item(row)
            item.setHidden(bool(needle) and needle not in item.text().lower())

    def _validate(self) -> None:
        ok = (
            self.pages.currentWidget() is self.choose
            and self.people.currentItem() is not None
            and bool(self.device.text().strip())
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def _accept(self) -> None:
        item = self.people.currentItem()
        if item is None or not self.device.text().strip():
            return
        person: PersonChoice = item.data(Qt.ItemDataRole.UserRole)
        self.identity = Identity(person.id, person.municipality_id, self.device.text().strip())
        self.accept()
