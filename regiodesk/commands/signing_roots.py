"""The signing roots every device trusts: the region's own signing authority, and the roots of
organisations whose certificates sign decision lists.  Only the certificate is stored (sync takes
it to every device); a private key never enters the store."""

from __future__ import annotations

import hashlib

from regiodesk import model
from regiodesk.commands._common import fetch, require_text
from regiodesk.errors import InvalidInput, NotPermitted
from regiodesk.i18n import _
from regiodesk.permissions import Actor, is_secretary
from regiodesk.store import Store
from regiodesk.timeutil import utc_now


def _certificate_sha256(certificate_pem: str) -> str:
    import base64

    body = "".join(
        line
        for line in certificate_pem.strip().splitlines()
        if line and not line.startswith("-----")
    )
    try:
        der = base64.b64decode(body, validate=True)
    except ValueError:
        der = b""
    if not certificate_pem.lstrip().startswith("-----BEGIN CERTIFICATE-----") or not der:
        raise InvalidInput(field=_("certificate"), reason=_("not a PEM certificate"))
    return hashlib.sha256(der).hexdigest()


def _require_secretariat(store: Store, actor: Actor) -> None:
    if not is_secretary(store, actor, ""):
        raise NotPermitted(
            action=_("manage the trusted signing certificates"),
            reason=_("only the region's secretariat does this"),
        )


def add_signing_root(
    store: Store, actor: Actor, region_id: str, name: str, certificate_pem: str
) -> str:
    """Trust a root certificate for decision-list signatures on every device (idempotent)."""
    _require_secretariat(store, actor)
    fetch(store, "region", region_id, "id")
    sha256 = _certificate_sha256(certificate_pem)
    existing = store.scalar(
        "SELECT id FROM signing_authority WHERE sha256 = ? AND deleted = 0", (sha256,)
    )
    if existing:
        return str(existing)
    with store.write(actor.person_id) as writer:
        root_id = writer.create(
            model.SigningAuthority,
            {
                "region_id": region_id,
                "name": require_text(name, _("name")),
                "certificate_pem": certificate_pem.strip() + "\n",
                "sha256": sha256,
                "created_at": utc_now(),
                "created_by": actor.person_id,
            },
        )
        from regiodesk.commands.audit import record_event

        record_event(writer, actor, "trust_signing_root", "signing_authority", root_id)
        return root_id


def withdraw_signing_root(store: Store, actor: Actor, root_id: str) -> None:
    """Stop trusting a root: signatures that chain only to it are reported as not trusted."""
    _require_secretariat(store, actor)
    fetch(store, "signing_authority", root_id, "id")
    with store.write(actor.person_id) as writer:
        writer.update(model.SigningAuthority, root_id, {"withdrawn_at": utc_now()})
        from regiodesk.commands.audit import record_event

        record_event(writer, actor, "withdraw_signing_root", "signing_authority", root_id)


def trusted_roots(store: Store) -> list[str]:
    """The PEM certificates this store trusts for signatures."""
    return [
        str(row[0])
        for row in store.conn.execute(
            "SELECT certificate_pem FROM signing_authority "
            "WHERE deleted = 0 AND withdrawn_at IS NULL ORDER BY created_at"
        )
    ]
