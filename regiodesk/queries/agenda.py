"""A meeting as its page shows it: the header, the agenda in order, and the documents with their
versions.  Also the small lists its editors choose from (PFOs, people) and a named copy of a
document's file, for opening it in another program."""

from __future__ import annotations

import os
import shutil
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from regiodesk.errors import InvalidInput, NotFound
from regiodesk.i18n import _
from regiodesk.model.enums import DecisionOutcome, ItemKind, MeetingStatus
from regiodesk.permissions import Actor, is_secretary
from regiodesk.references import meeting_reference
from regiodesk.store import Store
from regiodesk.timeutil import from_text


@dataclass(frozen=True)
class MeetingHeader:
    id: str
    pfo_id: str
    pfo_name: str
    pfo_short_name: str
    number: int
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str
    status: MeetingStatus
    chair_id: str | None
    chair_name: str
    secretary_id: str | None
    secretary_name: str
    #: Whether a signed (or adopted) decision list locks the meeting.
    locked: bool

    @property
    def reference(self) -> str:
        """The meeting's number as people cite it: 2026-03."""
        return meeting_reference(self.starts_at, self.number)


@dataclass(frozen=True)
class AgendaRow:
    id: str
    #: 1-based place on the agenda.
    number: int
    ordinal: float
    kind: ItemKind
    title: str
    proposal: str
    rapporteur_id: str | None
    rapporteur_name: str
    planned_minutes: int
    #: When the item is planned to start (the meeting's start plus the minutes of the items before).
    planned_start: datetime
    confidential: bool
    documents: int
    positions: int
    #: Municipalities that are members of the PFO on the meeting's day.
    members: int
    outcome: DecisionOutcome | None


@dataclass(frozen=True)
class VersionRow:
    id: str
    version: int
    filename: str
    media_type: str
    size: int
    sha256: str
    late: bool
    added_at: datetime
    added_by_name: str


@dataclass(frozen=True)
class DocumentRow:
    id: str
    title: str
    agenda_item_id: str | None
    #: The item's place on the agenda (None for a paper of the whole meeting).
    item_number: int | None
    item_title: str
    confidential: bool
    #: Newest first.
    versions: tuple[VersionRow, ...]

    @property
    def latest(self) -> VersionRow:
        return self.versions[0]


@dataclass(frozen=True)
class MeetingView:
    header: MeetingHeader
    items: list[AgendaRow]
    documents: list[DocumentRow]


@dataclass(frozen=True)
class PfoChoice:
    id: str
    name: str
    short_name: str


@dataclass(frozen=True)
class PersonChoice:
    id: str
    name: str
    #: "Enschede" for a member, the person's title ("ambtelijk secretaris") otherwise.
    detail: str


# The meeting --------------------------------------------------------------------------------------


def meeting_header(store: Store, meeting_id: str) -> MeetingHeader:
    rows = store.query(
        """
        SELECT m.id, m.pfo_id, p.name AS pfo_name, p.short_name, m.number, m.title, m.starts_at,
               m.ends_at, m.location, m.status, m.chair_id, c.name AS chair_name,
               m.secretary_id, s.name AS secretary_name,
               EXISTS (SELECT 1 FROM decision_list l WHERE l.meeting_id = m.id
                       AND l.deleted = 0 AND l.status IN ('signed', 'adopted')) AS locked
        FROM meeting m JOIN pfo p ON p.id = m.pfo_id
        LEFT JOIN person c ON c.id = m.chair_id
        LEFT JOIN person s ON s.id = m.secretary_id
        WHERE m.id = ? AND m.deleted = 0
        """,
        (meeting_id,),
    )
    if not rows:
        raise NotFound(kind=_("meeting"), id=meeting_id)
    row = rows[0]
    return MeetingHeader(
        id=row["id"],
        pfo_id=row["pfo_id"],
        pfo_name=row["pfo_name"],
        pfo_short_name=row["short_name"],
        number=row["number"],
        title=row["title"],
        starts_at=from_text(row["starts_at"]),
        ends_at=from_text(row["ends_at"]),
        location=row["location"],
        status=MeetingStatus(row["status"]),
        chair_id=row["chair_id"],
        chair_name=row["chair_name"] or "",
        secretary_id=row["secretary_id"],
        secretary_name=row["secretary_name"] or "",
        locked=bool(row["locked"]),
    )


def member_count(store: Store, pfo_id: str, on: date) -> int:
    """How many municipalities are members of a PFO on a day."""
    day = on.isoformat()
    return int(
        store.scalar(
            "SELECT count(DISTINCT municipality_id) FROM membership WHERE pfo_id = ? "
            'AND deleted = 0 AND start <= ? AND ("end" IS NULL OR "end" >= ?)',
            (pfo_id, day, day),
        )
    )


