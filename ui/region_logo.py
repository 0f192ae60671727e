"""The region's logo for decision lists, from the user's settings (None: the name is shown)."""

from __future__ import annotations

from pathlib import Path

from regiodesk.settings import Settings


def region_logo(settings: Settings) -> bytes | None:
    path = str(getattr(settings, "logo_path", "") or "")
    if not path:
        return None
    try:
        return Path(path).read_bytes()
    except OSError:
        return None
