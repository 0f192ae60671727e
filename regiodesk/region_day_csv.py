"""Preferences for the Twente-dag as a council clerk sends them: a CSV file, often from Excel.

One row per member (or, with the name left empty, for the whole faction), one column per session:

===================  ==============================  ==========================================
English              Dutch                           value
===================  ==============================  ==========================================
``municipality``     ``gemeente``                    the municipality's name or CBS code
``party``            ``fractie`` / ``partij``        the faction, as the day knows it
``name``             ``naam`` / ``raadslid``         the member (empty: the faction's own row)
a session's code     or its topic                    ``must``/``moet``, ``want``/``wil``,
                                                     ``not``/``niet``, a rank ``1``, ``2``, ...
                                                     or empty
===================  ==============================  ==========================================

A member not yet known is added to the faction.  The delimiter (``;`` or ``,``) is detected; the
text is UTF-8, or else Windows-1252 (Excel's own).  Every problem is reported with its line
number, all at once, and then nothing of the file is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from regiodesk.csv_files import (
    CsvFileError,
    CsvProblem,
    header_key,
    missing_columns,
    read_file,
    read_rows,
)
from regiodesk.i18n import N_
from regiodesk.model.enums import PreferenceKind

COLUMNS: dict[str, tuple[str, ...]] = {
    "municipality": ("municipality", "gemeente", "gemeentenaam", "cbs_code", "gemeentecode"),
    "party": ("party", "faction", "fractie", "partij"),
    "name": ("name", "member", "naam", "raadslid", "lid"),
}
REQUIRED = ("municipality", "party", "name")
KINDS: dict[str, PreferenceKind] = {
    "must": PreferenceKind.MUST,
    "moet": PreferenceKind.MUST,
    "m": PreferenceKind.MUST,
    "want": PreferenceKind.WANT,
    "wil": PreferenceKind.WANT,
    "w": PreferenceKind.WANT,
    "not": PreferenceKind.NOT,
    "niet": PreferenceKind.NOT,
    "n": PreferenceKind.NOT,
}
MAX_RANK = 99


@dataclass(frozen=True)
class PreferenceContext:
    """What the file is checked against: the day's municipalities, factions and sessions."""

    #: name or CBS code (lower case) -> municipality id
    municipalities: Mapping[str, str]
    #: (municipality id, party in lower case) -> faction id
    factions: Mapping[tuple[str, str], str]
    #: code or topic (lower case) -> session id
    sessions: Mapping[str, str]
    #: session id -> its code (for messages)
    session_codes: Mapping[str, str]


@dataclass(frozen=True)
class PreferenceLine:
    line: int
    faction_id: str
    #: None: the faction's own preferences.
    member_name: str | None
    #: (session id, kind, rank)
    preferences: tuple[tuple[str, PreferenceKind, int | None], ...]


#: What is wrong on one line: a message template and its fields, translated when shown.
PreferenceProblem = CsvProblem


class PreferenceFileError(CsvFileError):
    template = N_("Preference file {path}: {count} problem(s); nothing was imported.")


def read_preferences_csv(path: Path, context: PreferenceContext) -> tuple[PreferenceLine, ...]:
    data = read_file(path, PreferenceFileError)
    return parse_preferences_csv(data, context, str(path))


