"""命令（令）格式 (GB/T 9704 10.2): the mark (issuer + 命令 or 令) 20 mm below the text block's
top, the 令号 centred two lines under it, the body two lines under that; then the signer's
title, the signer's signature stamp (the office's own image, never drawn here) and the date
as 7.3.5.3 places them."""
from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.exceptions import UnrecognizedImageError
from docx.shared import Mm, Pt

from . import ooxml
from partydocs.reuse.errors import DataError, Problem

from .context import Context
from .flow import Item
from .header import add_mark

MARK_OFFSET_MM = 20
STAMP_HEIGHT_MM = 15          # the signature stamp's height on paper
STAMP_MAX_CHARS = 8           # and its widest, in body characters
STAMP_ROOM_CHARS = 4          # the room left for a stamp pressed by hand when there is no image


def add_order_header(ctx: Context) -> None:
    add_mark(ctx, MARK_OFFSET_MM)
    pitch = ctx.geometry.line_pitch
    ctx.para("header", f"第{ctx.notice.number.seq}号", before=2 * pitch, line=pitch,
             align=WD_ALIGN_PARAGRAPH.CENTER, first=0)


def add_signer_block(ctx: Context) -> None:
    """Two lines under the body: the stamp four characters in from the right, the signer's
    title two characters left of it and centred on it; one line under the stamp, the date
    four characters in from the right; then the 附注."""
    geometry, notice = ctx.geometry, ctx.notice
    ctx.blank_lines(2)
    title = _grid_line(ctx, notice.signer_title)
    stamp_width = _add_stamp(ctx, title) if notice.signature_stamp else geometry.chars(STAMP_ROOM_CHARS)
    title.paragraph_format.right_indent = Pt(geometry.chars(4 + 2) + stamp_width)
    ctx.blank_lines(1)
    _grid_line(ctx, notice.date.zh()).paragraph_format.right_indent = Pt(geometry.chars(4))
    if notice.note:
        ctx.grid_para(None, f"（{notice.note}）")


def _grid_line(ctx: Context, text: str):
    paragraph = ctx.para("flush", text, align=WD_ALIGN_PARAGRAPH.RIGHT)
    ctx.flow.add(Item(paragraph, 1))
    return paragraph


def _add_stamp(ctx: Context, title) -> float:
    """Float the stamp image on the title's line, centred on it vertically, its right edge
    four characters in from the block's right edge; returns its width (pt)."""
    geometry = ctx.geometry
    run = title.add_run()
    try:
        shape = run.add_picture(str(ctx.year.root / ctx.notice.signature_stamp), height=Mm(STAMP_HEIGHT_MM))
    except (OSError, UnrecognizedImageError, ValueError, ZeroDivisionError) as error:
        problem = Problem(f"data/{ctx.year.year}/notice.yaml", 0, 0, "signature_stamp",
                          f"签名章图片无法读取（{type(error).__name__}），请换用 PNG 或 JPEG 图片")
        raise DataError([problem]) from None
    widest = round(geometry.chars(STAMP_MAX_CHARS) * ooxml.EMU_PER_PT)
    if shape.width > widest:
        shape.height, shape.width = round(shape.height * widest / shape.width), widest
    width, height = shape.width / ooxml.EMU_PER_PT, shape.height / ooxml.EMU_PER_PT
    left = geometry.block_width - geometry.chars(4) - width
    ooxml.float_picture(run, ctx.drawing_id(), left, (geometry.line_pitch - height) / 2)
    return width
