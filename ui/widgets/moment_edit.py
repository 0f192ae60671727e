"""Editing a moment as the wall-clock time in Amsterdam, whatever the computer's time zone."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone
from PySide6.QtWidgets import QDateTimeEdit, QWidget

from regiodesk.i18n import LOCALES, current_language
from regiodesk.timeutil import AMSTERDAM


def date_pattern() -> str:
    """The short date pattern of the current language, in Qt's notation (``dd-MM-yyyy``)."""
    from babel.dates import get_date_format

    pattern = str(get_date_format("short", locale=LOCALES[current_language()]).pattern)
    if "yyyy" not in pattern:
        pattern = pattern.replace("yy", "y").replace("y", "yyyy")
    return pattern


class MomentEdit(QDateTimeEdit):
    """A date and time; ``moment()`` is an aware datetime in Europe/Amsterdam."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The fields are Amsterdam's wall clock; a fixed zone keeps Qt from applying the
        # computer's own daylight-saving rules to them.
        self.setTimeZone(QTimeZone.utc())
        self.setCalendarPopup(True)
        self.setDisplayFormat(f"{date_pattern()} HH:mm")

    def moment(self) -> datetime:
        value = self.dateTime()
        day, time = value.date(), value.time()
        return datetime(
            day.year(), day.month(), day.day(), time.hour(), time.minute(), tzinfo=AMSTERDAM
        )

    def set_moment(self, moment: datetime) -> None:
        local = moment.astimezone(AMSTERDAM)
        self.setDateTime(
            QDateTime(
                QDate(local.year, local.month, local.day),
                QTime(local.hour, local.minute),
                QTimeZone.utc(),
            )
        )
