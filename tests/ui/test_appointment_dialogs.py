"""Nominating a regional portfolio holder and ending a term, from the daily board's buttons."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from regiodesk.commands.governance import council_period_end, nominate, record_recommendation
from regiodesk.i18n import format_date
from regiodesk.store import Store
from tests.ui.conftest import wait_idle
from tests.ui.test_daily_board_page import (
    END,
    _clear,
    _column,
    _page,
    _pfo,
    _secretary,
    _select,
    _setup,
)
from ui.context import AppContext
from ui.dialogs.appointment_dialogs import (
    EndTermDialog,
    NominateDialog,
    OpenAppointmentDialog,
    RecommendDialog,
    SuccessorDialog,
)
from ui.pages.daily_board import DailyBoardPage

LAST_DAY = date.today()


def _nominations(context: AppContext, short_name: str) -> list[tuple[str, str]]:
    with Store.open(context.store_path) as store:
        return [
            (str(row["name"]), str(row["motivation"]))
            for row in store.query(
                "SELECT p.name, n.motivation FROM nomination n "
                "JOIN person p ON p.id = n.candidate_id "
                "WHERE n.pfo_id = ? AND n.deleted = 0 ORDER BY n.nominated_at",
                (_pfo(store, short_name),),
            )
        ]


def _term(context: AppContext, person: str, short_name: str) -> tuple[str, str | None, str]:
    with Store.open(context.store_path) as store:
        row = store.query(
            "SELECT a.status, a.ended_on, a.end_reason FROM appointment a "
            "JOIN person p ON p.id = a.person_id WHERE p.name = ? AND a.pfo_id = ? "
            "AND a.deleted = 0 ORDER BY a.term_start DESC LIMIT 1",
            (person, _pfo(store, short_name)),
        )[0]
        return row["status"], row["ended_on"], row["end_reason"]


def _choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """Walk down the list with the arrow keys, as a user would, until ``text`` is chosen."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _step in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def _open_nominate(qtbot: QtBot, page: DailyBoardPage) -> NominateDialog:
    assert page.nominate_button.isEnabled()
    qtbot.mouseClick(page.nominate_button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, NominateDialog)
    wait_idle(qtbot, page.context.worker)
    return dialog


def test_the_buttons_follow_the_selected_pfo(qtbot: QtBot, secretary_context: AppContext) -> None:
    _setup(secretary_context)
    page = _page(qtbot, secretary_context)
    assert not page.nominate_button.isEnabled()
    assert not page.end_term_button.isEnabled()
    _select(qtbot, page, page.missing, "PFO Wonen & Ruimte")  # pending, nobody in office
    assert page.nominate_button.isEnabled()
    assert not page.end_term_button.isEnabled()
    _select(qtbot, page, page.board, "PFO Mobiliteit")
    assert page.nominate_button.isEnabled()
    assert page.end_term_button.isEnabled()
    assert not page.successor_button.isEnabled()  # somebody is in office


def test_no_successor_while_an_appointment_is_pending(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    _setup(secretary_context)
    page = _page(qtbot, secretary_context)
    _select(qtbot, page, page.missing, "PFO Wonen & Ruimte")  # its holder left; one pending
    assert page.predecessor() is None
    assert not page.successor_button.isEnabled()


def test_a_member_nominates_a_fellow_member(qtbot: QtBot, member_context: AppContext) -> None:
    with Store.open(member_context.store_path) as store:
        _clear(store, "PFO MOB")
    page = _page(qtbot, member_context)
    _select(qtbot, page, page.missing, "PFO Mobiliteit")
    dialog = _open_nominate(qtbot, page)
    candidates = [dialog.candidate.itemText(i) for i in range(dialog.candidate.count())]
    assert candidates  # the PFO's current members, with their municipality
    assert all("(" in candidate for candidate in candidates)
    before = _nominations(member_context, "PFO MOB")

    # No motivation: the core's words in place, nothing written, the dialog stays open.
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, member_context.worker)
    assert dialog.isVisible()
    assert dialog.error.isVisibleTo(dialog)
    assert dialog.error.text() == "motivation: this field is required"
    assert _nominations(member_context, "PFO MOB") == before

    chosen = candidates[-1]
    _choose(qtbot, dialog.candidate, chosen)
    qtbot.keyClick(dialog.candidate, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.motivation
    qtbot.keyClicks(dialog.motivation, "Kent de regio goed.")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, member_context.worker)
    assert not dialog.isVisible()
    assert _nominations(member_context, "PFO MOB") == [
        *before,
        (chosen.split(" (")[0], "Kent de regio goed."),
    ]
    assert "Nominated for PFO Mobiliteit" in page.message.text()
    assert member_context.undo_stack.can_undo


