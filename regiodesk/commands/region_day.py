"""The Twente-dag: set up the day, its rooms, slots and sessions, the factions and their members,
their preferences; save a plan; record what the sessions yield and turn it into a PFO agenda item.

The day is organised by the region's secretariat: an administrator or a PFO secretary.  A
session's host (a regional portfolio holder) records its yields too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from regiodesk import model
from regiodesk.commands._common import fetch, require_range, require_text
from regiodesk.errors import Conflict, InvalidInput, NotFound, NotPermitted
from regiodesk.i18n import _, format_date, format_number, ngettext
from regiodesk.ids import stable_id
from regiodesk.model.enums import ItemKind, PreferenceKind, SlotKind, YieldKind
from regiodesk.permissions import Actor, is_admin
from regiodesk.store import Store
from regiodesk.timeutil import AMSTERDAM, from_text, local_date, utc_now

MAX_CAPACITY = 10_000
MAX_SEATS = 100


def is_organiser(store: Store, actor: Actor) -> bool:
    """An administrator of the region, or a secretary (of a PFO or of the region) in office."""
    if is_admin(store, actor):
        return True
    today = date.today().isoformat()
    return bool(
        store.scalar(
            "SELECT 1 FROM role_assignment WHERE person_id = ? AND role = 'secretary' "
            'AND deleted = 0 AND start <= ? AND ("end" IS NULL OR "end" >= ?)',
            (actor.person_id, today, today),
        )
    )


def require_organiser(store: Store, actor: Actor) -> None:
    if not is_organiser(store, actor):
        raise NotPermitted(
            action=_("change the region day"),
            reason=_("only the region's secretariat organises the region day"),
        )


def _day_of(store: Store, table: str, entity_id: str) -> str:
    row = fetch(store, table, entity_id, "region_day_id")
    return str(row["region_day_id"])


# The day, its rooms and slots -------------------------------------------------------------------


def _require_free_date(store: Store, region_id: str, held_on: date, day_id: str = "") -> None:
    """One Twente-dag per date: a date names a day (``find_day``)."""
    if store.scalar(
        "SELECT 1 FROM region_day WHERE region_id = ? AND held_on = ? AND deleted = 0 AND id != ?",
        (region_id, held_on.isoformat(), day_id),
    ):
        raise Conflict(what=_("A Twente-dag on {date}").format(date=format_date(held_on, "long")))


def create_region_day(
    store: Store,
    actor: Actor,
    region_id: str,
    title: str,
    held_on: date,
    venue: str = "",
    municipality_cap_pct: int = 40,
) -> str:
    require_organiser(store, actor)
    fetch(store, "region", region_id, "id")
    values = {
        "region_id": region_id,
        "title": require_text(title, _("title")),
        "held_on": held_on,
        "venue": venue.strip(),
        "municipality_cap_pct": require_range(
            municipality_cap_pct, _("most of one municipality per session (%)"), 1, 100
        ),
    }
    _require_free_date(store, region_id, held_on)
    with store.write(actor.person_id) as writer:
        return writer.create(model.RegionDay, values)


def update_region_day(store: Store, actor: Actor, day_id: str, **fields: Any) -> bool:
    """Change the day's title, date, venue or municipality cap.  A new date moves every slot
    with it: each keeps its clock times."""
    editable = {"title", "held_on", "venue", "municipality_cap_pct"}
    unknown = set(fields) - editable
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    require_organiser(store, actor)
    day = fetch(store, "region_day", day_id, "region_id, held_on")
    if "title" in fields:
        fields["title"] = require_text(fields["title"], _("title"))
    if "venue" in fields:
        fields["venue"] = str(fields["venue"] or "").strip()
    if "municipality_cap_pct" in fields:
        require_range(
            fields["municipality_cap_pct"], _("most of one municipality per session (%)"), 1, 100
        )
    moved: list[tuple[str, datetime, datetime]] = []
    if "held_on" in fields:
        held_on = fields["held_on"]
        if not isinstance(held_on, date) or isinstance(held_on, datetime):
            raise ValueError("held_on must be a date")
        _require_free_date(store, str(day["region_id"]), held_on, day_id)
        if held_on.isoformat() != day["held_on"]:
            moved = [
                (slot.id, _on_day(held_on, slot.starts_at), _on_day(held_on, slot.ends_at))
                for slot in _slots(store, day_id)
            ]
    with store.write(actor.person_id) as writer:
        changed = writer.update(model.RegionDay, day_id, fields)
        for slot_id, starts_at, ends_at in moved:
            writer.update(
                model.RegionDaySlot, slot_id, {"starts_at": starts_at, "ends_at": ends_at}
            )
        return changed or bool(moved)


def _on_day(held_on: date, moment: datetime) -> datetime:
    """The same clock time (in Amsterdam) on another day."""
    clock = moment.astimezone(AMSTERDAM)
    return datetime.combine(held_on, clock.time().replace(tzinfo=None), tzinfo=AMSTERDAM)


def add_room(store: Store, actor: Actor, day_id: str, name: str, capacity: int) -> str:
    require_organiser(store, actor)
    fetch(store, "region_day", day_id, "id")
    values = {
        "region_day_id": day_id,
        "name": require_text(name, _("room")),
        "capacity": require_range(capacity, _("capacity"), 1, MAX_CAPACITY),
    }
    with store.write(actor.person_id) as writer:
        return writer.create(model.RegionDayRoom, values)


def update_room(store: Store, actor: Actor, room_id: str, name: str, capacity: int) -> bool:
    require_organiser(store, actor)
    fetch(store, "region_day_room", room_id, "id")
    values = {
        "name": require_text(name, _("room")),
        "capacity": require_range(capacity, _("capacity"), 1, MAX_CAPACITY),
    }
    with store.write(actor.person_id) as writer:
        return writer.update(model.RegionDayRoom, room_id, values)


def remove_room(store: Store, actor: Actor, room_id: str) -> None:
    """Remove a room that no session and no plenary block uses."""
    require_organiser(store, actor)
    fetch(store, "region_day_room", room_id, "id")
    users = [
        str(row[0])
        for row in store.query(
            "SELECT code FROM region_day_session WHERE room_id = ? AND deleted = 0 "
            "UNION ALL SELECT title FROM region_day_slot WHERE room_id = ? AND deleted = 0",
            (room_id, room_id),
        )
    ]
    if users:
        raise InvalidInput(
            field=_("room"),
            reason=ngettext(
                "{users} still uses the room; give it another room first",
                "{users} still use the room; give them another room first",
                len(users),
            ).format(users=", ".join(users)),
        )
    with store.write(actor.person_id) as writer:
        writer.delete(model.RegionDayRoom, room_id)


@dataclass(frozen=True)
class _SlotRow:
    id: str
    kind: SlotKind
    title: str
    starts_at: datetime
    ends_at: datetime


def _slots(store: Store, day_id: str) -> list[_SlotRow]:
    """The live slots of a day, in the day's order."""
    return [
        _SlotRow(
            row["id"],
            SlotKind(row["kind"]),
            row["title"],
            from_text(row["starts_at"]),
            from_text(row["ends_at"]),
        )
        for row in store.query(
            "SELECT id, kind, title, starts_at, ends_at FROM region_day_slot "
            "WHERE region_day_id = ? AND deleted = 0 ORDER BY starts_at, id",
            (day_id,),
        )
    ]


