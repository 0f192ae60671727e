"""Starting the app: one RegioDesk per store, the store chosen, identity remembered."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from regiodesk.settings import Settings
from ui import app


def test_a_second_regiodesk_on_the_same_store_says_so(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store.sqlite"
    first = app.acquire_lock(store)
    assert first is not None
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: shown.append(args[2]))
    monkeypatch.setattr(QLockFile, "tryLock", lambda self, timeout=0: False)
    assert app.acquire_lock(store) is None
    assert shown
    assert "already has this store open" in shown[0]
    first.unlock()


def test_the_store_is_the_argument_then_the_environment_then_the_last_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings()
    last = tmp_path / "last.sqlite"
    last.write_bytes(b"")
    settings.last_store = str(last)
    given = app.parse_arguments(["--store", str(tmp_path / "given.sqlite")])
    assert app.choose_store(given, settings) == (tmp_path / "given.sqlite").resolve()
    assert app.choose_store(app.parse_arguments([]), settings) == last
    monkeypatch.setenv("REGIODESK_STORE", str(tmp_path / "env.sqlite"))
    assert (
        app.choose_store(app.parse_arguments([]), settings) == (tmp_path / "env.sqlite").resolve()
    )
