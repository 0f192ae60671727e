"""The daily board page: holders in office, who is missing, a PFO's history and the municipal
appointment decisions, recorded from the page."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from regiodesk import model
from regiodesk.commands.governance import (
    appoint_successor,
    end_appointment,
    nominate,
    open_appointment,
    record_municipal_appointment,
    record_recommendation,
)
from regiodesk.model.enums import AppointingBody, AppointmentVote
from regiodesk.permissions import Actor
from regiodesk.store import Store
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.pages.daily_board import DailyBoardPage

END = date(2026, 5, 31)
TERM_START = date(2026, 6, 1)
DECIDED_ON = date(2026, 9, 15)


def _pfo(store: Store, short_name: str) -> str:
    return str(store.scalar("SELECT id FROM pfo WHERE short_name = ?", (short_name,)))


def _secretary(store: Store, pfo_id: str) -> Actor:
    return Actor(
        str(
            store.scalar(
                "SELECT person_id FROM role_assignment WHERE role = 'secretary' AND pfo_id = ?",
                (pfo_id,),
            )
        )
    )


def _municipality(store: Store, name: str) -> str:
    return str(store.scalar("SELECT id FROM municipality WHERE name = ?", (name,)))


def _rule(store: Store, threshold_pct: int = 100) -> None:
    """Every municipality appoints (whatever the demo region says)."""
    region_id = str(store.scalar("SELECT id FROM region"))
    with store.write(None) as writer:
        writer.update(
            model.Region,
            region_id,
            {
                "appointment_threshold_pct": threshold_pct,
                "appointing_body": AppointingBody.MUNICIPALITIES,
            },
        )


def _clear(store: Store, short_name: str) -> None:
    """End the terms the demo may already have for the PFO (its holders resign on 31 May)."""
    pfo_id = _pfo(store, short_name)
    for row in store.query(
        "SELECT id FROM appointment WHERE pfo_id = ? AND status != 'ended' AND deleted = 0",
        (pfo_id,),
    ):
        end_appointment(store, _secretary(store, pfo_id), row["id"], END, "Afgetreden")


def _appointment(store: Store, short_name: str, candidate: str, votes: dict[str, str]) -> str:
    """Nominate ``candidate`` (a current member of the PFO), recommend by a decision of the PFO,
    open the appointment and record the given municipalities' appointments."""
    _rule(store)
    _clear(store, short_name)
    pfo_id = _pfo(store, short_name)
    secretary = _secretary(store, pfo_id)
    candidate_id = str(store.scalar("SELECT id FROM person WHERE name = ?", (candidate,)))
    nomination = nominate(store, secretary, pfo_id, candidate_id, "Kent de regio.")
    decision = str(
        store.scalar(
            "SELECT d.id FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id "
            "JOIN meeting m ON m.id = i.meeting_id WHERE m.pfo_id = ? AND d.deleted = 0 LIMIT 1",
            (pfo_id,),
        )
    )
    record_recommendation(store, secretary, nomination, decision)
    appointment = open_appointment(
        store, secretary, nomination, TERM_START, mandate=f"Mandaat {short_name}"
    )
    for name, reference in votes.items():
        record_municipal_appointment(
            store,
            secretary,
            appointment,
            _municipality(store, name),
            AppointmentVote.APPOINTED,
            DECIDED_ON,
            reference,
        )
    return appointment


def _all_municipalities(store: Store) -> dict[str, str]:
    return {
        str(row["name"]): f"Besluit {row['name']}"
        for row in store.query("SELECT name FROM municipality WHERE deleted = 0")
    }


def _setup(context: AppContext) -> str:
    """PFO Mobiliteit gets a holder in office; PFO Wonen & Ruimte a pending appointment (two
    of fourteen municipalities appointed).  Returns the pending appointment's id."""
    with Store.open(context.store_path) as store:
        _appointment(store, "PFO MOB", "Ugo Brinkhuis", _all_municipalities(store))
        return _appointment(
            store, "PFO WR", "Gerda Reef", {"Almelo": "Besluit A-1", "Borne": "Besluit B-2"}
        )


