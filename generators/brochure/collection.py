"""The year's bound collection: cover, foreword, contents, one section per point, closing,
back cover. The sections are the points' own pages (sections.py); front and back matter are
laid out here around them, knowing how many pages each section has."""
from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from typing import Callable

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer

from pipeline.model import Point, Year

from . import texts
from .assemble import Part, assemble
from .covers import back_cover, front_cover
from .document import DIGITS, Laid, Meta, render_pdf
from .flowables import Marker, Outline, TocLine
from .locate import missing_character
from .style import role_sources
from .typesetter import Typesetter
from .volumes import Volume, ordered_points

COVER_KEYS = ("title", "year", "issuer")


def assemble_collection(ts: Typesetter, year: Year, volume: Volume, headings: dict[str, str],
                        section_of: Callable[[Point], Laid]) -> bytes:
    """The volume; front matter, closing, back cover and folios share one typesetter, so the
    fonts are prepared once, for the characters of all of them (each PDF embeds only its own)."""
    points = volume.points
    sections = [section_of(point) for point in points]
    counts = [section.page_count for section in sections]
    brochure = year.brochure
    subject = f"{brochure.subtitle}（{year.year}年）" if brochure.subtitle else f"{year.year}年"
    title = brochure.title if volume.count == 1 else f"{brochure.title}（第{volume.number}册）"
    meta = Meta(title=title, author=brochure.issuer, subject=subject)
    has_closing = bool(brochure.closing) and volume.last
    number_width = 2.5 * ts.para_style("toc_entry").size
    cover = texts.keyed(ts.templates_dir, "cover.j2", COVER_KEYS, brochure=brochure, year=year.year,
                        count=len(points), volume=volume.number, volumes=volume.count)
    front_story = _front_story(ts, year, volume, cover, headings, has_closing, number_width)
    closing_story = _part(ts, "closing", headings["closing"], brochure.title, brochure.closing) if has_closing else []
    back = back_cover(ts, texts.lines(ts.templates_dir, "back_cover.j2", brochure=brochure, year=year.year, count=len(year.points)))
    ts.note(DIGITS)
    key = _front_key(ts, year, volume, cover, headings, counts, meta, has_closing)
    front = _laid_fronts.get(key) or _front_matter(ts, year, volume, front_story, counts, meta, has_closing, number_width)
    _keep_front(key, front)
    parts = [Part(front)]
    for point, section in zip(points, sections):
        parts.append(Part(section, number_from=front.pages[point.id]))
    after_sections = front.page_count + sum(counts) + 1
    closing = render_pdf(ts, meta, closing_story, _locator(year, ts), first_page=after_sections) if has_closing else None
    if closing:
        parts.append(Part(closing))
    last_before_back = after_sections - 1 + (closing.page_count if closing else 0)
    parts.append(Part(_back(ts, year, meta, back, blank_first=last_before_back % 2 == 0)))
    return assemble(ts, meta, parts, contents=front)


def _front_matter(ts: Typesetter, year: Year, volume: Volume, story: list[Flowable], counts: list[int], meta: Meta,
                  closing: bool, number_width: float) -> Laid:
    """Cover, its blank verso, foreword and contents, laid out once: the contents' numbers
    are filled in when the front matter's length, and so every section's start, is known."""

    def numbers(canvas, page_count: int) -> None:
        for key, page in _section_starts(page_count, volume.points, counts, closing).items():
            TocLine.draw_number(canvas, ts, "toc_entry", number_width, key, page)

    laid = render_pdf(ts, meta, story, _locator(year, ts), first_template="cover", finish=numbers)
    laid.pages.update(_section_starts(laid.page_count, volume.points, counts, closing))
    return laid


_laid_fronts: OrderedDict[str, Laid] = OrderedDict()     # this process's last few, for --watch
FRONTS_KEPT = 4


