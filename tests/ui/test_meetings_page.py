"""The meetings list: filters (PFO, period, status, text), sorting, opening, planning."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from regiodesk.model.enums import MeetingStatus
from regiodesk.queries.agenda import plannable_pfos
from regiodesk.queries.meetings import MeetingRow
from regiodesk.store import Store
from regiodesk.timeutil import from_text, utc_now
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.models.meetings_model import ID_ROLE, MeetingsFilter, MeetingsModel, entries
from ui.pages.meetings import MeetingsPage


def ask(qtbot: QtBot, context: AppContext, work: Callable[[Store], Any]) -> Any:
    """Run a read on the worker, as the page does, and wait for the answer."""
    answers: list[Any] = []
    context.worker.query(work, answers.append)
    wait_idle(qtbot, context.worker)
    return answers[0]


def open_page(qtbot: QtBot, context: AppContext, target: str | None = None) -> MeetingsPage:
    page = MeetingsPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    page.show_target(target)
    wait_idle(qtbot, context.worker)
    return page


def column(page: MeetingsPage, number: int) -> list[str]:
    return [page.proxy.index(row, number).data() for row in range(page.proxy.rowCount())]


def choose(qtbot: QtBot, page: MeetingsPage, combo: Any, text: str) -> None:
    """Pick an entry of a combo box with the keyboard, as a user would."""
    combo.setFocus()
    index = combo.findText(text)
    assert index >= 0, text
    steps = index - combo.currentIndex()
    key = Qt.Key.Key_Down if steps > 0 else Qt.Key.Key_Up
    for _step in range(abs(steps)):
        qtbot.keyClick(combo, key)
    assert combo.currentText() == text
    wait_idle(qtbot, page.context.worker)


def test_coming_meetings_are_listed_soonest_first(qtbot: QtBot, member_context: AppContext) -> None:
    page = open_page(qtbot, member_context)
    now = utc_now()
    expected = ask(
        qtbot,
        member_context,
        lambda store: store.scalar(
            "SELECT count(*) FROM meeting WHERE deleted = 0 AND starts_at >= ?",
            (now.strftime("%Y-%m-%dT%H:%M:%S"),),
        ),
    )
    assert page.proxy.rowCount() == expected
    ids = [page.proxy.index(row, 0).data(ID_ROLE) for row in range(page.proxy.rowCount())]
    starts = ask(
        qtbot,
        member_context,
        lambda store: [
            from_text(store.scalar("SELECT starts_at FROM meeting WHERE id = ?", (i,))) for i in ids
        ],
    )
    assert starts == sorted(starts)
    assert all(moment >= now for moment in starts)
    assert page.count.text().endswith("meetings") or expected <= 1


def test_filter_by_pfo_period_status_and_text(qtbot: QtBot, member_context: AppContext) -> None:
    page = open_page(qtbot, member_context)
    choose(qtbot, page, page.bar.period, "All")
    total = ask(qtbot, member_context, lambda s: s.scalar("SELECT count(*) FROM meeting"))
    assert page.proxy.rowCount() == total > 100

    choose(qtbot, page, page.bar.pfo, "PFO Mobiliteit")
    mobility = column(page, 1)
    assert mobility
    assert set(mobility) == {"PFO Mobiliteit"}
    dates = [page.proxy.index(r, 0).data(ID_ROLE) for r in range(page.proxy.rowCount())]
    assert len(dates) == len(set(dates))

    choose(qtbot, page, page.bar.status, MeetingStatus.ADOPTED.label)
    assert set(column(page, 5)) == {"adopted"}
    adopted = page.proxy.rowCount()
    assert 0 < adopted < len(mobility)

    reference = column(page, 2)[0]
    qtbot.keyClicks(page.bar.text, reference)
    assert column(page, 2) == [reference]
    assert page.count.text() == f"1 of {adopted} meetings"
    page.bar.text.clear()
    qtbot.keyClicks(page.bar.text, "no such place anywhere")
    assert page.proxy.rowCount() == 0
    page.bar.text.clear()
    assert page.proxy.rowCount() == adopted


def test_between_two_dates(qtbot: QtBot, member_context: AppContext) -> None:
    page = open_page(qtbot, member_context)
    choose(qtbot, page, page.bar.period, "Between dates")
    assert page.bar.first_day.isVisible()
    assert page.bar.last_day.isVisible()
    page.bar.first_day.setDate(QDate(2026, 3, 1))
    page.bar.last_day.setDate(QDate(2026, 3, 31))
    wait_idle(qtbot, member_context.worker)
    ids = [page.proxy.index(r, 0).data(ID_ROLE) for r in range(page.proxy.rowCount())]
    assert ids
    days = ask(
        qtbot,
        member_context,
        lambda store: {
            from_text(store.scalar("SELECT starts_at FROM meeting WHERE id = ?", (i,)))
            .astimezone(UTC)
            .date()
            for i in ids
        },
    )
    assert all(date(2026, 3, 1) <= day <= date(2026, 3, 31) for day in days)
    in_march = ask(
        qtbot,
        member_context,
        lambda s: s.scalar(
            "SELECT count(*) FROM meeting WHERE starts_at >= '2026-03-01' "
            "AND starts_at < '2026-04-01'"
        ),
    )
    assert len(ids) == in_march


def test_a_pfo_as_target_prefilters(qtbot: QtBot, member_context: AppContext) -> None:
    pfo_id = ask(
        qtbot, member_context, lambda s: s.scalar("SELECT id FROM pfo WHERE short_name='PFO WR'")
    )
    page = open_page(qtbot, member_context)
    page.show_target(pfo_id)
    wait_idle(qtbot, member_context.worker)
    assert page.bar.pfo.currentText() == "PFO Wonen & Ruimte"
    assert set(column(page, 1)) <= {"PFO Wonen & Ruimte"}


def test_sorting_by_a_column_header(qtbot: QtBot, member_context: AppContext) -> None:
    page = open_page(qtbot, member_context)
    choose(qtbot, page, page.bar.period, "All")
    assert column(page, 0)  # newest first for "all"
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(6) + header.sectionSize(6) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )
    assert header.sortIndicatorSection() == 6
    items = [int(text) for text in column(page, 6)]
    assert items == sorted(items) or items == sorted(items, reverse=True)
    assert items[0] != items[-1]


def test_enter_opens_the_meeting(qtbot: QtBot, member_context: AppContext) -> None:
    page = open_page(qtbot, member_context)
    choose(qtbot, page, page.bar.period, "All")
    page.table.setFocus()
    page.table.setCurrentIndex(page.proxy.index(2, 0))
    expected = page.proxy.index(2, 0).data(ID_ROLE)
    with qtbot.waitSignal(member_context.navigate_requested) as signal:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert signal.args == ["meeting", expected]


def test_a_member_may_not_plan_a_meeting(qtbot: QtBot, member_context: AppContext) -> None:
    page = open_page(qtbot, member_context)
    assert not page.new_button.isEnabled()
    assert "secretary" in page.new_button.toolTip()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.active_dialog is None


def test_the_secretary_plans_a_meeting(qtbot: QtBot, secretary_context: AppContext) -> None:
    page = open_page(qtbot, secretary_context)
    assert page.new_button.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.active_dialog
    assert dialog is not None
    assert dialog.isVisible()
    offered = {dialog.pfo.itemText(i) for i in range(dialog.pfo.count())}
    actor = secretary_context.actor
    assert offered == {
        p.name for p in ask(qtbot, secretary_context, lambda s: plannable_pfos(s, actor))
    }
    assert "PFO Mobiliteit" in offered
    choose(qtbot, page, dialog.pfo, "PFO Mobiliteit")
    qtbot.keyClicks(dialog.title_edit, "Extra overleg")
    with qtbot.waitSignal(secretary_context.navigate_requested) as signal:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert signal.args[0] == "meeting"
    title = ask(
        qtbot,
        secretary_context,
        lambda s: s.scalar("SELECT title FROM meeting WHERE id = ?", (signal.args[1],)),
    )
    assert title == "Extra overleg"
    pfo = ask(
        qtbot,
        secretary_context,
        lambda s: s.scalar(
            "SELECT p.short_name FROM meeting m JOIN pfo p ON p.id = m.pfo_id WHERE m.id = ?",
            (signal.args[1],),
        ),
    )
    assert pfo == "PFO MOB"


PLACES = ("Almelo", "Borne", "Losser", "Wierden")


def test_ten_years_of_meetings_sort_and_filter_in_the_model(qtbot: QtBot) -> None:
    """The model sorts on keys made beforehand and keeps the current row (speed: see
    ``entries``; timings belong in bench/, not in tests)."""
    start = datetime(2016, 1, 5, 8, 30, tzinfo=UTC)
    rows = [
        MeetingRow(
            id=f"m{n:04d}",
            pfo_id=f"p{n % 8}",
            pfo_name=f"PFO {n % 8}",
            number=n % 13 + 1,
            title="",
            starts_at=start + timedelta(days=3 * n),
            ends_at=start + timedelta(days=3 * n, hours=2),
            location=f"Gemeentehuis {PLACES[n % len(PLACES)]}",
            status=MeetingStatus.ADOPTED,
            items=n % 17,
        )
        for n in range(1200)
    ]
    model = MeetingsModel()
    proxy = MeetingsFilter()
    proxy.setSourceModel(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    model.set_entries(entries(rows))  # entries() runs on the worker in the app
    view.setCurrentIndex(proxy.index(500, 0))
    current = view.currentIndex().data(ID_ROLE)
    proxy.sort(6, Qt.SortOrder.DescendingOrder)
    counts = [int(proxy.index(r, 6).data()) for r in range(proxy.rowCount())]
    assert counts == sorted(counts, reverse=True)
    assert view.currentIndex().data(ID_ROLE) == current  # the same meeting stays current
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, 0).data(ID_ROLE) == "m0000"
    proxy.set_text("gemeentehuis  BORNE")
    places = {proxy.index(r, 4).data() for r in range(proxy.rowCount())}
    assert places == {"Gemeentehuis Borne"}
    assert proxy.rowCount() == 1200 // len(PLACES)
