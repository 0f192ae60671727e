"""Check the signatures of a PDF: who signed, when, whether the document is intact since, whether
the certificate chains to a trusted root, and which part of the file each signature covers."""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from regiodesk.errors import PdfUnreadable
from regiodesk.i18n import _


class Integrity(enum.StrEnum):
    """What happened to the document after a signature, from the reader's point of view."""

    UNCHANGED = "unchanged"  # the signature covers the whole file
    SIGNED_AFTER = "signed_after"  # only later signatures were added (form filling)
    CHANGED = "changed"  # something else was added or changed after signing
    BROKEN = "broken"  # the signed bytes no longer match the signature


@dataclass(frozen=True)
class SignatureReport:
    field: str
    signer: str
    organisation: str
    signed_at: datetime | None
    #: The time from a time-stamp service, when the signature carries one (PAdES B-T).
    timestamp: datetime | None
    timestamp_valid: bool
    reason: str
    location: str
    intact: bool
    valid: bool
    trusted: bool
    integrity: Integrity
    #: Bytes covered, the file's size, and the revision signed out of all revisions.
    covered_bytes: int
    file_bytes: int
    revision: int
    revisions: int
    level: str  # "B-B" or "B-T"

    @property
    def ok(self) -> bool:
        return (
            self.intact
            and self.valid
            and self.trusted
            and self.integrity in (Integrity.UNCHANGED, Integrity.SIGNED_AFTER)
        )

    def verdict(self) -> str:
        """One sentence a chair understands."""
        if not self.intact or self.integrity is Integrity.BROKEN:
            return _(
                "The content no longer matches this signature: the file was changed or damaged "
                "after {signer} signed it. Do not rely on it."
            ).format(signer=self.signer)
        if self.integrity is Integrity.CHANGED:
            return _(
                "{signer} signed an earlier state of this file; it was changed after signing. "
                "Ask for the original."
            ).format(signer=self.signer)
        if not self.valid:
            return _("The signature of {signer} is not valid.").format(signer=self.signer)
        if not self.trusted:
            return _(
                "The signature of {signer} is intact, but the certificate does not come from an "
                "issuer this device trusts."
            ).format(signer=self.signer)
        if self.integrity is Integrity.SIGNED_AFTER:
            return _(
                "Valid: signed by {signer}; since then only further signatures were added."
            ).format(signer=self.signer)
        return _("Valid: signed by {signer}; the document has not changed since.").format(
            signer=self.signer
        )

    def coverage(self) -> str:
        return _("bytes 0 to {covered} of {total} (revision {revision} of {revisions})").format(
            covered=self.covered_bytes,
            total=self.file_bytes,
            revision=self.revision,
            revisions=self.revisions,
        )


#: pyHanko logs a traceback for every certificate it cannot chain; the report says so in words.
for _logger in ("pyhanko.sign.validation.generic_cms", "pyhanko_certvalidator"):
    logging.getLogger(_logger).setLevel(logging.CRITICAL)


def _asn1_roots(pems: Iterable[str]) -> list[object]:
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    roots: list[object] = []
    for text in pems:
        _type, _headers, der = pem.unarmor(text.encode("ascii"))
        roots.append(asn1_x509.Certificate.load(der))
    return roots


def _name_part(certificate: object, part: str) -> str:
    subject = certificate.subject.native  # type: ignore[attr-defined]
    return str(subject.get(part, "")) if isinstance(subject, dict) else ""


def verify_signatures(
    pdf: bytes, trusted_roots: Iterable[str], path: str = ""
) -> list[SignatureReport]:
    """A report per signature, in signing order (empty when the PDF carries none)."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        signatures = list(reader.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError) as error:
        raise PdfUnreadable(path=path, reason=str(error) or type(error).__name__) from None
    context = ValidationContext(
        trust_roots=_asn1_roots(trusted_roots), allow_fetching=False, revocation_mode="soft-fail"
    )
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"})
    revisions = reader.xrefs.total_revisions
    reports: list[SignatureReport] = []
    statuses = [
        validate_pdf_signature(signature, context, key_usage_settings=usage)
        for signature in signatures
    ]
    # Later signatures excuse the form filling they bring only when the file ends with one.
    ends_signed = bool(statuses) and statuses[-1].coverage is SignatureCoverageLevel.ENTIRE_FILE
    for signature, status in zip(signatures, statuses, strict=True):
        level = status.modification_level
        if not status.intact:
            integrity = Integrity.BROKEN
        elif status.coverage is SignatureCoverageLevel.ENTIRE_FILE:
            integrity = Integrity.UNCHANGED
        elif (
            ends_signed
            and status.coverage is SignatureCoverageLevel.ENTIRE_REVISION
            and level is not None
            and level <= ModificationLevel.FORM_FILLING
            and status.docmdp_ok is not False
        ):
            integrity = Integrity.SIGNED_AFTER
        else:
            integrity = Integrity.CHANGED
        stamp = status.timestamp_validity
        byte_range = signature.sig_object["/ByteRange"]
        reports.append(
            SignatureReport(
                field=str(signature.field_name),
                signer=_name_part(status.signing_cert, "common_name"),
                organisation=_name_part(status.signing_cert, "organization_name"),
                signed_at=status.signer_reported_dt,
                timestamp=stamp.timestamp if stamp is not None else None,
                timestamp_valid=bool(stamp is not None and stamp.valid and stamp.intact),
                reason=str(signature.sig_object.get("/Reason", "")),
                location=str(signature.sig_object.get("/Location", "")),
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                integrity=integrity,
                covered_bytes=int(byte_range[2]) + int(byte_range[3]),
                file_bytes=len(pdf),
                revision=int(signature.signed_revision) + 1,
                revisions=int(revisions),
                level="B-T" if stamp is not None else "B-B",
            )
        )
    return reports
