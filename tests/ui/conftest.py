"""UI fixtures: a database worker on a private demo store, and an application context as a member
(the demo persona) or as the PFO's secretary."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from regiodesk.settings import Identity, Settings
from regiodesk.store import Store
from ui.context import AppContext
from ui.worker import DbWorker


def wait_idle(qtbot: QtBot, worker: DbWorker, timeout: int = 10_000) -> None:
    """Let the worker finish its queue and the GUI thread handle the answers."""
    qtbot.waitUntil(lambda: worker.idle, timeout=timeout)
    qtbot.wait(20)
    qtbot.waitUntil(lambda: worker.idle, timeout=timeout)


@pytest.fixture
def demo_path(demo_store: Store) -> Path:
    """The path of a private demo store (closed here; the worker opens it)."""
    demo_store.close()
    return demo_store.path


def _context(qtbot: QtBot, path: Path, person_id: str) -> AppContext:
    with Store.open(path) as store:
        municipality = store.scalar("SELECT municipality_id FROM person WHERE id = ?", (person_id,))
    worker = DbWorker()
    worker.open(path)
    context = AppContext(worker, Settings(), path, Identity(person_id, municipality, "test"))
    wait_idle(qtbot, worker)
    return context


@pytest.fixture
def member_context(qtbot: QtBot, demo_path: Path) -> Iterator[AppContext]:
    """As the demo persona: the Enschede alderman in PFO Mobiliteit and PFO Wonen & Ruimte."""
    with Store.open(demo_path) as store:
        person = store.meta("demo_persona")
    assert person
    context = _context(qtbot, demo_path, person)
    yield context
    context.worker.stop()


@pytest.fixture
def secretary_context(qtbot: QtBot, demo_path: Path) -> Iterator[AppContext]:
    """As the secretary of PFO Mobiliteit."""
    with Store.open(demo_path) as store:
        person = store.scalar(
            "SELECT r.person_id FROM role_assignment r JOIN pfo p ON p.id = r.pfo_id "
            "WHERE r.role = 'secretary' AND p.short_name = 'PFO MOB'"
        )
    assert person
    context = _context(qtbot, demo_path, person)
    yield context
    context.worker.stop()
