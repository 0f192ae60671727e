"""Sharing an initiative's budget among its participants (regiodesk/costs.py)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regiodesk import costs
from regiodesk.costs import ParticipantBasis, exact_shares, shares
from regiodesk.model.enums import CostKey

D = Decimal
P = ParticipantBasis

#: CBS population on 1 January 2024 (domain.md), of nine Twente municipalities.
NINE = {
    "Almelo": 74_355,
    "Borne": 24_632,
    "Dinkelland": 26_741,
    "Enschede": 161_741,
    "Haaksbergen": 24_360,
    "Hellendoorn": 36_271,
    "Hengelo": 83_051,
    "Hof van Twente": 35_438,
    "Losser": 23_380,
}


def test_nine_twente_municipalities_at_twelve_fifty_per_inhabitant() -> None:
    # Worked out by hand: 489,969 inhabitants x EUR 12.50 = EUR 6,124,612.50, and each share is
    # its own population x EUR 12.50 (no rounding is needed: each is a whole number of cents).
    budget = D("6124612.50")
    got = shares(
        budget, [P(name, population) for name, population in NINE.items()], CostKey.PER_INHABITANT
    )
    assert got == {
        "Almelo": D("929437.50"),
        "Borne": D("307900.00"),
        "Dinkelland": D("334262.50"),
        "Enschede": D("2021762.50"),
        "Haaksbergen": D("304500.00"),
        "Hellendoorn": D("453387.50"),
        "Hengelo": D("1038137.50"),
        "Hof van Twente": D("442975.00"),
        "Losser": D("292250.00"),
    }
    assert sum(got.values()) == budget


def test_per_inhabitant_rounds_by_largest_remainder() -> None:
    # EUR 1,000 among 1, 2 and 4 inhabitants: exactly 14285.714, 28571.428 and 57142.857 cents.
    # Rounded down: 142.85 + 285.71 + 571.42 = 999.98; the two cents left go to the largest
    # remainders, c (0.857) and a (0.714), not to b (0.428).
    got = shares(D(1000), [P("a", 1), P("b", 2), P("c", 4)], CostKey.PER_INHABITANT)
    assert got == {"a": D("142.86"), "b": D("285.71"), "c": D("571.43")}


def test_equal_shares_give_the_odd_cents_to_the_largest_population_then_the_id() -> None:
    got = shares(D("100.00"), [P("b", 10), P("a", 10), P("c", 20)], CostKey.EQUAL)
    assert got == {"a": D("33.33"), "b": D("33.33"), "c": D("33.34")}
    got = shares(D("100.00"), [P("b", 10), P("a", 10), P("c", 5)], CostKey.EQUAL)
    assert got == {"a": D("33.34"), "b": D("33.33"), "c": D("33.33")}
    assert shares(D("0.01"), [P("b"), P("a")], CostKey.EQUAL) == {"a": D("0.01"), "b": D("0.00")}


def test_the_order_of_the_participants_does_not_matter() -> None:
    forward = [P("x", 3), P("y", 3), P("z", 3)]
    assert shares(D("0.02"), forward, CostKey.PER_INHABITANT) == shares(
        D("0.02"), forward[::-1], CostKey.PER_INHABITANT
    )


def test_custom_percentages() -> None:
    got = shares(
        D("999.99"),
        [P("a", percentage=D("50")), P("b", percentage=D("33.3")), P("c", percentage=D("16.7"))],
        CostKey.CUSTOM,
    )
    # exactly 499.995, 332.99667 and 166.99833: down 499.99 + 332.99 + 166.99 = 999.97; the two
    # cents left go to c (0.833) and b (0.667).
    assert got == {"a": D("499.99"), "b": D("333.00"), "c": D("167.00")}


def test_a_zero_percentage_pays_nothing() -> None:
    got = shares(
        D("0.05"),
        [P("a", percentage=D(0)), P("b", percentage=D(50)), P("c", percentage=D(50))],
        CostKey.CUSTOM,
    )
    assert got["a"] == D("0.00")
    assert sum(got.values()) == D("0.05")


@pytest.mark.parametrize(
    ("percentages", "error"),
    [
        ((D(50), D(49)), costs.PercentagesNotHundred),
        ((D(50), D("50.01")), costs.PercentagesNotHundred),
        ((D(101), D(-1)), costs.PercentageOutOfRange),
        ((D(100), None), costs.PercentageMissing),
        ((D("NaN"), D(100)), costs.PercentageOutOfRange),
    ],
)
def test_custom_percentages_must_be_complete_and_add_up_to_a_hundred(
    percentages: tuple[Decimal | None, Decimal | None], error: type[Exception]
) -> None:
    basis = [P(f"m{i}", percentage=pct, name=f"Gemeente {i}") for i, pct in enumerate(percentages)]
    with pytest.raises(error) as caught:
        shares(D(100), basis, CostKey.CUSTOM)
    assert isinstance(caught.value, costs.CostSharingError)


def test_the_sum_is_named_in_the_error() -> None:
    with pytest.raises(costs.PercentagesNotHundred, match=r"99\.5"):
        shares(D(1), [P("a", percentage=D("49.5")), P("b", percentage=D(50))], CostKey.CUSTOM)


@pytest.mark.parametrize("budget", [D("10.001"), D("0.005"), D("1E-3")])
def test_a_budget_with_fractions_of_a_cent_is_refused(budget: Decimal) -> None:
    with pytest.raises(costs.BudgetNotInCents) as caught:
        shares(budget, [P("a", 1)], CostKey.EQUAL)
    assert str(budget) in str(caught.value)


@pytest.mark.parametrize("budget", [D("-0.01"), D("Infinity"), D("NaN")])
def test_a_negative_or_not_finite_budget_is_refused(budget: Decimal) -> None:
    with pytest.raises(costs.InvalidBudget):
        shares(budget, [P("a", 1)], CostKey.EQUAL)


def test_a_budget_in_whole_cents_may_have_trailing_zeros() -> None:
    assert shares(D("10.000"), [P("a", 1)], CostKey.EQUAL) == {"a": D("10.00")}
    assert shares(D("1E+2"), [P("a", 1)], CostKey.EQUAL) == {"a": D("100.00")}


def test_without_participants_nothing_is_shared() -> None:
    with pytest.raises(costs.NoParticipants):
        shares(D(100), [], CostKey.EQUAL)


def test_a_participant_counts_once() -> None:
    with pytest.raises(costs.DuplicateParticipant, match="Borne"):
        shares(D(100), [P("a", 1, name="Borne"), P("a", 2, name="Borne")], CostKey.EQUAL)


def test_per_inhabitant_needs_every_population() -> None:
    with pytest.raises(costs.PopulationMissing, match="Wierden"):
        shares(D(100), [P("a", 10), P("b", 0, name="Wierden")], CostKey.PER_INHABITANT)


def test_a_zero_budget_shares_zero() -> None:
    assert shares(D(0), [P("a", 1), P("b", 2)], CostKey.PER_INHABITANT) == {
        "a": D("0.00"),
        "b": D("0.00"),
    }


def test_largest_remainder_can_give_an_existing_participant_one_cent_more() -> None:
    """The new-participant paradox of every quota method, shown so nobody is surprised: EUR 0.44
    among 1, 9 and 17 inhabitants gives the first 1 cent (exactly 1.63); with a fourth of 1
    inhabitant it gets 2 cents (exactly 1.57, but now its remainder is among the largest)."""
    three = [P("a", 1), P("b", 9), P("c", 17)]
    before = shares(D("0.44"), three, CostKey.PER_INHABITANT)
    after = shares(D("0.44"), [*three, P("d", 1)], CostKey.PER_INHABITANT)
    assert (before["a"], after["a"]) == (D("0.01"), D("0.02"))
    assert (
        exact_shares(D("0.44"), [*three, P("d", 1)], CostKey.PER_INHABITANT)["a"]
        < exact_shares(D("0.44"), three, CostKey.PER_INHABITANT)["a"]
    )


def test_errors_read_as_sentences() -> None:
    with pytest.raises(costs.PercentageMissing) as caught:
        shares(D(1), [P("a", percentage=None, name="Losser")], CostKey.CUSTOM)
    assert str(caught.value) == "Losser has no percentage of the costs."


# Properties --------------------------------------------------------------------------------------

budgets = st.integers(min_value=0, max_value=10**11).map(lambda cents: Decimal(cents).scaleb(-2))
populations = st.integers(min_value=1, max_value=2_000_000)


@st.composite
def groups(draw: st.DrawFn, min_size: int = 1) -> list[ParticipantBasis]:
    pops = draw(st.lists(populations, min_size=min_size, max_size=25))
    return [P(f"m{index:02d}", population) for index, population in enumerate(pops)]


@st.composite
def percentage_groups(draw: st.DrawFn) -> list[ParticipantBasis]:
    """Participants with percentages (in hundredths) that add up to exactly 100."""
    cuts = sorted(draw(st.lists(st.integers(0, 10_000), max_size=10)))
    bounds = [0, *cuts, 10_000]
    return [
        P(f"m{i:02d}", 1, percentage=Decimal(bounds[i + 1] - bounds[i]).scaleb(-2))
        for i in range(len(bounds) - 1)
    ]


@given(budget=budgets, group=groups(), key=st.sampled_from([CostKey.PER_INHABITANT, CostKey.EQUAL]))
def test_shares_add_up_exactly_and_are_never_negative(
    budget: Decimal, group: list[ParticipantBasis], key: CostKey
) -> None:
    got = shares(budget, group, key)
    assert sum(got.values()) == budget
    assert all(share >= 0 for share in got.values())
    assert all(share == share.quantize(D("0.01")) for share in got.values())


@given(budget=budgets, group=percentage_groups())
def test_custom_shares_add_up_exactly_and_are_never_negative(
    budget: Decimal, group: list[ParticipantBasis]
) -> None:
    got = shares(budget, group, CostKey.CUSTOM)
    assert sum(got.values()) == budget
    assert all(share >= 0 for share in got.values())


@given(
    budget=budgets,
    group=groups(),
    key=st.sampled_from([CostKey.PER_INHABITANT, CostKey.EQUAL]),
)
def test_every_share_is_within_a_cent_of_its_exact_value(
    budget: Decimal, group: list[ParticipantBasis], key: CostKey
) -> None:
    exact = exact_shares(budget, group, key)
    for the_id, share in shares(budget, group, key).items():
        assert abs(Fraction(share * 100) - exact[the_id]) < 1


@given(budget=budgets, group=groups())
def test_equal_shares_differ_by_at_most_one_cent(
    budget: Decimal, group: list[ParticipantBasis]
) -> None:
    got = shares(budget, group, CostKey.EQUAL).values()
    assert max(got) - min(got) <= D("0.01")


@given(budget=budgets, group=groups(), newcomer=populations)
def test_a_new_participant_never_raises_another_per_inhabitant_share(
    budget: Decimal, group: list[ParticipantBasis], newcomer: int
) -> None:
    """The exact share never rises; rounded to cents it may rise by at most the rounding cent
    (see the paradox above), never more."""
    joined = [*group, P("new", newcomer)]
    exact_before = exact_shares(budget, group, CostKey.PER_INHABITANT)
    exact_after = exact_shares(budget, joined, CostKey.PER_INHABITANT)
    before = shares(budget, group, CostKey.PER_INHABITANT)
    after = shares(budget, joined, CostKey.PER_INHABITANT)
    for participant in group:
        the_id = participant.municipality_id
        assert exact_after[the_id] <= exact_before[the_id]
        assert after[the_id] <= before[the_id] + D("0.01")


@given(budget=budgets, group=groups(min_size=2))
def test_a_larger_population_never_pays_less(
    budget: Decimal, group: list[ParticipantBasis]
) -> None:
    got = shares(budget, group, CostKey.PER_INHABITANT)
    for smaller in group:
        for larger in group:
            if smaller.population < larger.population:
                assert got[smaller.municipality_id] <= got[larger.municipality_id]
