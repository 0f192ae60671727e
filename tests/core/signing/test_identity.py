from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509

from regiodesk.errors import (
    CertificateCannotSign,
    CertificateNotValid,
    NotAPkcs12File,
    WrongPassphrase,
)
from regiodesk.signing.identity import load_pkcs12
from tests.signing_fixtures import HOLDER_PASSPHRASE


def test_a_good_file_gives_the_holder_and_the_chain(issue: Callable[..., bytes]) -> None:
    identity = load_pkcs12(issue("Anna Chair"), HOLDER_PASSPHRASE)
    assert identity.subject == "Anna Chair"
    assert len(identity.sha256) == 64
    assert [c.subject.rfc4514_string() for c in identity.chain] == [
        "C=NL,O=Regio Twente,CN=Twente signing authority"
    ]


def test_a_wrong_passphrase_is_named_as_such(issue: Callable[..., bytes]) -> None:
    with pytest.raises(WrongPassphrase, match=r"passphrase of chair\.p12 is not right"):
        load_pkcs12(issue(), "not the passphrase", path="chair.p12")
    with pytest.raises(WrongPassphrase):
        load_pkcs12(issue(), None, path="chair.p12")


@pytest.mark.parametrize(
    "data", [b"", b"%PDF-1.7 not a certificate", b"\x30\x03\x02\x01\x03", bytes(range(256))]
)
def test_a_file_that_is_no_pkcs12_is_named_as_such(data: bytes) -> None:
    with pytest.raises(NotAPkcs12File, match=r"thing\.pdf is not a signing certificate file"):
        load_pkcs12(data, "whatever", path="thing.pdf")


def test_an_expired_certificate_cannot_sign(issue: Callable[..., bytes]) -> None:
    old = issue(now=datetime.now(UTC) - timedelta(days=400), days=365)
    with pytest.raises(CertificateNotValid, match="cannot sign today"):
        load_pkcs12(old, HOLDER_PASSPHRASE)


def test_a_certificate_that_is_not_yet_valid_cannot_sign(issue: Callable[..., bytes]) -> None:
    future = issue(now=datetime.now(UTC) + timedelta(days=10))
    with pytest.raises(CertificateNotValid):
        load_pkcs12(future, HOLDER_PASSPHRASE)


def test_a_certificate_without_the_signing_key_usage_is_refused(
    issue: Callable[..., bytes],
) -> None:
    encipher_only = x509.KeyUsage(
        digital_signature=False,
        content_commitment=False,
        key_encipherment=True,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    with pytest.raises(CertificateCannotSign, match="not meant for signing documents"):
        load_pkcs12(issue(key_usage=encipher_only), HOLDER_PASSPHRASE)
