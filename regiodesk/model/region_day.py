"""The Twente-dag (RegionDay): a day on which every faction of every council joins the debate, in
rounds of parallel sessions (a carousel) and plenary blocks.

The day has rooms (with a capacity) and time slots (rounds and plenary blocks).  A session has a
topic (from a PFO's domain or an initiative), a host, a room, and the rounds it runs in.  The
councils take part as factions (municipality, party, seats) that send members; members and
factions state preferences over the sessions.  The planner assigns every member one session per
round (``RegionDayAssignment``); an assignment may be kept (locked) when the plan is made again.
Each session yields questions, guiding statements and proposals, which may become an agenda item
of the PFO of its domain.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import UniqueConstraint

from regiodesk.model.base import Entity, choice, day, moment, ref
from regiodesk.model.enums import PreferenceKind, SlotKind, YieldKind


class RegionDay(Entity, table=True):
    __tablename__ = "region_day"

    region_id: str = ref("region")
    title: str
    held_on: date = day(optional=False)
    venue: str = ""
    #: The most members of one municipality in one session, as a share of its room (percent).
    municipality_cap_pct: int = 40
    #: The last plan: when it was made, its preference score, the solver's bound and status.
    planned_at: datetime | None = moment()
    plan_score: float | None = None
    plan_objective: float | None = None
    plan_bound: float | None = None
    plan_status: str = ""


class RegionDayRoom(Entity, table=True):
    __tablename__ = "region_day_room"

    region_day_id: str = ref("region_day")
    name: str
    capacity: int


class RegionDaySlot(Entity, table=True):
    """A time slot of the day: a round of parallel sessions, or a plenary block."""

    __tablename__ = "region_day_slot"

    region_day_id: str = ref("region_day")
    kind: SlotKind = choice(SlotKind, SlotKind.ROUND)
    title: str = ""
    starts_at: datetime = moment(optional=False)
    ends_at: datetime = moment(optional=False)
    #: Where a plenary block takes place.
    room_id: str | None = ref("region_day_room", optional=True, index=False)


class RegionDaySession(Entity, table=True):
    __tablename__ = "region_day_session"

    region_day_id: str = ref("region_day")
    #: A short code ("A", "B", ...) as the preference form names the session.
    code: str
    topic: str
    description: str = ""
    pfo_id: str | None = ref("pfo", optional=True, index=False)
    initiative_id: str | None = ref("initiative", optional=True, index=False)
    host_id: str | None = ref("person", optional=True, index=False)
    room_id: str | None = ref("region_day_room", optional=True, index=False)


class RegionDaySessionRound(Entity, table=True):
    """A round in which a session runs (a carousel session runs in several)."""

    __tablename__ = "region_day_session_round"
    __table_args__ = (UniqueConstraint("session_id", "slot_id"),)

    session_id: str = ref("region_day_session", index=False)
    slot_id: str = ref("region_day_slot", index=False)


class RegionDayFaction(Entity, table=True):
    __tablename__ = "region_day_faction"

    region_day_id: str = ref("region_day")
    municipality_id: str = ref("municipality", index=False)
    party: str
    seats: int = 0


class RegionDayMember(Entity, table=True):
    """A council member that a faction sends to the day."""

    __tablename__ = "region_day_member"

    faction_id: str = ref("region_day_faction")
    name: str
    person_id: str | None = ref("person", optional=True, index=False)


class RegionDayPreference(Entity, table=True):
    """What a member (or, for all its members, a faction) wants of a session.  One row per owner
    and session: its id is stable (``stable_id("region_day_preference", owner, session)``)."""

    __tablename__ = "region_day_preference"

    session_id: str = ref("region_day_session")
    member_id: str | None = ref("region_day_member", optional=True)
    faction_id: str | None = ref("region_day_faction", optional=True)
    kind: PreferenceKind = choice(PreferenceKind)
    #: 1 is the first choice (with kind ``ranked``).
    rank: int | None = None


class RegionDayAssignment(Entity, table=True):
    """A member's session in a round; ``locked`` keeps it when the plan is made again."""

    __tablename__ = "region_day_assignment"
    __table_args__ = (UniqueConstraint("member_id", "slot_id"),)

    member_id: str = ref("region_day_member", index=False)
    slot_id: str = ref("region_day_slot", index=False)
    session_id: str = ref("region_day_session")
    locked: bool = False


class RegionDayYield(Entity, table=True):
    """What a session yields: a question, a guiding statement or a proposal; once turned into an
    agenda item of a PFO, the item it became."""

    __tablename__ = "region_day_yield"

    session_id: str = ref("region_day_session")
    kind: YieldKind = choice(YieldKind)
    text: str
    recorded_by: str | None = ref("person", optional=True, index=False)
    recorded_at: datetime = moment(optional=False)
    agenda_item_id: str | None = ref("agenda_item", optional=True, index=False)
