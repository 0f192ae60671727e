"""Reading the Twente-dag: the day with its rooms, slots and sessions; the planner's input; the
schedules of members and factions; room lists; what the sessions yielded."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from regiodesk.errors import NotFound
from regiodesk.i18n import _
from regiodesk.model.enums import PreferenceKind, SlotKind, YieldKind
from regiodesk.references import meeting_reference
from regiodesk.region_day_planner import (
    PlanFaction,
    PlanInput,
    PlanMember,
    PlanRound,
    PlanSession,
    preference_score,
)
from regiodesk.store import Store
from regiodesk.timeutil import from_text


@dataclass(frozen=True)
class DayRef:
    id: str
    title: str
    held_on: date


@dataclass(frozen=True)
class Room:
    id: str
    name: str
    capacity: int


@dataclass(frozen=True)
class Slot:
    id: str
    kind: SlotKind
    title: str
    starts_at: datetime
    ends_at: datetime
    room_name: str = ""
    #: The room of a plenary block.
    room_id: str | None = None


@dataclass(frozen=True)
class Session:
    id: str
    code: str
    topic: str
    description: str
    pfo_id: str | None
    pfo_name: str
    initiative_title: str
    host_id: str | None
    host_name: str
    room_id: str | None
    room_name: str
    capacity: int | None
    #: The rounds it runs in (slot ids), in the day's order.
    round_ids: tuple[str, ...]
    #: Assigned members per round (slot id -> count).
    assigned: dict[str, int] = field(default_factory=dict)
    initiative_id: str | None = None

    @property
    def label(self) -> str:
        return f"{self.code} · {self.topic}"


@dataclass(frozen=True)
class DayOverview:
    id: str
    title: str
    held_on: date
    venue: str
    municipality_cap_pct: int
    rooms: list[Room]
    slots: list[Slot]
    sessions: list[Session]
    factions: int
    members: int
    preferences: int
    assignments: int
    locked: int
    planned_at: datetime | None
    plan_score: float | None
    plan_objective: float | None
    plan_bound: float | None
    plan_status: str

    @property
    def rounds(self) -> list[Slot]:
        return [slot for slot in self.slots if slot.kind is SlotKind.ROUND]

    @property
    def plan_gap(self) -> float | None:
        if self.plan_objective is None or self.plan_bound is None:
            return None
        return abs(self.plan_bound - self.plan_objective) / max(abs(self.plan_objective), 1.0)


def region_days(store: Store) -> list[DayRef]:
    return [
        DayRef(row["id"], row["title"], date.fromisoformat(row["held_on"]))
        for row in store.query(
            "SELECT id, title, held_on FROM region_day WHERE deleted = 0 ORDER BY held_on DESC, id"
        )
    ]


def find_day(store: Store, text: str | None = None) -> DayRef:
    """The day that ``text`` names (its id, its date YYYY-MM-DD or its title); without text, the
    latest day."""
    days = region_days(store)
    if not days:
        raise NotFound(kind=_("region day"), id=text or "-")
    if not text:
        return days[0]
    wanted = text.strip().casefold()
    for day in days:
        if wanted in (day.id, day.held_on.isoformat(), day.title.casefold()):
            return day
    raise NotFound(kind=_("region day"), id=text)


def overview(store: Store, day_id: str) -> DayOverview:
    rows = store.query("SELECT * FROM region_day WHERE id = ? AND deleted = 0", (day_id,))
    if not rows:
        raise NotFound(kind=_("region day"), id=day_id)
    day = rows[0]
    rooms = [
        Room(row["id"], row["name"], int(row["capacity"]))
        for row in store.query(
            "SELECT id, name, capacity FROM region_day_room WHERE region_day_id = ? "
            "AND deleted = 0 ORDER BY name",
            (day_id,),
        )
    ]
    room_by_id = {room.id: room for room in rooms}
    slots = [
        Slot(
            row["id"],
            SlotKind(row["kind"]),
            row["title"],
            from_text(row["starts_at"]),
            from_text(row["ends_at"]),
            room_by_id[row["room_id"]].name if row["room_id"] in room_by_id else "",
            row["room_id"] if row["room_id"] in room_by_id else None,
        )
        for row in store.query(
            "SELECT id, kind, title, starts_at, ends_at, room_id FROM region_day_slot "
            "WHERE region_day_id = ? AND deleted = 0 ORDER BY starts_at, id",
            (day_id,),
        )
    ]
    order = {slot.id: index for index, slot in enumerate(slots)}
    rounds_of: dict[str, list[str]] = defaultdict(list)
    for row in store.query(
        "SELECT r.session_id, r.slot_id FROM region_day_session_round r "
        "JOIN region_day_slot t ON t.id = r.slot_id "
        "WHERE t.region_day_id = ? AND r.deleted = 0 AND t.deleted = 0",
        (day_id,),
    ):
        rounds_of[row["session_id"]].append(row["slot_id"])
    assigned: dict[str, dict[str, int]] = defaultdict(dict)
    for row in store.query(
        "SELECT a.session_id, a.slot_id, count(*) AS n FROM region_day_assignment a "
        "JOIN region_day_member m ON m.id = a.member_id "
        "JOIN region_day_slot t ON t.id = a.slot_id "
        "WHERE t.region_day_id = ? AND a.deleted = 0 AND m.deleted = 0 "
        "GROUP BY a.session_id, a.slot_id",
        (day_id,),
    ):
        assigned[row["session_id"]][row["slot_id"]] = int(row["n"])
    sessions = []
    for row in store.query(
        "SELECT s.*, p.name AS pfo_name, i.title AS initiative_title, h.name AS host_name "
        "FROM region_day_session s LEFT JOIN pfo p ON p.id = s.pfo_id "
        "LEFT JOIN initiative i ON i.id = s.initiative_id "
        "LEFT JOIN person h ON h.id = s.host_id "
        "WHERE s.region_day_id = ? AND s.deleted = 0 ORDER BY s.code, s.id",
        (day_id,),
    ):
        room = room_by_id.get(row["room_id"] or "")
        sessions.append(
            Session(
                id=row["id"],
                code=row["code"],
                topic=row["topic"],
                description=row["description"],
                pfo_id=row["pfo_id"],
                pfo_name=row["pfo_name"] or "",
                initiative_title=row["initiative_title"] or "",
                host_id=row["host_id"],
                host_name=row["host_name"] or "",
                room_id=room.id if room else None,
                room_name=room.name if room else "",
                capacity=room.capacity if room else None,
                round_ids=tuple(
                    sorted((s for s in rounds_of[row["id"]] if s in order), key=lambda s: order[s])
                ),
                assigned=assigned.get(row["id"], {}),
                initiative_id=row["initiative_id"],
            )
        )
    counts = store.query(
        "SELECT (SELECT count(*) FROM region_day_faction WHERE region_day_id = :d AND deleted = 0)"
        " AS factions, (SELECT count(*) FROM region_day_member m JOIN region_day_faction f "
        "ON f.id = m.faction_id WHERE f.region_day_id = :d AND m.deleted = 0 AND f.deleted = 0)"
        " AS members, (SELECT count(*) FROM region_day_preference p JOIN region_day_session s "
        "ON s.id = p.session_id WHERE s.region_day_id = :d AND p.deleted = 0) AS preferences, "
        "(SELECT count(*) FROM region_day_assignment a JOIN region_day_slot t ON t.id = a.slot_id"
        " JOIN region_day_member m ON m.id = a.member_id "
        "WHERE t.region_day_id = :d AND a.deleted = 0 AND m.deleted = 0) AS assignments, "
        "(SELECT count(*) FROM region_day_assignment a JOIN region_day_slot t ON t.id = a.slot_id"
        " WHERE t.region_day_id = :d AND a.deleted = 0 AND a.locked = 1) AS locked",
        {"d": day_id},
    )[0]
    return DayOverview(
        id=day["id"],
        title=day["title"],
        held_on=date.fromisoformat(day["held_on"]),
        venue=day["venue"],
        municipality_cap_pct=int(day["municipality_cap_pct"]),
        rooms=rooms,
        slots=slots,
        sessions=sessions,
        factions=int(counts["factions"]),
        members=int(counts["members"]),
        preferences=int(counts["preferences"]),
        assignments=int(counts["assignments"]),
        locked=int(counts["locked"]),
        planned_at=from_text(day["planned_at"]) if day["planned_at"] else None,
        plan_score=day["plan_score"],
        plan_objective=day["plan_objective"],
        plan_bound=day["plan_bound"],
        plan_status=day["plan_status"],
    )


# The planner's input ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FactionRef:
    id: str
    municipality_id: str
    municipality: str
    party: str
    seats: int

    @property
    def name(self) -> str:
        """ "CDA Borne"; a local party that carries its town's name stays as it is."""
        if self.municipality.casefold() in self.party.casefold():
            return self.party
        return f"{self.party} {self.municipality}"


