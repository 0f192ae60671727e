"""Every message of the code is translated into Dutch, the default language."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from regiodesk.i18n import _, set_language
from regiodesk.model.enums import PositionKind

TOOL = Path(__file__).resolve().parents[2] / "tools" / "messages.py"


def test_every_message_has_a_dutch_translation() -> None:
    spec = importlib.util.spec_from_file_location("messages_tool", TOOL)
    assert spec is not None
    assert spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.problems() == []


def test_dutch_is_used_when_chosen_and_english_is_the_source() -> None:
    set_language("nl")
    try:
        assert _("Meetings") == "Vergaderingen"
        assert PositionKind.NOT_PARTICIPATING.label == "doet niet mee"
    finally:
        set_language("en")
    assert _("Meetings") == "Meetings"
