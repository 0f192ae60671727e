"""``regiodesk-cli``: open a store, fill it with the demo region, inspect, check, back up, search.

Errors print one clear line on standard error and exit non-zero:

====  =========================================================
code  meaning
====  =========================================================
0     done
1     ``check`` found problems
2     the command line is wrong (argparse)
3     the store cannot be used (missing, read-only, full, damaged, too new, busy)
4     the input is wrong (a file, a date, a rule of the domain)
====  =========================================================
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from regiodesk import __version__
from regiodesk.errors import RegioDeskError, StoreError
from regiodesk.i18n import LANGUAGES, _, format_number, set_language
from regiodesk.store.paths import STORE_ENV, default_store_path

EXIT_OK, EXIT_PROBLEMS, EXIT_STORE, EXIT_INPUT = 0, 1, 3, 4


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="regiodesk-cli",
        description=_("RegioDesk on the command line: the store of a region's PFO meetings."),
    )
    parser.add_argument("--version", action="version", version=f"RegioDesk {__version__}")
    parser.add_argument(
        "--store",
        type=Path,
        help=_("the store file (default: ${env}, else the user's data folder)").format(
            env=STORE_ENV
        ),
    )
    parser.add_argument("--lang", choices=sorted(LANGUAGES), help=_("language of the output"))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help=_("fill an empty store with the Twente demo region"))
    demo.add_argument("--years", type=int, default=1, help=_("years of history (default 1)"))
    demo.add_argument("--seed", type=int, default=2026, help=_("seed of the generator"))
    demo.add_argument(
        "--anchor", type=date.fromisoformat, help=_("the demo's 'today' (YYYY-MM-DD)")
    )

    commands.add_parser("info", help=_("what the store holds"))
    commands.add_parser("check", help=_("check integrity and the change log"))

    backup = commands.add_parser("backup", help=_("write a consistent copy of the store"))
    backup.add_argument("target", type=Path, help=_("file or folder for the backup"))

    restore = commands.add_parser("restore", help=_("replace the store by a backup"))
    restore.add_argument("source", type=Path, help=_("the backup file"))

    search = commands.add_parser("search", help=_("full-text search"))
    search.add_argument("text", help=_("words to look for"))
    search.add_argument("--limit", type=int, default=20)

    population = commands.add_parser("population", help=_("the municipalities' population figures"))
    population_commands = population.add_subparsers(
        dest="population_command", required=True, metavar="ACTION"
    )
    population_import = population_commands.add_parser(
        "import", help=_("record the figures of a CSV file (CBS code, population, reference date)")
    )
    population_import.add_argument("file", type=Path, help=_("the CSV file"))
    population_commands.add_parser(
        "list", help=_("the municipalities with their latest figure and reference date")
    )

    from regiodesk.cli.decisions import add_commands as add_decision_commands

    add_decision_commands(commands)
    from regiodesk.cli.sync import add_commands as add_sync_commands

    add_sync_commands(commands)

    calendar = commands.add_parser("calendar", help=_("meetings as an iCalendar (.ics) file"))
    calendar_commands = calendar.add_subparsers(
        dest="calendar_command", required=True, metavar="ACTION"
    )
    calendar_export = calendar_commands.add_parser(
        "export", help=_("write one meeting, or a PFO's meetings of a year, to an .ics file")
    )
    calendar_export.add_argument(
        "meeting",
        nargs="?",
        metavar="MEETING",
        help=_("the meeting: its id, or its PFO and number (e.g. 'PFO MOB 2026-03')"),
    )
    calendar_export.add_argument("--pfo", help=_("the PFO whose meetings of --year to export"))
    calendar_export.add_argument("--year", type=int, help=_("the year (with --pfo)"))
    calendar_export.add_argument("--out", type=Path, required=True, help=_("the .ics file"))

    initiatives = commands.add_parser("initiatives", help=_("the region's initiatives"))
    initiatives_commands = initiatives.add_subparsers(
        dest="initiatives_command", required=True, metavar="ACTION"
    )
    report = initiatives_commands.add_parser(
        "report", help=_("a PDF of what one municipality pays for the region's initiatives")
    )
    report.add_argument(
        "--municipality", required=True, help=_("the municipality: its name or CBS code")
    )
    report.add_argument("--year", type=int, help=_("only the initiatives running in this year"))
    report.add_argument("--out", type=Path, required=True, help=_("the PDF file"))

    from regiodesk.cli.region_day import add_commands as add_region_day_commands

    add_region_day_commands(commands)
    return parser


def _progress(done: int, total: int) -> None:
    text = _("demo region: {percent} %").format(percent=done * 100 // max(total, 1))
    print(f"\r{text}", end="", file=sys.stderr, flush=True)


def run(arguments: argparse.Namespace) -> int:
    from regiodesk.store import Store

    path = arguments.store or default_store_path()
    if arguments.command == "verify" and not path.exists():
        from regiodesk.cli.decisions import verify_command

        return verify_command(None, arguments)  # signatures only: no store to compare with
    with Store.open(path, create=arguments.command == "demo") as store:
        if arguments.command == "demo":
            return _demo(store, arguments)
        if arguments.command == "info":
            return _info(store)
        if arguments.command == "check":
            return _check(store)
        if arguments.command == "backup":
            from regiodesk.store.backup import backup

            target = backup(store, arguments.target)
            print(_("Backup written to {path}").format(path=target))
            return EXIT_OK
        if arguments.command == "restore":
            from regiodesk.store.backup import restore

            safety = restore(store, arguments.source)
            print(
                _("Store restored from {source}; the previous content is kept in {safety}").format(
                    source=arguments.source, safety=safety
                )
            )
            return EXIT_OK
        if arguments.command == "search":
            return _search(store, arguments.text, arguments.limit)
        if arguments.command == "population":
            from regiodesk.cli.population import population_command

            return population_command(store, arguments)
        if arguments.command in ("sync", "bundle", "devices", "conflicts", "snapshot"):
            from regiodesk.cli import sync

            return {
                "snapshot": sync.snapshot_command,
                "sync": sync.sync_command,
                "bundle": sync.bundle_command,
                "devices": sync.devices_command,
                "conflicts": sync.conflicts_command,
            }[arguments.command](store, arguments)
        if arguments.command in ("decisions", "verify", "signing"):
            from regiodesk.cli import decisions

            handler = {
                "decisions": decisions.decisions_command,
                "verify": decisions.verify_command,
                "signing": decisions.signing_command,
            }[arguments.command]
            return handler(store, arguments)
        if arguments.command == "calendar":
            from regiodesk.cli.calendar import calendar_command

            return calendar_command(store, arguments)
        if arguments.command == "initiatives":
            from regiodesk.cli.initiatives import initiatives_command

            return initiatives_command(store, arguments)
        if arguments.command == "regionday":
            from regiodesk.cli.region_day import region_day_command

            return region_day_command(store, arguments)
    raise AssertionError(arguments.command)


def _demo(store: object, arguments: argparse.Namespace) -> int:
    from regiodesk.demo import generate_demo
    from regiodesk.errors import Conflict
    from regiodesk.store import Store

    assert isinstance(store, Store)
    from regiodesk.queries.summary import region_name

    region = region_name(store)
    if region:
        raise Conflict(what=_("The region {code}").format(code=region))
    summary = generate_demo(
        store,
        years=arguments.years,
        seed=arguments.seed,
        anchor=arguments.anchor,
        progress=_progress if sys.stderr.isatty() else None,
    )
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        _(
            "Demo region made in {path}: {meetings} meetings, {items} agenda items, "
            "{positions} positions."
        ).format(
            path=store.path,
            meetings=format_number(summary.meetings),
            items=format_number(summary.agenda_items),
            positions=format_number(summary.positions),
        )
    )
    return EXIT_OK


def _info(store: object) -> int:
    from regiodesk.queries.summary import summarize
    from regiodesk.store import Store

    assert isinstance(store, Store)
    summary = summarize(store)
    labels = {
        "municipality": _("municipalities"),
        "person": _("people"),
        "pfo": _("PFOs"),
        "membership": _("memberships"),
        "meeting": _("meetings"),
        "agenda_item": _("agenda items"),
        "document": _("documents"),
        "position": _("positions"),
        "decision": _("decisions"),
        "action": _("actions"),
        "council_follow_up": _("council follow-ups"),
        "private_note": _("private notes"),
    }
    rows = [
        (_("store"), summary.path),
        (_("size"), f"{summary.size_bytes / 1_048_576:.1f} MB"),
        (_("schema"), summary.schema),
        (_("region"), summary.region or _("(none: run 'regiodesk-cli demo')")),
        (_("this device"), summary.device_id),
    ]
    if summary.first_meeting:
        rows.append((_("meetings from"), f"{summary.first_meeting} .. {summary.last_meeting}"))
    rows += [(labels[key], format_number(value)) for key, value in summary.counts.items()]
    rows += [
        (_("change-log entries"), format_number(summary.change_log_entries)),
        (_("devices"), format_number(summary.devices)),
    ]
    width = max(len(label) for label, _value in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return EXIT_OK


def _check(store: object) -> int:
    from regiodesk.store import Store
    from regiodesk.store.check import check_store

    assert isinstance(store, Store)
    report = check_store(store)
    if report.ok:
        print(
            _("The store is whole: {entries} change-log entries explain every row.").format(
                entries=format_number(report.entries)
            )
        )
        return EXIT_OK
    for problem in report.problems:
        print(problem)
    print(_("{count} problem(s) found.").format(count=len(report.problems)), file=sys.stderr)
    return EXIT_PROBLEMS


def _search(store: object, text: str, limit: int) -> int:
    from regiodesk.queries.search import search
    from regiodesk.store import Store
    from regiodesk.timeutil import from_text, local_date

    assert isinstance(store, Store)
    hits = search(store, text, person_id=store.meta("demo_persona"), limit=limit)
    if not hits:
        print(_("Nothing found for “{text}”.").format(text=text))
    for hit in hits:
        where = (
            f"{hit.pfo_name} {local_date(from_text(hit.meeting_starts_at)).isoformat()}"
            if hit.meeting_starts_at
            else ""
        )
        text_line = hit.title if hit.title and not hit.snippet else hit.snippet
        print(f"{hit.kind:<13} {where:<22} {text_line}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    language = os.environ.get("REGIODESK_LANG", "nl")
    arguments_list = list(sys.argv[1:] if argv is None else argv)
    if "--lang" in arguments_list:
        index = arguments_list.index("--lang")
        if index + 1 < len(arguments_list):
            language = arguments_list[index + 1]
    set_language(language if language in LANGUAGES else "nl")
    parser = _parser()
    arguments = parser.parse_args(arguments_list)
    if arguments.command == "calendar":
        from regiodesk.cli.calendar import calendar_problem

        problem = calendar_problem(arguments)
        if problem:
            parser.error(problem)  # exits with 2, as argparse does
    try:
        return run(arguments)
    except StoreError as error:
        print(f"regiodesk-cli: {error}", file=sys.stderr)
        return EXIT_STORE
    except RegioDeskError as error:
        print(f"regiodesk-cli: {error}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print(_("Interrupted; nothing half-written was kept."), file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