def _clock(moment: datetime) -> str:
    return f"{moment.astimezone(AMSTERDAM):%H:%M}"


def _check_slot(
    store: Store,
    day_id: str,
    slot_id: str | None,
    kind: SlotKind,
    starts_at: datetime,
    ends_at: datetime,
    room_id: str | None,
) -> None:
    """A slot lies within its day, ends after it starts, overlaps no other slot of the day; a
    plenary block may have a room of its day, a round has none (its sessions have rooms)."""
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValueError("a slot's start and end must carry their time zone")
    if ends_at <= starts_at:
        raise InvalidInput(field=_("end"), reason=_("the end must be after the start"))
    held_on = date.fromisoformat(str(fetch(store, "region_day", day_id, "held_on")["held_on"]))
    for field, moment in ((_("start"), starts_at), (_("end"), ends_at)):
        if local_date(moment) != held_on:
            raise InvalidInput(
                field=field,
                reason=_("a time slot lies within the day itself ({date})").format(
                    date=format_date(held_on, "long")
                ),
            )
    if room_id is not None:
        if kind is SlotKind.ROUND:
            raise InvalidInput(
                field=_("room"),
                reason=_("a round has no room of its own: each of its sessions has one"),
            )
        if _day_of(store, "region_day_room", room_id) != day_id:
            raise InvalidInput(field=_("room"), reason=_("the room belongs to another day"))
    for other in _slots(store, day_id):
        if other.id != slot_id and starts_at < other.ends_at and other.starts_at < ends_at:
            raise InvalidInput(
                field=_("time"),
                reason=_("the slot overlaps {slot} ({start}–{end})").format(
                    slot=other.title, start=_clock(other.starts_at), end=_clock(other.ends_at)
                ),
            )


def _slot_title(kind: SlotKind, title: str) -> str:
    """The title as given; a blank one gets a name: a round its number (set by
    ``_renumber_rounds``), a plenary block "Plenary"."""
    text = title.strip()
    if text:
        return text
    return _("Round {number}").format(number=0) if kind is SlotKind.ROUND else _("Plenary")


def _round_patterns() -> list[tuple[str, re.Pattern[str]]]:
    templates = dict.fromkeys([_("Round {number}"), "Round {number}"])
    patterns = []
    for template in templates:
        before, _marker, after = template.partition("{number}")
        patterns.append((template, re.compile(rf"^{re.escape(before)}(\d+){re.escape(after)}$")))
    return patterns


