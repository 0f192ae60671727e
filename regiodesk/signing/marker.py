"""The marker that ties a decision-list PDF to the store: the meeting, the version and the content
fingerprint, kept in the PDF's document information (``/RegioDesk...`` keys).

The marker is written into the file before anyone signs it, so every signature covers it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from regiodesk.errors import PdfUnreadable
from regiodesk.signing.pades import SignatureField

_KEYS = {
    "meeting_id": "/RegioDeskMeeting",
    "decision_list_id": "/RegioDeskDecisionList",
    "version": "/RegioDeskVersion",
    "fingerprint": "/RegioDeskFingerprint",
    "public": "/RegioDeskPublic",
}


@dataclass(frozen=True)
class Marker:
    meeting_id: str
    decision_list_id: str
    version: int
    fingerprint: str
    public: bool = False


def add_marker(pdf: bytes, marker: Marker) -> bytes:
    """The PDF with the marker in its document information (an incremental update)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    _write_marker(writer, marker)
    output = BytesIO()
    writer.write(output)  # type: ignore[no-untyped-call]
    return output.getvalue()


def _write_marker(writer: Any, marker: Marker) -> None:
    from pyhanko.pdf_utils import generic

    info = writer.trailer.raw_get("/Info").get_object()
    values = {
        "meeting_id": marker.meeting_id,
        "decision_list_id": marker.decision_list_id,
        "version": str(marker.version),
        "fingerprint": marker.fingerprint,
        "public": "yes" if marker.public else "no",
    }
    for field, key in _KEYS.items():
        info[generic.NameObject(key)] = generic.TextStringObject(values[field])
    writer.update_container(info)


def read_marker(pdf: bytes, path: str = "") -> Marker | None:
    """The marker of a RegioDesk decision list, or None for any other PDF."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        info = reader.trailer_view.get("/Info")
        info = info.get_object() if info is not None else {}
        values = {field: info.get(key) for field, key in _KEYS.items()}
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError) as error:
        raise PdfUnreadable(path=path, reason=str(error) or type(error).__name__) from None
    if not all(values[field] for field in ("meeting_id", "fingerprint")):
        return None
    try:
        version = int(str(values["version"]))
    except ValueError:
        return None
    return Marker(
        meeting_id=str(values["meeting_id"]),
        decision_list_id=str(values["decision_list_id"] or ""),
        version=version,
        fingerprint=str(values["fingerprint"]),
        public=str(values["public"]) == "yes",
    )


def add_marker_and_fields(pdf: bytes, marker: Marker, fields: Sequence[SignatureField]) -> bytes:
    """The marker and empty signature fields, in one incremental update (before any signature)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields as hanko_fields

    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    _write_marker(writer, marker)
    for spec in fields:
        hanko_fields.append_signature_field(
            writer, hanko_fields.SigFieldSpec(spec.name, on_page=spec.page, box=spec.box)
        )
    output = BytesIO()
    writer.write(output)  # type: ignore[no-untyped-call]
    return output.getvalue()
