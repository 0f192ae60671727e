"""Every table of the model, imported together (see ``regiodesk.model`` for why it is lazy)."""

from __future__ import annotations

from sqlmodel import SQLModel

from regiodesk.model.audit import AuditEvent
from regiodesk.model.base import Entity
from regiodesk.model.decision import (
    Action,
    CouncilFollowUp,
    Decision,
    DecisionList,
    DecisionParticipant,
)
from regiodesk.model.governance import (
    Appointment,
    Initiative,
    InitiativeParticipant,
    MunicipalAppointment,
    Nomination,
)
from regiodesk.model.local import ChangeEntry, Device, StoreMeta
from regiodesk.model.meeting import (
    AgendaItem,
    Attendance,
    Document,
    DocumentVersion,
    Meeting,
    Position,
    PrivateNote,
)
from regiodesk.model.region import (
    Domain,
    Membership,
    Municipality,
    Person,
    Pfo,
    PopulationFigure,
    Region,
    RoleAssignment,
)
from regiodesk.model.region_day import (
    RegionDay,
    RegionDayAssignment,
    RegionDayFaction,
    RegionDayMember,
    RegionDayPreference,
    RegionDayRoom,
    RegionDaySession,
    RegionDaySessionRound,
    RegionDaySlot,
    RegionDayYield,
)
from regiodesk.model.session import DecisionDraft, ItemTimer, MeetingSession, SpeakerTurn
from regiodesk.model.signing import SigningAuthority
from regiodesk.model.sync import QuarantinedEntry, SyncConflict, SyncMark, TrustedDevice

#: Every synced table.  (A store is rebuilt from its change log in clock order, not table order.)
ENTITIES: tuple[type[Entity], ...] = (
    Region,
    Municipality,
    PopulationFigure,
    Person,
    Domain,
    Pfo,
    Membership,
    RoleAssignment,
    Meeting,
    Initiative,
    InitiativeParticipant,
    AgendaItem,
    Document,
    DocumentVersion,
    PrivateNote,
    Position,
    Attendance,
    Decision,
    DecisionParticipant,
    Action,
    CouncilFollowUp,
    DecisionList,
    Nomination,
    Appointment,
    MunicipalAppointment,
    SigningAuthority,
    MeetingSession,
    ItemTimer,
    SpeakerTurn,
    DecisionDraft,
    RegionDay,
    RegionDayRoom,
    RegionDaySlot,
    RegionDaySession,
    RegionDaySessionRound,
    RegionDayFaction,
    RegionDayMember,
    RegionDayPreference,
    RegionDayAssignment,
    RegionDayYield,
    TrustedDevice,
    SyncConflict,
    AuditEvent,
)

ENTITY_BY_TABLE: dict[str, type[Entity]] = {str(model.__tablename__): model for model in ENTITIES}

metadata = SQLModel.metadata


def _leave_out_rows_without_a_reference() -> None:
    """An index on an optional reference holds only the rows that have one (a partial index).

    Most rows of such a column are empty (an agenda item seldom belongs to an initiative).  In a
    full index they would all share one key, ``PRAGMA optimize`` would then record that a lookup
    by that column finds thousands of rows, and SQLite would scan the table instead of using the
    index.  A partial index is also smaller, and cheaper to write.
    """
    for table in metadata.tables.values():
        for index in table.indexes:
            columns = list(index.columns)
            if len(columns) == 1 and columns[0].nullable and columns[0].foreign_keys:
                index.dialect_kwargs["sqlite_where"] = columns[0].is_not(None)


_leave_out_rows_without_a_reference()

__all__ = [
    "ENTITIES",
    "ENTITY_BY_TABLE",
    "Action",
    "AgendaItem",
    "Appointment",
    "Attendance",
    "AuditEvent",
    "ChangeEntry",
    "CouncilFollowUp",
    "Decision",
    "DecisionDraft",
    "DecisionList",
    "DecisionParticipant",
    "Device",
    "Document",
    "DocumentVersion",
    "Domain",
    "Entity",
    "Initiative",
    "InitiativeParticipant",
    "ItemTimer",
    "Meeting",
    "MeetingSession",
    "Membership",
    "MunicipalAppointment",
    "Municipality",
    "Nomination",
    "Person",
    "Pfo",
    "PopulationFigure",
    "Position",
    "PrivateNote",
    "QuarantinedEntry",
    "Region",
    "RegionDay",
    "RegionDayAssignment",
    "RegionDayFaction",
    "RegionDayMember",
    "RegionDayPreference",
    "RegionDayRoom",
    "RegionDaySession",
    "RegionDaySessionRound",
    "RegionDaySlot",
    "RegionDayYield",
    "RoleAssignment",
    "SigningAuthority",
    "SpeakerTurn",
    "StoreMeta",
    "SyncConflict",
    "SyncMark",
    "TrustedDevice",
    "metadata",
]
