"""Pagination, computed rather than left to keep-with-next (which Word and LibreOffice treat
differently: LibreOffice moves a whole kept paragraph, leaving the page 9 lines short).

On a fixed 22-line grid, with every line of every body paragraph known (lines.py), the page
breaks are known too. The body fills each page to its 22nd line; a heading that would be a
page's last line starts the next page instead; the signature block (attachment note,
signature, date, 附注) never splits and takes the body's last two lines with it, the
paragraph being divided there.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Pt

from . import ooxml

from .lines import Wrapped


@dataclass
class Item:
    """A paragraph on the grid: its lines, and how to rewrite it if it is divided."""

    paragraph: object
    lines: int
    heading: bool = False
    wrapped: Wrapped | None = None


@dataclass
class Flow:
    """The grid paragraphs of the body in order, and where the signature block begins."""

    lines_per_page: int
    first_page_used: int
    line_pitch: float = 0.0       # pt
    items: list[Item] = field(default_factory=list)
    chain_start: int | None = None
    signature_start: int | None = None

    def add(self, item: Item) -> None:
        self.items.append(item)

    def start_chain(self) -> None:
        self.chain_start = len(self.items)

    def start_signature(self) -> None:
        """The signature and what follows keep the grid's pitch (the date one line under the
        name, the 附注 one line under the date) even on a tightened page."""
        self.signature_start = len(self.items)


MIN_TIGHTENING = 0.89   # the closest a tightened page may set its lines, as a share of the pitch


@dataclass(frozen=True)
class Placed:
    pages: int          # pages the body takes
    last_used: int      # lines used on its last page


MIN_TIGHTENING = 0.89   # the closest a tightened page may set its lines, as a share of the pitch


def paginate(flow: Flow) -> Placed:
    """Set the page breaks of the flow; returns where it ends."""
    per_page = flow.lines_per_page
    page, used = 1, flow.first_page_used
    body = flow.items[:flow.chain_start]
    chain = flow.items[flow.chain_start:]
    page_start, carried_in = 0, 0     # the last page's first item, and how many of its lines are before it
    for index, item in enumerate(body):
        if item.heading and used == per_page - 1 and index < len(body) - 1:
            _break_before(item.paragraph)
            page, used, page_start, carried_in = page + 1, 0, index, 0
        used += item.lines
        while used > per_page:
            page, used, page_start = page + 1, used - per_page, index
            carried_in = item.lines - used
        if used == per_page and index < len(body) - 1:
            page, used, page_start, carried_in = page + 1, 0, index + 1, 0
    chain_lines = sum(item.lines for item in chain)
    if used + chain_lines <= per_page or not body:
        return Placed(page, used + chain_lines)
    if _tighten_last_page(flow, page_start, carried_in, used + chain_lines - per_page):
        return Placed(page, per_page)
    carried = _carry_tail(body)
    return Placed(page + 1, carried + chain_lines)


def _tighten_last_page(flow: Flow, page_start: int, carried_in: int, excess: int) -> bool:
    """GB/T 9704 7.3.5: when the space left cannot hold the signature and date, adjust the
    line spacing rather than leave them alone on a page. The body's lines on its last page
    and the attachment note close up so that the signature block fits under them, the page
    keeping its 22 lines' height; False when that would set them too close."""
    items = flow.items[page_start:flow.signature_start]
    head = items[0]
    if carried_in and (head.wrapped is None or head.wrapped.manual):
        return False
    lines = sum(item.lines for item in items) - carried_in
    if lines <= 0 or (lines - excess) / lines < MIN_TIGHTENING:
        return False
    paragraphs = [item.paragraph for item in items]
    if carried_in:
        paragraphs[0] = _divide(head, carried_in)
    for paragraph in paragraphs:
        _set_exact_pitch(paragraph, flow.line_pitch * (lines - excess) / lines)
    return True


def _set_exact_pitch(paragraph, pitch: float) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(round(pitch, 2))
    ooxml.set_snap_to_grid(ooxml.ppr_of(paragraph), False)


def _carry_tail(body: list[Item]) -> int:
    """Start a new page two lines before the body's end; returns the lines carried over."""
    last = body[-1]
    if last.lines >= 3 and last.wrapped is not None and not last.wrapped.manual:
        _divide(last, last.lines - 2)
        return 2
    carried, start = last.lines, len(body) - 1
    if start > 0 and body[start - 1].heading:
        start -= 1
        carried += body[start].lines
    _break_before(body[start].paragraph)
    return carried


def _divide(item: Item, keep: int):
    """The paragraph's first `keep` lines stay, justified to the full line; the rest become a
    paragraph continuing flush left on the next page, which is returned."""
    paragraph = item.paragraph
    head, tail = "".join(item.wrapped.lines[:keep]), "".join(item.wrapped.lines[keep:])
    runs = paragraph.runs
    for run in runs[1:]:
        run._r.getparent().remove(run._r)
    runs[0].text = head
    paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.DISTRIBUTE
    new = paragraph.insert_paragraph_before("")
    paragraph._p.addnext(new._p)          # after, not before: python-docx has no insert_after
    new.style = paragraph.style
    new.add_run(tail)
    new.paragraph_format.first_line_indent = Pt(0)
    _break_before(new)
    return new


def _break_before(paragraph) -> None:
    paragraph.paragraph_format.page_break_before = True


def header_lines(heights: list[float], pitch: float) -> tuple[int, float]:
    """Grid lines the content above the body takes, and the padding that makes it whole."""
    total = sum(heights)
    lines = math.ceil(total / pitch - 0.001)
    return lines, max(lines * pitch - total, 0.0)


def paragraph_height(paragraph) -> float:
    """Height of an exact-spaced paragraph off the grid: space before, its lines, a bottom rule."""
    fmt = paragraph.paragraph_format
    before = fmt.space_before.pt if fmt.space_before is not None else 0.0
    after = fmt.space_after.pt if fmt.space_after is not None else 0.0
    breaks = len(paragraph._p.findall(".//" + ooxml.qn("w:br")))
    line = fmt.line_spacing.pt if fmt.line_spacing is not None and hasattr(fmt.line_spacing, "pt") else 0.0
    ppr = paragraph._p.pPr
    border = ppr.find(ooxml.qn("w:pBdr")) if ppr is not None else None
    rule = 0.0
    if border is not None and border.find(ooxml.qn("w:bottom")) is not None:
        rule = int(border.find(ooxml.qn("w:bottom")).get(ooxml.qn("w:sz"))) / 8
    return before + line * (breaks + 1) + after + rule
