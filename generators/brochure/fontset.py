"""One document's fonts: the style's three faces subset to the document's characters and
registered with reportlab, plus fallback faces for characters those lack. A character no
font on the machine has is a DataError, never a blank."""
from __future__ import annotations

import hashlib
import io
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from fontTools.ttLib import TTFont as FontFile
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from .glyphs import font_cmap, truetype_subset
from .fonts import ALWAYS, FontSource, fallback_candidates
from .linebreak import is_full_width_mark
from .style import FONT_ROLES, StyleFile, role_sources

def _to_unicode_cmap(fontname, subset, _original=ttfonts.makeToUnicodeCMap):
    """reportlab writes a character beyond U+FFFF (𠮷 U+20BB7) as five hex digits, which
    readers take for U+20BB: write it as the UTF-16 surrogate pair the PDF format wants."""
    cmap = _original(fontname, subset)
    for code, char in enumerate(subset):
        if char > 0xFFFF:
            pair = chr(char).encode("utf-16-be").hex().upper()
            cmap = cmap.replace("<%02X> <%04X>" % (code, char), "<%02X> <%s>" % (code, pair))
    return cmap


if getattr(ttfonts.makeToUnicodeCMap, "__name__", "") != "_to_unicode_cmap":
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap


# reportlab tags a font's subsets AAAAAA+, AAAAAB+ … in the order a document first uses its
# characters, so two documents' AAAAAA+ of one font hold different glyphs, and a collection
# joined from them has one name for several fonts (preflight and merge tools take them for
# one). The tag is made from the subset's content instead: one name, one font.
_subset_tags: ContextVar[list[bytes] | None] = ContextVar("subset_tags", default=None)
TAG_LETTERS = 6


def _subset_tag(n, _original=ttfonts.SUBSETN):
    tags = _subset_tags.get()
    return tags[n] if tags is not None else _original(n)


def content_tag(face_name: bytes, codes: list[int]) -> bytes:
    """Six capital letters that name the subset `codes` of the face `face_name`."""
    number = int.from_bytes(hashlib.sha256(face_name + repr(codes).encode("ascii")).digest()[:8], "big")
    letters = []
    for _ in range(TAG_LETTERS):
        number, digit = divmod(number, 26)
        letters.append(chr(ord("A") + digit))
    return "".join(letters).encode("ascii")


def _add_objects(self, doc, _original=TTFont.addObjects):
    state = self.state.get(doc)
    tags = [content_tag(self.face.name, list(subset)) for subset in state.subsets] if state else None
    token = _subset_tags.set(tags)
    try:
        _original(self, doc)
    finally:
        _subset_tags.reset(token)


if getattr(TTFont.addObjects, "__name__", "") != "_add_objects":
    ttfonts.SUBSETN = _subset_tag
    TTFont.addObjects = _add_objects

# A CJK font's space is about a fifth of an em: too narrow to read between Latin words, and
# narrower than text extractors' 3 pt word-gap threshold at our sizes (8.5 pt and up).
WORD_SPACE = 0.36
INK_TOLERANCE = 0.03       # em: how far a mark's ink may reach into the half it gives up
NO_BLANK = (0.0, 0.0)


@dataclass
class FontSet:
    names: dict[str, str]                                  # role -> registered font name
    fallback: dict[str, str] = field(default_factory=dict)  # char -> registered font name
    _covered: dict[str, frozenset[int]] = field(default_factory=dict)
    _advances: dict[tuple[str, str], float] = field(default_factory=dict)
    _blanks: dict[str, dict[str, tuple[float, float]]] = field(default_factory=dict)   # font -> mark -> blank

    def font_for(self, char: str, role: str) -> str:
        name = self.names[role]
        if ord(char) in self._covered[name] or char.isspace():
            return name
        return self.fallback.get(char, name)

    def advance(self, char: str, role: str) -> float:
        """Advance width of `char` at size 1."""
        key = (char, role)
        if key not in self._advances:
            width = pdfmetrics.stringWidth(char, self.font_for(char, role), 1000) / 1000
            self._advances[key] = max(width, WORD_SPACE) if char == " " else width
        return self._advances[key]

    def blank(self, char: str, role: str) -> tuple[float, float]:
        """The (left, right) part of a full-width mark's em, at size 1, that holds no ink."""
        return self._blanks[self.font_for(char, role)].get(char, NO_BLANK)