def agenda_items(store: Store, meeting_id: str) -> list[AgendaRow]:
    """The agenda of a meeting in its planned order."""
    return _agenda(store, meeting_header(store, meeting_id))


def _agenda(store: Store, header: MeetingHeader) -> list[AgendaRow]:
    members = member_count(store, header.pfo_id, header.starts_at.date())
    rows = store.query(
        """
        SELECT i.id, i.ordinal, i.kind, i.title, i.proposal, i.rapporteur_id,
               r.name AS rapporteur_name, i.planned_minutes, i.confidential,
               (SELECT count(*) FROM document d WHERE d.agenda_item_id = i.id AND d.deleted = 0)
                   AS documents,
               (SELECT count(*) FROM position o WHERE o.agenda_item_id = i.id AND o.deleted = 0)
                   AS positions,
               (SELECT d.outcome FROM decision d WHERE d.agenda_item_id = i.id AND d.deleted = 0
                ORDER BY d.decided_at DESC LIMIT 1) AS outcome
        FROM agenda_item i LEFT JOIN person r ON r.id = i.rapporteur_id
        WHERE i.meeting_id = ? AND i.deleted = 0
        ORDER BY i.ordinal, i.id
        """,
        (header.id,),
    )
    result: list[AgendaRow] = []
    start = header.starts_at
    for number, row in enumerate(rows, start=1):
        result.append(
            AgendaRow(
                id=row["id"],
                number=number,
                ordinal=float(row["ordinal"]),
                kind=ItemKind(row["kind"]),
                title=row["title"],
                proposal=row["proposal"],
                rapporteur_id=row["rapporteur_id"],
                rapporteur_name=row["rapporteur_name"] or "",
                planned_minutes=int(row["planned_minutes"]),
                planned_start=start,
                confidential=bool(row["confidential"]),
                documents=int(row["documents"]),
                positions=int(row["positions"]),
                members=members,
                outcome=DecisionOutcome(row["outcome"]) if row["outcome"] else None,
            )
        )
        start += timedelta(minutes=int(row["planned_minutes"]))
    return result


def meeting_documents(store: Store, meeting_id: str) -> list[DocumentRow]:
    """The documents of a meeting, the meeting's own first, then by agenda item; each with its
    versions, newest first."""
    return _documents(store, meeting_id, agenda_items(store, meeting_id))


def _documents(store: Store, meeting_id: str, items: list[AgendaRow]) -> list[DocumentRow]:
    numbers = {row.id: (row.number, row.title) for row in items}
    versions: dict[str, list[VersionRow]] = {}
    for row in store.query(
        """
        SELECT v.id, v.document_id, v.version, v.filename, v.media_type, v.size, v.sha256, v.late,
               v.added_at, p.name AS added_by_name
        FROM document_version v JOIN document d ON d.id = v.document_id
        LEFT JOIN person p ON p.id = v.added_by
        WHERE d.meeting_id = ? AND d.deleted = 0 AND v.deleted = 0
        ORDER BY v.version DESC
        """,
        (meeting_id,),
    ):
        versions.setdefault(row["document_id"], []).append(
            VersionRow(
                id=row["id"],
                version=int(row["version"]),
                filename=row["filename"],
                media_type=row["media_type"],
                size=int(row["size"]),
                sha256=row["sha256"],
                late=bool(row["late"]),
                added_at=from_text(row["added_at"]),
                added_by_name=row["added_by_name"] or "",
            )
        )
    documents: list[DocumentRow] = []
    for row in store.query(
        "SELECT id, title, agenda_item_id, confidential FROM document "
        "WHERE meeting_id = ? AND deleted = 0",
        (meeting_id,),
    ):
        if row["id"] not in versions:
            continue  # a document whose first version has not arrived (yet) has nothing to show
        item = numbers.get(row["agenda_item_id"]) if row["agenda_item_id"] else None
        documents.append(
            DocumentRow(
                id=row["id"],
                title=row["title"],
                agenda_item_id=row["agenda_item_id"],
                item_number=item[0] if item else None,
                item_title=item[1] if item else "",
                confidential=bool(row["confidential"]),
                versions=tuple(versions[row["id"]]),
            )
        )
    documents.sort(key=lambda d: (d.item_number or 0, d.title.casefold(), d.id))
    return documents


