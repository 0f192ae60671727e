"""Tables that belong to this store alone and are never synced as data."""

from __future__ import annotations

from sqlmodel import Field, SQLModel, UniqueConstraint


class StoreMeta(SQLModel, table=True):
    """Facts about this store: its device id, when it was made, its region."""

    __tablename__ = "store_meta"

    key: str = Field(primary_key=True)
    value: str


class ChangeEntry(SQLModel, table=True):
    """One entry of the change log (see the sync design): every write appends one, in the same
    transaction.  ``fields`` holds the changed columns as JSON, ``seen`` the clocks of the field
    versions the author had seen when changing them."""

    __tablename__ = "change_log"
    __table_args__ = (UniqueConstraint("device_id", "seq"),)

    #: The order in which this store received the entry.
    local_seq: int | None = Field(default=None, primary_key=True)
    entry_id: str = Field(max_length=36)
    device_id: str
    seq: int
    hlc: str
    actor_id: str | None = None
    entity: str
    entity_id: str = Field(index=True)
    op: str
    fields: str = "{}"
    seen: str | None = None
