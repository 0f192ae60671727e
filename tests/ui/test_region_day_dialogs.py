"""Setting up the Twente-dag in the app: rooms, sessions, factions and members, preferences by
hand and from a clerk's CSV file (a bad file is listed line by line and imported not at all), and
changing or removing a yield."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from regiodesk.model.region_day import PreferenceKind, YieldKind
from regiodesk.queries.region_day import factions, overview, preferences_of, region_days
from regiodesk.store import Store
from tests.ui.conftest import _context, wait_idle
from ui.context import AppContext
from ui.dialogs.region_day_factions import FactionsDialog
from ui.dialogs.region_day_import_problems import ImportProblemsDialog
from ui.dialogs.region_day_preferences import PreferencesDialog
from ui.dialogs.region_day_rooms import RoomsDialog
from ui.dialogs.region_day_session import SessionDialog
from ui.dialogs.region_day_yield import YieldDialog
from ui.pages.region_day import RegionDayPage


@pytest.fixture
def admin_context(qtbot: QtBot, demo_path: Path) -> Iterator[AppContext]:
    with Store.open(demo_path) as store:
        person = store.scalar("SELECT person_id FROM role_assignment WHERE role = 'admin'")
    context = _context(qtbot, demo_path, person)
    yield context
    context.worker.stop()


@pytest.fixture
def say_yes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_args, **_kw: QMessageBox.StandardButton.Yes
    )


def _day_id(context: AppContext) -> str:
    with Store.open(context.store_path) as store:
        return region_days(store)[0].id


def _read(context: AppContext, work):  # type: ignore[no-untyped-def]
    with Store.open(context.store_path) as store:
        return work(store)


def _shown(qtbot: QtBot, context: AppContext, dialog):  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, context.worker)
    return dialog


def _page(qtbot: QtBot, context: AppContext) -> RegionDayPage:
    page = RegionDayPage(context)
    qtbot.addWidget(page)
    page.resize(1300, 760)
    page.show()
    qtbot.waitExposed(page)
    wait_idle(qtbot, context.worker)
    return page


def test_rooms_are_added_changed_and_a_room_in_use_is_kept(
    qtbot: QtBot, admin_context: AppContext, say_yes: None
) -> None:
    dialog = _shown(qtbot, admin_context, RoomsDialog(admin_context, _day_id(admin_context)))
    assert dialog.table.rowCount() == 5
    assert not dialog.save_button.isEnabled()
    dialog.name.setText("Zaal Vecht")
    dialog.capacity.setValue(45)
    dialog.add()
    wait_idle(qtbot, admin_context.worker)
    assert dialog.message.text() == "Room Zaal Vecht added."
    names = [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
    assert "Zaal Vecht" in names
    dialog.table.selectRow(names.index("Zaal Vecht"))
    assert dialog.capacity.value() == 45
    dialog.capacity.setValue(60)
    dialog.save()
    wait_idle(qtbot, admin_context.worker)
    day_id = _day_id(admin_context)
    rooms = _read(admin_context, lambda store: overview(store, day_id).rooms)
    assert ("Zaal Vecht", 60) in [(room.name, room.capacity) for room in rooms]
    dialog.remove()
    wait_idle(qtbot, admin_context.worker)
    assert dialog.table.rowCount() == 5
    # The Raadzaal holds sessions A and B: it stays, and the dialog says why.
    dialog.table.selectRow(0)
    dialog.remove()
    wait_idle(qtbot, admin_context.worker)
    assert dialog.error.isVisible()
    assert "A, B still use the room" in dialog.error.text()
    assert dialog.table.rowCount() == 5


def test_a_session_is_added_and_changed_and_a_clash_shows_in_place(
    qtbot: QtBot, admin_context: AppContext
) -> None:
    day_id = _day_id(admin_context)
    dialog = _shown(qtbot, admin_context, SessionDialog(admin_context, day_id))
    assert dialog.windowTitle() == "New session"
    assert len(dialog.round_boxes) == 3
    dialog.code.setText("a")
    dialog.topic.setText("Water en klimaat")
    dialog.save()
    wait_idle(qtbot, admin_context.worker)
    assert dialog.isVisible()
    assert "A session with code a already exists" in dialog.error.text()
    dialog.code.setText("K")
    dialog.pfo.setCurrentIndex(1)
    dialog.host.setCurrentIndex(1)
    dialog.room.setCurrentIndex(dialog.room.findText("Zaal Regge (80)"))
    dialog.round_boxes[2].setChecked(True)
    dialog.save()
    wait_idle(qtbot, admin_context.worker)
    assert dialog.result() == SessionDialog.DialogCode.Accepted
    sessions = _read(admin_context, lambda store: overview(store, day_id).sessions)
    added = next(s for s in sessions if s.code == "K")
    assert (added.topic, added.room_name, len(added.round_ids)) == (
        "Water en klimaat",
        "Zaal Regge",
        1,
    )
    assert added.pfo_id is not None
    assert added.host_id is not None
    # Changed: the dialog shows what it is, and saves what changes.
    edit = _shown(qtbot, admin_context, SessionDialog(admin_context, day_id, added.id))
    assert edit.topic.text() == "Water en klimaat"
    assert edit.room.currentText() == "Zaal Regge (80)"
    assert [box.isChecked() for box in edit.round_boxes] == [False, False, True]
    edit.round_boxes[0].setChecked(True)
    edit.topic.setText("Water, klimaat en bodem")
    edit.save()
    wait_idle(qtbot, admin_context.worker)
    sessions = _read(admin_context, lambda store: overview(store, day_id).sessions)
    changed = next(s for s in sessions if s.id == added.id)
    assert (changed.topic, len(changed.round_ids)) == ("Water, klimaat en bodem", 2)


def test_factions_and_members_are_added_renamed_and_removed(
    qtbot: QtBot, admin_context: AppContext, say_yes: None
) -> None:
    day_id = _day_id(admin_context)
    dialog = _shown(qtbot, admin_context, FactionsDialog(admin_context, day_id))
    assert dialog.faction_list.count() == 86
    dialog.municipality.setCurrentIndex(dialog.municipality.findText("Borne"))
    dialog.party.setText("Partij voor de Dieren")
    dialog.seats.setValue(1)
    dialog.add_faction()
    wait_idle(qtbot, admin_context.worker)
    assert dialog.faction_list.count() == 87
    assert dialog.message.text() == "Faction Partij voor de Dieren added."
    # The same party in the same town again is refused in place.
    dialog.add_faction()
    wait_idle(qtbot, admin_context.worker)
    assert "already exists" in dialog.error.text()
    row = next(
        row
        for row in range(dialog.faction_list.count())
        if dialog.faction_list.item(row).text().startswith("Partij voor de Dieren Borne")
    )
    dialog.faction_list.setCurrentRow(row)
    assert dialog.members_box.isEnabled()
    assert dialog.save_faction_button.isEnabled()
    dialog.seats.setValue(2)
    dialog.save_faction()
    wait_idle(qtbot, admin_context.worker)
    assert "2 seats" in dialog.faction_list.currentItem().text()
    dialog.name.setText("Iris Haverkamp")
    dialog.add_member()
    wait_idle(qtbot, admin_context.worker)
    assert dialog.member_list.count() == 1
    assert dialog.name.text() == ""
    dialog.member_list.setCurrentRow(0)
    dialog.name.setText("Iris Haverkamp-Ter Horst")
    dialog.rename_member()
    wait_idle(qtbot, admin_context.worker)
    assert dialog.member_list.item(0).text() == "Iris Haverkamp-Ter Horst"
    dialog.member_list.setCurrentRow(0)
    dialog.remove_member()
    wait_idle(qtbot, admin_context.worker)
    assert dialog.member_list.count() == 0
    dialog.remove_faction()
    wait_idle(qtbot, admin_context.worker)
    assert dialog.faction_list.count() == 86
    names = [f.name for f in _read(admin_context, lambda store: factions(store, day_id))]
    assert "Partij voor de Dieren Borne" not in names


def test_preferences_are_entered_for_a_faction_and_a_member(
    qtbot: QtBot, admin_context: AppContext
) -> None:
    day_id = _day_id(admin_context)
    almelo_cda = next(
        f
        for f in _read(admin_context, lambda store: factions(store, day_id))
        if f.name == "CDA Almelo"
    )
    dialog = _shown(qtbot, admin_context, PreferencesDialog(admin_context, day_id, almelo_cda.id))
    assert dialog.faction.currentText() == "CDA Almelo"
    assert dialog.member.itemText(0) == "The whole faction"
    assert dialog.member.count() > 1
    assert dialog.table.rowCount() == 10
    dialog.kind_at(0).setCurrentIndex(dialog.kind_at(0).findData(PreferenceKind.MUST))
    dialog.kind_at(1).setCurrentIndex(dialog.kind_at(1).findData(PreferenceKind.NOT))
    assert not dialog.rank_at(0).isEnabled()
    dialog.save()
    wait_idle(qtbot, admin_context.worker)
    assert dialog.message.text() == "Preferences of CDA Almelo saved."
    sessions = _read(admin_context, lambda store: overview(store, day_id).sessions)
    chosen = _read(admin_context, lambda store: preferences_of(store, faction_id=almelo_cda.id))
    assert chosen == {
        sessions[0].id: (PreferenceKind.MUST, None),
        sessions[1].id: (PreferenceKind.NOT, None),
    }
    # A member: two sessions with rank 1 is refused in place; then 1 and 2 are saved.
    dialog.member.setCurrentIndex(1)
    wait_idle(qtbot, admin_context.worker)
    member_id = dialog.member.currentData()
    assert dialog.save_button.isEnabled()
    for row in range(dialog.table.rowCount()):
        dialog.kind_at(row).setCurrentIndex(0)
    ranked = dialog.kind_at(2).findData(PreferenceKind.RANKED)
    for row in (2, 3):
        dialog.kind_at(row).setCurrentIndex(ranked)
        assert dialog.rank_at(row).isEnabled()
    dialog.save()
    wait_idle(qtbot, admin_context.worker)
    assert "rank 1 is given to two sessions" in dialog.error.text()
    dialog.rank_at(3).setValue(2)
    dialog.save()
    wait_idle(qtbot, admin_context.worker)
    assert not dialog.error.isVisible()
    chosen = _read(admin_context, lambda store: preferences_of(store, member_id=member_id))
    assert chosen == {
        sessions[2].id: (PreferenceKind.RANKED, 1),
        sessions[3].id: (PreferenceKind.RANKED, 2),
    }
    # Back to the faction: its own preferences are shown again.
    dialog.member.setCurrentIndex(0)
    wait_idle(qtbot, admin_context.worker)
    assert dialog.kind_at(0).currentData() == PreferenceKind.MUST
    assert dialog.kind_at(2).currentData() is None


def test_a_good_file_is_imported_and_a_bad_one_is_listed_line_by_line(
    qtbot: QtBot, admin_context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(qtbot, admin_context)
    assert page.import_button.isEnabled()
    good = tmp_path / "voorkeuren.csv"
    good.write_bytes(
        "gemeente;fractie;naam;A;B;C\r\n"
        "Almelo;CDA;;moet;;\r\n"
        "Almelo;CDA;Arjen Bosch;1;2;niet\r\n"
        "Almelo;CDA;Nieuw Raadslid;;wil;1\r\n".encode("cp1252")
    )
    chosen = [good]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args, **_kw: (str(chosen[0]), ""))
    page.import_preferences()
    wait_idle(qtbot, admin_context.worker)
    assert page.message.text() == (
        "voorkeuren.csv: preferences of 2 members (1 new) and 1 factions recorded."
    )
    assert page.data is not None
    assert page.data.day is not None
    day = page.data.day
    faction = next(f for f in page.data.factions if f.name == "CDA Almelo")
    assert "Nieuw Raadslid (CDA Almelo)" in [page.who.itemText(i) for i in range(page.who.count())]
    chosen_now = _read(admin_context, lambda store: preferences_of(store, faction_id=faction.id))
    assert chosen_now == {day.sessions[0].id: (PreferenceKind.MUST, None)}
    bad = tmp_path / "fout.csv"
    bad.write_bytes(
        b"gemeente;fractie;naam;A;B\r\n"
        b"Almelo;CDA;Esther Kemna;1;1\r\n"
        b"Atlantis;CDA;Iemand;moet;\r\n"
        b"Almelo;CDA;Lars Pluimers;misschien;\r\n"
    )
    chosen[0] = bad
    page.import_preferences()
    wait_idle(qtbot, admin_context.worker)
    problems = page.active_dialog
    assert isinstance(problems, ImportProblemsDialog)
    lines = [problems.problems.item(row).text() for row in range(problems.problems.count())]
    assert len(lines) == 3
    assert lines[0].startswith("line 2: rank 1 is given to both A and B")
    assert lines[1].startswith("line 3: unknown municipality 'Atlantis'")
    assert lines[2].startswith("line 4: 'misschien' for session A")
    assert (
        page.error.text() == "Preference file " + str(bad) + ": 3 problem(s); nothing was imported."
    )
    assert page.data.day.preferences == day.preferences
    assert page.data.day.members == day.members


def test_sessions_and_yields_are_changed_and_removed_from_the_page(
    qtbot: QtBot, admin_context: AppContext, say_yes: None
) -> None:
    page = _page(qtbot, admin_context)
    page.table.selectRow(9)
    wait_idle(qtbot, admin_context.worker)
    page.kind.setCurrentIndex(0)
    page.text.setText("Hoe houden de raden grip?")
    page.add_yield()
    wait_idle(qtbot, admin_context.worker)
    page.yield_list.setCurrentRow(0)
    assert page.edit_yield_button.isEnabled()
    assert page.remove_yield_button.isEnabled()
    page.edit_yield()
    dialog = page.active_dialog
    assert isinstance(dialog, YieldDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(YieldKind.PROPOSAL))
    dialog.text.setPlainText("Een regionale rekenkamer.")
    dialog.save()
    wait_idle(qtbot, admin_context.worker)
    assert page.yield_list.item(0).text() == "Proposal: Een regionale rekenkamer."
    # A session that has yielded something stays; without its yield it goes.
    page.remove_session()
    wait_idle(qtbot, admin_context.worker)
    assert "recorded yields" in page.error.text()
    page.yield_list.setCurrentRow(0)
    page.remove_yield()
    wait_idle(qtbot, admin_context.worker)
    assert page.yield_list.item(0).text() == "Nothing recorded yet."
    page.remove_session()
    wait_idle(qtbot, admin_context.worker)
    assert page.table.rowCount() == 9
    assert page.message.text().startswith("Session J · Grip van de raden op de regio removed.")


def test_a_member_sees_the_setup_but_may_not_change_it(
    qtbot: QtBot, member_context: AppContext
) -> None:
    page = _page(qtbot, member_context)
    assert page.table.rowCount() == 10
    for button in page.setup_buttons:
        assert not button.isEnabled()
    assert page.import_button.toolTip() == "Only the region's secretariat sets up the day"
