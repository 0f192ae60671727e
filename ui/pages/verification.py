"""Verify a signed PDF: choose a file (or drop it on the page) and read, in words a chair
understands, who signed it, when, whether it changed since, whether the certificates are trusted
here, and whether it still says what the decision list in the store says.

The check runs on the worker (reading, parsing and validating a PDF takes a moment); the core
decides everything, the page only puts it in words and icons.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from regiodesk.errors import InvalidInput
from regiodesk.i18n import _, format_datetime, ngettext
from regiodesk.store import Store
from ui.context import AppContext
from ui.models.agenda_model import local_files
from ui.pages.base import Page
from ui.widgets.error_label import ErrorLabel
from ui.widgets.icons import section_heading

if TYPE_CHECKING:  # the signing modules load cryptography: only when a file is checked
    from regiodesk.decision_list.signatures import ListVerification
    from regiodesk.signing.verification import SignatureReport

FOLDER_KEY = "verify_folder"
ICON_SIZE = 32


class Tone(enum.Enum):
    GOOD = "good"
    WARNING = "warning"
    BAD = "bad"


ICONS = {
    Tone.GOOD: QStyle.StandardPixmap.SP_DialogApplyButton,
    Tone.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
    Tone.BAD: QStyle.StandardPixmap.SP_MessageBoxCritical,
}


def check_file(store: Store, path: Path) -> ListVerification:
    """Read and verify a file (on the worker)."""
    from regiodesk.decision_list.signatures import verify_decision_list

    try:
        data = path.read_bytes()
    except OSError as error:
        raise InvalidInput(field=str(path), reason=error.strerror or str(error)) from None
    return verify_decision_list(store, data, str(path))


def _changed(report: SignatureReport) -> bool:
    from regiodesk.signing.verification import Integrity

    return not report.intact or report.integrity in (Integrity.BROKEN, Integrity.CHANGED)


def overall(result: ListVerification) -> tuple[Tone, str]:
    """The one line at the top: what the reader may conclude, and how sure."""
    reports = result.signatures
    if not reports:
        return Tone.WARNING, _("This PDF carries no signatures.")
    if any(_changed(report) for report in reports):
        return Tone.BAD, _(
            "The document was changed after it was signed. Do not rely on this copy; ask for "
            "the original."
        )
    if not all(report.valid for report in reports):
        return Tone.BAD, _("Not every signature is valid. Do not rely on this document.")
    if not all(report.trusted for report in reports):
        return Tone.WARNING, _(
            "The document has not changed since it was signed, but not every certificate comes "
            "from an issuer this device trusts."
        )
    if result.content_matches is False:
        return Tone.WARNING, _(
            "The signatures are valid, but the decision list in the store no longer says what "
            "this file says."
        )
    if result.complete:
        if result.superseded_by is not None:
            return Tone.WARNING, _(
                "Two valid signatures, but a later version ({version}) of this decision list "
                "exists."
            ).format(version=result.superseded_by)
        return Tone.GOOD, _("Two valid signatures; the document has not changed since.")
    if result.marker is not None and [report.field for report in reports] == ["chair"]:
        return Tone.WARNING, _(
            "Signed by the chair; the document has not changed since. The secretary has not "
            "signed yet."
        )
    count = len(reports)
    return Tone.GOOD, ngettext(
        "{count} valid signature; the document has not changed since.",
        "{count} valid signatures; the document has not changed since.",
        count,
    ).format(count=count)


def role_name(field: str) -> str:
    return {"chair": _("Chair"), "secretary": _("Secretary")}.get(field, field)


def further_findings(result: ListVerification) -> list[str]:
    """The findings after the signatures' own verdicts (those are shown with each signature)."""
    lines = result.findings()
    return lines[len(result.signatures) :] if result.signatures else lines[1:]


def _tone(report: SignatureReport) -> Tone:
    if _changed(report) or not report.valid:
        return Tone.BAD
    return Tone.GOOD if report.ok else Tone.WARNING


