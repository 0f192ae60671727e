"""The signing identities of this device: PKCS#12 files imported once, kept encrypted as they came
in the user's data folder, and the region's authority key where the secretariat made it.

Passphrases are never written here: they are asked each time, or kept in the OS keyring when the
user asks for that (``regiodesk.secrets``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from regiodesk import secrets
from regiodesk.errors import InvalidInput, NotFound
from regiodesk.files import write_atomically
from regiodesk.i18n import N_, _
from regiodesk.signing.identity import SigningIdentity, load_pkcs12
from regiodesk.store.paths import data_dir


class PassphraseNeeded(InvalidInput):
    template = N_("Give the passphrase of the signing certificate of {subject}.")


@dataclass(frozen=True)
class StoredIdentity:
    sha256: str
    subject: str
    organisation: str
    not_after: str  # ISO date
    issuer: str

    @property
    def label(self) -> str:
        if self.organisation:
            return f"{self.subject} ({self.organisation})"
        return self.subject


def _secret_name(sha256: str) -> str:
    return f"signing-identity:{sha256}"


def _authority_secret_name(sha256: str) -> str:
    return f"signing-authority:{sha256}"


class Wallet:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or data_dir() / "signing"

    # Identities ----------------------------------------------------------------------------------

    def _p12(self, sha256: str) -> Path:
        return self.folder / "identities" / f"{sha256}.p12"

    def import_pkcs12(
        self, data: bytes, passphrase: str, *, remember: bool = False, path: str = ""
    ) -> StoredIdentity:
        """Check the file (passphrase, validity, key usage) and keep it on this device."""
        identity = load_pkcs12(data, passphrase, path=path)
        stored = _describe(identity)
        write_atomically(self._p12(stored.sha256), data, private=True)
        write_atomically(
            self._p12(stored.sha256).with_suffix(".json"),
            json.dumps(asdict(stored), indent=2).encode(),
            private=True,
        )
        if remember:
            secrets.remember(_secret_name(stored.sha256), passphrase)
        return stored

    def identities(self) -> list[StoredIdentity]:
        found: list[StoredIdentity] = []
        for meta in sorted((self.folder / "identities").glob("*.json")):
            try:
                found.append(StoredIdentity(**json.loads(meta.read_text(encoding="utf-8"))))
            except (OSError, ValueError, TypeError):
                continue  # an unreadable description hides that identity, nothing else
        return found

    def remembers_passphrase(self, sha256: str) -> bool:
        return secrets.recall(_secret_name(sha256)) is not None

    def open(self, sha256: str, passphrase: str | None = None) -> SigningIdentity:
        """The identity, unlocked with ``passphrase`` or the one kept in the keyring."""
        path = self._p12(sha256)
        try:
            data = path.read_bytes()
        except OSError:
            raise NotFound(kind=_("signing certificate"), id=sha256[:16]) from None
        secret = passphrase if passphrase is not None else secrets.recall(_secret_name(sha256))
        if secret is None:
            subject = next((i.subject for i in self.identities() if i.sha256 == sha256), sha256)
            raise PassphraseNeeded(subject=subject)
        return load_pkcs12(data, secret, path=path.name)

    def remove(self, sha256: str) -> None:
        self._p12(sha256).unlink(missing_ok=True)
        self._p12(sha256).with_suffix(".json").unlink(missing_ok=True)
        secrets.forget(_secret_name(sha256))

    # The region's signing authority ------------------------------------------------------------

    def _authority_key(self, sha256: str) -> Path:
        return self.folder / "authorities" / f"{sha256}.key.pem"

    def keep_authority_key(
        self, sha256: str, encrypted_key_pem: bytes, passphrase: str, *, remember: bool = False
    ) -> None:
        write_atomically(self._authority_key(sha256), encrypted_key_pem, private=True)
        if remember:
            secrets.remember(_authority_secret_name(sha256), passphrase)

    def has_authority_key(self, sha256: str) -> bool:
        return self._authority_key(sha256).is_file()

    def authority_key(self, sha256: str) -> bytes:
        try:
            return self._authority_key(sha256).read_bytes()
        except OSError:
            raise NotFound(kind=_("key of the signing authority"), id=sha256[:16]) from None

    def authority_passphrase(self, sha256: str) -> str | None:
        return secrets.recall(_authority_secret_name(sha256))


def _describe(identity: SigningIdentity) -> StoredIdentity:
    from cryptography.x509.oid import NameOID

    def first(name: object, oid: object) -> str:
        values = name.get_attributes_for_oid(oid)  # type: ignore[attr-defined]
        return str(values[0].value) if values else ""

    certificate = identity.certificate
    not_after: datetime = certificate.not_valid_after_utc
    return StoredIdentity(
        sha256=identity.sha256,
        subject=identity.subject,
        organisation=first(certificate.subject, NameOID.ORGANIZATION_NAME),
        not_after=not_after.date().isoformat(),
        issuer=first(certificate.issuer, NameOID.COMMON_NAME),
    )