def _renumber_rounds(store: Store, writer: Any, day_id: str) -> None:
    """Rounds named by their number ("Round 2") are numbered again in the day's order; a round
    with a name of its own keeps it."""
    patterns = _round_patterns()
    rounds = [slot for slot in _slots(store, day_id) if slot.kind is SlotKind.ROUND]
    for number, slot in enumerate(rounds, start=1):
        for template, pattern in patterns:
            found = pattern.match(slot.title)
            if found is not None:
                if int(found.group(1)) != number:
                    title = template.format(number=number)
                    writer.update(model.RegionDaySlot, slot.id, {"title": title})
                break


def add_slot(
    store: Store,
    actor: Actor,
    day_id: str,
    kind: SlotKind,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    room_id: str | None = None,
) -> str:
    """Add a round or a plenary block; a round without a title is named by its number."""
    require_organiser(store, actor)
    fetch(store, "region_day", day_id, "id")
    kind = SlotKind(kind)
    _check_slot(store, day_id, None, kind, starts_at, ends_at, room_id)
    values = {
        "region_day_id": day_id,
        "kind": kind,
        "title": _slot_title(kind, title),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "room_id": room_id,
    }
    with store.write(actor.person_id) as writer:
        slot_id = writer.create(model.RegionDaySlot, values)
        _renumber_rounds(store, writer, day_id)
    return slot_id


def update_slot(
    store: Store,
    actor: Actor,
    slot_id: str,
    kind: SlotKind,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    room_id: str | None = None,
) -> bool:
    """Change a slot's kind, title, times or room.  A round that is in use stays a round."""
    require_organiser(store, actor)
    row = fetch(store, "region_day_slot", slot_id, "region_day_id, kind, title")
    day_id = str(row["region_day_id"])
    kind = SlotKind(kind)
    if kind is not SlotKind.ROUND and row["kind"] == SlotKind.ROUND.value:
        _require_unused_round(store, slot_id, str(row["title"]))
    _check_slot(store, day_id, slot_id, kind, starts_at, ends_at, room_id)
    values = {
        "kind": kind,
        "title": title.strip() or (row["title"] if kind.value == row["kind"] else ""),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "room_id": room_id,
    }
    values["title"] = _slot_title(kind, str(values["title"]))
    with store.write(actor.person_id) as writer:
        changed = writer.update(model.RegionDaySlot, slot_id, values)
        _renumber_rounds(store, writer, day_id)
    return changed


def _require_unused_round(store: Store, slot_id: str, title: str) -> None:
    """A round in which sessions run, or to which members are assigned, is refused: the
    refusal names the sessions and counts the members."""
    codes = [
        str(row[0])
        for row in store.query(
            "SELECT s.code FROM region_day_session_round r "
            "JOIN region_day_session s ON s.id = r.session_id "
            "WHERE r.slot_id = ? AND r.deleted = 0 AND s.deleted = 0 ORDER BY s.code",
            (slot_id,),
        )
    ]
    assigned = int(
        store.scalar(
            "SELECT count(*) FROM region_day_assignment a "
            "JOIN region_day_member m ON m.id = a.member_id "
            "WHERE a.slot_id = ? AND a.deleted = 0 AND m.deleted = 0",
            (slot_id,),
        )
        or 0
    )
    uses = []
    if codes:
        uses.append(
            ngettext("session {codes} runs in it", "sessions {codes} run in it", len(codes)).format(
                codes=", ".join(codes)
            )
        )
    if assigned:
        uses.append(
            ngettext(
                "{count} member is assigned to it",
                "{count} members are assigned to it",
                assigned,
            ).format(count=format_number(assigned))
        )
    if uses:
        raise InvalidInput(
            field=_("round"),
            reason=_(
                "{round} is in use ({uses}); take the sessions out of this round and plan "
                "again first"
            ).format(round=title, uses="; ".join(uses)),
        )


def remove_slot(store: Store, actor: Actor, slot_id: str) -> None:
    """Remove a plenary block, or a round that no session runs in and no member is assigned to;
    the rounds named by their number are numbered again."""
    require_organiser(store, actor)
    row = fetch(store, "region_day_slot", slot_id, "region_day_id, kind, title")
    if row["kind"] == SlotKind.ROUND.value:
        _require_unused_round(store, slot_id, str(row["title"]))
    with store.write(actor.person_id) as writer:
        writer.delete(model.RegionDaySlot, slot_id)
        _renumber_rounds(store, writer, str(row["region_day_id"]))


# Sessions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionSpec:
    code: str
    topic: str
    description: str = ""
    pfo_id: str | None = None
    initiative_id: str | None = None
    host_id: str | None = None
    room_id: str | None = None
    #: The rounds it runs in (slot ids of kind ``round``).
    round_ids: tuple[str, ...] = ()


