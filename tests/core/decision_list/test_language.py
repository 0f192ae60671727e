"""Rendering in a chosen language without changing the app's (regiodesk.i18n.using_language)."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from regiodesk.i18n import current_language, format_date, set_language, using_language
from regiodesk.model.enums import DecisionOutcome


def test_a_block_speaks_its_own_language_and_restores_the_apps() -> None:
    set_language("nl")
    with using_language("en"):
        assert current_language() == "en"
        assert DecisionOutcome.NOTED.label == "taken note of"
        assert format_date(date(2027, 1, 12), "long") == "12 January 2027"
        with using_language("nl"):
            assert format_date(date(2027, 1, 12), "long") == "12 januari 2027"
        assert current_language() == "en"
    assert current_language() == "nl"
    assert format_date(date(2027, 1, 12), "long") == "12 januari 2027"


def test_the_language_of_a_block_stays_in_its_thread() -> None:
    set_language("nl")
    seen: list[str] = []
    inside, done = threading.Event(), threading.Event()

    def other() -> None:
        inside.wait(5)
        seen.append(current_language())
        done.set()

    thread = threading.Thread(target=other)
    thread.start()
    with using_language("en"):
        inside.set()
        done.wait(5)
    thread.join(5)
    assert seen == ["nl"]


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="language"), using_language("fr"):
        pass
