"""Conflicts: two people changed the same text at the same time on different devices.  Both
versions are kept; this page shows them side by side, and the user keeps one, the other, or a
merge of the two.  The choice is itself a change that syncs, so every device ends the same.

The navigation pane shows the number of open conflicts (``badge_changed``), kept up to date
whenever a write or a sync touches them, whether the page is shown or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from regiodesk.changelog.writer import Changes
from regiodesk.errors import RegioDeskError
from regiodesk.i18n import _, format_datetime, ngettext
from regiodesk.ids import short_id
from regiodesk.permissions import Actor
from regiodesk.queries.sync import ConflictView, Version, open_conflict_count, open_conflicts
from regiodesk.store import Store
from ui.context import AppContext
from ui.pages.base import Page
from ui.widgets.error_label import ErrorLabel
from ui.widgets.icons import section_heading

#: The tables whose text a conflict may be about (their changes may change what is shown now).
TEXT_TABLES = (
    "meeting",
    "agenda_item",
    "document",
    "position",
    "decision",
    "action",
    "council_follow_up",
    "initiative",
    "nomination",
    "appointment",
)


@dataclass(frozen=True)
class OpenConflict:
    view: ConflictView
    #: Why this user may not resolve it (None: they may).
    refusal: str | None


def load_conflicts(store: Store, actor: Actor) -> list[OpenConflict]:
    from regiodesk.commands.conflicts import check_may_resolve

    found: list[OpenConflict] = []
    for view in open_conflicts(store):
        refusal: str | None = None
        try:
            check_may_resolve(store, actor, view.entity, view.entity_id)
        except RegioDeskError as error:
            refusal = error.message()
        found.append(OpenConflict(view, refusal))
    return found


def version_heading(version: Version) -> str:
    """Who wrote a version, on which device, and when."""
    who = version.author or _("someone")
    when = format_datetime(version.written_at, "short") if version.written_at else ""
    device = version.device_name or short_id(version.device_id)
    if device and when:
        return _("{person}, on {device}, {when}").format(person=who, device=device, when=when)
    if when:
        return _("{person}, {when}").format(person=who, when=when)
    return who


def conflict_title(view: ConflictView) -> str:
    return _("{what}: {field}").format(what=view.place.what, field=view.field_label)


def conflict_place(view: ConflictView) -> str:
    parts = [part for part in (view.place.meeting, view.place.agenda_item) if part]
    return " · ".join(parts)


class VersionPanel(QGroupBox):
    """One version: who wrote it, the text, and "Keep this version"."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.author = QLabel()
        self.author.setWordWrap(True)
        self.author.setAccessibleName(_("Written by"))
        # Two lines always, so that both versions' texts start at the same height.
        self.author.setMinimumHeight(2 * self.author.fontMetrics().lineSpacing())
        self.author.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.shown = QLabel(_("Shown now"))
        self.shown.setObjectName("shownNow")
        self.shown.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName(title)
        self.keep = QPushButton(_("Keep this version"))
        self.keep.setAccessibleName(_("Keep {version}").format(version=title))
        top = QHBoxLayout()
        top.addWidget(self.author, 1)
        top.addWidget(self.shown, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.keep, 0, Qt.AlignmentFlag.AlignRight)

    def show_version(self, version: Version, current: str) -> None:
        self.author.setText(version_heading(version))
        self.text.setPlainText(version.value)
        self.shown.setVisible(version.value == current)


