"""Draw the application icon: `python build/make_icon.py` writes resources/icons/record-clearance.png
(256 px) and record-clearance.ico (16-256 px) unless they exist (`--force` redraws them).

The .ico holds one PNG-compressed image per size (Windows Vista and later read them, and so does
PyInstaller), written with the standard library: no imaging package (Pillow) is needed.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
NAME = "record-clearance"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw_png(size: int) -> bytes:
    """A blue rounded square with a white page and a green check mark, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
    from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256.0
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(QColor("#1f4e8c")))
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 44 * s, 44 * s)
    page = QPainterPath()
    page.moveTo(64 * s, 40 * s)
    page.lineTo(160 * s, 40 * s)
    page.lineTo(196 * s, 76 * s)
    page.lineTo(196 * s, 216 * s)
    page.lineTo(64 * s, 216 * s)
    page.closeSubpath()
    p.setBrush(QBrush(QColor("#ffffff")))
    p.drawPath(page)
    if size >= 32:  # text lines blur into noise below 32 px
        p.setPen(QPen(QColor("#9db3cf"), max(1.0, 8 * s), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        for y in (84, 108, 132):
            p.drawLine(QPointF(88 * s, y * s), QPointF(172 * s, y * s))
    pen = QPen(QColor("#2e9e4f"), max(2.0, 22 * s), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
               Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    check = QPainterPath()
    check.moveTo(92 * s, 170 * s)
    check.lineTo(122 * s, 198 * s)
    check.lineTo(176 * s, 140 * s)
    p.drawPath(check)
    p.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .ico file whose entries are the given PNG images (ICONDIR + ICONDIRENTRY + data)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    return header + entries + blobs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="redraw icons that exist")
    args = parser.parse_args(argv)
    png_path, ico_path = ICONS / f"{NAME}.png", ICONS / f"{NAME}.ico"
    if png_path.exists() and ico_path.exists() and not args.force:
        print(f"icons exist: {png_path}, {ico_path}")
        return 0
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (QPainter needs it)
    ICONS.mkdir(parents=True, exist_ok=True)
    pngs = {size: draw_png(size) for size in ICO_SIZES}
    png_path.write_bytes(pngs[256])
    ico_path.write_bytes(ico_bytes(pngs))
    print(f"wrote {png_path} and {ico_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
