"""A source font's face as assembling needs it: its character map and the few font-wide
tables copied into every subset; read from the font once, then kept in the glyph store as
plain bytes (never marshal or pickle: output/.cache is untrusted)."""
from __future__ import annotations

import struct
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..fonts import FontSource
from .outlines import CONVERTER_VERSION

if TYPE_CHECKING:
    from .store import GlyphStore

FACE_FORMAT = "plain-1"      # how a face is stored (face_blob)
COPIED_TABLES = ("head", "hhea", "maxp", "OS/2", "name", "post")


@dataclass(frozen=True)
class Face:
    """What assembling needs from a source font: read once per process."""

    cmap: Mapping[int, int]      # code point -> glyph id in the source
    tables: dict[str, bytes]     # COPIED_TABLES, raw


def read_face(path: str, index: int) -> Face:
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
    return Face(cmap, tables)


_faces: dict[str, Face] = {}
_kept: set[tuple[Path, str]] = set()     # (store file, face key): the store is known to hold that face


def stored_face(source: FontSource, digest: str, store: GlyphStore | None) -> Face:
    """The face from this process's memory, else from the store (a CJK cmap takes ~0.1 s to
    decompile, a stored one ~5 ms to load), else read from the font. It is stored as soon as a
    store is at hand: a first build reads its faces while validating, before it has a cache."""
    key = f"{CONVERTER_VERSION}|{FACE_FORMAT}|{digest}"
    face = _faces.get(key)
    if face is None and store is not None and (face := face_in(store, key)) is not None:
        _kept.add((store.path, key))
    if face is None:
        face = read_face(str(source.path), source.index)
    _faces[key] = face
    if store is not None and (store.path, key) not in _kept:
        store.put_face(key, face_blob(face))
        _kept.add((store.path, key))
    return face


def face_in(store: GlyphStore, key: str) -> Face | None:
    blob = store.get_face(key)
    try:
        return face_from_blob(blob) if blob else None
    except (struct.error, ValueError):
        return None


def face_blob(face: Face) -> bytes:
    """A face as plain bytes, never marshal or pickle (output/.cache is untrusted): the code
    points and their glyph ids as two arrays of 32-bit integers, then each copied table with
    its length, all little-endian."""
    codes = sorted(face.cmap)
    parts = [struct.pack("<I", len(codes)), struct.pack(f"<{len(codes)}I", *codes),
             struct.pack(f"<{len(codes)}I", *(face.cmap[code] for code in codes))]
    for tag in COPIED_TABLES:
        parts += [struct.pack("<I", len(face.tables[tag])), face.tables[tag]]
    return b"".join(parts)


def face_from_blob(blob: bytes) -> Face:
    """The face face_blob stored; ValueError for bytes of another shape."""
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
    return Face(CodeMap(codes, gids), tables)


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
