"""What the templates see: the article's frame (title, lead, closing) and each point's section,
as plain data; a point is made plain once for all the small templates its section renders,
each photo named by its web copy (images/<point>-<n>.jpg) and size."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from types import MappingProxyType

from partydocs.model.checks import STATED_COUNT
from partydocs.model.model import Point, Year
from partydocs.model.templating import plain
from partydocs.reuse.errors import DataError, Problem

from .images import web_size
from .photos import book, image_name  # noqa: F401  (book: the sections' list)
from .style import ArticleStyle
from .wording import WORDING_KEYS, keyed, labelled, lines, text

def words(year: Year, templates_dir: Path) -> dict[str, str]:
    """The title and headings (wording.j2)."""
    return keyed(templates_dir, "wording.j2", WORDING_KEYS, **_shared(year, len(_units(year))))


def lead(year: Year, templates_dir: Path) -> tuple[str, ...]:
    """The lead's paragraphs (lead.j2), naming each unit the notice confirms. A unit there is
    what names it (`unit`), not its whole profile: 10,000 points are not made plain for it."""
    units = _units(year)
    return lines(templates_dir, "lead.j2", units=tuple(unit(p) for p in units), **_shared(year, len(units)))


def unit(point: Point) -> MappingProxyType:
    """A confirmed unit as lead.j2 sees it: its names and its place."""
    return plain({"id": point.id, "organisation": point.organisation, "organisation_kind": point.organisation_kind,
                  "party_org": point.party_org, "location": point.location, "place": point.location.zh()})


def _units(year: Year) -> list[Point]:
    """The units the notice lists, in its order: the one list the release counts and names.
    A release that would say "0家" or name nobody, or a count other than the notice's title
    states, is an error, never printed."""
    listed = {unit: index for index, unit in enumerate(year.notice.units)}
    units = sorted((p for p in year.points if p.id in listed), key=lambda p: listed[p.id])
    file = _label(year)
    if not units:
        raise DataError([Problem(file, 0, 0, "units", f"新闻稿要写《{year.notice.title}》确认了几家、是哪些单位，但这份公文没有列出单位（units）；"
                                 "请写 units（示范点编号，或 全部）。名单在表格文件中时，把表格放进 points/ 文件夹，写 units: 全部，"
                                 "附件写 table: {from: points, …}，通知、附件和新闻稿就出自同一份名单")])
    stated = [int(match[1]) for match in STATED_COUNT.finditer(year.notice.title)]
    if stated and len(units) not in stated:
        raise DataError([Problem(file, 0, 0, "title", f"标题写的是“等{stated[0]}家”，但 units 列出 {len(units)} 家，"
                                 f"新闻稿会写成“{len(units)}家”；请让标题和名单一致")])
    return units


def units_digest(year: Year) -> str:
    """What the release prints of the units it names (the lead), as one digest: a unit listed
    only on a sheet is no file of the release's, yet renaming it changes the release."""
    names = [(p.id, p.party_org.name, p.party_org.short_name, p.organisation, p.organisation_kind, p.location.zh())
             for p in _units(year)]
    return hashlib.sha256(json.dumps(names, ensure_ascii=False).encode("utf-8")).hexdigest()


def _label(year: Year) -> str:
    """The notice's file as the user sees it: data/<year>/…"""
    return Path(os.path.relpath(year.sources["notice"], year.root.parent.parent)).as_posix()


def _shared(year: Year, count: int) -> dict:
    return plain({"year": year.year, "notice": year.notice, "brochure": year.brochure, "count": count})


def section(year: Year, point: Point, templates_dir: Path, style: ArticleStyle) -> MappingProxyType:
    """What section.html.j2 and section.txt.j2 see of one point (see their header)."""
    data = plain(point)
    return plain({
        "name": point.party_org.short_name,
        "organisation": point.organisation,
        "facts": labelled(templates_dir, "facts.j2", point=data),
        "summary": data["summary"],
        "narrative": data["narrative"],
        "honours": tuple(text(templates_dir, "honour.j2", honour=honour, point=data) for honour in data["honours"]),
        "services": tuple({"name": s.name, "description": s.description or ""} for s in point.services),
        "photos": tuple(_photo(year, point, data, index, templates_dir, style) for index in range(len(point.highlights))),
        "paragraphs": data["paragraphs"],
        "plan": data["plan"],
    })


def _photo(year: Year, point: Point, data: MappingProxyType, index: int, templates_dir: Path, style: ArticleStyle) -> dict:
    width, height = web_size(year.photo_path(point.highlights[index]), style.images.width)
    caption = text(templates_dir, "caption.j2", highlight=data["highlights"][index], point=data)
    return {"src": image_name(point, index), "width": width, "height": height, "caption": caption}
