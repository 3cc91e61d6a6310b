"""Draw the app's PNG icons (the web app manifest, the home screen) from the favicon's design:
white bars on a blue tile. Pure Python (zlib), so no imaging library is needed:
``python scripts/make_icons.py`` writes ``frontend/public/icons/``."""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "frontend" / "public" / "icons"
BLUE = (0x16, 0x77, 0xFF)
# The favicon's strokes on its 32-unit grid: (x1, y1, x2, y2), 3 units wide, round caps.
STROKES = [(7, 21, 25, 21), (9, 21, 9, 15), (16, 21, 16, 9), (23, 21, 23, 12)]
HALF_WIDTH = 1.5
SAMPLES = 3  # per axis, for smooth edges


def _segment_distance(px: float, py: float, s: tuple[int, int, int, int]) -> float:
    x1, y1, x2, y2 = s
    dx, dy = x2 - x1, y2 - y1
    t = max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (x1 + t * dx), py - (y1 + t * dy))


def _inside_tile(px: float, py: float, radius: float) -> bool:
    """Inside the 32-unit tile with corners rounded by ``radius`` (0: a full square)."""
    cx = min(max(px, radius), 32 - radius)
    cy = min(max(py, radius), 32 - radius)
    return math.hypot(px - cx, py - cy) <= radius if radius else True


def draw(size: int, corner: float) -> bytes:
    rows = []
    unit = 32 / size
    for y in range(size):
        row = bytearray([0])  # filter: none
        for x in range(size):
            tile = glyph = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    px = (x + (sx + 0.5) / SAMPLES) * unit
                    py = (y + (sy + 0.5) / SAMPLES) * unit
                    if _inside_tile(px, py, corner):
                        tile += 1
                        if any(_segment_distance(px, py, s) <= HALF_WIDTH for s in STROKES):
                            glyph += 1
            total = SAMPLES * SAMPLES
            white = glyph / tile if tile else 0.0
            row += bytes(round(c + (255 - c) * white) for c in BLUE)
            row.append(round(255 * tile / total))
        rows.append(bytes(row))
    return _png(size, b"".join(rows))


def _png(size: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    # "any": the rounded tile; "maskable" and Apple's: full bleed (the platform rounds it),
    # the bars well inside the safe zone (a circle of 40 % of the size).
    for name, size, corner in (
        ("icon-192.png", 192, 6),
        ("icon-512.png", 512, 6),
        ("icon-maskable-512.png", 512, 0),
        ("apple-touch-icon.png", 180, 0),
    ):
        (OUT / name).write_bytes(draw(size, corner))


if __name__ == "__main__":
    main()
