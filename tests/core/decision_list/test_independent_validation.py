"""An independent validator agrees: poppler's ``pdfsig`` (on NSS, not on pyHanko) finds two valid
signatures by trusted certificates, the last over the whole document, and a digest mismatch in a
changed copy."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from regiodesk.signing.authority import NewAuthority
from regiodesk.signing.identity import SigningIdentity
from tests.core.decision_list.conftest import Decided, sign_both

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdfsig") and shutil.which("certutil")),
    reason="needs pdfsig (poppler-utils) and certutil (libnss3-tools)",
)


def _pdfsig(pdf: Path, nss: Path) -> str:
    return subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss}", str(pdf)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    ).stdout


def _trusting(tmp_path: Path, authority: tuple[NewAuthority, object]) -> Path:
    nss = tmp_path / "nss"
    nss.mkdir()
    root = tmp_path / "root.pem"
    root.write_text(authority[0].certificate_pem)
    for command in (
        ["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"],
        ["certutil", "-A", "-d", f"sql:{nss}", "-n", "region", "-t", "CT,CT,CT", "-i", str(root)],
    ):
        subprocess.run(command, check=True, capture_output=True, timeout=60)
    return nss


def test_pdfsig_finds_two_valid_trusted_signatures_over_the_whole_document(
    closed: Decided,
    chair_identity: SigningIdentity,
    secretary_identity: SigningIdentity,
    authority: tuple[NewAuthority, object],
    tmp_path: Path,
) -> None:
    nss = _trusting(tmp_path, authority)
    signed = tmp_path / "besluitenlijst.pdf"
    signed.write_bytes(sign_both(closed, chair_identity, secretary_identity))
    report = _pdfsig(signed, nss)
    assert report.count("Signature Validation: Signature is Valid.") == 2, report
    assert report.count("Certificate Validation: Certificate is Trusted.") == 2, report
    assert "Signer Certificate Common Name: Anna Chair" in report
    assert "Signer Certificate Common Name: Sam Secretary" in report
    assert report.rstrip().count("Total document signed") == 1

    changed = tmp_path / "changed.pdf"
    data = bytearray(signed.read_bytes())
    data[data.index(b"/RegioDeskVersion") + 2] = ord("r")
    changed.write_bytes(bytes(data))
    assert "Digest Mismatch" in _pdfsig(changed, nss)
