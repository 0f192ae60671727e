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


# Signing and verification ------------------------------------------------------------------------


class SigningError(RegioDeskError):
    template = N_("The decision list cannot be signed: {reason}")


class NotAPkcs12File(SigningError):
    template = N_(
        "{path} is not a signing certificate file (PKCS#12, .p12 or .pfx). "
        "Ask your organisation for the certificate file with its private key."
    )


class WrongPassphrase(SigningError):
    template = N_("The passphrase of {path} is not right; nothing was signed.")


class CertificateNotValid(SigningError):
    template = N_(
        "The certificate of {subject} is valid from {not_before} until {not_after}; "
        "it cannot sign today."
    )


class CertificateCannotSign(SigningError):
    template = N_(
        "The certificate of {subject} is not meant for signing documents (its key usage "
        "lacks a digital signature); ask your organisation for a signing certificate."
    )


class TimestampUnavailable(SigningError):
    template = N_(
        "The time-stamp service {url} did not answer ({reason}); nothing was signed. "
        "Try again later, or sign without a time stamp."
    )


class NotADecisionList(RegioDeskError):
    template = N_("{path} is not a decision list made by RegioDesk: {reason}")


class PdfUnreadable(RegioDeskError):
    template = N_("{path} cannot be read as a PDF: {reason}")


# Chairing a session ------------------------------------------------------------------------------


class SessionNotRunning(DomainRuleError):
    template = N_("Meeting {meeting} is not in session; start or resume the session first.")


class SessionHeldElsewhere(DomainRuleError):
    template = N_(
        "The session of meeting {meeting} runs on another device ({device}, {person}, since "
        "{since}). Nothing was recorded here. Take the session over explicitly to chair it from "
        "this device; the other device then stops recording."
    )


class MunicipalityAbsent(DomainRuleError):
    template = N_(
        "{municipality} is not present or represented at this moment; record its arrival "
        "before its position."
    )


class ItemsStillOpen(DomainRuleError):
    template = N_(
        "These items are still open (not taken up, or for decision without a decision): "
        "{items}. Decide or defer them, or close the session anyway."
    )
