"""Fixtures of the core tests: cheap copies of prepared stores, and a small region to act in.

Creating and migrating a store costs about half a second, so every prepared store here is made
once per session and each test gets a private copy of the file (copying is a few milliseconds).
The copies share the template's device id, which is harmless: each test has its own file.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest

from regiodesk.changelog.rebuild import compare, rebuild
from regiodesk.commands import agenda, meetings, region
from regiodesk.commands.agenda import ItemSpec
from regiodesk.model.enums import ItemKind, Role
from regiodesk.permissions import SYSTEM, Actor
from regiodesk.region_file import builtin_region_path, load_region
from regiodesk.store import Store
from regiodesk.timeutil import AMSTERDAM

#: The municipalities that are members of the world's PFO (Losser and the rest are not).
MEMBERS = ("Enschede", "Almelo", "Hengelo", "Borne", "Oldenzaal")
MEETING_START = datetime(2026, 12, 8, 10, 0, tzinfo=AMSTERDAM)
MEETING_END = datetime(2026, 12, 8, 12, 0, tzinfo=AMSTERDAM)


def copy_store_file(source: Path, target: Path) -> Path:
    """Copy a closed store file and its documents folder."""
    shutil.copyfile(source, target)
    blobs = source.with_name(source.name + ".blobs")
    if blobs.exists():
        shutil.copytree(blobs, target.with_name(target.name + ".blobs"))
    return target


def _checkpointed_close(store: Store) -> None:
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()


# Plain stores ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def blank_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("blank") / "blank.sqlite"
    _checkpointed_close(Store.open(path))
    return path


@pytest.fixture
def blank_store_factory(blank_template: Path, tmp_path: Path) -> Iterator[Callable[[], Store]]:
    """Makes empty, migrated stores (private copies of one template); closes them afterwards."""
    opened: list[Store] = []

    def make() -> Store:
        target = tmp_path / f"blank-{len(opened)}.sqlite"
        store = Store.open(copy_store_file(blank_template, target))
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def blank_store(blank_store_factory: Callable[[], Store]) -> Store:
    """An empty, migrated store (a cheap stand-in for the ``store`` fixture)."""
    return blank_store_factory()


@pytest.fixture
def blank_path(blank_template: Path, tmp_path: Path) -> Path:
    """A private copy of an empty, migrated store's file, not opened."""
    return copy_store_file(blank_template, tmp_path / "blank-copy.sqlite")


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo store's file, not opened."""
    return copy_store_file(demo_template, tmp_path / "demo-copy.sqlite")


# A small region to act in ------------------------------------------------------------------------


@dataclass
class World:
    """The Twente region with one PFO (Mobiliteit) whose members are the municipalities of
    ``MEMBERS``, its people, and one draft meeting with four agenda items."""

    store: Store
    pfo_id: str
    other_pfo_id: str
    municipality: dict[str, str]  # name -> id
    secretary: Actor  # secretary of the PFO
    chair: Actor  # member for Enschede, and the meeting's chair
    member: Actor  # member for Almelo
    member_hengelo: Actor
    outsider: Actor  # a person without any role
    meeting_id: str
    info_item: str  # for information
    decision_item: str  # for decision
    decision_item_2: str  # for decision
    discussion_item: str  # for discussion

    def m(self, name: str) -> str:
        return self.municipality[name]

    @property
    def member_ids(self) -> list[str]:
        return sorted(self.municipality[name] for name in MEMBERS)

    def new_meeting(self, day: date = date(2027, 1, 12), items: int = 3) -> tuple[str, list[str]]:
        """Another draft meeting of the PFO with ``items`` decision items."""
        starts = datetime(day.year, day.month, day.day, 14, 0, tzinfo=AMSTERDAM)
        meeting_id = meetings.create_meeting(
            self.store,
            SYSTEM,
            self.pfo_id,
            starts,
            starts.replace(hour=16),
            chair_id=self.chair.person_id,
            secretary_id=self.secretary.person_id,
        )
        ids = agenda.add_agenda_items(
            self.store,
            SYSTEM,
            meeting_id,
            [ItemSpec(f"Punt {n}", ItemKind.DECISION) for n in range(1, items + 1)],
        )
        return meeting_id, ids


