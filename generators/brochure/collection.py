"""The year's bound collection: cover, foreword, contents, one section per point, closing,
back cover. The sections are the points' own pages (sections.py); front and back matter are
laid out here around them, knowing how many pages each section has."""
from __future__ import annotations

import base64
import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import BinaryIO, Callable

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer

from partydocs.model.model import Point, Year
from partydocs.reuse import bounded_json
from partydocs.reuse.cache import Cache
from partydocs.reuse.counters import did

from . import texts
from ..pdfa import issue_date
from .assemble import Part, assemble
from .glyphs import font_digest, glyph_folder
from .covers import back_cover, front_cover
from .pdf_document import DIGITS, Laid, Meta, digit_forms, render_pdf
from .flowables import Marker, Outline, TocLine
from .locate import missing_character
from .style import role_sources
from .typesetter import Typesetter
from .volumes import Volume, ordered_points

COVER_KEYS = ("title", "year", "issuer")


def assemble_collection(ts: Typesetter, year: Year, volume: Volume, headings: dict[str, str],
                        section_of: Callable[[Point], Laid], out: BinaryIO) -> None:
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
    back_lines = texts.lines(ts.templates_dir, "back_cover.j2", brochure=brochure, year=year.year, count=len(year.points))
    back = back_cover(ts, back_lines)
    ts.note(DIGITS)
    key = _matter_key(ts, year, volume, [cover, headings, back_lines, brochure.closing if has_closing else None],
                      counts, meta)
    matter = _matter(ts.cache.sub("matter"), key, lambda: _lay_out_matter(ts, year, volume, counts, meta, number_width,
                                                                 front_story, closing_story, back))
    front = matter.front
    parts = [Part(front)]
    for point, section in zip(points, sections):
        parts.append(Part(section, number_from=front.pages[point.id]))
    parts += [Part(laid) for laid in (matter.closing, matter.back) if laid is not None]
    assemble(meta, parts, matter.digits, out, contents=front, issued=issue_date(year), mode=ts.style.mode, press=ts.style.press)


@dataclass(frozen=True)
class _Matter:
    """What a volume has besides its sections: front matter, closing (last volume), back cover."""
    front: Laid
    closing: Laid | None
    back: Laid
    digits: tuple[bytes, dict[str, float]]      # the forms the folios are composed of


def _lay_out_matter(ts: Typesetter, year: Year, volume: Volume, counts: list[int], meta: Meta, number_width: float,
                    front_story: list[Flowable], closing_story: list[Flowable], back: Flowable) -> _Matter:
    did("matter laid out")
    front = _front_matter(ts, year, volume, front_story, counts, meta, bool(closing_story), number_width)
    after_sections = front.page_count + sum(counts) + 1
    closing = render_pdf(ts, meta, closing_story, _locator(year, ts), first_page=after_sections) if closing_story else None
    last_before_back = after_sections - 1 + (closing.page_count if closing else 0)
    back_cover_laid = _back(ts, year, meta, back, blank_first=last_before_back % 2 == 0)
    return _Matter(front, closing, back_cover_laid, digit_forms(ts))


def _front_matter(ts: Typesetter, year: Year, volume: Volume, story: list[Flowable], counts: list[int], meta: Meta,
                  closing: bool, number_width: float) -> Laid:
    """Cover, its blank verso, foreword and contents, laid out once: the contents' numbers
    are filled in when the front matter's length, and so every section's start, is known."""
    did("front matter laid out")

    def numbers(canvas, page_count: int) -> None:
        for key, page in _section_starts(page_count, volume.points, counts, closing).items():
            TocLine.draw_number(canvas, ts, "toc_entry", number_width, key, page)

    laid = render_pdf(ts, meta, story, _locator(year, ts), first_template="cover", finish=numbers)
    laid.pages.update(_section_starts(laid.page_count, volume.points, counts, closing))
    return laid


_kept_matter: OrderedDict[str, _Matter] = OrderedDict()     # this process's last few, for --watch
MATTER_KEPT = 4          # in memory
MATTER_FILES_KEPT = 16   # on disk


def _matter_key(ts: Typesetter, year: Year, volume: Volume, wording: list, counts: list[int], meta: Meta) -> str:
    """Everything the matter's bytes are made of: the code, its wording, the points'
    names, the sections' lengths, the style, and the fonts, which are subset to every character
    the volume's front, closing and back notes."""
    facts = [ts.style.mode, wording, year.brochure.title, year.brochure.foreword, counts, repr(meta),
             [(p.id, p.organisation, p.party_org.short_name) for p in volume.points],
             ts.style.model_dump_json(), sorted(ts.chars),
             [font_digest(source, glyph_folder(ts.cache)) for source in role_sources(ts.style, ts.templates_dir).values()]]
    return hashlib.sha256(json.dumps(facts, ensure_ascii=False).encode("utf-8")).hexdigest()


def _matter(cache: Cache, key: str, lay_out: Callable[[], _Matter]) -> _Matter:
    """The matter is the same after an edit unless a name, a section's length or the wording
    changed; then it is not laid out again. A --watch session or the build server keeps the
    last few in memory, and every build finds the last few in the cache."""
    matter = _kept_matter.get(key) or _read_matter(cache, key)
    if matter is None:
        matter = lay_out()
        _write_matter(cache, key, matter)
    _kept_matter[key] = matter
    _kept_matter.move_to_end(key)
    while len(_kept_matter) > MATTER_KEPT:
        _kept_matter.popitem(last=False)
    return matter


def _read_matter(cache: Cache, key: str) -> _Matter | None:
    try:
        stored = bounded_json.loads(cache.get(f"{key}.json") or b"null")
        parts = {name: Laid.from_facts(facts, base64.b64decode(facts["pdf"])) if facts else None
                 for name, facts in stored["parts"].items()}
        digits = (base64.b64decode(stored["digits"]["pdf"]), stored["digits"]["widths"])
        return _Matter(parts["front"], parts["closing"], parts["back"], digits)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_matter(cache: Cache, key: str, matter: _Matter) -> None:
    def stored(laid: Laid | None) -> dict | None:
        return laid.facts() | {"pdf": base64.b64encode(laid.data).decode("ascii")} if laid else None

    parts = {"front": stored(matter.front), "closing": stored(matter.closing), "back": stored(matter.back)}
    digits = {"pdf": base64.b64encode(matter.digits[0]).decode("ascii"), "widths": matter.digits[1]}
    cache.put(f"{key}.json", json.dumps({"parts": parts, "digits": digits}).encode("utf-8"))
    for stale in sorted(cache.folder.glob("*.json"), key=lambda path: path.stat().st_mtime_ns)[:-MATTER_FILES_KEPT]:
        stale.unlink(missing_ok=True)


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
