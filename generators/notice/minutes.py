"""纪要格式 (GB/T 9704 10.3): the mark "××××纪要" 35 mm below the text block's top, and under
the body the participants — "出席", "请假", "列席" each on a line of its own, indented two
characters, the label in 黑体 with a full-width colon, the units and names in 仿宋, wrapped
lines aligned after the colon. No signature and no seal.

The standard leaves the rest to practice; offices set the issue number "第×期" centred two
lines under the mark, the issuer (flush left) and the date (flush right) on the next line,
and the red separator under them, as here.
"""
from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Pt

from . import ooxml

from .context import Context
from .header import MARK_OFFSET_MM, add_mark, add_separator


def add_minutes_header(ctx: Context) -> None:
    notice, geometry = ctx.notice, ctx.geometry
    pitch = geometry.line_pitch
    add_mark(ctx, MARK_OFFSET_MM)
    ctx.para("header", f"第{notice.number.seq}期", before=2 * pitch, line=pitch, align=WD_ALIGN_PARAGRAPH.CENTER,
             first=0)
    line = ctx.para("header", f"{notice.issuers[0].name}\t{notice.date.zh()}", line=pitch, first=0,
                    left=geometry.chars(1))
    line.paragraph_format.tab_stops.add_tab_stop(Pt(geometry.block_width - geometry.chars(1)), WD_TAB_ALIGNMENT.RIGHT)
    add_separator(ctx)


def add_attendance(ctx: Context) -> None:
    """One blank line under the body (or attachment note), then each list given; the 附注 last."""
    geometry = ctx.geometry
    ctx.blank_lines(1)
    for label, names in ctx.notice.attendance.lists():
        head = f"{label}："
        hang = geometry.body_width(head)
        paragraph = ctx.grid_para(None, head + "、".join(names), left=geometry.chars(2) + hang, first=-hang)
        _label_in_heiti(ctx, paragraph, head)
        ctx.flow.items[-1].rebreakable = False      # its runs carry the label's face
    if ctx.notice.note:
        ctx.grid_para(None, f"（{ctx.notice.note}）")


def _label_in_heiti(ctx: Context, paragraph, head: str) -> None:
    """Split the label off the paragraph's first run into a run of its own, set in 黑体."""
    first = paragraph.runs[0]
    first.text = first.text[len(head):]
    label = paragraph.add_run(head)
    first._r.addprevious(label._r)
    face = ctx.style.fonts.heading1
    ooxml.set_fonts(ooxml.rpr_of(label), face.latin, face.east_asia)
