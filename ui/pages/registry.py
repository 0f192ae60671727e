"""The pages the main window knows, in navigation order."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QStyle

from ui.pages.base import Page


@dataclass(frozen=True)
class PageEntry:
    page: type[Page]
    #: Shown in the navigation pane (otherwise reached from another page).
    in_navigation: bool
    icon: QStyle.StandardPixmap | None = None
    #: For a page outside the pane: the entry of the pane it belongs to (kept highlighted).
    section: str | None = None


def pages() -> list[PageEntry]:
    from ui.pages.actions import ActionsPage
    from ui.pages.agenda_item import AgendaItemPage
    from ui.pages.conflicts import ConflictsPage
    from ui.pages.council_followup import CouncilFollowUpPage
    from ui.pages.daily_board import DailyBoardPage
    from ui.pages.decision_list import DecisionListPage
    from ui.pages.initiatives import InitiativesPage
    from ui.pages.meeting import MeetingPage
    from ui.pages.meetings import MeetingsPage
    from ui.pages.my_pfos import MyPfosPage
    from ui.pages.region_day import RegionDayPage
    from ui.pages.search import SearchPage
    from ui.pages.session import SessionPage
    from ui.pages.sync import SyncPage
    from ui.pages.verification import VerificationPage

    return [
        PageEntry(MyPfosPage, True, QStyle.StandardPixmap.SP_DirHomeIcon),
        PageEntry(MeetingsPage, True, QStyle.StandardPixmap.SP_FileDialogDetailedView),
        PageEntry(ActionsPage, True, QStyle.StandardPixmap.SP_DialogApplyButton),
        PageEntry(SearchPage, True, QStyle.StandardPixmap.SP_FileDialogContentsView),
        PageEntry(CouncilFollowUpPage, True, QStyle.StandardPixmap.SP_ArrowRight),
        PageEntry(InitiativesPage, True, QStyle.StandardPixmap.SP_DriveNetIcon),
        PageEntry(DailyBoardPage, True, QStyle.StandardPixmap.SP_DirIcon),
        PageEntry(RegionDayPage, True, QStyle.StandardPixmap.SP_FileDialogListView),
        PageEntry(VerificationPage, True, QStyle.StandardPixmap.SP_FileDialogInfoView),
        PageEntry(SyncPage, True, QStyle.StandardPixmap.SP_BrowserReload),
        PageEntry(ConflictsPage, True, QStyle.StandardPixmap.SP_MessageBoxWarning),
        PageEntry(MeetingPage, False, section="meetings"),
        PageEntry(AgendaItemPage, False, section="meetings"),
        PageEntry(SessionPage, False, section="meetings"),
        PageEntry(DecisionListPage, False, section="meetings"),
    ]
