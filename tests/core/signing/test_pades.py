"""Signing and verifying round trips on a small PDF (the decision list's tests use real ones)."""

from __future__ import annotations

import pytest

from regiodesk.demo.pdf import simple_pdf
from regiodesk.errors import PdfUnreadable, TimestampUnavailable
from regiodesk.signing.authority import NewAuthority
from regiodesk.signing.identity import SigningIdentity
from regiodesk.signing.marker import Marker, add_marker, add_marker_and_fields, read_marker
from regiodesk.signing.pades import SignatureField, SignatureRequest, sign_pdf
from regiodesk.signing.verification import Integrity, verify_signatures

CHAIR = SignatureField("chair", 0, (60, 60, 290, 130))
SECRETARY = SignatureField("secretary", 0, (310, 60, 540, 130))
MARKER = Marker("meeting-1", "list-1", 1, "ab" * 32)


def _request(field: SignatureField, url: str | None = None) -> SignatureRequest:
    return SignatureRequest(field, "Signer", "Adopted", "Enschede", "%(signer)s\n%(ts)s", url)


@pytest.fixture
def prepared() -> bytes:
    return add_marker_and_fields(simple_pdf("Decision list", ["Text"]), MARKER, [CHAIR, SECRETARY])


@pytest.fixture
def signed_twice(
    prepared: bytes, chair_identity: SigningIdentity, secretary_identity: SigningIdentity
) -> bytes:
    once = sign_pdf(prepared, chair_identity, _request(CHAIR))
    return sign_pdf(once, secretary_identity, _request(SECRETARY))


def _roots(authority: tuple[NewAuthority, object]) -> list[str]:
    return [authority[0].certificate_pem]


def test_two_signatures_are_valid_and_the_last_covers_the_whole_file(
    signed_twice: bytes, authority: tuple[NewAuthority, object]
) -> None:
    chair, secretary = verify_signatures(signed_twice, _roots(authority))
    assert (chair.field, chair.signer, chair.organisation) == (
        "chair",
        "Anna Chair",
        "Gemeente Hengelo",
    )
    assert secretary.signer == "Sam Secretary"
    assert chair.ok
    assert secretary.ok
    assert chair.integrity is Integrity.SIGNED_AFTER
    assert secretary.integrity is Integrity.UNCHANGED
    assert secretary.covered_bytes == secretary.file_bytes == len(signed_twice)
    assert (chair.revision, secretary.revision, secretary.revisions) == (3, 4, 4)
    assert (chair.reason, chair.location, chair.level) == ("Adopted", "Enschede", "B-B")
    assert chair.signed_at is not None
    assert chair.timestamp is None
    assert read_marker(signed_twice) == MARKER


def test_a_changed_byte_breaks_both_signatures(
    signed_twice: bytes, authority: tuple[NewAuthority, object]
) -> None:
    damaged = bytearray(signed_twice)
    damaged[damaged.index(b"Text")] = ord("N")
    reports = verify_signatures(bytes(damaged), _roots(authority))
    assert [r.integrity for r in reports] == [Integrity.BROKEN, Integrity.BROKEN]
    assert not any(r.ok for r in reports)
    assert "no longer matches" in reports[0].verdict()


def test_an_update_appended_after_the_signatures_is_reported_as_a_change(
    signed_twice: bytes, authority: tuple[NewAuthority, object]
) -> None:
    updated = add_marker(signed_twice, Marker("meeting-1", "list-1", 1, "cd" * 32))
    reports = verify_signatures(updated, _roots(authority))
    assert [r.integrity for r in reports] == [Integrity.CHANGED, Integrity.CHANGED]
    assert "changed after signing" in reports[1].verdict()
    assert read_marker(updated) != MARKER


def test_bytes_glued_to_the_end_are_a_change_too(
    signed_twice: bytes, authority: tuple[NewAuthority, object]
) -> None:
    reports = verify_signatures(signed_twice + b"\n%extra\n", _roots(authority))
    assert not any(r.ok for r in reports)


def test_an_unknown_issuer_is_intact_but_not_trusted(signed_twice: bytes) -> None:
    reports = verify_signatures(signed_twice, [])
    assert all(r.intact and not r.trusted and not r.ok for r in reports)
    assert "does not come from an issuer this device trusts" in reports[0].verdict()


def test_the_time_stamp_service_makes_it_b_t(
    prepared: bytes,
    chair_identity: SigningIdentity,
    authority: tuple[NewAuthority, object],
    tsa_url: str,
) -> None:
    signed = sign_pdf(prepared, chair_identity, _request(CHAIR, tsa_url))
    (report,) = verify_signatures(signed, _roots(authority))
    assert report.level == "B-T"
    assert report.timestamp is not None
    assert report.timestamp_valid
    assert report.ok


def test_a_silent_time_stamp_service_stops_the_signing(
    prepared: bytes, chair_identity: SigningIdentity, dead_url: str
) -> None:
    with pytest.raises(TimestampUnavailable, match="did not answer"):
        sign_pdf(prepared, chair_identity, _request(CHAIR, dead_url))
    with pytest.raises(TimestampUnavailable):
        sign_pdf(prepared, chair_identity, _request(CHAIR, "ftp://example.invalid/"))


def test_a_pdf_without_signatures_has_no_reports_and_garbage_is_unreadable(
    authority: tuple[NewAuthority, object],
) -> None:
    assert verify_signatures(simple_pdf("Other", ["x"]), _roots(authority)) == []
    assert read_marker(simple_pdf("Other", ["x"])) is None
    with pytest.raises(PdfUnreadable):
        verify_signatures(b"this is not a pdf", _roots(authority), "x.pdf")