class VerificationPage(Page):
    key = "verify"
    #: A newly trusted or withdrawn root, or a list signed or corrected, changes the verdict.
    watches = ("signing_authority", "decision_list")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.path: Path | None = None
        self.result: ListVerification | None = None
        self._ticket = 0
        self.setAcceptDrops(True)

        heading = QLabel(_("Verify signatures"))
        heading.setObjectName("pageHeading")
        intro = QLabel(
            _(
                "Choose a signed decision list (PDF), or drop the file on this page. RegioDesk "
                "checks who signed it and when, whether it changed since, whether the "
                "certificates are trusted, and whether it matches the decision list in the store."
            )
        )
        intro.setWordWrap(True)
        self.choose_button = QPushButton(_("&Choose a PDF…"))
        self.choose_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon))
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label = QLabel()
        self.file_label.setAccessibleName(_("File"))
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        choose_row = QHBoxLayout()
        choose_row.addWidget(self.choose_button)
        choose_row.addWidget(self.file_label, 1)

        self.error = ErrorLabel()
        self.summary_icon = QLabel()
        self.summary_icon.setFixedSize(ICON_SIZE, ICON_SIZE)
        self.summary = QLabel()
        self.summary.setObjectName("verificationSummary")
        self.summary.setAccessibleName(_("Result"))
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.summary.setFont(font)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary_icon, 0, Qt.AlignmentFlag.AlignTop)
        summary_row.addWidget(self.summary, 1)

        self.details = QWidget()
        self.details_layout = QVBoxLayout(self.details)
        self.details_layout.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.details)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(choose_row)
        layout.addLayout(summary_row)
        layout.addWidget(self.error)
        layout.addWidget(self.scroll_area, 1)
        self._show_nothing()

    def title(self) -> str:
        return _("Verify signatures")

    # Choosing a file --------------------------------------------------------------------------

    def choose_file(self) -> None:
        folder = self.context.settings.ui_state.get(FOLDER_KEY, "")
        name, _chosen = QFileDialog.getOpenFileName(
            self, _("Choose a signed PDF"), folder, _("PDF files (*.pdf);;All files (*)")
        )
        if name:
            self.context.settings.ui_state[FOLDER_KEY] = str(Path(name).parent)
            self.verify(Path(name))

    def verify(self, path: Path) -> None:
        self.path = path
        self.reload()

    def show_target(self, target: Any) -> None:
        """``target``: a file to verify (a path), or None to keep what the page shows."""
        if isinstance(target, str | Path):
            self.path = Path(target)
        super().show_target(target)

    def _offer(self, event: QDragEnterEvent | QDragMoveEvent) -> None:
        if local_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt)
        self._offer(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 (Qt)
        self._offer(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt)
        paths = local_files(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.verify(paths[0])

    # Checking ---------------------------------------------------------------------------------

    def reload(self) -> None:
        path = self.path
        if path is None:
            self._show_nothing()
            return
        self._ticket += 1
        ticket = self._ticket
        self.error.clear_error()
        self.file_label.setText(path.name)
        self.file_label.setToolTip(str(path))
        self._set_summary(None, _("Checking {name}…").format(name=path.name))
        self._clear_details()
        self.context.worker.query(
            lambda store: check_file(store, path),
            lambda result: self._show(ticket, result),
            lambda error: self._failed(ticket, error),
        )

    def _show_nothing(self) -> None:
        self.result = None
        self.file_label.setText(_("No file chosen yet."))
        self.file_label.setToolTip("")
        self._set_summary(None, "")
        self._clear_details()

    def _failed(self, ticket: int, error: BaseException) -> None:
        if ticket != self._ticket:
            return
        self.result = None
        self._set_summary(Tone.BAD, _("This file cannot be checked."))
        self.error.show_error(error)

    def _show(self, ticket: int, result: ListVerification) -> None:
        if ticket != self._ticket:
            return  # another file was chosen meanwhile
        self.result = result
        self.error.clear_error()
        self._set_summary(*overall(result))
        self._clear_details()
        for number, report in enumerate(result.signatures, start=1):
            self.details_layout.addWidget(self._signature_block(number, report))
        findings = further_findings(result)
        if findings:
            self.details_layout.addWidget(section_heading(_("Further findings")))
            for line in findings:
                label = QLabel("•  " + line)
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.details_layout.addWidget(label)
        self.details_layout.addStretch(1)
        self.context.status.emit(self.summary.text())

    # Widgets ----------------------------------------------------------------------------------

    def _icon(self, tone: Tone, size: int) -> Any:
        return self.style().standardIcon(ICONS[tone]).pixmap(size, size)

    def _set_summary(self, tone: Tone | None, text: str) -> None:
        self.summary.setText(text)
        if tone is None:
            self.summary_icon.clear()
            self.summary_icon.setAccessibleName("")
        else:
            self.summary_icon.setPixmap(self._icon(tone, ICON_SIZE))
            self.summary_icon.setAccessibleName(tone.value)

    def _clear_details(self) -> None:
        while self.details_layout.count():
            item = self.details_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone from the screen now, deleted when the loop comes round
                widget.deleteLater()

    def _signature_block(self, number: int, report: SignatureReport) -> QFrame:
        block = QFrame()
        block.setObjectName("signatureBlock")
        block.setFrameShape(QFrame.Shape.StyledPanel)
        block.setAccessibleName(
            _("Signature {number}: {role}").format(number=number, role=role_name(report.field))
        )
        icon = QLabel()
        icon.setPixmap(self._icon(_tone(report), 24))
        icon.setFixedSize(24, 24)
        title = QLabel(
            _("Signature {number}: {role}").format(number=number, role=role_name(report.field))
        )
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        header = QHBoxLayout()
        header.addWidget(icon)
        header.addWidget(title, 1)
        verdict = QLabel(report.verdict())
        verdict.setObjectName("verdict")
        verdict.setWordWrap(True)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        signer = report.signer or _("unknown")
        if report.organisation:
            signer = f"{signer} ({report.organisation})"
        rows = [
            (_("Signed by:"), signer),
            (
                _("Signed at:"),
                format_datetime(report.signed_at) if report.signed_at else _("unknown"),
            ),
            (_("Time stamp:"), self._timestamp_text(report)),
            (_("Level:"), self._level_text(report.level)),
            (_("Trusted certificate:"), _("yes") if report.trusted else _("no")),
            (_("Covers:"), report.coverage()),
        ]
        if report.reason:
            rows.append((_("Reason:"), report.reason))
        if report.location:
            rows.append((_("Location:"), report.location))
        for caption, value in rows:
            label = QLabel(value)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setAccessibleName(caption.rstrip(":"))
            form.addRow(caption, label)

        layout = QVBoxLayout(block)
        layout.addLayout(header)
        layout.addWidget(verdict)
        layout.addLayout(form)
        return block

    @staticmethod
    def _timestamp_text(report: SignatureReport) -> str:
        if report.timestamp is None:
            return _("none (the time comes from the signer's computer)")
        when = format_datetime(report.timestamp)
        if report.timestamp_valid:
            return _("{when}, from a time-stamp service").format(when=when)
        return _("{when}, but the time stamp cannot be checked").format(when=when)

    @staticmethod
    def _level_text(level: str) -> str:
        if level == "B-T":
            return _("PAdES B-T (with a time stamp)")
        if level == "B-B":
            return _("PAdES B-B (without a time stamp)")
        return level