def _page(qtbot: QtBot, context: AppContext) -> DailyBoardPage:
    page = DailyBoardPage(context)
    qtbot.addWidget(page)
    page.show()
    page.show_target(None)
    wait_idle(qtbot, context.worker)
    return page


def _column(table: QTableWidget, column: int = 0) -> list[str]:
    return [table.item(row, column).text() for row in range(table.rowCount())]


def _select(qtbot: QtBot, page: DailyBoardPage, table: QTableWidget, pfo: str) -> None:
    column = 1 if table is page.board else 0
    row = _column(table, column).index(pfo)
    table.setFocus()
    table.selectRow(row)
    wait_idle(qtbot, page.context.worker)


def _vote(context: AppContext, appointment: str, municipality: str) -> tuple[str, str, str]:
    with Store.open(context.store_path) as store:
        row = store.query(
            "SELECT v.vote, v.decided_on, v.reference FROM municipal_appointment v "
            "JOIN municipality m ON m.id = v.municipality_id "
            "WHERE v.appointment_id = ? AND m.name = ?",
            (appointment, municipality),
        )[0]
        return row["vote"], row["decided_on"], row["reference"]


def test_the_board_lists_the_holder_in_office_and_who_is_missing(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    _setup(secretary_context)
    with Store.open(secretary_context.store_path) as store:
        _clear(store, "PFO VL")
    page = _page(qtbot, secretary_context)
    pfos = _column(page.board, 1)
    assert pfos.count("PFO Mobiliteit") == 1
    row = pfos.index("PFO Mobiliteit")
    assert page.board.item(row, 0).text() == "Ugo Brinkhuis (Oldenzaal)"
    assert page.board.item(row, 4).text() == "Mandaat PFO MOB"
    assert "coordination" in page.tasks.text()
    missing = _column(page.missing)
    assert "PFO Mobiliteit" not in missing
    assert len(missing) + page.board.rowCount() == 8
    row = missing.index("PFO Wonen & Ruimte")
    progress = page.missing.item(row, 2).text()
    assert "Gerda Reef" in progress
    assert "appointed by 2 of 14 municipalities, 14 needed" in progress
    assert page.missing.item(missing.index("PFO Veiligheid"), 2).text() == (
        "no appointment under way"
    )


def test_a_holder_is_not_on_the_board_while_pending(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    with Store.open(secretary_context.store_path) as store:
        everyone = _all_municipalities(store)
        everyone.pop("Wierden")
        _clear(store, "PFO MOB")
        _appointment(store, "PFO MOB", "Ugo Brinkhuis", everyone)
    page = _page(qtbot, secretary_context)
    assert "PFO Mobiliteit" not in _column(page.board, 1)
    assert "PFO Mobiliteit" in _column(page.missing)


def test_selecting_a_pfo_shows_its_history_and_the_votes(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    _setup(secretary_context)
    page = _page(qtbot, secretary_context)
    _select(qtbot, page, page.missing, "PFO Wonen & Ruimte")
    assert page.history.rowCount() >= 1  # the newest first; the demo's ended term after it
    assert page.history.item(0, 0).text() == "Gerda Reef (Enschede)"
    assert page.history.item(0, 2).text() == "pending"
    assert "2 of 14" in page.progress.text()
    assert page.votes.isVisibleTo(page)
    assert page.form.isVisibleTo(page)
    assert page.votes.rowCount() == 14
    names = _column(page.votes)
    almelo = names.index("Almelo")
    assert page.votes.item(almelo, 1).text() == "appointed"
    assert page.votes.item(almelo, 3).text() == "Besluit A-1"
    assert page.votes.item(names.index("Wierden"), 1).text() == "pending"

    _select(qtbot, page, page.board, "PFO Mobiliteit")
    assert page.missing.selectionModel().selectedRows() == []
    assert page.history.item(0, 0).text() == "Ugo Brinkhuis (Oldenzaal)"
    assert page.history.item(0, 2).text() == "in office"
    for row in range(1, page.history.rowCount()):
        assert page.history.item(row, 2).text() == "ended"
        assert page.history.item(row, 5).text() == "Afgetreden"
    assert page.history.item(0, 3).text()  # in office from the day of the last appointment
    assert not page.votes.isVisibleTo(page)


def test_a_member_records_the_vote_of_their_municipality(
    qtbot: QtBot, member_context: AppContext
) -> None:
    appointment = _setup(member_context)
    page = _page(qtbot, member_context)
    _select(qtbot, page, page.missing, "PFO Wonen & Ruimte")
    # The member's own municipality is chosen already.
    assert page.current_municipality() == member_context.identity.municipality_id
    page.decided_on.setDate(DECIDED_ON)
    page.reference.setText("B&W 2026/123")
    qtbot.mouseClick(page.record, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, member_context.worker)
    assert _vote(member_context, appointment, "Enschede") == (
        "appointed",
        DECIDED_ON.isoformat(),
        "B&W 2026/123",
    )
    assert not page.refusal.isVisibleTo(page)
    assert "Enschede" in page.message.text()
    # The page reloaded: the vote and the count show the new state.
    names = _column(page.votes)
    assert page.votes.item(names.index("Enschede"), 3).text() == "B&W 2026/123"
    assert "3 of 14" in page.progress.text()
    assert page.reference.text() == ""


def test_a_refused_vote_is_shown_in_place(qtbot: QtBot, member_context: AppContext) -> None:
    appointment = _setup(member_context)
    page = _page(qtbot, member_context)
    _select(qtbot, page, page.missing, "PFO Wonen & Ruimte")
    page.votes.selectRow(_column(page.votes).index("Wierden"))
    index = page.vote.findData(AppointmentVote.NOT_APPOINTED.value)
    page.vote.setCurrentIndex(index)
    qtbot.mouseClick(page.record, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, member_context.worker)
    assert page.refusal.isVisibleTo(page)
    assert "only the secretary or the municipality's own member may" in page.refusal.text()
    assert _vote(member_context, appointment, "Wierden") == ("pending", None, "")


def test_the_history_names_the_predecessor_of_a_successor(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    with Store.open(secretary_context.store_path) as store:
        _rule(store)
        _clear(store, "PFO MOB")  # the demo's holder resigns on 31 May
        pfo_id = _pfo(store, "PFO MOB")
        secretary = _secretary(store, pfo_id)
        ended = str(
            store.scalar(
                "SELECT id FROM appointment WHERE pfo_id = ? AND status = 'ended' "
                "AND effective_on IS NOT NULL ORDER BY term_start DESC LIMIT 1",
                (pfo_id,),
            )
        )
        predecessor = str(
            store.scalar(
                "SELECT p.name FROM appointment a JOIN person p ON p.id = a.person_id "
                "WHERE a.id = ?",
                (ended,),
            )
        )
        candidate = str(store.scalar("SELECT id FROM person WHERE name = 'Ugo Brinkhuis'"))
        nomination = nominate(store, secretary, pfo_id, candidate, "Neemt het over.")
        decision = str(
            store.scalar(
                "SELECT d.id FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id "
                "JOIN meeting m ON m.id = i.meeting_id WHERE m.pfo_id = ? AND d.deleted = 0 "
                "LIMIT 1",
                (pfo_id,),
            )
        )
        record_recommendation(store, secretary, nomination, decision)
        successor = appoint_successor(store, secretary, ended, nomination)
        for name in _all_municipalities(store):
            record_municipal_appointment(
                store,
                secretary,
                successor,
                _municipality(store, name),
                AppointmentVote.APPOINTED,
                TERM_START,
            )
    page = _page(qtbot, secretary_context)
    _select(qtbot, page, page.board, "PFO Mobiliteit")
    assert page.history.horizontalHeaderItem(6).text() == "Predecessor"
    assert page.history.item(0, 0).text() == "Ugo Brinkhuis (Oldenzaal)"
    assert page.history.item(0, 2).text() == "in office"
    assert page.history.item(0, 6).text() == predecessor
    assert page.history.item(1, 0).text().startswith(predecessor)
    assert (page.history.item(1, 2).text(), page.history.item(1, 5).text()) == (
        "ended",
        "Afgetreden",
    )
    assert page.history.item(1, 6).text() == "–"
    # Somebody is in office again: no successor to appoint.
    assert not page.successor_button.isEnabled()
