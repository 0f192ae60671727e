"""The population figures dialog (ui/dialogs/population_dialog.py), opened from the initiatives
page: view per municipality and reference date, add by hand, import a CBS file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from regiodesk.store import Store
from tests.ui.conftest import _context, wait_idle
from ui.context import AppContext
from ui.dialogs.population_dialog import PopulationDialog
from ui.pages.initiatives import InitiativesPage

GOOD = (
    "Gemeentecode;Gemeente;Inwoners;Peildatum\r\n"
    "GM0153;Enschede;162.010;2025-01-01\r\n"
    "GM0189;Wierden;24.999;2025-01-01\r\n"
)


@pytest.fixture
def admin_context(qtbot: QtBot, demo_path: Path) -> Iterator[AppContext]:
    """As the region's administrator (who keeps the region's data)."""
    with Store.open(demo_path) as store:
        person = store.scalar("SELECT person_id FROM role_assignment WHERE role = 'admin'")
    assert person
    context = _context(qtbot, demo_path, person)
    yield context
    context.worker.stop()


def figures(context: AppContext) -> list[tuple[str, str, int, str]]:
    with Store.open(context.store_path) as store:
        return [
            (row[0], row[1], row[2], row[3])
            for row in store.query(
                "SELECT m.name, f.reference_date, f.population, f.source "
                "FROM population_figure f JOIN municipality m ON m.id = f.municipality_id "
                "WHERE f.deleted = 0 ORDER BY m.name, f.reference_date DESC"
            )
        ]


def shown(dialog: PopulationDialog) -> list[list[str]]:
    table = dialog.table
    return [
        [table.item(row, column).text() for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


def open_from_the_page(qtbot: QtBot, context: AppContext) -> PopulationDialog:
    page = InitiativesPage(context)
    qtbot.addWidget(page)
    page.show()
    wait_idle(qtbot, context.worker)
    qtbot.mouseClick(page.population_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    dialog = page.active_dialog
    assert isinstance(dialog, PopulationDialog)
    assert dialog.isVisible()
    return dialog


def test_a_member_sees_the_figures_but_may_not_change_them(
    qtbot: QtBot, member_context: AppContext
) -> None:
    dialog = open_from_the_page(qtbot, member_context)
    stored = figures(member_context)
    assert len(shown(dialog)) == len(stored)
    assert [row[0] for row in shown(dialog)] == [name for name, *_rest in stored]
    assert dialog.show_municipality.count() == 15  # all, and the 14 municipalities
    dialog.show_municipality.setCurrentIndex(dialog.show_municipality.findText("Wierden"))
    assert shown(dialog) == [["Wierden", "GM0189", "1 Jan 2022", "24,637", "CBS"]]
    dialog.show_municipality.setCurrentIndex(0)
    dialog.show_date.setCurrentIndex(dialog.show_date.findText("1 Jan 2024"))
    assert len(shown(dialog)) == 13  # Wierden has no 2024 figure
    assert not dialog.add_button.isEnabled()
    assert not dialog.import_button.isEnabled()
    assert "administrator" in dialog.import_button.toolTip()


def test_the_administrator_adds_a_figure_by_hand(qtbot: QtBot, admin_context: AppContext) -> None:
    dialog = open_from_the_page(qtbot, admin_context)
    assert dialog.add_button.isEnabled()
    dialog.municipality.setCurrentIndex(dialog.municipality.findText("Borne (GM0147)"))
    dialog.reference_date.setDate(QDate(2025, 1, 1))
    dialog.population.setValue(24_900)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, admin_context.worker)
    assert not dialog.error.isVisible()
    assert dialog.message.text() == "Borne (GM0147): 24,900 inhabitants on 1 Jan 2025 recorded."
    assert ("Borne", "2025-01-01", 24_900, "CBS") in figures(admin_context)
    assert ["Borne", "GM0147", "1 Jan 2025", "24,900", "CBS"] in shown(dialog)
    assert dialog.show_date.findText("1 Jan 2025") > 0  # a new reference date to choose


def test_the_administrator_imports_a_cbs_file(
    qtbot: QtBot, admin_context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good, bad = tmp_path / "inwoners.csv", tmp_path / "fout.csv"
    good.write_bytes(GOOD.encode("cp1252"))
    bad.write_text("cbs_code,population,reference_date\nGM0000,5,2025-01-01\n", encoding="utf-8")
    chosen: list[Path] = []

    def dialog_answer(*_args: Any) -> tuple[str, str]:
        return str(chosen[-1]), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog_answer)
    dialog = open_from_the_page(qtbot, admin_context)
    before = figures(admin_context)

    chosen.append(bad)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, admin_context.worker)
    assert dialog.error.isVisible()
    assert "line 2: unknown CBS code GM0000" in dialog.error.text()
    assert figures(admin_context) == before

    chosen.append(good)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, admin_context.worker)
    assert not dialog.error.isVisible()
    assert dialog.message.text() == "inwoners.csv: 2 new, 0 changed, 0 unchanged figures."
    assert len(figures(admin_context)) == len(before) + 2
    dialog.show_date.setCurrentIndex(dialog.show_date.findText("1 Jan 2025"))
    assert shown(dialog) == [
        ["Enschede", "GM0153", "1 Jan 2025", "162,010", "CBS"],
        ["Wierden", "GM0189", "1 Jan 2025", "24,999", "CBS"],
    ]
    assert admin_context.settings.ui_state["population_folder"] == str(tmp_path)


def test_cancel_imports_nothing(
    qtbot: QtBot, admin_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: ("", ""))
    dialog = open_from_the_page(qtbot, admin_context)
    before = figures(admin_context)
    dialog.import_file()
    wait_idle(qtbot, admin_context.worker)
    assert figures(admin_context) == before
    assert dialog.message.text() == ""
    assert dialog.isVisible()
