"""``regiodesk-cli calendar export (MEETING | --pfo PFO --year YEAR) --out FILE.ics``."""

from __future__ import annotations

import argparse

from regiodesk.calendar_export import meeting_calendar, pfo_year_calendar, write_calendar
from regiodesk.i18n import _, format_number, ngettext
from regiodesk.queries.meetings import find_meeting, find_pfo
from regiodesk.store import Store

EXIT_OK = 0


def calendar_problem(arguments: argparse.Namespace) -> str | None:
    """What is wrong with the command line of ``calendar export`` (None: nothing)."""
    if arguments.meeting is None and arguments.pfo is None:
        return _("name a meeting, or a PFO with --pfo and --year")
    if arguments.meeting is not None and (arguments.pfo is not None or arguments.year is not None):
        return _("name either a meeting or --pfo with --year, not both")
    if arguments.pfo is not None and arguments.year is None:
        return _("--pfo needs --year")
    return None


def calendar_command(store: Store, arguments: argparse.Namespace) -> int:
    if arguments.calendar_command != "export":
        raise AssertionError(arguments.calendar_command)
    if arguments.meeting is not None:
        calendar = meeting_calendar(store, find_meeting(store, arguments.meeting))
    else:
        calendar = pfo_year_calendar(store, find_pfo(store, arguments.pfo), arguments.year)
    target = write_calendar(calendar, arguments.out)
    count = len(calendar.meetings)
    print(
        ngettext(
            "{count} meeting written to {path}", "{count} meetings written to {path}", count
        ).format(count=format_number(count), path=target)
    )
    return EXIT_OK