def _front_key(ts: Typesetter, year: Year, volume: Volume, cover: dict[str, str], headings: dict[str, str],
               counts: list[int], meta: Meta, closing: bool) -> str:
    """Everything the front matter's bytes are made of, in this process (whose code is fixed):
    its wording, the points' names, the sections' lengths, the style, and the fonts, which are
    subset to every character the volume's front, closing and back notes."""
    facts = [cover, headings, year.brochure.title, year.brochure.foreword, closing, counts, repr(meta),
             [(p.id, p.organisation, p.party_org.short_name) for p in volume.points],
             ts.style.model_dump_json(), sorted(ts.chars),
             [source.digest() for source in role_sources(ts.style, ts.templates_dir).values()]]
    return hashlib.sha256(json.dumps(facts, ensure_ascii=False).encode("utf-8")).hexdigest()


def _keep_front(key: str, front: Laid) -> None:
    """A --watch session rebuilds the collection after each edit; its front matter is the same
    unless a name, a section's length or the wording changed, and is then not laid out again."""
    _laid_fronts[key] = front
    _laid_fronts.move_to_end(key)
    while len(_laid_fronts) > FRONTS_KEPT:
        _laid_fronts.popitem(last=False)


def _section_starts(front_pages: int, points: list[Point], counts: list[int], closing: bool) -> dict[str, int]:
    starts, page = {}, front_pages + 1
    for point, count in zip(points, counts):
        starts[point.id], page = page, page + count
    if closing:
        starts["closing"] = page
    return starts


def _front_story(ts: Typesetter, year: Year, volume: Volume, cover: dict[str, str], headings: dict[str, str],
                 closing: bool, number_width: float) -> list[Flowable]:
    points = volume.points
    title = year.brochure.title
    story: list[Flowable] = [front_cover(ts, cover), NextPageTemplate("blank"), PageBreak(), Spacer(0, 1)]
    story += [NextPageTemplate("body"), PageBreak()]
    story += _part(ts, "foreword", headings["foreword"], title, year.brochure.foreword)
    return story + [PageBreak()] + _contents(ts, points, headings, title, closing, number_width)


def _back(ts: Typesetter, year: Year, meta: Meta, back: Flowable, blank_first: bool) -> Laid:
    """The back cover, on a left-hand (even) page: after a blank page when it would fall on a right."""
    story: list[Flowable] = [Spacer(0, 1), NextPageTemplate("cover"), PageBreak(), back] if blank_first else [back]
    return render_pdf(ts, meta, story, _locator(year, ts), first_template="blank" if blank_first else "cover")


def _locator(year: Year, ts: Typesetter):
    def locate(char: str):
        return missing_character(char, year, ordered_points(year), ts.templates_dir.resolve().parent)
    return locate


def _part(ts: Typesetter, key: str, heading: str, header: str, paragraphs: list[str]) -> list[Flowable]:
    ts.note(header)
    story: list[Flowable] = [Marker(Outline(key, heading, 0, header=header)), Spacer(0, 18 * mm)]
    story.append(ts.para(heading, "part_title"))
    return story + [ts.para(text, "body") for text in paragraphs]


def _contents(ts: Typesetter, points: list[Point], headings: dict[str, str], header: str, closing: bool,
              number_width: float) -> list[Flowable]:
    story = [Marker(Outline("contents", headings["contents"], 0, header=ts.note(header))), Spacer(0, 18 * mm),
             ts.para(headings["contents"], "part_title")]
    entries = [(p.id, p.organisation, p.party_org.short_name) for p in points]
    if closing:
        entries.append(("closing", headings["closing"], ""))
    ts.note(DIGITS)
    for key, title, note in entries:
        line = TocLine(ts.para(title, "toc_entry"), key, ts, "toc_entry", number_width)
        line.spaceAfter = 1 if note else 8
        story.append(line)
        if note:
            story.append(ts.para(note, "toc_note", after=8))
    return story
