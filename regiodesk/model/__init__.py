"""The domain model: one SQLModel table per domain record.

The tables (and with them SQLAlchemy, the heaviest import of RegioDesk) load on first use of a
name from this package, not on ``import regiodesk.model.enums``: the desktop app shows its window
while the database worker loads them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from regiodesk.model.tables import (
        ENTITIES,
        ENTITY_BY_TABLE,
        Action,
        AgendaItem,
        Appointment,
        Attendance,
        AuditEvent,
        ChangeEntry,
        CouncilFollowUp,
        Decision,
        DecisionDraft,
        DecisionList,
        DecisionParticipant,
        Device,
        Document,
        DocumentVersion,
        Domain,
        Entity,
        Initiative,
        InitiativeParticipant,
        ItemTimer,
        Meeting,
        MeetingSession,
        Membership,
        MunicipalAppointment,
        Municipality,
        Nomination,
        Person,
        Pfo,
        PopulationFigure,
        Position,
        PrivateNote,
        QuarantinedEntry,
        Region,
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
        RoleAssignment,
        SigningAuthority,
        SpeakerTurn,
        StoreMeta,
        SyncConflict,
        SyncMark,
        TrustedDevice,
        metadata,
    )

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


def __getattr__(name: str) -> Any:
    if name in __all__:
        value = getattr(import_module("regiodesk.model.tables"), name)
        globals()[name] = value  # later look-ups find it directly, without this function
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