@dataclass(frozen=True)
class MemberRef:
    id: str
    name: str
    faction: FactionRef


def factions(store: Store, day_id: str) -> list[FactionRef]:
    return [
        FactionRef(row["id"], row["municipality_id"], row["mname"], row["party"], row["seats"])
        for row in store.query(
            "SELECT f.id, f.municipality_id, m.name AS mname, f.party, f.seats "
            "FROM region_day_faction f JOIN municipality m ON m.id = f.municipality_id "
            "WHERE f.region_day_id = ? AND f.deleted = 0 ORDER BY m.name, f.seats DESC, f.party",
            (day_id,),
        )
    ]


def members(store: Store, day_id: str) -> list[MemberRef]:
    by_id = {f.id: f for f in factions(store, day_id)}
    found = [
        MemberRef(row["id"], row["name"], by_id[row["faction_id"]])
        for row in store.query(
            "SELECT id, name, faction_id FROM region_day_member WHERE deleted = 0 "
            "AND faction_id IN (SELECT id FROM region_day_faction WHERE region_day_id = ? "
            "AND deleted = 0)",
            (day_id,),
        )
    ]
    return sorted(found, key=lambda m: (m.faction.municipality, m.faction.party, m.name))


def plan_input(store: Store, day_id: str, keep_previous: bool = True) -> PlanInput:
    """The planner's problem for a day; with ``keep_previous`` the current assignments are the
    plan to keep as far as possible (locked ones always stay)."""
    day = overview(store, day_id)
    rounds = tuple(PlanRound(slot.id, slot.title) for slot in day.rounds)
    sessions = tuple(
        PlanSession(s.id, s.code, s.topic, s.round_ids, s.capacity, s.room_id, s.room_name)
        for s in day.sessions
    )
    faction_list = factions(store, day_id)
    member_list = members(store, day_id)
    member_ids = {m.id for m in member_list}
    scores: dict[tuple[str, str], int] = {}
    must: dict[str, set[str]] = defaultdict(set)
    faction_scores: dict[tuple[str, str], int] = {}
    for row in store.query(
        "SELECT p.member_id, p.faction_id, p.session_id, p.kind, p.rank "
        "FROM region_day_preference p JOIN region_day_session s ON s.id = p.session_id "
        "WHERE s.region_day_id = ? AND p.deleted = 0 AND s.deleted = 0",
        (day_id,),
    ):
        kind = PreferenceKind(row["kind"])
        score = preference_score(kind, row["rank"])
        if row["member_id"] is not None:
            scores[(row["member_id"], row["session_id"])] = score
        elif row["faction_id"] is not None:
            faction_scores[(row["faction_id"], row["session_id"])] = score
            if kind is PreferenceKind.MUST:
                must[row["faction_id"]].add(row["session_id"])
    for member in member_list:
        for session in day.sessions:
            key = (member.id, session.id)
            if key not in scores and (member.faction.id, session.id) in faction_scores:
                scores[key] = faction_scores[(member.faction.id, session.id)]
    existing: dict[tuple[str, str], str] = {}
    locked: set[tuple[str, str]] = set()
    round_ids = {r.id for r in rounds}
    for row in store.query(
        "SELECT a.member_id, a.slot_id, a.session_id, a.locked FROM region_day_assignment a "
        "JOIN region_day_slot t ON t.id = a.slot_id WHERE t.region_day_id = ? AND a.deleted = 0",
        (day_id,),
    ):
        key = (row["member_id"], row["slot_id"])
        if row["member_id"] not in member_ids or row["slot_id"] not in round_ids:
            continue
        if row["locked"]:
            locked.add(key)
            existing[key] = row["session_id"]
        elif keep_previous:
            existing[key] = row["session_id"]
    return PlanInput(
        rounds=rounds,
        sessions=sessions,
        factions=tuple(
            PlanFaction(f.id, f.name, f.municipality_id, frozenset(must.get(f.id, ())))
            for f in faction_list
        ),
        members=tuple(
            PlanMember(m.id, m.name, m.faction.id, m.faction.municipality_id) for m in member_list
        ),
        scores=scores,
        municipality_names={f.municipality_id: f.municipality for f in faction_list},
        municipality_cap_pct=day.municipality_cap_pct,
        existing=existing,
        locked=frozenset(locked),
    )


