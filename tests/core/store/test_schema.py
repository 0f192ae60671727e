"""The schema revision, the migrations, and what happens to a store of an older schema
(regiodesk/store/schema.py and Store.open)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from regiodesk import errors
from regiodesk.model import ENTITY_BY_TABLE, Person, metadata
from regiodesk.store import Store, schema
from regiodesk.store.schema import SCHEMA_REVISION, head_revision, known_revisions, stored_revision

#: The full-text index is an FTS5 virtual table (with its shadow tables) that the migration makes
#: in raw SQL, on purpose outside the SQLModel metadata; the comparison leaves exactly these out.
FTS_TABLES = {
    "search_index",
    "search_index_config",
    "search_index_content",
    "search_index_data",
    "search_index_docsize",
    "search_index_idx",
}


def test_the_schema_revision_is_the_newest_migration() -> None:
    assert head_revision() == SCHEMA_REVISION
    assert SCHEMA_REVISION in known_revisions()


def test_the_migrated_schema_matches_the_model(blank_path: Path) -> None:
    engine = create_engine(f"sqlite:///{blank_path}", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            tables = {
                row[0]
                for row in connection.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "include_name": lambda name, kind, _parent: (
                        not (kind == "table" and name in FTS_TABLES)
                    ),
                },
            )
            differences = compare_metadata(context, metadata)
    finally:
        engine.dispose()
    assert differences == []
    # The exclusion above hides only the search index, and the index is there.
    assert tables >= FTS_TABLES
    assert set(ENTITY_BY_TABLE) <= tables
    assert {"change_log", "device", "store_meta", "alembic_version"} <= tables


def test_stored_revision_tells_new_ours_and_foreign_files_apart(
    blank_path: Path, tmp_path: Path
) -> None:
    new = sqlite3.connect(tmp_path / "empty.sqlite")
    foreign = sqlite3.connect(tmp_path / "foreign.sqlite")
    ours = sqlite3.connect(blank_path)
    try:
        foreign.execute("CREATE TABLE t (x)")
        assert stored_revision(new) is None
        assert stored_revision(foreign) == "unknown"
        assert stored_revision(ours) == SCHEMA_REVISION
    finally:
        for conn in (new, foreign, ours):
            conn.close()


def test_an_empty_file_becomes_a_store_without_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "placeholder.sqlite"
    path.touch()
    with Store.open(path) as store:
        assert store.scalar("SELECT version_num FROM alembic_version") == SCHEMA_REVISION
    assert not (tmp_path / "backups").exists()


def _stamp(path: Path, revision: str) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        conn.commit()
    finally:
        conn.close()


@pytest.fixture
def older_store(blank_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[Path]]:
    """A store "of an older schema" - SIMULATED.

    RegioDesk has a single migration so far, so no real older schema exists to test with.  The
    simulation: the store holds some data and is stamped with a made-up revision "0000";
    ``schema.known_revisions`` is told that "0000" is an older revision this version knows; and
    ``schema.upgrade`` (Alembic) is replaced by a stand-in that records the call, checks that the
    backup is already on disk at that moment, and stamps the current revision.  What is real: the
    decision in ``Store.open`` to back up, ``backup_before_migration`` itself, and the backup file.
    """
    with Store.open(blank_path) as store, store.write(None) as writer:
        writer.create(Person, {"name": "Van voor de migratie"})
    _stamp(blank_path, "0000")
    upgraded: list[Path] = []

    def fake_upgrade(path: Path, target: str = "head") -> None:
        assert list((path.parent / "backups").glob("*-schema-0000-*.sqlite")), "no backup yet"
        upgraded.append(path)
        _stamp(path, SCHEMA_REVISION)

    monkeypatch.setattr(schema, "known_revisions", lambda: {"0000", SCHEMA_REVISION})
    monkeypatch.setattr(schema, "upgrade", fake_upgrade)
    return blank_path, upgraded


def test_an_older_store_is_backed_up_before_migration(older_store: tuple[Path, list[Path]]) -> None:
    path, upgraded = older_store
    with Store.open(path) as store:
        assert store.scalar("SELECT version_num FROM alembic_version") == SCHEMA_REVISION
        assert store.scalar("SELECT name FROM person") == "Van voor de migratie"
    assert upgraded == [path]
    backups = list((path.parent / "backups").glob(f"{path.stem}-schema-0000-*.sqlite"))
    assert len(backups) == 1
    copy = sqlite3.connect(backups[0])
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0000"
        assert copy.execute("SELECT name FROM person").fetchall() == [("Van voor de migratie",)]
    finally:
        copy.close()


def test_no_migration_without_a_backup(older_store: tuple[Path, list[Path]]) -> None:
    """If the backup cannot be written, the store is not migrated and stays as it was."""
    path, upgraded = older_store
    (path.parent / "backups").write_text("a file where the backups folder should be")
    before = path.read_bytes()
    with pytest.raises(errors.StoreError):
        Store.open(path)
    assert upgraded == []
    assert path.read_bytes() == before