def test_the_secretary_ends_the_term_of_the_holder(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    _setup(secretary_context)
    page = _page(qtbot, secretary_context)
    _select(qtbot, page, page.board, "PFO Mobiliteit")
    assert page.end_term_button.isEnabled()
    qtbot.mouseClick(page.end_term_button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, EndTermDialog)
    assert "Ugo Brinkhuis" in dialog.findChildren(type(page.message))[0].text()

    # No reason: Enter in the reason field runs the command; the core refuses in place.
    dialog.last_day.setDate(QDate(LAST_DAY))
    assert dialog.focusWidget() is dialog.reason
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    wait_idle(qtbot, secretary_context.worker)
    assert dialog.isVisible()
    assert dialog.error.isVisibleTo(dialog)
    assert dialog.error.text() == "reason: this field is required"
    assert _term(secretary_context, "Ugo Brinkhuis", "PFO MOB") == ("effective", None, "")

    qtbot.keyClicks(dialog.reason, "Afgetreden als wethouder")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    wait_idle(qtbot, secretary_context.worker)
    assert not dialog.isVisible()
    assert _term(secretary_context, "Ugo Brinkhuis", "PFO MOB") == (
        "ended",
        LAST_DAY.isoformat(),
        "Afgetreden als wethouder",
    )
    assert "Ugo Brinkhuis" in page.message.text()
    # The page reloaded: the PFO is missing now, and nobody's term is left to end.
    assert "PFO Mobiliteit" not in _column(page.board, 1)
    assert not page.end_term_button.isEnabled()


# Recommending and opening the appointment --------------------------------------------------------


def _nominate_in_core(context: AppContext, short_name: str) -> tuple[str, str]:
    """End the demo's holder of the PFO and nominate its first current member through the core,
    as the secretary.  Returns the nomination's id and the candidate's name."""
    with Store.open(context.store_path) as store:
        _clear(store, short_name)
        pfo_id = _pfo(store, short_name)
        row = store.query(
            "SELECT p.id, p.name FROM membership ms JOIN person p ON p.id = ms.person_id "
            'WHERE ms.pfo_id = ? AND ms.deleted = 0 AND ms.start <= ? AND (ms."end" IS NULL '
            'OR ms."end" >= ?) ORDER BY p.name LIMIT 1',
            (pfo_id, date.today().isoformat(), date.today().isoformat()),
        )[0]
        nomination = nominate(store, _secretary(store, pfo_id), pfo_id, row["id"], "Trekker.")
        return nomination, str(row["name"])


def _nomination(context: AppContext, nomination_id: str) -> tuple[str, str | None]:
    with Store.open(context.store_path) as store:
        row = store.query(
            "SELECT status, decision_id FROM nomination WHERE id = ?", (nomination_id,)
        )[0]
        return row["status"], row["decision_id"]


def _appointments(context: AppContext, nomination_id: str) -> list[tuple[str, str, str, str]]:
    with Store.open(context.store_path) as store:
        return [
            (row["status"], row["term_start"], row["term_end"], row["mandate"])
            for row in store.query(
                "SELECT status, term_start, term_end, mandate FROM appointment "
                "WHERE nomination_id = ? AND deleted = 0",
                (nomination_id,),
            )
        ]


def test_the_secretary_recommends_and_opens_the_appointment(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    nomination, candidate = _nominate_in_core(secretary_context, "PFO MOB")
    page = _page(qtbot, secretary_context)
    _select(qtbot, page, page.missing, "PFO Mobiliteit")
    wait_idle(qtbot, secretary_context.worker)
    assert page.recommend_button.isEnabled()
    assert not page.open_appointment_button.isEnabled()

    # Recommend: the proposed nominee and a decision of the PFO's meetings.
    qtbot.mouseClick(page.recommend_button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, RecommendDialog)
    wait_idle(qtbot, secretary_context.worker)
    assert dialog.ok_button.isEnabled()
    assert dialog.nomination.findData(nomination) >= 0
    _choose(
        qtbot, dialog.nomination, dialog.nomination.itemText(dialog.nomination.findData(nomination))
    )
    assert dialog.decision.count() > 0
    assert ": " in dialog.decision.itemText(0)  # "2026-03: the item's title"
    qtbot.keyClick(dialog.decision, Qt.Key.Key_Down)
    decision = dialog.decision.currentData()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, secretary_context.worker)
    assert not dialog.isVisible()
    assert _nomination(secretary_context, nomination) == ("recommended", decision)
    assert "Recommendation recorded for PFO Mobiliteit" in page.message.text()
    assert secretary_context.undo_stack.can_undo
    wait_idle(qtbot, secretary_context.worker)
    assert not page.recommend_button.isEnabled()
    assert page.open_appointment_button.isEnabled()

    # Open the appointment: the end follows the start to the end of its council period.
    qtbot.mouseClick(page.open_appointment_button, Qt.MouseButton.LeftButton)
    opened = page.active_dialog
    assert isinstance(opened, OpenAppointmentDialog)
    assert opened.term_end.date().toPython() == council_period_end(date.today())

    # A start before the ended holder left office overlaps: the core's words, nothing written.
    overlapping = date(END.year, END.month, 1)
    opened.term_start.setDate(QDate(overlapping))
    assert opened.term_end.date().toPython() == council_period_end(overlapping)
    qtbot.mouseClick(opened.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, secretary_context.worker)
    assert opened.isVisible()
    assert opened.error.isVisibleTo(opened)
    message = opened.error.text()
    assert message.startswith("PFO Mobiliteit already has a regional portfolio holder")
    assert message.endswith(f"to {format_date(END)}; terms may not overlap.")
    assert _appointments(secretary_context, nomination) == []

    start = date(END.year, END.month + 1, 1)  # the day after the holder left office
    opened.term_start.setDate(QDate(start))
    opened.mandate.setFocus()
    qtbot.keyClicks(opened.mandate, "Mobiliteitsagenda Twente.")
    qtbot.mouseClick(opened.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, secretary_context.worker)
    assert not opened.isVisible()
    assert _appointments(secretary_context, nomination) == [
        (
            "pending",
            start.isoformat(),
            council_period_end(start).isoformat(),
            "Mobiliteitsagenda Twente.",
        )
    ]
    assert f"The appointment of {candidate} is open" in page.message.text()
    wait_idle(qtbot, secretary_context.worker)
    assert not page.open_appointment_button.isEnabled()


def test_a_chosen_end_of_term_is_kept(qtbot: QtBot, secretary_context: AppContext) -> None:
    nomination, _candidate = _nominate_in_core(secretary_context, "PFO MOB")
    page = _page(qtbot, secretary_context)
    _select(qtbot, page, page.missing, "PFO Mobiliteit")
    qtbot.mouseClick(page.recommend_button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, RecommendDialog)
    wait_idle(qtbot, secretary_context.worker)
    _choose(
        qtbot, dialog.nomination, dialog.nomination.itemText(dialog.nomination.findData(nomination))
    )
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, secretary_context.worker)
    qtbot.mouseClick(page.open_appointment_button, Qt.MouseButton.LeftButton)
    opened = page.active_dialog
    assert isinstance(opened, OpenAppointmentDialog)
    end = date(2028, 12, 31)
    opened.term_end.setDate(QDate(end))
    start = date(END.year, END.month + 1, 1)
    opened.term_start.setDate(QDate(start))
    assert opened.term_end.date().toPython() == end  # changed by hand: no longer follows
    qtbot.mouseClick(opened.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, secretary_context.worker)
    assert _appointments(secretary_context, nomination) == [
        ("pending", start.isoformat(), end.isoformat(), "")
    ]


