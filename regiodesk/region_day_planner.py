"""The Twente-dag planner: which member goes to which session in each round.

An integer program, solved with HiGHS (``highspy``: MIT licence, one self-contained wheel per
platform, well kept), over binary variables ``x[m, s, r]``: member ``m`` attends session ``s`` in
round ``r`` (only for the rounds the session runs in).

- every member attends exactly one session in every round;
- a session holds no more members in a round than its room;
- a member attends a session at most once (a carousel session runs in several rounds);
- every faction covers each of its must-sessions with at least one of its members;
- spread: no more members of one municipality in a session than ``municipality_cap_pct`` percent
  of its room (at least one);
- a kept (locked) assignment stays as it is;
- maximise the total preference score, plus a bonus for every assignment of the previous plan
  that stays, so that planning again after a late change moves as few people as possible.

The solver runs within a time limit and reports the objective it reached, the bound it proved and
the gap between them.  A plan that cannot exist is explained in words: the obvious causes are
checked first (more members than seats in a round, a must-session that no room can hold, ...),
then the solver's verdict is traced to a family of constraints by leaving each out in turn.

A greedy assignment is the baseline to compare with (``greedy_plan``).
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import import_module
from typing import Any

from regiodesk.errors import RegioDeskError
from regiodesk.i18n import N_, _
from regiodesk.model.enums import PreferenceKind

#: Seconds the solver may take by default.
DEFAULT_TIME_LIMIT = 10.0
#: Stop once the plan is proven within this share of the bound.
DEFAULT_GAP = 0.001
#: The bonus for keeping an assignment of the previous plan (a "want" is worth 5).
KEEP_BONUS = 4
#: The score of each kind of preference; a ranked session scores by its rank.
SCORES = {PreferenceKind.MUST: 10, PreferenceKind.WANT: 5, PreferenceKind.NOT: -10}
RANK_SCORES = (8, 6, 4, 3, 2)
#: The solver's verdicts as the plan records them (translated when shown).
STATUSES = (N_("optimal"), N_("time limit"), N_("interrupted"), N_("infeasible"))

#: ``progress(done, total)`` while the solver runs (thousandths of the time limit).
Progress = Callable[[int, int], None]
Key = tuple[str, str]


def preference_score(kind: PreferenceKind, rank: int | None) -> int:
    """What one preference adds to the score when it is met."""
    if kind is PreferenceKind.RANKED:
        if rank is None or rank < 1:
            return 0
        return RANK_SCORES[rank - 1] if rank <= len(RANK_SCORES) else 1
    return SCORES[kind]


# The problem ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRound:
    id: str
    title: str


@dataclass(frozen=True)
class PlanSession:
    id: str
    code: str
    topic: str
    #: The rounds the session runs in (ids).
    rounds: tuple[str, ...]
    #: The capacity of its room (None: the session has no room).
    capacity: int | None
    room_id: str | None = None
    room_name: str = ""

    @property
    def label(self) -> str:
        return f"{self.code} {self.topic}".strip()


@dataclass(frozen=True)
class PlanFaction:
    id: str
    #: "CDA Enschede"
    name: str
    municipality_id: str
    #: The sessions the faction must cover with at least one member.
    must: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PlanMember:
    id: str
    name: str
    faction_id: str
    municipality_id: str


@dataclass(frozen=True)
class PlanInput:
    rounds: tuple[PlanRound, ...]
    sessions: tuple[PlanSession, ...]
    factions: tuple[PlanFaction, ...]
    members: tuple[PlanMember, ...]
    #: (member id, session id) -> score; a missing pair scores 0.
    scores: Mapping[Key, int] = field(default_factory=dict)
    municipality_names: Mapping[str, str] = field(default_factory=dict)
    municipality_cap_pct: int = 40
    #: The previous plan: (member id, round id) -> session id.
    existing: Mapping[Key, str] = field(default_factory=dict)
    #: The assignments of ``existing`` that must stay: (member id, round id).
    locked: frozenset[Key] = frozenset()
    keep_bonus: int = KEEP_BONUS

    def municipality_cap(self, session: PlanSession) -> int | None:
        """The most members of one municipality in the session in a round (None: no cap)."""
        if session.capacity is None or self.municipality_cap_pct >= 100:
            return None
        return max(1, math.ceil(session.capacity * self.municipality_cap_pct / 100))

    def score(self, member_id: str, session_id: str) -> int:
        return self.scores.get((member_id, session_id), 0)


@dataclass(frozen=True)
class Plan:
    #: (member id, round id) -> session id
    assignments: dict[Key, str]
    #: The total preference score of the plan.
    score: int
    #: The solver's objective (the score plus the bonus for kept assignments) and its bound.
    objective: float
    bound: float
    #: The relative gap between objective and bound (0.004 is 0.4%).
    gap: float
    #: "optimal", "time limit", ...
    status: str
    seconds: float
    #: How many assignments of the previous plan stayed, out of how many there were.
    kept: int = 0
    previous: int = 0

    @property
    def proven_optimal(self) -> bool:
        return self.status == "optimal"


@dataclass(frozen=True)
class GreedyPlan:
    assignments: dict[Key, str]
    score: int
    #: Members left without a session in a round, and must-sessions a faction did not cover.
    unplaced: int
    uncovered: int
    #: Sessions over the municipal cap.
    over_cap: int
    seconds: float

    @property
    def feasible(self) -> bool:
        return not (self.unplaced or self.uncovered or self.over_cap)


# Why a plan cannot be made ---------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """One cause of infeasibility: a message template and its fields, translated when shown."""

    template: str
    fields: dict[str, Any] = field(default_factory=dict)

    def message(self) -> str:
        return _(self.template).format(**self.fields)


class PlanImpossible(RegioDeskError):
    """No plan meets every rule; ``reasons`` say which rule cannot be met."""

    template = N_("No plan for the region day is possible: {count} problem(s).")

    def __init__(self, reasons: Sequence[Reason] = (), count: object = None) -> None:
        self.reasons = tuple(reasons)
        super().__init__(count=len(self.reasons) if count is None else count)

    def message(self) -> str:
        lines = [_(self.template).format(**self.data)]
        lines += [f"  {reason.message()}" for reason in self.reasons]
        return "\n".join(lines)


class PlanNotFound(RegioDeskError):
    template = N_(
        "The solver found no plan within {seconds} seconds ({status}); allow it more time."
    )


# Checks before solving ------------------------------------------------------------------------


def explain(problem: PlanInput) -> list[Reason]:
    """The causes of infeasibility that can be seen without solving (empty: none seen)."""
    reasons: list[Reason] = []
    if not problem.rounds:
        reasons.append(Reason(N_("the day has no rounds of sessions")))
    if not problem.members:
        reasons.append(Reason(N_("no members take part yet")))
    if reasons:
        return reasons
    round_ids = {r.id for r in problem.rounds}
    round_title = {r.id: r.title for r in problem.rounds}
    session_by_id = {s.id: s for s in problem.sessions}
    running = [s for s in problem.sessions if set(s.rounds) & round_ids]
    for session in running:
        if session.capacity is None:
            reasons.append(Reason(N_("session {session} has no room"), {"session": session.label}))
    in_round: dict[str, list[PlanSession]] = defaultdict(list)
    for session in running:
        for round_id in session.rounds:
            if round_id in round_ids:
                in_round[round_id].append(session)
    reasons += _explain_rounds(problem, in_round)
    if not _distinct_sessions_possible(problem.rounds, in_round):
        reasons.append(
            Reason(
                N_(
                    "the rounds cannot each have a different session for a member: some member "
                    "would attend the same session twice"
                )
            )
        )
    reasons += _explain_factions(problem, session_by_id, round_ids)
    reasons += _explain_locked(problem, session_by_id, round_title)
    return reasons


def _explain_rounds(problem: PlanInput, in_round: Mapping[str, list[PlanSession]]) -> list[Reason]:
    reasons: list[Reason] = []
    members = len(problem.members)
    per_municipality: dict[str, int] = defaultdict(int)
    for member in problem.members:
        per_municipality[member.municipality_id] += 1
    for plan_round in problem.rounds:
        sessions = in_round.get(plan_round.id, [])
        if not sessions:
            reasons.append(Reason(N_("{round} has no sessions"), {"round": plan_round.title}))
            continue
        rooms: dict[str, PlanSession] = {}
        for session in sessions:
            if session.room_id is not None and session.room_id in rooms:
                reasons.append(
                    Reason(
                        N_("in {round} the room {room} holds both {first} and {second}"),
                        {
                            "round": plan_round.title,
                            "room": session.room_name,
                            "first": rooms[session.room_id].label,
                            "second": session.label,
                        },
                    )
                )
            elif session.room_id is not None:
                rooms[session.room_id] = session
        seats = sum(s.capacity or 0 for s in sessions)
        if seats < members:
            reasons.append(
                Reason(
                    N_(
                        "{round}: {members} members take part, but the rooms of its sessions "
                        "hold {seats}"
                    ),
                    {"round": plan_round.title, "members": members, "seats": seats},
                )
            )
        caps = [problem.municipality_cap(s) for s in sessions]
        if all(cap is not None for cap in caps):
            room_for_one = sum(cap or 0 for cap in caps)
            for municipality_id, count in sorted(per_municipality.items()):
                if count > room_for_one:
                    reasons.append(
                        Reason(
                            N_(
                                "{round}: {municipality} sends {count} members, but the spread "
                                "rule admits at most {most} of one municipality in its sessions"
                            ),
                            {
                                "round": plan_round.title,
                                "municipality": problem.municipality_names.get(
                                    municipality_id, municipality_id
                                ),
                                "count": count,
                                "most": room_for_one,
                            },
                        )
                    )
    return reasons


def _explain_factions(
    problem: PlanInput, session_by_id: Mapping[str, PlanSession], round_ids: set[str]
) -> list[Reason]:
    reasons: list[Reason] = []
    needed: dict[str, int] = defaultdict(int)
    members_of: dict[str, int] = defaultdict(int)
    for member in problem.members:
        members_of[member.faction_id] += 1
    for faction in problem.factions:
        for session_id in faction.must:
            needed[session_id] += 1
        if faction.must and not members_of[faction.id]:
            reasons.append(
                Reason(
                    N_("the faction {faction} has must-sessions but sends no members"),
                    {"faction": faction.name},
                )
            )
        elif len(faction.must) > members_of[faction.id] * len(problem.rounds):
            reasons.append(
                Reason(
                    N_(
                        "the faction {faction} has {must} must-sessions, but its {members} "
                        "member(s) attend only {places} sessions in all"
                    ),
                    {
                        "faction": faction.name,
                        "must": len(faction.must),
                        "members": members_of[faction.id],
                        "places": members_of[faction.id] * len(problem.rounds),
                    },
                )
            )
    for session_id, count in sorted(needed.items()):
        session = session_by_id.get(session_id)
        if session is None:
            continue
        rounds = [r for r in session.rounds if r in round_ids]
        if not rounds:
            reasons.append(
                Reason(
                    N_("{count} faction(s) must attend {session}, but it runs in no round"),
                    {"count": count, "session": session.label},
                )
            )
            continue
        places = (session.capacity or 0) * len(rounds)
        if count > places:
            reasons.append(
                Reason(
                    N_(
                        "{count} factions must attend {session}, but its room holds {places} "
                        "in all its rounds"
                    ),
                    {"count": count, "session": session.label, "places": places},
                )
            )
    return reasons


def _explain_locked(
    problem: PlanInput, session_by_id: Mapping[str, PlanSession], round_title: Mapping[str, str]
) -> list[Reason]:
    reasons: list[Reason] = []
    locked_in: dict[Key, int] = defaultdict(int)
    for member_id, round_id in problem.locked:
        found = session_by_id.get(problem.existing.get((member_id, round_id)) or "")
        if found is None or round_id not in found.rounds:
            reasons.append(
                Reason(
                    N_("a kept assignment is to a session that does not run in {round}"),
                    {"round": round_title.get(round_id, round_id)},
                )
            )
            continue
        locked_in[(found.id, round_id)] += 1
    for (session_id, round_id), count in sorted(locked_in.items()):
        capacity = session_by_id[session_id].capacity
        if capacity is not None and count > capacity:
            reasons.append(
                Reason(
                    N_("{count} kept assignments to {session} in {round}; its room holds {seats}"),
                    {
                        "count": count,
                        "session": session_by_id[session_id].label,
                        "round": round_title[round_id],
                        "seats": capacity,
                    },
                )
            )
    return reasons


def _distinct_sessions_possible(
    rounds: Sequence[PlanRound], in_round: Mapping[str, Sequence[PlanSession]]
) -> bool:
    """Whether every round can get a session of its own (a matching of rounds to sessions)."""
    owner: dict[str, str] = {}

    def place(round_id: str, seen: set[str]) -> bool:
        for session in in_round.get(round_id, ()):
            if session.id in seen:
                continue
            seen.add(session.id)
            if session.id not in owner or place(owner[session.id], seen):
                owner[session.id] = round_id
                return True
        return False

    return all(place(r.id, set()) for r in rounds if in_round.get(r.id))


# The integer program -----------------------------------------------------------------------------


@dataclass
class _Model:
    #: Column index -> (member, session, round)
    columns: list[tuple[str, str, str]]
    costs: list[float]
    lower: list[float]
    #: Rows: (lower, upper, column indices), by family.
    rows: dict[str, list[tuple[float, float, list[int]]]]


def _build(problem: PlanInput) -> _Model:
    inf = math.inf
    round_ids = [r.id for r in problem.rounds]
    rounds_of = {s.id: [r for r in round_ids if r in s.rounds] for s in problem.sessions}
    columns: list[tuple[str, str, str]] = []
    costs: list[float] = []
    lower: list[float] = []
    by_member_round: dict[Key, list[int]] = defaultdict(list)
    by_session_round: dict[Key, list[int]] = defaultdict(list)
    by_member_session: dict[Key, list[int]] = defaultdict(list)
    by_faction_session: dict[Key, list[int]] = defaultdict(list)
    by_place_municipality: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for member in problem.members:
        for session in problem.sessions:
            if session.capacity is None:
                continue
            score = problem.score(member.id, session.id)
            for round_id in rounds_of[session.id]:
                index = len(columns)
                columns.append((member.id, session.id, round_id))
                kept = problem.existing.get((member.id, round_id)) == session.id
                costs.append(score + (problem.keep_bonus if kept else 0))
                lower.append(1.0 if kept and (member.id, round_id) in problem.locked else 0.0)
                by_member_round[(member.id, round_id)].append(index)
                by_session_round[(session.id, round_id)].append(index)
                by_member_session[(member.id, session.id)].append(index)
                by_faction_session[(member.faction_id, session.id)].append(index)
                by_place_municipality[(session.id, round_id, member.municipality_id)].append(index)
    rows: dict[str, list[tuple[float, float, list[int]]]] = defaultdict(list)
    for member in problem.members:
        for round_id in round_ids:
            rows["one_per_round"].append((1.0, 1.0, by_member_round.get((member.id, round_id), [])))
    session_by_id = {s.id: s for s in problem.sessions}
    for (session_id, _round_id), indices in by_session_round.items():
        capacity = session_by_id[session_id].capacity
        if capacity is not None and capacity < len(indices):
            rows["capacity"].append((-inf, float(capacity), indices))
    for indices in by_member_session.values():
        if len(indices) > 1:
            rows["once"].append((-inf, 1.0, indices))
    for faction in problem.factions:
        for session_id in sorted(faction.must):
            rows["must"].append((1.0, inf, by_faction_session.get((faction.id, session_id), [])))
    for (session_id, _round_id, _municipality), indices in by_place_municipality.items():
        cap = problem.municipality_cap(session_by_id[session_id])
        if cap is not None and cap < len(indices):
            rows["spread"].append((-inf, float(cap), indices))
    return _Model(columns, costs, lower, rows)


_banner_lock = threading.Lock()
_banner_shown = False


def _new_highs() -> Any:
    """A HiGHS instance, without the banner that the first one prints on standard output."""
    global _banner_shown
    highspy = import_module("highspy")
    with _banner_lock:
        if _banner_shown:
            return highspy.Highs()
        _banner_shown = True
        try:
            saved = os.dup(1)
        except OSError:
            return highspy.Highs()
        try:
            with open(os.devnull, "wb") as null:
                os.dup2(null.fileno(), 1)
                return highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)


@dataclass(frozen=True)
class _Outcome:
    status: str
    values: list[float] | None
    objective: float
    bound: float
    gap: float
    seconds: float


def _solve(
    model: _Model,
    time_limit: float,
    gap: float,
    leave_out: frozenset[str] = frozenset(),
    start: Sequence[float] | None = None,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> _Outcome:
    import numpy as np

    highspy = import_module("highspy")
    highs = _new_highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", float(time_limit))
    highs.setOptionValue("mip_rel_gap", float(gap))
    highs.setOptionValue("random_seed", 2026)
    highs.setOptionValue("threads", 1)
    count = len(model.columns)
    began = time.perf_counter()
    if count:
        highs.addVars(count, np.array(model.lower), np.ones(count))
        highs.changeColsIntegrality(
            count,
            np.arange(count, dtype=np.int32),
            np.full(count, highspy.HighsVarType.kInteger),
        )
        highs.changeColsCost(count, np.arange(count, dtype=np.int32), np.array(model.costs))
    highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
    lows, highs_, starts, indices = _row_arrays(model, leave_out)
    if lows:
        inf = highspy.kHighsInf
        highs.addRows(
            len(lows),
            np.array([max(v, -inf) for v in lows]),
            np.array([min(v, inf) for v in highs_]),
            len(indices),
            np.array(starts, dtype=np.int32),
            np.array(indices, dtype=np.int32),
            np.ones(len(indices)),
        )
    if start is not None and count:
        solution = highspy.HighsSolution()
        solution.col_value = list(start)
        solution.value_valid = True
        highs.setSolution(solution)
    if progress is not None or should_stop is not None:
        total = max(int(time_limit * 1000), 1)

        def interrupt(event: Any) -> None:
            if progress is not None:
                done = min(int(event.data_out.running_time * 1000), total)
                progress(done, total)
            if should_stop is not None and should_stop():
                event.interrupt()

        highs.cbMipInterrupt.subscribe(interrupt)
    highs.run()
    seconds = time.perf_counter() - began
    status = highs.getModelStatus()
    info = highs.getInfo()
    names = {
        highspy.HighsModelStatus.kOptimal: "optimal",
        highspy.HighsModelStatus.kInfeasible: "infeasible",
        highspy.HighsModelStatus.kTimeLimit: "time limit",
        highspy.HighsModelStatus.kInterrupt: "interrupted",
    }
    name = names.get(status, str(highs.modelStatusToString(status)).lower())
    feasible = info.primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
    values = list(highs.getSolution().col_value) if feasible and name != "infeasible" else None
    if not count and name in ("optimal", "model empty"):
        return _Outcome("optimal", [], 0.0, 0.0, 0.0, seconds)
    return _Outcome(
        name,
        values,
        float(info.objective_function_value) if values is not None else 0.0,
        float(info.mip_dual_bound),
        float(info.mip_gap) if values is not None else math.inf,
        seconds,
    )


def _row_arrays(
    model: _Model, leave_out: frozenset[str]
) -> tuple[list[float], list[float], list[int], list[int]]:
    """The rows as HiGHS takes them: lower and upper bounds, and the rows' column indices
    (compressed: where each row starts)."""
    lows: list[float] = []
    highs: list[float] = []
    starts: list[int] = []
    indices: list[int] = []
    for family, rows in model.rows.items():
        if family in leave_out:
            continue
        for low, high, row in rows:
            lows.append(low)
            highs.append(high)
            starts.append(len(indices))
            indices.extend(row)
    return lows, highs, starts, indices


FAMILIES: dict[str, str] = {
    "must": N_("every faction covering its must-sessions"),
    "spread": N_("the spread of municipalities over the sessions"),
    "capacity": N_("the capacity of the rooms"),
    "once": N_("no member attending a session twice"),
}


def plan(
    problem: PlanInput,
    time_limit: float = DEFAULT_TIME_LIMIT,
    gap: float = DEFAULT_GAP,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Plan:
    """The best plan the solver finds within ``time_limit`` seconds.

    Raises ``PlanImpossible`` with the reasons when no plan can meet the rules, and
    ``PlanNotFound`` when the time ran out before any plan was found.
    """
    reasons = explain(problem)
    if reasons:
        raise PlanImpossible(reasons)
    model = _build(problem)
    start = _warm_start(problem, model)
    outcome = _solve(
        model, time_limit, gap, start=start, progress=progress, should_stop=should_stop
    )
    if outcome.status == "infeasible":
        raise PlanImpossible(_diagnose(model, problem))
    if outcome.values is None:
        raise PlanNotFound(seconds=f"{time_limit:g}", status=outcome.status)
    assignments = {
        (member_id, round_id): session_id
        for (member_id, session_id, round_id), value in zip(
            model.columns, outcome.values, strict=True
        )
        if value > 0.5
    }
    previous = [key for key in problem.existing if key[0] in {m.id for m in problem.members}]
    kept = sum(1 for key in previous if assignments.get(key) == problem.existing[key])
    return Plan(
        assignments=assignments,
        score=total_score(problem, assignments),
        objective=outcome.objective,
        bound=max(outcome.bound, outcome.objective),
        gap=max(outcome.gap, 0.0),
        status=outcome.status,
        seconds=outcome.seconds,
        kept=kept,
        previous=len(previous),
    )


def _warm_start(problem: PlanInput, model: _Model) -> list[float] | None:
    """The greedy plan as a first solution for the solver, when it meets every rule."""
    greedy = greedy_plan(problem)
    if not greedy.feasible:
        return None
    chosen = set(greedy.assignments.items())
    return [
        1.0 if ((member, round_id), session) in chosen else 0.0
        for member, session, round_id in model.columns
    ]


def _diagnose(model: _Model, problem: PlanInput) -> list[Reason]:
    """The solver proved that no plan exists: find a family of rules without which one does."""
    for family, description in FAMILIES.items():
        if not model.rows.get(family):
            continue
        outcome = _solve(model, 5.0, 0.5, leave_out=frozenset({family}))
        if outcome.status != "infeasible":
            return [
                Reason(
                    N_("the rule of {rule} cannot be met together with the others"),
                    {"rule": _(description)},
                )
            ]
    if problem.locked:
        unlocked = replace(problem, locked=frozenset())
        outcome = _solve(_build(unlocked), 5.0, 0.5)
        if outcome.status != "infeasible":
            return [Reason(N_("the kept assignments leave no room for a plan; unlock some"))]
    return [Reason(N_("the rules cannot all be met together (the solver proved it)"))]


def total_score(problem: PlanInput, assignments: Mapping[Key, str]) -> int:
    return sum(problem.score(member, session) for (member, _r), session in assignments.items())


# The greedy baseline -----------------------------------------------------------------------------


def greedy_plan(problem: PlanInput) -> GreedyPlan:  # noqa: PLR0915 (one pass, read top down)
    """Kept assignments first, then one member of each faction to each of its must-sessions, then
    round by round every member to the best session that still has room (members in a rotating
    order, so that no one is always last)."""
    began = time.perf_counter()
    round_ids = [r.id for r in problem.rounds]
    sessions = [s for s in problem.sessions if s.capacity is not None]
    session_by_id = {s.id: s for s in sessions}
    municipality = {m.id: m.municipality_id for m in problem.members}
    taken: dict[Key, int] = defaultdict(int)
    from_municipality: dict[tuple[str, str, str], int] = defaultdict(int)
    assignments: dict[Key, str] = {}
    attended: dict[str, set[str]] = defaultdict(set)

    def fits(member_id: str, session: PlanSession, round_id: str, spread: bool = True) -> bool:
        if round_id not in session.rounds or session.id in attended[member_id]:
            return False
        if taken[(session.id, round_id)] >= (session.capacity or 0):
            return False
        cap = problem.municipality_cap(session)
        place = (session.id, round_id, municipality[member_id])
        return not (spread and cap is not None and from_municipality[place] >= cap)

    def put(member_id: str, session_id: str, round_id: str) -> None:
        assignments[(member_id, round_id)] = session_id
        taken[(session_id, round_id)] += 1
        from_municipality[(session_id, round_id, municipality[member_id])] += 1
        attended[member_id].add(session_id)

    def best_session(member_id: str, round_id: str, spread: bool) -> str | None:
        best: tuple[int, int, str] | None = None
        for session in sessions:
            if not fits(member_id, session, round_id, spread):
                continue
            kept = problem.existing.get((member_id, round_id)) == session.id
            value = problem.score(member_id, session.id) + (problem.keep_bonus if kept else 0)
            # On a tie, the session with the most free seats.
            free = (session.capacity or 0) - taken[(session.id, round_id)]
            if best is None or (value, free) > best[:2]:
                best = (value, free, session.id)
        return None if best is None else best[2]

    for member_id, round_id in sorted(problem.locked):
        session_id = problem.existing.get((member_id, round_id))
        if session_id in session_by_id and member_id in municipality:
            put(member_id, session_id, round_id)
    members_of: dict[str, list[PlanMember]] = defaultdict(list)
    for member in problem.members:
        members_of[member.faction_id].append(member)
    uncovered = 0
    for faction in problem.factions:
        for session_id in sorted(faction.must):
            session = session_by_id.get(session_id)
            if session is None:
                uncovered += 1
                continue
            if any(session_id in attended[m.id] for m in members_of[faction.id]):
                continue
            options = [
                (-problem.score(m.id, session_id), m.id, r)
                for m in members_of[faction.id]
                for r in round_ids
                if (m.id, r) not in assignments and fits(m.id, session, r)
            ]
            if not options:
                uncovered += 1
                continue
            _score, member_id, round_id = min(options)
            put(member_id, session_id, round_id)
    unplaced = over_cap = 0
    members = list(problem.members)
    for number, round_id in enumerate(round_ids):
        shift = (number * len(members)) // max(len(round_ids), 1)
        for member in members[shift:] + members[:shift]:
            if (member.id, round_id) in assignments:
                continue
            best = best_session(member.id, round_id, spread=True)
            if best is None:
                best = best_session(member.id, round_id, spread=False)
                if best is None:
                    unplaced += 1
                    continue
                over_cap += 1
            put(member.id, best, round_id)
    return GreedyPlan(
        assignments=assignments,
        score=total_score(problem, assignments),
        unplaced=unplaced,
        uncovered=uncovered,
        over_cap=over_cap,
        seconds=time.perf_counter() - began,
    )
