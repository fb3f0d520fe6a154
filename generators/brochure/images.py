"""Photos for print: each scaled to the box framing.py gives it (its own proportions, or the
frame's around the data's focus), cropped to that box around the focus (default the centre),
never stretched; downsampled with Pillow to the style's dpi so a brochure stays small, never
upsampled; for the press (print variant) converted to the style's CMYK profile. Deterministic.

A JPEG's print copy is made by generators.picture, from the one decode that also gives the
release's web copy, and kept in the photos cache under the hash of the photo's bytes and of the
copy, so a later build of the same point (an edit to its text, --force) reads it back instead;
a damaged entry is made again.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image
from reportlab.lib.utils import ImageReader

from generators.picture import Copy, copy_of, header, lossless_copy
from partydocs.reuse.cache import Cache
from partydocs.reuse.reads import read_input

from .style import Press

POINTS_PER_INCH = 72
CENTRE = (0.5, 0.5)


@dataclass(frozen=True)
class PrintImage:
    reader: ImageReader
    width: float          # points
    height: float
    ppi: float            # the photo's own pixels per inch at this size: below 300 it prints softer


def crop_box(pixels: tuple[int, int], box: tuple[float, float], focus: tuple[float, float] = CENTRE) -> tuple[int, int, int, int]:
    """The largest part of an image `pixels` in size with the frame's proportions, centred
    on `focus` (x, y as shares of the width and height) as far as the image's edges allow."""
    width, height = pixels
    aspect = box[0] / box[1]
    crop_w, crop_h = (height * aspect, height) if width / height > aspect else (width, width / aspect)
    crop_w, crop_h = min(width, round(crop_w)), min(height, round(crop_h))
    left = min(max(round(focus[0] * width - crop_w / 2), 0), width - crop_w)
    top = min(max(round(focus[1] * height - crop_h / 2), 0), height - crop_h)
    return left, top, left + crop_w, top + crop_h


def effective_ppi(crop_width: int, box_width: float) -> float:
    return crop_width / (box_width / POINTS_PER_INCH)


class JpegReader(ImageReader):
    """A JPEG that reportlab embeds as it is. reportlab decodes every image it is given only to
    name it (an md5 of its pixels); the JPEG's own bytes name it as well, without decoding."""

    def __init__(self, jpeg: bytes):
        super().__init__(io.BytesIO(jpeg))
        self.jpeg = jpeg
        self._dataA = None          # no alpha channel: what getRGBData would have found

    def getRGBData(self):
        return self.jpeg


def print_image(path: Path, box: tuple[float, float], dpi: int, quality: int, cache: Cache | None = None,
                focus: tuple[float, float] | None = None, press: Press | None = None) -> PrintImage:
    """The photo at `path` filling `box` (points), cropped around `focus` (default the centre);
    for the press (print variant) converted to its CMYK profile."""
    stat = path.stat()
    pixels, ppi = _print_image(str(path), stat.st_size, stat.st_mtime_ns, box, dpi, quality, cache, tuple(focus or CENTRE),
                               press)
    reader = JpegReader(pixels) if isinstance(pixels, bytes) else ImageReader(pixels)   # fresh: readers keep pixels
    return PrintImage(reader, box[0], box[1], ppi)


@lru_cache(maxsize=32)
def _print_image(path: str, size: int, mtime: int, box: tuple[float, float], dpi: int, quality: int,
                 cache: Cache | None, focus: tuple[float, float], press: Press | None) -> tuple[bytes | Image.Image, float]:
    """(JPEG bytes or a Pillow image, effective ppi) for print; for the press in its CMYK. A
    JPEG's copy is made with the other copies wanted of the photo from one decode
    (generators.picture) and kept in `cache`."""
    data = read_input(path)
    head = header(data)
    crop = crop_box(head.upright, box, focus)
    crop_w, crop_h = crop[2] - crop[0], crop[3] - crop[1]
    ppi = effective_ppi(crop_w, box[0])
    scale = min(1.0, dpi / ppi)
    target = (max(1, round(crop_w * scale)), max(1, round(crop_h * scale)))
    wanted = Copy(crop, target, quality, press=press.ink() if press else None)
    if head.format != "JPEG":
        return lossless_copy(data, wanted, cache), ppi
    if crop == (0, 0, *head.upright) and target == head.upright and head.mode in ("RGB", "L") and not head.turned and not press:
        return data, ppi
    return copy_of(data, wanted, cache), ppi


def _upright_size(image: Image.Image) -> tuple[int, int]:
    width, height = image.size
    return (height, width) if image.getexif().get(0x0112, 1) in (5, 6, 7, 8) else (width, height)
