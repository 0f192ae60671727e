"""Undo and redo of a session's edits, through the change log.

Undoing is itself a change (logged and synced like any other): the inverse of each change of the
undone step is applied in one new write.  An edit that touches a meeting whose decision list is
signed can no longer be undone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from regiodesk.changelog.writer import Changes, Inverse
from regiodesk.errors import DecisionListLocked
from regiodesk.store import Store

MAX_STEPS = 100


@dataclass
class Step:
    label: str
    inverses: list[Inverse]


@dataclass
class UndoStack:
    undo_steps: list[Step] = field(default_factory=list)
    redo_steps: list[Step] = field(default_factory=list)

    def record(self, label: str, inverses: list[Inverse]) -> None:
        """Remember a committed edit; a new edit clears what could be redone."""
        if not inverses:
            return
        self.undo_steps.append(Step(label, list(inverses)))
        del self.undo_steps[:-MAX_STEPS]
        self.redo_steps.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self.undo_steps)

    @property
    def can_redo(self) -> bool:
        return bool(self.redo_steps)

    def undo_label(self) -> str | None:
        return self.undo_steps[-1].label if self.undo_steps else None

    def redo_label(self) -> str | None:
        return self.redo_steps[-1].label if self.redo_steps else None

    def undo(self, store: Store, actor_id: str | None) -> Changes:
        step = self.undo_steps.pop()
        try:
            again = _apply(store, actor_id, step)
        except Exception:
            self.undo_steps.append(step)
            raise
        self.redo_steps.append(Step(step.label, again))
        return store.last_changes

    def redo(self, store: Store, actor_id: str | None) -> Changes:
        step = self.redo_steps.pop()
        try:
            again = _apply(store, actor_id, step)
        except Exception:
            self.redo_steps.append(step)
            raise
        self.undo_steps.append(Step(step.label, again))
        return store.last_changes


def _apply(store: Store, actor_id: str | None, step: Step) -> list[Inverse]:
    for meeting_id in _meetings_touched(store, step.inverses):
        if store.scalar(
            "SELECT 1 FROM decision_list WHERE meeting_id = ? AND deleted = 0 "
            "AND status IN ('signed', 'adopted')",
            (meeting_id,),
        ):
            raise DecisionListLocked(meeting=meeting_id)
    with store.write(actor_id) as writer:
        for inverse in reversed(step.inverses):
            writer.apply_inverse(inverse)
        return list(writer.inverses)


_MEETING_OF = {
    "meeting": "SELECT id FROM meeting WHERE id = ?",
    "agenda_item": "SELECT meeting_id FROM agenda_item WHERE id = ?",
    "document": "SELECT meeting_id FROM document WHERE id = ?",
    "attendance": "SELECT meeting_id FROM attendance WHERE id = ?",
    "position": "SELECT i.meeting_id FROM position p JOIN agenda_item i ON i.id = p.agenda_item_id "
    "WHERE p.id = ?",
    "decision": "SELECT i.meeting_id FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id "
    "WHERE d.id = ?",
}


def _meetings_touched(store: Store, inverses: list[Inverse]) -> set[str]:
    found = set()
    for inverse in inverses:
        sql = _MEETING_OF.get(inverse.table)
        if sql:
            for entity_id in inverse.entity_ids:
                meeting_id = store.scalar(sql, (entity_id,))
                if meeting_id:
                    found.add(meeting_id)
    return found
