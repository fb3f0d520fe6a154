"""Give reportlab a TrueType font holding a document's characters, from a per-glyph cache.

reportlab embeds only TrueType (glyf) outlines, while the usual Chinese fonts (Noto CJK,
Source Han) are OpenType/CFF with some 65,000 glyphs whose cubic curves must become
quadratic ones. That conversion is slow (about a millisecond a glyph), so each glyph is
converted once per font, ever, and kept compiled in `cache_dir/glyphs.sqlite`; a document's
font is then assembled from those glyphs plus a few font-wide tables copied from the source.

Everything in the result depends only on the source font and the character set (never on
what else the cache holds or in what order it was filled), and there are no timestamps, so
one font and one character set always give the same bytes.
"""
from __future__ import annotations

import io
import json
import logging
import os
import sqlite3
import struct
import sys
import threading
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from typing import TYPE_CHECKING

from pipeline.counters import did
from pipeline.stamps import recorded_digest

from .fonts import FontSource

if TYPE_CHECKING:      # fontTools itself is imported where a font is read or made: the validation
    from fontTools.ttLib import TTFont    # phase, which reads only stored faces, does without it

# Some system fonts carry a zero 'modified' date; fontTools says so on the console for each one.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)

CONVERTER_VERSION = "2"      # bump when a converted glyph or the assembled font changes
FACE_FORMAT = "plain-1"      # how a face is stored (_face_blob)
MAX_ERROR = 1.0              # font units: how far a quadratic curve may stray from the cubic
GLYPH_DB = "glyphs.sqlite"
COPIED_TABLES = ("head", "hhea", "maxp", "OS/2", "name", "post")
ASSEMBLED_TABLES = (*COPIED_TABLES, "hmtx", "loca", "glyf", "cmap")
_CHUNK = 500                 # ids per SELECT ... IN (...)


def preload() -> None:
    """Import the fontTools table code a document's font is assembled and saved with (some
    50 ms in a fresh process, mostly fontTools building its OpenType table classes). Reads
    no font: the scout worker runs it while the driver validates."""
    from fontTools.ttLib import getTableClass

    for tag in ASSEMBLED_TABLES:
        getTableClass(tag)


def font_cmap(source: FontSource, cache_dir: Path | None) -> Mapping[int, int]:
    """The code points `source` has a glyph for, from the same cache as the glyphs."""
    store = _store(cache_dir) if cache_dir is not None else None
    return _stored_face(source, font_digest(source, cache_dir), store).cmap


def font_digest(source: FontSource, cache_dir: Path | None) -> str:
    """The face's content digest. Hashing a 20 MB CJK font costs ~0.3 s in every process, so
    with a cache the digest is recorded with the file's stamp and trusted while it holds
    (pipeline.stamps: not for a file changed within two seconds of being recorded)."""
    store = _store(cache_dir) if cache_dir is not None else None
    recorded = store.file_digest(source.path) if store is not None else None
    return f"{recorded[:20]}-{source.index}" if recorded else source.digest()


def truetype_subset(source: FontSource, chars: frozenset[str], cache_dir: Path | None = None) -> bytes:
    """The bytes of that font; glyphs come from (and go to) `cache_dir`'s cache if given."""
    return _subset(source, font_digest(source, cache_dir), chars, cache_dir)


@lru_cache(maxsize=16)
def _subset(source: FontSource, digest: str, chars: frozenset[str], cache_dir: Path | None) -> bytes:
    """Kept for a process that lays out the same text again (--watch: the profile just
    edited), as assembling a subset costs a quarter of a short profile's time."""
    return _build(source, digest, chars, _store(cache_dir) if cache_dir is not None else None)


# -- the source font ------------------------------------------------------------------------

@dataclass(frozen=True)
class _Face:
    """What assembling needs from a source font: read once per process."""

    cmap: Mapping[int, int]      # code point -> glyph id in the source
    tables: dict[str, bytes]     # COPIED_TABLES, raw


