"""Where a photo sits and how large: its frame in the row, its own proportions kept, cropped
only around the data's `focus`.

A group photo cut to another shape loses the people at its edges, so a photo is fitted into
its frame whole (a 3:2 photo fills the style's 3:2 frame exactly; a 4:3 or upright one is as
tall as the frame and narrower). Only a photo whose data gives a `focus` fills the frame
exactly, cropped around that point: whoever wrote it chose what may be cut.

How large the frames are is the one thing a profile's layout may vary to end on a filled page
(sections.py): `PhotoFit` scales the frames down to pull a short last page back, or sets the
photos one to a row, as large as their pixels allow at the style's dpi, to fill it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image

POINTS_PER_INCH = 72
ORIENTATION = 0x0112
TURNED = (5, 6, 7, 8)           # EXIF orientations whose upright picture is the stored one turned


@dataclass(frozen=True)
class PhotoFit:
    """How the photos of a profile are framed: `scale` of the column's width, and how many
    photos to a row (None: the style's `images.columns`)."""

    scale: float = 1.0
    columns: int | None = None


NATURAL = PhotoFit()


@dataclass(frozen=True)
class Placement:
    """A photo's printed box, in points."""

    width: float
    height: float


def upright_size(path: Path) -> tuple[int, int]:
    """The photo's pixels as it is seen upright, from its header alone (no pixel decoded)."""
    stat = path.stat()
    return _upright_size(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=256)
def _upright_size(path: str, size: int, mtime: int) -> tuple[int, int]:
    with Image.open(path) as image:
        width, height = image.size
        turned = image.getexif().get(ORIENTATION, 1) in TURNED
    return (height, width) if turned else (width, height)


def place_photo(pixels: tuple[int, int], frame: tuple[float, float], focus) -> Placement:
    """The box a photo of `pixels` takes in `frame` (width, height in points): the whole frame
    when the data gives a focus to crop around, else the largest box of the photo's own
    proportions inside it."""
    frame_w, frame_h = frame
    if focus is not None:
        return Placement(frame_w, frame_h)
    aspect = pixels[0] / pixels[1]
    if aspect >= frame_w / frame_h:
        return Placement(frame_w, frame_w / aspect)
    return Placement(frame_h * aspect, frame_h)


def natural_width(pixels: tuple[int, int], dpi: int) -> float:
    """How wide (points) the photo can print at the style's dpi."""
    return pixels[0] / dpi * POINTS_PER_INCH


def frame_for(fit: PhotoFit, content: float, gutter: float, columns: int, ratio: float,
              widest: float) -> tuple[int, tuple[float, float]]:
    """(photos to a row, the frame's width and height) for `fit` on a text block `content`
    points wide, the style's `columns` and frame `ratio` (width / height). One to a row, a
    frame grows up to `widest` (what the photos' pixels allow), never below a column's width."""
    per_row = fit.columns or columns
    column = (content - (columns - 1) * gutter) / columns
    if per_row == 1 and fit.columns == 1:
        width = min(content, max(column, widest))
    else:
        width = (content - (per_row - 1) * gutter) / per_row
    width *= fit.scale
    return per_row, (width, width / ratio)
