"""The device's signing key: Ed25519, made on first use.

The private key lives in the OS keyring.  Where there is none (a server job, CI), the user names
a key file instead (``REGIODESK_DEVICE_KEY_FILE``, or a folder there that holds one key file per
device); RegioDesk makes it readable by its owner only and refuses one that others can read.
The key never enters the store, a root, or a log.
"""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from regiodesk import secrets
from regiodesk.errors import RegioDeskError
from regiodesk.files import write_atomically
from regiodesk.i18n import N_, _

KEY_FILE_ENV = "REGIODESK_DEVICE_KEY_FILE"


class DeviceKeyUnavailable(RegioDeskError):
    template = N_(
        "This device's signing key cannot be kept: {reason}. Without a system keyring, name an "
        "owner-only key file in the environment variable {env}."
    )


def _secret_name(device_id: str) -> str:
    return f"device-key:{device_id}"


def _raw(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def _from_file(path: Path, device_id: str) -> Ed25519PrivateKey:
    if path.exists():
        mode = path.stat().st_mode
        if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise DeviceKeyUnavailable(
                reason=_("{path} can be read by others; allow its owner only (chmod 600)").format(
                    path=path
                ),
                env=KEY_FILE_ENV,
            )
        lines = dict(line.split("=", 1) for line in path.read_text("ascii").split() if "=" in line)
        if lines.get("device") != device_id or "key" not in lines:
            raise DeviceKeyUnavailable(
                reason=_("{path} holds the key of another device").format(path=path),
                env=KEY_FILE_ENV,
            )
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(lines["key"]))
    key = Ed25519PrivateKey.generate()
    text = f"device={device_id}\nkey={base64.b64encode(_raw(key)).decode()}\n"
    write_atomically(path, text.encode("ascii"), private=True)
    return key


def device_key(device_id: str, key_file: Path | None = None) -> Ed25519PrivateKey:
    """This device's private key, made and kept on first use."""
    named = key_file or (Path(os.environ[KEY_FILE_ENV]) if os.environ.get(KEY_FILE_ENV) else None)
    if named is not None:
        if named.is_dir():  # a folder of keys, one per device (a server job with several stores)
            named = named / f"{device_id}.key"
        return _from_file(named, device_id)
    try:
        kept = secrets.recall_or_fail(_secret_name(device_id))
    except secrets.KeyringUnavailable:
        raise DeviceKeyUnavailable(
            reason=_("there is no system keyring"), env=KEY_FILE_ENV
        ) from None
    if kept:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(kept))
    key = Ed25519PrivateKey.generate()
    try:
        secrets.remember(_secret_name(device_id), base64.b64encode(_raw(key)).decode())
    except secrets.KeyringUnavailable:
        raise DeviceKeyUnavailable(
            reason=_("the system keyring refused it"), env=KEY_FILE_ENV
        ) from None
    return key


def public_text(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def verify(public: str, data: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public)).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True