def _read_face(path: str, index: int) -> _Face:
    """Read once per font (then stored): every table's checksum is verified here, so a font
    damaged in the middle is refused in the validation phase, not halfway through six PDFs.
    'head' is left out: its checksum is wrong in common, working collections (AR PL, WenQuanYi)."""
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True, recalcTimestamp=False, checkChecksums=2) as font:
        for tag in font.reader.keys():
            if tag != "head":
                font.reader[tag]                # raises on a table whose bytes do not match their checksum
        tables = {tag: bytes(font.reader[tag]) for tag in COPIED_TABLES}
        count = struct.unpack_from(">H", tables["maxp"], 4)[0]
        # Glyph names by id, so the cmap is read without decompiling the CFF table's charset.
        names = [f"g{gid}" for gid in range(count)]
        font.setGlyphOrder(names)
        best = font.getBestCmap() or {}
    cmap = {code: int(name[1:]) for code, name in best.items() if name != "g0"}
    return _Face(cmap, tables)


_faces: dict[str, _Face] = {}
_kept: set[tuple[Path, str]] = set()     # (store file, face key): the store is known to hold that face


def _stored_face(source: FontSource, digest: str, store: _GlyphStore | None) -> _Face:
    """The face from this process's memory, else from the store (a CJK cmap takes ~0.1 s to
    decompile, a stored one ~5 ms to load), else read from the font. It is stored as soon as a
    store is at hand: a first build reads its faces while validating, before it has a cache."""
    key = f"{CONVERTER_VERSION}|{FACE_FORMAT}|{digest}"
    face = _faces.get(key)
    if face is None and store is not None and (face := _face_in(store, key)) is not None:
        _kept.add((store.path, key))
    if face is None:
        face = _read_face(str(source.path), source.index)
    _faces[key] = face
    if store is not None and (store.path, key) not in _kept:
        store.put_face(key, _face_blob(face))
        _kept.add((store.path, key))
    return face


def _face_in(store: _GlyphStore, key: str) -> _Face | None:
    blob = store.get_face(key)
    try:
        return _face_from_blob(blob) if blob else None
    except (struct.error, ValueError):
        return None


def _face_blob(face: _Face) -> bytes:
    """A face as plain bytes, never marshal or pickle (output/.cache is untrusted): the code
    points and their glyph ids as two arrays of 32-bit integers, then each copied table with
    its length, all little-endian."""
    codes = sorted(face.cmap)
    parts = [struct.pack("<I", len(codes)), struct.pack(f"<{len(codes)}I", *codes),
             struct.pack(f"<{len(codes)}I", *(face.cmap[code] for code in codes))]
    for tag in COPIED_TABLES:
        parts += [struct.pack("<I", len(face.tables[tag])), face.tables[tag]]
    return b"".join(parts)


def _face_from_blob(blob: bytes) -> _Face:
    """The face _face_blob stored; ValueError for bytes of another shape."""
    (count,) = struct.unpack_from("<I", blob)
    if 4 + 8 * count > len(blob):
        raise ValueError("a face's code points run past its end")
    codes, gids = _uint32s(blob, 4, count), _uint32s(blob, 4 + 4 * count, count)
    offset, tables = 4 + 8 * count, {}
    for tag in COPIED_TABLES:
        (length,) = struct.unpack_from("<I", blob, offset)
        tables[tag] = blob[offset + 4:offset + 4 + length]
        offset += 4 + length
        if len(tables[tag]) != length:
            raise ValueError(f"a face's {tag} table runs past its end")
    if offset != len(blob):
        raise ValueError("a face has bytes after its tables")
    return _Face(CodeMap(codes, gids), tables)


def _uint32s(blob: bytes, offset: int, count: int) -> array:
    values = array("I")
    values.frombytes(blob[offset:offset + 4 * count])
    if sys.byteorder != "little":
        values.byteswap()
    return values


