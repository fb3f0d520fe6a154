"""Page numbers: "— N —" as a PAGE field in 4号宋体, 7 mm below the text block; right with
one character of space on odd pages, left with one character on even pages."""
from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from . import ooxml

from .context import Context
from .metrics import PT_PER_MM

BELOW_BLOCK_MM = 7        # the dashes' height below the text block (一字线上距版心下边缘7mm)
LINE = 1.1                # footer line height in ems
BASELINE = 0.8            # share of an exact line above the baseline
DASH = 0.31               # ems an em dash sits above the baseline (CJK fonts centre it on the ideographs)


def add_page_numbers(ctx: Context, first_page: bool = True) -> None:
    """Numbers on every page; without `first_page` (the letter format) page 1 has an empty
    footer of its own (w:titlePg) and the numbering goes on from 2 on page 2."""
    ooxml.enable_even_odd_footers(ctx.document)
    section = ctx.document.sections[0]
    if not first_page:
        section.different_first_page_header_footer = True
        section.first_page_footer.is_linked_to_previous = False
    size = ctx.style.sizes.page_number
    line = round(size * LINE, 1)
    dash_in_line = BASELINE * line - DASH * size                  # line top down to the dashes
    from_bottom = (ctx.style.page.margin_bottom - BELOW_BLOCK_MM) * PT_PER_MM + dash_in_line
    section.footer_distance = Pt(from_bottom - line)
    _number(ctx, section.footer.paragraphs[0], line, WD_ALIGN_PARAGRAPH.RIGHT, right=size)
    _number(ctx, section.even_page_footer.paragraphs[0], line, WD_ALIGN_PARAGRAPH.LEFT, left=size)


def _number(ctx: Context, paragraph, line: float, align, left: float = 0, right: float = 0) -> None:
    paragraph.style = ctx.styles["page_number"]
    fmt = paragraph.paragraph_format
    fmt.alignment, fmt.line_spacing = align, Pt(line)
    fmt.left_indent, fmt.right_indent, fmt.first_line_indent = Pt(left), Pt(right), Pt(0)
    ooxml.add_page_field(paragraph, "— ", " —")
