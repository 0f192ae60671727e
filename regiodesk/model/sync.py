"""What sync needs to remember: the devices the region trusts and the conflicts it found (both
synced, so every device agrees), and per store where each root's reading stopped and what was
held back (local only)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from regiodesk.model.base import Entity, moment, ref


class TrustedDevice(Entity, table=True):
    """A device whose signed changes the region applies.  A device that is not (yet) approved has
    its changes kept in quarantine; a revoked one is refused from then on."""

    __tablename__ = "trusted_device"

    #: The device's id (also this row's id is derived from it, so approvals converge).
    device_id: str = Field(max_length=36, unique=True)
    #: The Ed25519 public key (raw, base64) that signs the device's batches.
    public_key: str
    person_id: str | None = ref("person", optional=True)
    name: str = ""
    approved_at: datetime | None = moment()
    approved_by: str | None = ref("person", optional=True, index=False)
    revoked_at: datetime | None = moment()


class SyncConflict(Entity, table=True):
    """Two concurrent versions of one text field (neither author had seen the other's).  The
    newer version is shown; both stay in the change log; a person resolves it."""

    __tablename__ = "sync_conflict"

    entity: str
    entity_id: str = Field(index=True)
    field: str
    #: The change-log entries of the two versions, the earlier first.
    entry_a: str = Field(max_length=36)
    entry_b: str = Field(max_length=36)
    value_a: str = ""
    value_b: str = ""
    found_at: datetime = moment(optional=False)
    resolved_at: datetime | None = moment()
    resolved_by: str | None = ref("person", optional=True, index=False)


class SyncMark(SQLModel, table=True):
    """How far this store has read a device's batches in one root (local, never synced)."""

    __tablename__ = "sync_mark"

    root_id: str = Field(primary_key=True, max_length=36)
    device_id: str = Field(primary_key=True, max_length=36)
    #: The last sequence number read (for this device: the last one written to the root).
    seq: int = 0
    #: The hash-chain head of the last batch read, which the next batch must continue.
    chain: str = ""


class QuarantinedEntry(SQLModel, table=True):
    """A change that came in but was not applied, with the reason (local, never synced)."""

    __tablename__ = "quarantine"

    id: int | None = Field(default=None, primary_key=True)
    device_id: str = Field(max_length=36, index=True)
    seq: int
    entry: str  # the entry as it travelled (JSON)
    #: "unapproved" (released once its device is approved), "refused" or "fork".
    kind: str = "refused"
    reason: str
    received_at: datetime = moment(optional=False)
