"""What is wrong with a preference file: every problem with its line, and that nothing of the
file was imported.  The clerk fixes the file and imports it again."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from regiodesk.i18n import _, ngettext
from regiodesk.region_day_csv import PreferenceFileError


class ImportProblemsDialog(QDialog):
    def __init__(
        self, error: PreferenceFileError, file_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("The preference file was not imported"))
        self.resize(640, 360)
        count = len(error.problems)
        summary = QLabel(
            ngettext(
                "{file} has {count} problem; nothing of it was imported. Correct the file and "
                "import it again.",
                "{file} has {count} problems; nothing of it was imported. Correct the file and "
                "import it again.",
                count,
            ).format(file=file_name, count=count)
        )
        summary.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setAccessibleName(_("Problems of the file"))
        self.problems.setWordWrap(True)
        self.problems.addItems([problem.message() for problem in error.problems])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(buttons)
