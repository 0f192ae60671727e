"""Sync on the command line, for people and for scheduled tasks.

    regiodesk-cli sync --root PATH_OR_URL [--init] [--user NAME] [--password-stdin]
    regiodesk-cli bundle export FILE [--since YYYY-MM-DD]   /   bundle import FILE
    regiodesk-cli devices list | approve ID | revoke ID | new-id
    regiodesk-cli conflicts list
    regiodesk-cli snapshot FILE          (a new device starts from it with ``restore FILE``)

Exit codes a scheduled task can act on: 0 all done; 1 done, but something needs a person
(changes held in quarantine, conflicts, batches waiting); 3 the store cannot be used; 4 the input
is wrong; 5 the root cannot be used (not mounted, unreachable, login refused).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, time
from pathlib import Path

from regiodesk.errors import InvalidInput, NotFound
from regiodesk.i18n import _, format_datetime
from regiodesk.ids import short_id
from regiodesk.permissions import SYSTEM
from regiodesk.store import Store
from regiodesk.sync.root import Root

EXIT_OK, EXIT_ATTENTION, EXIT_ROOT = 0, 1, 5


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sync = commands.add_parser("sync", help=_("sync the store with a root (folder or WebDAV)"))
    sync.add_argument("--root", required=True, help=_("a folder, or a WebDAV address (https://)"))
    sync.add_argument(
        "--init", action="store_true", help=_("make a new root there first (on purpose only)")
    )
    sync.add_argument("--user", help=_("the WebDAV user name"))
    sync.add_argument(
        "--password-stdin",
        action="store_true",
        help=_("read the WebDAV password or token from standard input"),
    )

    bundle = commands.add_parser("bundle", help=_("the region's changes in one file"))
    bundle_actions = bundle.add_subparsers(dest="bundle_command", required=True, metavar="ACTION")
    export = bundle_actions.add_parser("export", help=_("write the changes to a bundle file"))
    export.add_argument("file", type=Path)
    export.add_argument(
        "--since", type=date.fromisoformat, help=_("only changes from this day (YYYY-MM-DD)")
    )
    take = bundle_actions.add_parser("import", help=_("take in the changes of a bundle file"))
    take.add_argument("file", type=Path)

    snapshot = commands.add_parser(
        "snapshot", help=_("a copy to start a new device from (without private notes)")
    )
    snapshot.add_argument("file", type=Path, help=_("the snapshot file to write"))

    devices = commands.add_parser("devices", help=_("the devices of the region"))
    device_actions = devices.add_subparsers(dest="devices_command", required=True, metavar="ACTION")
    device_actions.add_parser("list", help=_("every device, approved or waiting"))
    for name, text in (
        ("approve", _("approve a device: its changes apply from now on")),
        ("revoke", _("revoke a device: its changes are refused from now on")),
    ):
        action = device_actions.add_parser(name, help=text)
        action.add_argument("device", help=_("the device id (or its first or last characters)"))
    device_actions.add_parser(
        "new-id", help=_("give this store a new device id (after copying a store file)")
    )

    conflicts = commands.add_parser("conflicts", help=_("concurrent edits waiting for a person"))
    conflict_actions = conflicts.add_subparsers(
        dest="conflicts_command", required=True, metavar="ACTION"
    )
    conflict_actions.add_parser("list", help=_("the open conflicts"))


def _root(arguments: argparse.Namespace) -> Root:
    from regiodesk.sync.roots import open_root

    secret = sys.stdin.readline().rstrip("\r\n") if arguments.password_stdin else None
    return open_root(str(arguments.root), arguments.user, password=secret)


def sync_command(store: Store, arguments: argparse.Namespace) -> int:
    from regiodesk.sync.engine import create_root, sync
    from regiodesk.sync.folder import RootNotReady

    try:
        root = _root(arguments)
        if arguments.init:
            info = create_root(store, root)
            print(_("New root made: {root} ({id})").format(root=arguments.root, id=info["root_id"]))
        try:
            report = sync(store, root)
        finally:
            close = getattr(root, "close", None)
            if close is not None:
                close()
    except RootNotReady as error:
        print(f"regiodesk-cli: {error}", file=sys.stderr)
        return EXIT_ROOT
    print(
        _("Sent {sent}, received {received}, held back {held}, new conflicts {conflicts}.").format(
            sent=report.sent,
            received=report.received,
            held=report.quarantined,
            conflicts=report.conflicts,
        )
    )
    for note in report.notes:
        print("  " + note)
    if report.passed_over:
        print(
            "  "
            + _("Passed over (not batches): {files}").format(files=", ".join(report.passed_over))
        )
    attention = report.quarantined or report.conflicts or report.notes
    return EXIT_ATTENTION if attention else EXIT_OK


def bundle_command(store: Store, arguments: argparse.Namespace) -> int:
    from regiodesk.sync.bundle import export_bundle, import_bundle

    if arguments.bundle_command == "export":
        since = None
        if arguments.since is not None:
            from regiodesk.clock import COUNTER_SPAN
            from regiodesk.timeutil import AMSTERDAM

            moment = datetime.combine(arguments.since, time(0, 0), tzinfo=AMSTERDAM)
            since = int(moment.timestamp() * 1000) * COUNTER_SPAN - 1
        count = export_bundle(store, arguments.file, since)
        print(_("{count} changes written to {path}").format(count=count, path=arguments.file))
        return EXIT_OK
    try:
        data = arguments.file.read_bytes()
    except OSError as error:
        raise InvalidInput(field=str(arguments.file), reason=error.strerror or str(error)) from None
    report = import_bundle(store, data, str(arguments.file))
    print(
        _("Received {received}, held back {held}, new conflicts {conflicts}.").format(
            received=report.received, held=report.quarantined, conflicts=report.conflicts
        )
    )
    return EXIT_ATTENTION if report.quarantined or report.conflicts else EXIT_OK


def snapshot_command(store: Store, arguments: argparse.Namespace) -> int:
    from regiodesk.sync.snapshot import export_snapshot

    path = export_snapshot(store, arguments.file)
    print(
        _(
            "Snapshot written to {path}. A new device starts from it with "
            "'regiodesk-cli --store NEW.sqlite restore {path}', then syncs."
        ).format(path=path)
    )
    return EXIT_OK


def _device(store: Store, start: str) -> str:
    found = [
        str(row[0])
        for row in store.conn.execute(
            "SELECT device_id FROM trusted_device WHERE deleted = 0 "
            "AND (device_id LIKE ? OR replace(device_id, '-', '') LIKE ?)",
            (start.lower() + "%", "%" + start.lower().replace("-", "")),
        )
    ]
    if len(found) > 1:
        raise InvalidInput(
            field=_("device"),
            reason=_("several devices start with {start}; give more of the id").format(start=start),
        )
    if not found:
        raise NotFound(kind=_("device"), id=start)
    return found[0]


def devices_command(store: Store, arguments: argparse.Namespace) -> int:
    from regiodesk.sync.engine import approve_device

    command = arguments.devices_command
    if command == "list":
        for row in store.query(
            "SELECT t.device_id, t.name, t.approved_at, t.revoked_at, p.name AS person "
            "FROM trusted_device t LEFT JOIN person p ON p.id = t.person_id "
            "WHERE t.deleted = 0 ORDER BY t.approved_at IS NULL DESC, t.device_id"
        ):
            state = (
                _("revoked")
                if row["revoked_at"]
                else _("approved")
                if row["approved_at"]
                else _("waiting for approval")
            )
            mine = " *" if row["device_id"] == store.device_id else ""
            print(
                f"{row['device_id']}{mine}  {state}  {row['person'] or ''} {row['name']}".rstrip()
            )
        return EXIT_OK
    if command == "new-id":
        old = store.device_id
        store.become_new_device()
        print(
            _("This store was device {old}; it is now device {new}.").format(
                old=short_id(old), new=short_id(store.device_id)
            )
        )
        return EXIT_OK
    device = _device(store, arguments.device)
    if command == "approve":
        approve_device(store, SYSTEM.person_id, device)
        print(
            _("Device {device} approved; its changes apply at the next sync.").format(
                device=short_id(device)
            )
        )
        return EXIT_OK
    from regiodesk.commands.conflicts import revoke_device

    revoke_device(store, SYSTEM, device)
    print(_("Device {device} revoked.").format(device=short_id(device)))
    return EXIT_OK


def conflicts_command(store: Store, _arguments: argparse.Namespace) -> int:
    rows = store.query(
        "SELECT entity, entity_id, field, value_a, value_b, found_at FROM sync_conflict "
        "WHERE deleted = 0 AND resolved_at IS NULL ORDER BY found_at"
    )
    from regiodesk.timeutil import from_text

    for row in rows:
        print(
            f"{format_datetime(from_text(row['found_at']))}  {row['entity']}.{row['field']} "
            f"({row['entity_id'][:8]})"
        )
        print("  A: " + row["value_a"])
        print("  B: " + row["value_b"])
    if not rows:
        print(_("No open conflicts."))
    return EXIT_ATTENTION if rows else EXIT_OK