def parse_preferences_csv(
    data: bytes, context: PreferenceContext, source: str = "-"
) -> tuple[PreferenceLine, ...]:
    """Check the bytes of a preference file; raise ``PreferenceFileError`` listing all problems."""
    table = read_rows(data, source, PreferenceFileError)
    positions: dict[str, int] = {}
    session_columns: dict[int, str] = {}
    problems: list[PreferenceProblem] = []
    for index, name in enumerate(table.header):
        key = header_key(name)
        column = next((c for c, names in COLUMNS.items() if key in names), None)
        if column is not None and column not in positions:
            positions[column] = index
            continue
        if not name.strip():
            continue
        session_id = context.sessions.get(name.strip().lower())
        if session_id is None:
            problems.append(
                PreferenceProblem(
                    1,
                    N_("the column {name!r} is no session of the day (use its code or topic)"),
                    {"name": name.strip()},
                )
            )
        else:
            session_columns[index] = session_id
    problems += missing_columns(positions, REQUIRED, COLUMNS)
    if problems:
        raise PreferenceFileError(source, problems)
    lines: list[PreferenceLine] = []
    first_line: dict[tuple[str, str], int] = {}
    for line, cells in table.rows:
        parsed = _line(cells, line, positions, session_columns, context, problems)
        if parsed is None:
            continue
        who = (parsed.faction_id, (parsed.member_name or "").casefold())
        if who in first_line:
            template = (
                N_("{name} of this faction appears twice (also on line {first})")
                if parsed.member_name
                else N_("the faction's own row appears twice (also on line {first})")
            )
            problems.append(
                PreferenceProblem(
                    line, template, {"name": parsed.member_name, "first": first_line[who]}
                )
            )
            continue
        first_line[who] = line
        lines.append(parsed)
    if problems:
        raise PreferenceFileError(source, problems)
    if not lines:
        raise PreferenceFileError(
            source, [PreferenceProblem(1, N_("the file holds no preferences"))]
        )
    return tuple(lines)


def _line(
    cells: list[str],
    line: int,
    positions: Mapping[str, int],
    session_columns: Mapping[int, str],
    context: PreferenceContext,
    problems: list[PreferenceProblem],
) -> PreferenceLine | None:
    def cell(index: int) -> str:
        return cells[index].strip() if index < len(cells) else ""

    before = len(problems)
    municipality_text = cell(positions["municipality"])
    party = cell(positions["party"])
    name = cell(positions["name"])
    municipality_id = context.municipalities.get(municipality_text.lower())
    faction_id: str | None = None
    if not municipality_text:
        problems.append(PreferenceProblem(line, N_("the municipality is empty")))
    elif municipality_id is None:
        problems.append(
            PreferenceProblem(
                line,
                N_("unknown municipality {name!r}: it is not in the region"),
                {"name": municipality_text},
            )
        )
    elif not party:
        problems.append(PreferenceProblem(line, N_("the party is empty")))
    else:
        faction_id = context.factions.get((municipality_id, party.lower()))
        if faction_id is None:
            problems.append(
                PreferenceProblem(
                    line,
                    N_("unknown faction {party!r} of {municipality}: add it to the day first"),
                    {"party": party, "municipality": municipality_text},
                )
            )
    preferences: list[tuple[str, PreferenceKind, int | None]] = []
    given: dict[str, int] = {}
    ranks: dict[int, str] = {}
    for index, session_id in session_columns.items():
        value = cell(index)
        if not value:
            continue
        code = context.session_codes.get(session_id, session_id)
        if session_id in given:
            problems.append(
                PreferenceProblem(
                    line,
                    N_("session {session} is ranked twice (columns {first} and {second})"),
                    {"session": code, "first": given[session_id] + 1, "second": index + 1},
                )
            )
            continue
        given[session_id] = index
        kind = KINDS.get(value.lower())
        if kind is not None:
            preferences.append((session_id, kind, None))
            continue
        if value.isdigit() and 1 <= int(value) <= MAX_RANK:
            rank = int(value)
            if rank in ranks:
                problems.append(
                    PreferenceProblem(
                        line,
                        N_("rank {rank} is given to both {first} and {second}"),
                        {"rank": rank, "first": ranks[rank], "second": code},
                    )
                )
                continue
            ranks[rank] = code
            preferences.append((session_id, PreferenceKind.RANKED, rank))
            continue
        problems.append(
            PreferenceProblem(
                line,
                N_("{value!r} for session {session} is not must, want, not or a rank (1, 2, ...)"),
                {"value": value, "session": code},
            )
        )
    if len(problems) > before or faction_id is None:
        return None
    return PreferenceLine(line, faction_id, name or None, tuple(preferences))