class CodeMap(Mapping[int, int]):
    """A stored face's code point -> glyph id, looked up in its two sorted arrays as stored:
    made at once, where a dict of a CJK font's 45,000 entries took 9 ms in every process."""

    def __init__(self, codes: array, gids: array):
        self.codes, self.gids = codes, gids

    def _index(self, code) -> int:
        at = bisect_left(self.codes, code) if isinstance(code, int) else len(self.codes)
        return at if at < len(self.codes) and self.codes[at] == code else -1

    def __contains__(self, code) -> bool:
        return self._index(code) >= 0

    def __getitem__(self, code: int) -> int:
        at = self._index(code)
        if at < 0:
            raise KeyError(code)
        return self.gids[at]

    def __iter__(self) -> Iterator[int]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)


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


def _convert(source: FontSource, digest: str, gid: int) -> tuple[int, int, bytes]:
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


# -- the glyph cache ------------------------------------------------------------------------

class _GlyphStore:
    """Rows (font, glyph id) -> (advance, lsb, compiled glyph, crc) in a SQLite file.

    Shared by concurrent processes (WAL, busy timeout). A damaged file is moved aside and
    started afresh; a row failing its CRC is converted again; any other trouble with the
    file only means glyphs are converted without being kept."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.connection: sqlite3.Connection | None = None
        self.identity: tuple[int, int] | None = None

    def get(self, font: str, gids: list[int]) -> dict[int, tuple[int, int, bytes]]:
        def read(connection: sqlite3.Connection):
            found = {}
            for start in range(0, len(gids), _CHUNK):
                part = gids[start:start + _CHUNK]
                rows = connection.execute(
                    f"SELECT gid, advance, lsb, data, crc FROM glyphs WHERE font = ? AND gid IN ({','.join('?' * len(part))})",
                    (font, *part))
                for gid, advance, lsb, data, crc in rows:
                    if isinstance(data, bytes) and crc == _crc(advance, lsb, data) and _valid(data):
                        found[gid] = (advance, lsb, data)
            return found
        return self._run(read) or {}

    def put(self, font: str, rows: dict[int, tuple[int, int, bytes]]) -> None:
        def write(connection: sqlite3.Connection):
            with connection:
                connection.executemany(
                    "INSERT OR REPLACE INTO glyphs (font, gid, advance, lsb, data, crc) VALUES (?, ?, ?, ?, ?, ?)",
                    [(font, gid, a, l, d, _crc(a, l, d)) for gid, (a, l, d) in sorted(rows.items())])
        self._run(write)

    def get_face(self, font: str) -> bytes | None:
        def read(connection: sqlite3.Connection):
            row = connection.execute("SELECT data, crc FROM faces WHERE font = ?", (font,)).fetchone()
            return row[0] if row and isinstance(row[0], bytes) and zlib.crc32(row[0]) == row[1] else None
        return self._run(read)

    def put_face(self, font: str, data: bytes) -> None:
        def write(connection: sqlite3.Connection):
            with connection:
                connection.execute("INSERT OR REPLACE INTO faces (font, data, crc) VALUES (?, ?, ?)",
                                   (font, data, zlib.crc32(data)))
        self._run(write)

    def file_digest(self, path: Path) -> str | None:
        """sha256 of the file's bytes, read again only when its stamp changed."""
        def read(connection: sqlite3.Connection):
            row = connection.execute("SELECT record FROM digests WHERE path = ?", (str(path),)).fetchone()
            return json.loads(row[0]) if row else None

        try:
            before = self._run(read)
            digest, record = recorded_digest(path, before)
        except (OSError, ValueError):
            return None
        if record is not before:
            def write(connection: sqlite3.Connection):
                with connection:
                    connection.execute("INSERT OR REPLACE INTO digests (path, record) VALUES (?, ?)",
                                       (str(path), json.dumps(record)))
            self._run(write)
        return digest

    def count(self, font: str | None = None) -> int:
        """Rows held (for `font`, or all): for tests and curiosity."""
        query = ("SELECT count(*) FROM glyphs WHERE font = ?", (font,)) if font else ("SELECT count(*) FROM glyphs", ())
        return self._run(lambda connection: connection.execute(*query).fetchone()[0]) or 0

    def _run(self, work):
        with self.lock:
            for attempt in range(2):
                try:
                    return work(self._connect())
                except sqlite3.DatabaseError as error:
                    self._close()
                    if attempt or not _damaged(error):
                        return None
                    self._set_aside()
                except OSError:            # e.g. the folder cannot be made: work without the cache
                    self._close()
                    return None
            return None

    def _connect(self) -> sqlite3.Connection:
        if self.connection is not None and self.identity != _identity(self.path):
            self._close()                  # the file was deleted or replaced under this connection
        if self.connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
            self.identity = _identity(self.path)       # what _set_aside may move if it is damaged
            try:
                connection.execute("PRAGMA busy_timeout = 60000")
                try:
                    connection.execute("PRAGMA journal_mode = WAL")
                except sqlite3.OperationalError as error:   # another process is switching it
                    if _damaged(error):
                        raise
                connection.execute("PRAGMA synchronous = NORMAL")
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS glyphs (font TEXT NOT NULL, gid INTEGER NOT NULL, advance INTEGER NOT NULL,"
                    " lsb INTEGER NOT NULL, data BLOB NOT NULL, crc INTEGER NOT NULL, PRIMARY KEY (font, gid)) WITHOUT ROWID")
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS faces (font TEXT PRIMARY KEY, data BLOB NOT NULL, crc INTEGER NOT NULL)")
                connection.execute("CREATE TABLE IF NOT EXISTS digests (path TEXT PRIMARY KEY, record TEXT NOT NULL)")
            except BaseException:
                connection.close()
                raise
            self.connection = connection
        return self.connection

    def _close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            except sqlite3.Error:
                pass
        self.connection = None

    def _set_aside(self) -> None:
        """Move a damaged file out of the way, unless another process already replaced it."""
        identity, self.identity = self.identity, None
        if identity is None or _identity(self.path) != identity:
            return
        damaged = self.path.with_name(f"{self.path.name}.damaged-{os.getpid()}")
        try:
            os.replace(self.path, damaged)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            damaged.unlink(missing_ok=True)
        except OSError:
            pass