def _check_session(store: Store, day_id: str, spec: SessionSpec, session_id: str | None) -> None:
    code = require_text(spec.code, _("code"))
    require_text(spec.topic, _("topic"))
    clash = store.scalar(
        "SELECT id FROM region_day_session WHERE region_day_id = ? AND deleted = 0 "
        "AND lower(code) = lower(?) AND id != ?",
        (day_id, code, session_id or ""),
    )
    if clash:
        raise Conflict(what=_("A session with code {code}").format(code=code))
    if spec.room_id is not None and _day_of(store, "region_day_room", spec.room_id) != day_id:
        raise InvalidInput(field=_("room"), reason=_("the room belongs to another day"))
    for slot_id in spec.round_ids:
        slot = fetch(store, "region_day_slot", slot_id, "region_day_id, kind")
        if slot["region_day_id"] != day_id or slot["kind"] != SlotKind.ROUND.value:
            raise InvalidInput(
                field=_("rounds"), reason=_("a session runs only in rounds of its day")
            )
    if spec.pfo_id is not None:
        fetch(store, "pfo", spec.pfo_id, "id")
    if spec.initiative_id is not None:
        fetch(store, "initiative", spec.initiative_id, "id")
    if spec.host_id is not None:
        fetch(store, "person", spec.host_id, "id")


def add_session(store: Store, actor: Actor, day_id: str, spec: SessionSpec) -> str:
    require_organiser(store, actor)
    fetch(store, "region_day", day_id, "id")
    _check_session(store, day_id, spec, None)
    with store.write(actor.person_id) as writer:
        session_id = writer.create(
            model.RegionDaySession,
            {
                "region_day_id": day_id,
                "code": spec.code.strip(),
                "topic": spec.topic.strip(),
                "description": spec.description.strip(),
                "pfo_id": spec.pfo_id,
                "initiative_id": spec.initiative_id,
                "host_id": spec.host_id,
                "room_id": spec.room_id,
            },
        )
        _set_rounds(store, writer, session_id, spec.round_ids)
    return session_id


def update_session(store: Store, actor: Actor, session_id: str, spec: SessionSpec) -> None:
    require_organiser(store, actor)
    day_id = _day_of(store, "region_day_session", session_id)
    _check_session(store, day_id, spec, session_id)
    with store.write(actor.person_id) as writer:
        writer.update(
            model.RegionDaySession,
            session_id,
            {
                "code": spec.code.strip(),
                "topic": spec.topic.strip(),
                "description": spec.description.strip(),
                "pfo_id": spec.pfo_id,
                "initiative_id": spec.initiative_id,
                "host_id": spec.host_id,
                "room_id": spec.room_id,
            },
        )
        _set_rounds(store, writer, session_id, spec.round_ids)


def remove_session(store: Store, actor: Actor, session_id: str) -> None:
    """Remove a session with its rounds, the preferences for it and the assignments to it.  A
    session that has yielded something keeps it: it cannot be removed then."""
    require_organiser(store, actor)
    fetch(store, "region_day_session", session_id, "id")
    if store.scalar(
        "SELECT 1 FROM region_day_yield WHERE session_id = ? AND deleted = 0", (session_id,)
    ):
        raise InvalidInput(
            field=_("session"),
            reason=_("the session has recorded yields; remove those first"),
        )
    dependants = (
        (model.RegionDaySessionRound, "region_day_session_round"),
        (model.RegionDayPreference, "region_day_preference"),
        (model.RegionDayAssignment, "region_day_assignment"),
    )
    with store.write(actor.person_id) as writer:
        for entity, table in dependants:
            for row in store.query(
                f"SELECT id FROM {table} WHERE session_id = ? AND deleted = 0", (session_id,)
            ):
                writer.delete(entity, row["id"])
        writer.delete(model.RegionDaySession, session_id)


def _set_rounds(store: Store, writer: Any, session_id: str, round_ids: Iterable[str]) -> None:
    wanted = set(round_ids)
    current = {
        row["slot_id"]: (row["id"], bool(row["deleted"]))
        for row in store.query(
            "SELECT id, slot_id, deleted FROM region_day_session_round WHERE session_id = ?",
            (session_id,),
        )
    }
    for slot_id, (row_id, deleted) in current.items():
        if slot_id in wanted and deleted:
            writer.restore(model.RegionDaySessionRound, row_id)
        elif slot_id not in wanted and not deleted:
            writer.delete(model.RegionDaySessionRound, row_id)
    for slot_id in sorted(wanted - set(current)):
        writer.create(
            model.RegionDaySessionRound,
            {"session_id": session_id, "slot_id": slot_id},
            stable_id("region_day_session_round", session_id, slot_id),
        )


# Factions, members, preferences -------------------------------------------------------------------


def add_faction(
    store: Store, actor: Actor, day_id: str, municipality_id: str, party: str, seats: int
) -> str:
    require_organiser(store, actor)
    fetch(store, "region_day", day_id, "id")
    fetch(store, "municipality", municipality_id, "id")
    party = require_text(party, _("party"))
    if store.scalar(
        "SELECT 1 FROM region_day_faction WHERE region_day_id = ? AND municipality_id = ? "
        "AND lower(party) = lower(?) AND deleted = 0",
        (day_id, municipality_id, party),
    ):
        raise Conflict(what=_("The faction {party}").format(party=party))
    values = {
        "region_day_id": day_id,
        "municipality_id": municipality_id,
        "party": party,
        "seats": require_range(seats, _("seats"), 0, MAX_SEATS),
    }
    with store.write(actor.person_id) as writer:
        return writer.create(model.RegionDayFaction, values)


