"""One demonstration point's section: title, fact panel, honours, narrative, services, photos,
the creation plan. It depends on nothing but the point, so it can be laid out on its own."""
from __future__ import annotations

import warnings
from itertools import groupby

from reportlab.platypus import Flowable, HRFlowable, Spacer, TableStyle

from generators.picture import photos_beside
from partydocs.model.model import Point, Year
from partydocs.reuse.errors import DataError

from . import texts
from .flowables import Bullet, FontedTable, KeepWhole, KeepWithNext, Marker, Outline, Panel, PhotoRow
from .framing import NATURAL, PhotoFit, frame_for, natural_width, place_photo, upright_size
from .images import PrintImage, print_image
from .locate import field_problem
from .resolution import BLURRED_PPI, PHOTO_GUTTER, advice, content_width as _content_width
from .typesetter import Typesetter

RULE_WIDTH = 0.4             # the hairlines between a table's rows


class PhotoResolutionWarning(UserWarning):
    """A photo that prints soft; its message is the problem, at the photo's data line."""


def content_width(ts: Typesetter) -> float:
    return _content_width(ts.style)


def point_section(ts: Typesetter, year: Year, point: Point, headings: dict[str, str],
                  fit: PhotoFit = NATURAL) -> list[Flowable]:
    """The flowables of one point's section, starting at the top of a page; its photos framed
    as `fit` says (sections.py chooses it)."""
    wording = texts.keyed(ts.templates_dir, "profile.j2", texts.PROFILE_KEYS, point=point, year=year.year, brochure=year.brochure)
    ts.note(wording["header"] + wording["header_right"])
    story: list[Flowable] = [Marker(Outline(point.id, wording["title"], 0, header=wording["header"]))]
    story += _title_block(ts, wording)
    story.append(_facts(ts, point))
    parts = (
        ("summary", lambda: _paragraphs(ts, point.summary, "body")),
        ("honours", lambda: _honours(ts, point)),
        ("narrative", lambda: _paragraphs(ts, point.narrative, "body")),
        ("services", lambda: _services(ts, point)),
        ("highlights", lambda: _photos(ts, year, point, fit)),
    )
    for name, build in parts:
        body = build()
        if body:
            story += _with_heading(ts, point, name, headings[name], body)
    story.append(_plan(ts, point, headings["plan"]))
    story += _paragraphs(ts, point.paragraphs, "body")
    return story


def _title_block(ts: Typesetter, wording: dict[str, str]) -> list[Flowable]:
    rule = HRFlowable(width="100%", thickness=1.6, color=ts.style.colour("accent"), spaceBefore=2, spaceAfter=14)
    block: list[Flowable] = [ts.para(wording["title"], "title")]
    if wording.get("subtitle"):
        block.append(ts.para(wording["subtitle"], "subtitle"))
    return block + [rule]


def _with_heading(ts: Typesetter, point: Point, name: str, title: str, body: list[Flowable]) -> list[Flowable]:
    heading = ts.para(title, "heading")
    heading.outline = Outline(f"{point.id}/{name}", title, 1)
    return [KeepWithNext(heading, body[0]), *body[1:]]


def _paragraphs(ts: Typesetter, paragraphs: list[str], style: str) -> list[Flowable]:
    return [ts.para(text, style) for text in paragraphs]


def _facts(ts: Typesetter, point: Point) -> Flowable:
    rows = texts.labelled(ts.templates_dir, "facts.j2", point=point)
    width = content_width(ts)
    label_w = min(0.22 * width, max(ts.estimate_width(label, "fact_label") for label, _ in rows) + 14)
    value_w = width / 2 - label_w
    data, spans, pending = [], [], None
    blank = [Spacer(0, 0), Spacer(0, 0)]
    for label, value in rows:     # short facts two to a row, a long one across the whole panel
        cells = [ts.para(label, "fact_label"), ts.para(value, "fact_value")]
        if ts.estimate_width(value, "fact_value") > value_w - 12:
            spans.append(("SPAN", (1, len(data)), (3, len(data))))
            data.append(cells + blank)
        elif pending is not None:
            data[pending][2:] = cells
            pending = None
        else:
            pending = len(data)
            data.append(cells + blank)
    table = FontedTable(data, ts, colWidths=[label_w, value_w, label_w, value_w], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), ts.style.colour("facts")),
        ("LINEBELOW", (0, 0), (-1, -2), RULE_WIDTH, ts.style.line_colour("rule", RULE_WIDTH)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        *spans,
    ]))
    table.spaceAfter = 6
    return KeepWhole(table)


