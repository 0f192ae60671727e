"""A CSV file as a clerk saves it, often from Excel: its bytes turned into rows with line numbers.

The text is UTF-8, with or without a byte-order mark, or else Windows-1252 (Excel's own); the
delimiter (``;`` as Dutch Excel writes, or ``,``) is detected.  A reader of such a file collects
what is wrong as ``CsvProblem``s, line by line and all at once, and raises its own
``CsvFileError`` with them: then nothing of the file is used.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from regiodesk.errors import RegioDeskError
from regiodesk.i18n import N_, _


@dataclass(frozen=True)
class CsvProblem:
    """What is wrong on one line: a message template and its fields, translated when shown."""

    line: int
    template: str
    fields: dict[str, Any] = field(default_factory=dict)

    def message(self) -> str:
        return _("line {line}: {problem}").format(
            line=self.line, problem=_(self.template).format(**self.fields)
        )


class CsvFileError(RegioDeskError):
    """The file cannot be used; ``problems`` lists everything that is wrong, line by line.

    Each kind of file has its own subclass with its own ``template`` (fields ``path``, ``count``).
    """

    template = N_("The file {path} has {count} problem(s); nothing was imported.")

    def __init__(
        self, path: str, problems: Sequence[CsvProblem] = (), count: int | None = None
    ) -> None:
        self.problems = tuple(problems)
        super().__init__(path=path, count=len(self.problems) if count is None else count)

    def message(self) -> str:
        lines = [_(self.template).format(**self.data)]
        lines += [f"  {problem.message()}" for problem in self.problems]
        return "\n".join(lines)


@dataclass(frozen=True)
class CsvRows:
    """The file read: its header, and its rows as they are read (blank ones left out)."""

    header: list[str]
    #: (line number, cells) per row; the line number is that of the row's last line in the file.
    #: An iterator: the rows are read once.
    rows: Iterator[tuple[int, list[str]]]
    #: ``utf-8-sig`` (with a byte-order mark), ``utf-8`` or ``cp1252``
    encoding: str
    delimiter: str


def read_file(path: Path, error: type[CsvFileError]) -> bytes:
    """The bytes of ``path``; ``error`` is raised if it does not exist or is a folder."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise error(str(path), [CsvProblem(0, N_("the file does not exist"))]) from None
    except IsADirectoryError:
        raise error(str(path), [CsvProblem(0, N_("this is a folder, not a file"))]) from None


def decode(data: bytes) -> tuple[str, str]:
    """The text and its encoding: UTF-8 (a byte-order mark is dropped), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252"), "cp1252"


def detect_delimiter(text: str) -> str:
    """``;`` or ``,`` as ``csv.Sniffer`` finds it; else what the header holds most of."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,").delimiter
    except csv.Error:
        header = text.splitlines()[0] if text else ""
        return ";" if header.count(";") >= header.count(",") else ","


def read_rows(data: bytes, source: str, error: type[CsvFileError]) -> CsvRows:
    """The header and rows of the bytes of a CSV file; ``error`` if it is no text or empty."""
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError:
        raise error(
            source, [CsvProblem(0, N_("the file is not text (UTF-8 or Windows-1252)"))]
        ) from None
    if not text.strip():
        raise error(source, [CsvProblem(1, N_("the file is empty"))])
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader)

    def rows() -> Iterator[tuple[int, list[str]]]:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield reader.line_num, cells

    return CsvRows(header, rows(), encoding, delimiter)


def header_key(name: str) -> str:
    """A header name as the column names are given: lower case, spaces and hyphens as ``_``."""
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def missing_columns(
    positions: Mapping[str, int], required: Sequence[str], columns: Mapping[str, Sequence[str]]
) -> list[CsvProblem]:
    """A problem (on line 1) for each ``required`` column that has no place in the header."""
    return [
        CsvProblem(
            1,
            N_("the column {column} is missing (accepted headers: {names})"),
            {"column": column, "names": ", ".join(columns[column])},
        )
        for column in required
        if column not in positions
    ]