# Schedules ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleEntry:
    slot: Slot
    #: None for a plenary block, or a round without an assignment yet.
    session: Session | None
    locked: bool = False


@dataclass(frozen=True)
class Schedule:
    """A member's day, or a faction's (then ``entries`` per member)."""

    day: DayOverview
    title: str
    subtitle: str
    #: (member name, their entries); one row for a member's schedule.
    rows: list[tuple[str, list[ScheduleEntry]]]
    uid_key: str


def find_member(store: Store, day_id: str, text: str) -> MemberRef:
    wanted = text.strip().casefold()
    found = [m for m in members(store, day_id) if wanted in (m.id, m.name.casefold())]
    if not found:
        found = [m for m in members(store, day_id) if wanted in m.name.casefold()]
    if len(found) != 1:
        raise NotFound(kind=_("member"), id=text)
    return found[0]


def find_faction(store: Store, day_id: str, text: str) -> FactionRef:
    wanted = text.strip().casefold()
    for faction in factions(store, day_id):
        if wanted in (faction.id, faction.name.casefold()):
            return faction
    raise NotFound(kind=_("faction"), id=text)


def _entries(
    store: Store, day: DayOverview, member_ids: list[str]
) -> dict[str, list[ScheduleEntry]]:
    sessions = {s.id: s for s in day.sessions}
    chosen: dict[tuple[str, str], tuple[str, bool]] = {}
    if member_ids:
        marks = ", ".join("?" for _m in member_ids)
        for row in store.query(
            "SELECT member_id, slot_id, session_id, locked FROM region_day_assignment "
            f"WHERE deleted = 0 AND member_id IN ({marks})",
            tuple(member_ids),
        ):
            chosen[(row["member_id"], row["slot_id"])] = (row["session_id"], bool(row["locked"]))
    result: dict[str, list[ScheduleEntry]] = {}
    for member_id in member_ids:
        entries = []
        for slot in day.slots:
            session_id, locked = chosen.get((member_id, slot.id), ("", False))
            entries.append(ScheduleEntry(slot, sessions.get(session_id), locked))
        result[member_id] = entries
    return result


