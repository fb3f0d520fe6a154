"""Photos for the web page: upright, on white, at most the style's width, as baseline JPEG.
The copy is made by generators.picture (one decode, shared with the brochure's print copy when
a profile made it first) and kept in the photos cache; Pillow's encoder gives the same bytes
for the same photo and settings (no EXIF, no time)."""
from __future__ import annotations

from pathlib import Path

from generators.picture import Copy, Header, copy_of, header, scaled_to_width
from partydocs.reuse.cache import Cache
from partydocs.reuse.reads import read_input

HEADER_BYTES = 256 * 1024           # enough for any JPEG's or PNG's header and EXIF


def web_copy(head: Header, width: int, quality: int) -> Copy:
    """The whole photo at most `width` pixels wide; Huffman tables fitted for smaller pages."""
    return Copy((0, 0, *head.upright), scaled_to_width(head.upright, width), quality, optimize=True)


def web_size(path: Path, width: int) -> tuple[int, int]:
    """The pixel size `web_jpeg` gives the photo, read from its header alone."""
    with open(path, "rb") as stream:
        return web_copy(header(stream.read(HEADER_BYTES)), width, 0).size


def web_jpeg(path: Path, width: int, quality: int, cache: Cache | None = None) -> bytes:
    data = read_input(path)
    return copy_of(data, web_copy(header(data), width, quality), cache)
