"""Where RegioDesk keeps its files, following each platform's conventions (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "RegioDesk"
STORE_ENV = "REGIODESK_STORE"
STORE_FILENAME = "regiodesk.sqlite"

_dirs = PlatformDirs(APP_NAME, appauthor=False, roaming=False)


def data_dir() -> Path:
    override = os.environ.get("REGIODESK_DATA_DIR")
    return Path(override) if override else Path(_dirs.user_data_dir)


def config_dir() -> Path:
    override = os.environ.get("REGIODESK_CONFIG_DIR")
    return Path(override) if override else Path(_dirs.user_config_dir)


def log_dir() -> Path:
    override = os.environ.get("REGIODESK_LOG_DIR")
    return Path(override) if override else Path(_dirs.user_log_dir)


def default_store_path() -> Path:
    """The store to open when none is given: ``$REGIODESK_STORE``, else the user's data folder."""
    override = os.environ.get(STORE_ENV)
    return Path(override) if override else data_dir() / STORE_FILENAME


def blob_dir(store_path: Path) -> Path:
    """Documents of a store live beside it, named by content hash (never inside a sync root)."""
    return store_path.with_name(store_path.name + ".blobs")