def _honours(ts: Typesetter, point: Point) -> list[Flowable]:
    if not point.honours:
        return []
    width = content_width(ts)
    data = []
    for year, honours in groupby(sorted(point.honours, key=lambda h: h.year), key=lambda h: h.year):
        lines = [texts.lines(ts.templates_dir, "honour.j2", honour=h, point=point) for h in honours]
        data.append([ts.para(f"{year}年", "honour_year"), [ts.para("".join(line), "honour") for line in lines]])
    table = FontedTable(data, ts, colWidths=[0.14 * width, 0.86 * width], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -2), RULE_WIDTH, ts.style.line_colour("rule", RULE_WIDTH)),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return [KeepWhole(table)]


def _services(ts: Typesetter, point: Point) -> list[Flowable]:
    """Services as a list, two to a row when every item fits on one line of a half column:
    wrapped items side by side would read (and extract) as interleaved lines."""
    if not point.services:
        return []
    width = content_width(ts)
    bullet_w = 12
    half = width / 2 - bullet_w - 8
    fits = all(ts.estimate_width(s.name, "service") <= half and
               (not s.description or ts.estimate_width(s.description, "service_note") <= half) for s in point.services)
    columns = 2 if fits else 1
    leading = ts.para_style("service").leading
    cells = []
    for service in point.services:
        text = [ts.para(service.name, "service")]
        if service.description:
            text.append(ts.para(service.description, "service_note"))
        cells.append([Bullet(ts.style.colour("accent"), 4.5, leading), text])
    rows = [sum(cells[i:i + columns], []) for i in range(0, len(cells), columns)]
    rows[-1] += [Spacer(0, 0)] * (2 * columns - len(rows[-1]))
    table = FontedTable(rows, ts, colWidths=[bullet_w, width / columns - bullet_w] * columns, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return [KeepWhole(table)]


def _photos(ts: Typesetter, year: Year, point: Point, fit: PhotoFit) -> list[Flowable]:
    images = ts.style.images
    paths = [year.photo_path(highlight) for highlight in point.highlights]
    pixels = [upright_size(path) for path in paths]
    widest = max((natural_width(size, images.dpi) for size in pixels), default=0.0)
    ratio = images.frame[0] / images.frame[1]
    per_row, frame = frame_for(fit, content_width(ts), PHOTO_GUTTER, images.columns, ratio, widest)
    photos = []
    for index, (highlight, path, size) in enumerate(zip(point.highlights, paths, pixels)):
        placed = place_photo(size, frame, highlight.focus)
        picture = print_image(path, (placed.width, placed.height), images.dpi, images.jpeg_quality,
                              photos_beside(ts.cache), highlight.focus, ts.style.press)
        _check_resolution(ts, year, point, index, picture)
        caption = "".join(texts.lines(ts.templates_dir, "caption.j2", highlight=highlight, point=point))
        photos.append((picture, ts.para(caption, "caption")))
    rows = [photos[i:i + per_row] for i in range(0, len(photos), per_row)]
    return [_spaced(PhotoRow(row, frame[0], PHOTO_GUTTER, ts.style.line_colour("rule", PhotoRow.FRAME_WIDTH)), 12) for row in rows]


def _check_resolution(ts: Typesetter, year: Year, point: Point, index: int, picture: PrintImage) -> None:
    """At its printed size a photo needs the style's dpi (300) in pixels per inch: below it
    prints softer than the rest of the page (a warning), under 100 blurred (an error)."""
    dpi = ts.style.images.dpi
    if round(picture.ppi) >= dpi:
        return
    said = advice(point.highlights[index].photo, picture.width, picture.ppi, ts.style.images.dpi)
    problem = field_problem(year, point, ("highlights", index, "photo"), said, ts.templates_dir.resolve().parent)
    if picture.ppi < BLURRED_PPI:
        raise DataError([problem])
    warnings.warn(str(problem), PhotoResolutionWarning, stacklevel=2)


def _spaced(flowable: Flowable, after: float) -> Flowable:
    flowable.spaceAfter = after
    return flowable


def _plan(ts: Typesetter, point: Point, title: str) -> Flowable:
    paragraphs = _paragraphs(ts, point.plan, "plan")
    heading = ts.para(title, "plan_heading")
    content = [KeepWithNext(heading, paragraphs[0]), *paragraphs[1:]]
    panel = Panel(content, ts.style.colour("panel"), ts.style.colour("accent"), outline=Outline(f"{point.id}/plan", title, 1))
    panel.spaceBefore = 16
    return panel