# Appointing a successor --------------------------------------------------------------------------


def _recommend_in_core(context: AppContext, short_name: str) -> tuple[str, str, str]:
    """End the demo's holder of the PFO early, nominate its first current member and record the
    PFO's recommendation, all through the core.  Returns the nomination's id, the candidate's
    name and the ended term's id."""
    nomination, candidate = _nominate_in_core(context, short_name)
    with Store.open(context.store_path) as store:
        pfo_id = _pfo(store, short_name)
        decision = str(
            store.scalar(
                "SELECT d.id FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id "
                "JOIN meeting m ON m.id = i.meeting_id WHERE m.pfo_id = ? AND d.deleted = 0 "
                "LIMIT 1",
                (pfo_id,),
            )
        )
        record_recommendation(store, _secretary(store, pfo_id), nomination, decision)
        ended = str(
            store.scalar(
                "SELECT id FROM appointment WHERE pfo_id = ? AND status = 'ended' "
                "AND effective_on IS NOT NULL ORDER BY term_start DESC LIMIT 1",
                (pfo_id,),
            )
        )
    return nomination, candidate, ended


def _successors(context: AppContext, predecessor: str) -> list[tuple[str, str, str, str, str]]:
    with Store.open(context.store_path) as store:
        return [
            (
                row["nomination_id"],
                row["status"],
                row["term_start"],
                row["term_end"],
                row["mandate"],
            )
            for row in store.query(
                "SELECT nomination_id, status, term_start, term_end, mandate FROM appointment "
                "WHERE successor_of_id = ? AND deleted = 0",
                (predecessor,),
            )
        ]


