"""The projector view: a second top-level window, read-only and large, that follows the chair's
session page live (through signals): the meeting, the current item, the speaker, the tally and
the decision text as it is typed.

It goes full screen on a screen other than the chair's when there is one, else it is a normal
window.  When its screen is unplugged it comes back to the primary screen as a normal window.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from regiodesk.i18n import _

STYLE = """
QWidget#projector { background: #10263d; }
QLabel { color: #f4f6f8; }
QLabel#meeting { font-size: 22pt; color: #b9c7d6; }
QLabel#item { font-size: 40pt; font-weight: 700; }
QLabel#speaker { font-size: 26pt; color: #ffd866; }
QLabel#quorum { font-size: 18pt; }
QLabel#tallyCount { font-size: 34pt; font-weight: 700; }
QLabel#tallyKind { font-size: 14pt; color: #b9c7d6; }
QLabel#decision { font-size: 26pt; background: #1b3a5a; padding: 16px; border-radius: 6px; }
"""


@dataclass(frozen=True)
class ProjectorState:
    meeting: str = ""
    item: str = ""
    speaker: str = ""
    quorum: str = ""
    quorum_met: bool = True
    #: (label, count) of the five kinds, in their order; empty when the item takes no positions.
    tally: tuple[tuple[str, int], ...] = ()


class ProjectorWindow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("projector")
        self.setWindowTitle(_("RegioDesk – projector"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.state = ProjectorState()
        self.meeting = self._label("meeting")
        self.item = self._label("item")
        self.speaker = self._label("speaker")
        self.quorum = self._label("quorum")
        self.decision = self._label("decision")
        self.decision.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.tally_grid = QGridLayout()
        self.tally_counts: list[QLabel] = []
        self.tally_kinds: list[QLabel] = []
        for column in range(5):
            count, kind = self._label("tallyCount"), self._label("tallyKind")
            count.setAlignment(Qt.AlignmentFlag.AlignCenter)
            kind.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.tally_grid.addWidget(count, 0, column)
            self.tally_grid.addWidget(kind, 1, column)
            self.tally_counts.append(count)
            self.tally_kinds.append(kind)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(18)
        layout.addWidget(self.meeting)
        layout.addWidget(self.item)
        layout.addWidget(self.speaker)
        layout.addLayout(self.tally_grid)
        layout.addWidget(self.decision, 1)
        layout.addWidget(self.quorum)
        self._screen: QScreen | None = None
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenRemoved.connect(self._screen_removed)

    def _label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    # Following the chair ----------------------------------------------------------------------

    def show_state(self, state: ProjectorState) -> None:
        self.state = state
        self.meeting.setText(state.meeting)
        self.item.setText(state.item or _("No item taken up yet"))
        self.speaker.setText(
            _("Speaking: {name}").format(name=state.speaker) if state.speaker else ""
        )
        self.speaker.setVisible(bool(state.speaker))
        self.quorum.setText(state.quorum)
        self.quorum.setStyleSheet("color: #8fe3a0;" if state.quorum_met else "color: #ff8a80;")
        for column, (count, kind) in enumerate(
            zip(self.tally_counts, self.tally_kinds, strict=True)
        ):
            if column < len(state.tally):
                label, number = state.tally[column]
                count.setText(str(number))
                kind.setText(label)
            count.setVisible(column < len(state.tally))
            kind.setVisible(column < len(state.tally))

    def show_decision_text(self, text: str) -> None:
        self.decision.setText(text)
        self.decision.setVisible(bool(text.strip()))

    # Screens ----------------------------------------------------------------------------------

    @staticmethod
    def screen_label(screen: QScreen) -> str:
        size = screen.size()
        name = screen.model() or screen.name()
        return f"{name} ({size.width()}×{size.height()})"

    def place(self, chair_window: QWidget | None, target: QScreen | None = None) -> None:
        """Full screen on ``target`` (or the first screen other than the chair's), else a normal
        window beside the chair's."""
        chair_screen = chair_window.screen() if chair_window is not None else None
        others = [s for s in QGuiApplication.screens() if s is not chair_screen]
        if target is None and others:
            target = others[0]
        if target is not None and chair_screen is not None and target is not chair_screen:
            self._screen = target
            self.setScreen(target)
            self.setGeometry(target.geometry())
            self.showFullScreen()
        else:
            self._as_normal_window(chair_screen or QGuiApplication.primaryScreen())
        self.raise_()

    def _as_normal_window(self, screen: QScreen | None) -> None:
        self._screen = screen
        if self.isFullScreen():
            self.showNormal()
        if screen is not None:
            self.setScreen(screen)
            area = screen.availableGeometry()
            width, height = min(1024, area.width()), min(640, area.height())
            self.setGeometry(area.x() + 40, area.y() + 40, width, height)
        self.show()

    def _screen_removed(self, screen: QScreen) -> None:
        if screen is self._screen or screen is self.screen():
            self._as_normal_window(QGuiApplication.primaryScreen())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt)
        self._screen = None
        super().closeEvent(event)
