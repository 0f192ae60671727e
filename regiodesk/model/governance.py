"""The region's own workflows: the regional portfolio holder, and coalitions of the willing."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlmodel import UniqueConstraint

from regiodesk.model.base import Entity, choice, day, moment, money, ref
from regiodesk.model.enums import AppointmentStatus, AppointmentVote, CostKey, NominationStatus


class Nomination(Entity, table=True):
    """A member proposes a candidate for regional portfolio holder of a PFO."""

    __tablename__ = "nomination"

    pfo_id: str = ref("pfo")
    candidate_id: str = ref("person")
    nominated_by: str | None = ref("person", optional=True)
    motivation: str = ""
    nominated_at: datetime = moment(optional=False)
    status: NominationStatus = choice(NominationStatus, NominationStatus.PROPOSED)
    decision_id: str | None = ref("decision", optional=True)


class Appointment(Entity, table=True):
    """A regional portfolio holder's term, appointed by the municipalities on the PFO's
    nomination."""

    __tablename__ = "appointment"

    pfo_id: str = ref("pfo")
    person_id: str = ref("person")
    nomination_id: str | None = ref("nomination", optional=True)
    term_start: date = day(optional=False)
    term_end: date = day(optional=False)
    mandate: str = ""
    status: AppointmentStatus = choice(AppointmentStatus, AppointmentStatus.PENDING)
    effective_on: date | None = day()
    ended_on: date | None = day()
    end_reason: str = ""
    successor_of_id: str | None = ref("appointment", optional=True)


class MunicipalAppointment(Entity, table=True):
    """One municipality's appointment decision on an appointment."""

    __tablename__ = "municipal_appointment"
    __table_args__ = (UniqueConstraint("appointment_id", "municipality_id"),)

    appointment_id: str = ref("appointment", index=False)
    municipality_id: str = ref("municipality")
    vote: AppointmentVote = choice(AppointmentVote, AppointmentVote.PENDING)
    decided_on: date | None = day()
    reference: str = ""


class Initiative(Entity, table=True):
    """Something the region does together, paid by its participants through a cost key."""

    __tablename__ = "initiative"

    region_id: str = ref("region")
    domain_id: str | None = ref("domain", optional=True)
    pfo_id: str | None = ref("pfo", optional=True)
    title: str
    description: str = ""
    budget_per_year: Decimal = money(optional=False)
    cost_key: CostKey = choice(CostKey, CostKey.PER_INHABITANT)
    reference_date: date | None = day()
    start_year: int
    end_year: int


class InitiativeParticipant(Entity, table=True):
    __tablename__ = "initiative_participant"
    __table_args__ = (UniqueConstraint("initiative_id", "municipality_id"),)

    initiative_id: str = ref("initiative", index=False)
    municipality_id: str = ref("municipality")
    participates: bool = True
    reason: str = ""
    custom_percentage: Decimal | None = money()
    #: The agenda item whose decision's positions set this participation (None: set by hand).
    source_item_id: str | None = ref("agenda_item", optional=True, index=False)
