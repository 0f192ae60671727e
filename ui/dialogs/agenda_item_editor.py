"""Add an agenda item, or change one: kind, title, proposal, rapporteur, planned minutes and
whether it is confidential.  The core's refusals show under the form; the dialog stays open."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from regiodesk.commands.agenda import ItemSpec, add_agenda_item, update_agenda_item
from regiodesk.i18n import _
from regiodesk.model.enums import ItemKind
from regiodesk.queries.agenda import AgendaRow, MeetingHeader, PersonChoice, people_of_pfo
from regiodesk.store import Store
from ui.context import AppContext
from ui.widgets.error_label import ErrorLabel
from ui.widgets.lifetime import guarded

MAX_MINUTES = 600


class AgendaItemEditorDialog(QDialog):
    """A new item on ``meeting``'s agenda, or a change to ``item``.  Emits ``saved`` with the
    item's id once the store holds it."""

    saved = Signal(str)

    def __init__(
        self,
        context: AppContext,
        meeting: MeetingHeader,
        item: AgendaRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.meeting = meeting
        self.item = item
        self.setWindowTitle(_("Change agenda item") if item else _("New agenda item"))
        self.setMinimumWidth(520)

        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Kind"))
        for kind in ItemKind:
            self.kind.addItem(kind.label, kind.value)
        self.kind.setCurrentIndex(
            self.kind.findData((item.kind if item else ItemKind.DISCUSSION).value)
        )
        self.title_edit = QLineEdit(item.title if item else "")
        self.title_edit.setAccessibleName(_("Title"))
        self.proposal = QPlainTextEdit(item.proposal if item else "")
        self.proposal.setAccessibleName(_("Proposal"))
        self.proposal.setTabChangesFocus(True)
        self.proposal.setPlaceholderText(_("What the PFO is asked to do or know"))
        self.rapporteur = QComboBox()
        self.rapporteur.setAccessibleName(_("Rapporteur"))
        self.rapporteur.addItem(_("(nobody)"), None)
        if item and item.rapporteur_id:
            self.rapporteur.addItem(item.rapporteur_name, item.rapporteur_id)
            self.rapporteur.setCurrentIndex(1)
        self.minutes = QSpinBox()
        self.minutes.setAccessibleName(_("Planned minutes"))
        self.minutes.setRange(0, MAX_MINUTES)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(_(" min"))
        self.minutes.setValue(item.planned_minutes if item else 10)
        self.confidential = QCheckBox(_("C&onfidential (left out of the public decision list)"))
        self.confidential.setChecked(bool(item and item.confidential))
        self.error = ErrorLabel()

        form = QFormLayout()
        form.addRow(_("&Kind:"), self.kind)
        form.addRow(_("&Title:"), self.title_edit)
        form.addRow(_("&Proposal:"), self.proposal)
        form.addRow(_("&Rapporteur:"), self.rapporteur)
        form.addRow(_("Planned &minutes:"), self.minutes)
        form.addRow("", self.confidential)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Save") if item else _("Add to the agenda"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.title_edit.setFocus()

        pfo_id, on = meeting.pfo_id, meeting.starts_at.date()
        context.worker.query(
            lambda store: people_of_pfo(store, pfo_id, on),
            guarded(self, self._show_people),
            guarded(self, self.error.show_error),
        )

    def _show_people(self, people: list[PersonChoice]) -> None:
        wanted = self.rapporteur.currentData()
        while self.rapporteur.count() > 1:
            self.rapporteur.removeItem(1)
        for person in people:
            label = f"{person.name} ({person.detail})" if person.detail else person.name
            self.rapporteur.addItem(label, person.id)
        if wanted and self.rapporteur.findData(wanted) < 0 and self.item:
            self.rapporteur.addItem(self.item.rapporteur_name, wanted)
        self.rapporteur.setCurrentIndex(max(0, self.rapporteur.findData(wanted)))

    def values(self) -> dict[str, Any]:
        return {
            "kind": ItemKind(self.kind.currentData()),
            "title": self.title_edit.text().strip(),
            "proposal": self.proposal.toPlainText().strip(),
            "rapporteur_id": self.rapporteur.currentData(),
            "planned_minutes": self.minutes.value(),
            "confidential": self.confidential.isChecked(),
        }

    def submit(self) -> None:
        self.error.clear_error()
        values = self.values()
        actor, meeting_id, item = self.context.actor, self.meeting.id, self.item
        if item is None:
            label = _("Add agenda item")

            def work(store: Store) -> str:
                return add_agenda_item(store, actor, meeting_id, ItemSpec(**values))

        else:
            current = {
                "kind": item.kind,
                "title": item.title,
                "proposal": item.proposal,
                "rapporteur_id": item.rapporteur_id,
                "planned_minutes": item.planned_minutes,
                "confidential": item.confidential,
            }
            changed = {key: value for key, value in values.items() if value != current[key]}
            if not changed:
                self.accept()
                return
            label = _("Change agenda item")

            def work(store: Store) -> str:
                update_agenda_item(store, actor, item.id, **changed)
                return item.id

        self.ok_button.setEnabled(False)
        self.context.command(work, label, guarded(self, self._saved), guarded(self, self._refused))

    def _saved(self, item_id: str) -> None:
        self.saved.emit(item_id)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.error.show_error(error)
