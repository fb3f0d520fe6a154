"""Pictures as the outputs need them: each photo decoded once, at the size its copies need,
and every copy made from that one decode (the brochure's print copy, the release's web copy).

A camera JPEG is decoded with JPEG's own DCT scaling (Pillow's `draft`: a half, a quarter or
an eighth of its size, several times faster than a full decode) no smaller than its copies
need. A copy's bytes depend only on the photo and the copy (`Copy`), never on which other
copies were made with it: copies decoded at different scales get a decode each, so a copy made
alone and one made beside another are the same bytes.

Copies are kept in the `photos` cache namespace under the digest of the photo's bytes and of
the copy, so a later build (an edit, `--force`) reads them back, and a photo used twice (the
same file under two names) is scaled once.
"""
from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from partydocs.reuse.cache import Cache, open_cache
from partydocs.reuse.counters import did
from partydocs.reuse.toolchain import toolchain_key

PHOTOS = "photos"
EXIF_ORIENTATION = 0x0112
TURNED = (5, 6, 7, 8)               # orientations that swap width and height
REDUCTIONS = (8, 4, 2, 1)           # what JPEG's DCT scaling can decode to


def photos_key() -> str:
    """The copies' cache is keyed by this module's code and Pillow's version: the code that makes their bytes."""
    return toolchain_key(("Pillow",), (__name__,))


def photo_cache(output_dir: Path) -> Cache:
    return open_cache(output_dir, PHOTOS, photos_key())


def photos_beside(cache: Cache) -> Cache:
    """The photos namespace of the cache root `cache` is in (a builder's own namespace)."""
    return cache.beside(PHOTOS, photos_key())


@dataclass(frozen=True)
class Copy:
    """One copy of a photo: the part of the upright photo it shows (`crop`, in its pixels),
    the copy's size in pixels, and its JPEG quality."""

    crop: tuple[int, int, int, int]
    size: tuple[int, int]
    quality: int
    optimize: bool = False            # Huffman tables fitted to the picture: smaller files for the web
    press: tuple[str, str, str, bool] | None = None   # for print: (ICC profile, its digest, intent, black point compensation)

    def entry(self, photo_digest: str) -> str:
        return hashlib.sha256(f"{photo_digest}\n{json.dumps(asdict(self))}".encode()).hexdigest()[:32] + ".jpg"


@dataclass(frozen=True)
class Header:
    """What a photo's header says, read without decoding it."""

    format: str
    mode: str
    size: tuple[int, int]             # as stored
    upright: tuple[int, int]          # as shown, after its EXIF orientation
    turned: bool                      # an orientation other than as stored


def header(data: bytes) -> Header:
    with Image.open(io.BytesIO(data)) as image:
        orientation = image.getexif().get(EXIF_ORIENTATION, 1)
        upright = image.size[::-1] if orientation in TURNED else image.size
        return Header(image.format, image.mode, image.size, upright, orientation != 1)


def scaled_to_width(pixels: tuple[int, int], width: int) -> tuple[int, int]:
    """`pixels` made at most `width` wide, in proportion; never enlarged."""
    if pixels[0] <= width:
        return pixels
    return width, max(1, round(pixels[1] * width / pixels[0]))


