"""Shared fixtures: fresh stores, and a small demo region generated once per test session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

# Tests never touch the user's real folders, and always speak English unless they ask otherwise.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from regiodesk.i18n import set_language
from regiodesk.store import Store

#: Fixtures for signing (an authority, certificates, a local time-stamp service), for core and UI.
pytest_plugins = ["tests.signing_fixtures"]

#: The demo region's "today" in tests, so that its content is the same on every run.
DEMO_ANCHOR = date(2026, 11, 28)


class MemoryKeyring:
    """A keyring in memory: tests never read or write the developer's real password safe."""

    priority = 1

    def __init__(self) -> None:
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, name: str) -> str | None:
        return self.secrets.get((service, name))

    def set_password(self, service: str, name: str, secret: str) -> None:
        self.secrets[(service, name)] = secret

    def delete_password(self, service: str, name: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.secrets.pop((service, name), None) is None:
            raise PasswordDeleteError(name)

    def get_credential(self, service: str, name: str | None) -> None:
        return None


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    import keyring

    ring = MemoryKeyring()
    for name in ("get_password", "set_password", "delete_password"):
        monkeypatch.setattr(keyring, name, getattr(ring, name))
    return ring


@pytest.fixture(autouse=True)
def _isolated_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("REGIODESK_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("REGIODESK_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("REGIODESK_LOG_DIR", str(home / "log"))
    monkeypatch.delenv("REGIODESK_STORE", raising=False)
    set_language("en")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty, freshly migrated store."""
    opened = Store.open(tmp_path / "store.sqlite")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-year demo store, generated once; tests get copies of it."""
    from regiodesk.demo import generate_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    with Store.open(path) as made:
        generate_demo(made, years=1, seed=7, anchor=DEMO_ANCHOR)
        made.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def demo_store(demo_template: Path, tmp_path: Path) -> Iterator[Store]:
    """A private copy of the demo store (a test may change it freely)."""
    target = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_template, target)
    blobs = demo_template.with_name(demo_template.name + ".blobs")
    if blobs.exists():
        shutil.copytree(blobs, target.with_name(target.name + ".blobs"))
    opened = Store.open(target)
    yield opened
    opened.close()
