"""What the page and text templates see: the article as plain data, its wording rendered from
the small templates, each photo named by its web copy (images/<point>-<n>.jpg) and size."""
from __future__ import annotations

from pathlib import Path

from pipeline.data.model import Point, Year

from .images import web_size
from .style import ArticleStyle
from .wording import WORDING_KEYS, keyed, labelled, lines, text

IMAGES = "images"


def book(year: Year) -> list[Point]:
    """The points the release is about: those of the brochure, in its order."""
    by_id = {p.id: p for p in year.points}
    return [by_id[i] for i in year.book if i in by_id]


def image_name(point: Point, index: int) -> str:
    """The web copy of the point's `index`th photo (from 0), relative to the page."""
    return f"{IMAGES}/{point.id}-{index + 1}.jpg"


def article(year: Year, templates_dir: Path, style: ArticleStyle) -> dict:
    listed = {unit: index for index, unit in enumerate(year.notice.units)}
    units = sorted((p for p in year.points if p.id in listed), key=lambda p: listed[p.id])
    shared = dict(year=year.year, notice=year.notice, brochure=year.brochure, count=len(units))
    return {
        "year": year.year,
        "words": keyed(templates_dir, "wording.j2", WORDING_KEYS, **shared),
        "lead": lines(templates_dir, "lead.j2", units=units, **shared),
        "sections": tuple(_section(year, point, templates_dir, style) for point in book(year)),
        "closing": tuple(year.brochure.closing),
    }


def _section(year: Year, point: Point, templates_dir: Path, style: ArticleStyle) -> dict:
    return {
        "name": point.party_org.short_name,
        "organisation": point.organisation,
        "facts": labelled(templates_dir, "facts.j2", point=point),
        "summary": tuple(point.summary),
        "narrative": tuple(point.narrative),
        "honours": tuple(text(templates_dir, "honour.j2", honour=honour, point=point) for honour in point.honours),
        "services": tuple({"name": s.name, "description": s.description or ""} for s in point.services),
        "photos": tuple(_photo(year, point, index, templates_dir, style) for index in range(len(point.highlights))),
        "paragraphs": tuple(point.paragraphs),
        "plan": tuple(point.plan),
    }


def _photo(year: Year, point: Point, index: int, templates_dir: Path, style: ArticleStyle) -> dict:
    highlight = point.highlights[index]
    width, height = web_size(year.photo_path(highlight), style.images.width)
    caption = text(templates_dir, "caption.j2", highlight=highlight, point=point)
    return {"src": image_name(point, index), "width": width, "height": height, "caption": caption}