def decode(data: bytes, reduction: int = 1) -> Image.Image:
    """The photo upright and on white, decoded at 1/`reduction` of its size (JPEG only)."""
    did("photos decoded")
    with Image.open(io.BytesIO(data)) as source:
        if source.format == "JPEG" and reduction > 1:
            source.draft(source.mode, (source.width // reduction, source.height // reduction))
        return on_white(ImageOps.exif_transpose(source))


def reduction_for(head: Header, copy: Copy) -> int:
    """The largest DCT reduction whose decode still has at least the copy's pixels in its crop."""
    if head.format != "JPEG":
        return 1
    crop_w, crop_h = copy.crop[2] - copy.crop[0], copy.crop[3] - copy.crop[1]
    need_w, need_h = head.upright[0] * copy.size[0] / crop_w, head.upright[1] * copy.size[1] / crop_h
    return next(r for r in REDUCTIONS if head.upright[0] // r >= need_w and head.upright[1] // r >= need_h or r == 1)


def make_copies(data: bytes, copies: Sequence[Copy]) -> dict[Copy, bytes]:
    """Each copy's JPEG bytes, from one decode per DCT scale they need (usually one)."""
    head = header(data)
    by_reduction: dict[int, list[Copy]] = {}
    for copy in dict.fromkeys(copies):
        by_reduction.setdefault(reduction_for(head, copy), []).append(copy)
    made = {}
    for reduction, group in by_reduction.items():
        image = decode(data, reduction)
        for copy in group:
            made[copy] = _encoded(_framed(image, head, copy), copy)
    return made


def _framed(image: Image.Image, head: Header, copy: Copy) -> Image.Image:
    factor = image.width / head.upright[0]            # what the decoder's DCT scaling left
    if copy.crop != (0, 0, *head.upright):
        image = image.crop(tuple(round(edge * factor) for edge in copy.crop))
    if image.size != copy.size:
        image = image.resize(copy.size, Image.Resampling.LANCZOS)
    if copy.press:
        image = to_press(image, copy.press)
    return image


INTENTS = {"perceptual": ImageCms.Intent.PERCEPTUAL, "relative": ImageCms.Intent.RELATIVE_COLORIMETRIC,
           "saturation": ImageCms.Intent.SATURATION, "absolute": ImageCms.Intent.ABSOLUTE_COLORIMETRIC}


def to_press(image: Image.Image, press: tuple[str, str, str, bool]) -> Image.Image:
    """An RGB or greyscale photo (taken as sRGB, as cameras and phones write them) in the
    press's CMYK profile, by its rendering intent, with or without black point compensation."""
    profile, _, intent, black_point = press
    return _transform(profile, intent, black_point).apply(image.convert("RGB"))


@lru_cache(maxsize=4)
def _transform(profile: str, intent: str, black_point: bool) -> ImageCms.ImageCmsTransform:
    flags = ImageCms.Flags.BLACKPOINTCOMPENSATION if black_point else ImageCms.Flags.NONE
    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(profile), "RGB", "CMYK",
                                   renderingIntent=INTENTS[intent], flags=flags)


def _encoded(image: Image.Image, copy: Copy) -> bytes:
    """Baseline JPEG with no EXIF and no time: the same photo and copy give the same bytes."""
    did("photos scaled")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=copy.quality, optimize=copy.optimize, progressive=False)
    return buffer.getvalue()


Planner = Callable[[Header], Copy]
_companions: list[Planner] = []


@contextmanager
def made_along(planners: Iterable[Planner]):
    """While a document is made, each photo it decodes also gives the copies `planners` plan
    for it (the release's web copy beside the brochure's print copy), into the cache."""
    _companions.extend(planners)
    try:
        yield
    finally:
        _companions.clear()


def copy_of(data: bytes, wanted: Copy, cache: Cache | None) -> bytes:
    """`wanted` of the photo `data`, from the cache or made now with its companions' copies."""
    digest = hashlib.sha256(data).hexdigest()
    stored = cache.get(wanted.entry(digest)) if cache else None
    if stored is not None:
        return stored
    made = make_copies(data, [wanted, *_planned(data)])
    if cache:
        for copy, jpeg in made.items():
            cache.put(copy.entry(digest), jpeg)
    return made[wanted]


def lossless_copy(data: bytes, wanted: Copy, cache: Cache | None) -> Image.Image:
    """`wanted` of a photo that is not a JPEG (a PNG: print keeps it without loss) as a Pillow
    image, never cached; its companions' JPEG copies made from the same decode, into the cache."""
    head = header(data)
    digest = hashlib.sha256(data).hexdigest()
    image = decode(data)
    if cache:
        for copy in _planned(data):
            if cache.get(copy.entry(digest)) is None:
                cache.put(copy.entry(digest), _encoded(_framed(image, head, copy), copy))
    did("photos scaled")
    return _framed(image, head, wanted)


def _planned(data: bytes) -> list[Copy]:
    """The companions' copies of this photo. A companion is only a head start for another
    builder, which makes its copy itself if need be and reports its own problems: one that
    fails here is left out."""
    if not _companions:
        return []
    head = header(data)
    planned = []
    for plan in _companions:
        try:
            planned.append(plan(head))
        except Exception:  # noqa: BLE001 - see above
            continue
    return planned


def on_white(image: Image.Image) -> Image.Image:
    """RGB or greyscale on white: neither print nor a pasted web page keeps transparency,
    and CMYK or palette images need converting."""
    if image.mode in ("RGB", "L"):
        return image.copy()
    if image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, (255, 255, 255))
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return image.convert("RGB")
