"""The brochures' part of the validation phase: the style file, each template rendered once,
the font files the style names, and every character of the data against the fonts."""
from __future__ import annotations

from pathlib import Path

from pipeline.cache import Cache
from pipeline.data.model import Year
from pipeline.data.yaml_reader import field_name
from pipeline.errors import DataError, Problem

from . import texts
from .convert import font_cmap
from .fonts import ALWAYS, fallback_candidates
from .locate import missing_character, text_of
from .style import FONT_ROLES, STYLE_FILE, StyleFile, font_field, load_style, role_sources, style_position


def check_year(year: Year, templates_dir: Path, cache: Cache | None) -> list[Problem]:
    try:
        style = load_style(templates_dir)
        chars = set(text_of(year)) | set(_wording(year, templates_dir))
    except DataError as error:
        return error.problems
    fonts_dir = cache.folder / "fonts" if cache else None
    try:
        missing = _unprintable(style, templates_dir, chars, fonts_dir)
    except _NotAFont as error:
        return [error.problem]
    root = templates_dir.resolve().parent
    return [missing_character(char, year, list(year.points), root) for char in sorted(missing)]


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


def _unprintable(style: StyleFile, templates_dir: Path, chars: set[str], fonts_dir: Path | None) -> set[str]:
    sources = role_sources(style, templates_dir)
    covered: set[int] = set()
    for role in FONT_ROLES:
        try:
            covered.update(font_cmap(sources[role], fonts_dir))
        except Exception:  # noqa: BLE001 - fontTools raises many kinds for a non-font
            where = font_field(style, templates_dir, role)
            line, column = style_position(templates_dir, where)
            raise _NotAFont(Problem(f"templates/{STYLE_FILE.as_posix()}", line, column, field_name(where),
                                    f"“{sources[role].path.name}” 不是可用的字体文件，或已经损坏；"
                                    "请换成完好的 .ttf/.otf/.ttc 字体，或删去这一行")) from None
    remaining = {c for c in chars | ALWAYS if not c.isspace() and ord(c) not in covered}
    for source in fallback_candidates(remaining, set(sources.values())):
        if not remaining:
            break
        try:
            cmap = font_cmap(source, fonts_dir)
        except Exception:  # noqa: BLE001 - a font fontTools cannot read is no fallback
            continue
        remaining = {c for c in remaining if ord(c) not in cmap}
    return remaining
