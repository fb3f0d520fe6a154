"""Give reportlab a TrueType font holding a document's characters, from a store of glyphs.

reportlab embeds only TrueType (glyf) outlines, while the usual Chinese fonts (Noto CJK,
Source Han) are OpenType/CFF with tens of thousands of glyphs whose cubic curves must become
quadratic ones. That conversion is slow (outlines.py, about a millisecond a glyph), so each
glyph is converted once per font, ever, and kept compiled in the glyph store (store.py); a
document's font is then assembled (truetype.py) from those glyphs plus a few font-wide tables
copied from the source (face.py).

The store lives in its own cache namespace, keyed by this package's code and fontTools'
version only (`store_key`): a change anywhere else in the project never sweeps it.
Everything in the result depends only on the source font and the character set (never on
what else the store holds or in what order it was filled), and there are no timestamps, so
one font and one character set always give the same bytes.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from partydocs.reuse.cache import Cache
from partydocs.reuse.toolchain import toolchain_key

from ..fonts import FontSource
from .face import stored_face
from .outlines import CONVERTER_VERSION, convert_glyph
from .store import GLYPH_DB, GlyphStore, store_at
from .truetype import assemble

__all__ = ["GLYPH_DB", "NAMESPACE", "font_cmap", "font_digest", "glyph_folder", "store_key", "truetype_subset"]

# Some system fonts carry a zero 'modified' date; fontTools says so on the console for each one.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)

NAMESPACE = "glyphs"


def store_key() -> str:
    """What the stored glyphs depend on: this package's code (and what it imports) and fontTools."""
    return toolchain_key(("fonttools",), code=(__name__,))


def glyph_folder(cache: Cache) -> Path:
    """Where the glyph store of `cache`'s build lives: its own namespace beside the cache."""
    return cache.beside(NAMESPACE, store_key()).folder


def font_cmap(source: FontSource, cache_dir: Path | None) -> Mapping[int, int]:
    """The code points `source` has a glyph for, from the same store as the glyphs."""
    store = store_at(cache_dir) if cache_dir is not None else None
    return stored_face(source, font_digest(source, cache_dir), store).cmap


def font_digest(source: FontSource, cache_dir: Path | None) -> str:
    """The face's content digest. Hashing a 20 MB CJK font costs ~0.3 s in every process, so
    with a store the digest is recorded with the file's stamp and trusted while it holds
    (partydocs.reuse.stamps: not for a file changed within two seconds of being recorded)."""
    store = store_at(cache_dir) if cache_dir is not None else None
    recorded = store.file_digest(source.path) if store is not None else None
    return f"{recorded[:20]}-{source.index}" if recorded else source.digest()


def truetype_subset(source: FontSource, chars: frozenset[str], cache_dir: Path | None = None) -> bytes:
    """The bytes of that font; glyphs come from (and go to) the store in `cache_dir` if given."""
    return _subset(source, font_digest(source, cache_dir), chars, cache_dir)


@lru_cache(maxsize=16)
def _subset(source: FontSource, digest: str, chars: frozenset[str], cache_dir: Path | None) -> bytes:
    """Kept for a process that lays out the same text again (--watch: the profile just
    edited), as assembling a subset costs a quarter of a short profile's time."""
    return _build(source, digest, chars, store_at(cache_dir) if cache_dir is not None else None)


def _build(source: FontSource, digest: str, chars: frozenset[str], store: GlyphStore | None) -> bytes:
    face = stored_face(source, digest, store)
    cmap = {code: face.cmap[code] for code in sorted(ord(c) for c in chars) if code in face.cmap}
    gids = sorted({0, *cmap.values()})
    font_key = f"{CONVERTER_VERSION}|{digest}"
    glyphs = store.get(font_key, gids) if store is not None else {}
    missing = [gid for gid in gids if gid not in glyphs]
    if missing:
        converted = {gid: convert_glyph(source, digest, gid) for gid in missing}
        if store is not None:
            store.put(font_key, converted)
        glyphs.update(converted)
    return assemble(face, cmap, gids, glyphs)
