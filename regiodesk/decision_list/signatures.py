"""A decision list from the store to a signed PDF and back: export a draft, have the chair and then
the secretary sign it, and verify a file against its signatures and against the store.

The exported PDF carries a marker (meeting, list, version, content fingerprint) and two empty
signature fields.  The chair signs a file whose fingerprint is the store's content at that moment;
from then on the meeting is locked.  The secretary signs the very file the chair signed.  Each
signed file goes into the blob store, so every device gets it with sync.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

from regiodesk.commands._common import meeting_facts
from regiodesk.commands.audit import record_event
from regiodesk.commands.decision_lists import (
    create_decision_list,
    decision_list_id,
    record_signature,
)
from regiodesk.commands.signing_roots import trusted_roots
from regiodesk.decision_list.content import DecisionListContent, fingerprint, load_content
from regiodesk.errors import NotADecisionList, NotFound, NotPermitted, SigningError
from regiodesk.i18n import _
from regiodesk.model.enums import DecisionListStatus, MeetingStatus
from regiodesk.permissions import Actor, is_chair, is_secretary
from regiodesk.references import meeting_reference
from regiodesk.signing.identity import SigningIdentity
from regiodesk.signing.marker import Marker, add_marker, add_marker_and_fields, read_marker
from regiodesk.signing.pades import SignatureField, SignatureRequest, sign_pdf
from regiodesk.signing.verification import Integrity, SignatureReport, verify_signatures
from regiodesk.store import Store

Role = Literal["chair", "secretary"]
ROLES: tuple[Role, ...] = ("chair", "secretary")
SIGNABLE = (MeetingStatus.CLOSED, MeetingStatus.ADOPTED)


@dataclass(frozen=True)
class ExportedList:
    pdf: bytes
    meeting_id: str
    decision_list_id: str | None
    version: int
    fingerprint: str
    public: bool
    #: Which roles have signed this file already (the stored signed file is exported as it is).
    signed_by: tuple[Role, ...] = ()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _latest_list(store: Store, meeting_id: str) -> dict[str, Any] | None:
    rows = store.query(
        "SELECT id, version, status, file_sha256, content_sha256, chair_signed_at, "
        "secretary_signed_at FROM decision_list WHERE meeting_id = ? AND deleted = 0 "
        "ORDER BY version DESC LIMIT 1",
        (meeting_id,),
    )
    return dict(rows[0]) if rows else None


def _signed_by(row: dict[str, Any]) -> tuple[Role, ...]:
    return tuple(role for role in ROLES if row[f"{role}_signed_at"] is not None)


def _require_closed(store: Store, meeting_id: str) -> None:
    facts = meeting_facts(store, meeting_id)
    if facts.status not in SIGNABLE:
        raise SigningError(
            reason=_("the meeting is {status}; a decision list is made of a closed meeting").format(
                status=facts.status.label
            )
        )


def _render(content: DecisionListContent, language: str, logo: bytes | None) -> tuple[bytes, Any]:
    from regiodesk.decision_list.pdf import render_pdf

    print_ = fingerprint(content)
    rendered = render_pdf(content, language=language, logo=logo, fingerprint=print_)
    return rendered.pdf, rendered


def export_decision_list(
    store: Store,
    actor: Actor,
    meeting_id: str,
    *,
    language: str = "nl",
    public: bool = False,
    logo: bytes | None = None,
) -> ExportedList:
    """The meeting's decision list as a PDF: the signed file once one exists, else a draft ready
    for signing (or, with ``public``, the public version without confidential items)."""
    _require_closed(store, meeting_id)
    if public:
        content = load_content(store, meeting_id, public=True)
        print_ = fingerprint(content)
        pdf, _rendered = _render(content, language, logo)
        marker = Marker(meeting_id, content.decision_list_id or "", content.version, print_, True)
        with store.write(actor.person_id) as writer:
            record_event(writer, actor, "export_public_decision_list", "meeting", meeting_id)
        return ExportedList(
            add_marker(pdf, marker),
            meeting_id,
            content.decision_list_id,
            content.version,
            print_,
            public=True,
        )
    latest = _latest_list(store, meeting_id)
    if latest and latest["status"] != DecisionListStatus.DRAFT and latest["file_sha256"]:
        path = store.blobs.path_of(latest["file_sha256"])
        try:
            signed = path.read_bytes()
        except OSError:
            raise NotFound(
                kind=_("signed decision list file"), id=latest["file_sha256"][:16]
            ) from None
        return ExportedList(
            signed,
            meeting_id,
            latest["id"],
            latest["version"],
            latest["content_sha256"] or "",
            public=False,
            signed_by=_signed_by(latest),
        )
    # A draft is shown without writing: its row is made when the chair signs it.
    list_id = latest["id"] if latest is not None else decision_list_id(meeting_id, 1)
    content = load_content(store, meeting_id, decision_list_id=list_id)
    print_ = fingerprint(content)
    pdf, rendered = _render(content, language, logo)
    return ExportedList(
        _prepare_for_signing(pdf, rendered, Marker(meeting_id, list_id, content.version, print_)),
        meeting_id,
        list_id,
        content.version,
        print_,
        public=False,
    )


def _prepare_for_signing(pdf: bytes, rendered: Any, marker: Marker) -> bytes:
    """Add the marker and the two empty signature fields, in one update before any signature."""
    fields = []
    for role, place in rendered.signature_boxes.items():
        x1, y1, x2, y2 = (round(value) for value in place.box)
        fields.append(SignatureField(role, place.page, (x1, y1, x2, y2)))
    return add_marker_and_fields(pdf, marker, fields)


def start_correction(store: Store, actor: Actor, meeting_id: str) -> str:
    """A new draft version of a signed list (a correction that refers to the previous one)."""
    _require_closed(store, meeting_id)
    latest = _latest_list(store, meeting_id)
    if latest is None or latest["status"] == DecisionListStatus.DRAFT:
        raise SigningError(reason=_("there is no signed version to correct"))
    return create_decision_list(store, actor, meeting_id)


def _list_row(store: Store, marker: Marker, path: str) -> dict[str, Any]:
    if marker.decision_list_id == decision_list_id(marker.meeting_id, 1) and not store.scalar(
        "SELECT 1 FROM decision_list WHERE id = ?", (marker.decision_list_id,)
    ):
        if not store.scalar("SELECT 1 FROM meeting WHERE id = ?", (marker.meeting_id,)):
            raise NotADecisionList(path=path, reason=_("its meeting is not in this store"))
        return {  # the first version, not yet made (a draft is not written until signed)
            "id": marker.decision_list_id,
            "meeting_id": marker.meeting_id,
            "version": 1,
            "status": DecisionListStatus.DRAFT,
            "content_sha256": None,
            "file_sha256": None,
            "chair_signed_at": None,
            "secretary_signed_at": None,
        }
    rows = store.query(
        "SELECT id, meeting_id, version, status, content_sha256, file_sha256, chair_signed_at, "
        "secretary_signed_at FROM decision_list WHERE id = ? AND deleted = 0",
        (marker.decision_list_id,),
    )
    if not rows or rows[0]["meeting_id"] != marker.meeting_id:
        raise NotADecisionList(path=path, reason=_("its meeting is not in this store"))
    return dict(rows[0])


def sign_decision_list(
    store: Store,
    actor: Actor,
    pdf: bytes,
    identity: SigningIdentity,
    role: Role,
    *,
    timestamp_url: str | None = None,
    location: str = "",
    path: str = "",
) -> bytes:
    """Sign an exported decision list as chair (first) or secretary (second); returns the signed
    file, which is also kept in the blob store.  Every refusal comes before anything is signed."""
    marker = read_marker(pdf, path)
    if marker is None:
        raise NotADecisionList(path=path, reason=_("it carries no RegioDesk decision-list marker"))
    if marker.public:
        raise SigningError(reason=_("the public version is published as it is, not signed"))
    row = _list_row(store, marker, path)
    meeting_id = row["meeting_id"]
    _require_closed(store, meeting_id)
    facts = meeting_facts(store, meeting_id)
    existing = verify_signatures(pdf, trusted_roots(store), path)
    if role == "chair":
        if not is_chair(store, actor, meeting_id):
            raise NotPermitted(action=_("sign as chair"), reason=_("you are not the chair"))
        if existing or row["chair_signed_at"] is not None:
            raise SigningError(reason=_("the chair has signed this version already"))
        content = load_content(store, meeting_id, decision_list_id=row["id"])
        if fingerprint(content) != marker.fingerprint:
            raise SigningError(
                reason=_(
                    "the decision list changed in the store after this file was made; "
                    "export it again and sign the new file"
                )
            )
    else:
        if not is_secretary(store, actor, facts.pfo_id):
            raise NotPermitted(action=_("sign as secretary"), reason=_("you are not the secretary"))
        if row["chair_signed_at"] is None:
            raise SigningError(reason=_("the chair signs first"))
        if row["secretary_signed_at"] is not None:
            raise SigningError(reason=_("the secretary has signed this version already"))
        chair = [report for report in existing if report.field == "chair"]
        if (
            len(existing) != 1
            or not chair
            or chair[0].integrity is not Integrity.UNCHANGED
            or _sha256(pdf) != row["file_sha256"]
        ):
            raise SigningError(
                reason=_("this is not the file the chair signed; use the signed file")
            )
    reference = content_reference(store, meeting_id)
    request = SignatureRequest(
        field=SignatureField(role, 0, (0, 0, 0, 0)),  # the field exists; its place is set
        signer_name=identity.subject,
        reason=(
            _("Decision list {reference}, version {version}: signed by the chair")
            if role == "chair"
            else _("Decision list {reference}, version {version}: signed by the secretary")
        ).format(reference=reference, version=marker.version),
        location=location or facts_location(store, meeting_id),
        stamp_text=_stamp_text(role),
        timestamp_url=timestamp_url,
    )
    signed = sign_pdf(pdf, identity, request)
    sha = _sha256(signed)
    store.blobs.put_bytes(signed)
    if role == "chair" and not store.scalar(
        "SELECT 1 FROM decision_list WHERE id = ?", (row["id"],)
    ):
        create_decision_list(store, actor, meeting_id)
    record_signature(store, actor, row["id"], role, marker.fingerprint, sha)
    with store.write(actor.person_id) as writer:
        record_event(
            writer,
            actor,
            "sign_decision_list",
            "decision_list",
            row["id"],
            detail=f"{role}; certificate {identity.sha256[:16]}",
        )
    return signed


def _stamp_text(role: Role) -> str:
    """The visible block: the role, the signer, and the local time of signing."""
    from regiodesk.i18n import format_datetime
    from regiodesk.timeutil import utc_now

    label = _("Chair") if role == "chair" else _("Secretary")
    when = format_datetime(utc_now()).replace("%", "%%")
    return f"{label.replace('%', '%%')}: %(signer)s\n{when}"


def content_reference(store: Store, meeting_id: str) -> str:

    row = store.query("SELECT number, starts_at FROM meeting WHERE id = ?", (meeting_id,))[0]
    return meeting_reference(row["starts_at"], row["number"])


def facts_location(store: Store, meeting_id: str) -> str:
    return str(store.scalar("SELECT location FROM meeting WHERE id = ?", (meeting_id,)) or "")


# Verification ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListVerification:
    path: str
    signatures: list[SignatureReport]
    marker: Marker | None
    #: Compared with the store (None when there was no store, or the file is not a list).
    in_store: bool | None = None
    content_matches: bool | None = None
    #: Whether this is the file the store recorded as signed last.
    is_recorded_file: bool | None = None
    #: A later version of the list exists (this one was corrected).
    superseded_by: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Two signatures, chair then secretary, both valid, over the whole document."""
        fields = [report.field for report in self.signatures]
        return fields == list(ROLES) and all(report.ok for report in self.signatures)

    @property
    def ok(self) -> bool:
        return (
            bool(self.signatures)
            and all(report.ok for report in self.signatures)
            and self.content_matches is not False
        )

    def findings(self) -> list[str]:
        """What a chair should know, in sentences, most important first."""
        lines: list[str] = []
        if not self.signatures:
            lines.append(_("This PDF carries no signatures."))
        lines.extend(report.verdict() for report in self.signatures)
        if self.marker is None:
            lines.append(_("This PDF is not a decision list made by RegioDesk."))
        elif self.in_store is False:
            lines.append(_("The meeting of this decision list is not in this store."))
        elif self.content_matches is False:
            lines.append(_("The decision list in the store no longer says what this file says."))
        elif (
            self.content_matches
            and all(r.intact for r in self.signatures)
            and not any(r.integrity is Integrity.CHANGED for r in self.signatures)
        ):  # a changed file says nothing about the store, whatever its marker claims
            lines.append(
                _("The content matches the decision list in the store (version {version}).").format(
                    version=self.marker.version
                )
            )
        if self.superseded_by is not None:
            lines.append(
                _("A later version ({version}) of this decision list exists.").format(
                    version=self.superseded_by
                )
            )
        lines.extend(self.notes)
        return lines


