"""Who may do what.  The desktop layer asks these to show read-only fields; the commands enforce
them anyway, and sync checks every incoming change against them.

An ``Actor`` is a person, or the store's own administrator (``SYSTEM``: the command-line tool and
the demo generator acting on a store that belongs to the user running them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from regiodesk.errors import NotPermitted
from regiodesk.i18n import _
from regiodesk.store import Store


@dataclass(frozen=True)
class Actor:
    person_id: str | None

    @property
    def is_system(self) -> bool:
        return self.person_id is None


SYSTEM = Actor(None)


def _today() -> str:
    return date.today().isoformat()


def is_admin(store: Store, actor: Actor) -> bool:
    if actor.is_system:
        return True
    return bool(
        store.scalar(
            "SELECT 1 FROM role_assignment WHERE person_id = ? AND role = 'admin' AND deleted = 0 "
            'AND start <= ? AND ("end" IS NULL OR "end" >= ?)',
            (actor.person_id, _today(), _today()),
        )
    )


def is_secretary(store: Store, actor: Actor, pfo_id: str) -> bool:
    """Secretary of this PFO, or of the whole region, or an administrator."""
    if is_admin(store, actor):
        return True
    return bool(
        store.scalar(
            "SELECT 1 FROM role_assignment WHERE person_id = ? AND role = 'secretary' "
            "AND deleted = 0 AND (pfo_id = ? OR pfo_id IS NULL) "
            'AND start <= ? AND ("end" IS NULL OR "end" >= ?)',
            (actor.person_id, pfo_id, _today(), _today()),
        )
    )


def is_chair(store: Store, actor: Actor, meeting_id: str) -> bool:
    """The meeting's chair, or the PFO's regional portfolio holder in office."""
    if actor.is_system:
        return True
    row = store.conn.execute(
        "SELECT chair_id, pfo_id FROM meeting WHERE id = ?", (meeting_id,)
    ).fetchone()
    if row is None:
        return False
    if row[0] == actor.person_id:
        return True
    return bool(
        store.scalar(
            "SELECT 1 FROM appointment WHERE pfo_id = ? AND person_id = ? AND status = 'effective' "
            "AND deleted = 0",
            (row[1], actor.person_id),
        )
    )


def member_municipalities(store: Store, actor: Actor, pfo_id: str) -> set[str]:
    """The municipalities this person represents in the PFO today."""
    if actor.is_system:
        return set()
    rows = store.conn.execute(
        "SELECT municipality_id FROM membership WHERE person_id = ? AND pfo_id = ? "
        'AND deleted = 0 AND start <= ? AND ("end" IS NULL OR "end" >= ?)',
        (actor.person_id, pfo_id, _today(), _today()),
    )
    return {row[0] for row in rows}


def can_edit_meeting(store: Store, actor: Actor, meeting_id: str, pfo_id: str) -> bool:
    return is_secretary(store, actor, pfo_id) or is_chair(store, actor, meeting_id)


def require_meeting_editor(store: Store, actor: Actor, meeting_id: str, pfo_id: str) -> None:
    if not can_edit_meeting(store, actor, meeting_id, pfo_id):
        raise NotPermitted(
            action=_("change this meeting"),
            reason=_("only the PFO's secretary and the chair edit meetings and agendas"),
        )


def can_record_position(
    store: Store, actor: Actor, meeting_id: str, pfo_id: str, municipality_id: str
) -> bool:
    return can_edit_meeting(
        store, actor, meeting_id, pfo_id
    ) or municipality_id in member_municipalities(store, actor, pfo_id)


def require_position_recorder(
    store: Store, actor: Actor, meeting_id: str, pfo_id: str, municipality_id: str
) -> None:
    if not can_record_position(store, actor, meeting_id, pfo_id, municipality_id):
        raise NotPermitted(
            action=_("record this position"),
            reason=_("a member records only the position of the municipality they represent"),
        )


def require_admin(store: Store, actor: Actor) -> None:
    if not is_admin(store, actor):
        raise NotPermitted(
            action=_("change the region's data"),
            reason=_("only an administrator of the region may"),
        )
