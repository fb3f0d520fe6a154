"""Is each photo sharp enough at the size the profile prints it? Judged twice with one rule:
in the validation phase (a photo under the hard limit stops `validate` and `build` alike with
exit 2, before anything is written, so the release and the collection never go ahead with a
photo the profile refuses), and by the profile as it lays the photo out (the warning for a
soft one, which needs no stop).

The check reads only each photo's header (its size and EXIF orientation), and remembers the
size by the file's stamp in the brochures' cache, so a year of 10,000 points' photos is not
opened again while none of them changed."""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from partydocs.reuse import bounded_json
from partydocs.reuse.errors import Problem
from partydocs.reuse.stamps import stamp

from .framing import NATURAL, frame_for, natural_width, place_photo
from .images import _upright_size, crop_box, effective_ppi

if TYPE_CHECKING:
    from partydocs.model.model import Year
    from partydocs.reuse.cache import Cache

    from .style import StyleFile

PHOTO_GUTTER = 14
BLURRED_PPI = 100            # below: a photo prints blurred (an error); below the style's dpi, softer (a warning)
SIZES = "photo-sizes"


def content_width(style: StyleFile) -> float:
    """The text block's width in points."""
    from reportlab.lib.units import mm

    page = style.page
    return page.points()[0] - (page.margin_left + page.margin_right) * mm


def advice(photo: str, box_width: float, ppi: float, dpi: int) -> str:
    inches = box_width / 72
    return (f"照片“{photo}”印在画册里宽 {inches * 25.4:.0f} 毫米，只有约 {ppi:.0f} ppi"
            f"（每英寸像素），低于样式文件 images.dpi 要求的 {dpi} ppi，印出来会"
            f"{'模糊' if ppi < BLURRED_PPI else '发虚'}；"
            f"请换一张宽度至少 {round(dpi * inches)} 像素的原图（手机或相机拍摄的原始照片，不要用聊天软件压缩过的）")


def printed_ppi(pixels: tuple[int, int], frame: tuple[float, float], focus) -> tuple[float, float]:
    """(printed width in points, pixels per inch) of a photo placed in `frame` as the profile
    places it (framing.place_photo): whole, or cropped around its focus."""
    placed = place_photo(pixels, frame, focus)
    used = pixels[0]
    if focus is not None:
        left, _, right, _ = crop_box(pixels, (placed.width, placed.height), tuple(focus))
        used = right - left
    return placed.width, effective_ppi(used, placed.width)


class PhotoSizes:
    """Upright pixel sizes of photos by path, known by their stamps: read from the cache in
    the validation phase (which writes nothing), kept by `keep` once the build may write."""

    def __init__(self, cache: Cache | None, year: str):
        self.name = f"{SIZES}-{year}.json"
        try:
            stored = bounded_json.loads(cache.get(self.name) or b"{}") if cache else {}
        except ValueError:
            stored = {}
        self.known = stored if isinstance(stored, dict) else {}
        self.seen: dict[str, list] = {}

    def size(self, path: Path) -> tuple[int, int] | None:
        key, now = str(path), stamp(path)
        record = self.known.get(key)
        if isinstance(record, list) and len(record) == 4 and record[:2] == now:
            self.seen[key] = record
            return record[2], record[3]
        pixels = _upright_pixels(path)
        if pixels and now:
            self.seen[key] = [*now, *pixels]
        return pixels

    def keep(self, cache: Cache) -> None:
        if self.seen != self.known:
            cache.put(self.name, json.dumps(self.seen).encode("utf-8"))


def blurred_photos(year: Year, style: StyleFile, sizes: PhotoSizes, project_root: Path) -> list[Problem]:
    """A problem at each photo of the book's profiles that would print under BLURRED_PPI."""
    from .locate import field_problem

    images = style.images
    problems = []
    for point_id in year.book:
        point = year.point(point_id)
        found = [sizes.size(year.photo_path(highlight)) for highlight in point.highlights]
        widest = max((natural_width(pixels, images.dpi) for pixels in found if pixels), default=0.0)
        _, frame = frame_for(NATURAL, content_width(style), PHOTO_GUTTER, images.columns,
                             images.frame[0] / images.frame[1], widest)
        for index, (highlight, pixels) in enumerate(zip(point.highlights, found)):
            if not pixels:
                continue            # unreadable: the data check already said so
            width, ppi = printed_ppi(pixels, frame, highlight.focus)
            if ppi < BLURRED_PPI:
                problems.append(field_problem(year, point, ("highlights", index, "photo"),
                                              advice(highlight.photo, width, ppi, images.dpi), project_root))
    return problems


def _upright_pixels(path: Path) -> tuple[int, int] | None:
    from PIL import Image

    try:
        with Image.open(path) as image:
            return _upright_size(image)
    except (OSError, ValueError, SyntaxError):
        return None

