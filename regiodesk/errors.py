"""Typed errors of the core.

Each error carries the data that explains it and renders a translated sentence on demand, so the
same error reads in Dutch or English, in the desktop app (in place) and on the command line (one
line).  The message templates are English gettext ids with ``{named}`` fields.
"""

from __future__ import annotations

from typing import Any, ClassVar

from regiodesk.i18n import N_, _


class RegioDeskError(Exception):
    """Base of every expected error.  ``template`` is translated when the message is shown."""

    template: ClassVar[str] = N_("Something went wrong.")

    def __init__(self, **data: Any) -> None:
        self.data = data
        super().__init__(self.message())

    def message(self) -> str:
        return _(self.template).format(**self.data)

    def __str__(self) -> str:
        return self.message()


# The store ---------------------------------------------------------------------------------------


class StoreError(RegioDeskError):
    template = N_("The store at {path} cannot be used: {reason}")


class StorePathIsFolder(StoreError):
    template = N_("{path} is a folder; give the path of a store file.")


class StoreReadOnly(StoreError):
    template = N_("The store {path} cannot be written (read-only file or folder).")


class StoreDiskFull(StoreError):
    template = N_("The disk holding {path} is full; nothing was saved. Free some space and retry.")


class StoreCorrupt(StoreError):
    template = N_("{path} is not a RegioDesk store or it is damaged: {reason}")


class StoreTooNew(StoreError):
    template = N_(
        "The store {path} was written by a newer RegioDesk (schema {revision}). "
        "Update RegioDesk to open it; the store was not changed."
    )


class StoreLocked(StoreError):
    template = N_("The store {path} is busy in another program; try again in a moment.")


class StoreMissing(StoreError):
    template = N_("The store {path} does not exist.")


class StoreGone(StoreError):
    template = N_(
        "The store {path} is no longer reachable (was a disk removed?). "
        "Your last saved changes are in it; reconnect it and retry."
    )


class BackupError(RegioDeskError):
    template = N_("The backup {path} cannot be used: {reason}")


# Input and data files ----------------------------------------------------------------------------


class InvalidInput(RegioDeskError):
    template = N_("{field}: {reason}")


class InvalidDate(InvalidInput):
    template = N_("{field}: {value!r} is not a valid date (use YYYY-MM-DD).")


class RegionFileError(RegioDeskError):
    template = N_("Region file {path}: {where}: {reason}")


class NotFound(RegioDeskError):
    template = N_("No {kind} with id {id} exists.")


# Domain rules ------------------------------------------------------------------------------------


class DomainRuleError(RegioDeskError):
    """A rule of the domain refused a change."""


class ReasonRequired(DomainRuleError):
    template = N_("A position of kind “{kind}” needs a reason.")


class PositionNotApplicable(DomainRuleError):
    template = N_("Agenda item “{item}” is for information only; it takes no positions.")


class ItemAlreadyDecided(DomainRuleError):
    template = N_("Agenda item “{item}” has been decided; its positions can no longer change.")


class DecisionListLocked(DomainRuleError):
    template = N_(
        "The decision list of meeting {meeting} has been signed; the meeting can no longer "
        "change. Make a correction as a new version of the list."
    )


class InvalidTransition(DomainRuleError):
    template = N_("A meeting that is {current} cannot become {target}.")


class NotAMember(DomainRuleError):
    template = N_("{municipality} is not a member of {pfo}.")


class NotPermitted(DomainRuleError):
    template = N_("You may not {action}: {reason}")


class Conflict(DomainRuleError):
    template = N_("{what} already exists.")
