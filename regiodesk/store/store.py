"""The local store: one SQLite file, opened safely, written only through the change log."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from regiodesk.changelog.writer import Changes, Inverse, Writer
from regiodesk.clock import Hlc, HybridClock
from regiodesk.errors import (
    StoreCorrupt,
    StoreError,
    StoreMissing,
    StorePathIsFolder,
    StoreReadOnly,
    StoreTooNew,
)
from regiodesk.ids import uuid7
from regiodesk.store import schema
from regiodesk.store.blobs import BlobStore
from regiodesk.store.errors import store_error
from regiodesk.store.paths import blob_dir, default_store_path
from regiodesk.timeutil import to_text, utc_now

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection with RegioDesk's settings: WAL, durable commits, foreign keys enforced."""
    if read_only:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
        )
    else:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if not read_only:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("store %s runs in journal mode %s, not WAL", path, mode)
    # FULL makes every commit reach the disk before it returns: a saved change survives a power cut.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -65536")  # 64 MiB of page cache
    return conn


class Store:
    """An open store.  Not thread-safe: one thread (the database worker) uses it."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self.blobs = BlobStore(blob_dir(path))
        self._meta_or_init("created_at", lambda: to_text(utc_now()))
        self._load_identity()
        self._engine: Engine | None = None
        self._writer: Writer | None = None
        #: What the last committed write changed, and how to undo it.
        self.last_changes = Changes()
        self.last_inverses: list[Inverse] = []
        self._listeners: list[Callable[[Changes], None]] = []
        self._triggered: dict[str, bool] = {}

    # Opening ----------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str | None = None, *, create: bool = True) -> Store:
        """Open (and if needed create or migrate) the store at ``path``.

        Raises a ``StoreError`` subclass that says what is wrong; a store it cannot use is left as
        it was.
        """
        path = Path(path).expanduser() if path is not None else default_store_path()
        if path.is_dir():
            raise StorePathIsFolder(path=path)
        if not path.exists():
            if not create:
                raise StoreMissing(path=path)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise store_error(path, exc) from exc
            if not os.access(path.parent, os.W_OK):
                raise StoreReadOnly(path=path)
        elif not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            raise StoreReadOnly(path=path)
        cls._bring_to_current_schema(path)
        conn: sqlite3.Connection | None = None
        try:
            conn = connect(path)
            return cls(path, conn)
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            raise store_error(path, exc) from exc
        except BaseException:
            if conn is not None:
                conn.close()
            raise

    @staticmethod
    def _bring_to_current_schema(path: Path) -> None:
        try:
            probe = sqlite3.connect(path, isolation_level=None)
            try:
                revision = schema.stored_revision(probe)
            finally:
                probe.close()
        except sqlite3.DatabaseError as exc:
            raise StoreCorrupt(path=path, reason=str(exc)) from exc
        if revision == schema.SCHEMA_REVISION:
            return
        if revision == "unknown":
            raise StoreCorrupt(
                path=path, reason="the file is an SQLite database of another program"
            )
        if revision is not None and revision not in schema.known_revisions():
            raise StoreTooNew(path=path, revision=revision)
        try:
            if revision is not None:
                from regiodesk.store.backup import backup_before_migration

                backup_before_migration(path, revision)
            schema.upgrade(path)
        except StoreError:
            raise
        except (sqlite3.Error, OSError) as exc:
            raise store_error(path, exc) from exc
        except Exception as exc:  # SQLAlchemy wraps SQLite's errors
            original = getattr(exc, "orig", None)
            if isinstance(original, sqlite3.Error):
                raise store_error(path, original) from exc
            raise

    # Metadata ---------------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM store_meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO store_meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def _meta_or_init(self, key: str, make: Callable[[], str]) -> str:
        value = self.meta(key)
        if value is None:
            value = make()
            self.set_meta(key, value)
        return value

    def _load_identity(self) -> None:
        """This device's id, its number, where its sequence goes on, and its clock."""
        self.device_id = self._meta_or_init("device_id", uuid7)
        self.device_no = self.device_number(self.device_id)
        self.next_seq, last = self._own_log_head()
        # The clock never goes back behind anything this store has seen (restored, imported).
        # A device's clock grows with its sequence, so each device's last entry is its highest.
        seen = max(
            (
                row[0]
                for (number,) in self.conn.execute("SELECT no FROM device").fetchall()
                for row in self.conn.execute(
                    "SELECT hlc FROM change_log WHERE device_no = ? ORDER BY seq DESC LIMIT 1",
                    (number,),
                )
            ),
            default=None,
        )
        candidates = [h for h in (last, Hlc.unpack(seen, self.device_id) if seen else None) if h]
        self.clock = HybridClock(self.device_id, max(candidates) if candidates else None)

    def become_new_device(self) -> None:
        """Take a fresh device id (after a restore: the sequence numbers the old id issued since
        the backup may already be elsewhere, and must never be issued twice)."""
        self.set_meta("device_id", uuid7())
        self._load_identity()

    def device_number(self, device_id: str) -> int:
        """The local number of a device (registered on first use)."""
        row = self.conn.execute(
            "SELECT no FROM device WHERE device_id = ?", (device_id,)
        ).fetchone()
        if row is not None:
            return int(row[0])
        cursor = self.conn.execute(
            "INSERT INTO device (device_id, name) VALUES (?, '')", (device_id,)
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _own_log_head(self) -> tuple[int, Hlc | None]:
        row = self.conn.execute(
            "SELECT seq, hlc FROM change_log WHERE device_no = ? ORDER BY seq DESC LIMIT 1",
            (self.device_no,),
        ).fetchone()
        if row is None:
            return 1, None
        return int(row[0]) + 1, Hlc.unpack(int(row[1]), self.device_id)

    # Writing ----------------------------------------------------------------------------------

    @contextmanager
    def write(self, actor_id: str | None, *, bulk: bool = False) -> Iterator[Writer]:
        """One transaction: every change made through the writer is logged and applied together,
        or not at all.

        A write inside a write joins the outer transaction as a savepoint: the inner command is
        still all or nothing, and the whole is committed (and reported) once.

        A *bulk* write (``bulk=True``, for jobs of thousands of commands such as the demo
        generator) gives its inner commands no savepoints: SQLite then need not keep a copy of
        every page a command touches.  It stays all or nothing as a whole: once a command inside
        it fails, the bulk write rolls back entirely, even if the caller caught the error.
        """
        if self._writer is not None:
            with self._nested(self._writer, actor_id) as writer:
                yield writer
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            # Another program may have written to this store (the command-line tool beside the
            # app): go on from the sequence and clock that the file holds now.
            self.next_seq, last = self._own_log_head()
            if last is not None:
                self.clock.catch_up(last)
        except sqlite3.Error as exc:
            self._rollback()
            raise store_error(self.path, exc) from exc
        writer = Writer(self, actor_id, bulk=bulk)
        self._writer = writer
        try:
            yield writer
            if writer.failed is not None:
                raise RuntimeError(
                    "a command inside a bulk write failed; the write is rolled back"
                ) from writer.failed
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise store_error(self.path, exc) from exc
        except BaseException:
            self._rollback()
            raise
        finally:
            self._writer = None
        writer.committed()
        self.last_changes = writer.changes
        self.last_inverses = writer.inverses
        if writer.changes:
            for listener in list(self._listeners):
                listener(writer.changes)

    @contextmanager
    def _nested(self, writer: Writer, actor_id: str | None) -> Iterator[Writer]:
        outer_actor = writer.actor_id
        writer.actor_id = actor_id
        if writer.bulk:
            try:
                yield writer
            except BaseException as exc:
                writer.failed = writer.failed or exc
                if isinstance(exc, sqlite3.Error):
                    raise store_error(self.path, exc) from exc
                raise
            finally:
                writer.actor_id = outer_actor
            return
        mark = writer.mark()
        self.conn.execute("SAVEPOINT command")
        try:
            yield writer
            self.conn.execute("RELEASE command")
        except BaseException as exc:
            self.conn.execute("ROLLBACK TO command")
            self.conn.execute("RELEASE command")
            writer.reset_to(mark)
            if isinstance(exc, sqlite3.Error):
                raise store_error(self.path, exc) from exc
            raise
        finally:
            writer.actor_id = outer_actor

    def has_triggers(self, table: str) -> bool:
        """Whether writing to ``table`` sets off triggers (those that keep the full-text index)."""
        found = self._triggered.get(table)
        if found is None:
            found = self._triggered[table] = bool(
                self.conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
                    (table,),
                ).fetchone()
            )
        return found

    def _rollback(self) -> None:
        try:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            log.exception("rollback failed")

    def on_change(self, listener: Callable[[Changes], None]) -> None:
        """Call ``listener`` with what changed after every committed write."""
        self._listeners.append(listener)

    def off_change(self, listener: Callable[[Changes], None]) -> None:
        """Stop calling ``listener``."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    # Reading ----------------------------------------------------------------------------------

    def query(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        cursor = self.conn.cursor()
        cursor.row_factory = sqlite3.Row
        try:
            return cursor.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise store_error(self.path, exc) from exc

    def scalar(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def session(self) -> Session:
        """A read-only SQLModel session on this store, for typed reads."""
        from sqlmodel import Session

        if self._engine is None:
            from sqlalchemy import create_engine
            from sqlalchemy.pool import StaticPool

            path = self.path
            self._engine = create_engine(
                "sqlite://",
                creator=lambda: connect(path, read_only=True),
                poolclass=StaticPool,
            )
        return Session(self._engine)

    # Closing ----------------------------------------------------------------------------------

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        with suppress(sqlite3.Error):
            self.conn.execute("PRAGMA optimize")
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
