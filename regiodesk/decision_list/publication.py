"""The public (Woo) version of a decision list as data, for each municipality to publish.

Both exports take a content loaded with ``public=True`` (they refuse any other: a confidential
item must never reach a publication by mistake).

* ``to_json``: the whole public list (meeting, attendance, items with their decisions, positions,
  participants, cost shares and actions, the action list).  UTF-8, sorted keys, dates as ISO
  8601 (``2026-12-08``), moments as ISO 8601 in Amsterdam time with their offset, amounts as
  decimal strings (``"58245.10"``: exact, whatever the reader's floating point).  Coded values
  (outcome, kind, position, status) appear as their stable value with a ``_label`` beside it in
  the chosen language.
* ``to_csv``: one row per decision.  UTF-8 with a byte order mark, ``;`` between fields and CRLF
  line ends: Excel with Dutch settings opens exactly that correctly (its list separator is ``;``
  because ``,`` is the decimal comma, and without the mark it reads UTF-8 as Windows-1252, which
  garbles ë and €); other tools read it as ordinary RFC 4180 CSV with a ``;`` delimiter.  The
  format does not change with the language, only the header and the labels do.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from regiodesk.decision_list.content import (
    ActionEntry,
    CostSharing,
    DecisionEntry,
    DecisionListContent,
    ItemEntry,
)
from regiodesk.i18n import LANGUAGES, _, using_language
from regiodesk.timeutil import AMSTERDAM

#: Names the JSON layout; changes when a field is renamed or removed.
JSON_FORMAT = "regiodesk-woo-decision-list/1"
#: A byte order mark, so that Excel reads the CSV as UTF-8.
BOM = "\ufeff"
#: What a spreadsheet would take for the start of a formula (written with a leading apostrophe).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class NotPublic(ValueError):
    """A content with confidential items was given to a public export."""


def to_json(content: DecisionListContent, *, language: str = "nl") -> bytes:
    """The public decision list as JSON (UTF-8, sorted keys, indented for people who read it)."""
    _require_public(content, language)
    with using_language(language):
        data = _document(content, language)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2)
    return (text + "\n").encode("utf-8")


def to_csv(content: DecisionListContent, *, language: str = "nl") -> bytes:
    """The public decisions as CSV, one row per decision (see the module's description)."""
    _require_public(content, language)
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    with using_language(language):
        writer.writerow(
            [
                _("PFO"),
                _("Meeting"),
                _("Date"),
                _("Item"),
                _("Title"),
                _("Outcome (code)"),
                _("Outcome"),
                _("Decision"),
                _("Participating municipalities"),
                _("To the councils"),
                _("Council deadline"),
                _("Decision id"),
            ]
        )
        for item, decision in content.decisions:
            writer.writerow(
                [
                    _cell(content.pfo),
                    content.reference,
                    content.day.isoformat(),
                    item.number,
                    _cell(item.title),
                    decision.outcome.value,
                    decision.outcome.label,
                    _cell(decision.text),
                    _cell("; ".join(each.name for each in item.participants)),
                    _("yes") if decision.to_councils else _("no"),
                    _iso(decision.council_deadline),
                    decision.id,
                ]
            )
    return (BOM + out.getvalue()).encode("utf-8")


# Helpers -----------------------------------------------------------------------------------------


def _require_public(content: DecisionListContent, language: str) -> None:
    if not content.public:
        raise NotPublic("a public export needs the public content (load_content(public=True))")
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")


def _cell(text: str) -> str:
    """A text cell that a spreadsheet shows as text, never runs as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _iso(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def _moment(value: datetime | None) -> str | None:
    return value.astimezone(AMSTERDAM).isoformat() if value is not None else None


def _amount(value: Decimal | None) -> str | None:
    return f"{value:f}" if value is not None else None


def _document(content: DecisionListContent, language: str) -> dict[str, Any]:
    return {
        "format": JSON_FORMAT,
        "language": language,
        "public": content.public,
        "withheld_items": content.withheld_items,
        "region": content.region,
        "pfo": {"name": content.pfo, "short_name": content.pfo_short_name},
        "domain": content.domain,
        "meeting": {
            "id": content.meeting_id,
            "reference": content.reference,
            "number": content.meeting_number,
            "title": content.meeting_title,
            "date": content.day.isoformat(),
            "starts_at": _moment(content.starts_at),
            "ends_at": _moment(content.ends_at),
            "location": content.location,
            "chair": content.chair,
            "secretary": content.secretary,
        },
        "decision_list": {
            "id": content.decision_list_id,
            "version": content.version,
            "previous_version": content.previous_version,
        },
        "attendance": [
            {
                "municipality": line.municipality,
                "status": line.status.value,
                "status_label": line.status.label,
                "person": line.person or None,
                "represented_by": line.represented_by or None,
                "mandate": line.mandate or None,
                "arrived_at": _moment(line.arrived_at),
                "left_at": _moment(line.left_at),
            }
            for line in content.attendance
        ],
        "items": [_item(item) for item in content.items],
        "actions": [_action(action) for action in content.actions],
    }


def _item(item: ItemEntry) -> dict[str, Any]:
    return {
        "id": item.id,
        "number": item.number,
        "title": item.title,
        "kind": item.kind.value,
        "kind_label": item.kind.label,
        "proposal": item.proposal,
        "decision": _decision(item.decision) if item.decision is not None else None,
        "positions": [
            {
                "municipality": line.municipality,
                "position": line.kind.value,
                "position_label": line.kind.label,
                "reason": line.reason or None,
            }
            for line in item.positions
        ],
        "participants": [each.name for each in item.participants],
        "cost_sharing": _sharing(item.cost_sharing) if item.cost_sharing is not None else None,
        "actions": [action.id for action in item.actions],
        "documents": [document.title for document in item.documents],
    }


def _decision(decision: DecisionEntry) -> dict[str, Any]:
    return {
        "id": decision.id,
        "text": decision.text,
        "outcome": decision.outcome.value,
        "outcome_label": decision.outcome.label,
        "quorum_met": decision.quorum_met,
        "decided_at": _moment(decision.decided_at),
        "to_councils": decision.to_councils,
        "council_deadline": _iso(decision.council_deadline) or None,
    }


def _sharing(sharing: CostSharing) -> dict[str, Any]:
    return {
        "initiative": sharing.title,
        "budget_per_year": _amount(sharing.budget_per_year),
        "currency": "EUR",
        "cost_key": sharing.cost_key.value,
        "cost_key_label": sharing.cost_key.label,
        "reference_date": _iso(sharing.reference_date) or None,
        "start_year": sharing.start_year,
        "end_year": sharing.end_year,
        "shares": [
            {
                "municipality": share.municipality,
                "population": share.population,
                "percentage": _amount(share.percentage),
                "share_per_year": _amount(share.share),
            }
            for share in sharing.shares
        ],
        "problem": sharing.problem.message() if sharing.problem is not None else None,
    }


def _action(action: ActionEntry) -> dict[str, Any]:
    return {
        "id": action.id,
        "description": action.description,
        "holder": action.holder or None,
        "holder_municipality": action.holder_municipality or None,
        "deadline": _iso(action.deadline) or None,
        "status": action.status.value,
        "status_label": action.status.label,
        "item_number": action.item_number,
    }
