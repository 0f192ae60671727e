"""The full-text index (FTS5 ``search_index``): is it in step with its sources, and rebuilding
it.  Triggers made by the first migration keep it current on every write."""

from __future__ import annotations

from regiodesk.store.store import Store

#: What the index holds per kind (kept in step with the first migration's triggers).
INDEXED = (
    (0, "agenda_item", "title", "proposal"),
    (1, "decision", "''", "text"),
    (2, "private_note", "''", "text"),
    (3, "meeting", "title", "location || ' ' || minutes"),
    (4, "document", "title", "''"),
    (5, "action", "''", "description"),
    (6, "initiative", "title", "description"),
)


def search_index_problems(store: Store) -> list[str]:
    """Where the index does not match its sources (row counts, and rows pointing elsewhere)."""
    problems = []
    for slot, table, _title, _body in INDEXED:
        expected = store.scalar(f"SELECT count(*) FROM {table} WHERE deleted = 0")
        found = store.scalar("SELECT count(*) FROM search_index WHERE kind = ?", (table,))
        misplaced = store.scalar(
            f"SELECT count(*) FROM search_index s LEFT JOIN {table} t ON t.rowid = s.rowid / 8 "
            f"WHERE s.kind = ? AND (t.id IS NULL OR t.id != s.ref_id OR s.rowid % 8 != {slot})",
            (table,),
        )
        if expected != found or misplaced:
            problems.append(
                f"search index: {table}: {found} indexed for {expected} rows, {misplaced} misplaced"
            )
    return problems


def rebuild_search_index(store: Store) -> None:
    """Fill the index anew from its sources (for instance after a VACUUM renumbered rowids)."""
    with store.write(None):
        store.conn.execute("DELETE FROM search_index")
        for slot, table, title, body in INDEXED:
            store.conn.execute(
                f"INSERT INTO search_index (rowid, title, body, kind, ref_id) "
                f"SELECT rowid * 8 + {slot}, {title}, {body}, '{table}', id FROM {table} "
                f"WHERE deleted = 0"
            )
