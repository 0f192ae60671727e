"""The sync root is remembered per store, with the WebDAV user name but never a password."""

from __future__ import annotations

import json
from pathlib import Path

from regiodesk.settings import Settings, SyncSetup, load_settings, save_settings


def test_sync_settings_round_trip_without_a_password(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    store = tmp_path / "region.sqlite"
    settings = Settings(sync_auto=False, sync_interval_minutes=15)
    settings.set_sync_setup(store, SyncSetup("https://dav.example.org/regio", "sanne"))
    save_settings(settings, path)
    assert "password" not in path.read_text(encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.sync_setup_for(store) == SyncSetup("https://dav.example.org/regio", "sanne")
    assert (loaded.sync_auto, loaded.sync_interval_minutes) == (False, 15)
    loaded.set_sync_setup(store, None)
    assert loaded.sync_setup_for(store) is None


def test_bad_sync_settings_give_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "sync_roots": {"x": {"root": ""}, "y": "nonsense", "z": {"root": "/r"}},
                "sync_auto": "yes",
                "sync_interval_minutes": 0,
            }
        ),
        encoding="utf-8",
    )
    loaded = load_settings(path)
    assert loaded.sync_roots == {"z": SyncSetup("/r", "")}
    assert loaded.sync_auto is True
    assert loaded.sync_interval_minutes == 10