def meeting_view(store: Store, meeting_id: str) -> MeetingView:
    """Everything the meeting page shows, in one read."""
    header = meeting_header(store, meeting_id)
    items = _agenda(store, header)
    return MeetingView(header, items, _documents(store, meeting_id, items))


# What editors choose from ---------------------------------------------------------------------


def pfo_choices(store: Store) -> list[PfoChoice]:
    return [
        PfoChoice(row["id"], row["name"], row["short_name"])
        for row in store.query(
            "SELECT id, name, short_name FROM pfo WHERE deleted = 0 ORDER BY name"
        )
    ]


def plannable_pfos(store: Store, actor: Actor) -> list[PfoChoice]:
    """The PFOs for which this person may plan a meeting (as their secretary)."""
    return [pfo for pfo in pfo_choices(store) if is_secretary(store, actor, pfo.id)]


def people_of_pfo(store: Store, pfo_id: str, on: date) -> list[PersonChoice]:
    """Who can chair or introduce an item: the PFO's members on a day, then its secretaries."""
    day = on.isoformat()
    rows = store.query(
        """
        SELECT p.id, p.name, mu.name AS detail, 0 AS sort
        FROM membership ms JOIN person p ON p.id = ms.person_id
        JOIN municipality mu ON mu.id = ms.municipality_id
        WHERE ms.pfo_id = :pfo AND ms.deleted = 0 AND ms.start <= :day
          AND (ms."end" IS NULL OR ms."end" >= :day)
        UNION ALL
        SELECT p.id, p.name, p.title, 1
        FROM role_assignment r JOIN person p ON p.id = r.person_id
        WHERE r.role = 'secretary' AND r.deleted = 0 AND (r.pfo_id = :pfo OR r.pfo_id IS NULL)
          AND r.start <= :day AND (r."end" IS NULL OR r."end" >= :day)
        ORDER BY 4, 2
        """,
        {"pfo": pfo_id, "day": day},
    )
    seen: set[str] = set()
    people: list[PersonChoice] = []
    for row in rows:
        if row["id"] not in seen:
            seen.add(row["id"])
            people.append(PersonChoice(row["id"], row["name"], row["detail"] or ""))
    return people


# Document files -----------------------------------------------------------------------------------


def document_version(store: Store, version_id: str) -> VersionRow:
    rows = store.query(
        "SELECT v.id, v.version, v.filename, v.media_type, v.size, v.sha256, v.late, v.added_at, "
        "p.name AS added_by_name FROM document_version v "
        "LEFT JOIN person p ON p.id = v.added_by WHERE v.id = ? AND v.deleted = 0",
        (version_id,),
    )
    if not rows:
        raise NotFound(kind=_("document version"), id=version_id)
    row = rows[0]
    return VersionRow(
        id=row["id"],
        version=int(row["version"]),
        filename=row["filename"],
        media_type=row["media_type"],
        size=int(row["size"]),
        sha256=row["sha256"],
        late=bool(row["late"]),
        added_at=from_text(row["added_at"]),
        added_by_name=row["added_by_name"] or "",
    )


def safe_filename(name: str) -> str:
    """A file name that cannot leave its folder or upset a file system."""
    cleaned = "".join("_" if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in name).strip(" .")
    return cleaned or "document"


def copy_document_version(store: Store, version_id: str, folder: Path) -> Path:
    """A copy of a version's file under its own name (``folder/<sha prefix>/<filename>``), for
    opening it in another program.  The copy is made once and is read-only."""
    version = document_version(store, version_id)
    source = store.blobs.path_of(version.sha256)
    if not source.is_file():
        raise InvalidInput(
            field=version.filename, reason=_("its file has not reached this device yet")
        )
    target = folder / version.sha256[:16] / safe_filename(version.filename)
    if target.is_file() and target.stat().st_size == version.size:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        shutil.copyfile(source, partial)
        os.chmod(partial, 0o444)
        if target.exists():  # a stale copy (read-only: Windows refuses to replace it as it is)
            os.chmod(target, 0o644)
            target.unlink()
        os.replace(partial, target)
    except OSError as exc:
        with suppress(OSError):
            os.chmod(partial, 0o644)
            partial.unlink()
        raise InvalidInput(field=version.filename, reason=exc.strerror or str(exc)) from None
    return target


def usual_chair(store: Store, pfo_id: str) -> str | None:
    """Who chaired the PFO's latest meeting: the natural chair of its next one."""
    value = store.scalar(
        "SELECT chair_id FROM meeting WHERE pfo_id = ? AND deleted = 0 AND chair_id IS NOT NULL "
        "ORDER BY starts_at DESC LIMIT 1",
        (pfo_id,),
    )
    return str(value) if value else None
