"""Sync: every device's store meets the others through a root (a shared folder, a WebDAV server,
or a bundle file), keeping the promises of the sync design.

* ``keys``: the device's Ed25519 key (private half in the OS keyring, or an owner-only key file).
* ``batch``: a device's entries as an immutable, signed, hash-chained file.
* ``folder``: a root in a folder, safe against what cloud folders do to files.
* ``merge``: entries from elsewhere applied field by field, last writer wins, conflicts recorded.
* ``engine``: one sync: send what is new here, take in what is new there, report.
"""
