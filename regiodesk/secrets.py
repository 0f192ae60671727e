"""Secrets in the operating system's keyring, and nowhere else (never the store, logs or files).

RegioDesk keeps a secret only when the user asks it to (for example a signing passphrase).  Where
the platform has no usable keyring, remembering fails with a clear error and recalling finds
nothing: the user is simply asked again.
"""

from __future__ import annotations

import logging

from regiodesk.errors import RegioDeskError
from regiodesk.i18n import N_

log = logging.getLogger(__name__)
SERVICE = "RegioDesk"


class KeyringUnavailable(RegioDeskError):
    template = N_(
        "This computer has no password safe (keyring) that RegioDesk can use, so the passphrase "
        "was not remembered; you will be asked for it each time."
    )


def remember(name: str, secret: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, name, secret)
    except (KeyringError, RuntimeError) as error:
        log.warning("keyring refused to store a secret: %s", type(error).__name__)
        raise KeyringUnavailable() from None


def recall(name: str) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    try:
        value = keyring.get_password(SERVICE, name)
    except (KeyringError, RuntimeError) as error:
        log.info("keyring unavailable: %s", type(error).__name__)
        return None
    return value if isinstance(value, str) else None


def recall_or_fail(name: str) -> str | None:
    """Like ``recall``, but a missing keyring is an error rather than "nothing kept"."""
    import keyring
    from keyring.errors import KeyringError

    try:
        value = keyring.get_password(SERVICE, name)
    except (KeyringError, RuntimeError) as error:
        log.info("keyring unavailable: %s", type(error).__name__)
        raise KeyringUnavailable() from None
    return value if isinstance(value, str) else None


def forget(name: str) -> None:
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, name)
    except PasswordDeleteError:
        return
    except (KeyringError, RuntimeError) as error:
        log.info("keyring unavailable: %s", type(error).__name__)
