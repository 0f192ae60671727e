"""Property: whatever three or four devices do, and however they sync (any order, repeated,
partial, with a clock that runs ahead), once everyone has synced everything all stores hold the
same data and the same conflicts, and no saved change is missing from any of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from regiodesk.changelog.rebuild import compare, rebuild
from regiodesk.commands.positions import record_position, withdraw_position
from regiodesk.model import ENTITY_BY_TABLE
from regiodesk.model.enums import PositionKind
from regiodesk.permissions import Actor
from regiodesk.store import Store
from regiodesk.sync.engine import create_root, sync, trust_device
from regiodesk.sync.folder import FolderRoot
from regiodesk.sync.keys import device_key, public_text
from tests.core.conftest import copy_store_file

MUNICIPALITIES = ("Almelo", "Enschede", "Hengelo")
REASONS = ("", "Te duur", "Eerst de raad", "Past niet", "Akkoord met voorbehoud")
KINDS = (PositionKind.AGREE, PositionKind.ABSTAIN, PositionKind.DISAGREE)


def _state(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    return {
        table: sorted(tuple(row) for row in store.conn.execute(f'SELECT * FROM "{table}"'))
        for table in ENTITY_BY_TABLE
    }


class Region(RuleBasedStateMachine):
    template: tuple[Path, dict[str, object]]
    folder: Path

    def __init__(self) -> None:
        super().__init__()
        self.stores: list[Store] = []
        self.saved: set[str] = set()

    @initialize(count=st.integers(3, 4), ahead=st.sampled_from([0, 90_000, 3_600_000]))
    def devices(self, count: int, ahead: int) -> None:
        path, facts = self.template
        self.facts = facts
        run = len(list(self.folder.iterdir()))
        base = self.folder / f"run-{run}"
        base.mkdir()
        (base / "root").mkdir()
        self.root = FolderRoot(base / "root")
        for number in range(count):
            store = Store.open(copy_store_file(path, base / f"device-{number}.sqlite"))
            if number:
                store.become_new_device()
            self.stores.append(store)
        create_root(self.stores[0], self.root)
        keys = [public_text(device_key(s.device_id)) for s in self.stores]
        for store in self.stores:
            for other, key in zip(self.stores, keys, strict=True):
                trust_device(store, None, other.device_id, key, None, "")
        if ahead:  # the last device's clock runs ahead
            clock = self.stores[-1].clock
            now = clock._now
            clock._now = lambda: now() + ahead  # type: ignore[method-assign]

    def teardown(self) -> None:
        for store in self.stores:
            store.close()

    def _item(self) -> str:
        return str(self.facts["decision_item"])

    def _municipality(self, name: str) -> str:
        return str(dict(self.facts["municipality"])[name])  # type: ignore[call-overload]

    @precondition(lambda self: bool(self.stores))
    @rule(data=st.data())
    def edit(self, data: st.DataObject) -> None:
        store = data.draw(st.sampled_from(self.stores))
        municipality = self._municipality(data.draw(st.sampled_from(MUNICIPALITIES)))
        kind = data.draw(st.sampled_from(KINDS))
        reason = data.draw(st.sampled_from(REASONS)) or ("Reden" if kind.needs_reason else "")
        record_position(
            store, Actor(str(self.facts["secretary"])), self._item(), municipality, kind, reason
        )
        self._remember(store)

    @precondition(lambda self: bool(self.stores))
    @rule(data=st.data())
    def withdraw(self, data: st.DataObject) -> None:
        store = data.draw(st.sampled_from(self.stores))
        municipality = self._municipality(data.draw(st.sampled_from(MUNICIPALITIES)))
        if store.scalar(
            "SELECT 1 FROM position WHERE agenda_item_id = ? AND municipality_id = ? "
            "AND deleted = 0",
            (self._item(), municipality),
        ):
            withdraw_position(
                store, Actor(str(self.facts["secretary"])), self._item(), municipality
            )
            self._remember(store)

    @precondition(lambda self: bool(self.stores))
    @rule(data=st.data(), twice=st.booleans())
    def sync_one(self, data: st.DataObject, twice: bool) -> None:
        store = data.draw(st.sampled_from(self.stores))
        for _ in range(2 if twice else 1):
            sync(store, self.root)

    def _remember(self, store: Store) -> None:
        self.saved.update(
            row[0]
            for row in store.conn.execute(
                "SELECT entry_id FROM change_log WHERE entity = 'position'"
            )
        )

    def check_convergence(self) -> None:
        # Everyone syncs until a whole round moves nothing (a conflict found is itself a change
        # that travels, so this may take a round more than the edits alone).
        for _round in range(6):
            moved = 0
            for store in self.stores:
                report = sync(store, self.root)
                moved += report.sent + report.received
            if not moved:
                break
        assert not moved, "syncing does not come to rest"
        for store in self.stores:
            assert compare(store.conn, rebuild(store.conn)) == []
        states = [_state(store) for store in self.stores]
        for state in states[1:]:
            assert state == states[0]
        for store in self.stores:
            have = {
                row[0]
                for row in store.conn.execute(
                    "SELECT entry_id FROM change_log WHERE entity = 'position'"
                )
            }
            assert self.saved <= have
            assert store.scalar("SELECT count(*) FROM quarantine") == 0


def _run(examples: int, template: tuple[Path, dict[str, object]], folder: Path) -> None:
    from hypothesis.stateful import run_state_machine_as_test

    class Checked(Region):
        def teardown(self) -> None:
            try:
                if self.stores:
                    self.check_convergence()
            finally:
                super().teardown()

    Checked.template, Checked.folder = template, folder
    run_state_machine_as_test(
        Checked,
        settings=settings(
            max_examples=examples,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )


def test_every_store_ends_the_same(
    world_template: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    _run(10, world_template, tmp_path)


@pytest.mark.slow
def test_every_store_ends_the_same_many_times(
    world_template: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    _run(150, world_template, tmp_path)
