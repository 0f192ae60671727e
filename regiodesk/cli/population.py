"""``regiodesk-cli population import FILE`` and ``regiodesk-cli population list``."""

from __future__ import annotations

import argparse

from regiodesk.commands.population import import_population_figures, municipality_ids_by_code
from regiodesk.i18n import _, format_number
from regiodesk.permissions import SYSTEM
from regiodesk.population_csv import read_population_csv
from regiodesk.queries.population import latest_population_figures
from regiodesk.store import Store

EXIT_OK = 0


def population_command(store: Store, arguments: argparse.Namespace) -> int:
    if arguments.population_command == "import":
        return _import(store, arguments)
    if arguments.population_command == "list":
        return _list(store)
    raise AssertionError(arguments.population_command)


def _import(store: Store, arguments: argparse.Namespace) -> int:
    rows = read_population_csv(arguments.file, municipality_ids_by_code(store))
    result = import_population_figures(store, SYSTEM, rows)
    print(
        _("{new} new, {changed} changed figures").format(
            new=format_number(result.new), changed=format_number(result.changed)
        )
    )
    return EXIT_OK


def _list(store: Store) -> int:
    figures = latest_population_figures(store)
    if not figures:
        print(_("The store holds no municipalities."))
        return EXIT_OK
    table = [(_("CBS code"), _("municipality"), _("population"), _("reference date"))]
    table += [
        (
            figure.cbs_code,
            figure.name,
            format_number(figure.population) if figure.population is not None else "-",
            figure.reference_date.isoformat() if figure.reference_date else "-",
        )
        for figure in figures
    ]
    widths = [max(len(row[column]) for row in table) for column in range(4)]
    for code, name, population, reference_date in table:
        print(
            f"{code:<{widths[0]}}  {name:<{widths[1]}}  {population:>{widths[2]}}  {reference_date}"
        )
    return EXIT_OK
