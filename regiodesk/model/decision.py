"""What a meeting decides and what follows: decisions, participants, actions, council follow-up,
and the signed decision list."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, UniqueConstraint

from regiodesk.model.base import Entity, choice, day, moment, ref
from regiodesk.model.enums import ActionStatus, CouncilStatus, DecisionListStatus, DecisionOutcome


class Decision(Entity, table=True):
    __tablename__ = "decision"

    agenda_item_id: str = ref("agenda_item")
    text: str = ""
    outcome: DecisionOutcome = choice(DecisionOutcome)
    to_councils: bool = False
    council_deadline: date | None = day()
    #: Whether the quorum was met when it was taken (decisions without quorum are marked).
    quorum_met: bool = True
    decided_at: datetime = moment(optional=False)


class DecisionParticipant(Entity, table=True):
    """A municipality taking part in what a decision starts (a coalition of the willing)."""

    __tablename__ = "decision_participant"
    __table_args__ = (UniqueConstraint("decision_id", "municipality_id"),)

    decision_id: str = ref("decision", index=False)
    municipality_id: str = ref("municipality", index=False)


class Action(Entity, table=True):
    __tablename__ = "action"

    meeting_id: str = ref("meeting")
    decision_id: str | None = ref("decision", optional=True)
    description: str
    holder_person_id: str | None = ref("person", optional=True)
    holder_municipality_id: str | None = ref("municipality", optional=True)
    deadline: date | None = day()
    status: ActionStatus = choice(ActionStatus, ActionStatus.OPEN)
    completed_on: date | None = day()


class CouncilFollowUp(Entity, table=True):
    """How one council handled a decision that was routed to the councils."""

    __tablename__ = "council_follow_up"
    __table_args__ = (UniqueConstraint("decision_id", "municipality_id"),)

    decision_id: str = ref("decision", index=False)
    municipality_id: str = ref("municipality")
    status: CouncilStatus = choice(CouncilStatus, CouncilStatus.TO_SCHEDULE)
    scheduled_on: date | None = day()
    handled_on: date | None = day()
    amendment: str = ""
    note: str = ""


class DecisionList(Entity, table=True):
    """A version of a meeting's besluitenlijst.  Once signed it is locked; a correction is a new
    version that refers to the previous one."""

    __tablename__ = "decision_list"
    __table_args__ = (UniqueConstraint("meeting_id", "version"),)

    meeting_id: str = ref("meeting", index=False)
    version: int = 1
    previous_id: str | None = ref("decision_list", optional=True)
    status: DecisionListStatus = choice(DecisionListStatus, DecisionListStatus.DRAFT)
    content_sha256: str | None = Field(default=None, max_length=64)
    file_sha256: str | None = Field(default=None, max_length=64)
    chair_signed_at: datetime | None = moment()
    secretary_signed_at: datetime | None = moment()
    adopted_in_meeting_id: str | None = ref("meeting", optional=True)
