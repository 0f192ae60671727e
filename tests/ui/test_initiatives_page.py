from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from regiodesk.commands.initiatives import create_initiative, set_participants
from regiodesk.i18n import format_money
from regiodesk.model.enums import CostKey
from regiodesk.queries.initiatives import Matrix, matrix, matrix_csv, municipality_csv
from regiodesk.queries.summary import region_id
from regiodesk.store import Store
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.models.initiatives_model import TITLE
from ui.pages.initiatives import InitiativesPage


def _open(qtbot: QtBot, context: AppContext) -> InitiativesPage:
    page = InitiativesPage(context)
    qtbot.addWidget(page)
    page.resize(1400, 600)
    page.show()
    qtbot.waitExposed(page)
    wait_idle(qtbot, context.worker)
    return page


def _make_initiatives(context: AppContext) -> None:
    """A per-inhabitant fund of PFO Mobiliteit with three municipalities (a fourth declines),
    and a 2029-2030 study shared equally by two."""
    with Store.open(context.store_path) as store:
        pfo = store.scalar("SELECT id FROM pfo WHERE short_name = 'PFO MOB'")
        names = [row[0] for row in store.query("SELECT id FROM municipality ORDER BY name LIMIT 4")]
        reference = store.scalar("SELECT max(reference_date) FROM population_figure")
        fund = create_initiative(
            store,
            context.actor,
            "Regionaal mobiliteitsfonds",
            pfo_id=pfo,
            budget_per_year=Decimal("100000.00"),
            start_year=2027,
            end_year=2030,
            reference_date=date.fromisoformat(reference),
        )
        set_participants(
            store, context.actor, fund, names[:3], reasons={names[3]: "Geen budget in 2027"}
        )
        study = create_initiative(
            store,
            context.actor,
            "Studie snelfietspaden",
            pfo_id=pfo,
            budget_per_year=Decimal("25000.01"),
            start_year=2029,
            end_year=2030,
            cost_key=CostKey.EQUAL,
        )
        set_participants(store, context.actor, study, names[1:3])


def _expected(context: AppContext, year: int | None = None) -> Matrix:
    with Store.open(context.store_path) as store:
        region = region_id(store)
        assert region is not None
        return matrix(store, region, year)


