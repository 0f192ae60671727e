"""Saving meetings as an iCalendar file: ask where, write it on the worker, say where it went.

Used by the meeting page (one meeting) and the meetings page (a PFO's year).  The file is made by
``regiodesk.calendar_export``; this module only asks for the path and reports.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from regiodesk.calendar_export import Calendar, write_calendar
from regiodesk.i18n import _, ngettext
from regiodesk.queries.agenda import safe_filename
from regiodesk.store import Store
from ui.context import AppContext
from ui.widgets.error_label import ErrorLabel
from ui.widgets.lifetime import guarded

#: The folder the user last saved a calendar file in.
FOLDER_KEY = "calendar_folder"


def export_to_calendar(
    context: AppContext,
    parent: QWidget,
    name: str,
    make: Callable[[Store], Calendar],
    error: ErrorLabel,
) -> bool:
    """Ask for a file (suggesting ``name``.ics), then write the calendar that ``make`` reads
    from the store, on the worker; the status bar says where it went, ``error`` what failed.
    Returns whether the user chose a file."""
    folder = Path(context.settings.ui_state.get(FOLDER_KEY) or Path.home())
    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        _("Export to calendar"),
        str(folder / f"{safe_filename(name)}.ics"),
        _("iCalendar files (*.ics)"),
    )
    if not chosen:
        return False
    target = Path(chosen)
    if target.suffix.lower() != ".ics":
        target = target.with_name(f"{target.name}.ics")
    context.settings.ui_state[FOLDER_KEY] = str(target.parent)

    def write(store: Store) -> int:
        calendar = make(store)
        write_calendar(calendar, target)
        return len(calendar.meetings)

    def done(count: int) -> None:
        context.status.emit(
            ngettext(
                "{count} meeting exported to {path}", "{count} meetings exported to {path}", count
            ).format(count=count, path=target)
        )

    error.clear_error()
    context.worker.query(write, guarded(parent, done), guarded(parent, error.show_error))
    return True