class ConflictsPage(Page):
    key = "conflicts"
    watches = ("sync_conflict", *TEXT_TABLES)
    #: The number of open conflicts changed (the navigation pane shows it).
    badge_changed = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.conflicts: list[OpenConflict] = []
        self.count = 0
        heading = QLabel(_("Conflicts"))
        heading.setObjectName("pageHeading")
        intro = QLabel(
            _(
                "Two people changed the same text at the same time, on different devices. Both "
                "versions are kept. Keep one of them, or merge them into one text; your choice "
                "reaches every device at the next sync."
            )
        )
        intro.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setAccessibleName(_("Summary"))

        self.list = QListWidget()
        self.list.setAccessibleName(_("Open conflicts"))
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.currentRowChanged.connect(self._show_current)

        self.detail = self._make_detail()
        self.empty = QLabel(
            _(
                "No open conflicts. When two people change the same text at the same time on "
                "different devices, both versions wait here for someone to choose."
            )
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setAccessibleName(_("No conflicts"))

        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.list)
        self.split.addWidget(self.detail)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 3)
        self.split.setSizes([280, 840])

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.summary)
        layout.addWidget(self.empty)
        layout.addWidget(self.split, 1)
        self._show_list()
        self.refresh_count()

    def title(self) -> str:
        return _("Conflicts")

    # Widgets ----------------------------------------------------------------------------------

    def _make_detail(self) -> QWidget:
        detail = QWidget()
        self.where = QLabel()
        self.where.setObjectName("conflictTitle")
        font = self.where.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.where.setFont(font)
        self.where.setWordWrap(True)
        self.where.setAccessibleName(_("Conflict"))
        self.place = QLabel()
        self.place.setWordWrap(True)
        self.place.setAccessibleName(_("Where"))
        self.refusal = QLabel()
        self.refusal.setWordWrap(True)
        self.refusal.setAccessibleName(_("Why you cannot resolve this"))
        self.refusal.setStyleSheet("color: #6d4c00;")
        self.error = ErrorLabel()

        self.first = VersionPanel(_("Version 1"))
        self.second = VersionPanel(_("Version 2"))
        self.first.keep.clicked.connect(lambda: self._keep(self.first))
        self.second.keep.clicked.connect(lambda: self._keep(self.second))
        versions = QHBoxLayout()
        versions.addWidget(self.first, 1)
        versions.addWidget(self.second, 1)

        self.merge_button = QPushButton(_("&Merge…"))
        self.merge_button.setToolTip(_("Write one text from both versions"))
        self.merge_button.clicked.connect(self._start_merge)
        self.merge_box = self._make_merge()

        merge_row = QHBoxLayout()
        merge_row.addStretch(1)
        merge_row.addWidget(self.merge_button)

        layout = QVBoxLayout(detail)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.where)
        layout.addWidget(self.place)
        layout.addWidget(self.refusal)
        layout.addWidget(self.error)
        layout.addLayout(versions, 2)
        layout.addLayout(merge_row)
        layout.addWidget(self.merge_box, 1)
        return detail

    def _make_merge(self) -> QFrame:
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        merge_label = section_heading(_("Merged text"))
        self.merge_editor = QPlainTextEdit()
        self.merge_editor.setAccessibleName(_("Merged text"))
        merge_label.setBuddy(self.merge_editor)
        self.save_merge = QPushButton(_("&Save merged text"))
        self.save_merge.clicked.connect(self._save_merge)
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(lambda: box.setVisible(False))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_merge)
        merge_layout = QVBoxLayout(box)
        merge_layout.addWidget(merge_label)
        merge_layout.addWidget(self.merge_editor, 1)
        merge_layout.addLayout(buttons)
        box.setVisible(False)
        return box

    # Loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        actor = self.context.actor
        self.context.worker.query(
            lambda store: load_conflicts(store, actor), self._show, self.error.show_error
        )

    def refresh_count(self) -> None:
        self.context.worker.query(open_conflict_count, self._set_count)

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches("sync_conflict"):
            self.refresh_count()
        super()._on_changes(changes)

    def _set_count(self, count: int) -> None:
        if count != self.count:
            self.count = count
            self.badge_changed.emit(count)

    def _show(self, conflicts: list[OpenConflict]) -> None:
        current = self.current()
        keep = current.view.id if current else None
        position = max(self.list.currentRow(), 0)
        self.conflicts = conflicts
        self._set_count(len(conflicts))
        self.list.blockSignals(True)
        self.list.clear()
        for found in conflicts:
            view = found.view
            item = QListWidgetItem(f"{conflict_title(view)}\n{conflict_place(view)}".strip())
            item.setData(Qt.ItemDataRole.UserRole, view.id)
            item.setToolTip(conflict_place(view))
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._show_list()
        if conflicts:
            rows = [row for row, found in enumerate(conflicts) if found.view.id == keep]
            self.list.setCurrentRow(rows[0] if rows else min(position, len(conflicts) - 1))
            self._show_current()

    def _show_list(self) -> None:
        count = len(self.conflicts)
        self.empty.setVisible(count == 0)
        self.split.setVisible(count > 0)
        self.summary.setVisible(count > 0)
        self.summary.setText(
            ngettext("{count} open conflict", "{count} open conflicts", count).format(count=count)
        )

    def current(self) -> OpenConflict | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _show_current(self, *_args: Any) -> None:
        found = self.current()
        self.error.clear_error()
        self.merge_box.setVisible(False)
        if found is None:
            return
        view = found.view
        self.where.setText(conflict_title(view))
        place = conflict_place(view)
        self.place.setText(
            _("{place} · found {when}").format(
                place=place, when=format_datetime(view.found_at, "short")
            )
            if place
            else _("Found {when}").format(when=format_datetime(view.found_at, "short"))
        )
        self.first.show_version(view.a, view.current)
        self.second.show_version(view.b, view.current)
        allowed = found.refusal is None
        self.refusal.setVisible(not allowed)
        self.refusal.setText(
            _("You cannot resolve this conflict: {reason}").format(reason=found.refusal)
            if found.refusal
            else ""
        )
        for button in (self.first.keep, self.second.keep, self.merge_button, self.save_merge):
            button.setEnabled(allowed)

    # Resolving --------------------------------------------------------------------------------

    def _keep(self, panel: VersionPanel) -> None:
        self.resolve(panel.text.toPlainText())

    def _start_merge(self) -> None:
        found = self.current()
        if found is None:
            return
        self.merge_editor.setPlainText(f"{found.view.a.value}\n\n{found.view.b.value}")
        self.merge_box.setVisible(True)
        self.merge_editor.setFocus()

    def _save_merge(self) -> None:
        self.resolve(self.merge_editor.toPlainText())

    def resolve(self, value: str) -> None:
        """Resolve the current conflict with ``value`` (on the worker; refusals in place)."""
        from regiodesk.commands.conflicts import resolve_conflict

        found = self.current()
        if found is None:
            return
        conflict_id, actor = found.view.id, self.context.actor
        self.error.clear_error()
        self.context.command(
            lambda store: resolve_conflict(store, actor, conflict_id, value),
            _("Resolve conflict"),
            lambda _changed: self.context.status.emit(_("Conflict resolved.")),
            self.error.show_error,
        )
