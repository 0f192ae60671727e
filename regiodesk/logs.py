"""Logging to a rotating file in the platform's log folder (BIO: who did what, never a secret)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from regiodesk.store.paths import log_dir

LOG_NAME = "regiodesk.log"


def log_path() -> Path:
    return log_dir() / LOG_NAME


def setup_logging(level: int = logging.INFO) -> Path:
    """Log to ``<log folder>/regiodesk.log`` (5 files of 2 MB).  Returns the file's path."""
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    )
    root = logging.getLogger()
    root.setLevel(level)
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        root.addHandler(handler)
    else:
        handler.close()
    return path
