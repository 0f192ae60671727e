"""The demo region's Twente-dag: rooms, slots, sessions from its PFOs (and one initiative), the
factions of its 14 councils with their members, and their preferences.

Everything goes through the commands; the content is deterministic for a seed and an anchor day
(a random generator of its own, so the rest of the demo does not change with it).  The plan itself
is left to the planner (the app's "Plan" button, or ``regiodesk-cli regionday plan``).
"""

from __future__ import annotations

import random
import tomllib
from datetime import date, timedelta
from typing import Any

from regiodesk.commands import region_day as commands
from regiodesk.commands.region_day import PreferenceSpec, SessionSpec
from regiodesk.model.enums import PreferenceKind, SlotKind
from regiodesk.permissions import Actor
from regiodesk.resources import resource_path
from regiodesk.store import Store
from regiodesk.timeutil import local_moment

#: The day is held on the first Saturday this many days after the demo's "today".
DAYS_AHEAD = 45
#: Share of the factions that mark a session as a must.
MUST_SHARE = 0.3


def held_on(anchor: date) -> date:
    day = anchor + timedelta(days=DAYS_AHEAD)
    return day + timedelta(days=(5 - day.weekday()) % 7)


def add_region_day(
    store: Store, actor: Actor, region_id: str, anchor: date, seed: int, texts: dict[str, Any]
) -> str:
    """Make the demo's Twente-dag; returns its id."""
    rng = random.Random(f"region-day-{seed}")
    with resource_path("demo", "region_day.toml").open("rb") as handle:
        spec: dict[str, Any] = tomllib.load(handle)
    when = held_on(anchor)
    day_id = commands.create_region_day(
        store,
        actor,
        region_id,
        spec["title"].format(year=when.year),
        when,
        spec["venue"],
        spec["municipality_cap_pct"],
    )
    rooms = {
        room["name"]: commands.add_room(store, actor, day_id, room["name"], room["capacity"])
        for room in spec["rooms"]
    }
    plenary_room = next(rooms[r["name"]] for r in spec["rooms"] if r.get("plenary"))
    rounds: list[str] = []
    for slot in spec["slots"]:
        kind = SlotKind(slot["kind"])
        start_hour, start_minute = (int(p) for p in slot["start"].split(":"))
        end_hour, end_minute = (int(p) for p in slot["end"].split(":"))
        slot_id = commands.add_slot(
            store,
            actor,
            day_id,
            kind,
            slot["title"],
            local_moment(when, start_hour, start_minute),
            local_moment(when, end_hour, end_minute),
            plenary_room if kind is SlotKind.PLENARY else None,
        )
        if kind is SlotKind.ROUND:
            rounds.append(slot_id)
    pfo_of = {
        row["code"]: row["id"]
        for row in store.query(
            "SELECT d.code, p.id FROM pfo p JOIN domain d ON d.id = p.domain_id WHERE p.deleted = 0"
        )
    }
    hosts = {
        row["pfo_id"]: row["person_id"]
        for row in store.query(
            "SELECT pfo_id, person_id FROM appointment WHERE status = 'effective' AND deleted = 0 "
            "ORDER BY term_start"
        )
    }
    initiative_titles = [i["title"].split(" {")[0] for i in texts.get("initiatives", [])]
    sessions: list[str] = []
    for session in spec["sessions"]:
        pfo_id = pfo_of.get(session["domain"])
        initiative_id = None
        if "initiative" in session and initiative_titles:
            prefix = initiative_titles[session["initiative"] - 1]
            initiative_id = store.scalar(
                "SELECT id FROM initiative WHERE title LIKE ? AND deleted = 0 LIMIT 1",
                (prefix + "%",),
            )
        sessions.append(
            commands.add_session(
                store,
                actor,
                day_id,
                SessionSpec(
                    code=session["code"],
                    topic=session["topic"],
                    description=session.get("description", ""),
                    pfo_id=pfo_id,
                    initiative_id=initiative_id,
                    host_id=hosts.get(pfo_id or ""),
                    room_id=rooms[session["room"]],
                    round_ids=tuple(rounds[n - 1] for n in session["rounds"]),
                ),
            )
        )
    municipalities = {
        row["name"]: row["id"] for row in store.query("SELECT id, name FROM municipality")
    }
    popularity = [rng.random() ** 2 + 0.15 for _ in sessions]
    used: set[str] = set()
    for municipality, factions in sorted(spec["factions"].items()):
        for party, seats in factions:
            faction_id = commands.add_faction(
                store, actor, day_id, municipalities[municipality], party, seats
            )
            if rng.random() < MUST_SHARE:
                must = rng.choices(sessions, popularity)[0]
                commands.set_preferences(
                    store,
                    actor,
                    [PreferenceSpec(must, PreferenceKind.MUST)],
                    faction_id=faction_id,
                )
            for _seat in range(seats):
                member_id = commands.add_member(store, actor, faction_id, _name(rng, texts, used))
                commands.set_preferences(
                    store, actor, _preferences(rng, sessions, popularity), member_id=member_id
                )
    return day_id


def _name(rng: random.Random, texts: dict[str, Any], used: set[str]) -> str:
    while True:
        name = f"{rng.choice(texts['first_names'])} {rng.choice(texts['surnames'])}"
        if name not in used:
            used.add(name)
            return name


def _preferences(
    rng: random.Random, sessions: list[str], popularity: list[float]
) -> list[PreferenceSpec]:
    """Three ranked sessions, sometimes a "want", sometimes a "not"."""
    pool = list(zip(sessions, popularity, strict=True))
    chosen: list[str] = []
    for _n in range(3):
        pick = rng.choices(range(len(pool)), [weight for _s, weight in pool])[0]
        chosen.append(pool.pop(pick)[0])
    specs = [
        PreferenceSpec(session, PreferenceKind.RANKED, rank)
        for rank, session in enumerate(chosen, start=1)
    ]
    if rng.random() < 0.3:
        specs.append(PreferenceSpec(rng.choice(pool)[0], PreferenceKind.WANT))
        pool = [p for p in pool if p[0] != specs[-1].session_id]
    if rng.random() < 0.3:
        specs.append(PreferenceSpec(rng.choice(pool)[0], PreferenceKind.NOT))
    return specs
