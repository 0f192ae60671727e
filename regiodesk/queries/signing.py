"""The signing roots the store holds (the region's own authority and other trusted roots), and who
may manage them: what the signing-certificates window shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from regiodesk.errors import NotFound
from regiodesk.i18n import _
from regiodesk.permissions import Actor, is_secretary
from regiodesk.store import Store
from regiodesk.timeutil import from_text


@dataclass(frozen=True)
class SigningRoot:
    id: str
    name: str
    #: SHA-256 of the certificate (DER), hex.
    sha256: str
    certificate_pem: str
    created_at: datetime
    withdrawn_at: datetime | None

    @property
    def trusted(self) -> bool:
        return self.withdrawn_at is None

    @property
    def short_fingerprint(self) -> str:
        """The first 8 bytes as people compare them by hand: ``AB:CD:...``."""
        head = self.sha256[:16].upper()
        return ":".join(head[i : i + 2] for i in range(0, len(head), 2)) + "…"


@dataclass(frozen=True)
class Region:
    id: str
    name: str


def signing_roots(store: Store) -> list[SigningRoot]:
    """Every signing root, trusted ones first, the newest first within each."""
    rows = store.query(
        "SELECT id, name, sha256, certificate_pem, created_at, withdrawn_at "
        "FROM signing_authority WHERE deleted = 0 "
        "ORDER BY withdrawn_at IS NOT NULL, created_at DESC"
    )
    return [
        SigningRoot(
            id=str(row["id"]),
            name=str(row["name"]),
            sha256=str(row["sha256"]),
            certificate_pem=str(row["certificate_pem"]),
            created_at=from_text(str(row["created_at"])),
            withdrawn_at=from_text(str(row["withdrawn_at"])) if row["withdrawn_at"] else None,
        )
        for row in rows
    ]


def the_region(store: Store) -> Region:
    """The store's region (a store holds one)."""
    rows = store.query("SELECT id, name FROM region WHERE deleted = 0 ORDER BY id LIMIT 1")
    if not rows:
        raise NotFound(kind=_("region"), id="")
    return Region(str(rows[0]["id"]), str(rows[0]["name"]))


def manages_signing_roots(store: Store, actor: Actor) -> bool:
    """The region's secretariat (or an administrator) creates, trusts and withdraws roots."""
    return is_secretary(store, actor, "")