_stores: dict[tuple[str, int], _GlyphStore] = {}


def _store(cache_dir: Path) -> _GlyphStore:
    key = (str(Path(cache_dir).resolve() / GLYPH_DB), os.getpid())   # no connection crosses a fork
    if key not in _stores:
        _stores[key] = _GlyphStore(Path(key[0]))
    return _stores[key]


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _damaged(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    return not isinstance(error, sqlite3.OperationalError)


def _crc(advance: int, lsb: int, data: bytes) -> int:
    return zlib.crc32(struct.pack(">Hh", advance & 0xFFFF, lsb) + data)


def _valid(data: bytes) -> bool:
    """A simple glyph's header and contour ends are readable (an empty glyph is b"")."""
    if not data:
        return True
    if len(data) < 12:
        return False
    contours = struct.unpack_from(">h", data)[0]
    return 0 < contours and len(data) >= 12 + 2 * contours


# -- assembling -----------------------------------------------------------------------------

def _build(source: FontSource, digest: str, chars: frozenset[str], store: _GlyphStore | None) -> bytes:
    face = _stored_face(source, digest, store)
    cmap = {code: face.cmap[code] for code in sorted(ord(c) for c in chars) if code in face.cmap}
    gids = sorted({0, *cmap.values()})
    font_key = f"{CONVERTER_VERSION}|{digest}"
    glyphs = store.get(font_key, gids) if store is not None else {}
    missing = [gid for gid in gids if gid not in glyphs]
    if missing:
        converted = {gid: _convert(source, digest, gid) for gid in missing}
        if store is not None:
            store.put(font_key, converted)
        glyphs.update(converted)
    return _assemble(face, cmap, gids, glyphs)


def _assemble(face: _Face, cmap: dict[int, int], gids: list[int], glyphs: dict[int, tuple[int, int, bytes]]) -> bytes:
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


# -- files ----------------------------------------------------------------------------------
