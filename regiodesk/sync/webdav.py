"""A sync root on a WebDAV server (Nextcloud, SharePoint, any WebDAV server), with the standard
library only.

The layout is the folder root's (``folder``): ``root.json``, ``devices/<id>/device.json`` and
``devices/<id>/<first>-<last>.batch`` below the address given.  Listing is a PROPFIND of depth 1;
reading a GET; writing a PUT under a hidden temporary name followed by a MOVE onto the final name
(``Overwrite: T``), so a reader sees a whole file or none wherever the server moves atomically;
missing folders are made with MKCOL.

Certificates are always verified; plain ``http://`` is accepted only for this machine (loopback),
since it would carry the password unencrypted.  Every failure becomes a ``RootNotReady`` that says
in plain words what went wrong (refused login, wrong address, a server in trouble, no connection,
an untrusted certificate).  The password or token is never logged nor put in a message; it is kept
only in the operating system's keyring (``webdav_credentials`` / ``remember_webdav_password``).
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import ipaddress
import logging
import socket
import ssl
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import PurePath, PurePosixPath
from typing import Any
from urllib.parse import quote, unquote, urlsplit
from xml.etree import ElementTree

import orjson

from regiodesk import secrets
from regiodesk.i18n import _
from regiodesk.sync.folder import DEVICE_NAME, ROOT_FORMAT, BatchName, RootNotReady

log = logging.getLogger(__name__)

TIMEOUT_S = 20.0
#: Attempts of one request when the connection breaks or the server is briefly unavailable.
ATTEMPTS = 3
BACKOFF_S = 0.2
#: Statuses that say "briefly unavailable": worth another attempt.
TRANSIENT = frozenset({502, 503, 504})
DAV = "{DAV:}"
PROPFIND_BODY = (
    b'<?xml version="1.0" encoding="utf-8"?>'
    b'<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/></d:prop></d:propfind>'
)
#: Characters left as they are when a path given by the user is put in a request.
PATH_SAFE = "/%:@!$&'()*+,;=-._~"


@dataclass(frozen=True)
class Address:
    """A WebDAV address taken apart; ``text`` is what a person sees (never a password)."""

    scheme: str
    host: str
    port: int | None
    path: str  # percent-encoded, ends with "/"
    user: str | None
    has_password: bool

    @property
    def netloc(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port is None else f"{host}:{self.port}"

    @property
    def text(self) -> str:
        return f"{self.scheme}://{self.netloc}{self.path}"

    @property
    def loopback(self) -> bool:
        if self.host.lower() in {"localhost", "localhost."}:
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


def parse_address(url: str) -> Address:
    """Take a WebDAV address apart; refuses what is not an http(s) address."""
    shown = url.strip()
    try:
        split = urlsplit(shown)
        port = split.port
    except ValueError:
        raise RootNotReady(
            root=_hide_password(shown), reason=_("the address is not valid")
        ) from None
    scheme = split.scheme.lower()
    if scheme not in {"http", "https"} or not split.hostname:
        raise RootNotReady(
            root=_hide_password(shown),
            reason=_("the address must start with https:// and name a server"),
        )
    if (scheme, port) in {("https", 443), ("http", 80)}:
        port = None
    path = quote(split.path or "/", safe=PATH_SAFE)
    if not path.endswith("/"):
        path += "/"
    return Address(
        scheme=scheme,
        host=split.hostname,
        port=port,
        path=path,
        user=unquote(split.username) if split.username else None,
        has_password=split.password is not None,
    )


def _hide_password(url: str) -> str:
    """The address without what stands before an "@" in its server part."""
    head, separator, rest = url.partition("://")
    if not separator:
        return url
    server, slash, tail = rest.partition("/")
    return f"{head}://{server.rpartition('@')[2]}{slash}{tail}"


class WebDavRoot:
    """A sync root at a WebDAV address; one persistent connection, used by one sync at a time."""

    def __init__(
        self,
        url: str,
        username: str | None,
        password_or_token: str | None,
        *,
        timeout: float = TIMEOUT_S,
        attempts: int = ATTEMPTS,
        context: ssl.SSLContext | None = None,
    ) -> None:
        self._connection: http.client.HTTPConnection | None = None
        self._lock = threading.Lock()
        self.address = parse_address(url)
        if self.address.has_password:
            raise RootNotReady(
                root=self,
                reason=_(
                    "the address contains a password; give the address without it, and the "
                    "password or token separately (it is kept in the password safe)"
                ),
            )
        if self.address.scheme == "http" and not self.address.loopback:
            raise RootNotReady(
                root=self,
                reason=_(
                    "plain http:// would send the password unencrypted over the network; "
                    "use the https:// address of the server"
                ),
            )
        self.username = username if username is not None else self.address.user
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self._authorization: str | None = None
        if self.username is not None or password_or_token is not None:
            pair = f"{self.username or ''}:{password_or_token or ''}".encode()
            self._authorization = "Basic " + base64.b64encode(pair).decode("ascii")
        self._context = context

    def __str__(self) -> str:
        return self.address.text

    def __repr__(self) -> str:
        return f"WebDavRoot({self.address.text!r}, user={self.username!r})"

    # The connection -------------------------------------------------------------------------

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    def __enter__(self) -> WebDavRoot:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # never raise while being collected
            self.close()

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is None:
            if self.address.scheme == "https":
                if self._context is None:
                    self._context = ssl.create_default_context()
                self._connection = http.client.HTTPSConnection(
                    self.address.host,
                    self.address.port,
                    timeout=self.timeout,
                    context=self._context,
                )
            else:
                self._connection = http.client.HTTPConnection(
                    self.address.host, self.address.port, timeout=self.timeout
                )
        return self._connection

    def _exchange(
        self, method: str, target: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        connection = self._connect()
        try:
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except BaseException:
            self.close()
            raise
        if response.will_close:
            self.close()
        return response.status, response.headers, data

    def _request(
        self,
        method: str,
        relative: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        """One request, tried again (a few times, briefly) when the connection breaks or the
        server is briefly unavailable: every request made here may safely be repeated."""
        target = self.address.path + relative
        sent = {"User-Agent": "RegioDesk", **(headers or {})}
        if self._authorization is not None:
            sent["Authorization"] = self._authorization
        if body is not None:
            sent.setdefault("Content-Type", "application/octet-stream")
        reason = ""
        with self._lock:
            for attempt in range(self.attempts):
                if attempt:
                    time.sleep(BACKOFF_S * attempt)
                try:
                    status, received, data = self._exchange(method, target, body, sent)
                except ssl.SSLCertVerificationError as error:
                    detail = error.verify_message or error.reason or ""
                    raise RootNotReady(
                        root=self,
                        reason=_(
                            "the server's certificate is not trusted ({detail}); the connection "
                            "was not used"
                        ).format(detail=detail),
                    ) from None
                except ssl.SSLError as error:
                    if isinstance(error, ssl.SSLEOFError | ssl.SSLZeroReturnError):
                        reason = _("the connection to the server broke off")
                        continue
                    raise RootNotReady(
                        root=self,
                        reason=_(
                            "no secure connection could be made with the server ({detail})"
                        ).format(detail=error.reason or type(error).__name__),
                    ) from None
                except TimeoutError:
                    raise RootNotReady(
                        root=self,
                        reason=_("the server did not answer within {seconds:g} seconds").format(
                            seconds=self.timeout
                        ),
                    ) from None
                except socket.gaierror:
                    raise RootNotReady(
                        root=self,
                        reason=_(
                            "the server {host} is not known (no network, or a typo in the address?)"
                        ).format(host=self.address.host),
                    ) from None
                except ConnectionRefusedError:
                    reason = _(
                        "the server cannot be reached (connection refused): is the address right "
                        "and the server running?"
                    )
                    continue
                except (ConnectionError, http.client.IncompleteRead):
                    reason = _("the connection to the server broke off")
                    continue
                except http.client.HTTPException:
                    reason = _("the server's answer was not understood (is this a WebDAV server?)")
                    continue
                except OSError as error:
                    raise RootNotReady(
                        root=self,
                        reason=_("the server cannot be reached ({detail})").format(
                            detail=error.strerror or type(error).__name__
                        ),
                    ) from None
                log.debug("webdav %s %s: %d", method, relative or "/", status)
                if status in TRANSIENT and attempt + 1 < self.attempts:
                    continue
                return status, received, data
        log.info("webdav %s %s failed: %s", method, relative or "/", reason)
        raise RootNotReady(root=self, reason=reason)

    # What the server said -------------------------------------------------------------------

    def _refusal(
        self, status: int, headers: http.client.HTTPMessage, relative: str
    ) -> RootNotReady:
        """The answer ``status`` to a request for ``relative``, in words."""
        if status == 401:
            if self._authorization is None:
                reason = _("the server asks for a user name and a password or token")
            else:
                reason = _(
                    "the server refused the user name or the password/token (wrong user name or "
                    "password, or an app password that was withdrawn)"
                )
        elif status == 403:
            reason = _(
                "the server refused access: wrong user name or password/token, or this account "
                "may not use this folder"
            )
        elif status in {301, 302, 303, 307, 308}:
            location = _hide_password(str(headers.get("Location", ""))).partition("?")[0]
            reason = _("the server sends us to another address ({location}); use that one").format(
                location=location[:200]
            )
        elif status == 507:
            reason = _("the server has no space left; nothing more can be written there")
        elif status >= 500:
            reason = _("the server has a problem (HTTP {status}); try again later").format(
                status=status
            )
        else:
            reason = _("the server answered HTTP {status} for {path}").format(
                status=status, path=unquote(relative) or "/"
            )
        return RootNotReady(root=self, reason=reason)

    def _missing_base(self) -> RootNotReady:
        return RootNotReady(
            root=self,
            reason=_("the address is wrong or the folder does not exist on the server"),
        )

    # Paths and listings ---------------------------------------------------------------------

    @staticmethod
    def _relative(relative: PurePath) -> str:
        """A path inside the root, percent-encoded, with forward slashes on every system."""
        parts = PurePath(relative).parts
        if not parts or relative.is_absolute() or any(part in {".", ".."} for part in parts):
            raise ValueError(f"not a path inside the root: {relative}")
        return "/".join(quote(part, safe="") for part in parts)

    def _list(self, relative: str) -> list[tuple[str, bool]] | None:
        """The names in a folder and whether each is a folder; None when there is no folder."""
        status, headers, data = self._request(
            "PROPFIND",
            relative,
            body=PROPFIND_BODY,
            headers={"Depth": "1", "Content-Type": 'application/xml; charset="utf-8"'},
        )
        if status in {404, 410}:
            return None
        if status != 207:
            raise self._refusal(status, headers, relative)
        return self._entries(data, unquote(self.address.path + relative))

    def _entries(self, data: bytes, listed: str) -> list[tuple[str, bool]]:
        """The entries of a multistatus answer, the listed folder itself left out."""
        unreadable = RootNotReady(
            root=self,
            reason=_("the server's folder listing was not understood (is this a WebDAV server?)"),
        )
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise unreadable  # a listing never needs them; refuse rather than expand them
        try:
            document = ElementTree.fromstring(data)
        except ElementTree.ParseError:
            raise unreadable from None
        folder = listed.rstrip("/").casefold()  # some servers (SharePoint) ignore case
        found: list[tuple[str, bool]] = []
        for response in document.iter(f"{DAV}response"):
            href = (response.findtext(f"{DAV}href") or "").strip()
            path = unquote(urlsplit(href).path).rstrip("/")
            if not href or path.casefold() == folder:
                continue
            name = path.rpartition("/")[2]
            if not name:
                continue
            collection = response.find(f".//{DAV}resourcetype/{DAV}collection") is not None
            found.append((name, collection))
        return found

    # The sentinel ---------------------------------------------------------------------------

    def sentinel(self) -> dict[str, Any]:
        """The root's identity; refuses a folder without one."""
        raw = self.read(PurePosixPath("root.json"))
        if raw is None:
            if self._list("") is None:
                raise self._missing_base()
            raise RootNotReady(
                root=self,
                reason=_(
                    "it has no root.json (is this the right folder?); make a new root only on "
                    "purpose"
                ),
            )
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise RootNotReady(
                root=self, reason=_("root.json cannot be read ({error})").format(error=error)
            ) from None
        if not isinstance(data, dict) or data.get("format") != ROOT_FORMAT:
            raise RootNotReady(root=self, reason=_("root.json is not a RegioDesk root"))
        return data

    def create(self, region: str, founder: str) -> dict[str, Any]:
        """Make a new root here (the folder must not be a root already)."""
        if self.read(PurePosixPath("root.json")) is not None:
            raise RootNotReady(root=self, reason=_("it is a root already"))
        info = {
            "format": ROOT_FORMAT,
            "root_id": str(uuid.uuid4()),
            "region": region,
            "founder": founder,
        }
        self.write(PurePosixPath("root.json"), orjson.dumps(info, option=orjson.OPT_INDENT_2))
        return info

    # Devices and batches --------------------------------------------------------------------

    def devices(self) -> list[str]:
        entries = self._list("devices/")
        if entries is None:
            return []
        return sorted(name for name, folder in entries if folder and DEVICE_NAME.match(name))

    def batches(self, device_id: str) -> tuple[list[BatchName], list[str]]:
        """The device's batches in order, and the names passed over (conflict copies, ...)."""
        entries = self._list(f"devices/{quote(device_id, safe='')}/")
        found: list[BatchName] = []
        passed: list[str] = []
        for name, folder in entries or []:
            parsed = None if folder else BatchName.parse(name)
            if parsed is not None:
                found.append(parsed)
            elif name != "device.json" and not name.startswith("."):
                passed.append(name)
        return sorted(found), sorted(passed)

    # Files ----------------------------------------------------------------------------------

    def read(self, relative: PurePath) -> bytes | None:
        path = self._relative(relative)
        status, headers, data = self._request("GET", path)
        if status == 200:
            return data
        if status in {404, 410}:
            return None
        raise self._refusal(status, headers, path)

    def write(self, relative: PurePath, data: bytes) -> None:
        """Whole or not at all: PUT under a hidden temporary name beside it, then MOVE."""
        path = self._relative(relative)
        folder, _slash, _name = path.rpartition("/")
        temporary = (folder + "/" if folder else "") + f".tmp-{uuid.uuid4().hex}"
        status, headers, _data = self._request("PUT", temporary, body=data)
        if status in {404, 409}:  # a folder on the way is missing
            self._make_folders(folder)
            status, headers, _data = self._request("PUT", temporary, body=data)
        if status not in {200, 201, 204}:
            raise self._refusal(status, headers, path)
        status, headers, _data = self._request(
            "MOVE",
            temporary,
            headers={
                "Destination": f"{self.address.scheme}://{self.address.netloc}"
                f"{self.address.path}{path}",
                "Overwrite": "T",
            },
        )
        if status in {200, 201, 204}:
            return
        if status == 404 and self.read(relative) == data:
            return  # an attempt whose answer was lost had moved it already
        self._forget(temporary)
        raise self._refusal(status, headers, path)

    def _make_folders(self, folder: str) -> None:
        """Make the root's folder and the folders down to ``folder`` (those already there stay)."""
        parts = folder.split("/") if folder else []
        for depth in range(len(parts) + 1):
            relative = "".join(part + "/" for part in parts[:depth])
            status, headers, _data = self._request("MKCOL", relative)
            if status == 409 and depth == 0:
                raise self._missing_base()
            if status not in {200, 201, 405}:  # 405: it is there already
                raise self._refusal(status, headers, relative)

    def _forget(self, temporary: str) -> None:
        """Remove a temporary file left by a failed write (if that fails too, it stays hidden)."""
        with contextlib.suppress(RootNotReady):
            self._request("DELETE", temporary)


# The password, in the keyring only ---------------------------------------------------------------


def _secret_name(url: str, username: str) -> str:
    return f"webdav:{username}@{parse_address(url).text}"


def webdav_credentials(url: str, username: str, *, strict: bool = False) -> str | None:
    """The password or token kept for ``username`` at ``url``, or None.  Where there is no
    keyring that is None too, or ``KeyringUnavailable`` when ``strict``."""
    name = _secret_name(url, username)
    return secrets.recall_or_fail(name) if strict else secrets.recall(name)


def remember_webdav_password(url: str, username: str, secret: str) -> None:
    """Keep the password or token in the OS keyring (``KeyringUnavailable`` where there is none)."""
    secrets.remember(_secret_name(url, username), secret)


def forget_webdav_password(url: str, username: str) -> None:
    secrets.forget(_secret_name(url, username))
