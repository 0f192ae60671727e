"""A 40-item decision list built and signed by the chair: under 0.5 s, and within 2x of building
and signing the same content with bare reportlab and pyHanko calls, in the same run.

* ours: ``export_decision_list`` (read the store, lay out the list, add the marker and the two
  signature fields) + ``sign_decision_list`` as chair (read the marker, check the file against
  the store, sign with a visible block, keep the file, record the signature and the audit event);
* the floor: the same texts laid out with plain platypus (see ``bench_decision_list_pdf``) and
  signed with bare pyHanko calls (one field, one signature, the same key).

Between runs of ours the recorded signature is taken out again (not timed).  The figure is the
ratio of the best times.

    .venv/bin/python bench/bench_sign_decision_list.py [--items 40] [--repeat 10]
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import Any

import common
from bench_decision_list_pdf import bare_reportlab, build_meeting

TARGET = 2.0
LIMIT_S = 0.5


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=40, help="agenda items (default 40)")
    parser.add_argument("--repeat", type=int, default=10, help="timed runs of each (default 10)")
    common.add_common_arguments(parser)
    return parser.parse_args(argv)


def identity() -> tuple[Any, str]:
    from regiodesk.signing.authority import (
        create_authority,
        issue_signing_certificate,
        load_authority_key,
    )
    from regiodesk.signing.identity import load_pkcs12

    made = create_authority("Bench authority", "Regio Twente", "bench-passphrase")
    key = load_authority_key(made.encrypted_key_pem, "bench-passphrase")
    data = issue_signing_certificate(
        made.certificate_pem, key, holder_name="Chair", organisation="Bench", passphrase="holder-1"
    )
    return load_pkcs12(data, "holder-1"), made.certificate_pem


def bare_sign(pdf: bytes, signing: Any) -> bytes:
    """The floor's signature: pyHanko's own calls, nothing around them."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    der = serialization.Encoding.DER
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(signing.certificate.public_bytes(der)),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            signing.private_key.private_bytes(
                der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
        cert_registry=None,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    fields.append_signature_field(
        writer, fields.SigFieldSpec("chair", on_page=0, box=(60, 60, 290, 130))
    )
    meta = signers.PdfSignatureMetadata(field_name="chair", subfilter=fields.SigSeedSubFilter.PADES)
    out = io.BytesIO()
    signers.PdfSigner(meta, signer).sign_pdf(writer, output=out)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    from regiodesk.commands.signing_roots import add_signing_root
    from regiodesk.decision_list.content import load_content
    from regiodesk.decision_list.signatures import export_decision_list, sign_decision_list
    from regiodesk.permissions import SYSTEM
    from regiodesk.store import Store

    report = common.Report("sign_decision_list")
    report.note(__doc__.split("\n\n")[0].replace("\n", " "))
    folder = common.scratch_dir("sign-decision-list-")
    path = Path(folder) / "bench.sqlite"
    store = Store.open(path)
    try:
        meeting_id = build_meeting(store, arguments.items)
        store.conn.execute("UPDATE meeting SET status = 'closed' WHERE id = ?", (meeting_id,))
        signing, root = identity()
        add_signing_root(store, SYSTEM, str(store.scalar("SELECT id FROM region")), "Bench", root)
        content = load_content(store, meeting_id)

        def ours() -> bytes:
            exported = export_decision_list(store, SYSTEM, meeting_id, language="nl")
            return sign_decision_list(store, SYSTEM, exported.pdf, signing, "chair")

        def reset() -> None:
            store.conn.execute("DELETE FROM decision_list WHERE meeting_id = ?", (meeting_id,))

        def floor() -> bytes:
            return bare_sign(bare_reportlab(content), signing)

        signed, plain = ours(), floor()  # warm-up: imports, fonts, styles
        reset()
        times = common.interleaved({"ours": ours, "floor": floor}, arguments.repeat, after=reset)
    finally:
        store.close()
        common.remove_store_files(path)
    report.line("agenda items", len(content.items))
    report.line("size signed, ours", len(signed), "bytes")
    report.line("size signed, bare", len(plain), "bytes")
    report.line("built and signed, ours (min)", common.ms(min(times["ours"])), "ms")
    report.line("built and signed, ours (median)", common.ms(common.median(times["ours"])), "ms")
    report.line("bare reportlab + pyHanko (min)", common.ms(min(times["floor"])), "ms")
    report.line("under 0.5 s", "yes" if min(times["ours"]) < LIMIT_S else "NO")
    report.summary("ratio", min(times["ours"]) / min(times["floor"]), "<=", TARGET)
    report.write_json(arguments.json)
    return report.exit_code(arguments.strict)


if __name__ == "__main__":
    sys.exit(main())
