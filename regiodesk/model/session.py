"""A meeting chaired live: which device holds the session, the timer of each item, the speakers'
queue, and the decision text as it is typed (saved at once, so nothing typed is lost)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import UniqueConstraint

from regiodesk.model.base import Entity, moment, ref


class MeetingSession(Entity, table=True):
    """The claim on a meeting's live session: one device (and person) runs it.

    One row per meeting (a stable id), so sync carries it like any other row: a second device that
    finds the claim held elsewhere must take it over explicitly, and the device that lost it can no
    longer record; the session never forks silently.  It also keeps where the session is (the
    current item), so a restarted app resumes there.
    """

    __tablename__ = "meeting_session"
    __table_args__ = (UniqueConstraint("meeting_id"),)

    meeting_id: str = ref("meeting", index=False)
    device_id: str
    device_name: str = ""
    holder_id: str | None = ref("person", optional=True, index=False)
    claimed_at: datetime = moment(optional=False)
    #: Set when the session closes; a released claim holds nothing.
    released_at: datetime | None = moment()
    current_item_id: str | None = ref("agenda_item", optional=True, index=False)


class ItemTimer(Entity, table=True):
    """How long an item was actually handled: its first start, the spell running now, its last
    end, and the seconds of the spells before (an item may be taken up again)."""

    __tablename__ = "item_timer"
    __table_args__ = (UniqueConstraint("agenda_item_id"),)

    agenda_item_id: str = ref("agenda_item", index=False)
    started_at: datetime | None = moment()
    running_since: datetime | None = moment()
    ended_at: datetime | None = moment()
    seconds: int = 0


class SpeakerTurn(Entity, table=True):
    """A place in the speakers' queue of an item: a municipality or a person, when they asked,
    and when they started and stopped speaking.  Removing a turn is a tombstone."""

    __tablename__ = "speaker_turn"

    agenda_item_id: str = ref("agenda_item")
    municipality_id: str | None = ref("municipality", optional=True, index=False)
    person_id: str | None = ref("person", optional=True, index=False)
    #: Place in the queue; a fraction, so that putting someone in between changes one row.
    place: float
    requested_at: datetime = moment(optional=False)
    started_at: datetime | None = moment()
    ended_at: datetime | None = moment()


class DecisionDraft(Entity, table=True):
    """The decision text of an item while it is being typed, saved as it is typed."""

    __tablename__ = "decision_draft"
    __table_args__ = (UniqueConstraint("agenda_item_id"),)

    agenda_item_id: str = ref("agenda_item", index=False)
    text: str = ""
    #: The outcome chosen so far ("" while none), a ``DecisionOutcome`` value.
    outcome: str = ""
    updated_at: datetime = moment(optional=False)
