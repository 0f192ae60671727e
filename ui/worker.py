"""The database worker: one thread owns the store; the GUI asks it for work and gets answers by
signal.  Nothing touches the store on the GUI thread (after Anki's operations).

A job is a function of the store.  ``query`` jobs only read; ``write`` jobs change the store and
report what changed (and how to undo it), so every page can refresh itself.  Jobs run one at a
time, in the order they were asked for.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from regiodesk.changelog.writer import Changes, Inverse
from regiodesk.store import Store
from ui.collector import collect_on_gui_thread

log = logging.getLogger(__name__)

#: A job that takes longer than this shows the busy indicator.
BUSY_AFTER_MS = 150


@dataclass
class Job:
    number: int
    work: Callable[[Store], Any]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    write: bool
    label: str
    needs_store: bool = True


@dataclass(frozen=True)
class WriteResult:
    value: Any
    changes: Changes
    inverses: list[Inverse]
    label: str


class DbWorker(QObject):
    """Runs store jobs on its own thread.  Create on the GUI thread; call ``open`` first."""

    finished = Signal(int, object)  # job number, result
    failed = Signal(int, object)  # job number, exception
    changed = Signal(object)  # Changes, after every write
    written = Signal(object)  # WriteResult, after every write (for undo)
    busy = Signal(bool)
    progress = Signal(int, int)  # done, total (long jobs report through ``report_progress``)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        collect_on_gui_thread()  # never let the collector free Qt objects on this worker
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._callbacks: dict[int, Job] = {}
        self._numbers = itertools.count(1)
        self._store: Store | None = None
        self._running: Job | None = None
        self._thread = threading.Thread(target=self._loop, name="store-worker", daemon=True)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.timeout.connect(lambda: self.busy.emit(True))
        self.finished.connect(self._deliver)
        self.failed.connect(self._deliver_error)
        self._thread.start()

    # Asking for work (GUI thread) -----------------------------------------------------------

    def open(
        self,
        path: Path,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> int:
        def opening(_store: Store | None) -> Path:
            if self._store is not None:
                self._store.close()
                self._store = None
            self._store = Store.open(path)
            return self._store.path

        return self._submit(opening, on_done, on_error, write=False, label="open", needs=False)

    def query(
        self,
        work: Callable[[Store], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> int:
        return self._submit(work, on_done, on_error, write=False, label="")

    def write(
        self,
        work: Callable[[Store], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        label: str = "",
    ) -> int:
        """Run a command.  ``label`` names it in Undo/Redo (no label: not undoable)."""
        return self._submit(work, on_done, on_error, write=True, label=label)

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the queued jobs, close the store, and end the thread."""
        self._jobs.put(None)
        self._thread.join(timeout)

    @property
    def idle(self) -> bool:
        return self._running is None and self._jobs.empty()

    # Internals ------------------------------------------------------------------------------

    def _submit(
        self,
        work: Callable[[Any], Any],
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        write: bool,
        label: str,
        needs: bool = True,
    ) -> int:
        number = next(self._numbers)
        job = Job(number, work, on_done, on_error, write, label, needs_store=needs)
        self._callbacks[number] = job
        if not self._busy_timer.isActive():
            self._busy_timer.start(BUSY_AFTER_MS)
        self._jobs.put(job)
        return number

    def _loop(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                break
            self._running = job
            try:
                if job.needs_store and self._store is None:
                    raise RuntimeError("no store is open")
                if job.write:
                    assert self._store is not None
                    # A command may commit several writes: the pages hear of all of them.
                    everything = Changes()
                    listener = partial(_gather, everything)
                    self._store.on_change(listener)
                    try:
                        value = job.work(self._store)
                    finally:
                        self._store.off_change(listener)
                    result: Any = WriteResult(
                        value, everything, self._store.last_inverses, job.label
                    )
                    self._store.last_changes = Changes()
                    self._store.last_inverses = []
                else:
                    value = job.work(self._store)  # type: ignore[arg-type]
                    result = value
                self.finished.emit(job.number, result)
            except BaseException as error:  # delivered to the GUI thread, which decides
                log.debug("job %s failed: %r", job.number, error)
                self.failed.emit(job.number, error)
            finally:
                self._running = None
        if self._store is not None:
            self._store.close()
            self._store = None

    def _deliver(self, number: int, result: Any) -> None:
        job = self._callbacks.pop(number, None)
        self._maybe_idle()
        if job is None:
            return
        if isinstance(result, WriteResult):
            if result.changes:
                self.changed.emit(result.changes)
            self.written.emit(result)
            result = result.value
        if job.on_done is not None:
            job.on_done(result)

    def _deliver_error(self, number: int, error: BaseException) -> None:
        job = self._callbacks.pop(number, None)
        self._maybe_idle()
        if job is not None and job.on_error is not None:
            job.on_error(error)
        else:
            from ui.errors import report_unexpected

            report_unexpected(error)

    def _maybe_idle(self) -> None:
        if not self._callbacks:
            self._busy_timer.stop()
            self.busy.emit(False)


def _gather(into: Changes, changes: Changes) -> None:
    for table, ids in changes.ids.items():
        into.add_many(table, sorted(ids))
