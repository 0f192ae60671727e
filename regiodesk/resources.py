"""Where the files in ``resources/`` are, from a source tree, an installed wheel or a frozen app."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    """``resources/`` beside the packages: in the source tree, or in a frozen app's folder (its
    ``_internal`` folder, PyInstaller's ``sys._MEIPASS``; else the program's own folder)."""
    if getattr(sys, "frozen", False):
        frozen_root = getattr(sys, "_MEIPASS", None) or Path(sys.executable).resolve().parent
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)
