"""版头: copy number, classification, urgency, the red issuer mark, the document number
(with 签发人 for upward documents), and the red separator with its optional star."""
from __future__ import annotations

import math

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Pt

from . import ooxml
from partydocs.reuse.errors import DataError

from .context import Context
from .flow import heights_so_far
from .metrics import PT_PER_MM, text_ems
from .titlebreak import data_problem

MARK_OFFSET_MM = 35          # mark's top edge below the text block's top
SEPARATOR_GAP_MM = 4         # red separator below the document number
MARK_LINE = 1.1              # mark line height in ems: baseline at 80 % of it (LibreOffice, Word)
INK_TOP = 0.04               # ems from the line top to the ideographs' top at that line height
BASELINE = 0.8               # share of an exact line above the baseline
INK_DESCENT = 0.1            # ems an ideograph reaches below the baseline
WIDTH_SLACK = 0.98           # keep the mark a little inside the block


def add_header_block(ctx: Context) -> None:
    add_mark(ctx, MARK_OFFSET_MM)
    _number_line(ctx)
    add_separator(ctx)


def add_mark(ctx: Context, offset_mm: float) -> None:
    """份号, 密级, 紧急程度 flush left, then the red mark with its top edge `offset_mm` below
    the text block's top (the general and minutes formats: 35 mm; the order: 20 mm)."""
    above = _flush_left_lines(ctx)
    target = offset_mm * PT_PER_MM - above * ctx.geometry.line_pitch
    names = [issuer.mark or issuer.name for issuer in ctx.notice.issuers]
    suffix = ctx.notice.mark_text_suffix()
    if len(names) == 1:
        _single_mark(ctx, names[0] + suffix, target)
    else:
        _joint_mark(ctx, names, suffix, target)


def _flush_left_lines(ctx: Context) -> int:
    """份号, 密级 and 紧急程度, each flush left on its own line from line 1; returns how many."""
    notice, pitch = ctx.notice, ctx.geometry.line_pitch
    lines = [(notice.copy_number, "header"), (notice.classification, "label"), (notice.urgency, "label")]
    present = [(text, role) for text, role in lines if text]
    for text, role in present:
        ctx.para(role, text, line=pitch, first=0)
    return len(present)


def fit_mark(ctx: Context, ems: float) -> tuple[float, int]:
    """Size and horizontal scale (%) that fit `ems` characters on one line: squeeze the
    glyphs down to the style's minimum scale first, then make them smaller."""
    sizes = ctx.style.sizes
    room = ctx.geometry.block_width * WIDTH_SLACK
    natural = ems * sizes.mark
    if natural <= room:
        return sizes.mark, 100
    scale = math.floor(room / natural * 100)
    if scale >= sizes.mark_min_scale:
        return sizes.mark, scale
    size = math.floor(room / (ems * sizes.mark_min_scale / 100) * 2) / 2
    return size, sizes.mark_min_scale


def mark_run(ctx: Context, paragraph, text: str, size: float, scale: int) -> None:
    """The mark's red text; none on 套打 paper, whose mark is printed (the paragraph keeps its
    exact height, so everything under it keeps its place)."""
    if ctx.preprinted:
        return
    run = paragraph.add_run(text)
    rpr = ooxml.rpr_of(run)
    ooxml.set_size(rpr, size)
    ooxml.set_char_scale(rpr, scale)
    ooxml.set_colour(rpr, ctx.style.colours.red)


def _single_mark(ctx: Context, text: str, top: float) -> None:
    size, scale = fit_mark(ctx, text_ems(text))
    paragraph = ctx.para("mark", before=top - INK_TOP * size, line=round(MARK_LINE * size, 1), first=0)
    mark_run(ctx, paragraph, text, size, scale)
    ctx.mark_paragraph = paragraph


def _joint_mark(ctx: Context, names: list[str], suffix: str, top: float) -> None:
    """Stacked names, justified to one width, with the suffix right of them, centred
    vertically: a borderless table (Word and LibreOffice lay it out alike)."""
    widest = max(text_ems(n) for n in names)
    gap = 0.5 if suffix else 0
    size, scale = fit_mark(ctx, widest + gap + text_ems(suffix))
    squeeze = size * scale / 100
    ctx.mark_paragraph = ctx.para("mark", before=0, line=max(top - INK_TOP * size, 1), first=0)   # spacer down to the mark
    table = ctx.document.add_table(rows=len(names), cols=2 if suffix else 1)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [round((widest + gap) * squeeze * 20)] + ([round(text_ems(suffix) * squeeze * 20) + 40] if suffix else [])
    ooxml.set_table_layout(table, widths, (0, 0, 0, 0))
    ooxml.set_table_borders(table)
    for row, name in zip(table.rows, names):
        paragraph = _mark_cell_paragraph(ctx, row.cells[0], size, WD_ALIGN_PARAGRAPH.DISTRIBUTE)
        paragraph.paragraph_format.right_indent = Pt(gap * squeeze)
        mark_run(ctx, paragraph, name, size, scale)
    if suffix:
        merged = table.cell(0, 1).merge(table.cell(len(names) - 1, 1)) if len(names) > 1 else table.cell(0, 1)
        ooxml.set_cell_valign(merged, "center")
        mark_run(ctx, _mark_cell_paragraph(ctx, merged, size, WD_ALIGN_PARAGRAPH.LEFT), suffix, size, scale)


