"""A TrueType font assembled from stored glyphs and a face's copied tables: glyf, loca,
hmtx, cmap and the numbers head, hhea, maxp and OS/2 must agree on, packed by hand (fontTools
compiles only cmap and OS/2, whose packing has rules worth not repeating)."""
from __future__ import annotations

import io
import struct
import sys
from array import array
from typing import TYPE_CHECKING

from .face import COPIED_TABLES, Face

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

ASSEMBLED_TABLES = (*COPIED_TABLES, "hmtx", "loca", "glyf", "cmap")


def assemble(face: Face, cmap: dict[int, int], gids: list[int], glyphs: dict[int, tuple[int, int, bytes]]) -> bytes:
    names = [".notdef"] + [f"glyph{gid}" for gid in gids[1:]]
    name_of = dict(zip(gids, names))

    # glyf and loca, and the numbers maxp, head and hhea need
    offsets, pieces, position = [], [], 0
    x_min = y_min = x_max = y_max = None
    max_points = max_contours = 0
    min_lsb = min_rsb = max_extent = None
    advances, lsbs = [], []
    for gid in gids:
        advance, lsb, data = glyphs[gid]
        advances.append(advance)
        lsbs.append(lsb)
        offsets.append(position)
        if data:
            contours, g_x_min, g_y_min, g_x_max, g_y_max = struct.unpack_from(">hhhhh", data)
            points = struct.unpack_from(">H", data, 10 + 2 * (contours - 1))[0] + 1
            max_points, max_contours = max(max_points, points), max(max_contours, contours)
            if x_min is None:
                x_min, y_min, x_max, y_max = g_x_min, g_y_min, g_x_max, g_y_max
                min_lsb, min_rsb, max_extent = lsb, advance - lsb - (g_x_max - g_x_min), lsb + g_x_max - g_x_min
            else:
                x_min, y_min, x_max, y_max = min(x_min, g_x_min), min(y_min, g_y_min), max(x_max, g_x_max), max(y_max, g_y_max)
                min_lsb = min(min_lsb, lsb)
                min_rsb = min(min_rsb, advance - lsb - (g_x_max - g_x_min))
                max_extent = max(max_extent, lsb + g_x_max - g_x_min)
            data += b"\0" * (-len(data) % 4)
            pieces.append(data)
            position += len(data)
    offsets.append(position)
    short_loca = position < 0x20000
    loca = array("H", [offset // 2 for offset in offsets]) if short_loca else array("I", offsets)
    if sys.byteorder != "big":
        loca.byteswap()

    # hmtx: trailing glyphs of the last glyph's advance store only their side bearing
    metrics = len(gids)
    while metrics > 1 and advances[metrics - 2] == advances[-1]:
        metrics -= 1
    hmtx = b"".join(struct.pack(">Hh", advances[i], lsbs[i]) for i in range(metrics))
    hmtx += struct.pack(f">{len(gids) - metrics}h", *lsbs[metrics:])

    head = bytearray(face.tables["head"][:54])
    struct.pack_into(">L", head, 8, 0)                                        # checkSumAdjustment
    struct.pack_into(">H", head, 16, struct.unpack_from(">H", head, 16)[0] | 0x2)  # lsb == xMin
    struct.pack_into(">hhhh", head, 36, x_min or 0, y_min or 0, x_max or 0, y_max or 0)
    struct.pack_into(">hh", head, 50, 0 if short_loca else 1, 0)              # indexToLocFormat, glyphDataFormat

    hhea = bytearray(face.tables["hhea"][:36])
    struct.pack_into(">Hhhh", hhea, 10, max(advances), min_lsb or 0, min_rsb or 0, max_extent or 0)
    struct.pack_into(">H", hhea, 34, metrics)

    maxp = struct.pack(">LHHHHHHHHHHHHHH", 0x00010000, len(gids), max_points, max_contours, 0, 0,
                       1, 0, 0, 0, 0, 0, 0, 0, 0)
    post = b"\x00\x03\x00\x00" + face.tables["post"][4:32]                 # format 3: no glyph names

    from fontTools.ttLib import TTFont, newTable
    from fontTools.ttLib.tables.DefaultTable import DefaultTable

    font = TTFont(recalcBBoxes=False, recalcTimestamp=False)
    font.setGlyphOrder(names)
    font["head"] = newTable("head")            # a real table: compiling OS/2 consults head.macStyle
    font["head"].decompile(bytes(head), font)
    for tag, data in (("hhea", bytes(hhea)), ("maxp", maxp), ("hmtx", hmtx),
                      ("loca", loca.tobytes()), ("glyf", b"".join(pieces)), ("name", face.tables["name"]),
                      ("post", post)):
        table = DefaultTable(tag)
        table.data = data
        font[tag] = table
    font["cmap"] = _cmap_table({code: name_of[gid] for code, gid in cmap.items()})
    font["OS/2"] = _os2_table(face.tables["OS/2"], font, set(cmap))
    buffer = io.BytesIO()
    font.save(buffer, reorderTables=True)
    return buffer.getvalue()


def _cmap_table(mapping: dict[int, str]):
    """Format 4 for the BMP; format 12 too when a character lies beyond it (as the subsetter)."""
    bmp = {code: name for code, name in mapping.items() if code <= 0xFFFF}
    layout = [(0, 3, 4, bmp), (3, 1, 4, bmp)]
    if len(bmp) < len(mapping):
        layout[1:1] = [(0, 4, 12, mapping)]
        layout.append((3, 10, 12, mapping))
    from fontTools.ttLib import newTable
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

    table = newTable("cmap")
    table.tableVersion = 0
    table.tables = []
    for platform, encoding, fmt, codes in layout:
        subtable = CmapSubtable.newSubtable(fmt)
        subtable.platformID, subtable.platEncID, subtable.language = platform, encoding, 0
        subtable.cmap = dict(codes)
        table.tables.append(subtable)
    return table


def _os2_table(data: bytes, font: TTFont, codes: set[int]):
    """The source's OS/2 with the ranges pruned to these characters (first/last char index
    are set from the cmap when the table is compiled)."""
    from fontTools.ttLib import newTable
    from fontTools.ttLib.tables.O_S_2f_2 import calcCodePageRanges, intersectUnicodeRanges

    table = newTable("OS/2")
    table.decompile(data, font)
    table.setUnicodeRanges(table.getUnicodeRanges() - intersectUnicodeRanges(codes, inverse=True))
    if table.version >= 1:
        table.setCodePageRanges((calcCodePageRanges(codes) & table.getCodePageRanges()) or {0})
    return table