def update_faction(store: Store, actor: Actor, faction_id: str, party: str, seats: int) -> bool:
    require_organiser(store, actor)
    row = fetch(store, "region_day_faction", faction_id, "region_day_id, municipality_id")
    party = require_text(party, _("party"))
    if store.scalar(
        "SELECT 1 FROM region_day_faction WHERE region_day_id = ? AND municipality_id = ? "
        "AND lower(party) = lower(?) AND deleted = 0 AND id != ?",
        (row["region_day_id"], row["municipality_id"], party, faction_id),
    ):
        raise Conflict(what=_("The faction {party}").format(party=party))
    values = {"party": party, "seats": require_range(seats, _("seats"), 0, MAX_SEATS)}
    with store.write(actor.person_id) as writer:
        return writer.update(model.RegionDayFaction, faction_id, values)


def remove_faction(store: Store, actor: Actor, faction_id: str) -> None:
    """A faction that does not come: it goes with its members, their assignments and all their
    preferences (tombstones)."""
    require_organiser(store, actor)
    fetch(store, "region_day_faction", faction_id, "id")
    member_ids = [
        row["id"]
        for row in store.query(
            "SELECT id FROM region_day_member WHERE faction_id = ? AND deleted = 0", (faction_id,)
        )
    ]
    with store.write(actor.person_id) as writer:
        for member_id in member_ids:
            _remove_member_rows(store, writer, member_id)
        for row in store.query(
            "SELECT id FROM region_day_preference WHERE faction_id = ? AND deleted = 0",
            (faction_id,),
        ):
            writer.delete(model.RegionDayPreference, row["id"])
        writer.delete(model.RegionDayFaction, faction_id)


def _remove_member_rows(store: Store, writer: Any, member_id: str) -> None:
    for entity, table in (
        (model.RegionDayAssignment, "region_day_assignment"),
        (model.RegionDayPreference, "region_day_preference"),
    ):
        for row in store.query(
            f"SELECT id FROM {table} WHERE member_id = ? AND deleted = 0", (member_id,)
        ):
            writer.delete(entity, row["id"])
    writer.delete(model.RegionDayMember, member_id)


def rename_member(store: Store, actor: Actor, member_id: str, name: str) -> bool:
    require_organiser(store, actor)
    row = fetch(store, "region_day_member", member_id, "faction_id")
    name = require_text(name, _("name"))
    if store.scalar(
        "SELECT 1 FROM region_day_member WHERE faction_id = ? AND lower(name) = lower(?) "
        "AND deleted = 0 AND id != ?",
        (row["faction_id"], name, member_id),
    ):
        raise Conflict(what=_("The member {name}").format(name=name))
    with store.write(actor.person_id) as writer:
        return writer.update(model.RegionDayMember, member_id, {"name": name})


def add_member(
    store: Store, actor: Actor, faction_id: str, name: str, person_id: str | None = None
) -> str:
    require_organiser(store, actor)
    fetch(store, "region_day_faction", faction_id, "id")
    name = require_text(name, _("name"))
    if store.scalar(
        "SELECT 1 FROM region_day_member WHERE faction_id = ? AND lower(name) = lower(?) "
        "AND deleted = 0",
        (faction_id, name),
    ):
        raise Conflict(what=_("The member {name}").format(name=name))
    with store.write(actor.person_id) as writer:
        return writer.create(
            model.RegionDayMember,
            {"faction_id": faction_id, "name": name, "person_id": person_id},
        )


def remove_member(store: Store, actor: Actor, member_id: str) -> None:
    """A member who no longer comes: the member, their assignments and their preferences go
    (tombstones)."""
    require_organiser(store, actor)
    fetch(store, "region_day_member", member_id, "id")
    with store.write(actor.person_id) as writer:
        _remove_member_rows(store, writer, member_id)


@dataclass(frozen=True)
class PreferenceSpec:
    session_id: str
    kind: PreferenceKind
    rank: int | None = None


