from __future__ import annotations

import keyring
import pytest
from keyring.errors import NoKeyringError

from regiodesk import secrets
from tests.conftest import MemoryKeyring


def test_remember_recall_forget(memory_keyring: MemoryKeyring) -> None:
    assert secrets.recall("x") is None
    secrets.remember("x", "s3cret")
    assert memory_keyring.secrets == {("RegioDesk", "x"): "s3cret"}
    assert secrets.recall("x") == "s3cret"
    secrets.forget("x")
    secrets.forget("x")  # forgetting twice is fine
    assert secrets.recall("x") is None


def test_without_a_keyring_remembering_says_so_and_recalling_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*_args: object) -> None:
        raise NoKeyringError("no backend")

    for name in ("get_password", "set_password", "delete_password"):
        monkeypatch.setattr(keyring, name, refuse)
    with pytest.raises(secrets.KeyringUnavailable, match="no password safe"):
        secrets.remember("x", "s3cret")
    assert secrets.recall("x") is None
    secrets.forget("x")
