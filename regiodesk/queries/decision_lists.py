"""Where a meeting's decision list stands: its versions, who signed them, what the user may do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from regiodesk.model.enums import DecisionListStatus, MeetingStatus
from regiodesk.permissions import Actor, is_chair, is_secretary
from regiodesk.references import meeting_reference
from regiodesk.store import Store
from regiodesk.timeutil import from_text


@dataclass(frozen=True)
class ListVersion:
    id: str
    version: int
    status: DecisionListStatus
    chair_signed_at: datetime | None
    secretary_signed_at: datetime | None
    adopted_in: str | None  # the reference of the meeting that adopted it
    file_sha256: str | None


@dataclass(frozen=True)
class NextMeeting:
    id: str
    reference: str
    #: Its agenda already holds the adoption of this meeting's signed list.
    adoption_planned: bool


@dataclass(frozen=True)
class DecisionListState:
    meeting_id: str
    reference: str
    pfo: str
    meeting_title: str
    location: str
    meeting_status: MeetingStatus
    versions: tuple[ListVersion, ...]  # newest first
    is_chair: bool
    is_secretary: bool
    #: The PFO's next meeting that can still take the adoption on its agenda.
    next_meeting: NextMeeting | None

    @property
    def latest(self) -> ListVersion | None:
        return self.versions[0] if self.versions else None

    @property
    def closed(self) -> bool:
        return self.meeting_status in (MeetingStatus.CLOSED, MeetingStatus.ADOPTED)

    @property
    def can_sign_as_chair(self) -> bool:
        latest = self.latest
        unsigned = latest is None or latest.chair_signed_at is None
        return self.closed and self.is_chair and unsigned

    @property
    def can_sign_as_secretary(self) -> bool:
        latest = self.latest
        return bool(
            self.closed
            and self.is_secretary
            and latest is not None
            and latest.chair_signed_at is not None
            and latest.secretary_signed_at is None
        )

    @property
    def can_correct(self) -> bool:
        latest = self.latest
        return bool(
            self.closed
            and self.is_secretary
            and latest is not None
            and latest.status is not DecisionListStatus.DRAFT
        )


def _reference(number: int, starts_at: str) -> str:
    return meeting_reference(starts_at, number)


def _moment(text: str | None) -> datetime | None:
    return from_text(text) if text else None


def decision_list_state(store: Store, actor: Actor, meeting_id: str) -> DecisionListState:
    meeting = store.query(
        "SELECT m.id, m.number, m.starts_at, m.title, m.location, m.status, m.pfo_id, "
        "p.name AS pfo FROM meeting m JOIN pfo p ON p.id = m.pfo_id WHERE m.id = ?",
        (meeting_id,),
    )
    if not meeting:
        from regiodesk.errors import NotFound
        from regiodesk.i18n import _

        raise NotFound(kind=_("meeting"), id=meeting_id)
    row = meeting[0]
    versions = tuple(
        ListVersion(
            id=v["id"],
            version=v["version"],
            status=DecisionListStatus(v["status"]),
            chair_signed_at=_moment(v["chair_signed_at"]),
            secretary_signed_at=_moment(v["secretary_signed_at"]),
            adopted_in=_reference(v["a_number"], v["a_starts_at"]) if v["a_number"] else None,
            file_sha256=v["file_sha256"],
        )
        for v in store.query(
            "SELECT l.id, l.version, l.status, l.chair_signed_at, l.secretary_signed_at, "
            "l.file_sha256, a.number AS a_number, a.starts_at AS a_starts_at "
            "FROM decision_list l LEFT JOIN meeting a ON a.id = l.adopted_in_meeting_id "
            "WHERE l.meeting_id = ? AND l.deleted = 0 ORDER BY l.version DESC",
            (meeting_id,),
        )
    )
    return DecisionListState(
        meeting_id=meeting_id,
        reference=_reference(row["number"], row["starts_at"]),
        pfo=row["pfo"],
        meeting_title=row["title"],
        location=row["location"],
        meeting_status=MeetingStatus(row["status"]),
        versions=versions,
        is_chair=is_chair(store, actor, meeting_id),
        is_secretary=is_secretary(store, actor, row["pfo_id"]),
        next_meeting=_next_meeting(store, row["pfo_id"], row["starts_at"], versions),
    )


def _next_meeting(
    store: Store, pfo_id: str, after: str, versions: tuple[ListVersion, ...]
) -> NextMeeting | None:
    rows = store.query(
        "SELECT id, number, starts_at FROM meeting WHERE pfo_id = ? AND deleted = 0 "
        "AND starts_at > ? AND status IN ('draft', 'published', 'in_session') "
        "ORDER BY starts_at LIMIT 1",
        (pfo_id, after),
    )
    if not rows:
        return None
    ids = [v.id for v in versions]
    planned = bool(ids) and bool(
        store.scalar(
            "SELECT 1 FROM agenda_item WHERE meeting_id = ? AND deleted = 0 "
            f"AND adopts_list_id IN ({', '.join('?' * len(ids))})",
            (rows[0]["id"], *ids),
        )
    )
    return NextMeeting(rows[0]["id"], _reference(rows[0]["number"], rows[0]["starts_at"]), planned)
