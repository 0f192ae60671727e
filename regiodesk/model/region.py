"""The region and who is in it: municipalities, people, domains, PFOs and their members."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, UniqueConstraint

from regiodesk.model.base import Entity, choice, day, ref
from regiodesk.model.enums import AppointingBody, QuorumRule, Role


class Region(Entity, table=True):
    __tablename__ = "region"

    code: str = Field(unique=True)
    name: str
    appointing_body: AppointingBody = choice(AppointingBody, AppointingBody.MUNICIPALITIES)
    #: Share of the participating municipalities whose appointment makes a regional portfolio
    #: holder take office (100 = all of them).
    appointment_threshold_pct: int = 100


class Municipality(Entity, table=True):
    __tablename__ = "municipality"

    region_id: str = ref("region")
    cbs_code: str = Field(unique=True)
    name: str


class PopulationFigure(Entity, table=True):
    """A municipality's population at a CBS reference date.  New figures are added, never edited."""

    __tablename__ = "population_figure"
    __table_args__ = (UniqueConstraint("municipality_id", "reference_date"),)

    municipality_id: str = ref("municipality", index=False)
    reference_date: date = day(optional=False)
    population: int
    source: str = ""


class Person(Entity, table=True):
    __tablename__ = "person"

    name: str
    email: str | None = None
    municipality_id: str | None = ref("municipality", optional=True)
    title: str = ""  # "wethouder", "ambtelijk secretaris", ...


class Domain(Entity, table=True):
    """A policy domain (portefeuille), e.g. Mobiliteit."""

    __tablename__ = "domain"

    region_id: str = ref("region")
    code: str
    name: str
    description: str = ""


class Pfo(Entity, table=True):
    """A portefeuillehoudersoverleg: the portfolio holders of one domain."""

    __tablename__ = "pfo"

    region_id: str = ref("region")
    domain_id: str = ref("domain")
    name: str
    short_name: str
    quorum_rule: QuorumRule = choice(QuorumRule, QuorumRule.MAJORITY)


class Membership(Entity, table=True):
    """A person representing a municipality in a PFO, for a period."""

    __tablename__ = "membership"

    pfo_id: str = ref("pfo")
    person_id: str = ref("person")
    municipality_id: str = ref("municipality")
    start: date = day(optional=False)
    end: date | None = day()
    substitute: bool = False


class RoleAssignment(Entity, table=True):
    """A role beside membership: secretary of a PFO, administrator of the region, guest."""

    __tablename__ = "role_assignment"

    person_id: str = ref("person")
    role: Role = choice(Role)
    pfo_id: str | None = ref("pfo", optional=True)
    start: date = day(optional=False)
    end: date | None = day()
