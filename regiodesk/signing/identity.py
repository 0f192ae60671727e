"""A signing identity: a certificate with its private key, read from a PKCS#12 file and checked
before anything is signed with it (the file, the passphrase, the validity, the key usage)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from regiodesk.errors import (
    CertificateCannotSign,
    CertificateNotValid,
    NotAPkcs12File,
    WrongPassphrase,
)

#: Extended key usages that are fit for signing documents (where a certificate names any at all).
DOCUMENT_SIGNING_USAGES = frozenset(
    {
        ExtendedKeyUsageOID.EMAIL_PROTECTION,
        ExtendedKeyUsageOID.CLIENT_AUTH,
        ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE,
        ObjectIdentifier("1.3.6.1.5.5.7.3.36"),  # id-kp-documentSigning (RFC 9336)
        ObjectIdentifier("1.3.6.1.4.1.311.10.3.12"),  # Microsoft document signing
        ObjectIdentifier("1.2.840.113583.1.1.5"),  # Adobe Authentic Documents Trust
    }
)


@dataclass(frozen=True)
class SigningIdentity:
    certificate: x509.Certificate
    private_key: PrivateKeyTypes
    #: The issuing certificates that came with it (the chain up to, and often with, the root).
    chain: tuple[x509.Certificate, ...]

    @property
    def subject(self) -> str:
        return common_name(self.certificate)

    @property
    def sha256(self) -> str:
        return self.certificate.fingerprint(hashes.SHA256()).hex()

    @property
    def not_after(self) -> datetime:
        return self.certificate.not_valid_after_utc


def common_name(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else certificate.subject.rfc4514_string()


def _looks_like_pkcs12(data: bytes) -> bool:
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        pfx = asn1_pkcs12.Pfx.load(data)
        return bool(pfx["version"].native == "v3" and pfx["auth_safe"]["content_type"].native)
    except (ValueError, TypeError, KeyError):
        return False


def load_pkcs12(
    data: bytes, passphrase: str | None, *, path: str = "", at: datetime | None = None
) -> SigningIdentity:
    """Read a PKCS#12 file and check that it can sign now; each fault has its own error."""
    if not _looks_like_pkcs12(data):
        raise NotAPkcs12File(path=path)
    secret = passphrase.encode() if passphrase else None
    try:
        key, certificate, others = pkcs12.load_key_and_certificates(data, secret)
    except ValueError:
        raise WrongPassphrase(path=path) from None
    except TypeError:  # a passphrase given to a file that has none, or none to one that has
        raise WrongPassphrase(path=path) from None
    if key is None or certificate is None:
        raise NotAPkcs12File(path=path)
    identity = SigningIdentity(certificate, key, tuple(others))
    check_can_sign(identity.certificate, at)
    return identity


def check_can_sign(certificate: x509.Certificate, at: datetime | None = None) -> None:
    """Refuse a certificate that is not valid at ``at`` or that is not meant for signing."""
    moment = at or datetime.now(UTC)
    subject = common_name(certificate)
    if not certificate.not_valid_before_utc <= moment <= certificate.not_valid_after_utc:
        raise CertificateNotValid(
            subject=subject,
            not_before=certificate.not_valid_before_utc.date().isoformat(),
            not_after=certificate.not_valid_after_utc.date().isoformat(),
        )
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is not None and not (usage.digital_signature or usage.content_commitment):
        raise CertificateCannotSign(subject=subject)
    try:
        extended = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not DOCUMENT_SIGNING_USAGES.intersection(extended):
        raise CertificateCannotSign(subject=subject)
