"""Signatures on decision lists: identities (PKCS#12), the region's signing authority, PAdES
signing and verification (pyHanko), and the marker that ties a PDF to the store.

``asn1crypto.tsp`` is loaded first: it registers the time-stamp content type, which asn1crypto
must know before it first maps content types, or a later time-stamp token cannot be read.
"""

from asn1crypto import tsp as _tsp  # noqa: F401
