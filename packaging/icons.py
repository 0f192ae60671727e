"""Render the application icon (``resources/icons/regiodesk.svg``) for the installers.

    .venv/bin/python packaging/icons.py OUT_FOLDER

writes ``OUT_FOLDER/png/regiodesk-<size>.png`` for every size in ``SIZES``, ``regiodesk.ico``
(Windows: PNG-compressed entries, 16 to 256 pixels) and ``regiodesk.icns`` (macOS: PNG entries,
16 to 1024 pixels).  The SVG is rendered with Qt's SVG renderer, offscreen; the two container
formats are written here with the standard library (both are a header, a directory and PNGs).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "regiodesk.svg"

#: The sizes of the freedesktop "hicolor" theme that we fill, and the ones the containers need.
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: Apple's icon types that hold PNG data, by their pixel size ("@2x" types share a size).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def render_pngs(sizes: tuple[int, ...]) -> dict[int, bytes]:
    """The icon as PNG bytes at each size."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"icons: cannot read {SVG}")
    pngs: dict[int, bytes] = {}
    for size in sorted(set(sizes)):
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        pngs[size] = bytes(data.data())
    return pngs


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon file whose entries are PNG images (Windows Vista and later read these)."""
    sizes = [size for size in ICO_SIZES if size in pngs]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    directory, images = b"", b""
    for size in sizes:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in this format
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + directory + images


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An Apple icon file whose entries are PNG images."""
    body = b""
    for kind, size in ICNS_TYPES:
        data = pngs[size]
        body += kind + struct.pack(">I", len(data) + 8) + data
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def write_icons(folder: Path) -> dict[int, Path]:
    """Write the PNGs, the .ico and the .icns into ``folder``; returns the PNGs by size."""
    pngs = render_pngs(SIZES + ICO_SIZES + tuple(size for _kind, size in ICNS_TYPES))
    (folder / "png").mkdir(parents=True, exist_ok=True)
    paths: dict[int, Path] = {}
    for size in SIZES:
        path = folder / "png" / f"regiodesk-{size}.png"
        path.write_bytes(pngs[size])
        paths[size] = path
    (folder / "regiodesk.ico").write_bytes(ico_bytes(pngs))
    (folder / "regiodesk.icns").write_bytes(icns_bytes(pngs))
    return paths


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    write_icons(Path(argv[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
