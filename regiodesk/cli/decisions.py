"""Decision lists and signatures on the command line.

    regiodesk-cli decisions export MEETING --out FILE.pdf [--public] [--json F] [--csv F]
    regiodesk-cli decisions sign FILE.pdf --as chair|secretary --identity P12_OR_ID [--out F]
    regiodesk-cli verify FILE.pdf
    regiodesk-cli signing authority --name NAME      (the region's own signing authority)
    regiodesk-cli signing issue --holder NAME --organisation ORG --out FILE.p12
    regiodesk-cli signing import FILE.p12 [--remember] | list | trust CERT.pem --name NAME

Passphrases are asked on the terminal, or read one per line from standard input with
``--passphrase-stdin``; they are never taken from the command line, where others could see them.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from regiodesk.errors import InvalidInput, NotFound
from regiodesk.i18n import _
from regiodesk.permissions import SYSTEM
from regiodesk.store import Store

EXIT_OK, EXIT_PROBLEMS = 0, 1


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    decisions = commands.add_parser("decisions", help=_("decision lists: export and sign"))
    actions = decisions.add_subparsers(dest="decisions_command", required=True, metavar="ACTION")
    export = actions.add_parser("export", help=_("write a meeting's decision list as PDF"))
    export.add_argument("meeting", help=_("the meeting: its id, or its PFO and number"))
    export.add_argument("--out", type=Path, required=True, help=_("the PDF file"))
    export.add_argument(
        "--public", action="store_true", help=_("the public version, without confidential items")
    )
    export.add_argument("--json", type=Path, help=_("also write the public decisions as JSON"))
    export.add_argument("--csv", type=Path, help=_("also write the public decisions as CSV"))
    sign = actions.add_parser("sign", help=_("sign an exported decision list"))
    sign.add_argument("file", type=Path, help=_("the decision list (PDF)"))
    sign.add_argument("--as", dest="role", choices=("chair", "secretary"), required=True)
    sign.add_argument(
        "--identity",
        required=True,
        help=_("a PKCS#12 file, or the start of the fingerprint of an imported one"),
    )
    sign.add_argument("--out", type=Path, help=_("where to write the signed file (default: FILE)"))
    sign.add_argument("--timestamp-url", help=_("a time-stamp service (RFC 3161) for PAdES B-T"))
    sign.add_argument("--location", default="", help=_("where it is signed"))
    _passphrase_option(sign)

    verify = commands.add_parser("verify", help=_("check the signatures of a decision list"))
    verify.add_argument("file", type=Path, help=_("the PDF"))

    signing = commands.add_parser("signing", help=_("signing certificates"))
    signing_actions = signing.add_subparsers(
        dest="signing_command", required=True, metavar="ACTION"
    )
    authority = signing_actions.add_parser(
        "authority", help=_("create the region's signing authority on this device")
    )
    authority.add_argument("--name", required=True, help=_("the authority's name"))
    _passphrase_option(authority)
    issue = signing_actions.add_parser(
        "issue", help=_("issue a signing certificate (PKCS#12) from the region's authority")
    )
    issue.add_argument("--holder", required=True, help=_("the holder's name"))
    issue.add_argument("--organisation", required=True, help=_("the holder's organisation"))
    issue.add_argument("--email", default="", help=_("the holder's e-mail address"))
    issue.add_argument("--out", type=Path, required=True, help=_("the PKCS#12 file to write"))
    _passphrase_option(issue)
    imported = signing_actions.add_parser("import", help=_("keep a PKCS#12 file on this device"))
    imported.add_argument("file", type=Path)
    imported.add_argument(
        "--remember", action="store_true", help=_("keep the passphrase in the OS keyring")
    )
    _passphrase_option(imported)
    signing_actions.add_parser("list", help=_("the signing certificates on this device"))
    trust = signing_actions.add_parser("trust", help=_("trust a root certificate on every device"))
    trust.add_argument("certificate", type=Path, help=_("the root certificate (PEM)"))
    trust.add_argument("--name", required=True)


def _passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help=_("read passphrases from standard input, one per line"),
    )


class _Passphrases:
    def __init__(self, from_stdin: bool) -> None:
        self.from_stdin = from_stdin

    def ask(self, prompt: str) -> str:
        if self.from_stdin:
            line = sys.stdin.readline()
            if not line:
                raise InvalidInput(field=_("passphrase"), reason=_("standard input ended"))
            return line.rstrip("\r\n")
        return getpass.getpass(prompt + " ")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise InvalidInput(field=str(path), reason=error.strerror or str(error)) from None


def decisions_command(store: Store, arguments: argparse.Namespace) -> int:
    if arguments.decisions_command == "export":
        return _export(store, arguments)
    return _sign(store, arguments)


def _export(store: Store, arguments: argparse.Namespace) -> int:
    from regiodesk.decision_list.signatures import export_decision_list
    from regiodesk.files import write_atomically
    from regiodesk.i18n import current_language
    from regiodesk.queries.meetings import find_meeting

    meeting_id = find_meeting(store, arguments.meeting)
    public = arguments.public or bool(arguments.json or arguments.csv)
    exported = export_decision_list(
        store, SYSTEM, meeting_id, language=current_language(), public=public
    )
    write_atomically(arguments.out, exported.pdf)
    print(_("Decision list written to {path}").format(path=arguments.out))
    if arguments.json or arguments.csv:
        from regiodesk.decision_list.content import load_content
        from regiodesk.decision_list.publication import to_csv, to_json

        content = load_content(store, meeting_id, public=True)
        if arguments.json:
            write_atomically(arguments.json, to_json(content))
            print(_("Public decisions written to {path}").format(path=arguments.json))
        if arguments.csv:
            write_atomically(arguments.csv, to_csv(content))
            print(_("Public decisions written to {path}").format(path=arguments.csv))
    return EXIT_OK


def _identity(arguments: argparse.Namespace, passphrases: _Passphrases) -> object:
    from regiodesk.signing.identity import load_pkcs12
    from regiodesk.signing.wallet import PassphraseNeeded, Wallet

    given = Path(arguments.identity)
    if given.is_file():
        secret = passphrases.ask(_("Passphrase of {path}:").format(path=given))
        return load_pkcs12(_read(given), secret, path=str(given))
    wallet = Wallet()
    matches = [i for i in wallet.identities() if i.sha256.startswith(arguments.identity.lower())]
    if len(matches) != 1:
        raise NotFound(kind=_("signing certificate"), id=arguments.identity)
    try:
        return wallet.open(matches[0].sha256)
    except PassphraseNeeded:
        secret = passphrases.ask(_("Passphrase of {name}:").format(name=matches[0].label))
        return wallet.open(matches[0].sha256, secret)


def _sign(store: Store, arguments: argparse.Namespace) -> int:
    from regiodesk.decision_list.signatures import sign_decision_list
    from regiodesk.files import write_atomically
    from regiodesk.signing.identity import SigningIdentity

    pdf = _read(arguments.file)
    identity = _identity(arguments, _Passphrases(arguments.passphrase_stdin))
    assert isinstance(identity, SigningIdentity)
    signed = sign_decision_list(
        store,
        SYSTEM,
        pdf,
        identity,
        arguments.role,
        timestamp_url=arguments.timestamp_url,
        location=arguments.location,
        path=str(arguments.file),
    )
    target = arguments.out or arguments.file
    write_atomically(target, signed)
    print(
        _("Signed as {role} by {signer}; written to {path}").format(
            role=_("chair") if arguments.role == "chair" else _("secretary"),
            signer=identity.subject,
            path=target,
        )
    )
    return EXIT_OK


def verify_command(store: Store | None, arguments: argparse.Namespace) -> int:
    from regiodesk.decision_list.signatures import verify_decision_list
    from regiodesk.i18n import format_datetime

    result = verify_decision_list(store, _read(arguments.file), str(arguments.file))
    for number, report in enumerate(result.signatures, start=1):
        role = {"chair": _("chair"), "secretary": _("secretary")}.get(report.field, report.field)
        print(
            _("Signature {number} ({role}): {signer}").format(
                number=number, role=role, signer=report.signer
            )
        )
        print("  " + report.verdict())
        when = format_datetime(report.signed_at) if report.signed_at else "?"
        print("  " + _("signed at: {when}").format(when=when))
        if report.timestamp:
            print("  " + _("time stamp: {when}").format(when=format_datetime(report.timestamp)))
        print("  " + _("covers: {coverage}").format(coverage=report.coverage()))
        print("  " + _("trusted certificate: {answer}").format(answer=_yes(report.trusted)))
    for line in result.findings()[len(result.signatures) :]:
        print(line)
    return EXIT_OK if result.ok and result.complete else EXIT_PROBLEMS


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def signing_command(store: Store, arguments: argparse.Namespace) -> int:
    from regiodesk.signing.wallet import Wallet

    wallet = Wallet()
    passphrases = _Passphrases(getattr(arguments, "passphrase_stdin", False))
    command = arguments.signing_command
    if command == "authority":
        return _create_authority(store, wallet, arguments.name, passphrases)
    if command == "issue":
        return _issue(store, wallet, arguments, passphrases)
    if command == "import":
        secret = passphrases.ask(_("Passphrase of {path}:").format(path=arguments.file))
        stored = wallet.import_pkcs12(
            _read(arguments.file), secret, remember=arguments.remember, path=str(arguments.file)
        )
        print(
            _("Imported {name}, valid until {date}").format(
                name=stored.label, date=stored.not_after
            )
        )
        return EXIT_OK
    if command == "list":
        for stored in wallet.identities():
            print(f"{stored.sha256[:16]}  {stored.label}  {stored.not_after}  {stored.issuer}")
        return EXIT_OK
    from regiodesk.commands.signing_roots import add_signing_root

    region_id = str(store.scalar("SELECT id FROM region WHERE deleted = 0 LIMIT 1"))
    text = _read(arguments.certificate).decode("ascii", errors="replace")
    add_signing_root(store, SYSTEM, region_id, arguments.name, text)
    print(_("Trusted on every device after the next sync: {name}").format(name=arguments.name))
    return EXIT_OK


def _create_authority(store: Store, wallet: object, name: str, passphrases: _Passphrases) -> int:
    from regiodesk.commands.signing_roots import add_signing_root
    from regiodesk.signing.authority import create_authority
    from regiodesk.signing.wallet import Wallet

    assert isinstance(wallet, Wallet)
    row = store.query("SELECT id, name FROM region WHERE deleted = 0 LIMIT 1")
    if not row:
        raise NotFound(kind=_("region"), id="")
    secret = passphrases.ask(_("New passphrase for the authority's key:"))
    authority = create_authority(name, row[0]["name"], secret)
    wallet.keep_authority_key(authority.sha256, authority.encrypted_key_pem, secret)
    add_signing_root(store, SYSTEM, row[0]["id"], name, authority.certificate_pem)
    print(
        _("Signing authority {name} created; fingerprint {sha}").format(
            name=name, sha=authority.sha256
        )
    )
    return EXIT_OK


def _issue(
    store: Store, wallet: object, arguments: argparse.Namespace, passphrases: _Passphrases
) -> int:
    from regiodesk.files import write_atomically
    from regiodesk.signing.authority import issue_signing_certificate, load_authority_key
    from regiodesk.signing.wallet import Wallet

    assert isinstance(wallet, Wallet)
    rows = store.query(
        "SELECT certificate_pem, sha256 FROM signing_authority "
        "WHERE deleted = 0 AND withdrawn_at IS NULL ORDER BY created_at DESC"
    )
    mine = [row for row in rows if wallet.has_authority_key(row["sha256"])]
    if not mine:
        raise NotFound(kind=_("key of the signing authority"), id=_("on this device"))
    sha = mine[0]["sha256"]
    secret = wallet.authority_passphrase(sha) or passphrases.ask(
        _("Passphrase of the authority's key:")
    )
    key = load_authority_key(wallet.authority_key(sha), secret)
    holder_secret = passphrases.ask(
        _("New passphrase for {holder}'s certificate:").format(holder=arguments.holder)
    )
    data = issue_signing_certificate(
        mine[0]["certificate_pem"],
        key,
        holder_name=arguments.holder,
        organisation=arguments.organisation,
        email=arguments.email,
        passphrase=holder_secret,
    )
    write_atomically(arguments.out, data, private=True)
    print(
        _("Signing certificate for {holder} written to {path}").format(
            holder=arguments.holder, path=arguments.out
        )
    )
    return EXIT_OK