def member_schedule(store: Store, day_id: str, member_id: str) -> Schedule:
    day = overview(store, day_id)
    member = next((m for m in members(store, day_id) if m.id == member_id), None)
    if member is None:
        raise NotFound(kind=_("member"), id=member_id)
    entries = _entries(store, day, [member.id])[member.id]
    return Schedule(
        day, member.name, member.faction.name, [(member.name, entries)], f"member-{member.id}"
    )


def faction_schedule(store: Store, day_id: str, faction_id: str) -> Schedule:
    day = overview(store, day_id)
    faction_members = [m for m in members(store, day_id) if m.faction.id == faction_id]
    faction = next((f for f in factions(store, day_id) if f.id == faction_id), None)
    if faction is None:
        raise NotFound(kind=_("faction"), id=faction_id)
    entries = _entries(store, day, [m.id for m in faction_members])
    return Schedule(
        day,
        faction.name,
        _("{count} members").format(count=len(faction_members)),
        [(m.name, entries[m.id]) for m in faction_members],
        f"faction-{faction.id}",
    )


@dataclass(frozen=True)
class RoomList:
    session: Session
    slot: Slot
    #: (member name, faction name)
    attendees: list[tuple[str, str]]


def room_lists(store: Store, day_id: str) -> tuple[DayOverview, list[RoomList]]:
    """Per session and round: who comes, for the host."""
    day = overview(store, day_id)
    people: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    member_by_id = {m.id: m for m in members(store, day_id)}
    for row in store.query(
        "SELECT a.member_id, a.slot_id, a.session_id FROM region_day_assignment a "
        "JOIN region_day_slot t ON t.id = a.slot_id WHERE t.region_day_id = ? AND a.deleted = 0",
        (day_id,),
    ):
        member = member_by_id.get(row["member_id"])
        if member is not None:
            people[(row["session_id"], row["slot_id"])].append((member.name, member.faction.name))
    slot_by_id = {s.id: s for s in day.slots}
    lists = [
        RoomList(
            session,
            slot_by_id[slot_id],
            sorted(people[(session.id, slot_id)], key=lambda p: (p[1], p[0])),
        )
        for slot_id in [s.id for s in day.rounds]
        for session in day.sessions
        if slot_id in session.round_ids
    ]
    return day, lists