def verify_decision_list(store: Store | None, pdf: bytes, path: str = "") -> ListVerification:
    """Check a PDF's signatures (against the store's trusted roots) and its content (against the
    store's decision list).  Any PDF may be given; only an unreadable one raises."""
    roots = trusted_roots(store) if store is not None else []
    signatures = verify_signatures(pdf, roots, path)
    marker = read_marker(pdf, path)
    if store is None or marker is None:
        return ListVerification(path, signatures, marker)
    if marker.public:  # compared with what the store would publish now
        if not store.scalar("SELECT 1 FROM meeting WHERE id = ?", (marker.meeting_id,)):
            return ListVerification(path, signatures, marker, in_store=False)
        content = load_content(
            store, marker.meeting_id, public=True, decision_list_id=marker.decision_list_id or None
        )
        matches = fingerprint(content) == marker.fingerprint
        return ListVerification(path, signatures, marker, in_store=True, content_matches=matches)
    try:
        row = _list_row(store, marker, path)
    except NotADecisionList:
        return ListVerification(path, signatures, marker, in_store=False)
    if row["content_sha256"]:
        matches = row["content_sha256"] == marker.fingerprint
    else:
        content = load_content(store, marker.meeting_id, decision_list_id=row["id"])
        matches = fingerprint(content) == marker.fingerprint
    latest = _latest_list(store, marker.meeting_id)
    superseded = latest["version"] if latest and latest["version"] > row["version"] else None
    return ListVerification(
        path,
        signatures,
        marker,
        in_store=True,
        content_matches=matches,
        is_recorded_file=row["file_sha256"] == _sha256(pdf) if row["file_sha256"] else None,
        superseded_by=superseded,
    )


def sign_meeting_list(
    store: Store,
    actor: Actor,
    meeting_id: str,
    identity: SigningIdentity,
    role: Role,
    *,
    language: str = "nl",
    logo: bytes | None = None,
    timestamp_url: str | None = None,
    location: str = "",
) -> bytes:
    """What the app does when the chair or the secretary signs: the file to sign (a fresh draft
    for the chair, the chair's signed file for the secretary), signed and kept."""
    exported = export_decision_list(store, actor, meeting_id, language=language, logo=logo)
    return sign_decision_list(
        store,
        actor,
        exported.pdf,
        identity,
        role,
        timestamp_url=timestamp_url,
        location=location,
    )
