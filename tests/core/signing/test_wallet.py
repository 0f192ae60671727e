from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from regiodesk.errors import NotFound, WrongPassphrase
from regiodesk.signing.wallet import PassphraseNeeded, Wallet
from tests.conftest import MemoryKeyring
from tests.signing_fixtures import HOLDER_PASSPHRASE


def test_an_imported_file_is_kept_private_and_asks_its_passphrase(
    issue: Callable[..., bytes], tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    wallet = Wallet(tmp_path)
    stored = wallet.import_pkcs12(issue("Anna Chair"), HOLDER_PASSPHRASE)
    assert stored.label == "Anna Chair (Gemeente Hengelo)"
    assert stored.issuer == "Twente signing authority"
    assert wallet.identities() == [stored]
    kept = tmp_path / "identities" / f"{stored.sha256}.p12"
    if os.name == "posix":
        assert kept.stat().st_mode & 0o777 == 0o600
    assert HOLDER_PASSPHRASE.encode() not in kept.read_bytes()
    assert memory_keyring.secrets == {}
    with pytest.raises(PassphraseNeeded, match="Anna Chair"):
        wallet.open(stored.sha256)
    with pytest.raises(WrongPassphrase):
        wallet.open(stored.sha256, "wrong")
    assert wallet.open(stored.sha256, HOLDER_PASSPHRASE).subject == "Anna Chair"


def test_the_passphrase_is_remembered_only_in_the_keyring_when_asked(
    issue: Callable[..., bytes], tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    wallet = Wallet(tmp_path)
    stored = wallet.import_pkcs12(issue(), HOLDER_PASSPHRASE, remember=True)
    assert list(memory_keyring.secrets.values()) == [HOLDER_PASSPHRASE]
    assert wallet.remembers_passphrase(stored.sha256)
    assert wallet.open(stored.sha256).subject == "Anna Chair"
    for file in tmp_path.rglob("*"):
        if file.is_file():
            assert HOLDER_PASSPHRASE.encode() not in file.read_bytes()
    wallet.remove(stored.sha256)
    assert memory_keyring.secrets == {}
    assert wallet.identities() == []
    with pytest.raises(NotFound):
        wallet.open(stored.sha256, HOLDER_PASSPHRASE)


def test_a_refused_file_leaves_nothing_behind(tmp_path: Path, issue: Callable[..., bytes]) -> None:
    wallet = Wallet(tmp_path)
    with pytest.raises(WrongPassphrase):
        wallet.import_pkcs12(issue(), "wrong", remember=True)
    assert not any(tmp_path.rglob("*.p12"))


def test_a_damaged_description_hides_only_that_identity(
    issue: Callable[..., bytes], tmp_path: Path
) -> None:
    wallet = Wallet(tmp_path)
    good = wallet.import_pkcs12(issue("Anna Chair"), HOLDER_PASSPHRASE)
    (tmp_path / "identities" / "broken.json").write_text("{not json")
    assert wallet.identities() == [good]
