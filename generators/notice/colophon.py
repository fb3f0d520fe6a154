"""版记 at the bottom of the last page: 抄送 and 印发机关/印发日期 between rules, thick
first and last (0.35 mm), thin between (0.25 mm), the last on the text block's bottom edge.

The lines are paragraphs with borders inside a text box floated to the bottom of the text
block (DrawingML anchor, aligned to the margin's bottom, text bottom-aligned in the box),
anchored on the document's last paragraph: Word and LibreOffice both pin it there.

The 版记 is on the last page, an even one: it shares the last page of text when that page
is even and has room for it (with a margin, so that no application pushes it on); otherwise
it goes on the next page when that is even (numbered like any page), or after an empty page
in a section of its own whose two pages carry no number (GB/T 9704 7.5).

The letter format's 版记 is reduced (GB/T 9704 10.1): 抄送 alone, without rules and without
the printer line, at the bottom of the text block on the last page, whichever page that is.
"""
from __future__ import annotations

import math

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Pt

from . import ooxml

from .context import Context
from .metrics import text_ems

THICK = 8                  # eighths of a point: 1 pt ≈ 0.35 mm
THIN = 6                   # 0.75 pt ≈ 0.26 mm
PAD_BELOW = 3.0            # pt under each line's text, balancing the exact line's space above
RULE_LINE = 1.0           # pt: height of the empty paragraph carrying a rule
SLACK = 4.0                # pt of extra box height; the text sits at the box's bottom anyway
ROOM_MARGIN = 14.0         # pt the last page must have beyond the box to share it


def colophon_lines(ctx: Context, reduced: bool = False) -> list[str]:
    notice = ctx.notice
    printer = notice.printer or notice.issuers[0].name
    printed = (notice.print_date or notice.date).zh() + "印发"
    lines = ["抄送：" + "、".join(notice.cc) + "。"] if notice.cc else []
    return lines if reduced else lines + [f"{printer}\t{printed}"]


def add_colophon(ctx: Context, last_page: int, used: float, reduced: bool = False) -> int:
    """The 版记 (`reduced`: the letter's) after text ending on `last_page` with `used` pt of
    it taken; returns the document's page count."""
    texts = colophon_lines(ctx, reduced)
    if not texts:
        return last_page
    rules = 0 if reduced else (len(texts) + 1) * (RULE_LINE + THICK / 8)
    height = sum(_height(ctx, text) for text in texts) + rules + SLACK
    pages = _own_pages(ctx, last_page, used, height, even=not reduced)
    paragraphs = [] if reduced else [_rule(ctx, THICK)]
    for index, text in enumerate(texts):
        paragraphs.append(_line(ctx, text))
        if not reduced:
            paragraphs.append(_rule(ctx, THICK if index == len(texts) - 1 else THIN))
    anchor = ctx.para("colophon", line=1, first=0)   # an invisible last line carrying the box
    if pages:
        anchor.paragraph_format.page_break_before = True
    ooxml.float_box_at_bottom(anchor, paragraphs, ctx.drawing_id(), ctx.geometry.block_width, height)
    return last_page + pages


def _own_pages(ctx: Context, last_page: int, used: float, height: float, even: bool) -> int:
    """0 when the 版记 shares the last page (`even`: only an even one); else 1 (the next page,
    which is even: it keeps its page number, GB/T 9704 7.5) or 2 (an empty odd page first,
    then the 版记's page, in a section of their own whose pages carry no number: 7.5 lets a
    blank page before the 版记 page, and that page, go unnumbered)."""
    fits = ctx.geometry.block_height - used >= height + ROOM_MARGIN
    if fits and (last_page % 2 == 0 or not even):
        return 0
    if not (even and last_page % 2 == 0):
        return 1
    section = ctx.document.add_section(WD_SECTION.NEW_PAGE)
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    ctx.para("colophon", line=1, first=0)          # the empty page
    return 2


def _rule(ctx: Context, eighths: int):
    """A rule as the border of an empty, unindented hairline paragraph: it spans the block,
    whatever indents the text lines need."""
    paragraph = ctx.para("colophon", line=RULE_LINE, first=0)
    ooxml.set_paragraph_border(ooxml.ppr_of(paragraph), "bottom", eighths, "000000")
    return paragraph


def _line(ctx: Context, text: str):
    size = ctx.style.sizes.colophon
    paragraph = ctx.para("colophon", line=ctx.style.sizes.colophon_line, first=0)
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(PAD_BELOW)
    if text.startswith("抄送："):
        label = 3 * size
        fmt.left_indent, fmt.first_line_indent, fmt.right_indent = Pt(size + label), Pt(-label), Pt(size)
    else:
        fmt.left_indent = Pt(size)
        fmt.tab_stops.add_tab_stop(Pt(ctx.geometry.block_width - size), WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run(text)
    return paragraph


def _height(ctx: Context, text: str) -> float:
    """Lines the text takes at the colophon size (wrapped lines hang after 抄送：) times the line."""
    size, width = ctx.style.sizes.colophon, ctx.geometry.block_width
    first, rest = width - 2 * size, width - 5 * size
    overflow = max(0.0, text_ems(text.replace("\t", "")) * size - first)
    lines = 1 + math.ceil(overflow / rest)
    return lines * ctx.style.sizes.colophon_line + PAD_BELOW
