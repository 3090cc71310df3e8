#!/usr/bin/env python3
"""Draws Onno's app icon (1024x1024 RGBA PNG) with the standard library only.

Two overlapping rings on a calm blue tile: the two sides of a conversation, "me" and
"them". The PNG is the source for `npx tauri icon`, which derives the platform sizes;
see scripts/make-icons.sh.
"""
import math
import struct
import sys
import zlib

SIZE = 1024
TOP = (70, 112, 220)
BOTTOM = (38, 72, 160)
CORNER = 0.22 * SIZE
MARGIN = 40
RINGS = [((SIZE * 0.40, SIZE * 0.50), SIZE * 0.20), ((SIZE * 0.60, SIZE * 0.50), SIZE * 0.20)]
RING_WIDTH = SIZE * 0.055


def clamp01(x):
    return 0.0 if x < 0 else 1.0 if x > 1 else x


def tile_distance(x, y):
    """Signed distance to the rounded square (negative inside): the usual box SDF."""
    half = SIZE / 2 - MARGIN
    qx = abs(x - SIZE / 2) - (half - CORNER)
    qy = abs(y - SIZE / 2) - (half - CORNER)
    outside = math.hypot(max(qx, 0), max(qy, 0))
    return outside + min(max(qx, qy), 0) - CORNER


def ring_coverage(x, y):
    best = 0.0
    for (cx, cy), r in RINGS:
        d = abs(math.hypot(x - cx, y - cy) - r) - RING_WIDTH / 2
        best = max(best, clamp01(0.5 - d))
    return best


def pixel(x, y):
    px, py = x + 0.5, y + 0.5
    alpha = clamp01(0.5 - tile_distance(px, py))
    if alpha == 0:
        return b"\0\0\0\0"
    t = py / SIZE
    base = [TOP[i] + (BOTTOM[i] - TOP[i]) * t for i in range(3)]
    ring = ring_coverage(px, py)
    rgb = [round(c + (255 - c) * ring) for c in base]
    return bytes(rgb + [round(alpha * 255)])


def png(width, height, rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\0" + row for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main(out):
    rows = [b"".join(pixel(x, y) for x in range(SIZE)) for y in range(SIZE)]
    with open(out, "wb") as f:
        f.write(png(SIZE, SIZE, rows))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "app-icon.png")
