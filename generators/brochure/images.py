"""Photos for print: fitted to a box, never shown larger than their pixels allow at the style's
dpi, and downsampled with Pillow to that dpi so a brochure stays small. Deterministic.

Scaling a camera photo takes some 25 ms; the scaled JPEG is kept in the cache under the hash
of the photo's bytes and of everything that shapes the result, so a later build of the same
point (an edit to its text, --force) reads it back instead; a damaged entry is scaled again.
"""
from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageOps
from reportlab.lib.utils import ImageReader

from pipeline.cache import Cache

POINTS_PER_INCH = 72


@dataclass(frozen=True)
class PrintImage:
    reader: ImageReader
    width: float          # points
    height: float


def display_size(pixels: tuple[int, int], box: tuple[float, float], dpi: int) -> tuple[float, float]:
    """Fit within `box`, no larger than the image's natural size at `dpi`."""
    natural_w, natural_h = (p * POINTS_PER_INCH / dpi for p in pixels)
    scale = min(box[0] / natural_w, box[1] / natural_h, 1.0)
    return natural_w * scale, natural_h * scale


class JpegReader(ImageReader):
    """A JPEG that reportlab embeds as it is. reportlab decodes every image it is given only to
    name it (an md5 of its pixels); the JPEG's own bytes name it as well, without decoding."""

    def __init__(self, jpeg: bytes):
        super().__init__(io.BytesIO(jpeg))
        self.jpeg = jpeg
        self._dataA = None          # no alpha channel: what getRGBData would have found

    def getRGBData(self):
        return self.jpeg


def print_image(path: Path, box: tuple[float, float], dpi: int, quality: int, cache: Cache | None = None) -> PrintImage:
    stat = path.stat()
    pixels, width, height = _print_image(str(path), stat.st_size, stat.st_mtime_ns, box, dpi, quality, cache)
    reader = JpegReader(pixels) if isinstance(pixels, bytes) else ImageReader(pixels)   # fresh: readers keep pixels
    return PrintImage(reader, width, height)


@lru_cache(maxsize=32)
def _print_image(path: str, size: int, mtime: int, box: tuple[float, float], dpi: int, quality: int,
                 cache: Cache | None) -> tuple[bytes | Image.Image, float, float]:
    """(JPEG bytes or a Pillow image, width, height) for print."""
    data = Path(path).read_bytes()
    name = hashlib.sha256(data + json.dumps([box, dpi, quality]).encode()).hexdigest()[:32] + ".jpg"
    stored = cache.get(name) if cache else None
    if stored:
        head, _, jpeg = stored.partition(b"\n")
        width, height = json.loads(head)
        return jpeg, width, height
    scaled = _scaled(data, box, dpi, quality)
    if cache and isinstance(scaled[0], bytes) and scaled[0] is not data:
        cache.put(name, json.dumps(list(scaled[1:])).encode() + b"\n" + scaled[0])
    return scaled


def _scaled(data: bytes, box: tuple[float, float], dpi: int, quality: int) -> tuple[bytes | Image.Image, float, float]:
    with Image.open(io.BytesIO(data)) as source:
        is_jpeg = source.format == "JPEG"
        pixels = _upright_size(source)
        width, height = display_size(pixels, box, dpi)
        target = (max(1, round(width * dpi / POINTS_PER_INCH)), max(1, round(height * dpi / POINTS_PER_INCH)))
        if is_jpeg and target == pixels and source.mode in ("RGB", "L") and not _orientation(source):
            return data, width, height
        if is_jpeg:
            upright = pixels == source.size
            source.draft(source.mode, target if upright else (target[1], target[0]))
        image = _flattened(ImageOps.exif_transpose(source))
    if image.size != target:
        image = image.resize(target, Image.Resampling.LANCZOS)
    if is_jpeg:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, optimize=False, progressive=False)
        return buffer.getvalue(), width, height
    return image, width, height


def _orientation(image: Image.Image) -> bool:
    return image.getexif().get(0x0112, 1) != 1


def _upright_size(image: Image.Image) -> tuple[int, int]:
    width, height = image.size
    return (height, width) if image.getexif().get(0x0112, 1) in (5, 6, 7, 8) else (width, height)


def _flattened(image: Image.Image) -> Image.Image:
    """RGB or greyscale on white: print has no transparency, and CMYK/palette need converting."""
    if image.mode in ("RGB", "L"):
        return image.copy()
    if image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, (255, 255, 255))
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return image.convert("RGB")