def set_preferences(
    store: Store,
    actor: Actor,
    preferences: Sequence[PreferenceSpec],
    *,
    member_id: str | None = None,
    faction_id: str | None = None,
) -> None:
    """Replace the preferences of a member (or of a faction, for all its members)."""
    require_organiser(store, actor)
    if (member_id is None) == (faction_id is None):
        raise ValueError("give a member or a faction")
    owner = member_id or faction_id
    assert owner is not None
    if member_id is not None:
        day_id = _member_day(store, member_id)
    else:
        assert faction_id is not None
        day_id = _day_of(store, "region_day_faction", faction_id)
    sessions = {
        row["id"]
        for row in store.query(
            "SELECT id FROM region_day_session WHERE region_day_id = ? AND deleted = 0", (day_id,)
        )
    }
    ranks: dict[int, str] = {}
    seen: set[str] = set()
    for spec in preferences:
        if spec.session_id not in sessions:
            raise NotFound(kind=_("session"), id=spec.session_id)
        if spec.session_id in seen:
            raise InvalidInput(field=_("preferences"), reason=_("a session is given twice"))
        seen.add(spec.session_id)
        if PreferenceKind(spec.kind) is PreferenceKind.RANKED:
            if spec.rank is None or spec.rank < 1:
                raise InvalidInput(field=_("rank"), reason=_("a rank is a whole number from 1"))
            if spec.rank in ranks:
                raise InvalidInput(
                    field=_("rank"),
                    reason=_("rank {rank} is given to two sessions").format(rank=spec.rank),
                )
            ranks[spec.rank] = spec.session_id
    column = "member_id" if member_id is not None else "faction_id"
    current = {
        row["session_id"]: row
        for row in store.query(
            f"SELECT id, session_id, kind, rank, deleted FROM region_day_preference "
            f"WHERE {column} = ?",
            (owner,),
        )
    }
    with store.write(actor.person_id) as writer:
        for spec in preferences:
            kind = PreferenceKind(spec.kind)
            rank = spec.rank if kind is PreferenceKind.RANKED else None
            row = current.get(spec.session_id)
            if row is None:
                writer.create(
                    model.RegionDayPreference,
                    {
                        "session_id": spec.session_id,
                        "member_id": member_id,
                        "faction_id": faction_id,
                        "kind": kind,
                        "rank": rank,
                    },
                    stable_id("region_day_preference", owner, spec.session_id),
                )
                continue
            if row["deleted"]:
                writer.restore(model.RegionDayPreference, row["id"])
            writer.update(model.RegionDayPreference, row["id"], {"kind": kind, "rank": rank})
        for session_id, row in current.items():
            if session_id not in seen and not row["deleted"]:
                writer.delete(model.RegionDayPreference, row["id"])


def _member_day(store: Store, member_id: str) -> str:
    row = store.query(
        "SELECT f.region_day_id FROM region_day_member m "
        "JOIN region_day_faction f ON f.id = m.faction_id WHERE m.id = ? AND m.deleted = 0",
        (member_id,),
    )
    if not row:
        raise NotFound(kind=_("member"), id=member_id)
    return str(row[0][0])


# The plan ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SavedPlan:
    created: int
    changed: int
    removed: int


def save_plan(
    store: Store,
    actor: Actor,
    day_id: str,
    assignments: Mapping[tuple[str, str], str],
    *,
    score: float,
    objective: float,
    bound: float,
    status: str,
) -> SavedPlan:
    """Store a plan: (member id, round id) -> session id.  An assignment row per member and
    round keeps its id (stable), so a plan made again changes only what moved; a kept (locked)
    assignment is never changed."""
    require_organiser(store, actor)
    fetch(store, "region_day", day_id, "id")
    current = {
        (row["member_id"], row["slot_id"]): row
        for row in store.query(
            "SELECT a.id, a.member_id, a.slot_id, a.session_id, a.locked, a.deleted "
            "FROM region_day_assignment a JOIN region_day_slot s ON s.id = a.slot_id "
            "WHERE s.region_day_id = ?",
            (day_id,),
        )
    }
    created = changed = removed = 0
    with store.write(actor.person_id) as writer:
        rows: list[dict[str, Any]] = []
        for (member_id, slot_id), session_id in sorted(assignments.items()):
            row = current.get((member_id, slot_id))
            if row is None:
                rows.append(
                    {
                        "id": stable_id("region_day_assignment", member_id, slot_id),
                        "member_id": member_id,
                        "slot_id": slot_id,
                        "session_id": session_id,
                        "locked": False,
                    }
                )
                continue
            if row["locked"] and not row["deleted"] and row["session_id"] != session_id:
                raise InvalidInput(field=_("plan"), reason=_("the plan moves a kept assignment"))
            if row["deleted"]:
                writer.restore(model.RegionDayAssignment, row["id"])
                created += 1
            elif row["session_id"] != session_id:
                changed += 1
            writer.update(model.RegionDayAssignment, row["id"], {"session_id": session_id})
        created += len(writer.create_many(model.RegionDayAssignment, rows))
        for key, row in current.items():
            if key not in assignments and not row["deleted"]:
                writer.delete(model.RegionDayAssignment, row["id"])
                removed += 1
        writer.update(
            model.RegionDay,
            day_id,
            {
                "planned_at": utc_now(),
                "plan_score": float(score),
                "plan_objective": float(objective),
                "plan_bound": float(bound),
                "plan_status": status,
            },
        )
    return SavedPlan(created, changed, removed)


