"""The audit trail of actions that are not data changes themselves (BIO: who, what, object,
result, origin, when).  Data changes are in the change log already."""

from __future__ import annotations

from regiodesk import model
from regiodesk.changelog.writer import Writer
from regiodesk.permissions import Actor
from regiodesk.timeutil import utc_now


def record_event(
    writer: Writer,
    actor: Actor,
    action: str,
    object_kind: str,
    object_id: str,
    result: str = "ok",
    detail: str = "",
) -> str:
    """Append an audit event inside the caller's transaction.  ``detail`` must hold no secret."""
    return writer.create(
        model.AuditEvent,
        {
            "at": utc_now(),
            "actor_id": actor.person_id,
            "device_id": writer.store.device_id,
            "action": action,
            "object_kind": object_kind,
            "object_id": object_id,
            "result": result,
            "detail": detail,
        },
    )
