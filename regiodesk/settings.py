"""The user's settings: who they are per store, language, recent stores, window state.

Kept as JSON in the platform's config folder (platformdirs), written atomically.  Never a secret:
passwords and keys live in the OS keyring only.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from regiodesk.errors import InvalidInput
from regiodesk.files import write_atomically
from regiodesk.i18n import DEFAULT_LANGUAGE, LANGUAGES, _
from regiodesk.store.paths import config_dir

log = logging.getLogger(__name__)
MAX_RECENT = 8


@dataclass
class Identity:
    """Who uses a store on this device."""

    person_id: str
    municipality_id: str | None
    device_name: str


@dataclass
class SyncSetup:
    """Where a store syncs: a folder path or an https URL (WebDAV), and the WebDAV user name."""

    root: str
    username: str = ""


@dataclass
class Settings:
    language: str = DEFAULT_LANGUAGE
    last_store: str | None = None
    recent_stores: list[str] = field(default_factory=list)
    #: store path -> identity
    identities: dict[str, Identity] = field(default_factory=dict)
    #: free-form UI state (window geometry as base64 text, splitter sizes, ...)
    ui_state: dict[str, str] = field(default_factory=dict)
    #: An RFC 3161 time-stamp service for signatures (empty: none, so PAdES B-B).
    timestamp_url: str = ""
    #: The region's logo (PNG or JPEG) on decision lists (empty: none).
    logo_path: str = ""
    #: store path -> its sync root (a folder path or a WebDAV URL) and WebDAV user name; the
    #: password lives in the OS keyring only.
    sync_roots: dict[str, SyncSetup] = field(default_factory=dict)
    #: Sync by itself: at start, every ``sync_interval_minutes``, after a save.
    sync_auto: bool = True
    sync_interval_minutes: int = 10

    def identity_for(self, store_path: Path) -> Identity | None:
        return self.identities.get(str(store_path.resolve()))

    def set_identity(self, store_path: Path, identity: Identity) -> None:
        self.identities[str(store_path.resolve())] = identity

    def sync_setup_for(self, store_path: Path) -> SyncSetup | None:
        return self.sync_roots.get(str(store_path.resolve()))

    def set_sync_setup(self, store_path: Path, setup: SyncSetup | None) -> None:
        if setup is None:
            self.sync_roots.pop(str(store_path.resolve()), None)
        else:
            self.sync_roots[str(store_path.resolve())] = setup

    def remember_store(self, store_path: Path) -> None:
        key = str(store_path.resolve())
        self.last_store = key
        self.recent_stores = [key, *[p for p in self.recent_stores if p != key]][:MAX_RECENT]


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings; a missing or unreadable file gives the defaults (and is logged)."""
    path = path or settings_path()
    try:
        raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as error:
        log.warning("settings %s unreadable (%s); using defaults", path, error)
        return Settings()
    settings = Settings()
    language = raw.get("language")
    if language in LANGUAGES:
        settings.language = language
    if isinstance(raw.get("last_store"), str):
        settings.last_store = raw["last_store"]
    settings.recent_stores = [p for p in raw.get("recent_stores", []) if isinstance(p, str)]
    for key, value in (raw.get("identities") or {}).items():
        try:
            settings.identities[key] = Identity(
                person_id=str(value["person_id"]),
                municipality_id=value.get("municipality_id"),
                device_name=str(value.get("device_name", "")),
            )
        except (KeyError, TypeError):
            log.warning("settings: identity for %s ignored (incomplete)", key)
    settings.ui_state = {k: v for k, v in (raw.get("ui_state") or {}).items() if isinstance(v, str)}
    for name in ("timestamp_url", "logo_path"):
        if isinstance(raw.get(name), str):
            setattr(settings, name, raw[name].strip())
    for key, value in (raw.get("sync_roots") or {}).items():
        if isinstance(value, dict) and isinstance(value.get("root"), str) and value["root"]:
            settings.sync_roots[key] = SyncSetup(value["root"], str(value.get("username") or ""))
    if isinstance(raw.get("sync_auto"), bool):
        settings.sync_auto = raw["sync_auto"]
    interval = raw.get("sync_interval_minutes")
    if isinstance(interval, int) and not isinstance(interval, bool) and 1 <= interval <= 1440:
        settings.sync_interval_minutes = interval
    return settings


def check_timestamp_url(url: str) -> str:
    """The time-stamp service's address, trimmed; empty is allowed (no time stamp)."""
    from urllib.parse import urlsplit

    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
        raise InvalidInput(
            field=_("time-stamp service"),
            reason=_("give a web address that starts with http:// or https://"),
        )
    return url


#: The first bytes of the image files a decision list can carry.
IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


def check_logo(path: str) -> str:
    """The logo's path, trimmed, when it is a readable PNG or JPEG file; empty is allowed."""
    path = path.strip()
    if not path:
        return ""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except IsADirectoryError:
        raise InvalidInput(
            field=_("logo"), reason=_("this is a folder; choose an image file")
        ) from None
    except OSError as error:
        raise InvalidInput(field=_("logo"), reason=error.strerror or str(error)) from None
    if not any(head.startswith(magic) for magic in IMAGE_SIGNATURES):
        raise InvalidInput(field=_("logo"), reason=_("not a PNG or JPEG image"))
    return path


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings whole or not at all (``regiodesk.files.write_atomically``)."""
    data = json.dumps(asdict(settings), indent=2, ensure_ascii=False)
    write_atomically(path or settings_path(), data.encode("utf-8"))