def _texts(page: InitiativesPage) -> list[list[str]]:
    model = page.table.model()
    return [
        [str(model.index(row, column).data()) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_the_matrix_shows_each_share_and_the_totals(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    _make_initiatives(secretary_context)
    expected = _expected(secretary_context)
    page = _open(qtbot, secretary_context)
    model = page.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Initiative", *(m.name for m in expected.municipalities), "Total"]
    rows = _texts(page)
    assert [row[TITLE] for row in rows] == [*(i.title for i in expected.initiatives), "Total"]
    for number, initiative in enumerate(expected.initiatives):
        for column, municipality in enumerate(expected.municipalities, start=1):
            recorded = initiative.row(municipality.id)
            cell = rows[number][column]
            if recorded is None:
                assert cell == "–"
            elif recorded.participates:
                assert recorded.share is not None
                assert cell == format_money(recorded.share)
            else:
                assert cell == "does not participate"
                tip = model.index(number, column).data(Qt.ItemDataRole.ToolTipRole)
                assert tip == f"Does not participate: {recorded.reason}"
        assert rows[number][-1] == format_money(expected.per_initiative[initiative.id])
    assert rows[-1][1:-1] == [
        format_money(expected.per_municipality[m.id]) for m in expected.municipalities
    ]
    assert rows[-1][-1] == format_money(expected.total)
    fund = [t[TITLE] for t in rows].index("Regionaal mobiliteitsfonds")
    assert rows[fund].count("does not participate") == 1
    count = len(expected.initiatives)
    assert page.summary.text() == f"{count} initiatives · {format_money(expected.total)} per year"


def test_the_year_filter_shows_the_initiatives_running_that_year(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    _make_initiatives(secretary_context)
    page = _open(qtbot, secretary_context)
    years = [page.year.itemText(n) for n in range(page.year.count())]
    assert years[0] == "All years"
    assert years[-1] == "2030"  # the demo's initiatives run until 2029
    page.year.setFocus()
    qtbot.keyClick(page.year, Qt.Key.Key_End)  # 2030: only the two new ones
    wait_idle(qtbot, secretary_context.worker)
    expected = _expected(secretary_context, 2030)
    rows = _texts(page)
    titles = ["Regionaal mobiliteitsfonds", "Studie snelfietspaden"]
    assert [row[TITLE] for row in rows] == [*titles, "Total"]
    assert [i.title for i in expected.initiatives] == titles
    assert rows[-1][-1] == format_money(expected.total) == format_money(Decimal("125000.01"))
    qtbot.keyClick(page.year, Qt.Key.Key_Home)  # all years again
    wait_idle(qtbot, secretary_context.worker)
    assert page.model.rowCount() == len(_expected(secretary_context).initiatives) + 1


def test_a_year_without_initiatives_says_so(qtbot: QtBot, member_context: AppContext) -> None:
    page = _open(qtbot, member_context)
    page.show_target(2040)
    wait_idle(qtbot, member_context.worker)
    assert page.model.rowCount() == 0
    assert page.year.currentText() == "2040"
    assert page.summary.text() == "No initiative runs in 2040."
    assert not page.export_all.isEnabled()


@pytest.mark.parametrize("one_municipality", [False, True])
def test_export_csv_writes_the_cores_csv(
    qtbot: QtBot,
    secretary_context: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    one_municipality: bool,
) -> None:
    _make_initiatives(secretary_context)
    page = _open(qtbot, secretary_context)
    target = tmp_path / "export"  # the page adds ".csv"
    asked: list[str] = []

    def save(_parent: object, _caption: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(target), "CSV files (*.csv)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    expected = _expected(secretary_context)
    if one_municipality:
        municipality = expected.municipalities[1]
        page.table.setFocus()
        page.table.setCurrentIndex(page.model.index(0, 2))  # its column makes it the choice
        assert page.municipality.currentText() == municipality.name
        qtbot.mouseClick(page.export_one, Qt.MouseButton.LeftButton)
        wanted = municipality_csv(expected, municipality.id)
        assert asked[0].endswith(f"initiatives {municipality.name}.csv")
    else:
        qtbot.mouseClick(page.export_all, Qt.MouseButton.LeftButton)
        wanted = matrix_csv(expected)
        assert asked[0].endswith("initiatives.csv")
    wait_idle(qtbot, secretary_context.worker)
    written = target.with_suffix(".csv")
    assert written.read_bytes() == wanted
    assert page.message.text() == "Saved export.csv."
    assert not page.error.isVisible()


def test_enter_on_an_initiative_opens_the_editor(
    qtbot: QtBot, secretary_context: AppContext
) -> None:
    from ui.dialogs.initiative_editor import InitiativeEditor

    _make_initiatives(secretary_context)
    page = _open(qtbot, secretary_context)
    assert not page.change_action.isEnabled()  # nothing chosen yet
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, TITLE))
    assert page.change_action.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    wait_idle(qtbot, secretary_context.worker)
    dialog = page.active_dialog
    assert isinstance(dialog, InitiativeEditor)
    assert dialog.isVisible()
    assert dialog.title_edit.text() == page.model.index(0, TITLE).data()
    dialog.reject()


def test_export_pdf_for_the_municipality(
    qtbot: QtBot, secretary_context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pypdfium2 as pdfium

    page = _open(qtbot, secretary_context)
    page.municipality.setCurrentIndex(page.municipality.findText("Tubbergen"))
    target = tmp_path / "tubbergen"  # the page adds ".pdf"
    asked: list[str] = []

    def save(_parent: object, _caption: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    assert page.export_pdf.isEnabled()
    qtbot.mouseClick(page.export_pdf, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, secretary_context.worker)
    assert asked[0].endswith("initiatives Tubbergen.pdf")
    written = target.with_suffix(".pdf")
    assert page.message.text() == f"Saved {written}."
    document = pdfium.PdfDocument(written.read_bytes())
    text = document[0].get_textpage().get_text_range()
    document.close()
    expected = _expected(secretary_context)
    tubbergen = next(m for m in expected.municipalities if m.name == "Tubbergen")
    assert "Regional initiatives: Tubbergen" in text
    assert format_money(expected.per_municipality[tubbergen.id]) in text