def set_assignment(
    store: Store, actor: Actor, member_id: str, slot_id: str, session_id: str, locked: bool = True
) -> str:
    """Put a member in a session for a round by hand (kept when planning again, by default)."""
    require_organiser(store, actor)
    day_id = _member_day(store, member_id)
    slot = fetch(store, "region_day_slot", slot_id, "region_day_id")
    session = fetch(store, "region_day_session", session_id, "region_day_id")
    if slot["region_day_id"] != day_id or session["region_day_id"] != day_id:
        raise InvalidInput(field=_("session"), reason=_("the session belongs to another day"))
    if not store.scalar(
        "SELECT 1 FROM region_day_session_round WHERE session_id = ? AND slot_id = ? "
        "AND deleted = 0",
        (session_id, slot_id),
    ):
        raise InvalidInput(field=_("session"), reason=_("the session does not run in this round"))
    assignment_id = stable_id("region_day_assignment", member_id, slot_id)
    existing = store.query(
        "SELECT deleted FROM region_day_assignment WHERE id = ?", (assignment_id,)
    )
    values = {"session_id": session_id, "locked": locked}
    with store.write(actor.person_id) as writer:
        if not existing:
            writer.create(
                model.RegionDayAssignment,
                {"member_id": member_id, "slot_id": slot_id, **values},
                assignment_id,
            )
        else:
            if existing[0]["deleted"]:
                writer.restore(model.RegionDayAssignment, assignment_id)
            writer.update(model.RegionDayAssignment, assignment_id, values)
    return assignment_id


def lock_assignment(store: Store, actor: Actor, assignment_id: str, locked: bool) -> bool:
    require_organiser(store, actor)
    fetch(store, "region_day_assignment", assignment_id, "id")
    with store.write(actor.person_id) as writer:
        return writer.update(model.RegionDayAssignment, assignment_id, {"locked": locked})


# What the sessions yield --------------------------------------------------------------------------


def _require_yield_recorder(store: Store, actor: Actor, session_id: str) -> None:
    host = fetch(store, "region_day_session", session_id, "host_id")["host_id"]
    if is_organiser(store, actor) or (host is not None and host == actor.person_id):
        return
    raise NotPermitted(
        action=_("record what this session yields"),
        reason=_("only the session's host and the secretariat record it"),
    )


def record_yield(store: Store, actor: Actor, session_id: str, kind: YieldKind, text: str) -> str:
    _require_yield_recorder(store, actor, session_id)
    values = {
        "session_id": session_id,
        "kind": YieldKind(kind),
        "text": require_text(text, _("text")),
        "recorded_by": actor.person_id,
        "recorded_at": utc_now(),
    }
    with store.write(actor.person_id) as writer:
        return writer.create(model.RegionDayYield, values)


def update_yield(store: Store, actor: Actor, yield_id: str, kind: YieldKind, text: str) -> bool:
    row = fetch(store, "region_day_yield", yield_id, "session_id")
    _require_yield_recorder(store, actor, row["session_id"])
    values = {"kind": YieldKind(kind), "text": require_text(text, _("text"))}
    with store.write(actor.person_id) as writer:
        return writer.update(model.RegionDayYield, yield_id, values)


def remove_yield(store: Store, actor: Actor, yield_id: str) -> None:
    row = fetch(store, "region_day_yield", yield_id, "session_id")
    _require_yield_recorder(store, actor, row["session_id"])
    with store.write(actor.person_id) as writer:
        writer.delete(model.RegionDayYield, yield_id)


@dataclass(frozen=True)
class AgendaTarget:
    pfo_id: str
    pfo_name: str
    meeting_id: str
    meeting_number: int
    starts_at: datetime


def agenda_target(store: Store, yield_id: str) -> AgendaTarget:
    """The meeting a yield goes to: the next draft or published meeting of the PFO of the
    session's domain (the session's PFO, else its initiative's)."""
    from regiodesk.timeutil import to_text

    row = store.query(
        "SELECT s.pfo_id, i.pfo_id AS initiative_pfo, s.topic FROM region_day_yield y "
        "JOIN region_day_session s ON s.id = y.session_id "
        "LEFT JOIN initiative i ON i.id = s.initiative_id WHERE y.id = ? AND y.deleted = 0",
        (yield_id,),
    )
    if not row:
        raise NotFound(kind=_("yield"), id=yield_id)
    pfo_id = row[0]["pfo_id"] or row[0]["initiative_pfo"]
    if pfo_id is None:
        raise InvalidInput(
            field=_("session"),
            reason=_("the session {topic} belongs to no PFO; give it one first").format(
                topic=row[0]["topic"]
            ),
        )
    pfo_name = str(store.scalar("SELECT name FROM pfo WHERE id = ?", (pfo_id,)))
    meeting = store.query(
        "SELECT id, number, starts_at FROM meeting WHERE pfo_id = ? AND deleted = 0 "
        "AND status IN ('draft', 'published') AND starts_at >= ? ORDER BY starts_at LIMIT 1",
        (pfo_id, to_text(utc_now())),
    )
    if not meeting:
        raise InvalidInput(
            field=_("meeting"),
            reason=_("{pfo} has no coming meeting in draft or published; plan one first").format(
                pfo=pfo_name
            ),
        )
    return AgendaTarget(
        pfo_id,
        pfo_name,
        meeting[0]["id"],
        int(meeting[0]["number"]),
        from_text(meeting[0]["starts_at"]),
    )


