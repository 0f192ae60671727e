"""Documents: attach a file to a meeting or agenda item, add a new version (a late paper)."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from regiodesk import model
from regiodesk.changelog.writer import Writer
from regiodesk.commands._common import (
    MeetingFacts,
    ensure_unlocked,
    fetch,
    meeting_facts,
    require_text,
)
from regiodesk.errors import InvalidInput
from regiodesk.i18n import _
from regiodesk.model.enums import MeetingStatus
from regiodesk.permissions import Actor, require_meeting_editor
from regiodesk.store import Store
from regiodesk.timeutil import utc_now

#: A document larger than this is refused (a 2 GB video is not a meeting paper).
MAX_DOCUMENT_BYTES = 1024 * 1024 * 1024


def _store_file(store: Store, path: Path) -> tuple[str, int, str]:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InvalidInput(field=str(path), reason=_("the file no longer exists")) from None
    except OSError as exc:
        raise InvalidInput(field=str(path), reason=exc.strerror or str(exc)) from None
    if not path.is_file():
        raise InvalidInput(field=str(path), reason=_("not a file"))
    if size > MAX_DOCUMENT_BYTES:
        raise InvalidInput(field=str(path), reason=_("larger than 1 GB"))
    try:
        sha256, size = store.blobs.put_file(path)
    except FileNotFoundError:
        raise InvalidInput(field=str(path), reason=_("the file no longer exists")) from None
    except PermissionError:
        raise InvalidInput(field=str(path), reason=_("the file cannot be read")) from None
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return sha256, size, media_type


def attach_document(
    store: Store,
    actor: Actor,
    meeting_id: str,
    path: Path,
    title: str | None = None,
    agenda_item_id: str | None = None,
    confidential: bool = False,
) -> str:
    facts = meeting_facts(store, meeting_id)
    require_meeting_editor(store, actor, meeting_id, facts.pfo_id)
    ensure_unlocked(facts)
    if agenda_item_id is not None:
        item = fetch(store, "agenda_item", agenda_item_id, "meeting_id")
        if item["meeting_id"] != meeting_id:
            raise InvalidInput(field=_("agenda item"), reason=_("belongs to another meeting"))
    checked_title = require_text(title or path.stem, _("title"))
    stored = _store_file(store, path)
    with store.write(actor.person_id) as writer:
        document_id = writer.create(
            model.Document,
            {
                "meeting_id": meeting_id,
                "agenda_item_id": agenda_item_id,
                "title": checked_title,
                "confidential": confidential,
            },
        )
        _add_version(writer, actor, facts, document_id, 1, path, stored)
    return document_id


def add_document_version(store: Store, actor: Actor, document_id: str, path: Path) -> int:
    """Replace a document by a new version; the old versions are kept.  Returns the new number."""
    document = fetch(store, "document", document_id, "meeting_id")
    facts = meeting_facts(store, document["meeting_id"])
    require_meeting_editor(store, actor, facts.id, facts.pfo_id)
    ensure_unlocked(facts)
    stored = _store_file(store, path)
    version = (
        int(
            store.scalar(
                "SELECT max(version) FROM document_version WHERE document_id = ?", (document_id,)
            )
            or 0
        )
        + 1
    )
    with store.write(actor.person_id) as writer:
        _add_version(writer, actor, facts, document_id, version, path, stored)
    return version


def _add_version(
    writer: Writer,
    actor: Actor,
    facts: MeetingFacts,
    document_id: str,
    version: int,
    path: Path,
    stored: tuple[str, int, str],
) -> None:
    """Log a version of a document whose file is in the blob store already.  A version added
    after the meeting was published is a late paper."""
    sha256, size, media_type = stored
    writer.create(
        model.DocumentVersion,
        {
            "document_id": document_id,
            "version": version,
            "sha256": sha256,
            "filename": path.name,
            "media_type": media_type,
            "size": size,
            "added_at": utc_now(),
            "added_by": actor.person_id,
            "late": facts.status is not MeetingStatus.DRAFT,
        },
    )


def update_document(
    store: Store,
    actor: Actor,
    document_id: str,
    title: str | None = None,
    confidential: bool | None = None,
) -> bool:
    document = fetch(store, "document", document_id, "meeting_id")
    facts = meeting_facts(store, document["meeting_id"])
    require_meeting_editor(store, actor, facts.id, facts.pfo_id)
    ensure_unlocked(facts)
    values: dict[str, object] = {}
    if title is not None:
        values["title"] = require_text(title, _("title"))
    if confidential is not None:
        values["confidential"] = confidential
    with store.write(actor.person_id) as writer:
        return writer.update(model.Document, document_id, values)


def remove_document(store: Store, actor: Actor, document_id: str) -> None:
    document = fetch(store, "document", document_id, "meeting_id")
    facts = meeting_facts(store, document["meeting_id"])
    require_meeting_editor(store, actor, facts.id, facts.pfo_id)
    ensure_unlocked(facts)
    with store.write(actor.person_id) as writer:
        writer.delete(model.Document, document_id)
