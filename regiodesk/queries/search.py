"""Full-text search (SQLite FTS5) over agenda items, proposals, decisions, notes, meetings,
documents, actions and initiatives.

What a person types is never passed to FTS5 as syntax: each word becomes a quoted prefix term, so
``fiets "route`` searches for words starting with *fiets* and *route* and cannot fail to parse.
A person finds only their own private notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from regiodesk.references import meeting_reference
from regiodesk.store import Store

WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SearchHit:
    kind: str  # the table the hit comes from: agenda_item, decision, private_note, ...
    ref_id: str
    title: str
    snippet: str
    meeting_id: str | None
    meeting_starts_at: str | None
    pfo_name: str | None
    #: The agenda item a hit is about: itself, the item of a decision, a note or an action's
    #: decision, or the latest item that discussed an initiative.
    agenda_item_id: str | None = None
    #: That agenda item's title (for hits without a title of their own).
    item_title: str | None = None
    #: The meeting's number as people cite it (2026-03).
    meeting_reference: str | None = None


def match_expression(text: str) -> str | None:
    """The FTS5 expression for what a person typed, or None if it holds no word."""
    words = WORD.findall(text)
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)


#: The best hits, with the meeting each belongs to.  An index row's id is its source row's rowid
#: times 8 plus a slot per kind (see the first migration), so each hit finds its source row by
#: rowid; ``rebuild_search_index`` restores that if a VACUUM ever renumbered the rowids.
SEARCH_SQL = """
WITH hits AS (
    SELECT rowid, kind, ref_id, title,
           snippet(search_index, -1, '[', ']', '…', 14) AS snippet, rank
    FROM search_index WHERE search_index MATCH :expression
      AND (kind != 'private_note'
           OR ref_id IN (SELECT id FROM private_note WHERE person_id = :person))
    ORDER BY rank LIMIT :limit
),
placed AS (
    -- Each hit looks up only its own kind's row: the agenda item it is about, and for the kinds
    -- that are not about an item's meeting, the meeting it belongs to itself.
    SELECT h.*,
           CASE h.kind
               WHEN 'agenda_item' THEN (SELECT id FROM agenda_item WHERE rowid = h.rowid / 8)
               WHEN 'decision' THEN (SELECT agenda_item_id FROM decision WHERE rowid = h.rowid / 8)
               WHEN 'private_note' THEN
                   (SELECT agenda_item_id FROM private_note WHERE rowid = h.rowid / 8)
               WHEN 'action' THEN
                   (SELECT d.agenda_item_id FROM action a JOIN decision d ON d.id = a.decision_id
                    WHERE a.rowid = h.rowid / 8)
               WHEN 'initiative' THEN
                   (SELECT i.id FROM agenda_item i JOIN meeting im ON im.id = i.meeting_id
                    WHERE i.initiative_id = h.ref_id AND i.deleted = 0
                    ORDER BY im.starts_at DESC LIMIT 1)
           END AS agenda_item_id,
           CASE h.kind
               WHEN 'meeting' THEN (SELECT id FROM meeting WHERE rowid = h.rowid / 8)
               WHEN 'document' THEN (SELECT meeting_id FROM document WHERE rowid = h.rowid / 8)
               WHEN 'action' THEN (SELECT meeting_id FROM action WHERE rowid = h.rowid / 8)
           END AS own_meeting_id
    FROM hits h
)
SELECT p.kind, p.ref_id, p.title, p.snippet, m.id, p.agenda_item_id,
       m.starts_at, f.short_name, item.title, m.number
FROM placed p
LEFT JOIN agenda_item item ON item.id = p.agenda_item_id
LEFT JOIN meeting m ON m.id = CASE WHEN p.kind IN ('agenda_item', 'decision', 'private_note')
                                   THEN item.meeting_id ELSE p.own_meeting_id END
LEFT JOIN pfo f ON f.id = m.pfo_id
ORDER BY p.rank
"""


@lru_cache(maxsize=4096)
def _reference(starts_at: str, number: int) -> str:
    """A meeting's reference (hits of one meeting, and the same meetings, come back often)."""
    return meeting_reference(starts_at, number)


def search(
    store: Store, text: str, person_id: str | None = None, limit: int = 50
) -> list[SearchHit]:
    """The best ``limit`` hits for ``text``, best first."""
    expression = match_expression(text)
    if expression is None:
        return []
    rows = store.conn.execute(
        SEARCH_SQL, {"expression": expression, "limit": limit, "person": person_id or ""}
    ).fetchall()
    return [
        SearchHit(
            kind=kind,
            ref_id=ref_id,
            title=title or "",
            snippet=snippet or "",
            meeting_id=meeting_id,
            meeting_starts_at=starts_at,
            pfo_name=pfo_name,
            agenda_item_id=agenda_item_id,
            item_title=item_title,
            meeting_reference=(_reference(starts_at, number) if starts_at else None),
        )
        for (
            kind,
            ref_id,
            title,
            snippet,
            meeting_id,
            agenda_item_id,
            starts_at,
            pfo_name,
            item_title,
            number,
        ) in rows
    ]
