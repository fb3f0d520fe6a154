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

from .images import CENTRE, _upright_size, crop_box, effective_ppi

if TYPE_CHECKING:
    from partydocs.model.model import Year
    from partydocs.reuse.cache import Cache

    from .style import StyleFile

PHOTO_GUTTER = 14
PHOTO_ASPECT = 0.75          # photo box height / width
SOFT_PPI = 200               # below: a photo prints visibly soft (a warning)
BLURRED_PPI = 100            # below: it prints blurred (an error)
SIZES = "photo-sizes"


def photo_box(style: StyleFile) -> tuple[float, float]:
    """A photo's frame in points: one column of the page's content width."""
    from reportlab.lib.units import mm

    page, images = style.page, style.images
    width = page.points()[0] - (page.margin_left + page.margin_right) * mm
    column = (width - (images.columns - 1) * PHOTO_GUTTER) / images.columns
    return column, column * PHOTO_ASPECT


def advice(photo: str, box_width: float, ppi: float, dpi: int) -> str:
    inches = box_width / 72
    return (f"照片“{photo}”印在画册里宽 {inches * 25.4:.0f} 毫米，只有约 {ppi:.0f} ppi"
            f"（每英寸像素），印出来会{'模糊' if ppi < BLURRED_PPI else '发虚'}；"
            f"请换一张宽度至少 {round(dpi * inches)} 像素的原图（手机或相机拍摄的原始照片，不要用聊天软件压缩过的）")


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

    box = photo_box(style)
    problems = []
    for point_id in year.book:
        point = year.point(point_id)
        for index, highlight in enumerate(point.highlights):
            pixels = sizes.size(year.photo_path(highlight))
            if not pixels:
                continue            # unreadable: the data check already said so
            crop = crop_box(pixels, box, tuple(highlight.focus or CENTRE))
            ppi = effective_ppi(crop[2] - crop[0], box[0])
            if ppi < BLURRED_PPI:
                problems.append(field_problem(year, point, ("highlights", index, "photo"),
                                              advice(highlight.photo, box[0], ppi, style.images.dpi), project_root))
    return problems


def _upright_pixels(path: Path) -> tuple[int, int] | None:
    from PIL import Image

    try:
        with Image.open(path) as image:
            return _upright_size(image)
    except (OSError, ValueError, SyntaxError):
        return None

