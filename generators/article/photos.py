"""The release's photos: which points' photos it shows, what each web copy is called, and
the copy itself (images.py does the resizing)."""
from __future__ import annotations

from pathlib import Path

from partydocs.model.model import Point, Year

from generators.picture import Copy, Header
from partydocs.reuse.cache import Cache

from .images import web_copy, web_jpeg
from .style import load_style

IMAGES = "images"


def book(year: Year) -> list[Point]:
    """The points the release is about: those of the brochure, in its order."""
    by_id = {p.id: p for p in year.points}
    return [by_id[i] for i in year.book if i in by_id]


def image_name(point: Point, index: int) -> str:
    """The web copy of the point's `index`th photo (from 0), relative to the page."""
    return f"{IMAGES}/{point.id}-{index + 1}.jpg"


def image_outputs(year: Year) -> list[tuple[str, str, int]]:
    """(output, point id, photo index) of every photo's web copy."""
    return [(f"{year.year}/article/{image_name(point, index)}", point.id, index)
            for point in book(year) for index in range(len(point.highlights))]


def build_image(year: Year, point_id: str, index: int, templates_dir: Path, cache: Cache | None = None) -> bytes:
    images = load_style(templates_dir).images
    return web_jpeg(year.photo_path(year.point(point_id).highlights[index]), images.width, images.quality, cache)


def web_copy_for(templates_dir: Path, head: Header) -> Copy:
    """The web copy the release will want of a photo whose header is `head`: the brochure's
    profile makes it from the decode that gives its own print copy."""
    images = load_style(templates_dir).images
    return web_copy(head, images.width, images.quality)
