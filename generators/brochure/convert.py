"""Subset a font to a document's characters and give it TrueType outlines, cached on disk.

reportlab embeds only TrueType (glyf) outlines, while the usual Chinese fonts (Noto CJK,
Source Han) are OpenType/CFF with some 65,000 glyphs: subset first, then convert the cubic
CFF curves to quadratic ones. The result depends only on the font file and the character
set, so it is cached under both hashes; fixed timestamps keep it byte-identical.
"""
from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

from .fonts import FontSource

CONVERTER_VERSION = "1"      # bump when the conversion's output changes
MAX_ERROR = 1.0              # font units: how far a quadratic curve may stray from the cubic
DROPPED_TABLES = ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "VORG", "vhea", "vmtx", "DSIG", "meta", "MATH", "COLR", "CPAL"]


def cached_truetype(source: FontSource, chars: frozenset[str], cache_dir: Path) -> Path:
    """A TrueType subset of `source` holding those of `chars` it has (the cmap says which)."""
    key = hashlib.sha256(f"{CONVERTER_VERSION}|{source.digest()}|{''.join(sorted(chars))}".encode()).hexdigest()[:32]
    path = cache_dir / f"{key}.ttf"
    if not path.is_file():
        _write_atomic(path, truetype_subset(source, chars))
    return path


def truetype_subset(source: FontSource, chars: frozenset[str]) -> bytes:
    font = TTFont(str(source.path), fontNumber=source.index, recalcTimestamp=False, recalcBBoxes=True, lazy=False)
    _subset(font, chars)
    if "CFF " in font or "CFF2" in font:
        _cff_to_glyf(font)
    font["post"].formatType = 3.0   # no glyph names: smaller, and reportlab does not need them
    buffer = io.BytesIO()
    font.save(buffer, reorderTables=True)
    return buffer.getvalue()


def _subset(font: TTFont, chars: frozenset[str]) -> None:
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += DROPPED_TABLES
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.glyph_names = False
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)


def _cff_to_glyf(font: TTFont) -> None:
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {name: _quadratic(glyph_set, name) for name in order}
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for table in ("CFF ", "CFF2", "VORG"):
        if table in font:
            del font[table]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    font["maxp"] = _maxp_v1()
    font.sfntVersion = "\x00\x01\x00\x00"


def _quadratic(glyph_set, name: str):
    pen = TTGlyphPen(glyph_set)
    glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
    return pen.glyph()


def _maxp_v1():
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in ("maxZones",):
        setattr(maxp, field, 1)
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, field, 0)
    return maxp


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    scratch.write_bytes(data)
    os.replace(scratch, path)