def make_agenda_item(store: Store, actor: Actor, yield_id: str) -> str:
    """Turn a yield into an agenda item of its PFO's next meeting, and keep the link."""
    from regiodesk.commands.agenda import ItemSpec, add_agenda_item

    row = fetch(store, "region_day_yield", yield_id, "session_id, kind, text, agenda_item_id")
    if row["agenda_item_id"] and store.scalar(
        "SELECT 1 FROM agenda_item WHERE id = ? AND deleted = 0", (row["agenda_item_id"],)
    ):
        raise Conflict(what=_("An agenda item for this yield"))
    target = agenda_target(store, yield_id)
    session = fetch(store, "region_day_session", row["session_id"], "topic, region_day_id")
    day = fetch(store, "region_day", session["region_day_id"], "title, held_on")
    kind = YieldKind(row["kind"])
    text = str(row["text"])
    title = _("{day}: {kind} on {topic}").format(
        day=day["title"], kind=kind.label, topic=session["topic"]
    )
    item_kind = {
        YieldKind.QUESTION: ItemKind.DISCUSSION,
        YieldKind.STATEMENT: ItemKind.DISCUSSION,
        YieldKind.PROPOSAL: ItemKind.DECISION,
    }[kind]
    spec = ItemSpec(title=title[:200], kind=item_kind, proposal=text)
    with store.write(actor.person_id) as writer:
        item_id = add_agenda_item(store, actor, target.meeting_id, spec)
        writer.update(model.RegionDayYield, yield_id, {"agenda_item_id": item_id})
    return item_id


# Planning -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanResult:
    plan: Any  # regiodesk.region_day_planner.Plan
    greedy: Any  # regiodesk.region_day_planner.GreedyPlan
    saved: SavedPlan


def plan_region_day(
    store: Store,
    actor: Actor,
    day_id: str,
    time_limit: float = 10.0,
    keep_previous: bool = True,
    progress: Any = None,
    should_stop: Any = None,
) -> PlanResult:
    """Plan the day (keeping the current plan as far as possible, unless ``keep_previous`` is
    false; kept assignments always stay) and save it.  Raises ``PlanImpossible`` with the
    reasons, or ``PlanNotFound``; the store is then unchanged."""
    from regiodesk.queries.region_day import plan_input
    from regiodesk.region_day_planner import greedy_plan, plan

    require_organiser(store, actor)
    problem = plan_input(store, day_id, keep_previous=keep_previous)
    result = plan(problem, time_limit=time_limit, progress=progress, should_stop=should_stop)
    greedy = greedy_plan(problem)
    saved = save_plan(
        store,
        actor,
        day_id,
        result.assignments,
        score=result.score,
        objective=result.objective,
        bound=result.bound,
        status=result.status,
    )
    return PlanResult(result, greedy, saved)


# The preference file ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PreferenceImport:
    members_added: int
    members_updated: int
    factions_updated: int


def preference_context(store: Store, day_id: str) -> Any:
    """What a preference file of the day is checked against (``PreferenceContext``)."""
    from regiodesk.region_day_csv import PreferenceContext

    fetch(store, "region_day", day_id, "id")
    municipalities: dict[str, str] = {}
    for row in store.query("SELECT id, name, cbs_code FROM municipality WHERE deleted = 0"):
        municipalities[str(row["name"]).lower()] = row["id"]
        municipalities[str(row["cbs_code"]).lower()] = row["id"]
    factions = {
        (row["municipality_id"], str(row["party"]).lower()): row["id"]
        for row in store.query(
            "SELECT id, municipality_id, party FROM region_day_faction "
            "WHERE region_day_id = ? AND deleted = 0",
            (day_id,),
        )
    }
    sessions: dict[str, str] = {}
    codes: dict[str, str] = {}
    for row in store.query(
        "SELECT id, code, topic FROM region_day_session WHERE region_day_id = ? AND deleted = 0",
        (day_id,),
    ):
        sessions[str(row["topic"]).lower()] = row["id"]
        sessions[str(row["code"]).lower()] = row["id"]
        codes[row["id"]] = row["code"]
    return PreferenceContext(municipalities, factions, sessions, codes)


def import_preferences(
    store: Store, actor: Actor, day_id: str, lines: Sequence[Any]
) -> PreferenceImport:
    """Record the checked lines of a preference file (``PreferenceLine``), all in one
    transaction: unknown members are added to their faction, and each member's (or faction's)
    preferences become those of the file."""
    require_organiser(store, actor)
    fetch(store, "region_day", day_id, "id")
    added = updated = factions = 0
    with store.write(actor.person_id):
        for line in lines:
            specs = [PreferenceSpec(s, k, r) for s, k, r in line.preferences]
            if line.member_name is None:
                set_preferences(store, actor, specs, faction_id=line.faction_id)
                factions += 1
                continue
            member_id = store.scalar(
                "SELECT id FROM region_day_member WHERE faction_id = ? AND lower(name) = lower(?)"
                " AND deleted = 0",
                (line.faction_id, line.member_name),
            )
            if member_id is None:
                member_id = add_member(store, actor, line.faction_id, line.member_name)
                added += 1
            else:
                updated += 1
            set_preferences(store, actor, specs, member_id=member_id)
    return PreferenceImport(added, updated, factions)
