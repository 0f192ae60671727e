"""Full-text search (SQLite FTS5) over agenda items, proposals, decisions, notes, meetings,
documents, actions and initiatives.

What a person types is never passed to FTS5 as syntax: each word becomes a quoted prefix term, so
``fiets "route`` searches for words starting with *fiets* and *route* and cannot fail to parse.
A person finds only their own private notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    #: The agenda item a hit belongs to (itself, or the item of a decision or a note).
    agenda_item_id: str | None = None


def match_expression(text: str) -> str | None:
    """The FTS5 expression for what a person typed, or None if it holds no word."""
    words = WORD.findall(text)
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)


#: How each kind of hit finds its meeting (as SQL over the aliases of SEARCH_SQL).
SEARCH_SQL = """
WITH hits AS (
    SELECT rowid, kind, ref_id, title,
           snippet(search_index, -1, '[', ']', '…', 14) AS snippet, rank
    FROM search_index WHERE search_index MATCH :expression
      AND (kind != 'private_note'
           OR ref_id IN (SELECT id FROM private_note WHERE person_id = :person))
    ORDER BY rank LIMIT :limit
)
SELECT h.kind, h.ref_id, h.title, h.snippet,
       COALESCE(ai.meeting_id, di.meeting_id, ni.meeting_id, m0.id, doc.meeting_id, act.meeting_id)
           AS meeting_id,
       COALESCE(ai.id, di.id, ni.id) AS agenda_item_id,
       h.rank
FROM hits h
LEFT JOIN agenda_item ai ON h.kind = 'agenda_item' AND ai.id = h.ref_id
LEFT JOIN decision d ON h.kind = 'decision' AND d.id = h.ref_id
LEFT JOIN agenda_item di ON di.id = d.agenda_item_id
LEFT JOIN private_note n ON h.kind = 'private_note' AND n.id = h.ref_id
LEFT JOIN agenda_item ni ON ni.id = n.agenda_item_id
LEFT JOIN meeting m0 ON h.kind = 'meeting' AND m0.id = h.ref_id
LEFT JOIN document doc ON h.kind = 'document' AND doc.id = h.ref_id
LEFT JOIN action act ON h.kind = 'action' AND act.id = h.ref_id
ORDER BY h.rank
"""


def search(
    store: Store, text: str, person_id: str | None = None, limit: int = 50
) -> list[SearchHit]:
    """The best ``limit`` hits for ``text``, best first."""
    expression = match_expression(text)
    if expression is None:
        return []
    rows = store.query(
        SEARCH_SQL, {"expression": expression, "limit": limit, "person": person_id or ""}
    )
    meeting_ids = {row["meeting_id"] for row in rows if row["meeting_id"]}
    meetings: dict[str, tuple[str, str]] = {}
    if meeting_ids:
        marks = ",".join("?" for _ in meeting_ids)
        for row in store.query(
            f"SELECT m.id, m.starts_at, p.short_name FROM meeting m JOIN pfo p ON p.id = m.pfo_id "
            f"WHERE m.id IN ({marks})",
            tuple(meeting_ids),
        ):
            meetings[row["id"]] = (row["starts_at"], row["short_name"])
    hits = []
    for row in rows:
        meeting = meetings.get(row["meeting_id"] or "")
        hits.append(
            SearchHit(
                kind=row["kind"],
                ref_id=row["ref_id"],
                title=row["title"] or "",
                snippet=row["snippet"] or "",
                meeting_id=row["meeting_id"],
                meeting_starts_at=meeting[0] if meeting else None,
                pfo_name=meeting[1] if meeting else None,
                agenda_item_id=row["agenda_item_id"],
            )
        )
    return hits
