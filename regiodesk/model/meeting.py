"""Meetings and what is prepared for them: agenda items, documents, notes, positions, attendance."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, UniqueConstraint

from regiodesk.model.base import Entity, choice, moment, ref
from regiodesk.model.enums import AttendanceStatus, ItemKind, MeetingStatus, PositionKind


class Meeting(Entity, table=True):
    __tablename__ = "meeting"

    pfo_id: str = ref("pfo")
    number: int
    title: str = ""
    starts_at: datetime = moment(optional=False)
    ends_at: datetime = moment(optional=False)
    location: str = ""
    status: MeetingStatus = choice(MeetingStatus, MeetingStatus.DRAFT)
    chair_id: str | None = ref("person", optional=True)
    secretary_id: str | None = ref("person", optional=True)
    minutes: str = ""
    opened_at: datetime | None = moment()
    closed_at: datetime | None = moment()


class AgendaItem(Entity, table=True):
    __tablename__ = "agenda_item"

    meeting_id: str = ref("meeting")
    #: Planned order; a fraction, so that a move changes one row (and never collides in sync).
    ordinal: float
    #: The order in which the chair handled it (the decision list follows this).
    handled_order: int | None = None
    title: str
    kind: ItemKind = choice(ItemKind, ItemKind.DISCUSSION)
    proposal: str = ""
    rapporteur_id: str | None = ref("person", optional=True, index=False)
    planned_minutes: int = 10
    confidential: bool = False
    initiative_id: str | None = ref("initiative", optional=True)
    #: Where an item was deferred from (an item moved to a later meeting keeps its history).
    origin_item_id: str | None = ref("agenda_item", optional=True, index=False)
    #: The decision list this item adopts ("vaststelling besluitenlijst" of the previous meeting).
    adopts_list_id: str | None = ref("decision_list", optional=True, index=False)


class Document(Entity, table=True):
    __tablename__ = "document"

    meeting_id: str = ref("meeting")
    agenda_item_id: str | None = ref("agenda_item", optional=True)
    title: str
    confidential: bool = False


class DocumentVersion(Entity, table=True):
    """One version of a document; its content is a blob named by its SHA-256."""

    __tablename__ = "document_version"
    __table_args__ = (UniqueConstraint("document_id", "version"),)

    document_id: str = ref("document", index=False)
    version: int
    sha256: str = Field(max_length=64, index=True)
    filename: str
    media_type: str = "application/octet-stream"
    size: int
    added_at: datetime = moment(optional=False)
    added_by: str | None = ref("person", optional=True, index=False)
    late: bool = False  # a "late paper": added after the meeting was published


class PrivateNote(Entity, table=True):
    """A person's own note on an agenda item.  Never shown to anyone else."""

    __tablename__ = "private_note"
    __table_args__ = (UniqueConstraint("person_id", "agenda_item_id"),)

    person_id: str = ref("person", index=False)
    agenda_item_id: str = ref("agenda_item", index=False)
    text: str = ""
    updated_at: datetime = moment(optional=False)


class Position(Entity, table=True):
    """A municipality's position on an agenda item, with its reason."""

    __tablename__ = "position"
    __table_args__ = (UniqueConstraint("agenda_item_id", "municipality_id"),)

    agenda_item_id: str = ref("agenda_item", index=False)
    municipality_id: str = ref("municipality", index=False)
    kind: PositionKind = choice(PositionKind)
    reason: str = ""
    recorded_by: str | None = ref("person", optional=True, index=False)
    recorded_at: datetime = moment(optional=False)


class Attendance(Entity, table=True):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "municipality_id"),)

    meeting_id: str = ref("meeting", index=False)
    municipality_id: str = ref("municipality", index=False)
    status: AttendanceStatus = choice(AttendanceStatus, AttendanceStatus.ABSENT)
    person_id: str | None = ref("person", optional=True, index=False)
    represented_by_id: str | None = ref("municipality", optional=True, index=False)
    mandate: str = ""
    arrived_at: datetime | None = moment()
    left_at: datetime | None = moment()
