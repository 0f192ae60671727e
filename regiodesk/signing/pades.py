"""PAdES signatures on a PDF (pyHanko): each signature an incremental update with a visible
block, a reason, a location and a time; with a time-stamp service, a trusted time (B-T)."""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives import serialization

from regiodesk.errors import PdfUnreadable, SigningError, TimestampUnavailable
from regiodesk.signing.identity import SigningIdentity

if TYPE_CHECKING:
    from asn1crypto import tsp

TIMESTAMP_TIMEOUT_S = 15


@dataclass(frozen=True)
class SignatureField:
    """A signature field: its name, its page (0-based) and its box in PDF points."""

    name: str
    page: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class SignatureRequest:
    field: SignatureField
    signer_name: str
    reason: str
    location: str
    #: The text in the visible block; ``%(signer)s`` and ``%(ts)s`` are filled in by pyHanko.
    stamp_text: str
    timestamp_url: str | None = None


def _timestamper(url: str) -> object:
    """An RFC 3161 client on the standard library (no HTTP package needed for one POST)."""
    from asn1crypto import tsp as asn1_tsp
    from pyhanko.sign.timestamps.api import TimeStamper
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    class HttpTimeStamper(TimeStamper):
        def __init__(self) -> None:
            super().__init__()  # type: ignore[no-untyped-call]

        def _post(self, body: bytes) -> tsp.TimeStampResp:
            request = urllib.request.Request(
                url, data=body, headers={"Content-Type": "application/timestamp-query"}
            )
            try:
                with urllib.request.urlopen(request, timeout=TIMESTAMP_TIMEOUT_S) as response:
                    kind = response.headers.get_content_type()
                    payload = response.read()
            except (OSError, urllib.error.URLError) as error:
                raise TimestampRequestError(str(error)) from error
            if kind != "application/timestamp-reply":
                raise TimestampRequestError(f"unexpected answer of type {kind}")
            return asn1_tsp.TimeStampResp.load(payload)

        async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
            return await asyncio.to_thread(self._post, req.dump())

    return HttpTimeStamper()


def _check_url(url: str) -> None:
    if not url.startswith(("http://", "https://")):
        raise TimestampUnavailable(url=url, reason="not an http(s) address")


def sign_pdf(
    pdf: bytes,
    identity: SigningIdentity,
    request: SignatureRequest,
    *,
    new_fields: Sequence[SignatureField] = (),
) -> bytes:
    """Sign ``request.field`` of ``pdf`` (creating ``new_fields`` first, in the same update) and
    return the signed file.  Nothing is written anywhere: the caller stores the bytes."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError as HankoSigningError
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError
    from pyhanko.stamp import TextStampStyle
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = serialization.Encoding.DER
    certificate = asn1_x509.Certificate.load(identity.certificate.public_bytes(der))
    key = asn1_keys.PrivateKeyInfo.load(
        identity.private_key.private_bytes(
            der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    chain = [asn1_x509.Certificate.load(c.public_bytes(der)) for c in identity.chain]
    signer = signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs(chain),  # type: ignore[no-untyped-call]
    )
    timestamper = None
    if request.timestamp_url:
        _check_url(request.timestamp_url)
        timestamper = _timestamper(request.timestamp_url)
    meta = signers.PdfSignatureMetadata(
        field_name=request.field.name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=request.reason,
        location=request.location,
        name=request.signer_name,
        signer_key_usage=set(),  # checked by identity.check_can_sign, with clearer words
    )
    style = TextStampStyle(stamp_text=request.stamp_text, border_width=1)
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
        for spec in new_fields:
            fields.append_signature_field(
                writer, fields.SigFieldSpec(spec.name, on_page=spec.page, box=spec.box)
            )
        pdf_signer = signers.PdfSigner(
            meta,
            signer,
            timestamper=timestamper,  # type: ignore[arg-type]
            stamp_style=style,
        )
        output = BytesIO()
        pdf_signer.sign_pdf(writer, output=output)
    except TimestampRequestError as error:
        raise TimestampUnavailable(url=request.timestamp_url, reason=str(error)) from None
    except (HankoSigningError, PdfError) as error:
        raise SigningError(reason=str(error)) from None
    except (ValueError, KeyError, IndexError) as error:
        raise PdfUnreadable(path="", reason=str(error) or type(error).__name__) from None
    return output.getvalue()
