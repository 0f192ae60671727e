"""RegioDesk core: the domain, the local store, its change log, and the exports.

The core never imports Qt; the desktop layer in ``ui`` is a face on it.
"""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("regiodesk")
except _metadata.PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