@contextmanager
def fonts_released():
    """Forget the fonts registered inside the block once it ends. reportlab keeps every
    registered font for the life of the process, and each document registers its own subsets:
    a worker building 5,000 brochures would otherwise hold some 1.2 GB of fonts."""
    from reportlab.lib import fonts as families

    before = set(pdfmetrics._fonts)
    try:
        yield
    finally:
        for name in set(pdfmetrics._fonts) - before:
            font = pdfmetrics._fonts.pop(name)
            if pdfmetrics._dynFaceNames.get(getattr(font.face, "name", None)) is font:
                del pdfmetrics._dynFaceNames[font.face.name]
            for key in [k for k, v in families._tt2ps_map.items() if v == name]:
                del families._tt2ps_map[key]
            families._ps2tt_map.pop(name.lower(), None)


def prepare_fonts(style: StyleFile, templates_dir: Path, chars: set[str], cache_dir: Path) -> tuple[FontSet, set[str]]:
    """The document's FontSet, and the characters that no font on this machine has."""
    wanted = frozenset(chars | ALWAYS)
    sources = role_sources(style, templates_dir)
    fonts = FontSet({})
    for role, source in sources.items():
        fonts.names[role] = _register(source, wanted, cache_dir, fonts)
    missing = {c for c in wanted if not c.isspace() and any(ord(c) not in fonts._covered[fonts.names[r]] for r in FONT_ROLES)}
    unresolved = _add_fallbacks(fonts, missing, sources, cache_dir)
    return fonts, unresolved


def _register(source: FontSource, chars: frozenset[str], cache_dir: Path, fonts: FontSet) -> str:
    data = truetype_subset(source, chars, cache_dir)
    key = hashlib.sha256(data).hexdigest()
    name = f"Brochure-{key[:16]}"
    if name not in pdfmetrics.getRegisteredFontNames():
        font = TTFont(name, io.BytesIO(data))
        # reportlab shares one font object among all fonts with the same PostScript name, so
        # two subsets of one face would collapse into the first: give each subset its own name
        font.face.name = font.face.name + b"-" + key[:8].encode("ascii")
        pdfmetrics.registerFont(font)
    font = pdfmetrics.getFont(name)
    fonts._covered[name] = frozenset(font.face.charToGlyph)
    fonts._blanks[name] = _mark_blanks(source, data, fonts._covered[name])
    return name


_known_blanks: dict[tuple, dict[str, tuple[float, float]]] = {}     # by face and its file's stamp: char -> blank


def _mark_blanks(source: FontSource, data: bytes, covered: frozenset[int]) -> dict[str, tuple[float, float]]:
    """For each full-width mark in the font: the half of its em it may give up, judged from
    its outline — the left half of “ and （, the right half of ， and ”; none of · or ……
    A mark's outline is the face's, whichever subset holds it: each is judged once per face
    in a process, and a subset is read again only for marks not judged yet."""
    status = source.path.stat()
    known = _known_blanks.setdefault((str(source.path), source.index, status.st_mtime_ns, status.st_size), {})
    marks = [chr(code) for code in covered if is_full_width_mark(chr(code))]
    if any(char not in known for char in marks):
        font = FontFile(io.BytesIO(data), recalcTimestamp=False, lazy=True)
        em = font["head"].unitsPerEm
        glyphs, metrics = font["glyf"], font["hmtx"]
        for code, name in font.getBestCmap().items():
            char = chr(code)
            if is_full_width_mark(char) and char not in known:
                advance, glyph = metrics[name][0], glyphs[name]
                known[char] = NO_BLANK
                if advance == em and getattr(glyph, "numberOfContours", 0):
                    half, slack = em / 2, INK_TOLERANCE * em
                    known[char] = (0.5 if glyph.xMin >= half - slack else 0.0, 0.5 if glyph.xMax <= half + slack else 0.0)
    return {char: known[char] for char in marks if known.get(char, NO_BLANK) != NO_BLANK}


def _add_fallbacks(fonts: FontSet, missing: set[str], sources: dict[str, FontSource], cache_dir: Path) -> set[str]:
    role_fonts = [fonts.names[role] for role in FONT_ROLES]
    remaining = set()
    for char in sorted(missing):   # a character one role lacks and another has: borrow it
        owner = next((name for name in role_fonts if ord(char) in fonts._covered[name]), None)
        if owner:
            fonts.fallback[char] = owner
        else:
            remaining.add(char)
    for source in fallback_candidates(remaining, set(sources.values())):
        if not remaining:
            break
        try:
            covered = font_cmap(source, cache_dir)
            wanted = frozenset(c for c in remaining if ord(c) in covered)
            name = _register(source, wanted, cache_dir, fonts) if wanted else None
        except Exception:    # a font fontTools or reportlab cannot read is no fallback; try the next one
            continue
        if name is None:
            continue
        for char in sorted(remaining):
            if ord(char) in fonts._covered[name]:
                fonts.fallback[char] = name
                remaining.discard(char)
    return remaining
