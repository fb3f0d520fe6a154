"""Photos for the web page: upright, on white, at most the style's width, as baseline JPEG.
Pillow's encoder gives the same bytes for the same photo and settings (no EXIF, no time)."""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps

from generators.picture import on_white

EXIF_ORIENTATION = 0x0112
TURNED = (5, 6, 7, 8)               # orientations that swap width and height


def web_size(path: Path, width: int) -> tuple[int, int]:
    """The pixel size `web_jpeg` gives the photo, read from its header alone."""
    with Image.open(path) as image:
        pixels = image.size[::-1] if image.getexif().get(EXIF_ORIENTATION, 1) in TURNED else image.size
    return _scaled(pixels, width)


def web_jpeg(path: Path, width: int, quality: int) -> bytes:
    """A camera JPEG is decoded at a reduced scale (JPEG's own DCT scaling, several times
    faster) no smaller than the web size, then resized to exactly what `web_size` says."""
    size = web_size(path, width)
    with Image.open(path) as source:
        if source.format == "JPEG":
            source.draft("RGB", (max(size), max(size)))
        image = on_white(ImageOps.exif_transpose(source))
    if size != image.size:
        image = image.resize(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=False)
    return buffer.getvalue()


def _scaled(pixels: tuple[int, int], width: int) -> tuple[int, int]:
    if pixels[0] <= width:
        return pixels
    return width, max(1, round(pixels[1] * width / pixels[0]))
