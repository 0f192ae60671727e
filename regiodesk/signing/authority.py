"""The region's own signing authority: a root certificate the secretariat makes in RegioDesk, and
the signing certificates it issues to chairs and secretaries.

The root's certificate goes into the store (and with sync to every device, which then trusts it);
its private key never does: it is kept as an encrypted PEM file on the secretariat's device.
Issued certificates are handed over as PKCS#12 files, encrypted with a passphrase the holder
chooses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from regiodesk.errors import InvalidInput, WrongPassphrase
from regiodesk.i18n import _

ROOT_KEY_BITS = 3072
SIGNER_KEY_BITS = 2048
ROOT_YEARS = 10
SIGNER_YEARS = 3
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")
MIN_PASSPHRASE = 8
#: X.509 allows at most 64 characters in a common or organisation name.
MAX_NAME = 64


@dataclass(frozen=True)
class NewAuthority:
    certificate_pem: str
    #: The private key as PKCS#8 PEM, encrypted with the passphrase given.
    encrypted_key_pem: bytes
    sha256: str


def certificate_sha256(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex()


def _check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise InvalidInput(
            field=_("passphrase"),
            reason=_("use at least {count} characters").format(count=MIN_PASSPHRASE),
        )


def _name(common_name: str, organisation: str, email: str = "") -> x509.Name:
    for field, value in ((_("name"), common_name), (_("organisation"), organisation)):
        if not value.strip():
            raise InvalidInput(field=field, reason=_("this field is required"))
        if len(value) > MAX_NAME:
            raise InvalidInput(
                field=field, reason=_("at most {count} characters").format(count=MAX_NAME)
            )
    parts = [
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
    ]
    if email:
        parts.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    return x509.Name(parts)


def create_authority(
    name: str, organisation: str, passphrase: str, *, now: datetime | None = None
) -> NewAuthority:
    """A new self-signed root that may issue signing certificates (and nothing below them)."""
    _check_passphrase(passphrase)
    start = (now or datetime.now(UTC)) - timedelta(minutes=5)
    key = rsa.generate_private_key(public_exponent=65537, key_size=ROOT_KEY_BITS)
    subject = _name(name, organisation)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=365 * ROOT_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    encrypted = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode()),
    )
    return NewAuthority(
        certificate.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        encrypted,
        certificate_sha256(certificate),
    )


def load_authority_key(encrypted_key_pem: bytes, passphrase: str) -> rsa.RSAPrivateKey:
    try:
        key = serialization.load_pem_private_key(encrypted_key_pem, passphrase.encode())
    except (ValueError, TypeError):
        raise WrongPassphrase(path=_("the signing authority's key")) from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise InvalidInput(field=_("key"), reason=_("not a key of a RegioDesk signing authority"))
    return key


def issue_signing_certificate(
    authority_certificate_pem: str,
    authority_key: rsa.RSAPrivateKey,
    *,
    holder_name: str,
    organisation: str,
    email: str = "",
    passphrase: str,
    now: datetime | None = None,
    days: int = 365 * SIGNER_YEARS,
    key_usage: x509.KeyUsage | None = None,
) -> bytes:
    """A PKCS#12 file (encrypted with ``passphrase``) with a new key and a certificate for signing
    documents, issued by the authority, with the authority's certificate beside it."""
    _check_passphrase(passphrase)
    if not holder_name.strip():
        raise InvalidInput(field=_("name"), reason=_("say whose certificate it is"))
    issuer = x509.load_pem_x509_certificate(authority_certificate_pem.encode("ascii"))
    start = (now or datetime.now(UTC)) - timedelta(minutes=5)
    key = rsa.generate_private_key(public_exponent=65537, key_size=SIGNER_KEY_BITS)
    usage = key_usage or x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(holder_name.strip(), organisation, email.strip()))
        .issuer_name(issuer.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION, DOCUMENT_SIGNING]),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority_key.public_key()),
            critical=False,
        )
        .sign(authority_key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        holder_name.strip().encode(),
        key,
        certificate,
        [issuer],
        serialization.BestAvailableEncryption(passphrase.encode()),
    )
