"""Sync through a real WebDAV server (wsgidav in a cheroot thread on 127.0.0.1, started here), and
what a refused login, a server in trouble, a broken connection or an untrusted certificate do: a
clear message, and nothing changed or lost.  Nothing here talks to another address."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import ssl
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cheroot import wsgi
from wsgidav.fs_dav_provider import FilesystemProvider
from wsgidav.wsgidav_app import WsgiDAVApp

from regiodesk.commands.positions import record_position
from regiodesk.model.enums import PositionKind
from regiodesk.sync.engine import sync
from regiodesk.sync.folder import FolderRoot, RootNotReady
from regiodesk.sync.roots import PasswordNeeded, open_root
from regiodesk.sync.webdav import WebDavRoot, remember_webdav_password, webdav_credentials
from tests.conftest import MemoryKeyring
from tests.core.sync.conftest import Device

USER = "secretariaat"
PASSWORD = "Zeer-geheim-42"
LOOPBACK = "127.0.0.1"
Environ = dict[str, Any]


# The servers -------------------------------------------------------------------------------------


class Faults:
    """WSGI middleware before wsgidav: records every request and answers some with an error."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.seen: list[tuple[str, str]] = []
        #: A status to answer instead of wsgidav (or a status and a body), or None.
        self.rule: Callable[[Environ], int | tuple[int, bytes] | None] = lambda environ: None

    def __call__(self, environ: Environ, start_response: Callable[..., Any]) -> Iterable[bytes]:
        self.seen.append((environ["REQUEST_METHOD"], environ["PATH_INFO"]))
        answer = self.rule(environ)
        if answer is None:
            return self.app(environ, start_response)
        status, body = answer if isinstance(answer, tuple) else (answer, b"injected failure")
        start_response(
            f"{status} Injected",
            [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))],
        )
        return [body]


