"""Tables that belong to this store alone and are never synced as data."""

from __future__ import annotations

from sqlmodel import Field, SQLModel, UniqueConstraint


class StoreMeta(SQLModel, table=True):
    """Facts about this store: its device id, when it was made, its region."""

    __tablename__ = "store_meta"

    key: str = Field(primary_key=True)
    value: str


class Device(SQLModel, table=True):
    """Every device whose changes this store holds.  The change log refers to a device by its
    local number, which keeps each entry small; the device id is what travels."""

    __tablename__ = "device"

    no: int | None = Field(default=None, primary_key=True)
    device_id: str = Field(unique=True, max_length=36)
    name: str = ""


class ChangeEntry(SQLModel, table=True):
    """One entry of the change log (see the sync design): every write appends one, in the same
    transaction.

    ``hlc`` is the hybrid logical clock packed into one integer (milliseconds x 100,000 +
    counter); with the device id it orders all changes of the region.  ``fields`` holds the
    changed columns as JSON, ``seen`` the clocks of the field versions the author had seen when
    changing them (for conflict detection).
    """

    __tablename__ = "change_log"
    __table_args__ = (UniqueConstraint("device_no", "seq"),)

    #: The order in which this store received the entry.
    local_seq: int | None = Field(default=None, primary_key=True)
    entry_id: str = Field(max_length=36)
    device_no: int = Field(foreign_key="device.no")
    seq: int
    hlc: int
    actor_id: str | None = None
    entity: str
    entity_id: str = Field(index=True)
    op: str
    fields: str = "{}"
    seen: str | None = None
