"""Documents: attach a file, add versions, late papers (regiodesk/commands/documents.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from regiodesk import errors
from regiodesk.commands import meetings
from regiodesk.commands.documents import (
    add_document_version,
    attach_document,
    remove_document,
    update_document,
)
from regiodesk.model.enums import MeetingStatus
from regiodesk.store import Store

if TYPE_CHECKING:
    from tests.core.conftest import World


def versions(store: Store, document_id: str) -> list[dict[str, object]]:
    return [
        dict(r)
        for r in store.query(
            "SELECT * FROM document_version WHERE document_id = ? ORDER BY version", (document_id,)
        )
    ]


def assert_nothing_stored(store: Store, entries_before: int) -> None:
    assert store.scalar("SELECT count(*) FROM change_log") == entries_before
    assert store.scalar("SELECT count(*) FROM document") == 0
    assert store.scalar("SELECT count(*) FROM document_version") == 0
    leftovers = [p for p in store.blobs.root.rglob("*") if p.is_file()]
    assert leftovers == [], "files were copied into the store's documents folder"


@pytest.fixture
def paper(tmp_path: Path) -> Path:
    path = tmp_path / "Voorstel F35.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"Snelfietsroute " * 1000)
    return path


def test_attach_stores_the_file_by_its_sha256_as_version_1(world: World, paper: Path) -> None:
    s = world.store
    document = attach_document(
        s, world.secretary, world.meeting_id, paper, agenda_item_id=world.decision_item
    )
    data = paper.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    [version] = versions(s, document)
    assert (version["version"], version["sha256"], version["size"]) == (1, sha256, len(data))
    assert (version["filename"], version["media_type"]) == ("Voorstel F35.pdf", "application/pdf")
    assert version["late"] == 0  # the meeting is still a draft
    assert version["added_by"] == world.secretary.person_id
    assert s.blobs.path_of(sha256).read_bytes() == data
    row = s.query(
        "SELECT title, agenda_item_id, confidential FROM document WHERE id = ?", (document,)
    )[0]
    assert tuple(row) == ("Voorstel F35", world.decision_item, 0)


def test_a_new_version_after_publication_is_a_late_paper(world: World, paper: Path) -> None:
    s = world.store
    document = attach_document(s, world.secretary, world.meeting_id, paper, title="Voorstel")
    meetings.set_meeting_status(s, world.secretary, world.meeting_id, MeetingStatus.PUBLISHED)
    paper.write_bytes(b"%PDF-1.4\nversie 2")
    assert add_document_version(s, world.chair, document, paper) == 2
    first, second = versions(s, document)
    assert first["late"] == 0
    assert second["late"] == 1
    assert second["sha256"] == hashlib.sha256(b"%PDF-1.4\nversie 2").hexdigest()
    assert first["sha256"] != second["sha256"]
    assert s.blobs.has(str(first["sha256"]))  # the old version is kept
    late = attach_document(s, world.secretary, world.meeting_id, paper, title="Nagekomen")
    assert versions(s, late)[0]["late"] == 1


def test_the_same_file_twice_is_one_blob(world: World, paper: Path) -> None:
    s = world.store
    attach_document(s, world.secretary, world.meeting_id, paper, title="Een")
    attach_document(s, world.secretary, world.meeting_id, paper, title="Twee")
    assert len(s.blobs.all()) == 1
    assert s.scalar("SELECT count(*) FROM document") == 2


def test_a_file_that_is_gone_is_refused_and_nothing_is_stored(world: World, tmp_path: Path) -> None:
    s = world.store
    before = s.scalar("SELECT count(*) FROM change_log")
    with pytest.raises(errors.InvalidInput) as caught:
        attach_document(s, world.secretary, world.meeting_id, tmp_path / "weg.pdf")
    assert "weg.pdf" in str(caught.value)
    assert_nothing_stored(s, before)


def test_a_file_that_vanishes_while_it_is_attached_leaves_nothing(
    world: World, paper: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file passes the first checks, then disappears (a cloud folder evicted it) before it
    is copied in."""
    s = world.store
    original = s.blobs.put_file

    def vanish_then_copy(path: Path) -> tuple[str, int]:
        path.unlink()
        return original(path)

    monkeypatch.setattr(s.blobs, "put_file", vanish_then_copy)
    before = s.scalar("SELECT count(*) FROM change_log")
    with pytest.raises(errors.InvalidInput):
        attach_document(s, world.secretary, world.meeting_id, paper)
    assert_nothing_stored(s, before)


def test_a_folder_is_not_a_document(world: World, tmp_path: Path) -> None:
    before = world.store.scalar("SELECT count(*) FROM change_log")
    with pytest.raises(errors.InvalidInput):
        attach_document(world.store, world.secretary, world.meeting_id, tmp_path)
    assert_nothing_stored(world.store, before)


def test_a_refused_attachment_leaves_no_orphan_blob(world: World, paper: Path) -> None:
    """A blank title is refused; the file must not have been copied into the store for nothing."""
    before = world.store.scalar("SELECT count(*) FROM change_log")
    with pytest.raises(errors.InvalidInput):
        attach_document(world.store, world.secretary, world.meeting_id, paper, title="   ")
    assert_nothing_stored(world.store, before)


def test_an_item_of_another_meeting_is_refused(world: World, paper: Path) -> None:
    _other_meeting, [other_item, *_rest] = world.new_meeting()
    with pytest.raises(errors.InvalidInput):
        attach_document(
            world.store, world.secretary, world.meeting_id, paper, agenda_item_id=other_item
        )


def test_edit_and_remove(world: World, paper: Path) -> None:
    s = world.store
    document = attach_document(s, world.secretary, world.meeting_id, paper)
    assert update_document(
        s, world.secretary, document, title="Vertrouwelijk stuk", confidential=True
    )
    assert tuple(s.query("SELECT title, confidential FROM document")[0]) == (
        "Vertrouwelijk stuk",
        1,
    )
    with pytest.raises(errors.NotPermitted):
        remove_document(s, world.member, document)
    remove_document(s, world.secretary, document)
    assert s.scalar("SELECT deleted FROM document WHERE id = ?", (document,)) == 1
    with pytest.raises(errors.NotFound):
        add_document_version(s, world.secretary, document, paper)


def test_a_member_does_not_attach_documents(world: World, paper: Path) -> None:
    with pytest.raises(errors.NotPermitted):
        attach_document(world.store, world.member, world.meeting_id, paper)
