"""``regiodesk-cli initiatives report --municipality NAME_OR_CBS [--year YEAR] --out FILE.pdf``."""

from __future__ import annotations

import argparse

from regiodesk.i18n import _, format_money, format_number
from regiodesk.initiative_report import report_for, write_report
from regiodesk.store import Store

EXIT_OK = 0


def initiatives_command(store: Store, arguments: argparse.Namespace) -> int:
    if arguments.initiatives_command != "report":
        raise AssertionError(arguments.initiatives_command)
    report = report_for(store, arguments.municipality, arguments.year)
    target = write_report(report, arguments.out)
    print(
        _(
            "{municipality}: {count} initiatives taken part in, {total} per year; written to {path}"
        ).format(
            municipality=report.municipality.name,
            count=format_number(len(report.taking_part)),
            total=format_money(report.total),
            path=target,
        )
    )
    return EXIT_OK
