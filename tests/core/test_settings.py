"""The user's settings file: the decision-list fields (time-stamp service, logo) are kept and read
back, bad values in the file are ignored, and the checks say what is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regiodesk.errors import InvalidInput
from regiodesk.settings import (
    Settings,
    check_logo,
    check_timestamp_url,
    load_settings,
    save_settings,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 32


def test_the_decision_list_fields_default_to_empty(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "missing.json")
    assert settings.timestamp_url == ""
    assert settings.logo_path == ""


def test_the_decision_list_fields_are_saved_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    settings = Settings(timestamp_url="https://tsa.example.nl/tsr", logo_path="/logos/twente.png")
    save_settings(settings, path)
    again = load_settings(path)
    assert again.timestamp_url == "https://tsa.example.nl/tsr"
    assert again.logo_path == "/logos/twente.png"


def test_wrong_types_in_the_file_give_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"timestamp_url": 5, "logo_path": ["x"]}), encoding="utf-8")
    settings = load_settings(path)
    assert (settings.timestamp_url, settings.logo_path) == ("", "")


def test_an_older_file_without_the_fields_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"language": "en", "recent_stores": []}), encoding="utf-8")
    settings = load_settings(path)
    assert settings.language == "en"
    assert settings.timestamp_url == ""


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("", ""),
        ("   ", ""),
        ("http://127.0.0.1:8080/tsa", "http://127.0.0.1:8080/tsa"),
        (" https://freetsa.org/tsr ", "https://freetsa.org/tsr"),
    ],
)
def test_a_time_stamp_service_is_an_http_address(given: str, kept: str) -> None:
    assert check_timestamp_url(given) == kept


@pytest.mark.parametrize(
    "given", ["ftp://tsa.example.nl", "tsa.example.nl", "https://", "http:// x"]
)
def test_anything_else_is_refused(given: str) -> None:
    with pytest.raises(InvalidInput, match="http:// or https://"):
        check_timestamp_url(given)


def test_a_logo_is_a_png_or_jpeg_file(tmp_path: Path) -> None:
    png, jpeg, text = tmp_path / "a.png", tmp_path / "b.jpg", tmp_path / "c.png"
    png.write_bytes(PNG)
    jpeg.write_bytes(JPEG)
    text.write_text("not an image", encoding="utf-8")
    assert check_logo("") == ""
    assert check_logo(f" {png} ") == str(png)
    assert check_logo(str(jpeg)) == str(jpeg)
    with pytest.raises(InvalidInput, match="not a PNG or JPEG image"):
        check_logo(str(text))
    with pytest.raises(InvalidInput, match="logo"):
        check_logo(str(tmp_path / "missing.png"))
    with pytest.raises(InvalidInput, match="folder"):
        check_logo(str(tmp_path))
