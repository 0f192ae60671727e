"""Export to calendar (ui/calendar_file.py) from the meeting page and the meetings page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from regiodesk.queries.meetings import list_meetings
from regiodesk.store import Store
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.pages.meeting import MeetingPage
from ui.pages.meetings import MeetingsPage


def ask(qtbot: QtBot, context: AppContext, work: Any) -> Any:
    answers: list[Any] = []
    context.worker.query(work, answers.append)
    wait_idle(qtbot, context.worker)
    return answers[0]


def save_as(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> list[str]:
    """Answer the file dialog with ``path`` (None: cancel); returns the names it suggested."""
    suggested: list[str] = []

    def dialog(_parent: Any, _title: str, name: str, _filter: str) -> tuple[str, str]:
        suggested.append(name)
        return (str(path) if path else "", "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    return suggested


def uids(path: Path) -> list[str]:
    lines = path.read_bytes().decode("utf-8").split("\r\n")
    return [line.removeprefix("UID:") for line in lines if line.startswith("UID:")]


def test_one_meeting_from_its_page(
    qtbot: QtBot, member_context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = ask(qtbot, member_context, lambda s: list_meetings(s)[-1])
    page = MeetingPage(member_context)
    qtbot.addWidget(page)
    page.show_target(meeting.id)
    wait_idle(qtbot, member_context.worker)
    assert page.calendar_action.isEnabled()  # a member may export what they may read

    suggested = save_as(monkeypatch, None)
    page.calendar_action.trigger()
    wait_idle(qtbot, member_context.worker)
    assert suggested[0].endswith(f"{meeting.reference}.ics")

    target = tmp_path / "vergadering"  # the extension is added
    save_as(monkeypatch, target)
    with qtbot.waitSignal(member_context.status) as said:
        page.calendar_action.trigger()
        wait_idle(qtbot, member_context.worker)
    written = target.with_name("vergadering.ics")
    assert said.args == [f"1 meeting exported to {written}"]
    assert uids(written) == [f"{meeting.id}@regiodesk"]


def test_a_pfos_year_from_the_meetings_page(
    qtbot: QtBot, member_context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = MeetingsPage(member_context)
    qtbot.addWidget(page)
    page.show_target(None)
    wait_idle(qtbot, member_context.worker)
    assert not page.calendar_action.isEnabled()
    assert "Choose a PFO" in page.calendar_action.toolTip()

    def mobility(store: Store) -> tuple[str, list[str]]:
        pfo_id = store.scalar("SELECT id FROM pfo WHERE short_name = 'PFO MOB'")
        rows = list_meetings(store, pfo_id=pfo_id)
        return pfo_id, [row.id for row in rows if row.reference.startswith("2026-")]

    pfo_id, expected = ask(qtbot, member_context, mobility)
    page.show_target(pfo_id)
    wait_idle(qtbot, member_context.worker)
    assert page.calendar_action.isEnabled()
    assert page.calendar_year() == 2026  # the chosen (coming) meeting's year

    target = tmp_path / "mobiliteit.ics"
    suggested = save_as(monkeypatch, target)
    with qtbot.waitSignal(member_context.status) as said:
        page.calendar_button.click()
        wait_idle(qtbot, member_context.worker)
    assert Path(suggested[0]).name == "PFO Mobiliteit 2026.ics"
    assert said.args == [f"{len(expected)} meetings exported to {target}"]
    assert uids(target) == [f"{meeting_id}@regiodesk" for meeting_id in expected]


def test_a_file_that_cannot_be_written_is_said_in_place(
    qtbot: QtBot, member_context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = ask(qtbot, member_context, lambda s: list_meetings(s)[0])
    page = MeetingPage(member_context)
    qtbot.addWidget(page)
    page.show_target(meeting.id)
    wait_idle(qtbot, member_context.worker)
    save_as(monkeypatch, tmp_path / "nergens" / "x.ics")
    page.calendar_action.trigger()
    wait_idle(qtbot, member_context.worker)
    assert not page.error.isHidden()
    assert "nergens" in page.error.text()
