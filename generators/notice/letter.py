"""信函格式 (GB/T 9704 10.1), the format of a 函: on page 1 the issuer's mark (no "文件") 30 mm
from the paper's top edge, a red double rule (thick over thin) 4 mm under it and another (thin
over thick) 20 mm above the paper's bottom edge, both 170 mm long and centred; 份号, 密级 and
紧急程度 flush left and the document number flush right, 7/8 of a 3号 character under the
first rule; no page number on page 1.

The mark and the rules lie partly outside the text block, so they float at their place on
the paper, anchored on the first line under the rule, which is ordinary text.
"""
from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Pt

from . import ooxml

from .context import Context
from .header import BASELINE, INK_DESCENT, INK_TOP, MARK_LINE, fit_mark, mark_run
from .metrics import A4_MM, PT_PER_MM, text_ems

MARK_TOP_MM = 30            # mark's top edge below the paper's top edge
RULE_GAP_MM = 4             # first double rule under the mark
BOTTOM_RULE_MM = 20         # second double rule's lower edge above the paper's bottom edge
RULE_LENGTH_MM = 170
THICK, GAP, THIN = 1.5, 1.0, 0.75    # pt: the double rule's thick line, the gap, the thin line
BELOW_RULE = 7 / 8          # of a 3号 character's height, from the rule down to the lines under it
BODY_BASELINE = 0.8         # share of an exact body line above the baseline
BODY_INK_ASCENT = 0.84      # ems an ideograph reaches above the baseline


def add_letter_header(ctx: Context) -> None:
    """The mark and the two double rules float; on 套打 paper they are printed already and
    only the lines under the first rule are written, under the paper's own rule when its
    height is given (preprinted_reserve_mm: the paper's top edge to the upper rule's top)."""
    mark, size = _mark(ctx)
    mark_top = MARK_TOP_MM * PT_PER_MM
    rule_top = mark_top + (MARK_LINE * BASELINE + INK_DESCENT - INK_TOP) * size + RULE_GAP_MM * PT_PER_MM
    if ctx.preprinted:
        mark._p.getparent().remove(mark._p)
        _lines_under_rule(ctx, (ctx.reserve_pt() or rule_top) + THICK + GAP + THIN)
        return
    first = _lines_under_rule(ctx, rule_top + THICK + GAP + THIN)
    ooxml.float_text_box(first, [mark], ctx.drawing_id(), mark_top - INK_TOP * size, ctx.geometry.block_width,
                         round(MARK_LINE * size, 1))
    _double_rule(ctx, first, rule_top, (THICK, THIN))
    paper_bottom = A4_MM[1] * PT_PER_MM
    _double_rule(ctx, first, paper_bottom - BOTTOM_RULE_MM * PT_PER_MM - (THIN + GAP + THICK), (THIN, THICK))


def _mark(ctx: Context):
    """The lead issuer's mark (joint issue shows only it) as a paragraph, and its size."""
    notice = ctx.notice
    issuer = notice.issuers[0]
    text = (issuer.mark or issuer.name) + notice.mark_text_suffix()
    size, scale = fit_mark(ctx, text_ems(text))
    paragraph = ctx.para("mark", line=round(MARK_LINE * size, 1), first=0)
    mark_run(ctx, paragraph, text, size, scale)
    return paragraph, size


def _lines_under_rule(ctx: Context, rule_bottom: float):
    """份号/密级/紧急程度 flush left, one a line, the number flush right on the first of them,
    the first line's glyphs BELOW_RULE of a character under the rule; returns the first line."""
    notice, geometry = ctx.notice, ctx.geometry
    pitch, size = geometry.line_pitch, geometry.body_size
    lefts = [text for text in (notice.copy_number, notice.classification, notice.urgency) if text]
    glyph_top = rule_bottom + BELOW_RULE * size
    before = glyph_top - (BODY_BASELINE * pitch - BODY_INK_ASCENT * size) - ctx.style.page.margin_top * PT_PER_MM
    first = ctx.para("header", before=round(before, 1), line=pitch, first=0)
    first.paragraph_format.tab_stops.add_tab_stop(Pt(geometry.block_width), WD_TAB_ALIGNMENT.RIGHT)
    if lefts:
        _add_label(ctx, first, lefts[0], lefts[0] != notice.copy_number)
    first.add_run("\t" + notice.number.zh())
    for text in lefts[1:]:
        _add_label(ctx, ctx.para("header", line=pitch, first=0, align=WD_ALIGN_PARAGRAPH.LEFT), text, True)
    return first


def _add_label(ctx: Context, paragraph, text: str, bold_face: bool) -> None:
    """份号 in the body face; 密级 and 紧急程度 in 黑体."""
    run = paragraph.add_run(text)
    if bold_face:
        face = ctx.style.fonts.heading1
        ooxml.set_fonts(ooxml.rpr_of(run), face.latin, face.east_asia)


def _double_rule(ctx: Context, anchor, top: float, weights: tuple[float, float]) -> None:
    """Two red rules RULE_LENGTH_MM long, centred on the text block, the upper one `top` pt
    from the paper's top edge: `weights` are their thicknesses, upper first."""
    length = RULE_LENGTH_MM * PT_PER_MM
    left = (ctx.geometry.block_width - length) / 2
    red = ctx.style.colours.red
    ooxml.float_rect(anchor, ctx.drawing_id(), left, top, length, weights[0], red)
    ooxml.float_rect(anchor, ctx.drawing_id(), left, top + weights[0] + GAP, length, weights[1], red)