def _build_world(store: Store) -> dict[str, object]:
    region.import_region(store, load_region(builtin_region_path()), SYSTEM)
    municipality = {
        row["name"]: row["id"] for row in store.query("SELECT id, name FROM municipality")
    }
    pfos = {row["short_name"]: row["id"] for row in store.query("SELECT id, short_name FROM pfo")}
    pfo_id, other_pfo_id = pfos["PFO MOB"], pfos["PFO EA"]
    start = date(2020, 1, 1)
    people: dict[str, str] = {}
    for name in MEMBERS:
        person = region.add_person(
            store, SYSTEM, f"Wethouder {name}", municipality[name], title="wethouder"
        )
        region.add_membership(store, SYSTEM, pfo_id, person, municipality[name], start)
        people[name] = person
    secretary = region.add_person(store, SYSTEM, "Sanne Secretaris", title="ambtelijk secretaris")
    region.assign_role(store, SYSTEM, secretary, Role.SECRETARY, start, pfo_id)
    outsider = region.add_person(store, SYSTEM, "Otto Buitenstaander")
    meeting_id = meetings.create_meeting(
        store,
        SYSTEM,
        pfo_id,
        MEETING_START,
        MEETING_END,
        location="Stadhuis Enschede",
        title="PFO Mobiliteit december",
        chair_id=people["Enschede"],
        secretary_id=secretary,
    )
    info, decision, decision_2, discussion = agenda.add_agenda_items(
        store,
        SYSTEM,
        meeting_id,
        [
            ItemSpec("Opening en mededelingen", ItemKind.INFORMATION),
            ItemSpec(
                "Snelfietsroute F35 doortrekken",
                ItemKind.DECISION,
                proposal="Het PFO stemt in met het doortrekken van de snelfietsroute.",
            ),
            ItemSpec(
                "Regionaal mobiliteitsfonds",
                ItemKind.DECISION,
                proposal="Een fonds voor kleine infrastructuur, verdeeld per inwoner.",
            ),
            ItemSpec(
                "Verkenning deelmobiliteit",
                ItemKind.DISCUSSION,
                proposal="Bespreken van de uitkomsten van de verkenning.",
            ),
        ],
    )
    return {
        "pfo_id": pfo_id,
        "other_pfo_id": other_pfo_id,
        "municipality": municipality,
        "secretary": secretary,
        "chair": people["Enschede"],
        "member": people["Almelo"],
        "member_hengelo": people["Hengelo"],
        "outsider": outsider,
        "meeting_id": meeting_id,
        "info_item": info,
        "decision_item": decision,
        "decision_item_2": decision_2,
        "discussion_item": discussion,
    }


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    path = tmp_path_factory.mktemp("world") / "world.sqlite"
    store = Store.open(path)
    try:
        facts = _build_world(store)
    finally:
        _checkpointed_close(store)
    return path, facts


@pytest.fixture
def open_world(
    world_template: tuple[Path, dict[str, object]], tmp_path: Path
) -> Iterator[Callable[[], World]]:
    """Opens private copies of the world (each call a new copy); closes them afterwards.  A test
    that must patch how stores connect opens its world after patching."""
    path, facts = world_template
    opened: list[Store] = []

    def open_() -> World:
        store = Store.open(copy_store_file(path, tmp_path / f"world-{len(opened)}.sqlite"))
        opened.append(store)
        people = {
            key: Actor(str(facts[key]))
            for key in ("secretary", "chair", "member", "member_hengelo", "outsider")
        }
        return World(
            store=store,
            pfo_id=str(facts["pfo_id"]),
            other_pfo_id=str(facts["other_pfo_id"]),
            municipality=dict(facts["municipality"]),  # type: ignore[call-overload]
            meeting_id=str(facts["meeting_id"]),
            info_item=str(facts["info_item"]),
            decision_item=str(facts["decision_item"]),
            decision_item_2=str(facts["decision_item_2"]),
            discussion_item=str(facts["discussion_item"]),
            **people,
        )

    yield open_
    for store in opened:
        store.close()


@pytest.fixture
def world(open_world: Callable[[], World]) -> World:
    return open_world()


# Checks shared by many tests ---------------------------------------------------------------------


def log_problems(store: Store) -> list[str]:
    """What is wrong with the store's change log: differences between the tables and a rebuild
    from the log alone, and sequence numbers per device that are not exactly 1..n."""
    problems: list[str] = []
    rebuilt = rebuild(store.conn)
    try:
        problems += [f"{d.table} {d.entity_id}: {d.problem}" for d in compare(store.conn, rebuilt)]
    finally:
        rebuilt.close()
    for device_no, seqs in _seqs_by_device(store.conn).items():
        if seqs != list(range(1, len(seqs) + 1)):
            problems.append(f"device {device_no}: sequence numbers are not 1..{len(seqs)}")
    return problems


def _seqs_by_device(conn: sqlite3.Connection) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for device_no, seq in conn.execute(
        "SELECT device_no, seq FROM change_log ORDER BY device_no, seq"
    ):
        found.setdefault(device_no, []).append(seq)
    return found


@pytest.fixture
def assert_log_explains() -> Callable[[Store], None]:
    """A check: the change log alone rebuilds every table, and sequences are contiguous."""

    def check(store: Store) -> None:
        problems = log_problems(store)
        assert not problems, problems

    return check
