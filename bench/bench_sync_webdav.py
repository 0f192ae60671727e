"""A sync of 50 new changes through a WebDAV server on this machine: under 500 ms, and how it
compares to the same sync through a folder root, in the same run.

Two pairs of stores (a sender and a receiver each, copies of one store holding a region and a
meeting with ten agenda items) meet, one pair through a WebDAV root (wsgidav in a cheroot thread
on 127.0.0.1, over http with basic authentication), the other through a folder root.  Each round
the secretariat makes the same 50 changes (agenda item titles) on both senders (not timed); then,
taking turns, each sender's sync (sends the 50) and each receiver's sync (brings them in) is timed.
The roots and stores are on the repository's disk (``bench/.cache/tmp``).  The figure is the
slower of the two WebDAV syncs (best of the rounds); the ratios compare each to the folder root.

    .venv/bin/python bench/bench_sync_webdav.py [--changes 50] [--repeat 10]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import threading
from pathlib import Path
from typing import Any

import common

LIMIT_MS = 500.0
USER = "bench"
PASSWORD = "bench-secret"


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--changes", type=int, default=50, help="changes a round (default 50)")
    parser.add_argument("--repeat", type=int, default=10, help="timed rounds (default 10)")
    common.add_common_arguments(parser)
    return parser.parse_args(argv)


class LoopbackDav:
    """wsgidav serving ``folder`` on 127.0.0.1 (a free port), in a thread, until ``stop``."""

    def __init__(self, folder: Path) -> None:
        import logging

        from cheroot import wsgi
        from wsgidav.fs_dav_provider import FilesystemProvider
        from wsgidav.wsgidav_app import WsgiDAVApp

        logging.getLogger("wsgidav").setLevel(logging.ERROR)
        app = WsgiDAVApp(
            {
                "provider_mapping": {"/": FilesystemProvider(str(folder))},
                "http_authenticator": {
                    "domain_controller": None,
                    "accept_basic": True,
                    "accept_digest": False,
                    "default_to_digest": False,
                },
                "simple_dc": {"user_mapping": {"*": {USER: {"password": PASSWORD}}}},
                "verbose": 1,
                "logging": {"enable": False},
                "dir_browser": {"enable": False},
                "property_manager": None,
                "lock_storage": None,
            }
        )
        self.server = wsgi.Server(("127.0.0.1", 0), app, numthreads=2)
        self.server.prepare()
        self.url = f"http://127.0.0.1:{self.server.bind_addr[1]}/"
        self.thread = threading.Thread(target=self.server.serve, name="wsgidav", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.stop()
        self.thread.join(10)


def counting_root(url: str) -> Any:
    """A WebDavRoot that counts its requests (to report how many one sync takes)."""
    from regiodesk.sync.webdav import WebDavRoot

    class Counting(WebDavRoot):
        requests = 0

        def _request(self, method: str, relative: str, **options: Any) -> Any:
            Counting.requests += 1
            return super()._request(method, relative, **options)

    return Counting(url, USER, PASSWORD)


class Pair:
    """A sender and a receiver meeting through ``root``; each signs with its own key."""

    def __init__(self, template: Path, folder: Path, name: str, root: Any) -> None:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        from regiodesk.store import Store
        from regiodesk.sync.engine import trust_device
        from regiodesk.sync.keys import public_text

        self.root = root
        self.stores = []
        for role in ("sender", "receiver"):
            path = folder / f"{name}-{role}.sqlite"
            shutil.copyfile(template, path)
            self.stores.append(Store.open(path))
        self.sender, self.receiver = self.stores
        self.receiver.become_new_device()
        self.keys = {store.device_id: Ed25519PrivateKey.generate() for store in self.stores}
        region = str(self.sender.scalar("SELECT code FROM region WHERE deleted = 0 LIMIT 1") or "")
        root.create(region, self.sender.device_id)
        for store in self.stores:
            for device_id, key in self.keys.items():
                trust_device(store, None, device_id, public_text(key), None, "bench")

    def sync(self, store: Any) -> Any:
        from regiodesk.sync.engine import sync

        return sync(store, self.root, key=self.keys[store.device_id])

    def close(self) -> None:
        for store in self.stores:
            store.close()
        close = getattr(self.root, "close", None)
        if close is not None:
            close()


def make_changes(store: Any, items: list[str], count: int, round_no: int) -> int:
    """``count`` new change-log entries by the secretariat: agenda item titles."""
    from regiodesk.commands.agenda import update_agenda_item
    from regiodesk.permissions import SYSTEM

    before = store.next_seq
    n = 0
    while store.next_seq - before < count:
        item = items[n % len(items)]
        update_agenda_item(store, SYSTEM, item, title=f"Programma {n}, ronde {round_no}")
        n += 1
    return int(store.next_seq - before)


def template_store(folder: Path) -> tuple[Path, list[str]]:
    """A store with the region and a draft meeting of ten agenda items, and those items."""
    from bench_decision_list_pdf import build_meeting

    from regiodesk.store import Store

    path = folder / "template.sqlite"
    store = Store.open(path)
    try:
        meeting_id = build_meeting(store, 10)
        items = [
            str(row[0])
            for row in store.conn.execute(
                "SELECT id FROM agenda_item WHERE meeting_id = ? ORDER BY id", (meeting_id,)
            )
        ]
        store.conn.execute("UPDATE meeting SET status = 'draft' WHERE id = ?", (meeting_id,))
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    return path, items


class Rounds:
    """The timed rounds: the same changes on both senders, then each sync timed in turn."""

    def __init__(self, dav: Pair, plain: Pair, items: list[str]) -> None:
        self.pairs = {"webdav": dav, "folder": plain}
        self.items = items
        self.times: dict[str, list[float]] = {}
        self.moved: dict[str, int] = {}
        self.requests: dict[str, int] = {}
        self.made = 0

    def run(self, changes: int, repeat: int) -> None:
        for pair in self.pairs.values():  # the history so far: sent and taken in, not timed
            pair.sync(pair.sender)
            pair.sync(pair.receiver)
            pair.sync(pair.sender)
        for round_no in range(repeat + 1):  # round 0 warms up
            for pair in self.pairs.values():
                self.made = make_changes(pair.sender, self.items, changes, round_no)
            for phase in ("send", "receive"):
                kinds = ["webdav", "folder"] if round_no % 2 == 0 else ["folder", "webdav"]
                with common.gc_paused():
                    for kind in kinds:
                        self._one(kind, phase, timed=round_no > 0)

    def _one(self, kind: str, phase: str, *, timed: bool) -> None:
        pair = self.pairs[kind]
        name = f"{kind} {phase}"
        counted = getattr(type(pair.root), "requests", 0)
        seconds, result = common.timed(
            lambda: pair.sync(pair.sender if phase == "send" else pair.receiver)
        )
        self.requests[name] = getattr(type(pair.root), "requests", 0) - counted
        self.moved[name] = result.sent if phase == "send" else result.received
        if timed:
            self.times.setdefault(name, []).append(seconds)


def print_figures(report: common.Report, rounds: Rounds, changes: int) -> None:
    times = rounds.times
    report.line("changes made a round", rounds.made)
    for phase in ("send", "receive"):
        report.line(
            f"changes a {phase} (webdav / folder)",
            f"{rounds.moved[f'webdav {phase}']} / {rounds.moved[f'folder {phase}']}",
        )
    report.line(
        "requests of a webdav send / receive",
        f"{rounds.requests['webdav send']} / {rounds.requests['webdav receive']}",
    )
    for name in ("webdav send", "folder send", "webdav receive", "folder receive"):
        report.line(f"{name} (min)", common.ms(min(times[name])), "ms")
        report.line(f"{name} (median)", common.ms(common.median(times[name])), "ms")
    for phase in ("send", "receive"):
        ratio = min(times[f"webdav {phase}"]) / min(times[f"folder {phase}"])
        report.line(f"ratio webdav / folder, {phase}", ratio, "x", digits=2)
    slower = max(min(times["webdav send"]), min(times["webdav receive"]))
    report.summary(f"webdav sync of {changes} changes", common.ms(slower), "<", LIMIT_MS, "ms")


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    from regiodesk.sync.folder import FolderRoot

    report = common.Report("sync_webdav")
    report.note(__doc__.split("\n\n")[0].replace("\n", " "))
    folder = common.scratch_dir("sync-webdav-")
    server: LoopbackDav | None = None
    pairs: list[Pair] = []
    try:
        template, items = template_store(folder)
        (folder / "dav" / "regio").mkdir(parents=True)
        (folder / "folder-root").mkdir()
        server = LoopbackDav(folder / "dav")
        pairs.append(Pair(template, folder, "dav", counting_root(server.url + "regio/")))
        pairs.append(Pair(template, folder, "folder", FolderRoot(folder / "folder-root")))
        rounds = Rounds(pairs[0], pairs[1], items)
        rounds.run(arguments.changes, arguments.repeat)
    finally:
        for pair in pairs:
            pair.close()
        if server is not None:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    print_figures(report, rounds, arguments.changes)
    report.write_json(arguments.json)
    return report.exit_code(arguments.strict)


if __name__ == "__main__":
    sys.exit(main())
