"""The decision list settings dialog: a time-stamp service and the region's logo, checked by the
core, refused in place, saved in the settings file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from regiodesk.settings import load_settings
from tests.ui.conftest import wait_idle
from ui.context import AppContext
from ui.dialogs.decision_list_settings import DecisionListSettingsDialog


@pytest.fixture
def logo(tmp_path: Path) -> Path:
    image = QImage(120, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("#1f5c99"))
    path = tmp_path / "logo.png"
    assert image.save(str(path), "PNG")
    return path


def _dialog(qtbot: QtBot, context: AppContext) -> DecisionListSettingsDialog:
    dialog = DecisionListSettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_both_settings_are_saved(
    qtbot: QtBot, member_context: AppContext, logo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _dialog(qtbot, member_context)
    assert dialog.timestamp_url.text() == ""
    assert dialog.preview.text() == "(no logo)"
    dialog.timestamp_url.setText(" https://tsa.example.nl/tsr ")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(logo), ""))
    dialog.choose_logo()
    assert dialog.logo_path.text() == str(logo)
    assert not dialog.preview.pixmap().isNull()
    dialog.submit()
    wait_idle(qtbot, member_context.worker)
    assert not dialog.isVisible()
    assert member_context.settings.timestamp_url == "https://tsa.example.nl/tsr"
    assert member_context.settings.logo_path == str(logo)
    saved = load_settings()
    assert (saved.timestamp_url, saved.logo_path) == ("https://tsa.example.nl/tsr", str(logo))

    again = _dialog(qtbot, member_context)
    assert again.timestamp_url.text() == "https://tsa.example.nl/tsr"
    again.logo_path.clear()
    again.timestamp_url.clear()
    again.submit()
    wait_idle(qtbot, member_context.worker)
    assert (member_context.settings.timestamp_url, member_context.settings.logo_path) == ("", "")


def test_a_bad_address_or_logo_is_refused_in_place(
    qtbot: QtBot, member_context: AppContext, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, member_context)
    dialog.timestamp_url.setText("tsa.example.nl")
    dialog.submit()
    wait_idle(qtbot, member_context.worker)
    assert dialog.isVisible()
    assert "http:// or https://" in dialog.error.text()
    assert dialog.save_button.isEnabled()
    text = tmp_path / "logo.png"
    text.write_text("not an image", encoding="utf-8")
    dialog.timestamp_url.setText("https://tsa.example.nl/tsr")
    dialog.logo_path.setText(str(text))
    dialog.submit()
    wait_idle(qtbot, member_context.worker)
    assert dialog.isVisible()
    assert "not a PNG or JPEG image" in dialog.error.text()
    assert member_context.settings.timestamp_url == ""