def _mark_cell_paragraph(ctx: Context, cell, size: float, align):
    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    paragraph = cell.paragraphs[0]
    paragraph.style = ctx.styles["mark"]
    fmt = paragraph.paragraph_format
    fmt.line_spacing, fmt.alignment, fmt.first_line_indent = Pt(round(MARK_LINE * size, 1)), align, Pt(0)
    return paragraph


def _number_line(ctx: Context) -> None:
    """发文字号 two lines below the mark, centred; upward documents put it flush left
    (one character in) on the line of the last 签发人."""
    notice, geometry = ctx.notice, ctx.geometry
    pitch = geometry.line_pitch
    number = notice.number.zh()
    if not notice.signers:
        ctx.para("header", number, before=2 * pitch, line=pitch, align=WD_ALIGN_PARAGRAPH.CENTER, first=0)
        return
    groups = [notice.signers[i:i + 2] for i in range(0, len(notice.signers), 2)]
    for index, group in enumerate(groups):
        last = index == len(groups) - 1
        paragraph = ctx.para("header", number if last else "", before=2 * pitch if index == 0 else None,
                             line=pitch, first=0, left=geometry.chars(1))
        stop = geometry.block_width - geometry.chars(1)
        paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(stop), WD_TAB_ALIGNMENT.RIGHT)
        paragraph.add_run("\t" + ("签发人：" if index == 0 else ""))
        names = paragraph.add_run("　".join(group))
        face = ctx.style.fonts.heading2
        ooxml.set_fonts(ooxml.rpr_of(names), face.latin, face.east_asia)


def separator_height(ctx: Context) -> float:
    """Height of the empty line carrying the rule: from the number line's bottom down to
    SEPARATOR_GAP_MM below the number's glyphs."""
    pitch, size = ctx.geometry.line_pitch, ctx.geometry.body_size
    below_glyphs = pitch * (1 - BASELINE) - INK_DESCENT * size
    return round(SEPARATOR_GAP_MM * PT_PER_MM - below_glyphs, 1)


def add_separator(ctx: Context) -> None:
    """The red rule SEPARATOR_GAP_MM below the line above it, with the party organ's star. On
    套打 paper the rule is printed: its paragraph's line takes the rule's height too, and the
    lines from the mark down move to the paper's own rule when its height is given."""
    height = separator_height(ctx)
    rule = ctx.style.separator
    eighths = round(rule.width * 8)
    if ctx.preprinted:
        _move_to_printed_rule(ctx, height)
        ctx.para("mark", line=round(height + eighths / 8, 2), first=0)       # the rule's height as line
        return
    paragraph = ctx.para("mark", line=height, first=0)
    ooxml.set_paragraph_border(ooxml.ppr_of(paragraph), "bottom", eighths, ctx.style.colours.red)
    if ctx.notice.party_organ:
        top = height + rule.width / 2 - rule.star / 2
        ooxml.add_star(paragraph, ctx.drawing_id(), rule.star, top, ctx.style.colours.red, gap_pt=rule.star / 8)


def _move_to_printed_rule(ctx: Context, height: float) -> None:
    """套打 on a paper whose red rule is `reserve_pt` from its top edge: the space above the
    mark's line grows or shrinks by the difference from where this layout puts the rule, so
    the 发文字号 stands above the printed rule as above its own and the title and body follow."""
    wanted = ctx.reserve_pt()
    if wanted is None:
        return
    rule_top = ctx.style.page.margin_top * PT_PER_MM + sum(heights_so_far(ctx.document)) + height
    move_down(ctx, wanted - rule_top, rule_top)


def move_down(ctx: Context, shift: float, rule_top: float) -> None:
    """Move the mark's line and all under it `shift` pt (up when negative): through the space
    above the mark (one issuer) or the spacer's height (joint issuers); a DataError at the
    setting's line when the paper's rule is higher than the lines above the mark allow."""
    fmt = ctx.mark_paragraph.paragraph_format
    before = fmt.space_before.pt if fmt.space_before is not None else 0.0
    spacer = before <= 0
    slack = fmt.line_spacing.pt - 1 if spacer else before
    if shift < -slack:
        least = (rule_top - slack) / PT_PER_MM
        raise DataError([data_problem(ctx.year.sources.get("notice"), ("preprinted_reserve_mm",),
                                      f"套打预留高度 {ctx.notice.preprinted_reserve_mm:g} 毫米太小：这份公文版头下的内容"
                                      f"（发文字号等）至少要从纸张上边 {math.ceil(least)} 毫米处的红线开始；"
                                      "请量一量信纸上红线到纸张上边的距离再填写")])
    if spacer:
        fmt.line_spacing = Pt(round(fmt.line_spacing.pt + shift, 2))
    else:
        fmt.space_before = Pt(round(before + shift, 2))
