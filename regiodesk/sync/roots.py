"""From what a person typed to a sync root: one function for the command line and the app.

* ``open_root("/mnt/share/regio")``: a folder root;
* ``open_root("https://cloud.example.org/dav/regio/", "anna")``: a WebDAV root, with the password
  or token kept in the keyring (or given with ``password=``).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from regiodesk.i18n import _
from regiodesk.secrets import KeyringUnavailable
from regiodesk.sync.folder import FolderRoot, RootNotReady
from regiodesk.sync.root import Root
from regiodesk.sync.webdav import (
    WebDavRoot,
    parse_address,
    remember_webdav_password,
    webdav_credentials,
)

log = logging.getLogger(__name__)
#: "scheme://" at the start: an address, not a path (a Windows drive "C:\" has no "//").
ADDRESS = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
#: Schemes some file managers use for WebDAV, and what they stand for.
WEBDAV_SCHEMES = {"http": "http", "https": "https", "davs": "https", "webdavs": "https"}


class PasswordNeeded(RootNotReady):
    """A WebDAV root for which no password or token is known: ask for one (the app) or tell how
    to give one (the command line)."""


def is_address(text: str) -> bool:
    """True for a WebDAV address (http, https, davs), False for a folder path."""
    match = ADDRESS.match(text.strip())
    return match is not None and match[1].lower() in WEBDAV_SCHEMES


def open_root(
    text: str,
    username: str | None = None,
    *,
    password: str | None = None,
    remember: bool = True,
) -> Root:
    """The root that ``text`` names: a ``FolderRoot`` for a path (or a file:// address), a
    ``WebDavRoot`` for an http(s) address.

    For WebDAV the user name is ``username`` or the one in the address; the password or token is
    ``password`` when given (kept in the keyring for next time when ``remember``, where there is a
    keyring) or else the one kept in the keyring.  Raises ``PasswordNeeded`` when there is none,
    and ``RootNotReady`` for an address that cannot be used."""
    stripped = text.strip()
    match = ADDRESS.match(stripped)
    if match is None:
        return FolderRoot(Path(stripped).expanduser())
    scheme = match[1].lower()
    if scheme == "file":
        return FolderRoot(Path(url2pathname(unquote(urlsplit(stripped).path))))
    if scheme not in WEBDAV_SCHEMES:
        raise RootNotReady(
            root=stripped.partition("://")[0] + "://…",
            reason=_("give a folder or a WebDAV address that starts with https://"),
        )
    url = WEBDAV_SCHEMES[scheme] + stripped[len(match[0]) - 3 :]
    address = parse_address(url)
    user = username or address.user
    if password is None:
        password = _kept_password(url, user, address.text)
    elif remember and user:
        try:
            remember_webdav_password(url, user, password)
        except KeyringUnavailable:
            log.info("no keyring: the WebDAV password is not remembered")
    return WebDavRoot(url, user, password)


def _kept_password(url: str, user: str | None, shown: str) -> str:
    if not user:
        raise PasswordNeeded(
            root=shown,
            reason=_(
                "no user name was given: give it (command line: --user NAME) together with "
                "the password or token (--password-stdin)"
            ),
        )
    try:
        kept = webdav_credentials(url, user, strict=True)
    except KeyringUnavailable:
        raise PasswordNeeded(
            root=shown,
            reason=_(
                "this computer has no password safe (keyring), so no password is kept: give "
                "the password or token each time (command line: --password-stdin)"
            ),
        ) from None
    if kept is None:
        raise PasswordNeeded(
            root=shown,
            reason=_(
                "no password or token is kept for {user} on this computer: give it once "
                "(command line: --password-stdin; in the app: the sync page) and it is kept "
                "in the password safe"
            ).format(user=user),
        )
    return kept
