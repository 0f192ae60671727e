"""Screenshots of every page, for looking at what we built (not a test).

    .venv/bin/python tools/screenshots.py --store STORE --out FOLDER [--size 1366x768 ...]

Runs the real main window offscreen (or on $DISPLAY under Xvfb when QT_QPA_PLATFORM=xcb) as the
store's demo persona (or --person), visits each page and saves one PNG per page and size.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--size", action="append", default=[])
    parser.add_argument("--person")
    parser.add_argument("--lang", default="nl")
    parser.add_argument("--page", action="append", default=[], help="key[=target]")
    arguments = parser.parse_args()
    sizes = arguments.size or ["1366x768", "1920x1080"]

    from PySide6.QtWidgets import QApplication

    from regiodesk.i18n import set_language
    from regiodesk.settings import Identity, Settings
    from regiodesk.store import Store
    from ui.context import AppContext
    from ui.main_window import MainWindow
    from ui.style import apply_style
    from ui.worker import DbWorker

    set_language(arguments.lang)
    with Store.open(arguments.store) as store:
        person = arguments.person or store.meta("demo_persona")
        municipality = store.scalar("SELECT municipality_id FROM person WHERE id = ?", (person,))
    app = QApplication.instance() or QApplication([])
    apply_style(app)  # type: ignore[arg-type]
    worker = DbWorker()
    worker.open(arguments.store)
    context = AppContext(
        worker, Settings(), arguments.store, Identity(person, municipality, "screens")
    )
    window = MainWindow(context)
    window.show()
    arguments.out.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            app.processEvents()
            if worker.idle:
                for _ in range(5):
                    app.processEvents()
                    time.sleep(0.02)
                if worker.idle:
                    return
            time.sleep(0.02)

    targets = [p.split("=", 1) for p in arguments.page] or [[key] for key in window.pages]
    for size in sizes:
        width, height = (int(n) for n in size.split("x"))
        window.resize(width, height)
        for spec in targets:
            key, target = spec[0], (spec[1] if len(spec) > 1 else None)
            window.show_page(key, target)
            settle()
            name = arguments.out / f"{key}-{size}.png"
            window.grab().save(str(name))
            print(name)
    worker.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
