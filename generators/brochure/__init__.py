"""Printable PDF brochures: one profile per demonstration point, and the year's bound collection.

Both are byte-identical for identical inputs. Fonts are subset to the document's characters,
converted to TrueType where needed and cached in `cache_dir`.
"""
from __future__ import annotations

from pathlib import Path

from pipeline.errors import Problem
from pipeline.model import Point, Year

from . import texts
from .collection import collection_story, ordered_points
from .document import Meta, render_pdf
from .fontset import role_sources
from .locate import missing_character
from .profile import point_section
from .style import load_style, style_path
from .typesetter import Typesetter

__all__ = ["build_profile", "build_collection", "brochure_inputs"]


def build_profile(year: Year, point: Point, templates_dir: Path, cache_dir: Path) -> bytes:
    ts = Typesetter(load_style(templates_dir), templates_dir, cache_dir)
    headings = _headings(templates_dir, year)
    wording = texts.keyed(templates_dir, "profile.j2", texts.PROFILE_KEYS, point=point, year=year.year, brochure=year.brochure)
    meta = Meta(title=f"{wording['title']}（{wording['subtitle']}）" if wording.get("subtitle") else wording["title"],
                author=year.brochure.issuer, subject=wording["subject"], header_right=wording["header_right"])
    return render_pdf(ts, meta, lambda pages: point_section(ts, year, point, headings),
                      lambda char: _locate(char, year, [point], templates_dir))


def build_collection(year: Year, templates_dir: Path, cache_dir: Path) -> bytes:
    ts = Typesetter(load_style(templates_dir), templates_dir, cache_dir)
    headings = _headings(templates_dir, year)
    brochure = year.brochure
    subject = f"{brochure.subtitle}（{year.year}年）" if brochure.subtitle else f"{year.year}年"
    meta = Meta(title=brochure.title, author=brochure.issuer, subject=subject)
    return render_pdf(ts, meta, lambda pages: collection_story(ts, year, headings, pages),
                      lambda char: _locate(char, year, ordered_points(year), templates_dir),
                      first_template="cover", paged=True)


def brochure_inputs(templates_dir: Path) -> list[Path]:
    """Files a brochure's bytes depend on besides the data: style, templates, fonts."""
    fonts = sorted({source.path for source in role_sources(load_style(templates_dir), templates_dir).values()})
    return [style_path(templates_dir), *texts.template_files(templates_dir), *fonts]


def _headings(templates_dir: Path, year: Year) -> dict[str, str]:
    return texts.keyed(templates_dir, "headings.j2", texts.HEADING_KEYS, year=year.year, brochure=year.brochure)


def _locate(char: str, year: Year, points: list[Point], templates_dir: Path) -> Problem:
    return missing_character(char, year, points, templates_dir.resolve().parent)
