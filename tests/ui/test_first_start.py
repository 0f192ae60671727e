from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from regiodesk.store import Store
from tests.ui.conftest import wait_idle
from ui.dialogs.first_start import FirstStartDialog
from ui.worker import DbWorker


def test_an_empty_default_store_gets_the_demo_region_and_asks_who_you_are(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "new.sqlite"
    worker = DbWorker()
    worker.open(path)
    dialog = FirstStartDialog(worker, auto_demo=True)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.choose, timeout=60_000)
    wait_idle(qtbot, worker)
    assert dialog.people.count() > 50
    # The demo persona is suggested, and OK takes it.
    chosen = dialog.people.currentItem()
    assert chosen is not None
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.identity is not None
    worker.stop()
    with Store.open(path) as store:
        assert dialog.identity.person_id == store.meta("demo_persona")
        assert store.scalar("SELECT count(*) FROM municipality") == 14


def test_filtering_and_the_device_name_are_required(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    worker = DbWorker()
    worker.open(path)
    dialog = FirstStartDialog(worker)
    qtbot.addWidget(dialog)
    wait_idle(qtbot, worker)
    assert dialog.pages.currentWidget() is dialog.empty  # not the default store: no automatic demo
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.choose, timeout=60_000)
    qtbot.keyClicks(dialog.filter, "Enschede")
    visible = [
        dialog.people.item(r)
        for r in range(dialog.people.count())
        if not dialog.people.item(r).isHidden()
    ]
    assert visible
    assert all("Enschede" in item.text() for item in visible)
    dialog.people.setCurrentItem(visible[0])
    dialog.device.clear()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.device, "laptop")
    assert ok.isEnabled()
    worker.stop()
