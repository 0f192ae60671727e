"""``regiodesk-cli signing``, ``decisions export|sign`` and ``verify`` (regiodesk/cli/decisions.py):
the secretariat's whole round on the demo region, and the faults on the way."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from regiodesk.cli.main import EXIT_INPUT, EXIT_OK, main
from regiodesk.store import Store

EXIT_PROBLEMS = 1


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


def closed_meeting(path: Path) -> str:
    with Store.open(path, create=False) as store:
        return str(
            store.scalar(
                "SELECT id FROM meeting WHERE status = 'closed' AND deleted = 0 "
                "ORDER BY starts_at DESC LIMIT 1"
            )
        )


def test_the_secretariat_round_from_authority_to_verified_list(
    demo_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = ["--store", str(demo_path)]
    p12, pdf = tmp_path / "chair.p12", tmp_path / "list.pdf"
    code, out, _err = run(
        capsys,
        monkeypatch,
        *store,
        "signing",
        "authority",
        "--name",
        "Twente",
        "--passphrase-stdin",
        stdin="authority-secret\n",
    )
    assert code == EXIT_OK
    assert "Signing authority Twente created" in out
    code, out, _err = run(
        capsys,
        monkeypatch,
        *store,
        "signing",
        "issue",
        "--holder",
        "Anna Chair",
        "--organisation",
        "Gemeente Enschede",
        "--out",
        str(p12),
        "--passphrase-stdin",
        stdin="authority-secret\nholder-secret\n",
    )
    assert code == EXIT_OK
    assert p12.is_file()

    meeting = closed_meeting(demo_path)
    code, out, err = run(
        capsys, monkeypatch, *store, "decisions", "export", meeting, "--out", str(pdf)
    )
    assert (code, err) == (EXIT_OK, "")
    for role in ("chair", "secretary"):
        code, out, err = run(
            capsys,
            monkeypatch,
            *store,
            "decisions",
            "sign",
            str(pdf),
            "--as",
            role,
            "--identity",
            str(p12),
            "--passphrase-stdin",
            stdin="holder-secret\n",
        )
        assert (code, err) == (EXIT_OK, "")
        assert f"Signed as {role} by Anna Chair" in out

    code, out, err = run(capsys, monkeypatch, *store, "verify", str(pdf))
    assert code == EXIT_OK, out
    assert out.count("Valid: signed by Anna Chair") == 2
    assert "The content matches the decision list in the store (version 1)." in out

    changed = tmp_path / "changed.pdf"
    changed.write_bytes(pdf.read_bytes() + b"\n%edited\n")
    code, out, err = run(capsys, monkeypatch, *store, "verify", str(changed))
    assert code == EXIT_PROBLEMS
    assert "changed after signing" in out


def test_faults_get_one_clear_line_and_leave_no_file(
    demo_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = ["--store", str(demo_path)]
    pdf = tmp_path / "list.pdf"
    not_p12 = tmp_path / "cert.p12"
    not_p12.write_bytes(b"not a certificate")
    run(
        capsys,
        monkeypatch,
        *store,
        "decisions",
        "export",
        closed_meeting(demo_path),
        "--out",
        str(pdf),
    )
    before = pdf.read_bytes()
    code, _out, err = run(
        capsys,
        monkeypatch,
        *store,
        "decisions",
        "sign",
        str(pdf),
        "--as",
        "chair",
        "--identity",
        str(not_p12),
        "--passphrase-stdin",
        stdin="x\n",
    )
    assert code == EXIT_INPUT
    assert "is not a signing certificate file" in err
    assert pdf.read_bytes() == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]

    with Store.open(demo_path, create=False) as opened:
        draft = opened.scalar("SELECT id FROM meeting WHERE status = 'draft' LIMIT 1")
    code, _out, err = run(
        capsys,
        monkeypatch,
        *store,
        "decisions",
        "export",
        str(draft),
        "--out",
        str(tmp_path / "d.pdf"),
    )
    assert code == EXIT_INPUT
    assert "made of a closed meeting" in err
    assert not (tmp_path / "d.pdf").exists()

    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF-1.4 nothing here")
    code, _out, err = run(capsys, monkeypatch, *store, "verify", str(other))
    assert code == EXIT_INPUT
    assert "cannot be read as a PDF" in err


def test_the_public_export_writes_json_and_csv_without_signing(
    demo_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "public.pdf"
    code, _out, err = run(
        capsys,
        monkeypatch,
        "--store",
        str(demo_path),
        "decisions",
        "export",
        closed_meeting(demo_path),
        "--out",
        str(target),
        "--public",
        "--json",
        str(tmp_path / "public.json"),
        "--csv",
        str(tmp_path / "public.csv"),
    )
    assert (code, err) == (EXIT_OK, "")
    assert target.read_bytes().startswith(b"%PDF")
    assert json.loads((tmp_path / "public.json").read_bytes())
    assert (tmp_path / "public.csv").stat().st_size > 0