def _open_successor(qtbot: QtBot, page: DailyBoardPage) -> SuccessorDialog:
    _select(qtbot, page, page.missing, "PFO Mobiliteit")
    assert page.successor_button.isEnabled()
    qtbot.mouseClick(page.successor_button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, SuccessorDialog)
    wait_idle(qtbot, page.context.worker)
    return dialog


def test_the_secretary_appoints_a_successor_for_the_rest_of_the_term(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    nomination, candidate, ended = _recommend_in_core(secretary_context, "PFO MOB")
    page = _page(qtbot, secretary_context)
    dialog = _open_successor(qtbot, page)
    predecessor = dialog.predecessor
    assert predecessor.id == ended
    assert predecessor.ended_on == END
    assert predecessor.person in dialog.findChildren(type(page.message))[0].text()

    # The candidates are the PFO's current members; only the recommended one can be chosen.
    assert dialog.candidate.count() > 1
    assert dialog.candidate.currentText().startswith(candidate)
    assert dialog.nomination_id() == nomination
    others = [dialog.candidate.itemText(i) for i in range(dialog.candidate.count())]
    others.remove(dialog.candidate.currentText())
    assert all(text.endswith("– not recommended by the PFO") for text in others)
    qtbot.keyClick(dialog.candidate, Qt.Key.Key_Down)  # the others cannot be chosen
    assert dialog.nomination_id() == nomination
    # The rest of the term: from the day after the predecessor left, to the end of their term.
    assert dialog.term_start.date().toPython() == date(2026, 6, 1)
    assert dialog.term_end.date().toPython() == predecessor.term_end
    assert dialog.mandate.toPlainText() == predecessor.mandate

    # A start while the predecessor was still in office: the core's words, nothing written.
    dialog.term_start.setDate(QDate(END))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, secretary_context.worker)
    assert dialog.isVisible()
    assert dialog.error.isVisibleTo(dialog)
    assert dialog.error.text().startswith("PFO Mobiliteit already has a regional portfolio holder")
    assert _successors(secretary_context, ended) == []

    dialog.term_start.setDate(QDate(date(2026, 7, 1)))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, secretary_context.worker)
    assert not dialog.isVisible()
    assert _successors(secretary_context, ended) == [
        (
            nomination,
            "pending",
            "2026-07-01",
            predecessor.term_end.isoformat(),
            predecessor.mandate,
        )
    ]
    assert f"as successor of {predecessor.person} is open" in page.message.text()
    assert secretary_context.undo_stack.can_undo
    wait_idle(qtbot, secretary_context.worker)
    # The page reloaded: the successor is pending, so no second one; the history names the
    # predecessor.
    assert not page.successor_button.isEnabled()
    assert page.history.item(0, 0).text().startswith(candidate)
    assert page.history.item(0, 2).text() == "pending"
    assert page.history.item(0, 6).text() == predecessor.person


def test_without_a_recommended_member_there_is_no_successor_to_appoint(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    _nominate_in_core(secretary_context, "PFO MOB")  # nominated, not recommended
    page = _page(qtbot, secretary_context)
    dialog = _open_successor(qtbot, page)
    assert dialog.nomination_id() is None
    assert not dialog.ok_button.isEnabled()
    assert dialog.error.isVisibleTo(dialog)
    assert dialog.error.text().startswith("PFO Mobiliteit has recommended none of its")
