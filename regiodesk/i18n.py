"""One translation system for the core and the desktop layer.

Messages are written in English in the code and translated through gettext catalogues (``.po``)
kept in ``resources/locale``.  Dutch is the default language.  The catalogue is parsed once, on
first use, with Babel; Babel also formats dates and numbers in the chosen locale.
"""

from __future__ import annotations

import gettext
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from regiodesk.resources import resource_path

DOMAIN = "regiodesk"
DEFAULT_LANGUAGE = "nl"
LANGUAGES: dict[str, str] = {"nl": "Nederlands", "en": "English"}
LOCALES: dict[str, str] = {"nl": "nl_NL", "en": "en_GB"}
DISPLAY_ZONE = ZoneInfo("Europe/Amsterdam")

_lock = threading.Lock()
_language = DEFAULT_LANGUAGE
#: A language chosen for one block of work in one thread (``using_language``), over ``_language``.
_language_here: ContextVar[str | None] = ContextVar("regiodesk_language", default=None)
_catalogues: dict[str, gettext.NullTranslations] = {}


class _CatalogueTranslations(gettext.NullTranslations):
    """Translations backed by a dict parsed from a ``.po`` file."""

    def __init__(self, messages: dict[str, str], plurals: dict[tuple[str, int], str]) -> None:
        super().__init__()
        self._messages = messages
        self._plurals = plurals

    def gettext(self, message: str) -> str:
        return self._messages.get(message) or message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        index = 0 if n == 1 else 1
        found = self._plurals.get((msgid1, index))
        if found:
            return found
        return msgid1 if n == 1 else msgid2


def _load(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    path = resource_path("locale", language, "LC_MESSAGES", f"{DOMAIN}.po")
    if not path.is_file():
        return gettext.NullTranslations()
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    messages: dict[str, str] = {}
    plurals: dict[tuple[str, int], str] = {}
    for message in catalogue:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for index, text in enumerate(strings):
                if text:
                    plurals[(str(message.id[0]), index)] = str(text)
        elif message.string:
            messages[str(message.id)] = str(message.string)
    return _CatalogueTranslations(messages, plurals)


def _translations() -> gettext.NullTranslations:
    language = current_language()
    found = _catalogues.get(language)
    if found is None:
        with _lock:
            found = _catalogues.get(language)
            if found is None:
                found = _load(language)
                _catalogues[language] = found
    return found


def set_language(language: str) -> None:
    """Choose the language of every message from now on (``nl`` or ``en``)."""
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    _language = language


def current_language() -> str:
    return _language_here.get() or _language


@contextmanager
def using_language(language: str) -> Iterator[None]:
    """Translate and format in ``language`` inside the block, in this thread only (e.g. a
    document rendered in English while the app speaks Dutch)."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    token = _language_here.set(language)
    try:
        yield
    finally:
        _language_here.reset(token)


def _(message: str) -> str:
    """Translate a message into the current language."""
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations().ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark a message for extraction without translating it now (translated when shown)."""
    return message


def format_date(value: date, style: str = "medium") -> str:
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(value, format=style, locale=LOCALES[current_language()]))


def format_datetime(value: datetime, style: str = "medium") -> str:
    """Show a UTC moment in Europe/Amsterdam time, in the current language."""
    from babel.dates import format_datetime as babel_format_datetime

    return str(
        babel_format_datetime(
            value, format=style, tzinfo=DISPLAY_ZONE, locale=LOCALES[current_language()]
        )
    )


def format_when(value: datetime) -> str:
    """A meeting's moment as people write it: "di 8 dec. 2026 09:30" (Amsterdam time)."""
    from babel.dates import format_datetime as babel_format_datetime

    return str(
        babel_format_datetime(
            value, "EEE d MMM y HH:mm", tzinfo=DISPLAY_ZONE, locale=LOCALES[current_language()]
        )
    )


def format_number(value: int | float | Decimal) -> str:
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=LOCALES[current_language()]))


def format_money(value: Decimal) -> str:
    from babel.numbers import format_currency

    return str(format_currency(value, "EUR", locale=LOCALES[current_language()]))
