"""``regiodesk-cli regionday ...``: the Twente-dag on the command line.

- ``regionday show [--day DAY]``: the day, its sessions and rooms, the plan;
- ``regionday import-preferences FILE [--day DAY]``: record a preference CSV (every bad line is
  named, and then nothing is recorded);
- ``regionday plan [--time-limit S] [--fresh] [--day DAY]``: plan, keeping the current plan
  where it can (``--fresh``: plan anew; kept assignments stay all the same);
- ``regionday schedule --member NAME --out FILE.pdf|FILE.ics``: a member's schedule;
  ``--faction "PARTY MUNICIPALITY"`` for a faction's;
- ``regionday rooms --out FILE.pdf``: the room lists for the hosts;
- ``regionday programme --out FILE.pdf``: the day's programme.

``DAY`` is the day's id, date (YYYY-MM-DD) or title; without it, the latest day.  A plan that
cannot be made exits with 4 (the input is wrong) and says why; so does a bad preference file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from regiodesk.errors import InvalidInput
from regiodesk.i18n import _, current_language, format_number
from regiodesk.permissions import SYSTEM
from regiodesk.store import Store
from regiodesk.timeutil import AMSTERDAM

EXIT_OK = 0


def add_commands(commands: Any) -> None:
    region_day = commands.add_parser("regionday", help=_("the Twente-dag: plan and schedules"))
    actions = region_day.add_subparsers(dest="regionday_command", required=True, metavar="ACTION")

    def with_day(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        parser.add_argument("--day", help=_("the day: its id, date or title (default: the latest)"))
        return parser

    with_day(actions.add_parser("show", help=_("the day, its sessions and the plan")))
    importing = with_day(
        actions.add_parser(
            "import-preferences", help=_("record the members' preferences from a CSV file")
        )
    )
    importing.add_argument("file", type=Path, help=_("the CSV file"))
    planning = with_day(
        actions.add_parser("plan", help=_("assign every member a session in every round"))
    )
    planning.add_argument(
        "--time-limit", type=float, default=10.0, help=_("seconds for the solver (default 10)")
    )
    planning.add_argument(
        "--fresh", action="store_true", help=_("plan anew (kept assignments still stay)")
    )
    schedule = with_day(
        actions.add_parser("schedule", help=_("a member's or a faction's schedule (PDF or .ics)"))
    )
    who = schedule.add_mutually_exclusive_group(required=True)
    who.add_argument("--member", help=_("the member's name"))
    who.add_argument("--faction", help=_("the faction: party and municipality, e.g. 'CDA Borne'"))
    schedule.add_argument("--out", type=Path, required=True, help=_("a .pdf or .ics file"))
    rooms = with_day(actions.add_parser("rooms", help=_("the room lists for the hosts (PDF)")))
    rooms.add_argument("--out", type=Path, required=True, help=_("the PDF file"))
    programme = with_day(actions.add_parser("programme", help=_("the day's programme (PDF)")))
    programme.add_argument("--out", type=Path, required=True, help=_("the PDF file"))


def region_day_command(store: Store, arguments: argparse.Namespace) -> int:
    from regiodesk.queries.region_day import find_day

    day = find_day(store, arguments.day)
    action = arguments.regionday_command
    if action == "show":
        return _show(store, day.id)
    if action == "import-preferences":
        return _import(store, day.id, arguments.file)
    if action == "plan":
        return _plan(store, day.id, arguments.time_limit, not arguments.fresh)
    if action == "schedule":
        return _schedule(store, day.id, arguments)
    if action in ("rooms", "programme"):
        return _document(store, day.id, action, arguments.out)
    raise AssertionError(action)


def _show(store: Store, day_id: str) -> int:
    from regiodesk.queries.region_day import overview

    day = overview(store, day_id)
    print(f"{day.title} · {day.held_on.isoformat()} · {day.venue}")
    print(
        _("{factions} factions, {members} members, {preferences} preferences").format(
            factions=format_number(day.factions),
            members=format_number(day.members),
            preferences=format_number(day.preferences),
        )
    )
    for slot in day.slots:
        print(f"  {slot.starts_at.astimezone(AMSTERDAM):%H:%M} {slot.title}")
        for session in (s for s in day.sessions if slot.id in s.round_ids):
            count = session.assigned.get(slot.id, 0)
            print(
                f"    {session.code:<3} {session.topic:<44} {session.room_name:<14} "
                f"{count:>4}/{session.capacity or 0}"
            )
    print(
        _plan_line(
            day.plan_status, day.plan_score, day.plan_objective, day.plan_bound, day.plan_gap
        )
    )
    return EXIT_OK


def _plan_line(
    status: str,
    score: float | None,
    objective: float | None,
    bound: float | None,
    gap: float | None,
) -> str:
    if score is None or objective is None or bound is None or gap is None:
        return _("Not planned yet.")
    return _(
        "Plan: score {score}; solver objective {objective}, bound {bound}, gap {gap}% ({status})"
    ).format(
        score=format_number(round(score)),
        objective=format_number(round(objective, 1)),
        bound=format_number(round(bound, 1)),
        gap=format_number(round(gap * 100, 2)),
        status=status,
    )


def _import(store: Store, day_id: str, path: Path) -> int:
    from regiodesk.commands.region_day import import_preferences, preference_context
    from regiodesk.region_day_csv import read_preferences_csv

    lines = read_preferences_csv(path, preference_context(store, day_id))
    result = import_preferences(store, SYSTEM, day_id, lines)
    print(
        _("{added} members added, {updated} members and {factions} factions updated").format(
            added=format_number(result.members_added),
            updated=format_number(result.members_updated),
            factions=format_number(result.factions_updated),
        )
    )
    return EXIT_OK


def _plan(store: Store, day_id: str, time_limit: float, keep: bool) -> int:
    from regiodesk.commands.region_day import plan_region_day

    if time_limit <= 0:
        raise InvalidInput(field="--time-limit", reason=_("must be more than 0 seconds"))
    result = plan_region_day(store, SYSTEM, day_id, time_limit=time_limit, keep_previous=keep)
    plan, greedy = result.plan, result.greedy
    print(_plan_line(plan.status, plan.score, plan.objective, plan.bound, plan.gap))
    print(
        _("{count} assignments in {seconds} s; greedy assignment scores {greedy}").format(
            count=format_number(len(plan.assignments)),
            seconds=format_number(round(plan.seconds, 2)),
            greedy=format_number(greedy.score),
        )
    )
    if plan.previous:
        print(
            _("{kept} of {previous} earlier assignments kept").format(
                kept=format_number(plan.kept), previous=format_number(plan.previous)
            )
        )
    return EXIT_OK


def _schedule(store: Store, day_id: str, arguments: argparse.Namespace) -> int:
    from regiodesk.queries.region_day import (
        faction_schedule,
        find_faction,
        find_member,
        member_schedule,
    )
    from regiodesk.region_day_output import schedule_ics, schedule_pdf, write_file

    if arguments.member:
        schedule = member_schedule(store, day_id, find_member(store, day_id, arguments.member).id)
    else:
        faction = find_faction(store, day_id, arguments.faction)
        schedule = faction_schedule(store, day_id, faction.id)
    out: Path = arguments.out
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        data = schedule_pdf(schedule, current_language())
    elif suffix == ".ics":
        data = schedule_ics(schedule, current_language())
    else:
        raise InvalidInput(field="--out", reason=_("give a .pdf or an .ics file"))
    write_file(data, out)
    print(_("Schedule of {name} written to {path}").format(name=schedule.title, path=out))
    return EXIT_OK


def _document(store: Store, day_id: str, kind: str, out: Path) -> int:
    from regiodesk.queries.region_day import overview, room_lists
    from regiodesk.region_day_output import programme_pdf, room_lists_pdf, write_file

    if out.suffix.lower() != ".pdf":
        raise InvalidInput(field="--out", reason=_("give a .pdf file"))
    if kind == "rooms":
        day, lists = room_lists(store, day_id)
        data = room_lists_pdf(day, lists, current_language())
    else:
        data = programme_pdf(overview(store, day_id), current_language())
    write_file(data, out)
    print(_("Written to {path}").format(path=out), file=sys.stdout)
    return EXIT_OK
