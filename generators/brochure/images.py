"""Photos for print: each scaled to the box framing.py gives it (its own proportions, or the
frame's around the data's focus), cropped to that box around the focus (default the centre),
never stretched; downsampled with Pillow to the style's dpi so a brochure stays small, never
upsampled; for the press (print variant) converted to the style's CMYK profile. Deterministic.

Scaling a camera photo takes some 25 ms; the scaled JPEG is kept in the cache under the hash
of the photo's bytes and of everything that shapes the result, so a later build of the same
point (an edit to its text, --force) reads it back instead; a damaged entry is scaled again.
"""
from __future__ import annotations

import hashlib
import io
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageCms, ImageOps
from reportlab.lib.utils import ImageReader

from generators.picture import on_white
from partydocs.reuse import bounded_json
from partydocs.reuse.cache import Cache
from partydocs.reuse.counters import did

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
    """(JPEG bytes or a Pillow image, effective ppi) for print."""
    data = Path(path).read_bytes()
    name = hashlib.sha256(data + json.dumps([box, dpi, quality, focus, press_key(press)]).encode()).hexdigest()[:32] + ".jpg"
    stored = cache.get(name) if cache else None
    ppi = _stored_ppi(stored)
    if ppi is not None:
        return stored.partition(b"\n")[2], ppi
    scaled = _scaled(data, box, dpi, quality, focus, press)
    if cache and isinstance(scaled[0], bytes) and scaled[0] is not data:
        cache.put(name, json.dumps({"ppi": scaled[1]}).encode() + b"\n" + scaled[0])
    return scaled


def _stored_ppi(stored: bytes | None) -> float | None:
    """The ppi recorded with a scaled photo in the cache, or None for an entry of another shape (rebuilt)."""
    try:
        ppi = bounded_json.loads(stored.partition(b"\n")[0])["ppi"] if stored else None
    except (ValueError, KeyError, TypeError):
        return None
    return float(ppi) if isinstance(ppi, (int, float)) and not isinstance(ppi, bool) else None


def _scaled(data: bytes, box: tuple[float, float], dpi: int, quality: int,
            focus: tuple[float, float], press: Press | None = None) -> tuple[bytes | Image.Image, float]:
    did("photos scaled")
    with Image.open(io.BytesIO(data)) as source:
        is_jpeg = source.format == "JPEG"
        pixels = _upright_size(source)
        crop = crop_box(pixels, box, focus)
        crop_w, crop_h = crop[2] - crop[0], crop[3] - crop[1]
        ppi = effective_ppi(crop_w, box[0])
        scale = min(1.0, dpi / ppi)
        target = (max(1, round(crop_w * scale)), max(1, round(crop_h * scale)))
        whole = crop == (0, 0, *pixels)
        if is_jpeg and whole and target == pixels and source.mode in ("RGB", "L") and not _orientation(source) and not press:
            return data, ppi
        if is_jpeg:
            wanted = (math.ceil(pixels[0] * scale), math.ceil(pixels[1] * scale))
            source.draft(source.mode, wanted if pixels == source.size else (wanted[1], wanted[0]))
        image = on_white(ImageOps.exif_transpose(source))
    factor = image.width / pixels[0]                  # what the JPEG decoder's draft scaling left
    if not whole:
        image = image.crop(tuple(round(edge * factor) for edge in crop))
    if image.size != target:
        image = image.resize(target, Image.Resampling.LANCZOS)
    if press:
        image = to_press(image, press)
    if is_jpeg:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, optimize=False, progressive=False)
        return buffer.getvalue(), ppi
    return image, ppi


def press_key(press: Press | None) -> list | None:
    """What of the press shapes a converted photo: the profile's bytes, intent and black point."""
    if press is None:
        return None
    return [_file_digest(str(press.path)), press.intent, press.black_point_compensation]


@lru_cache(maxsize=4)
def _file_digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def to_press(image: Image.Image, press: Press) -> Image.Image:
    """An RGB or greyscale photo (taken as sRGB, as cameras and phones write them) in the
    press's CMYK, by the style's rendering intent, with or without black point compensation."""
    return _transform(str(press.path), press.intent, press.black_point_compensation).apply(image.convert("RGB"))


INTENTS = {"perceptual": ImageCms.Intent.PERCEPTUAL, "relative": ImageCms.Intent.RELATIVE_COLORIMETRIC,
           "saturation": ImageCms.Intent.SATURATION, "absolute": ImageCms.Intent.ABSOLUTE_COLORIMETRIC}


@lru_cache(maxsize=4)
def _transform(profile: str, intent: str, black_point: bool) -> ImageCms.ImageCmsTransform:
    flags = ImageCms.Flags.BLACKPOINTCOMPENSATION if black_point else ImageCms.Flags.NONE
    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(profile), "RGB", "CMYK",
                                   renderingIntent=INTENTS[intent], flags=flags)


def _orientation(image: Image.Image) -> bool:
    return image.getexif().get(0x0112, 1) != 1


def _upright_size(image: Image.Image) -> tuple[int, int]:
    width, height = image.size
    return (height, width) if image.getexif().get(0x0112, 1) in (5, 6, 7, 8) else (width, height)
