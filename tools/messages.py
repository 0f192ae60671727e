"""Keep the translation catalogues in step with the code.

    .venv/bin/python tools/messages.py          extract the messages, update every catalogue
    .venv/bin/python tools/messages.py --check  fail if a message is missing or untranslated

Messages are the English texts given to ``_()``, ``N_()`` and ``ngettext()`` in ``regiodesk/``
and ``ui/``.  Catalogues live in ``resources/locale/<lang>/LC_MESSAGES/regiodesk.po``; RegioDesk
reads them directly (no compiled ``.mo`` files).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "resources" / "locale"
LANGUAGES = ("nl",)
SOURCES = ("regiodesk", "ui")


def extract() -> Catalog:
    template = Catalog(project="RegioDesk", domain="regiodesk", charset="utf-8")
    for source in SOURCES:
        for filename, line, message, comments, context in extract_from_dir(
            ROOT / source, method_map=[("**.py", "python")], keywords=DEFAULT_KEYWORDS
        ):
            template.add(
                message,
                None,
                [(f"{source}/{filename}", line)],
                auto_comments=comments,
                context=context,
            )
    return template


def catalogue_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "regiodesk.po"


def update() -> None:
    template = extract()
    for language in LANGUAGES:
        path = catalogue_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as handle:
                catalogue = read_po(handle, locale=language)
        else:
            catalogue = Catalog(locale=language, domain="regiodesk", project="RegioDesk")
        catalogue.update(template, update_header_comment=False)
        with path.open("wb") as handle:
            write_po(
                handle,
                catalogue,
                width=100,
                sort_output=False,
                ignore_obsolete=True,
                include_previous=False,
                omit_header=False,
            )
        missing = [m.id for m in catalogue if m.id and (not m.string or m.fuzzy)]
        print(f"{path.relative_to(ROOT)}: {len(catalogue)} messages, {len(missing)} to translate")


def problems() -> list[str]:
    template = extract()
    found = []
    for language in LANGUAGES:
        path = catalogue_path(language)
        if not path.exists():
            return [f"{path}: missing"]
        with path.open("rb") as handle:
            catalogue = read_po(handle, locale=language)
        for message in template:
            if not message.id:
                continue
            translated = catalogue.get(message.id)
            strings = translated.string if translated is not None else None
            empty = not strings or (isinstance(strings, tuple) and not all(strings))
            if translated is None or empty or translated.fuzzy:
                where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
                found.append(f"{language}: not translated: {message.id!r} ({where})")
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    if parser.parse_args().check:
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    update()
    return 0


if __name__ == "__main__":
    sys.exit(main())