class DavServer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        app = WsgiDAVApp(
            {
                "provider_mapping": {"/": FilesystemProvider(str(folder))},
                "http_authenticator": {
                    "domain_controller": None,  # the simple one, with the users below
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
        self.faults = Faults(app)
        self.server = wsgi.Server((LOOPBACK, 0), self.faults, numthreads=2, timeout=5)
        self.server.prepare()
        self.port = int(self.server.bind_addr[1])
        self.thread = threading.Thread(target=self.server.serve, name="wsgidav", daemon=True)
        self.thread.start()

    def url(self, path: str = "regio/") -> str:
        return f"http://{LOOPBACK}:{self.port}/{path}"

    def stop(self) -> None:
        self.server.stop()
        self.thread.join(10)
        assert not self.thread.is_alive()

    def files(self) -> dict[str, bytes]:
        return {
            str(p.relative_to(self.folder)): p.read_bytes()
            for p in sorted(self.folder.rglob("*"))
            if p.is_file()
        }


class RawServer:
    """A loopback server that misbehaves below HTTP: it drops each connection, keeps silent, or
    answers the TLS handshake with a certificate nobody trusts."""

    def __init__(self, mode: str, context: ssl.SSLContext | None = None) -> None:
        self.mode = mode
        self.context = context
        self.connections = 0
        self.listener = socket.create_server((LOOPBACK, 0))
        self.listener.settimeout(0.1)
        self.port = int(self.listener.getsockname()[1])
        self.stopping = threading.Event()
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, name=f"raw-{mode}", daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _peer = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            connection.settimeout(2)
            try:
                if self.mode == "tls" and self.context is not None:
                    connection = self.context.wrap_socket(connection, server_side=True)
                connection.recv(65536)
            except OSError:
                pass
            if self.mode == "silent":
                self.held.append(connection)
            else:
                connection.close()

    def url(self, scheme: str = "http") -> str:
        return f"{scheme}://{LOOPBACK}:{self.port}/regio/"

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(10)
        assert not self.thread.is_alive()
        self.listener.close()
        for connection in self.held:
            connection.close()


@pytest.fixture
def dav(tmp_path: Path) -> Iterator[DavServer]:
    folder = tmp_path / "dav"
    folder.mkdir()
    server = DavServer(folder)
    yield server
    server.stop()


@pytest.fixture
def root(dav: DavServer) -> Iterator[WebDavRoot]:
    """Overrides the folder root of ``conftest``: the ``devices`` fixture meets through WebDAV."""
    (dav.folder / "regio").mkdir()
    with WebDavRoot(dav.url(), USER, PASSWORD) as made:
        yield made


@pytest.fixture
def raw_server() -> Iterator[Callable[..., RawServer]]:
    started: list[RawServer] = []

    def start(mode: str, context: ssl.SSLContext | None = None) -> RawServer:
        started.append(RawServer(mode, context))
        return started[-1]

    yield start
    for server in started:
        server.stop()


# Helpers -----------------------------------------------------------------------------------------


def _record(device: Device, reason: str, municipality: str = "Almelo") -> None:
    record_position(
        device.store,
        device.world.member_hengelo if municipality == "Hengelo" else device.world.member,
        device.world.decision_item,
        device.world.m(municipality),
        PositionKind.DISAGREE,
        reason,
    )


def _reason(device: Device, municipality: str = "Almelo") -> str | None:
    return device.store.scalar(
        "SELECT reason FROM position WHERE agenda_item_id = ? AND municipality_id = ?",
        (device.world.decision_item, device.world.m(municipality)),
    )


def _state(device: Device) -> tuple[list[Any], ...]:
    conn = device.store.conn
    return (
        sorted(conn.execute("SELECT entry_id FROM change_log")),
        sorted(conn.execute("SELECT id, kind, reason FROM position")),
        sorted(conn.execute("SELECT id, field, value_a, value_b FROM sync_conflict")),
        sorted(conn.execute("SELECT device_id, seq FROM sync_mark")),
    )


def _refused(device: Device, root: WebDavRoot, words: str) -> RootNotReady:
    before = _state(device)
    with pytest.raises(RootNotReady, match=words) as caught:
        sync(device.store, root)
    assert _state(device) == before
    assert PASSWORD not in str(caught.value)
    return caught.value


# Two stores meeting through WebDAV ---------------------------------------------------------------


def test_two_stores_meet_through_webdav_and_end_identical(
    devices: Callable[[int], list[Device]], dav: DavServer
) -> None:
    a, b = devices(2)  # a, offline, and b both edit the same position
    _record(a, "Eerst de raad")
    _record(b, "Past niet in de begroting")
    _record(b, "Akkoord", municipality="Hengelo")
    assert b.sync().sent >= 2
    assert a.sync().received >= 2
    for _round in range(2):  # the conflicts each side records travel too
        b.sync()
        a.sync()
    assert (a.sync().received, b.sync().received) == (0, 0)
    assert _state(a)[:3] == _state(b)[:3]
    assert _reason(a, "Hengelo") == _reason(b, "Hengelo") == "Akkoord"
    conflicts = _state(a)[2]
    assert len(conflicts) == 1
    assert {conflicts[0][2], conflicts[0][3]} == {"Eerst de raad", "Past niet in de begroting"}
    files = dav.files()
    assert "regio/root.json" in files
    for device in (a, b):
        assert any(f"/{device.store.device_id}/" in n and n.endswith(".batch") for n in files)
    assert not [name for name in files if "/.tmp-" in name]  # every write was moved in place
    methods = {method for method, _path in dav.faults.seen}
    assert {"PROPFIND", "GET", "PUT", "MOVE"} <= methods


def test_conflict_copies_and_temporary_files_are_passed_over(
    devices: Callable[[int], list[Device]], dav: DavServer
) -> None:
    a, b = devices(2)
    _record(b, "Te duur")
    b.sync()
    (batch,) = (dav.folder / "regio" / "devices" / b.store.device_id).glob("*.batch")
    for name in (
        batch.stem + " (conflicted copy).batch",
        batch.stem + ".sync-conflict-20261128-120000-ABCDEF.batch",
        ".tmp-abc123",
        "~lock.batch#",
    ):
        shutil.copyfile(batch, batch.with_name(name))
    (batch.parent / "000000000001-000000000009.batch").mkdir()  # a folder with a batch's name
    report = a.sync()
    assert report.received >= 1
    assert len(report.passed_over) == 4  # the hidden temporary file is not even mentioned
    assert _reason(a) == "Te duur"
    assert a.sync().received == 0


# Refusals: nothing changes -----------------------------------------------------------------------


def test_a_wrong_password_is_refused_clearly_and_nothing_changes(
    devices: Callable[[int], list[Device]], dav: DavServer
) -> None:
    a, b = devices(2)
    _record(b, "Te duur")
    b.sync()
    files = dav.files()
    with WebDavRoot(dav.url(), USER, "fout-wachtwoord") as wrong:
        error = _refused(a, wrong, "refused the user name or the password")
        assert "fout-wachtwoord" not in str(error) + repr(wrong)
    with WebDavRoot(dav.url(), None, None) as anonymous:
        _refused(a, anonymous, "asks for a user name and a password")
    assert dav.files() == files
    assert _reason(a) is None


def test_a_server_error_is_reported_and_nothing_changes(
    devices: Callable[[int], list[Device]], dav: DavServer
) -> None:
    a, b = devices(2)
    _record(b, "Te duur")
    b.sync()
    dav.faults.rule = lambda environ: 500 if environ["REQUEST_METHOD"] == "PROPFIND" else None
    _refused(a, a.root, r"server has a problem \(HTTP 500\); try again later")  # type: ignore[arg-type]
    dav.faults.rule = lambda environ: None
    assert a.sync().received >= 1


def test_a_failed_write_leaves_no_half_batch_and_is_sent_next_time(
    devices: Callable[[int], list[Device]], dav: DavServer
) -> None:
    a, b = devices(2)
    b.sync()
    before = dav.files()
    _record(b, "Te duur")
    dav.faults.rule = lambda environ: 507 if environ["REQUEST_METHOD"] == "MOVE" else None
    with pytest.raises(RootNotReady, match="no space left"):
        b.sync()
    assert dav.files() == before  # no new batch, and no temporary file left behind
    dav.faults.rule = lambda environ: None
    assert b.sync().sent >= 1
    a.sync()
    assert _reason(a) == "Te duur"


def test_a_briefly_unavailable_server_is_tried_again(
    devices: Callable[[int], list[Device]], dav: DavServer
) -> None:
    a, b = devices(2)
    _record(b, "Te duur")
    b.sync()
    answers = iter([503, 503])
    dav.faults.rule = lambda environ: next(answers, None)
    assert a.sync().received >= 1  # two refusals, then the third attempt succeeds
    assert _reason(a) == "Te duur"


def test_a_hostile_folder_listing_is_refused_not_expanded(
    devices: Callable[[int], list[Device]], dav: DavServer
) -> None:
    (a,) = devices(1)
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        b'<d:multistatus xmlns:d="DAV:"><d:response><d:href>&b;</d:href></d:response>'
        b"</d:multistatus>"
    )
    dav.faults.rule = lambda environ: (
        (207, laughs) if environ["REQUEST_METHOD"] == "PROPFIND" else None
    )
    _refused(a, a.root, "listing was not understood")  # type: ignore[arg-type]


def test_a_root_without_root_json_is_refused_and_left_alone(world: Any, dav: DavServer) -> None:
    (dav.folder / "regio").mkdir()
    with WebDavRoot(dav.url(), USER, PASSWORD) as empty:
        with pytest.raises(RootNotReady, match=r"no root\.json"):
            sync(world.store, empty)
        assert dav.files() == {}
        assert [method for method, _path in dav.faults.seen] == ["GET", "PROPFIND"]
    with (
        WebDavRoot(dav.url("elders/"), USER, PASSWORD) as missing,
        pytest.raises(RootNotReady, match="address is wrong or the folder does not exist"),
    ):
        sync(world.store, missing)


# Connections that fail ---------------------------------------------------------------------------


def test_a_dropped_connection_is_reported_after_a_few_attempts(
    world: Any, raw_server: Callable[..., RawServer]
) -> None:
    server = raw_server("drop")
    with (
        WebDavRoot(server.url(), USER, PASSWORD) as root,
        pytest.raises(RootNotReady, match="connection to the server broke off") as caught,
    ):
        sync(world.store, root)
    assert server.connections == 3
    assert PASSWORD not in str(caught.value)


def test_a_silent_server_times_out(world: Any, raw_server: Callable[..., RawServer]) -> None:
    server = raw_server("silent")
    with (
        WebDavRoot(server.url(), USER, PASSWORD, timeout=0.5) as root,
        pytest.raises(RootNotReady, match=r"did not answer within 0\.5 seconds"),
    ):
        sync(world.store, root)


def test_a_server_that_is_not_there_is_reported(world: Any) -> None:
    with socket.create_server((LOOPBACK, 0)) as probe:
        port = probe.getsockname()[1]  # free now, and nobody listens once it is closed
    with (
        WebDavRoot(f"http://{LOOPBACK}:{port}/regio/", USER, PASSWORD) as root,
        pytest.raises(RootNotReady, match="cannot be reached"),
    ):
        sync(world.store, root)


def _self_signed(folder: Path) -> ssl.SSLContext:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, LOOPBACK)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    (folder / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    return context


def test_an_untrusted_certificate_is_refused(
    world: Any, raw_server: Callable[..., RawServer], tmp_path: Path
) -> None:
    server = raw_server("tls", _self_signed(tmp_path))
    with (
        WebDavRoot(server.url("https"), USER, PASSWORD) as root,
        pytest.raises(RootNotReady, match="certificate is not trusted"),
    ):
        sync(world.store, root)


def test_plain_http_is_refused_for_any_other_host() -> None:
    for url in ("http://cloud.example.org/dav/", "http://192.168.1.20/dav/"):
        with pytest.raises(RootNotReady, match="unencrypted"):
            WebDavRoot(url, USER, PASSWORD)  # refused before any connection is made
    with pytest.raises(RootNotReady, match="contains a password"):
        WebDavRoot(f"https://{USER}:{PASSWORD}@cloud.example.org/dav/", None, None)
    with pytest.raises(RootNotReady) as caught:
        open_root(f"https://{USER}:{PASSWORD}@cloud.example.org/dav/")
    assert PASSWORD not in str(caught.value)
    assert str(WebDavRoot("http://localhost:8080/dav", USER, PASSWORD)).endswith("/dav/")


# One way in for the command line and the app ----------------------------------------------------


def test_open_root_takes_a_folder_or_an_address_with_the_password_from_the_keyring(
    tmp_path: Path, dav: DavServer, memory_keyring: MemoryKeyring
) -> None:
    assert isinstance(open_root(str(tmp_path)), FolderRoot)
    assert isinstance(open_root(tmp_path.as_uri()), FolderRoot)
    url = dav.url()
    with pytest.raises(PasswordNeeded, match="--password-stdin"):
        open_root(url, USER)
    with pytest.raises(PasswordNeeded, match="--user"):
        open_root(url)
    remember_webdav_password(url, USER, PASSWORD)
    assert webdav_credentials(url.rstrip("/"), USER) == PASSWORD
    opened = open_root(url, USER)
    assert isinstance(opened, WebDavRoot)
    (dav.folder / "regio").mkdir()
    with opened:
        assert opened.devices() == []  # logged in with the kept password
    memory_keyring.secrets.clear()
    given = open_root(url, USER, password="nieuw-token")
    assert isinstance(given, WebDavRoot)
    given.close()
    assert list(memory_keyring.secrets.values()) == ["nieuw-token"]  # kept for next time
    assert all("nieuw-token" not in name for _service, name in memory_keyring.secrets)
