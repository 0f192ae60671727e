"""The Twente-dag planner: 350 members in 100 factions, 12 sessions over 3 rounds and a plenary.

A synthetic day, the same on every run (a seeded generator): 14 municipalities with councils of
19 to 39 seats, about 7 factions each (100 in all), 350 members; 5 rooms (90, 80, 75, 70 and 60
seats), 12 sessions of which 5 run in each round (three of them are carousel sessions that run
in two rounds, in the same room), a plenary block; every member ranks 3 to 5 sessions, marks one as
"want" and one as "not", and about a third of the factions mark a must-session.  The spread rule
admits at most 40% of a room from one municipality.

It prints the solver's plan (its score, the bound it proved, the gap and the time) and, in the
same run, the greedy baseline's score.  The target is the issue's: a plan within 1% of the bound
in under 10 s; the time is the wall time of ``plan`` (model building included).  Then a late
change (20 members more want another session) is planned again with the first plan kept as far as
possible, and the share of kept assignments is printed.

    .venv/bin/python bench/bench_region_day.py [--members 350] [--factions 100] [--time-limit 10]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import replace
from typing import Any

import common

TARGET_GAP = 0.01
TARGET_SECONDS = 10.0
#: Councils of the 14 municipalities (seats), about as the Kieswet sizes them.
COUNCILS = (39, 37, 35, 25, 25, 25, 23, 23, 21, 19, 19, 19, 19, 19)
PARTIES = ("CDA", "VVD", "D66", "PvdA", "GroenLinks", "SP", "ChristenUnie", "SGP", "Lokaal")


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=350, help="members (default 350)")
    parser.add_argument("--factions", type=int, default=100, help="factions (default 100)")
    parser.add_argument("--time-limit", type=float, default=10.0, help="solver seconds")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the data set")
    common.add_common_arguments(parser)
    return parser.parse_args(argv)


def synthetic_day(members: int, factions: int, seed: int) -> Any:
    """A ``PlanInput`` of the benchmark's shape."""
    from regiodesk.region_day_planner import (
        PlanFaction,
        PlanInput,
        PlanMember,
        PlanRound,
        PlanSession,
    )

    rng = random.Random(seed)
    rounds = tuple(PlanRound(f"r{n}", f"Ronde {n}") for n in (1, 2, 3))
    rooms = (("zaal-1", 90), ("zaal-2", 80), ("zaal-3", 75), ("zaal-4", 70), ("zaal-5", 60))
    # Per room, which rounds each of its sessions runs in: 12 sessions, 5 in each round, three
    # of them carousel sessions that run twice.
    layout = (
        ((1, 2), (3,)),
        ((1,), (2, 3)),
        ((1, 2), (3,)),
        ((1,), (2,), (3,)),
        ((1,), (2,), (3,)),
    )
    sessions = []
    for (room_id, capacity), plans in zip(rooms, layout, strict=True):
        for runs in plans:
            code = chr(ord("A") + len(sessions))
            sessions.append(
                PlanSession(
                    id=f"s{code}",
                    code=code,
                    topic=f"Sessie {code}",
                    rounds=tuple(f"r{n}" for n in runs),
                    capacity=capacity,
                    room_id=room_id,
                    room_name=room_id,
                )
            )
    # Factions per municipality in proportion to the council size, members to the seats.
    total_seats = sum(COUNCILS)
    per_municipality = [max(1, round(factions * seats / total_seats)) for seats in COUNCILS]
    per_municipality[0] += factions - sum(per_municipality)
    faction_rows: list[tuple[str, str, int]] = []
    for number, (count, seats) in enumerate(zip(per_municipality, COUNCILS, strict=True)):
        weights = sorted((rng.random() + 0.2 for _ in range(count)), reverse=True)
        shares = [max(1, round(seats * w / sum(weights))) for w in weights]
        for index in range(count):
            faction_rows.append((f"gm{number}", PARTIES[index % len(PARTIES)], shares[index]))
    seats_all = sum(row[2] for row in faction_rows)
    member_list: list[PlanMember] = []
    plan_factions = []
    musts: dict[str, frozenset[str]] = {}
    for index, (municipality, party, seats) in enumerate(faction_rows):
        faction_id = f"f{index}"
        sends = max(1, round(members * seats / seats_all))
        for n in range(sends):
            member_list.append(
                PlanMember(f"{faction_id}-m{n}", f"{party} {n}", faction_id, municipality)
            )
        if rng.random() < 0.35:
            musts[faction_id] = frozenset({rng.choice(sessions).id})
        plan_factions.append(
            PlanFaction(
                faction_id,
                f"{party} {municipality}",
                municipality,
                musts.get(faction_id, frozenset()),
            )
        )
    while len(member_list) > members:
        member_list.pop(rng.randrange(len(member_list)))
    extra = 0
    while len(member_list) < members:  # rounding left a few seats: the big factions send more
        faction = plan_factions[extra % 10]
        member_list.append(
            PlanMember(
                f"{faction.id}-x{extra}",
                f"{faction.name} x{extra}",
                faction.id,
                faction.municipality_id,
            )
        )
        extra += 1
    popularity = [rng.random() ** 2 + 0.1 for _ in sessions]
    scores: dict[tuple[str, str], int] = {}
    for member in member_list:
        ranked = _weighted_sample(rng, sessions, popularity, rng.randint(3, 5))
        for rank, session in enumerate(ranked, start=1):
            scores[(member.id, session.id)] = (8, 6, 4, 3, 2)[rank - 1]
        rest = [s for s in sessions if s not in ranked]
        scores[(member.id, rng.choice(rest).id)] = 5
        scores[(member.id, rng.choice(rest).id)] = -10
        for session_id in musts.get(member.faction_id, ()):
            scores[(member.id, session_id)] = max(scores.get((member.id, session_id), 0), 5)
    return PlanInput(
        rounds=rounds,
        sessions=tuple(sessions),
        factions=tuple(plan_factions),
        members=tuple(member_list),
        scores=scores,
        municipality_names={f"gm{n}": f"Gemeente {n}" for n in range(len(COUNCILS))},
        municipality_cap_pct=40,
    )


