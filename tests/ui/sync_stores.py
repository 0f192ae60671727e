"""Helpers of the sync and conflicts page tests: a second device (a copy of the demo store with
its own device id), a folder root both trust, a conflict between them, and contexts as chosen
people."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from regiodesk import model
from regiodesk.settings import Identity, Settings
from regiodesk.store import Store
from regiodesk.sync.engine import create_root, sync, trust_device
from regiodesk.sync.folder import FolderRoot
from regiodesk.sync.keys import device_key, public_text
from tests.core.conftest import copy_store_file
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.worker import DbWorker

#: An agenda item of PFO Mobiliteit's published meeting (its decision list is not signed).
OPEN_ITEM = """
SELECT i.id FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id JOIN pfo p ON p.id = m.pfo_id
WHERE p.short_name = 'PFO MOB' AND m.status = 'published' AND i.deleted = 0
ORDER BY m.starts_at, i.ordinal LIMIT 1
"""
SECRETARY = """
SELECT r.person_id FROM role_assignment r JOIN pfo p ON p.id = r.pfo_id
WHERE r.role = 'secretary' AND p.short_name = 'PFO MOB'
"""
ADMIN = "SELECT person_id FROM role_assignment WHERE role = 'admin' LIMIT 1"


def second_device(demo_path: Path, tmp_path: Path) -> Path:
    """A copy of the (closed) demo store that is another device."""
    path = copy_store_file(demo_path, tmp_path / "other-device.sqlite")
    with Store.open(path) as store:
        store.become_new_device()
    return path


def shared_root(demo_path: Path, other: Path, folder: Path) -> FolderRoot:
    """A new root in ``folder`` founded by the demo store; both devices trust each other."""
    folder.mkdir(exist_ok=True)
    root = FolderRoot(folder)
    with Store.open(demo_path) as a, Store.open(other) as b:
        create_root(a, root)
        for device in (a, b):
            key = public_text(device_key(device.device_id))
            for store in (a, b):
                trust_device(store, None, device.device_id, key, None, "test device")
    return root


def make_conflict(demo_path: Path, tmp_path: Path) -> str:
    """Both devices change one item's proposal offline, then sync twice: one open conflict.
    Returns the item's id."""
    other = second_device(demo_path, tmp_path)
    root = shared_root(demo_path, other, tmp_path / "root")
    with Store.open(demo_path) as a, Store.open(other) as b:
        item = str(a.scalar(OPEN_ITEM))
        for store, text in ((a, "Voorstel zoals Anna het schreef"), (b, "Voorstel van Bart")):
            with store.write(None) as writer:
                writer.update(model.AgendaItem, item, {"proposal": text})
        for store in (a, b, a, b):
            sync(store, root)
    return item


def context_as(qtbot: QtBot, path: Path, sql: str, settings: Settings | None = None) -> AppContext:
    """A context on ``path`` as the person ``sql`` finds (stop its worker afterwards)."""
    with Store.open(path) as store:
        person = str(store.scalar(sql))
    worker = DbWorker()
    worker.open(path)
    context = AppContext(worker, settings or Settings(), path, Identity(person, None, "test"))
    wait_idle(qtbot, worker)
    return context
