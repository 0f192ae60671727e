"""Garbage collection on the GUI thread only.

Python's collector runs on whichever thread happens to allocate.  If it runs on the database
worker and frees a Qt object (a parentless dialog, a widget in a reference cycle), Qt deletes it
off the GUI thread and the program crashes.  So automatic collection is switched off and the GUI
thread collects, generation by generation, on a timer, with CPython's own thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 250


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect)
        self.timer.start(INTERVAL_MS)

    def collect(self) -> None:
        counts = gc.get_count()
        generation = -1
        for index in range(3):
            if counts[index] > self.thresholds[index]:
                generation = index
        if generation >= 0:
            gc.collect(generation)


def collect_on_gui_thread() -> None:
    """Install the collector once per application (call on the GUI thread)."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("make the QApplication first")
    if app.findChild(GuiThreadCollector) is None:
        GuiThreadCollector(app)