def _weighted_sample(
    rng: random.Random, items: list[Any], weights: list[float], k: int
) -> list[Any]:
    chosen: list[Any] = []
    pool = list(zip(items, weights, strict=True))
    for _ in range(k):
        pick = rng.choices(range(len(pool)), [w for _i, w in pool])[0]
        chosen.append(pool.pop(pick)[0])
    return chosen


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    from regiodesk.region_day_planner import greedy_plan, plan

    report = common.Report("region_day")
    report.note(__doc__.split("\n\n")[0].replace("\n", " "))
    problem = synthetic_day(arguments.members, arguments.factions, arguments.seed)
    report.line("members", len(problem.members))
    report.line("factions", len(problem.factions))
    report.line("sessions", len(problem.sessions))
    report.line("rounds", len(problem.rounds))
    report.line("must-sessions (faction, session)", sum(len(f.must) for f in problem.factions))
    began = time.perf_counter()
    result = plan(problem, time_limit=arguments.time_limit)
    seconds = time.perf_counter() - began
    greedy = greedy_plan(problem)
    report.line("solver status", result.status)
    report.line("solver score", result.score)
    report.line("solver objective", result.objective, digits=1)
    report.line("solver bound", result.bound, digits=1)
    report.line("gap", result.gap * 100, "%", digits=3)
    report.line("solver time (plan, wall)", seconds, "s", digits=2)
    report.line("greedy score", greedy.score)
    report.line("greedy time", common.ms(greedy.seconds), "ms")
    report.line("greedy meets every rule", greedy.feasible)
    report.line(
        "greedy unplaced / uncovered / over cap",
        f"{greedy.unplaced} / {greedy.uncovered} / {greedy.over_cap}",
    )
    report.line(
        "solver over greedy",
        (result.score - greedy.score) / max(abs(greedy.score), 1) * 100,
        "%",
        digits=1,
    )
    # A late change: 20 members change their mind; plan again, keeping the first plan.
    rng = random.Random(arguments.seed + 1)
    scores = dict(problem.scores)
    for member in rng.sample(list(problem.members), 20):
        session = rng.choice(problem.sessions)
        scores[(member.id, session.id)] = 8
    again = replace(problem, scores=scores, existing=result.assignments)
    began = time.perf_counter()
    replanned = plan(again, time_limit=arguments.time_limit)
    report.line("re-plan time", time.perf_counter() - began, "s", digits=2)
    report.line("re-plan kept", f"{replanned.kept} of {replanned.previous}")
    report.line("re-plan gap", replanned.gap * 100, "%", digits=3)
    passed = result.gap <= TARGET_GAP and seconds < TARGET_SECONDS
    report.line("within 1% of the bound", result.gap <= TARGET_GAP)
    report.summary("seconds", seconds, "<", TARGET_SECONDS)
    if not passed:
        report.passed = False
    report.write_json(arguments.json)
    return report.exit_code(arguments.strict)


if __name__ == "__main__":
    sys.exit(main())