# Yields -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class YieldRow:
    id: str
    session_id: str
    kind: YieldKind
    text: str
    recorded_at: datetime
    recorded_by: str
    agenda_item_id: str | None
    #: "PFO Mobiliteit 2026-03" when it became an agenda item.
    agenda_item_where: str = ""


def yields(store: Store, session_id: str) -> list[YieldRow]:

    found = []
    for row in store.query(
        "SELECT y.id, y.session_id, y.kind, y.text, y.recorded_at, p.name AS who, "
        "y.agenda_item_id, m.number, m.starts_at, f.short_name, i.deleted AS item_deleted "
        "FROM region_day_yield y LEFT JOIN person p ON p.id = y.recorded_by "
        "LEFT JOIN agenda_item i ON i.id = y.agenda_item_id "
        "LEFT JOIN meeting m ON m.id = i.meeting_id LEFT JOIN pfo f ON f.id = m.pfo_id "
        "WHERE y.session_id = ? AND y.deleted = 0 ORDER BY y.recorded_at, y.id",
        (session_id,),
    ):
        where = ""
        linked = row["agenda_item_id"] if not row["item_deleted"] else None
        if linked and row["starts_at"]:
            where = f"{row['short_name']} {meeting_reference(row['starts_at'], row['number'])}"
        found.append(
            YieldRow(
                row["id"],
                row["session_id"],
                YieldKind(row["kind"]),
                row["text"],
                from_text(row["recorded_at"]),
                row["who"] or "",
                linked,
                where,
            )
        )
    return found


# For the dialogs that set up the day --------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    id: str
    name: str


@dataclass(frozen=True)
class SetupChoices:
    """What a session or faction can point at: PFOs, initiatives, hosts and municipalities."""

    pfos: list[Choice]
    initiatives: list[Choice]
    #: People in a PFO today (the regional portfolio holders), and the current hosts.
    hosts: list[Choice]
    municipalities: list[Choice]


def setup_choices(store: Store, day_id: str, on: date | None = None) -> SetupChoices:
    today = (on or date.today()).isoformat()

    def choices(sql: str, params: tuple[str, ...] = ()) -> list[Choice]:
        return [Choice(row[0], row[1]) for row in store.query(sql, params)]

    return SetupChoices(
        pfos=choices("SELECT id, name FROM pfo WHERE deleted = 0 ORDER BY name"),
        initiatives=choices("SELECT id, title FROM initiative WHERE deleted = 0 ORDER BY title"),
        hosts=choices(
            "SELECT id, name FROM person WHERE deleted = 0 AND (id IN (SELECT person_id FROM "
            'membership WHERE deleted = 0 AND start <= ? AND ("end" IS NULL OR "end" >= ?)) '
            "OR id IN (SELECT host_id FROM region_day_session WHERE region_day_id = ? "
            "AND deleted = 0)) ORDER BY name",
            (today, today, day_id),
        ),
        municipalities=choices("SELECT id, name FROM municipality WHERE deleted = 0 ORDER BY name"),
    )


def preferences_of(
    store: Store, *, member_id: str | None = None, faction_id: str | None = None
) -> dict[str, tuple[PreferenceKind, int | None]]:
    """The preferences of a member (or of a faction): session id -> (kind, rank)."""
    if (member_id is None) == (faction_id is None):
        raise ValueError("give a member or a faction")
    column = "member_id" if member_id is not None else "faction_id"
    return {
        row["session_id"]: (PreferenceKind(row["kind"]), row["rank"])
        for row in store.query(
            f"SELECT p.session_id, p.kind, p.rank FROM region_day_preference p "
            f"JOIN region_day_session s ON s.id = p.session_id "
            f"WHERE p.{column} = ? AND p.deleted = 0 AND s.deleted = 0",
            (member_id or faction_id,),
        )
    }
