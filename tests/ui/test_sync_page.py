"""The sync page: set up a folder root and make it on purpose, sync now on the worker, what came
in and went out, a new device waiting for the secretariat's approval, a root that is not there,
and a WebDAV password that goes to the keyring only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from regiodesk.commands.positions import record_position
from regiodesk.model.enums import PositionKind
from regiodesk.settings import Settings, SyncSetup, save_settings
from regiodesk.store import Store
from regiodesk.sync.engine import sync
from regiodesk.sync.folder import FolderRoot
from tests.conftest import MemoryKeyring
from tests.ui.conftest import wait_idle
from tests.ui.sync_stores import ADMIN, context_as, second_device
from ui.context import AppContext
from ui.pages.sync import SyncPage
from ui.sync_scheduler import scheduler_for


@pytest.fixture
def admin(qtbot: QtBot, demo_path: Path) -> Iterator[AppContext]:
    """As the region's secretary (the demo's administrator): approves and revokes devices."""
    context = context_as(qtbot, demo_path, ADMIN)
    yield context
    context.worker.stop()


def _page(qtbot: QtBot, context: AppContext, confirm: bool = True) -> SyncPage:
    page = SyncPage(context)
    page.confirm = lambda _title, _text: confirm  # type: ignore[method-assign]
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.show()
    wait_idle(qtbot, context.worker)
    return page


def _wait_sync(qtbot: QtBot, page: SyncPage) -> None:
    qtbot.waitUntil(lambda: not page.scheduler.running, timeout=20_000)
    wait_idle(qtbot, page.context.worker)


def _make_root(qtbot: QtBot, page: SyncPage, folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    page.root_edit.setText(str(folder))
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page.context.worker)
    _wait_sync(qtbot, page)


def test_no_root_yet_says_so_and_sync_waits_for_one(qtbot: QtBot, admin: AppContext) -> None:
    page = _page(qtbot, admin)
    assert "does not sync yet" in page.setup_state.text()
    assert not page.sync_button.isEnabled()
    assert page.user_edit.isHidden()
    assert page.last_label.text() == "Not synced yet."
    page.sync_now()
    assert "Set up a sync root first" in page.setup_error.text()


def test_making_a_new_root_here_asks_first(qtbot: QtBot, admin: AppContext, tmp_path: Path) -> None:
    page = _page(qtbot, admin, confirm=False)
    page.root_edit.setText(str(tmp_path))
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, admin.worker)
    assert not (tmp_path / "root.json").exists()
    assert admin.settings.sync_setup_for(admin.store_path) is None


def test_a_new_root_then_sync_shows_what_went_out_and_the_devices(
    qtbot: QtBot, admin: AppContext, tmp_path: Path
) -> None:
    page = _page(qtbot, admin)
    _make_root(qtbot, page, tmp_path / "root")
    assert (tmp_path / "root" / "root.json").exists()
    assert admin.settings.sync_setup_for(admin.store_path) == SyncSetup(str(tmp_path / "root"))
    assert page.last_label.text().startswith("Last successful sync: ")
    assert "changes sent" in page.outcome.text()
    assert page.sync_error.isHidden()
    assert page.device_table.rowCount() == 1
    assert "(this device)" in page.device_table.item(0, 0).text()
    assert page.device_table.item(0, 2).text() == "approved"
    assert page.held_summary.text() == "No changes are held back."
    assert page.sync_button.isEnabled()
    # Sync now: nothing new either way.
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    assert page.scheduler.running
    assert not page.progress.isHidden()
    _wait_sync(qtbot, page)
    assert page.progress.isHidden()
    assert page.outcome.text().startswith("0 changes sent · 0 received")


def test_a_new_device_waits_until_the_secretariat_approves_it(
    qtbot: QtBot, admin: AppContext, demo_path: Path, tmp_path: Path
) -> None:
    page = _page(qtbot, admin)
    _make_root(qtbot, page, tmp_path / "root")
    other = second_device(demo_path, tmp_path)
    with Store.open(other) as store:
        member = str(store.meta("demo_persona"))
        item = str(
            store.scalar(
                "SELECT i.id FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id "
                "JOIN pfo p ON p.id = m.pfo_id WHERE p.short_name = 'PFO MOB' "
                "AND m.status = 'published' AND i.kind = 'decision' ORDER BY i.ordinal LIMIT 1"
            )
        )
        town = str(store.scalar("SELECT municipality_id FROM person WHERE id = ?", (member,)))
        from regiodesk.permissions import Actor

        record_position(store, Actor(member), item, town, PositionKind.DISAGREE, "Te duur")
        sync(store, FolderRoot(tmp_path / "root"), person_id=member, device_name="Laptop Anna")
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    _wait_sync(qtbot, page)
    assert "held back" in page.outcome.text()
    assert "not approved" in page.notes.text() or "approves it" in page.notes.text()
    assert page.device_table.rowCount() == 2
    assert page.device_table.item(0, 0).text() == "Laptop Anna"
    assert page.device_table.item(0, 2).text().startswith("waiting for approval")
    assert not page.held_table.isHidden()
    assert "not approved" in page.held_table.item(0, 4).text()
    page.device_table.selectRow(0)
    assert page.approve_button.isEnabled()
    qtbot.mouseClick(page.approve_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, admin.worker)
    _wait_sync(qtbot, page)  # approving syncs, which releases what was held back
    assert page.device_error.isHidden()
    assert page.held_summary.text() == "No changes are held back."
    row = next(
        r
        for r in range(page.device_table.rowCount())
        if page.device_table.item(r, 0).text() == "Laptop Anna"
    )
    assert page.device_table.item(row, 2).text() == "approved"
    page.device_table.selectRow(row)
    qtbot.mouseClick(page.revoke_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, admin.worker)
    assert page.device_table.item(page.device_table.rowCount() - 1, 2).text() == "revoked"


def test_a_member_sees_devices_but_no_approve_or_revoke(
    qtbot: QtBot, member_context: AppContext
) -> None:
    page = _page(qtbot, member_context)
    assert page.approve_button.isHidden()
    assert page.revoke_button.isHidden()
    assert "secretariat" in page.device_note.text()


def test_a_folder_that_is_not_a_root_is_refused_in_place(
    qtbot: QtBot, admin: AppContext, tmp_path: Path
) -> None:
    page = _page(qtbot, admin)
    page.root_edit.setText(str(tmp_path))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, admin.worker)
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    _wait_sync(qtbot, page)
    assert not page.sync_error.isHidden()
    assert "root.json" in page.sync_error.text()
    assert "Nothing was synced" in page.sync_error.text()
    assert page.last_label.text() == "No sync has succeeded yet."


def test_a_webdav_password_goes_to_the_keyring_only(
    qtbot: QtBot, admin: AppContext, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    page = _page(qtbot, admin)
    page.root_edit.setText("https://dav.example.org/regio/")
    assert not page.user_edit.isHidden()
    assert not page.password_edit.isHidden()
    page.password_edit.setText("geheim-wachtwoord")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "user name" in page.setup_error.text()  # a WebDAV server needs one
    page.user_edit.setText("anna")
    page.password_edit.setText("geheim-wachtwoord")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, admin.worker)
    assert page.setup_error.isHidden()
    assert page.password_edit.text() == ""
    assert "geheim-wachtwoord" in memory_keyring.secrets.values()
    assert page.scheduler.session_password is None
    setup = admin.settings.sync_setup_for(admin.store_path)
    assert setup == SyncSetup("https://dav.example.org/regio/", "anna")
    path = tmp_path / "settings.json"
    save_settings(admin.settings, path)
    assert "geheim" not in path.read_text(encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8"))["sync_roots"]


def test_automatic_sync_settings_and_a_sync_after_a_save(
    qtbot: QtBot, admin: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.sync_scheduler as scheduler_module

    monkeypatch.setattr(scheduler_module, "AFTER_SAVE_MS", 50)
    monkeypatch.setattr(scheduler_module, "START_DELAY_MS", 50)
    page = _page(qtbot, admin)
    page.interval.setValue(7)
    assert admin.settings.sync_interval_minutes == 7
    _make_root(qtbot, page, tmp_path / "root")
    scheduler = scheduler_for(admin)
    assert scheduler is page.scheduler
    finished: list[object] = []
    scheduler.finished.connect(finished.append)
    scheduler.start()
    assert scheduler._interval.isActive()
    assert scheduler._interval.interval() == 7 * 60_000
    qtbot.waitUntil(lambda: bool(finished), timeout=5_000)  # the sync at start
    _wait_sync(qtbot, page)
    finished.clear()
    admin.worker.write(lambda store: store.set_meta("x", "y"))  # a write without changes
    wait_idle(qtbot, admin.worker)
    qtbot.wait(150)
    assert finished == []
    person = admin.person_id
    admin.worker.write(lambda store: _a_change(store, person))
    qtbot.waitUntil(lambda: bool(finished), timeout=5_000)  # the sync after a save
    _wait_sync(qtbot, page)
    assert page.outcome.text().startswith("1 change sent")
    page.auto_check.setChecked(False)
    assert not scheduler._interval.isActive()
    assert admin.settings.sync_auto is False


def _a_change(store: Store, person: str) -> None:
    from regiodesk import model

    item = str(store.scalar("SELECT id FROM agenda_item WHERE deleted = 0 LIMIT 1"))
    with store.write(person) as writer:
        writer.update(model.AgendaItem, item, {"planned_minutes": 17})


def test_settings_kept_between_sessions(qtbot: QtBot, demo_path: Path, tmp_path: Path) -> None:
    settings = Settings(sync_auto=False)
    settings.set_sync_setup(demo_path, SyncSetup(str(tmp_path)))
    context = context_as(qtbot, demo_path, ADMIN, settings)
    try:
        page = _page(qtbot, context)
        assert page.root_edit.text() == str(tmp_path)
        assert not page.auto_check.isChecked()
        assert page.sync_button.isEnabled()
    finally:
        context.worker.stop()


def test_a_root_that_comes_back_is_synced_with_by_itself(
    qtbot: QtBot, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.sync_scheduler as scheduler_module

    monkeypatch.setattr(scheduler_module, "START_DELAY_MS", 10)
    monkeypatch.setattr(scheduler_module, "RETRY_MS", 100)
    folder = tmp_path / "share"  # not mounted yet: no folder at all
    settings = Settings()
    settings.set_sync_setup(demo_path, SyncSetup(str(folder)))
    context = context_as(qtbot, demo_path, ADMIN, settings)
    try:
        scheduler = scheduler_for(context)
        outcomes: list[scheduler_module.LastSync] = []
        scheduler.finished.connect(outcomes.append)
        scheduler.start()
        qtbot.waitUntil(lambda: bool(outcomes), timeout=5_000)
        assert not outcomes[-1].ok
        assert "not there" in outcomes[-1].error
        assert scheduler._retry.isActive()
        folder.mkdir()
        FolderRoot(folder).create("", "00000000-0000-0000-0000-000000000000")
        qtbot.waitUntil(lambda: outcomes[-1].ok, timeout=5_000)
        assert outcomes[-1].sent > 0
        assert not scheduler._retry.isActive()
        wait_idle(qtbot, context.worker)
    finally:
        context.worker.stop()


def test_a_bundle_that_is_not_one_is_refused_in_place(
    qtbot: QtBot, admin: AppContext, tmp_path: Path
) -> None:
    page = _page(qtbot, admin)
    wrong = tmp_path / "photo.regiodesk"
    wrong.write_bytes(b"\x89PNG not a bundle")
    page.import_bundle_file(wrong)
    wait_idle(qtbot, admin.worker)
    assert "not a RegioDesk bundle" in page.sync_error.text()


def test_an_exported_bundle_can_be_written(
    qtbot: QtBot, admin: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    page = _page(qtbot, admin)
    target = tmp_path / "out.regiodesk"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    page.export_bundle()
    wait_idle(qtbot, admin.worker)
    assert target.read_bytes().startswith(b'{"format":"regiodesk-bundle/1"')
    assert "changes written to" in page.outcome.text()
