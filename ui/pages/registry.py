"""The pages the main window knows, in navigation order.

A page is made when it is first shown (a module is imported then too): the window is up before
pages it does not show yet cost anything.  A page that shows a count in the pane (``badge``) is
made at once, so its count is there from the start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from PySide6.QtWidgets import QStyle

from regiodesk.i18n import _
from ui.pages.base import Page


@dataclass(frozen=True)
class PageEntry:
    key: str
    #: "module:Class" of the page.
    where: str
    #: Shown in the navigation pane (otherwise reached from another page).
    in_navigation: bool
    #: The pane's text (a page reached from another page gives its own title).
    title: Callable[[], str] = lambda: ""
    icon: QStyle.StandardPixmap | None = None
    #: For a page outside the pane: the entry of the pane it belongs to (kept highlighted).
    section: str | None = None
    #: Made at start (it shows a count in the pane).
    badge: bool = False

    def load(self) -> type[Page]:
        module, name = self.where.split(":")
        page: type[Page] = getattr(import_module(module), name)
        return page


def pages() -> list[PageEntry]:
    pixmap = QStyle.StandardPixmap
    return [
        PageEntry(
            "my_pfos",
            "ui.pages.my_pfos:MyPfosPage",
            True,
            lambda: _("My PFOs"),
            pixmap.SP_DirHomeIcon,
        ),
        PageEntry(
            "meetings",
            "ui.pages.meetings:MeetingsPage",
            True,
            lambda: _("Meetings"),
            pixmap.SP_FileDialogDetailedView,
        ),
        PageEntry(
            "actions",
            "ui.pages.actions:ActionsPage",
            True,
            lambda: _("Actions"),
            pixmap.SP_DialogApplyButton,
        ),
        PageEntry(
            "search",
            "ui.pages.search:SearchPage",
            True,
            lambda: _("Search"),
            pixmap.SP_FileDialogContentsView,
        ),
        PageEntry(
            "council_followup",
            "ui.pages.council_followup:CouncilFollowUpPage",
            True,
            lambda: _("To the councils"),
            pixmap.SP_ArrowRight,
        ),
        PageEntry(
            "initiatives",
            "ui.pages.initiatives:InitiativesPage",
            True,
            lambda: _("Initiatives"),
            pixmap.SP_DriveNetIcon,
        ),
        PageEntry(
            "daily_board",
            "ui.pages.daily_board:DailyBoardPage",
            True,
            lambda: _("Daily board"),
            pixmap.SP_DirIcon,
        ),
        PageEntry(
            "region_day",
            "ui.pages.region_day:RegionDayPage",
            True,
            lambda: _("Twente-dag"),
            pixmap.SP_FileDialogListView,
        ),
        PageEntry(
            "verify",
            "ui.pages.verification:VerificationPage",
            True,
            lambda: _("Verify signatures"),
            pixmap.SP_FileDialogInfoView,
        ),
        PageEntry(
            "sync", "ui.pages.sync:SyncPage", True, lambda: _("Sync"), pixmap.SP_BrowserReload
        ),
        PageEntry(
            "conflicts",
            "ui.pages.conflicts:ConflictsPage",
            True,
            lambda: _("Conflicts"),
            pixmap.SP_MessageBoxWarning,
            badge=True,
        ),
        PageEntry("meeting", "ui.pages.meeting:MeetingPage", False, section="meetings"),
        PageEntry("agenda_item", "ui.pages.agenda_item:AgendaItemPage", False, section="meetings"),
        PageEntry("session", "ui.pages.session:SessionPage", False, section="meetings"),
        PageEntry(
            "decision_list", "ui.pages.decision_list:DecisionListPage", False, section="meetings"
        ),
    ]
