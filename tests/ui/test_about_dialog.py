from pytestqt.qtbot import QtBot

from ui.context import AppContext
from ui.dialogs.about import AboutDialog, licence_of


def test_about_shows_the_version_the_store_and_the_licences(
    qtbot: QtBot, member_context: AppContext
) -> None:
    dialog = AboutDialog(member_context)
    qtbot.addWidget(dialog)
    text = dialog.findChildren(type(dialog.layout().itemAt(0).widget()))
    shown = " ".join(label.text() for label in text)
    assert "RegioDesk" in shown
    assert str(member_context.store_path) in shown
    browser = dialog.layout().itemAt(3).widget()
    licences = browser.toPlainText()  # type: ignore[attr-defined]
    for component in ("PySide6-Essentials", "SQLAlchemy", "sqlmodel", "pypdfium2", "EUPL-1.2"):
        assert component in licences
    assert licence_of("SQLAlchemy")
