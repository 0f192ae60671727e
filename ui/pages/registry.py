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


def pages() -> list[PageEntry]:
    from ui.pages.my_pfos import MyPfosPage

    return [PageEntry(MyPfosPage, True, QStyle.StandardPixmap.SP_DirHomeIcon)]
