"""The audit trail: who did what, to which object, with what result, from where, and when."""

from __future__ import annotations

from datetime import datetime

from regiodesk.model.base import Entity, moment, ref


class AuditEvent(Entity, table=True):
    """An append-only record of an action that is not itself a data change (an export, a
    signature, a reopened session, a refused change).  Holds no secrets."""

    __tablename__ = "audit_event"

    at: datetime = moment(optional=False)
    actor_id: str | None = ref("person", optional=True)
    device_id: str
    action: str
    object_kind: str
    object_id: str
    result: str = "ok"
    detail: str = ""
