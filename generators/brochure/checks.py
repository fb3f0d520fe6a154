"""The brochures' part of the validation phase: the style file, each template rendered once,
the font files the style names, and every character of the data against the fonts."""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from partydocs.reuse.cache import Cache
from partydocs.reuse.counters import did
from partydocs.model.model import Year
from partydocs.model.yaml_reader import field_name
from partydocs.reuse.errors import DataError, Problem

from . import texts
from .glyphs import font_cmap, font_digest, glyph_folder
from .fonts import ALWAYS, FontSource, fallback_candidates
from .locate import missing_character, point_text
from .style import FONT_ROLES, STYLE_FILE, StyleFile, font_field, load_style, role_sources, style_position


class Verified:
    """A year's texts whose every character the style's fonts have, by digest, for one set of
    fonts: a later check reads only the texts it has not seen (an edit changes one point's
    text, and the characters of 10,000 points take a second to gather). Kept in the brochures'
    cache as the year's current texts only, so edits leave nothing behind; the validation phase
    only reads it, and `keep` writes once the build may write. A forged entry could only let a
    missing glyph through to the render, which reports it."""

    def __init__(self, cache: Cache | None, year: str, sources: dict[str, FontSource]):
        """Without a cache (a first build) nothing is known yet, and what is learnt is kept
        all the same: the name, which needs the fonts' digests, is made when it is kept."""
        self.year, self.sources = year, sources
        stored = cache.get(self._name(cache)) if cache else None
        self.known = set(stored.decode("ascii", "replace").split()) if stored else set()
        self.learnt: set[str] = set()

    def keep(self, cache: Cache) -> None:
        if self.learnt and self.learnt != self.known:
            cache.put(self._name(cache), "\n".join(sorted(self.learnt)).encode("ascii"))

    def _name(self, cache: Cache) -> str:
        return f"{VERIFIED}-{self.year}-{_fonts_key(self.sources, glyph_folder(cache))}.txt"


VERIFIED = "verified-texts"


def check_year(year: Year, templates_dir: Path, cache: Cache | None, fonts_dir: Path | None) -> tuple[list[Problem], Verified | None]:
    """The year's problems, and the texts found printable, to keep for the next build.
    `fonts_dir`: the glyph store a build made, if any (the validation phase makes none)."""
    try:
        style = load_style(templates_dir)
        texts_ = [point_text(point) for point in year.points] + [point_text(year.brochure), _wording(year, templates_dir)]
    except DataError as error:
        return error.problems, None
    try:
        sources, covered = _role_fonts(style, templates_dir, fonts_dir)
    except _NotAFont as error:
        return [error.problem], None
    verified = Verified(cache, year.year, sources)
    digests = [_digest(text) for text in texts_]
    unseen = [text for text, digest in zip(texts_, digests) if digest not in verified.known]
    did("texts checked against the fonts", len(unseen))
    chars = set("".join(unseen))
    missing = _unprintable(sources, covered, chars, fonts_dir)
    if not missing:
        if all(c.isspace() or _in_any(c, covered) for c in chars):   # a fallback font may be gone next time
            verified.learnt = set(digests)
        return [], verified
    root = templates_dir.resolve().parent
    return [missing_character(char, year, list(year.points), root) for char in sorted(missing)], None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _fonts_key(sources: dict[str, FontSource], fonts_dir: Path) -> str:
    faces = "\n".join(f"{role}={font_digest(sources[role], fonts_dir)}" for role in FONT_ROLES)
    return hashlib.sha256(faces.encode()).hexdigest()[:16]


def _wording(year: Year, templates_dir: Path) -> str:
    """Every brochure template rendered once, with the year's first point, honour, photo."""
    text = "".join(texts.keyed(templates_dir, "headings.j2", texts.HEADING_KEYS, year=year.year, brochure=year.brochure).values())
    text += "".join(texts.lines(templates_dir, "back_cover.j2", brochure=year.brochure, year=year.year, count=len(year.points)))
    text += "".join(texts.lines(templates_dir, "cover.j2", brochure=year.brochure, year=year.year, count=len(year.points),
                                volume=1, volumes=1))
    if year.book:
        point = year.point(year.book[0])
        text += "".join(texts.keyed(templates_dir, "profile.j2", texts.PROFILE_KEYS, point=point, year=year.year,
                                    brochure=year.brochure).values())
        text += "".join(v for pair in texts.labelled(templates_dir, "facts.j2", point=point) for v in pair)
        for honour in point.honours[:1]:
            text += "".join(texts.lines(templates_dir, "honour.j2", honour=honour, point=point))
        for highlight in point.highlights[:1]:
            text += "".join(texts.lines(templates_dir, "caption.j2", highlight=highlight, point=point))
    return text


class _NotAFont(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def _role_fonts(style: StyleFile, templates_dir: Path, fonts_dir: Path | None) -> tuple[dict[str, FontSource], list[Mapping]]:
    """The font of each role, and the code points each has."""
    sources = role_sources(style, templates_dir)
    covered = []
    for role in FONT_ROLES:
        try:
            covered.append(font_cmap(sources[role], fonts_dir))
        except Exception:  # noqa: BLE001 - fontTools raises many kinds for a non-font
            where = font_field(style, templates_dir, role)
            line, column = style_position(templates_dir, where)
            raise _NotAFont(Problem(f"templates/{STYLE_FILE.as_posix()}", line, column, field_name(where),
                                    f"“{sources[role].path.name}” 不是可用的字体文件，或已经损坏；"
                                    "请换成完好的 .ttf/.otf/.ttc 字体，或删去这一行")) from None
    return sources, covered


def _in_any(char: str, cmaps: list[Mapping]) -> bool:
    return any(ord(char) in cmap for cmap in cmaps)


def _unprintable(sources: dict[str, FontSource], covered: list[Mapping], chars: set[str], fonts_dir: Path | None) -> set[str]:
    remaining = {c for c in chars | ALWAYS if not c.isspace() and not _in_any(c, covered)}
    for source in fallback_candidates(remaining, set(sources.values())):
        if not remaining:
            break
        try:
            cmap = font_cmap(source, fonts_dir)
        except Exception:  # noqa: BLE001 - a font fontTools cannot read is no fallback
            continue
        remaining = {c for c in remaining if ord(c) not in cmap}
    return remaining
