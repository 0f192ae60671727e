"""Cost sharing (verdeelsleutel): how an initiative's budget is divided among its participants.

Pure arithmetic, without a store.  The exact share of each participant is a fraction of the budget
(per inhabitant: ``budget x own population / total population``; equal shares; or a fixed custom
percentage).  Shares are rounded to cents with the largest-remainder method: every participant gets
its exact share rounded down to the cent, and the cents left over go one each to the participants
with the largest remainders, so the shares add up exactly to the budget.  Ties go to the larger
population, then to the smaller municipality id, so the result never depends on input order.

All arithmetic is on integers and fractions: nothing is lost to the precision of a decimal
context.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from regiodesk.errors import DomainRuleError
from regiodesk.i18n import N_
from regiodesk.model.enums import CostKey

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ParticipantBasis:
    """What a participant's share is based on."""

    municipality_id: str
    #: Inhabitants at the initiative's reference date (needed for ``CostKey.PER_INHABITANT``).
    population: int = 0
    #: Share of the budget in percent (needed for ``CostKey.CUSTOM``).
    percentage: Decimal | None = None
    #: The name shown in an error (the id when empty).
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.municipality_id


# Errors ------------------------------------------------------------------------------------------


class CostSharingError(DomainRuleError):
    """The costs of an initiative cannot be shared as asked."""

    template = N_("The costs cannot be shared: {reason}")


class NoParticipants(CostSharingError):
    template = N_("There are no participating municipalities to share the costs among.")


class DuplicateParticipant(CostSharingError):
    template = N_("{municipality} is listed twice among the participants.")


class InvalidBudget(CostSharingError):
    template = N_(
        "The budget {budget} is not a valid amount; give an amount of zero euros or more."
    )


class BudgetNotInCents(CostSharingError):
    template = N_("The budget {budget} has fractions of a cent; give it in whole euros and cents.")


class PopulationMissing(CostSharingError):
    template = N_(
        "{municipality} has no population figure at the reference date, so it cannot pay "
        "per inhabitant."
    )


class PercentageMissing(CostSharingError):
    template = N_("{municipality} has no percentage of the costs.")


class PercentageOutOfRange(CostSharingError):
    template = N_("The percentage of {municipality} ({percentage}) must be between 0 and 100.")


class PercentagesNotHundred(CostSharingError):
    template = N_("The percentages add up to {total}%, not to 100%.")


# Sharing -----------------------------------------------------------------------------------------


def shares(
    budget: Decimal, participants: Sequence[ParticipantBasis], key: CostKey
) -> dict[str, Decimal]:
    """Each participant's share of ``budget`` (by municipality id), in cents, adding up exactly
    to ``budget``.  Raises a ``CostSharingError`` that says what is wrong.

    Largest remainder keeps every share within one cent of its exact value.  Like every quota
    method it can, rarely, give an existing participant one cent more when another participant
    joins (its exact share still falls)."""
    exact = exact_shares(budget, participants, key)
    floors = {the_id: value.numerator // value.denominator for the_id, value in exact.items()}
    left_over = budget_in_cents(budget) - sum(floors.values())
    order = sorted(
        participants,
        key=lambda p: (
            -(exact[p.municipality_id] - floors[p.municipality_id]),
            -p.population,
            p.municipality_id,
        ),
    )
    for participant in order[:left_over]:
        floors[participant.municipality_id] += 1
    return {
        participant.municipality_id: Decimal(floors[participant.municipality_id]).scaleb(-2)
        for participant in participants
    }


def exact_shares(
    budget: Decimal, participants: Sequence[ParticipantBasis], key: CostKey
) -> dict[str, Fraction]:
    """Each participant's exact share of ``budget`` in cents, before rounding."""
    cents = budget_in_cents(budget)
    if not participants:
        raise NoParticipants()
    seen: set[str] = set()
    for participant in participants:
        if participant.municipality_id in seen:
            raise DuplicateParticipant(municipality=participant.label)
        seen.add(participant.municipality_id)
    weights = _weights(participants, CostKey(key))
    total = sum(weights, Fraction(0))
    return {
        participant.municipality_id: cents * weight / total
        for participant, weight in zip(participants, weights, strict=True)
    }


def budget_in_cents(budget: Decimal) -> int:
    """The budget as a whole number of cents; refuses a negative budget or fractions of a cent."""
    if not isinstance(budget, Decimal) or not budget.is_finite() or budget < 0:
        raise InvalidBudget(budget=budget)
    in_cents = budget * 100
    if in_cents != in_cents.to_integral_value():
        raise BudgetNotInCents(budget=budget)
    return int(in_cents)


# Helpers -----------------------------------------------------------------------------------------


def _weights(participants: Sequence[ParticipantBasis], key: CostKey) -> list[Fraction]:
    if key is CostKey.EQUAL:
        return [Fraction(1)] * len(participants)
    if key is CostKey.PER_INHABITANT:
        for participant in participants:
            if participant.population < 1:
                raise PopulationMissing(municipality=participant.label)
        return [Fraction(participant.population) for participant in participants]
    weights: list[Fraction] = []
    for participant in participants:
        percentage = participant.percentage
        if percentage is None:
            raise PercentageMissing(municipality=participant.label)
        if not percentage.is_finite() or not 0 <= percentage <= HUNDRED:
            raise PercentageOutOfRange(municipality=participant.label, percentage=percentage)
        weights.append(Fraction(percentage))
    total = sum(weights, Fraction(0))
    if total != 100:
        raise PercentagesNotHundred(total=sum((p.percentage or Decimal(0)) for p in participants))
    return weights
