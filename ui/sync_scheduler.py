"""When the app syncs by itself, and the one way it syncs: on the database worker, one sync at a
time, never on the GUI thread.

Automatic sync (when the store has a root and the user left it on): shortly after start, every
few minutes, a little while after a save (saves in quick succession make one sync), and, while
the root cannot be reached (an unmounted share, no network), a quiet retry every minute so that
the first sync after it comes back happens by itself.

The outcome of the last sync (and when the last one succeeded) is kept in the store's local
metadata, so the sync page can tell it after a restart.  The WebDAV password is never kept here:
it is in the OS keyring, or, where there is none, only in memory for this session.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

import orjson
from PySide6.QtCore import QObject, QTimer, Signal

from regiodesk.changelog.writer import Changes
from regiodesk.errors import RegioDeskError
from regiodesk.i18n import _
from regiodesk.settings import SyncSetup
from regiodesk.store import Store
from regiodesk.timeutil import from_text, to_text, utc_now
from ui.context import AppContext

log = logging.getLogger(__name__)

#: Store metadata (local, never synced) with the last sync's outcome.
LAST_SYNC_META = "sync_last_outcome"
START_DELAY_MS = 3_000
AFTER_SAVE_MS = 15_000
RETRY_MS = 60_000


@dataclass
class LastSync:
    """The last sync: when it was tried, whether it worked, and what came in and went out."""

    attempted_at: datetime
    succeeded_at: datetime | None
    error: str = ""
    sent: int = 0
    received: int = 0
    quarantined: int = 0
    conflicts: int = 0
    notes: list[str] = field(default_factory=list)
    passed_over: list[str] = field(default_factory=list)
    skew_ms: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.error

    def to_json(self) -> str:
        values = asdict(self)
        values["attempted_at"] = to_text(self.attempted_at)
        values["succeeded_at"] = to_text(self.succeeded_at) if self.succeeded_at else None
        return orjson.dumps(values).decode()

    @staticmethod
    def from_json(text: str | None) -> LastSync | None:
        if not text:
            return None
        try:
            values: dict[str, Any] = orjson.loads(text)
            values["attempted_at"] = from_text(values["attempted_at"])
            succeeded = values.get("succeeded_at")
            values["succeeded_at"] = from_text(succeeded) if succeeded else None
            return LastSync(**values)
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            log.warning("the last sync's outcome in the store cannot be read; ignored")
            return None


def last_sync(store: Store) -> LastSync | None:
    return LastSync.from_json(store.meta(LAST_SYNC_META))


def open_setup(setup: SyncSetup, password: str | None = None) -> Any:
    """The root a setup names (``regiodesk.sync.roots.open_root``)."""
    from regiodesk.sync.roots import open_root

    return open_root(setup.root, setup.username or None, password=password, remember=False)


def _close(root: Any) -> None:
    close = getattr(root, "close", None)
    if callable(close):
        close()


def run_sync(
    store: Store, setup: SyncSetup, person_id: str, device_name: str, password: str | None
) -> LastSync:
    """One sync (on the worker).  Records its outcome, also when it fails, then re-raises."""
    from regiodesk.sync.engine import sync

    before = last_sync(store)
    attempted = utc_now()
    try:
        root = open_setup(setup, password)
        try:
            report = sync(store, root, person_id=person_id, device_name=device_name)
        finally:
            _close(root)
    except Exception as error:
        message = error.message() if isinstance(error, RegioDeskError) else str(error)
        failed = LastSync(attempted, before.succeeded_at if before else None, error=message)
        with store.write(None):
            store.set_meta(LAST_SYNC_META, failed.to_json())
        raise
    outcome = LastSync(
        attempted_at=attempted,
        succeeded_at=utc_now(),
        sent=report.sent,
        received=report.received,
        quarantined=report.quarantined,
        conflicts=report.conflicts,
        notes=list(report.notes),
        passed_over=list(report.passed_over),
        skew_ms=dict(report.skew_ms),
    )
    with store.write(None):
        store.set_meta(LAST_SYNC_META, outcome.to_json())
    return outcome


def create_and_sync(
    store: Store, setup: SyncSetup, person_id: str, device_name: str, password: str | None
) -> LastSync:
    """Make a new root where the setup points (this device founds it), then sync with it."""
    from regiodesk.sync.engine import create_root

    root = open_setup(setup, password)
    try:
        create_root(store, root, person_id)
    finally:
        _close(root)
    return run_sync(store, setup, person_id, device_name, password)


class SyncScheduler(QObject):
    """Runs syncs for one application context.  Get it with ``scheduler_for(context)``."""

    #: A sync began.
    started = Signal()
    #: A sync ended: the ``LastSync`` (``ok`` or with its error).
    finished = Signal(object)

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.context = context
        self.running = False
        self.again = False
        #: Only for this session, where no keyring keeps it (never written anywhere).
        self.session_password: str | None = None
        self.last: LastSync | None = None
        self._started = False
        self._interval = self._timer(self._automatic)
        self._interval.setSingleShot(False)
        self._after_save = self._timer(self._automatic)
        self._retry = self._timer(self._automatic)
        context.worker.changed.connect(self._saved)

    def _timer(self, slot: Any) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(slot)
        return timer

    # Setup ------------------------------------------------------------------------------------

    @property
    def setup(self) -> SyncSetup | None:
        return self.context.settings.sync_setup_for(self.context.store_path)

    @property
    def automatic(self) -> bool:
        return self.context.settings.sync_auto and self.setup is not None

    def start(self) -> None:
        """The app has started: the first automatic sync soon, then every few minutes."""
        self._started = True
        self.context.worker.query(last_sync, self._remember_last)
        self.reconfigure()
        if self.automatic:
            self._after_save.start(START_DELAY_MS)

    def reconfigure(self) -> None:
        """The setup or the automatic-sync settings changed."""
        self._interval.stop()
        if not self._started or not self.automatic:
            self._after_save.stop()
            self._retry.stop()
            return
        self._interval.start(max(1, self.context.settings.sync_interval_minutes) * 60_000)

    def _remember_last(self, last: LastSync | None) -> None:
        if self.last is None:
            self.last = last

    # Syncing ----------------------------------------------------------------------------------

    def sync_now(self) -> bool:
        """Sync now (a second request while one runs makes one more afterwards).  False when
        there is no root to sync with."""
        setup = self.setup
        if setup is None:
            return False
        if self.running:
            self.again = True
            return True
        self._run(
            lambda store: run_sync(
                store,
                setup,
                self.context.person_id,
                self.context.identity.device_name,
                self.session_password,
            )
        )
        return True

    def create_root(self) -> bool:
        """Make a new root at the setup's place, then sync (the page asked the user first)."""
        setup = self.setup
        if setup is None or self.running:
            return False
        person, device = self.context.person_id, self.context.identity.device_name
        password = self.session_password
        self._run(lambda store: create_and_sync(store, setup, person, device, password))
        return True

    def _run(self, work: Any) -> None:
        self.running = True
        self._retry.stop()
        self.started.emit()
        self.context.status.emit(_("Syncing…"))
        self.context.worker.write(
            work, lambda last: self._done(last, None), lambda error: self._done(None, error)
        )

    def _done(self, last: LastSync | None, error: BaseException | None) -> None:
        self.running = False
        if error is not None:
            message = error.message() if isinstance(error, RegioDeskError) else str(error)
            previous = self.last.succeeded_at if self.last else None
            last = LastSync(utc_now(), previous, error=message)
            self.context.status.emit(_("Sync failed: {reason}").format(reason=message))
            if self.automatic and self._root_may_come_back(error):
                self._retry.start(RETRY_MS)
            if not isinstance(error, RegioDeskError):
                from ui.errors import report_unexpected

                report_unexpected(error)
        else:
            assert last is not None
            self.context.status.emit(_("Synced."))
        self.last = last
        self.finished.emit(last)
        if self.again:
            self.again = False
            self.sync_now()

    @staticmethod
    def _root_may_come_back(error: BaseException) -> bool:
        from regiodesk.sync.folder import RootNotReady

        try:
            from regiodesk.sync.roots import PasswordNeeded
        except ImportError:  # pragma: no cover (an older core)
            return isinstance(error, RootNotReady)
        return isinstance(error, RootNotReady) and not isinstance(error, PasswordNeeded)

    # Automatic --------------------------------------------------------------------------------

    def _automatic(self) -> None:
        if self.automatic and not self.running:
            self.sync_now()

    def _saved(self, changes: Changes) -> None:
        if self.running or not self.automatic:
            return  # the sync's own changes are not a save
        if changes:
            self._after_save.start(AFTER_SAVE_MS)


def scheduler_for(context: AppContext) -> SyncScheduler:
    """The context's scheduler (made on first use; the context owns it)."""
    found = context.findChild(SyncScheduler)
    return found if found is not None else SyncScheduler(context)
