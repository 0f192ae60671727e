"""Coalitions of the willing: initiatives with a budget, who takes part, and how they share it.

The secretary of the initiative's PFO (or an administrator) creates an initiative, records which
municipalities take part (by hand, or from the positions on the agenda item that decided it) and
changes its budget, cost key and reference date.  Every change goes through the writer, so the
change log is the initiative's history.  A municipality that stops taking part keeps its row,
with ``participates`` off and the reason why: it is never silently deleted.

Each command checks that the budget can still be shared after the change (``regiodesk.costs``): a
per-inhabitant initiative needs a population figure of every participant at its reference date,
a custom key needs percentages that add up to exactly 100.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from regiodesk import model
from regiodesk.commands._common import fetch, require_range, require_text
from regiodesk.commands.decisions import participants_from_positions
from regiodesk.costs import budget_in_cents, shares
from regiodesk.errors import DomainRuleError, InvalidInput, NotFound, NotPermitted
from regiodesk.i18n import N_, _
from regiodesk.ids import stable_id
from regiodesk.model.enums import CostKey
from regiodesk.permissions import Actor, is_admin, is_secretary
from regiodesk.queries.initiative_sources import position_reasons
from regiodesk.queries.initiatives import cost_basis
from regiodesk.store import Store

FIRST_YEAR, LAST_YEAR = 2000, 2100


class WithdrawalNeedsReason(DomainRuleError):
    template = N_("{municipality} no longer takes part in “{initiative}”: say why.")


@dataclass(frozen=True)
class _Facts:
    id: str
    title: str
    region_id: str
    pfo_id: str | None
    budget: Decimal
    cost_key: CostKey
    reference_date: date | None


def participant_id(initiative_id: str, municipality_id: str) -> str:
    return stable_id("initiative_participant", initiative_id, municipality_id)


def create_initiative(
    store: Store,
    actor: Actor,
    title: str,
    *,
    budget_per_year: Decimal,
    start_year: int,
    end_year: int,
    pfo_id: str | None = None,
    domain_id: str | None = None,
    description: str = "",
    cost_key: CostKey = CostKey.PER_INHABITANT,
    reference_date: date | None = None,
) -> str:
    """Create an initiative of a PFO (its domain is the PFO's) or, by an administrator, of a
    domain alone.  It has no participants yet (``set_participants``)."""
    if pfo_id is not None:
        pfo = fetch(store, "pfo", pfo_id, "region_id, domain_id")
        if domain_id is not None and domain_id != pfo["domain_id"]:
            raise InvalidInput(field=_("domain"), reason=_("the PFO belongs to another domain"))
        domain_id, region_id = pfo["domain_id"], pfo["region_id"]
    elif domain_id is not None:
        region_id = fetch(store, "domain", domain_id, "region_id")["region_id"]
    else:
        raise InvalidInput(field=_("PFO"), reason=_("give the PFO or the domain of the initiative"))
    _require_editor(store, actor, pfo_id)
    key = CostKey(cost_key)
    values = {
        "region_id": region_id,
        "domain_id": domain_id,
        "pfo_id": pfo_id,
        "title": require_text(title, _("title")),
        "description": description.strip(),
        "budget_per_year": _budget(budget_per_year),
        "cost_key": key,
        "reference_date": _reference_date(key, reference_date),
        **_years(start_year, end_year),
    }
    with store.write(actor.person_id) as writer:
        return writer.create(model.Initiative, values)


def set_participants(
    store: Store,
    actor: Actor,
    initiative_id: str,
    municipality_ids: Collection[str] | None = None,
    *,
    agenda_item_id: str | None = None,
    reasons: Mapping[str, str] | None = None,
    percentages: Mapping[str, Decimal] | None = None,
) -> list[str]:
    """Make the participants exactly ``municipality_ids``, or the coalition of the willing of the
    decision on ``agenda_item_id`` (the municipalities whose position is agree or agree subject
    to council).

    ``reasons`` records, for municipalities that do not take part, why not; from an agenda item
    the reasons default to those of the positions.  A participant that drops out needs a reason.
    ``percentages`` sets custom percentages of participants.  Returns the ids of the changed or
    created participant rows.
    """
    facts = _facts(store, initiative_id)
    _require_editor(store, actor, facts.pfo_id)
    reasons = {key: text.strip() for key, text in (reasons or {}).items()}
    if (municipality_ids is None) == (agenda_item_id is None):
        raise InvalidInput(
            field=_("participants"),
            reason=_("give either the municipalities or the agenda item of the decision"),
        )
    if agenda_item_id is not None:
        wanted = set(participants_from_positions(store, agenda_item_id))
        reasons = {**_position_reasons(store, facts, agenda_item_id, wanted), **reasons}
    else:
        wanted = set(municipality_ids or ())
    if not wanted:
        raise InvalidInput(
            field=_("participants"),
            reason=_("a coalition of the willing needs at least one participating municipality"),
        )
    _require_in_region(store, facts, wanted | set(reasons))
    both = wanted & set(reasons)
    if both:
        raise InvalidInput(
            field=_("reason"),
            reason=_("{name} takes part, so it has no reason for not taking part").format(
                name=_name(store, min(both))
            ),
        )
    percentages = dict(percentages or {})
    _check_percentage_targets(store, percentages, wanted)
    existing = _recorded(store, initiative_id)
    for municipality_id, row in sorted(existing.items()):
        dropped = row["participates"] and municipality_id not in wanted
        if dropped and not reasons.get(municipality_id):
            raise WithdrawalNeedsReason(
                municipality=_name(store, municipality_id), initiative=facts.title
            )
    planned: dict[str, dict[str, Any]] = {}
    for municipality_id in wanted:
        planned[municipality_id] = {
            "participates": True,
            "reason": "",
            "source_item_id": agenda_item_id,
        }
    for municipality_id, reason in reasons.items():
        planned[municipality_id] = {
            "participates": False,
            "reason": reason,
            "source_item_id": agenda_item_id,
        }
    for municipality_id, percentage in percentages.items():
        planned[municipality_id]["custom_percentage"] = percentage
    after = {
        the_id: planned[the_id].get(
            "custom_percentage", _decimal(existing.get(the_id, {}).get("custom_percentage"))
        )
        for the_id in wanted
    }
    _check_shares(store, facts.budget, facts.cost_key, facts.reference_date, after)
    return _write_participants(store, actor, initiative_id, existing, planned)


def update_initiative(
    store: Store,
    actor: Actor,
    initiative_id: str,
    *,
    title: str | None = None,
    description: str | None = None,
    budget_per_year: Decimal | None = None,
    cost_key: CostKey | None = None,
    reference_date: date | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
    custom_percentages: Mapping[str, Decimal] | None = None,
) -> bool:
    """Change what is given (None leaves a field as it is); returns whether anything changed.
    Custom percentages are of participants only."""
    facts = _facts(store, initiative_id)
    _require_editor(store, actor, facts.pfo_id)
    row = fetch(store, "initiative", initiative_id, "start_year, end_year")
    key = CostKey(cost_key) if cost_key is not None else facts.cost_key
    values: dict[str, Any] = {"cost_key": key}
    if title is not None:
        values["title"] = require_text(title, _("title"))
    if description is not None:
        values["description"] = description.strip()
    budget = _budget(budget_per_year) if budget_per_year is not None else facts.budget
    values["budget_per_year"] = budget
    reference = reference_date if reference_date is not None else facts.reference_date
    values["reference_date"] = _reference_date(key, reference)
    values.update(
        _years(
            start_year if start_year is not None else row["start_year"],
            end_year if end_year is not None else row["end_year"],
        )
    )
    existing = _recorded(store, initiative_id)
    taking_part = {the_id for the_id, r in existing.items() if r["participates"]}
    percentages = dict(custom_percentages or {})
    _check_percentage_targets(store, percentages, taking_part)
    after = {
        the_id: percentages.get(the_id, _decimal(existing[the_id]["custom_percentage"]))
        for the_id in taking_part
    }
    if after:
        _check_shares(store, budget, key, reference, after)
    with store.write(actor.person_id) as writer:
        changed = writer.update(model.Initiative, initiative_id, values)
        for the_id, percentage in sorted(percentages.items()):
            changed |= writer.update(
                model.InitiativeParticipant,
                existing[the_id]["id"],
                {"custom_percentage": percentage},
            )
    return changed


# Helpers -----------------------------------------------------------------------------------------


def _require_editor(store: Store, actor: Actor, pfo_id: str | None) -> None:
    allowed = is_secretary(store, actor, pfo_id) if pfo_id else is_admin(store, actor)
    if not allowed:
        raise NotPermitted(
            action=_("change this initiative"),
            reason=_("only the secretary of its PFO or an administrator may"),
        )


def _facts(store: Store, initiative_id: str) -> _Facts:
    rows = store.query(
        "SELECT id, title, region_id, pfo_id, budget_per_year, cost_key, reference_date "
        "FROM initiative WHERE id = ? AND deleted = 0",
        (initiative_id,),
    )
    if not rows:
        raise NotFound(kind=_("initiative"), id=initiative_id)
    row = rows[0]
    return _Facts(
        id=row["id"],
        title=row["title"],
        region_id=row["region_id"],
        pfo_id=row["pfo_id"],
        budget=Decimal(row["budget_per_year"]),
        cost_key=CostKey(row["cost_key"]),
        reference_date=date.fromisoformat(row["reference_date"]) if row["reference_date"] else None,
    )


def _budget(value: Decimal) -> Decimal:
    budget_in_cents(value)
    return value.quantize(Decimal("0.01"))


def _reference_date(key: CostKey, value: date | None) -> date | None:
    if key is CostKey.PER_INHABITANT and value is None:
        raise InvalidInput(
            field=_("reference date"),
            reason=_("sharing per inhabitant needs the reference date of the population figures"),
        )
    return value


def _years(start_year: int, end_year: int) -> dict[str, int]:
    require_range(start_year, _("first year"), FIRST_YEAR, LAST_YEAR)
    require_range(end_year, _("last year"), FIRST_YEAR, LAST_YEAR)
    if end_year < start_year:
        raise InvalidInput(
            field=_("last year"), reason=_("the last year comes before the first year")
        )
    return {"start_year": start_year, "end_year": end_year}


def _recorded(store: Store, initiative_id: str) -> dict[str, dict[str, Any]]:
    return {
        row["municipality_id"]: dict(row)
        for row in store.query(
            "SELECT id, municipality_id, participates, reason, custom_percentage, deleted "
            "FROM initiative_participant WHERE initiative_id = ?",
            (initiative_id,),
        )
    }


def _position_reasons(
    store: Store, facts: _Facts, agenda_item_id: str, wanted: set[str]
) -> dict[str, str]:
    """The reasons given with the positions of the municipalities that do not take part."""
    rows = store.query(
        "SELECT m.pfo_id FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id "
        "WHERE i.id = ? AND i.deleted = 0",
        (agenda_item_id,),
    )
    if not rows:
        raise NotFound(kind=_("agenda item"), id=agenda_item_id)
    if facts.pfo_id is not None and rows[0]["pfo_id"] != facts.pfo_id:
        raise InvalidInput(
            field=_("agenda item"), reason=_("the item is of another PFO than the initiative")
        )
    return position_reasons(store, agenda_item_id, wanted)


def _require_in_region(store: Store, facts: _Facts, municipality_ids: set[str]) -> None:
    known = {
        row[0]
        for row in store.conn.execute(
            "SELECT id FROM municipality WHERE region_id = ? AND deleted = 0", (facts.region_id,)
        )
    }
    strangers = municipality_ids - known
    if strangers:
        raise NotFound(kind=_("municipality"), id=min(strangers))


def _check_percentage_targets(
    store: Store, percentages: Mapping[str, Decimal], taking_part: set[str]
) -> None:
    others = set(percentages) - taking_part
    if others:
        raise InvalidInput(
            field=_("percentage"),
            reason=_("{name} does not take part, so it pays no percentage").format(
                name=_name(store, min(others))
            ),
        )


def _check_shares(
    store: Store,
    budget: Decimal,
    key: CostKey,
    reference_date: date | None,
    participants: Mapping[str, Decimal | None],
) -> None:
    """Refuse a change after which the budget cannot be shared among the participants."""
    shares(budget, cost_basis(store, reference_date, participants), key)


def _write_participants(
    store: Store,
    actor: Actor,
    initiative_id: str,
    existing: Mapping[str, Mapping[str, Any]],
    planned: Mapping[str, Mapping[str, Any]],
) -> list[str]:
    touched: list[str] = []
    creates: list[dict[str, Any]] = []
    with store.write(actor.person_id) as writer:
        for municipality_id, values in sorted(planned.items()):
            if municipality_id not in existing:
                the_id = participant_id(initiative_id, municipality_id)
                creates.append(
                    {
                        "id": the_id,
                        "initiative_id": initiative_id,
                        "municipality_id": municipality_id,
                        **values,
                    }
                )
                touched.append(the_id)
                continue
            the_id = existing[municipality_id]["id"]
            changed = writer.update(model.InitiativeParticipant, the_id, values)
            if existing[municipality_id]["deleted"]:
                writer.restore(model.InitiativeParticipant, the_id)
                changed = True
            if changed:
                touched.append(the_id)
        writer.create_many(model.InitiativeParticipant, creates)
    return touched


def _name(store: Store, municipality_id: str) -> str:
    return str(store.scalar("SELECT name FROM municipality WHERE id = ?", (municipality_id,)))


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))
