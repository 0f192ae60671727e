"""Devices for sync tests: private copies of the small world, each with its own device id and key,
meeting through one folder root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from regiodesk.sync.engine import SyncReport, create_root, sync, trust_device
from regiodesk.sync.folder import FolderRoot
from regiodesk.sync.keys import device_key, public_text
from tests.core.conftest import World


@dataclass
class Device:
    world: World
    root: FolderRoot

    @property
    def store(self):  # type: ignore[no-untyped-def]
        return self.world.store

    def sync(self) -> SyncReport:
        return sync(self.store, self.root)


@pytest.fixture
def root(tmp_path: Path) -> FolderRoot:
    folder = tmp_path / "root"
    folder.mkdir()
    return FolderRoot(folder)


@pytest.fixture
def devices(open_world: Callable[[], World], root: FolderRoot) -> Callable[[int], list[Device]]:
    """``n`` devices: the first founds the root; the others are approved by the secretary on the
    first, so every device trusts every other after a round of syncs."""

    def make(count: int) -> list[Device]:
        made = [Device(open_world(), root) for _ in range(count)]
        for device in made[1:]:
            device.store.become_new_device()
        create_root(made[0].store, root)
        for device in made:
            key = public_text(device_key(device.store.device_id))
            for other in made:
                trust_device(other.store, None, device.store.device_id, key, None, "test device")
        return made

    return make
