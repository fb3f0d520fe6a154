"""The year's bound collection: cover, foreword, contents, one section per point, closing,
back cover. Each point's section comes from profile.point_section, unchanged."""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer

from pipeline.model import Point, Year

from . import texts
from .covers import back_cover, front_cover
from .flowables import Marker, Outline, TocLine
from .profile import point_section
from .typesetter import Typesetter

COVER_KEYS = ("title", "year", "issuer")


def ordered_points(year: Year) -> list[Point]:
    order = year.brochure.order or [p.id for p in year.points]
    listed = [year.point(i) for i in order]
    return listed + [p for p in year.points if p.id not in order]


def collection_story(ts: Typesetter, year: Year, headings: dict[str, str], pages: dict[str, int]) -> list[Flowable]:
    points = ordered_points(year)
    context = {"brochure": year.brochure, "year": year.year, "count": len(points)}
    cover = texts.keyed(ts.templates_dir, "cover.j2", COVER_KEYS, **context)
    back = texts.lines(ts.templates_dir, "back_cover.j2", **context)
    title = year.brochure.title
    story: list[Flowable] = [front_cover(ts, cover), NextPageTemplate("blank"), PageBreak(), Spacer(0, 1)]
    story += [NextPageTemplate("body"), PageBreak()]
    story += _part(ts, "foreword", headings["foreword"], title, year.brochure.foreword)
    story += [PageBreak()] + _contents(ts, points, headings, title, pages, bool(year.brochure.closing))
    for point in points:
        story += [PageBreak()] + point_section(ts, year, point, headings)
    if year.brochure.closing:
        story += [PageBreak()] + _part(ts, "closing", headings["closing"], title, year.brochure.closing)
    if pages.get("back-cover", 0) % 2:          # the back cover belongs on a left-hand (even) page
        story += [NextPageTemplate("blank"), PageBreak(), Spacer(0, 1)]
    story += [NextPageTemplate("cover"), PageBreak(), back_cover(ts, back)]
    return story


def _part(ts: Typesetter, key: str, heading: str, header: str, paragraphs: list[str]) -> list[Flowable]:
    ts.note(header)
    story: list[Flowable] = [Marker(Outline(key, heading, 0, header=header)), Spacer(0, 18 * mm)]
    story.append(ts.para(heading, "part_title"))
    return story + [ts.para(text, "body") for text in paragraphs]


def _contents(ts: Typesetter, points: list[Point], headings: dict[str, str], header: str,
              pages: dict[str, int], closing: bool) -> list[Flowable]:
    story = [Marker(Outline("contents", headings["contents"], 0, header=ts.note(header))), Spacer(0, 18 * mm),
             ts.para(headings["contents"], "part_title")]
    entries = [(p.id, p.organisation, p.party_org.short_name) for p in points]
    if closing:
        entries.append(("closing", headings["closing"], ""))
    number_width = 2.5 * ts.para_style("toc_entry").size
    for key, title, note in entries:
        line = TocLine(ts.para(title, "toc_entry"), ts.note(str(pages.get(key, ""))), key, ts, "toc_entry", number_width)
        line.spaceAfter = 1 if note else 8
        story.append(line)
        if note:
            story.append(ts.para(note, "toc_note", after=8))
    return story
