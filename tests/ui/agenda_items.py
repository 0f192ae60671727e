"""Helpers of the agenda-item tests: items of the demo store picked by SQL, and reads of the store
(only while the worker is idle)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from regiodesk.queries.item import ItemView, load_item
from regiodesk.store import Store
from tests.ui.conftest import wait_idle
from ui.context import AppContext

#: A decision item of PFO Mobiliteit's published (not yet decided) meeting, without a position
#: of Enschede (the demo persona's municipality) yet.
OPEN_ITEM = """
SELECT i.id FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id JOIN pfo p ON p.id = m.pfo_id
WHERE p.short_name = 'PFO MOB' AND m.status = 'published' AND i.kind = 'decision'
  AND i.deleted = 0 AND NOT EXISTS (
    SELECT 1 FROM position x WHERE x.agenda_item_id = i.id AND x.deleted = 0
      AND x.municipality_id = (SELECT id FROM municipality WHERE name = 'Enschede'))
ORDER BY i.ordinal LIMIT 1
"""
#: Another decision item of that meeting, with at least one document.
OPEN_ITEM_WITH_DOCUMENTS = """
SELECT i.id FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id JOIN pfo p ON p.id = m.pfo_id
WHERE p.short_name = 'PFO MOB' AND m.status = 'published' AND i.kind = 'decision'
  AND i.deleted = 0 AND EXISTS (
    SELECT 1 FROM document d WHERE d.agenda_item_id = i.id AND d.deleted = 0)
ORDER BY i.ordinal LIMIT 1
"""
#: A decided item of an adopted meeting of PFO Mobiliteit on which Enschede took a position.
DECIDED_ITEM = """
SELECT i.id FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id JOIN pfo p ON p.id = m.pfo_id
JOIN decision d ON d.agenda_item_id = i.id AND d.deleted = 0 AND d.outcome != 'deferred'
WHERE p.short_name = 'PFO MOB' AND m.status = 'adopted' AND i.kind = 'decision'
  AND EXISTS (
    SELECT 1 FROM position x WHERE x.agenda_item_id = i.id AND x.deleted = 0
      AND x.municipality_id = (SELECT id FROM municipality WHERE name = 'Enschede'))
ORDER BY m.starts_at DESC, i.ordinal LIMIT 1
"""


def scalar(context: AppContext, sql: str, params: tuple[object, ...] = ()) -> object:
    assert context.worker.idle, "read the store only while the worker is idle"
    with Store.open(context.store_path) as store:
        return store.scalar(sql, params)


def item(context: AppContext, sql: str) -> str:
    found = scalar(context, sql)
    assert found, "the demo store has no such item"
    return str(found)


def municipality(context: AppContext, name: str) -> str:
    return str(scalar(context, "SELECT id FROM municipality WHERE name = ?", (name,)))


def person_name(context: AppContext) -> str:
    return str(scalar(context, "SELECT name FROM person WHERE id = ?", (context.person_id,)))


def stored_position(context: AppContext, item_id: str, name: str) -> tuple[str, str] | None:
    """(kind, reason) of a municipality's position in the store, or None."""
    assert context.worker.idle, "read the store only while the worker is idle"
    with Store.open(context.store_path) as store:
        rows = store.query(
            "SELECT kind, reason FROM position WHERE agenda_item_id = ? AND deleted = 0 "
            "AND municipality_id = (SELECT id FROM municipality WHERE name = ?)",
            (item_id, name),
        )
    return (rows[0]["kind"], rows[0]["reason"]) if rows else None


def stored_note(context: AppContext, item_id: str) -> str | None:
    """The signed-in person's note on an item in the store, or None."""
    return scalar(  # type: ignore[return-value]
        context,
        "SELECT text FROM private_note WHERE person_id = ? AND agenda_item_id = ? AND deleted = 0",
        (context.person_id, item_id),
    )


def load(qtbot: QtBot, context: AppContext, item_id: str) -> ItemView:
    """The item's read model, loaded through the worker as a page does."""
    found: list[ItemView] = []
    actor = context.actor
    context.worker.query(lambda store: load_item(store, item_id, actor), found.append)
    wait_idle(qtbot, context.worker)
    return found[0]


def show_active(qtbot: QtBot, widget: QWidget) -> None:
    """Show a widget as the active window (keyboard accelerators work only there)."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    handle = widget.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
