"""Commands on the region itself: loading a region file, population figures, people and roles."""

from __future__ import annotations

from datetime import date

from regiodesk import model
from regiodesk.commands._common import fetch, require_range, require_text
from regiodesk.errors import Conflict, InvalidInput
from regiodesk.i18n import _
from regiodesk.ids import stable_id
from regiodesk.model.enums import Role
from regiodesk.permissions import SYSTEM, Actor, require_admin
from regiodesk.region_file import RegionData
from regiodesk.store import Store


def import_region(store: Store, data: RegionData, actor: Actor = SYSTEM) -> str:
    """Create a region with its municipalities, population figures, domains and PFOs."""
    require_admin(store, actor)
    if store.scalar("SELECT 1 FROM region WHERE code = ? AND deleted = 0", (data.code,)):
        raise Conflict(what=_("The region {code}").format(code=data.code))
    with store.write(actor.person_id) as writer:
        region_id = writer.create(
            model.Region,
            {
                "code": data.code,
                "name": data.name,
                "appointing_body": data.appointing_body,
                "appointment_threshold_pct": data.appointment_threshold_pct,
            },
        )
        municipality_ids = writer.create_many(
            model.Municipality,
            [
                {
                    "id": stable_id("municipality", m.cbs_code),
                    "region_id": region_id,
                    "cbs_code": m.cbs_code,
                    "name": m.name,
                }
                for m in data.municipalities
            ],
        )
        writer.create_many(
            model.PopulationFigure,
            [
                {
                    "id": stable_id("population", m.cbs_code, m.reference_date.isoformat()),
                    "municipality_id": municipality_id,
                    "reference_date": m.reference_date,
                    "population": m.population,
                    "source": "CBS",
                }
                for m, municipality_id in zip(data.municipalities, municipality_ids, strict=True)
            ],
        )
        domain_ids = dict(
            zip(
                (d.code for d in data.domains),
                writer.create_many(
                    model.Domain,
                    [
                        {
                            "region_id": region_id,
                            "code": d.code,
                            "name": d.name,
                            "description": d.description,
                        }
                        for d in data.domains
                    ],
                ),
                strict=True,
            )
        )
        writer.create_many(
            model.Pfo,
            [
                {
                    "region_id": region_id,
                    "domain_id": domain_ids[p.domain],
                    "name": p.name,
                    "short_name": p.short_name,
                    "quorum_rule": p.quorum_rule,
                }
                for p in data.pfos
            ],
        )
    return region_id


def add_population_figure(
    store: Store,
    actor: Actor,
    municipality_id: str,
    reference_date: date,
    population: int,
    source: str = "CBS",
) -> str:
    """Record a municipality's population at a (new) reference date."""
    require_admin(store, actor)
    municipality = fetch(store, "municipality", municipality_id, "cbs_code")
    require_range(population, _("population"), 1, 10_000_000)
    figure_id = stable_id("population", municipality["cbs_code"], reference_date.isoformat())
    existing = store.scalar("SELECT population FROM population_figure WHERE id = ?", (figure_id,))
    with store.write(actor.person_id) as writer:
        if existing is None:
            writer.create(
                model.PopulationFigure,
                {
                    "municipality_id": municipality_id,
                    "reference_date": reference_date,
                    "population": population,
                    "source": source,
                },
                figure_id,
            )
        else:
            writer.update(
                model.PopulationFigure, figure_id, {"population": population, "source": source}
            )
    return figure_id


def add_person(
    store: Store,
    actor: Actor,
    name: str,
    municipality_id: str | None = None,
    email: str | None = None,
    title: str = "",
) -> str:
    require_admin(store, actor)
    name = require_text(name, _("name"))
    if municipality_id is not None:
        fetch(store, "municipality", municipality_id, "id")
    if email is not None and "@" not in email:
        raise InvalidInput(field=_("e-mail"), reason=_("not an e-mail address"))
    with store.write(actor.person_id) as writer:
        return writer.create(
            model.Person,
            {"name": name, "municipality_id": municipality_id, "email": email, "title": title},
        )


def add_membership(
    store: Store,
    actor: Actor,
    pfo_id: str,
    person_id: str,
    municipality_id: str,
    start: date,
    end: date | None = None,
    substitute: bool = False,
) -> str:
    require_admin(store, actor)
    fetch(store, "pfo", pfo_id, "id")
    fetch(store, "person", person_id, "id")
    fetch(store, "municipality", municipality_id, "id")
    if end is not None and end < start:
        raise InvalidInput(field=_("end"), reason=_("the end lies before the start"))
    with store.write(actor.person_id) as writer:
        return writer.create(
            model.Membership,
            {
                "pfo_id": pfo_id,
                "person_id": person_id,
                "municipality_id": municipality_id,
                "start": start,
                "end": end,
                "substitute": substitute,
            },
        )


def assign_role(
    store: Store,
    actor: Actor,
    person_id: str,
    role: Role,
    start: date,
    pfo_id: str | None = None,
    end: date | None = None,
) -> str:
    require_admin(store, actor)
    fetch(store, "person", person_id, "id")
    if pfo_id is not None:
        fetch(store, "pfo", pfo_id, "id")
    with store.write(actor.person_id) as writer:
        return writer.create(
            model.RoleAssignment,
            {"person_id": person_id, "role": role, "pfo_id": pfo_id, "start": start, "end": end},
        )
