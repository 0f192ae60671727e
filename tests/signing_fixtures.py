"""Signing fixtures: the region's authority, certificates it issues, and a time-stamp service that
the tests run themselves on the loopback address."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from regiodesk.signing.authority import (
    NewAuthority,
    create_authority,
    issue_signing_certificate,
    load_authority_key,
)
from regiodesk.signing.identity import SigningIdentity, load_pkcs12

AUTHORITY_PASSPHRASE = "authority-secret"
HOLDER_PASSPHRASE = "holder-secret"


@pytest.fixture(scope="session")
def authority() -> tuple[NewAuthority, rsa.RSAPrivateKey]:
    made = create_authority("Twente signing authority", "Regio Twente", AUTHORITY_PASSPHRASE)
    return made, load_authority_key(made.encrypted_key_pem, AUTHORITY_PASSPHRASE)


@pytest.fixture(scope="session")
def issue(
    authority: tuple[NewAuthority, rsa.RSAPrivateKey],
) -> Callable[..., bytes]:
    """A PKCS#12 file from the authority (keyword arguments go to issue_signing_certificate)."""
    made, key = authority

    def make(holder: str = "Anna Chair", **options: Any) -> bytes:
        options.setdefault("organisation", "Gemeente Hengelo")
        options.setdefault("passphrase", HOLDER_PASSPHRASE)
        return issue_signing_certificate(made.certificate_pem, key, holder_name=holder, **options)

    return make


@pytest.fixture(scope="session")
def chair_identity(issue: Callable[..., bytes]) -> SigningIdentity:
    return load_pkcs12(issue("Anna Chair"), HOLDER_PASSPHRASE)


@pytest.fixture(scope="session")
def secretary_identity(issue: Callable[..., bytes]) -> SigningIdentity:
    return load_pkcs12(issue("Sam Secretary", organisation="Regio Twente"), HOLDER_PASSPHRASE)


def _tsa_certificate(
    authority: tuple[NewAuthority, rsa.RSAPrivateKey],
) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    made, issuer_key = authority
    issuer = x509.load_pem_x509_certificate(made.certificate_pem.encode())
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.now(UTC) - timedelta(minutes=5)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test TSA")]))
        .issuer_name(issuer.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
        .sign(issuer_key, hashes.SHA256())
    )
    return certificate, key


@pytest.fixture(scope="session")
def tsa_url(authority: tuple[NewAuthority, rsa.RSAPrivateKey]) -> Iterator[str]:
    """An RFC 3161 time-stamp service on 127.0.0.1 that answers every request."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import tsp
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    certificate, key = _tsa_certificate(authority)
    der = serialization.Encoding.DER
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(certificate.public_bytes(der)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        ),
    )

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Content-Type") != "application/timestamp-query":
                self.send_error(415)
                return
            answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    server.shutdown()
    server.server_close()


@pytest.fixture
def dead_url() -> str:
    """An address on which nothing answers (a port that was free a moment ago)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/tsa"
