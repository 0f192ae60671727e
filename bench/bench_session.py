"""Chairing a session on the ten-year store: a position recorded by key shows in the roll-call
grid, the tally and the projector view within 50 ms (95th percentile).

Works on a scratch copy of the store (the session writes).  The floor is the core alone, in the
same run: the same command and the page's read, called directly on a store (no Qt, no worker);
the ratio says what the desktop layer adds.

    .venv/bin/python bench/bench_session.py [--store PATH] [--presses 60]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time

import common

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGET_MS = 50.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    common.add_store_arguments(parser)
    common.add_common_arguments(parser)
    parser.add_argument("--presses", type=int, default=60)
    arguments = parser.parse_args()
    report = common.Report("session")
    source = common.store_for(arguments)
    common.describe_store(report, source)
    folder = common.scratch_dir("regiodesk-bench-session-")
    path = folder / "session.sqlite"
    shutil.copyfile(source, path)
    try:
        return run(arguments, report, path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def prepare(path: common.Path) -> tuple[str, str, str]:
    """A published meeting with the most members; the PFO's secretary; its first decision item.
    Opening the copy migrates it to this version's schema."""
    from regiodesk.store import Store

    with Store.open(path) as store:
        row = store.query(
            "SELECT m.id, m.pfo_id FROM meeting m WHERE m.status = 'published' "
            "ORDER BY m.starts_at DESC LIMIT 1"
        )[0]
        secretary = store.scalar(
            "SELECT person_id FROM role_assignment WHERE role = 'secretary' AND pfo_id = ? "
            "AND deleted = 0",
            (row["pfo_id"],),
        )
        item = store.scalar(
            "SELECT id FROM agenda_item WHERE meeting_id = ? AND kind = 'decision' "
            "AND deleted = 0 ORDER BY ordinal LIMIT 1",
            (row["id"],),
        )
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return row["id"], secretary, item


def run(arguments: argparse.Namespace, report: common.Report, path: common.Path) -> int:  # noqa: PLR0915 (one scripted scenario, read top to bottom)
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from regiodesk.commands.positions import PositionSpec
    from regiodesk.commands.session import record_session_positions
    from regiodesk.model.enums import AttendanceStatus, PositionKind
    from regiodesk.permissions import Actor
    from regiodesk.queries.session import session_view
    from regiodesk.settings import Identity, Settings
    from regiodesk.store import Store
    from ui.context import AppContext
    from ui.pages.session import SessionPage
    from ui.worker import DbWorker

    meeting, person, item = prepare(path)
    app = QApplication.instance() or QApplication([])
    worker = DbWorker()
    worker.open(path)
    context = AppContext(worker, Settings(), path, Identity(person, None, "bench"))
    page = SessionPage(context)
    page.resize(1366, 768)
    page.show()

    def pump(until: object, seconds: float = 30.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            app.processEvents()
            if until():  # type: ignore[operator]
                return
            time.sleep(0.0005)
        raise SystemExit("timed out waiting for the page")

    def settle() -> None:
        pump(lambda: worker.idle)
        QTest.qWait(30)
        pump(lambda: worker.idle)

    page.show_target(meeting)
    settle()
    settle()
    rows = page.attendance.model.rowCount()
    for row in range(rows):
        page.attendance.record(row, AttendanceStatus.PRESENT)
    settle()
    page.agenda.take_up(next(n for n, i in enumerate(page.agenda.items) if i.id == item))
    settle()
    page.toggle_projector()
    projector = page.projector
    assert projector is not None
    grid = page.roll_call.table
    grid.setFocus()
    kinds = [PositionKind.AGREE, PositionKind.AGREE_SUBJECT_TO_COUNCIL, PositionKind.ABSTAIN]
    keys = {
        PositionKind.AGREE: Qt.Key.Key_1,
        PositionKind.AGREE_SUBJECT_TO_COUNCIL: Qt.Key.Key_2,
        PositionKind.ABSTAIN: Qt.Key.Key_3,
    }
    lines = page.roll_call.model.rowCount()
    samples: list[float] = []
    for press in range(arguments.presses):
        row = press % lines
        kind = kinds[(press // lines + 1) % len(kinds)]
        grid.select_row(row)
        before = page.view
        assert before is not None
        assert before.roll_call is not None
        tally = dict(before.roll_call.tally)
        old = before.roll_call.lines[row].kind
        if old is not None:
            tally[old] -= 1
        tally[kind] += 1
        column = list(tally).index(kind)
        municipality = before.roll_call.lines[row].municipality_id

        def shown(
            row: int = row,
            kind: PositionKind = kind,
            column: int = column,
            expected: int = tally[kind],
            municipality: str = municipality,
        ) -> bool:
            view = page.view
            if view is None or view.roll_call is None:
                return False
            line = page.roll_call.model.rows[row] if row < page.roll_call.model.rowCount() else None
            return (
                line is not None
                and line.municipality_id == municipality
                and line.kind is kind
                and f"{kind.label}: {expected}" in page.roll_call.tally.text()
                and projector.tally_counts[column].text() == str(expected)
            )

        started = time.perf_counter()
        QTest.keyClick(grid, keys[kind])
        pump(shown)
        samples.append(time.perf_counter() - started)
        settle()
        grid.setFocus()
    page.hide()
    worker.stop()

    # The floor: the core alone, on the same (now written) store.
    floor: list[float] = []
    with Store.open(path) as store:
        actor = Actor(person)
        view = session_view(store, meeting)
        assert view.roll_call is not None
        for press in range(arguments.presses):
            line = view.roll_call.lines[press % len(view.roll_call.lines)]
            kind = kinds[press % len(kinds)]
            started = time.perf_counter()
            record_session_positions(store, actor, item, [PositionSpec(line.municipality_id, kind)])
            session_view(store, meeting)
            floor.append(time.perf_counter() - started)

    p95 = common.percentile(samples, 95)
    report.line("presses", len(samples))
    report.line("key to grid+tally+projector, median", common.ms(common.median(samples)), "ms")
    report.line("key to grid+tally+projector, p95", common.ms(p95), "ms")
    report.line("key to grid+tally+projector, max", common.ms(max(samples)), "ms")
    report.line("core alone (command + read), median", common.ms(common.median(floor)), "ms")
    report.line("core alone (command + read), p95", common.ms(common.percentile(floor, 95)), "ms")
    report.line("ratio p95 to core p95", p95 / common.percentile(floor, 95))
    report.summary("position shown p95", common.ms(p95), "<=", TARGET_MS, "ms")
    report.write_json(arguments.json)
    return report.exit_code(arguments.strict)


if __name__ == "__main__":
    sys.exit(main())
