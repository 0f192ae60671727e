"""Opening a store, refusing bad input, durable settings, and the write transaction
(regiodesk/store/store.py)."""

from __future__ import annotations

import os
import random
import sqlite3
import stat
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from regiodesk import clock as clock_module
from regiodesk import errors
from regiodesk.changelog.writer import Changes
from regiodesk.clock import Hlc
from regiodesk.model import Person
from regiodesk.store import Store
from regiodesk.store.schema import SCHEMA_REVISION

REAL_CONNECT = sqlite3.connect
REAL_ACCESS = os.access


def count(path: Path, sql: str) -> int:
    """Count with a connection of its own (what another program would see on disk)."""
    conn = REAL_CONNECT(path)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def seqs(store: Store) -> list[int]:
    return [
        row[0]
        for row in store.conn.execute(
            "SELECT seq FROM change_log WHERE device_no = ? ORDER BY seq", (store.device_no,)
        )
    ]


def add_person(store: Store, name: str) -> str:
    with store.write(None) as writer:
        return writer.create(Person, {"name": name})


def person_names(store: Store) -> list[str]:
    return [row[0] for row in store.conn.execute("SELECT name FROM person ORDER BY name")]


# Opening ------------------------------------------------------------------------------------------


def test_open_creates_a_new_store_with_its_folders(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "store.sqlite"
    with Store.open(path) as store:
        assert path.is_file()
        assert uuid.UUID(store.device_id).version == 7
        assert store.meta("device_id") == store.device_id
        assert store.meta("created_at")
        assert store.next_seq == 1
        assert store.scalar("SELECT version_num FROM alembic_version") == SCHEMA_REVISION


def test_durable_settings(blank_store: Store) -> None:
    conn = blank_store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_foreign_keys_are_enforced_and_a_refused_write_leaves_nothing(blank_store: Store) -> None:
    from regiodesk.model import Municipality

    with pytest.raises(errors.StoreError), blank_store.write(None) as writer:
        writer.create(
            Municipality, {"region_id": "no-such-region", "cbs_code": "GM0001", "name": "Nergens"}
        )
    assert blank_store.scalar("SELECT count(*) FROM municipality") == 0
    assert blank_store.scalar("SELECT count(*) FROM change_log") == 0


def test_typed_reads_through_a_session(blank_store: Store) -> None:
    from sqlmodel import select

    person_id = add_person(blank_store, "Anne Nijhuis")
    with blank_store.session() as session:
        found = session.exec(select(Person).where(Person.id == person_id)).one()
        assert found.name == "Anne Nijhuis"
        assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_folder_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(errors.StorePathIsFolder) as caught:
        Store.open(tmp_path)
    assert str(tmp_path) in str(caught.value)


def test_a_missing_store_is_not_created_when_create_is_false(tmp_path: Path) -> None:
    path = tmp_path / "nothing-here.sqlite"
    with pytest.raises(errors.StoreMissing) as caught:
        Store.open(path, create=False)
    assert "does not exist" in str(caught.value)
    assert not path.exists()


def test_an_existing_store_opens_with_create_false(blank_path: Path) -> None:
    with Store.open(blank_path, create=False) as store:
        assert store.scalar("SELECT count(*) FROM change_log") == 0


# Read-only files and folders ----------------------------------------------------------------------


def _access_as_an_ordinary_user(path: object, mode: int, *args: object, **kwargs: object) -> bool:
    """os.access as a non-root user would see it: write access follows the owner's w bit."""
    if mode & os.W_OK:
        try:
            if not os.stat(path).st_mode & stat.S_IWUSR:  # type: ignore[arg-type]
                return False
        except FileNotFoundError:
            return False
    return REAL_ACCESS(path, mode, *args, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def make_read_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Take the write bits off a file or folder (restored afterwards).

    These tests may run as root (in containers they do), and root bypasses permission bits:
    ``os.access`` then says a 0o444 file is writable.  In that case, and only then, the test
    simulates an ordinary user by replacing ``os.access`` with one that honours the permission
    bits.  The chmod is real either way; what is simulated is only the kernel's refusal.
    """
    changed: list[tuple[Path, int]] = []

    def make(path: Path) -> None:
        changed.append((path, path.stat().st_mode))
        path.chmod(0o555 if path.is_dir() else 0o444)
        if REAL_ACCESS(path, os.W_OK):  # running as root: simulate the refusal
            monkeypatch.setattr(os, "access", _access_as_an_ordinary_user)
        assert not os.access(path, os.W_OK)

    yield make
    for path, mode in reversed(changed):
        path.chmod(stat.S_IMODE(mode))


def test_a_read_only_store_file_is_refused_and_left_alone(
    blank_path: Path, make_read_only: Callable[[Path], None]
) -> None:
    before = blank_path.read_bytes()
    make_read_only(blank_path)
    with pytest.raises(errors.StoreReadOnly) as caught:
        Store.open(blank_path)
    assert str(blank_path) in str(caught.value)
    assert blank_path.read_bytes() == before


def test_a_store_in_a_read_only_folder_is_refused(
    blank_path: Path, make_read_only: Callable[[Path], None]
) -> None:
    before = blank_path.read_bytes()
    make_read_only(blank_path.parent)
    with pytest.raises(errors.StoreReadOnly):
        Store.open(blank_path)
    assert blank_path.read_bytes() == before


def test_a_new_store_in_a_read_only_folder_is_refused(
    tmp_path: Path, make_read_only: Callable[[Path], None]
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    make_read_only(folder)
    with pytest.raises(errors.StoreReadOnly):
        Store.open(folder / "store.sqlite")
    assert list(folder.iterdir()) == []


# Files that are not (usable) stores ---------------------------------------------------------------


def test_random_bytes_are_a_corrupt_store_and_stay_untouched(tmp_path: Path) -> None:
    path = tmp_path / "noise.sqlite"
    path.write_bytes(random.Random(2026).randbytes(64 * 1024))
    before = path.read_bytes()
    with pytest.raises(errors.StoreCorrupt) as caught:
        Store.open(path)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["noise.sqlite"]


def test_a_truncated_store_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "half.sqlite"
    with Store.open(path) as store, store.write(None) as writer:
        for number in range(200):
            writer.create(Person, {"name": f"Persoon {number} " + "x" * 200})
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(errors.StoreCorrupt):
        Store.open(path)


def test_another_programs_sqlite_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "customers.sqlite"
    conn = REAL_CONNECT(path)
    conn.execute("CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO customer (name) VALUES ('ACME')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(errors.StoreCorrupt) as caught:
        Store.open(path)
    assert "another program" in str(caught.value)
    assert path.read_bytes() == before
    assert count(path, "SELECT count(*) FROM sqlite_master WHERE type = 'table'") == 1


def test_a_store_from_a_newer_version_is_refused_and_left_unchanged(blank_path: Path) -> None:
    conn = REAL_CONNECT(blank_path)
    conn.execute("UPDATE alembic_version SET version_num = '9f3e_future'")
    conn.commit()
    conn.close()
    before = blank_path.read_bytes()
    with pytest.raises(errors.StoreTooNew) as caught:
        Store.open(blank_path)
    assert "9f3e_future" in str(caught.value)
    assert caught.value.data["revision"] == "9f3e_future"
    assert blank_path.read_bytes() == before
    assert not (blank_path.parent / "backups").exists()


# Disk full ----------------------------------------------------------------------------------------


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> type[sqlite3.Connection]:
    """Connections whose COMMIT fails as SQLite fails on a full disk, while ``full`` is set."""

    class FullDiskConnection(sqlite3.Connection):
        full = False

        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
            if type(self).full and sql.strip().upper() == "COMMIT":
                raise sqlite3.OperationalError("database or disk is full")
            return super().execute(sql, *args)  # type: ignore[arg-type]

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        kwargs.setdefault("factory", FullDiskConnection)
        return REAL_CONNECT(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", connect)
    return FullDiskConnection


def test_disk_full_on_commit_saves_nothing_and_leaves_no_gap(
    blank_path: Path, full_disk: type[sqlite3.Connection]
) -> None:
    with Store.open(blank_path) as store:
        assert isinstance(store.conn, full_disk)
        add_person(store, "Eerste")
        full_disk.full = True  # type: ignore[attr-defined]
        with pytest.raises(errors.StoreDiskFull) as caught:
            add_person(store, "Verloren")
        assert "full" in str(caught.value)
        assert not store.conn.in_transaction
        assert person_names(store) == ["Eerste"]
        assert count(blank_path, "SELECT count(*) FROM person") == 1
        assert count(blank_path, "SELECT count(*) FROM change_log") == 1
        full_disk.full = False  # type: ignore[attr-defined]
        add_person(store, "Tweede")
        assert person_names(store) == ["Eerste", "Tweede"]
        assert seqs(store) == [1, 2]


def test_a_really_full_database_is_reported_as_disk_full(blank_store: Store) -> None:
    """SQLite's own SQLITE_FULL (here from a page limit) becomes StoreDiskFull."""
    add_person(blank_store, "Eerste")
    pages = blank_store.scalar("PRAGMA page_count")
    blank_store.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(errors.StoreDiskFull), blank_store.write(None) as writer:  # noqa: PT012
        for number in range(500):
            writer.create(Person, {"name": f"{number} " + "lange naam " * 40})
    assert person_names(blank_store) == ["Eerste"]
    assert seqs(blank_store) == [1]
    blank_store.conn.execute("PRAGMA max_page_count = 1073741823")
    add_person(blank_store, "Tweede")
    assert seqs(blank_store) == [1, 2]


def test_a_store_busy_in_another_program_is_reported_as_locked(blank_store: Store) -> None:
    other = REAL_CONNECT(blank_store.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        blank_store.conn.execute("PRAGMA busy_timeout = 50")
        with pytest.raises(errors.StoreLocked):
            add_person(blank_store, "Wachtend")
        other.execute("ROLLBACK")
    finally:
        other.close()
    add_person(blank_store, "Daarna")
    assert seqs(blank_store) == [1]


# Reopening ----------------------------------------------------------------------------------------


def test_reopening_keeps_the_device_and_continues_its_sequence_and_clock(
    blank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(blank_path) as store:
        device = store.device_id
        for name in ("A", "B", "C"):
            add_person(store, name)
        last_clock = store.scalar("SELECT max(hlc) FROM change_log")
    # The wall clock has been set back an hour in between.
    real_ns = time.time_ns
    monkeypatch.setattr(clock_module.time, "time_ns", lambda: real_ns() - 3_600 * 10**9)
    with Store.open(blank_path) as store:
        assert store.device_id == device
        assert store.next_seq == 4
        add_person(store, "D")
        assert seqs(store) == [1, 2, 3, 4]
        newest = store.scalar("SELECT hlc FROM change_log WHERE seq = 4")
        assert newest > last_clock
        assert store.scalar("SELECT count(*) FROM device") == 1


# The write transaction ----------------------------------------------------------------------------


def test_a_write_that_raises_leaves_no_row_no_entry_and_no_gap(blank_store: Store) -> None:
    add_person(blank_store, "A")
    with pytest.raises(RuntimeError), blank_store.write(None) as writer:  # noqa: PT012
        writer.create(Person, {"name": "Half"})
        writer.create(Person, {"name": "Geschreven"})
        raise RuntimeError("the command failed half way")
    assert not blank_store.conn.in_transaction
    assert person_names(blank_store) == ["A"]
    assert seqs(blank_store) == [1]
    add_person(blank_store, "B")
    assert seqs(blank_store) == [1, 2]


def test_entry_and_row_are_in_one_transaction(
    blank_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If applying an entry to its table fails, the entry already appended goes too."""
    from regiodesk.changelog import writer as writer_module

    def broken_apply(conn: sqlite3.Connection, entry: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(writer_module, "apply", broken_apply)
    with pytest.raises(errors.StoreError):
        add_person(blank_store, "Nooit")
    monkeypatch.undo()
    assert blank_store.scalar("SELECT count(*) FROM change_log") == 0
    assert person_names(blank_store) == []
    add_person(blank_store, "Wel")
    assert seqs(blank_store) == [1]


def test_nested_write_failure_rolls_back_only_the_inner_command(blank_store: Store) -> None:
    with blank_store.write(None) as outer:
        outer.create(Person, {"name": "Voor"})
        with pytest.raises(ValueError, match="inner"), blank_store.write(None) as inner:  # noqa: PT012
            inner.create(Person, {"name": "Binnen 1"})
            inner.create(Person, {"name": "Binnen 2"})
            raise ValueError("inner command refused")
        outer.create(Person, {"name": "Na"})
    assert person_names(blank_store) == ["Na", "Voor"]
    assert seqs(blank_store) == [1, 2]
    entities = {row[0] for row in blank_store.conn.execute("SELECT entity_id FROM change_log")}
    assert entities == {row[0] for row in blank_store.conn.execute("SELECT id FROM person")}


def test_nested_write_success_commits_with_the_outer_one(blank_store: Store) -> None:
    with blank_store.write(None) as outer:
        outer.create(Person, {"name": "Voor"})
        with blank_store.write(None) as inner:
            assert inner is outer
            inner.create(Person, {"name": "Binnen"})
        # Nothing is committed before the outer write ends.
        assert count(blank_store.path, "SELECT count(*) FROM person") == 0
    assert person_names(blank_store) == ["Binnen", "Voor"]
    assert seqs(blank_store) == [1, 2]


def test_an_outer_failure_rolls_back_the_inner_commands_too(blank_store: Store) -> None:
    with pytest.raises(RuntimeError), blank_store.write(None) as outer:  # noqa: PT012
        outer.create(Person, {"name": "Voor"})
        with blank_store.write(None) as inner:
            inner.create(Person, {"name": "Binnen"})
        raise RuntimeError
    assert person_names(blank_store) == []
    assert seqs(blank_store) == []
    add_person(blank_store, "Later")
    assert seqs(blank_store) == [1]


def test_doubly_nested_failure_keeps_both_outer_levels(blank_store: Store) -> None:
    with blank_store.write(None) as level1:
        level1.create(Person, {"name": "1"})
        with blank_store.write(None) as level2:
            level2.create(Person, {"name": "2"})
            with pytest.raises(KeyError), blank_store.write(None) as level3:  # noqa: PT012
                level3.create(Person, {"name": "3"})
                raise KeyError("level 3")
            level2.create(Person, {"name": "2b"})
    assert person_names(blank_store) == ["1", "2", "2b"]
    assert seqs(blank_store) == [1, 2, 3]


def test_nested_writes_log_their_own_actor(blank_store: Store) -> None:
    secretary = add_person(blank_store, "Secretaris")
    with blank_store.write(None) as outer:
        outer.create(Person, {"name": "Door het systeem"})
        with blank_store.write(secretary) as inner:
            inner.create(Person, {"name": "Door de secretaris"})
        outer.create(Person, {"name": "Weer het systeem"})
    actors = [
        row[0] for row in blank_store.conn.execute("SELECT actor_id FROM change_log ORDER BY seq")
    ]
    assert actors == [None, None, secretary, None]


def test_listeners_hear_each_committed_write_once(blank_store: Store) -> None:
    heard: list[Changes] = []
    blank_store.on_change(heard.append)
    with blank_store.write(None) as outer:
        first = outer.create(Person, {"name": "A"})
        with blank_store.write(None) as inner:
            second = inner.create(Person, {"name": "B"})
    assert len(heard) == 1
    assert heard[0].touches("person")
    assert heard[0].ids["person"] == {first, second}
    with pytest.raises(RuntimeError), blank_store.write(None) as writer:  # noqa: PT012
        writer.create(Person, {"name": "C"})
        raise RuntimeError
    assert len(heard) == 1  # a failed write tells nobody


def test_changes_do_not_report_what_a_failed_nested_command_rolled_back(
    blank_store: Store,
) -> None:
    """What a write reports as changed must exist: a screen refreshing from it would otherwise
    look up rows that were rolled back."""
    heard: list[Changes] = []
    blank_store.on_change(heard.append)
    with blank_store.write(None) as outer:
        kept = outer.create(Person, {"name": "Blijft"})
        with pytest.raises(RuntimeError), blank_store.write(None) as inner:  # noqa: PT012
            gone = inner.create(Person, {"name": "Teruggedraaid"})
            raise RuntimeError
    assert len(heard) == 1
    assert kept in heard[0].ids["person"]
    assert gone not in heard[0].ids["person"]


def test_the_clock_of_each_entry_increases_with_its_sequence(blank_store: Store) -> None:
    for name in "ABCDE":
        add_person(blank_store, name)
    with blank_store.write(None) as writer:
        writer.create_many(Person, [{"name": f"Bulk {n}"} for n in range(50)])
    rows = blank_store.conn.execute("SELECT seq, hlc FROM change_log ORDER BY seq").fetchall()
    clocks = [hlc for _seq, hlc in rows]
    assert [seq for seq, _hlc in rows] == list(range(1, 56))
    assert clocks == sorted(set(clocks))
    assert all(0 <= Hlc.unpack(value, "d").counter <= 99_999 for value in clocks)


def test_a_database_error_in_a_nested_write_is_a_store_error_as_outside(blank_store: Store) -> None:
    """A command that hits a constraint raises StoreError when run alone; run inside a batch
    (a nested write) it must raise the same typed error, not the bare sqlite3 exception."""
    from regiodesk.model import Municipality

    bad = {"region_id": "no-such-region", "cbs_code": "GM0001", "name": "Nergens"}
    with pytest.raises(errors.StoreError), blank_store.write(None) as writer:
        writer.create(Municipality, bad)
    with blank_store.write(None) as outer:
        outer.create(Person, {"name": "Blijft"})
        with pytest.raises(errors.StoreError), blank_store.write(None) as inner:
            inner.create(Municipality, bad)
    assert person_names(blank_store) == ["Blijft"]


#: Folder names people use.  "%41" and "%25" are literal text in a folder name, not URL escapes;
#: "?" is allowed in names on POSIX systems only.
AWKWARD_FOLDERS = ["C#", "Mijn Documenten", "100% Twente", "Korting 50%25", "a%41b"] + (
    ["Wat nu?"] if os.name == "posix" else []
)


@pytest.mark.parametrize("folder", AWKWARD_FOLDERS)
def test_a_store_in_a_folder_with_any_name(tmp_path: Path, folder: str) -> None:
    path = tmp_path / folder / "regio.sqlite"
    with Store.open(path) as store:
        assert store.scalar("SELECT version_num FROM alembic_version") == SCHEMA_REVISION
        add_person(store, "Anne")
    assert [p.name for p in tmp_path.iterdir()] == [folder]  # nothing written anywhere else


def test_a_store_that_cannot_be_opened_leaves_no_connection_open(
    blank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damaged store (here: a table of its own missing) is refused; the connection opened to
    read it must be closed again (an open handle keeps the file locked on Windows)."""
    from regiodesk.store import store as store_module

    conn = REAL_CONNECT(blank_path)
    conn.execute("DROP TABLE store_meta")
    conn.commit()
    conn.close()
    opened: list[sqlite3.Connection] = []
    real = store_module.connect

    def spy(*args: object, **kwargs: object) -> sqlite3.Connection:
        made = real(*args, **kwargs)  # type: ignore[arg-type]
        opened.append(made)
        return made

    monkeypatch.setattr(store_module, "connect", spy)
    with pytest.raises(errors.StoreError):
        Store.open(blank_path)
    assert opened
    leaked = []
    for made in opened:
        try:
            made.execute("SELECT 1")
            leaked.append(made)
        except sqlite3.ProgrammingError:  # closed
            pass
    for made in leaked:
        made.close()
    assert leaked == []


def test_two_programs_on_one_store_continue_one_sequence(tmp_path: Path) -> None:
    """The app and the command-line tool may write to the same store at the same time."""
    from regiodesk.changelog.rebuild import compare, rebuild
    from regiodesk.model import Person

    path = tmp_path / "shared.sqlite"
    app, tool = Store.open(path), Store.open(path)
    try:
        for round_ in range(3):
            for store in (app, tool):
                with store.write(None) as writer:
                    writer.create(Person, {"name": f"{round_} {id(store)}"})
        seqs = [row[0] for row in app.conn.execute("SELECT seq FROM change_log ORDER BY seq")]
        assert seqs == list(range(1, 7))
        hlcs = [row[0] for row in app.conn.execute("SELECT hlc FROM change_log ORDER BY seq")]
        assert hlcs == sorted(hlcs)
        assert len(set(hlcs)) == 6
        assert compare(app.conn, rebuild(app.conn)) == []
    finally:
        app.close()
        tool.close()


# Bulk writes --------------------------------------------------------------------------------------


def test_a_bulk_write_gives_inner_commands_no_savepoints(blank_store: Store) -> None:
    statements: list[str] = []
    blank_store.conn.set_trace_callback(statements.append)
    with blank_store.write(None, bulk=True) as outer:
        outer.create(Person, {"name": "Buiten"})
        with blank_store.write(None) as inner:
            inner.create(Person, {"name": "Binnen"})
    blank_store.conn.set_trace_callback(None)
    assert not [s for s in statements if s.startswith(("SAVEPOINT", "RELEASE"))]
    assert blank_store.scalar("SELECT count(*) FROM person") == 2


def test_a_failed_command_in_a_bulk_write_rolls_all_of_it_back(blank_store: Store) -> None:
    """Without savepoints an inner command cannot be undone on its own: once one fails, the bulk
    write as a whole is refused, even if the caller caught the error and went on."""

    def bulk_job() -> None:
        with blank_store.write(None, bulk=True) as outer:
            outer.create(Person, {"name": "Eerder"})
            try:
                with blank_store.write(None) as inner:
                    inner.create(Person, {"name": "Half"})
                    raise ValueError("the command fails halfway")
            except ValueError:
                pass  # the caller goes on as if nothing happened
            outer.create(Person, {"name": "Later"})

    with pytest.raises(RuntimeError, match="bulk write"):
        bulk_job()
    assert blank_store.scalar("SELECT count(*) FROM person") == 0
    assert blank_store.scalar("SELECT count(*) FROM change_log") == 0
    with blank_store.write(None) as writer:  # the store is usable afterwards
        writer.create(Person, {"name": "Daarna"})
    assert blank_store.scalar("SELECT count(*) FROM person") == 1
