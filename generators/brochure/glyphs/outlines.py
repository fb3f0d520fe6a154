"""One glyph's outline made TrueType: CFF's cubic curves become quadratic (about a
millisecond a glyph, which is why the store keeps every glyph converted)."""
from __future__ import annotations

import os
import struct
from functools import lru_cache

from partydocs.reuse.counters import did

from ..fonts import FontSource

CONVERTER_VERSION = "2"      # bump when a converted glyph or the assembled font changes
MAX_ERROR = 1.0              # font units: how far a quadratic curve may stray from the cubic


@lru_cache(maxsize=8)
def _outlines(path: str, index: int, digest: str, pid: int):
    """The source opened for drawing glyphs; `pid` keeps a forked worker off its parent's file."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=index, lazy=True, recalcTimestamp=False)
    cubic = "CFF " in font or "CFF2" in font
    return font.getGlyphSet(), font.getGlyphOrder(), font["hmtx"], cubic


@lru_cache(maxsize=1)
def _glyf_table():
    """What glyph compilation consults (only its `extended` flag)."""
    from fontTools.ttLib import newTable

    return newTable("glyf")


def convert_glyph(source: FontSource, digest: str, gid: int) -> tuple[int, int, bytes]:
    """(advance, left side bearing, compiled glyf data) of one glyph: quadratic, no components.

    CFF curves become quadratic and turn clockwise, as TrueType wants; a TrueType source's
    outlines are copied as they are, with any components drawn in (the glyph ids they name
    mean nothing in the assembled font)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.filterPen import DecomposingFilterPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    did("glyphs converted")
    glyph_set, order, hmtx, cubic = _outlines(str(source.path), source.index, digest, os.getpid())
    name = order[gid]
    pen = TTGlyphPen(None)
    target = Cu2QuPen(pen, MAX_ERROR, reverse_direction=True) if cubic else pen
    glyph_set[name].draw(DecomposingFilterPen(target, glyph_set))
    data = pen.glyph().compile(_glyf_table(), recalcBBoxes=True)
    advance, lsb = hmtx[name]
    if data:
        lsb = struct.unpack_from(">h", data, 2)[0]      # xMin
    return advance, lsb, data
