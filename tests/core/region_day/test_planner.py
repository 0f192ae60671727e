"""The Twente-dag planner (regiodesk/region_day_planner.py): each rule on a tiny instance, the
explanations of impossible plans, re-planning, and the greedy baseline."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from regiodesk.model.region_day import PreferenceKind
from regiodesk.region_day_planner import (
    PlanFaction,
    PlanImpossible,
    PlanInput,
    PlanMember,
    PlanRound,
    PlanSession,
    explain,
    greedy_plan,
    plan,
    preference_score,
)

R1, R2 = PlanRound("r1", "Ronde 1"), PlanRound("r2", "Ronde 2")


def session(
    code: str, rounds: tuple[str, ...], capacity: int | None, room: str = ""
) -> PlanSession:
    return PlanSession(
        f"s{code}", code, f"Topic {code}", rounds, capacity, room or f"room-{code}", room or code
    )


def members(count: int, faction: str = "f1", municipality: str = "gm1") -> tuple[PlanMember, ...]:
    return tuple(
        PlanMember(f"{faction}-m{n}", f"Lid {n}", faction, municipality) for n in range(count)
    )


def problem(**changes: object) -> PlanInput:
    base = PlanInput(
        rounds=(R1,),
        sessions=(session("A", ("r1",), 10), session("B", ("r1",), 10)),
        factions=(PlanFaction("f1", "CDA Borne", "gm1"),),
        members=members(4),
        municipality_cap_pct=100,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def reasons_of(instance: PlanInput) -> list[str]:
    with pytest.raises(PlanImpossible) as caught:
        plan(instance, time_limit=5)
    assert str(caught.value).startswith("No plan for the region day is possible")
    return [reason.message() for reason in caught.value.reasons]


def test_preference_scores() -> None:
    assert preference_score(PreferenceKind.MUST, None) == 10
    assert preference_score(PreferenceKind.WANT, None) == 5
    assert preference_score(PreferenceKind.NOT, None) == -10
    assert [preference_score(PreferenceKind.RANKED, r) for r in (1, 2, 3, 6)] == [8, 6, 4, 1]


def test_every_member_gets_one_session_in_every_round() -> None:
    instance = problem(
        rounds=(R1, R2),
        sessions=(
            session("A", ("r1", "r2"), 10, "x"),
            session("B", ("r1",), 10),
            session("C", ("r2",), 10),
        ),
    )
    result = plan(instance, time_limit=5)
    assert result.status == "optimal"
    assert set(result.assignments) == {(m.id, r) for m in instance.members for r in ("r1", "r2")}


def test_the_preferences_decide_when_nothing_else_does() -> None:
    instance = problem(scores={("f1-m0", "sB"): 8, ("f1-m1", "sA"): 8, ("f1-m1", "sB"): -10})
    result = plan(instance, time_limit=5)
    assert result.assignments[("f1-m0", "r1")] == "sB"
    assert result.assignments[("f1-m1", "r1")] == "sA"
    assert result.score == 16
    assert result.gap == 0.0
    assert result.bound == pytest.approx(result.objective)


def test_a_room_holds_no_more_than_its_capacity() -> None:
    # Everybody wants A, but A's room holds 2.
    instance = problem(
        sessions=(session("A", ("r1",), 2), session("B", ("r1",), 10)),
        scores={(m.id, "sA"): 8 for m in members(4)},
    )
    result = plan(instance, time_limit=5)
    counts = Counter(result.assignments.values())
    assert counts == {"sA": 2, "sB": 2}
    assert result.score == 16


def test_no_member_attends_a_session_twice() -> None:
    # A runs in both rounds and is everyone's favourite; nobody goes twice.
    instance = problem(
        rounds=(R1, R2),
        sessions=(session("A", ("r1", "r2"), 10, "x"), session("B", ("r1", "r2"), 10, "y")),
        scores={(m.id, "sA"): 8 for m in members(4)},
    )
    result = plan(instance, time_limit=5)
    for member in instance.members:
        assert {result.assignments[(member.id, "r1")], result.assignments[(member.id, "r2")]} == {
            "sA",
            "sB",
        }


def test_each_faction_covers_its_must_sessions() -> None:
    # Nobody of the faction likes B, but the faction must be there: one member goes.
    instance = problem(
        factions=(PlanFaction("f1", "CDA Borne", "gm1", frozenset({"sB"})),),
        scores={(m.id, "sA"): 8 for m in members(4)},
    )
    result = plan(instance, time_limit=5)
    assert Counter(result.assignments.values()) == {"sA": 3, "sB": 1}


def test_no_session_is_dominated_by_one_municipality() -> None:
    # Six members of gm1 and two of gm2 all want A (room 8): at most 50% of A from gm1.
    group = members(6) + members(2, faction="f2", municipality="gm2")
    instance = problem(
        factions=(PlanFaction("f1", "CDA Borne", "gm1"), PlanFaction("f2", "VVD Losser", "gm2")),
        members=group,
        sessions=(session("A", ("r1",), 8), session("B", ("r1",), 8)),
        scores={(m.id, "sA"): 8 for m in group},
        municipality_cap_pct=50,
    )
    result = plan(instance, time_limit=5)
    in_a = [m for m in group if result.assignments[(m.id, "r1")] == "sA"]
    assert Counter(m.municipality_id for m in in_a) == {"gm1": 4, "gm2": 2}


def test_a_locked_assignment_stays_even_against_the_preferences() -> None:
    instance = problem(
        scores={("f1-m0", "sA"): 8},
        existing={("f1-m0", "r1"): "sB"},
        locked=frozenset({("f1-m0", "r1")}),
    )
    assert plan(instance, time_limit=5).assignments[("f1-m0", "r1")] == "sB"


def test_planning_again_keeps_the_previous_plan_where_it_can() -> None:
    group = members(12)
    sessions = (session("A", ("r1",), 6), session("B", ("r1",), 6))
    instance = problem(members=group, sessions=sessions)
    first = plan(instance, time_limit=5)
    # A late change: two members now prefer the other session a little.
    changed = dict(instance.scores)
    for member in group[:2]:
        other = "sB" if first.assignments[(member.id, "r1")] == "sA" else "sA"
        changed[(member.id, other)] = 2
    again = plan(replace(instance, scores=changed, existing=first.assignments), time_limit=5)
    assert again.kept == again.previous == 12  # a small wish does not outweigh keeping
    # A strong wish (and room for it) moves people: the six in B go to a bigger A.
    fresh = replace(
        instance,
        sessions=(session("A", ("r1",), 12), session("B", ("r1",), 6)),
        scores={(m.id, "sA"): 8 for m in group},
        existing=first.assignments,
    )
    moved = plan(fresh, time_limit=5)
    assert (moved.kept, moved.previous) == (6, 12)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"rounds": ()}, "the day has no rounds of sessions"),
        ({"members": ()}, "no members take part yet"),
        (
            {"sessions": (session("A", ("r1",), 2), session("B", ("r1",), 1))},
            "Ronde 1: 4 members take part, but the rooms of its sessions hold 3",
        ),
        (
            {"sessions": (session("A", ("r1",), None), session("B", ("r1",), 10))},
            "session A Topic A has no room",
        ),
        (
            {"sessions": (session("A", ("r1",), 10, "x"), session("B", ("r1",), 10, "x"))},
            "in Ronde 1 the room x holds both A Topic A and B Topic B",
        ),
        (
            {"rounds": (R1, R2), "sessions": (session("A", ("r1", "r2"), 10),)},
            "the rounds cannot each have a different session for a member: some member would "
            "attend the same session twice",
        ),
        (
            {"municipality_cap_pct": 10, "municipality_names": {"gm1": "Borne"}},
            "Ronde 1: Borne sends 4 members, but the spread rule admits at most 2 of one "
            "municipality in its sessions",
        ),
    ],
)
def test_the_obvious_causes_are_named(changes: dict[str, object], expected: str) -> None:
    assert expected in reasons_of(problem(**changes))


def test_a_must_session_that_no_room_can_hold() -> None:
    factions = tuple(
        PlanFaction(f"f{n}", f"Partij {n}", "gm1", frozenset({"sA"})) for n in range(3)
    )
    group = tuple(m for n in range(3) for m in members(2, faction=f"f{n}"))
    instance = problem(
        factions=factions,
        members=group,
        sessions=(session("A", ("r1",), 2), session("B", ("r1",), 10)),
    )
    assert reasons_of(instance) == [
        "3 factions must attend A Topic A, but its room holds 2 in all its rounds"
    ]


def test_a_faction_with_more_musts_than_places() -> None:
    instance = problem(
        members=members(1),
        factions=(PlanFaction("f1", "CDA Borne", "gm1", frozenset({"sA", "sB"})),),
    )
    assert reasons_of(instance) == [
        "the faction CDA Borne has 2 must-sessions, but its 1 member(s) attend only 1 sessions "
        "in all"
    ]


def test_the_solver_s_verdict_is_traced_to_a_rule() -> None:
    # A faction of one member must attend A and B, which both run only in round 1: no obvious
    # cause (one member, two rounds, two musts), but the solver proves it impossible.
    group = members(1, faction="f1") + members(3, faction="f2")
    instance = problem(
        members=group,
        rounds=(R1, R2),
        sessions=(session("A", ("r1",), 10), session("B", ("r1",), 10), session("C", ("r2",), 10)),
        factions=(
            PlanFaction("f1", "Partij 1", "gm1", frozenset({"sA", "sB"})),
            PlanFaction("f2", "Partij 2", "gm1"),
        ),
    )
    assert explain(instance) == []
    assert reasons_of(instance) == [
        "the rule of every faction covering its must-sessions cannot be met together with the "
        "others"
    ]


def test_greedy_meets_the_rules_on_an_easy_day_and_the_solver_is_never_worse() -> None:
    group = members(8) + members(4, faction="f2", municipality="gm2")
    instance = problem(
        rounds=(R1, R2),
        members=group,
        factions=(
            PlanFaction("f1", "CDA Borne", "gm1", frozenset({"sC"})),
            PlanFaction("f2", "VVD Losser", "gm2"),
        ),
        sessions=(
            session("A", ("r1", "r2"), 6, "x"),
            session("B", ("r1",), 6),
            session("C", ("r2",), 6),
        ),
        scores={(m.id, "sA"): 8 for m in group} | {(m.id, "sB"): 6 for m in group[::2]},
        municipality_cap_pct=70,
    )
    greedy = greedy_plan(instance)
    assert greedy.feasible
    result = plan(instance, time_limit=5)
    assert result.score >= greedy.score
