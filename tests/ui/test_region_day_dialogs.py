"""Setting up the Twente-dag in the app: a new day from an empty page, the day and its time slots,
rooms, sessions, factions and members, preferences by hand and from a clerk's CSV file (a bad file
is listed line by line and imported not at all), and changing or removing a yield."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from regiodesk import model
from regiodesk.commands.region_day import SessionSpec, add_room, add_session
from regiodesk.model.enums import PreferenceKind, SlotKind, YieldKind
from regiodesk.permissions import SYSTEM
from regiodesk.queries.region_day import factions, overview, preferences_of, region_days
from regiodesk.store import Store
from tests.ui.conftest import _context, wait_idle
from ui.context import AppContext
from ui.dialogs.region_day_day import DayDialog
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
def empty_context(qtbot: QtBot, demo_path: Path) -> Iterator[AppContext]:
    """As the administrator, in a store whose Twente-dag is gone (removed as the store removes:
    a tombstone)."""
    with Store.open(demo_path) as store:
        person = store.scalar("SELECT person_id FROM role_assignment WHERE role = 'admin'")
        with store.write(None) as writer:
            for day in region_days(store):
                writer.delete(model.RegionDay, day.id)
    context = _context(qtbot, demo_path, person)
    yield context
    context.worker.stop()


def _grab(widget: QWidget, name: str, tmp_path: Path) -> None:
    """A picture of the widget (in $REGIODESK_SCREENSHOTS when set, to look at)."""
    folder = Path(os.environ.get("REGIODESK_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    picture = widget.grab()
    assert not picture.isNull()
    assert picture.save(str(folder / f"{name}.png"))


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


def _slot_rows(dialog: DayDialog) -> list[list[str]]:
    table = dialog.table
    return [
        [table.item(row, column).text() for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


def _times(dialog: DayDialog, start: tuple[int, int], end: tuple[int, int]) -> None:
    dialog.starts_at.setTime(QTime(*start))
    dialog.ends_at.setTime(QTime(*end))


def test_an_empty_page_offers_a_new_day_and_the_day_gets_its_slots(
    qtbot: QtBot, empty_context: AppContext, say_yes: None, tmp_path: Path
) -> None:
    context = empty_context
    page = _page(qtbot, context)
    assert page.empty.isVisible()
    assert not page.content.isVisible()
    assert page.create_button.isVisible()
    assert page.create_button.isEnabled()
    assert "no Twente-dag yet" in page.empty_text.text()
    _grab(page, "page_empty", tmp_path)
    page.create_button.click()
    dialog = page.active_dialog
    assert isinstance(dialog, DayDialog)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "New Twente-dag"
    assert not dialog.slots_box.isEnabled()
    assert not dialog.save_day_button.isEnabled()
    dialog.title.setText("Twente-dag 2031")
    dialog.held_on.setDate(QDate(2031, 3, 14))
    dialog.venue.setText("Hengelo, Hanzehof")
    assert dialog.save_day_button.isEnabled()
    dialog.save_day()
    wait_idle(qtbot, context.worker)
    assert dialog.windowTitle() == "Day and time slots"
    assert dialog.slots_box.isEnabled()
    assert dialog.message.text().startswith("The day is created")
    # The page shows the new day at once.
    assert page.data is not None
    assert page.data.day is not None
    assert (page.data.day.title, page.data.day.held_on) == ("Twente-dag 2031", date(2031, 3, 14))
    assert page.content.isVisible()
    assert not page.empty.isVisible()
    # Two rounds (named by their number) and an opening plenary block.
    dialog.kind.setCurrentIndex(dialog.kind.findData(SlotKind.ROUND))
    assert not dialog.room.isEnabled()
    _times(dialog, (10, 30), (11, 30))
    dialog.add_slot()
    wait_idle(qtbot, context.worker)
    assert dialog.starts_at.time() == QTime(11, 45)  # the next slot is suggested
    dialog.add_slot()
    wait_idle(qtbot, context.worker)
    dialog.kind.setCurrentIndex(dialog.kind.findData(SlotKind.PLENARY))
    assert dialog.room.isEnabled()
    dialog.slot_title.setText("Opening")
    _times(dialog, (9, 30), (10, 15))
    dialog.add_slot()
    wait_idle(qtbot, context.worker)
    assert not dialog.error.isVisible()
    assert _slot_rows(dialog) == [
        ["Plenary", "Opening", "09:30", "10:15", "–"],
        ["Round", "Round 1", "10:30", "11:30", "–"],
        ["Round", "Round 2", "11:45", "12:45", "–"],
    ]
    # Refusals stay in place: an overlap names the other slot; an end before the start.
    dialog.kind.setCurrentIndex(dialog.kind.findData(SlotKind.ROUND))
    dialog.slot_title.clear()
    _times(dialog, (11, 0), (12, 0))
    dialog.add_slot()
    wait_idle(qtbot, context.worker)
    assert dialog.error.isVisible()
    assert "overlaps Round 1 (10:30–11:30)" in dialog.error.text()
    _times(dialog, (14, 0), (13, 0))
    dialog.add_slot()
    wait_idle(qtbot, context.worker)
    assert "the end must be after the start" in dialog.error.text()
    assert dialog.table.rowCount() == 3
    # The plenary block gets a room once the day has one; its times change.
    day_id = page.data.day.id
    _read(context, lambda store: add_room(store, SYSTEM, day_id, "Theaterzaal", 400))
    dialog.reload()
    wait_idle(qtbot, context.worker)
    dialog.table.selectRow(0)
    assert dialog.slot_title.text() == "Opening"
    assert dialog.starts_at.time() == QTime(9, 30)
    dialog.room.setCurrentIndex(dialog.room.findText("Theaterzaal"))
    _times(dialog, (9, 0), (10, 0))
    dialog.save_slot()
    wait_idle(qtbot, context.worker)
    assert not dialog.error.isVisible()
    assert _slot_rows(dialog)[0] == ["Plenary", "Opening", "09:00", "10:00", "Theaterzaal"]
    _grab(dialog, "day_dialog", tmp_path)
    # A round in which a session runs stays, and the dialog says which session.
    rounds = [slot.id for slot in _read(context, lambda store: overview(store, day_id).rounds)]
    _read(
        context,
        lambda store: add_session(
            store, SYSTEM, day_id, SessionSpec("A", "Wonen", round_ids=(rounds[0],))
        ),
    )
    dialog.table.selectRow(1)
    dialog.remove_slot()
    wait_idle(qtbot, context.worker)
    assert "Round 1 is in use (session A runs in it)" in dialog.error.text()
    _grab(dialog, "day_dialog_refused", tmp_path)
    # A free round goes, and the rounds are numbered again.
    dialog.table.selectRow(1)
    dialog.kind.setCurrentIndex(dialog.kind.findData(SlotKind.ROUND))
    dialog.table.selectRow(2)
    dialog.remove_slot()
    wait_idle(qtbot, context.worker)
    assert dialog.message.text() == "Time slot Round 2 removed."
    assert [row[1] for row in _slot_rows(dialog)] == ["Opening", "Round 1"]
    dialog.close()
    wait_idle(qtbot, context.worker)
    assert page.data.day is not None
    assert len(page.data.day.slots) == 2
    _grab(page, "page_new_day", tmp_path)


def test_the_day_is_changed_and_a_second_day_is_chosen_on_the_page(
    qtbot: QtBot, admin_context: AppContext, tmp_path: Path
) -> None:
    context = admin_context
    page = _page(qtbot, context)
    assert not page.day_choice_panel.isVisible()
    assert page.day_button.isEnabled()
    demo = page.data.day if page.data is not None else None
    assert demo is not None
    page.edit_day()
    dialog = page.active_dialog
    assert isinstance(dialog, DayDialog)
    qtbot.addWidget(dialog)
    wait_idle(qtbot, context.worker)
    assert dialog.title.text() == demo.title
    assert dialog.table.rowCount() == 5
    # A round in which sessions run stays a round.
    dialog.table.selectRow(1)
    assert dialog.save_button.isEnabled()
    dialog.kind.setCurrentIndex(dialog.kind.findData(SlotKind.PLENARY))
    dialog.save_slot()
    wait_idle(qtbot, context.worker)
    assert "Ronde 1 is in use (sessions" in dialog.error.text()
    _grab(dialog, "day_dialog_demo", tmp_path)
    # A new date moves the slots with it.
    later = demo.held_on + timedelta(days=7)
    dialog.held_on.setDate(QDate(later.year, later.month, later.day))
    dialog.venue.setText("Enschede, Muziekcentrum")
    dialog.save_day()
    wait_idle(qtbot, context.worker)
    assert dialog.message.text() == "The day is saved."
    day = _read(context, lambda store: overview(store, demo.id))
    assert (day.held_on, day.venue) == (later, "Enschede, Muziekcentrum")
    assert {slot.starts_at.date() for slot in day.slots} == {later}
    dialog.close()
    # A second day, earlier: the page shows it, and offers the choice between the two.
    page.new_day_button.click()
    created = page.active_dialog
    assert isinstance(created, DayDialog)
    qtbot.addWidget(created)
    created.title.setText("Extra Twente-dag")
    earlier = demo.held_on - timedelta(days=60)
    created.held_on.setDate(QDate(earlier.year, earlier.month, earlier.day))
    created.save_day()
    wait_idle(qtbot, context.worker)
    assert page.data is not None
    assert page.data.day is not None
    assert page.data.day.title == "Extra Twente-dag"
    assert page.day_choice_panel.isVisible()
    assert page.day_choice.count() == 2
    assert page.day_choice.currentText().startswith("Extra Twente-dag")
    # The same date again is refused in place.
    again = DayDialog(context, None, page)
    _shown(qtbot, context, again)
    again.title.setText("Nog een")
    again.held_on.setDate(QDate(earlier.year, earlier.month, earlier.day))
    again.save_day()
    wait_idle(qtbot, context.worker)
    assert again.error.isVisible()
    assert "A Twente-dag on" in again.error.text()
    assert again.windowTitle() == "New Twente-dag"
    created.close()
    _grab(page, "page_two_days", tmp_path)
    page.day_choice.setCurrentIndex(page.day_choice.findData(demo.id))
    page.day_choice.activated.emit(page.day_choice.currentIndex())
    wait_idle(qtbot, context.worker)
    assert page.data.day.id == demo.id
    assert page.table.rowCount() == 10


def test_a_member_may_not_make_a_day(qtbot: QtBot, member_context: AppContext) -> None:
    page = _page(qtbot, member_context)
    assert not page.new_day_button.isEnabled()
    assert not page.day_button.isEnabled()
