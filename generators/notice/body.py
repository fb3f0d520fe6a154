"""主体: title, addressees, body text with four numbering levels, attachment note,
signature and date (with or without the user's seal image), and the 附注."""
from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.exceptions import UnrecognizedImageError
from docx.shared import Mm

from generators import ooxml
from pipeline.errors import DataError, Problem

from .context import Context
from .titlebreak import break_title

SEAL_BELOW_CENTRE = 4.0      # pt the signature/date pair sits below the seal's centre


def zh_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (beyond that, Arabic digits)."""
    digits = "零一二三四五六七八九"
    if not 0 < n < 100:
        return str(n)
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens] + "十")
    return head + (digits[units] if units else "")


NUMBERING = {
    1: lambda n: f"{zh_numeral(n)}、",
    2: lambda n: f"（{zh_numeral(n)}）",
    3: lambda n: f"{n}.",
    4: lambda n: f"（{n}）",
}


def add_title(ctx: Context, title: str, lines: list[str], before: float):
    """A centred title in 小标宋, its lines broken where the data or the word rule says."""
    size = ctx.style.sizes.title
    capacity = int(ctx.geometry.block_width / size)
    paragraph = ctx.para("title", before=before, line=ctx.style.sizes.title_line, first=0)
    for index, line in enumerate(lines or break_title(title, capacity)):
        if index:
            paragraph.add_run().add_break()
        paragraph.add_run(line)
    return paragraph


def add_main_body(ctx: Context) -> None:
    notice, pitch = ctx.notice, ctx.geometry.line_pitch
    add_title(ctx, notice.title, notice.title_lines, before=2 * pitch)
    ctx.blank_lines(1)
    ctx.para("flush", "，".join(notice.addressees) + "：")
    _body_blocks(ctx)
    tail = len(ctx.document.paragraphs) - 1
    _attachment_note(ctx)
    _signature(ctx)
    if notice.note:
        ctx.para(None, f"（{notice.note}）")
    _keep_together(ctx.document.paragraphs[tail:])


def _keep_together(paragraphs) -> None:
    """The body's last line, attachment note, signature, date and note move to a new page
    together: a signature is never alone on a page, nor a note split from its date."""
    for index, paragraph in enumerate(paragraphs):
        fmt = paragraph.paragraph_format
        fmt.keep_with_next = index < len(paragraphs) - 1
        fmt.keep_together = index > 0


def _body_blocks(ctx: Context) -> None:
    counters = [0] * 5
    for block in ctx.year.body:
        if block.level == 0:
            ctx.para(None, block.text)
            continue
        level = min(block.level, 4)
        counters[level] += 1
        counters[level + 1:] = [0] * (4 - level)
        ctx.para(f"heading{level}", NUMBERING[level](counters[level]) + block.text)


def _attachment_note(ctx: Context) -> None:
    """附件：名称, or 附件：1.名称 with the later numbers and every wrapped line aligned."""
    attachments = ctx.notice.attachments
    if not attachments:
        return
    geometry = ctx.geometry
    ctx.blank_lines(1)
    lead = geometry.chars(2) + geometry.body_width("附件：")
    for index, attachment in enumerate(attachments, 1):
        number = f"{index}." if len(attachments) > 1 else ""
        hang = geometry.body_width(number)
        first = -(hang + geometry.body_width("附件：")) if index == 1 else -hang
        text = ("附件：" if index == 1 else "") + number + attachment.title
        ctx.para(None, text, left=lead + hang, first=first)


def _signature(ctx: Context) -> None:
    notice, geometry = ctx.notice, ctx.geometry
    organs, date = notice.signing_organs(), notice.date.zh()
    if notice.seal:
        _sealed_signature(ctx, organs, date)
        return
    ctx.blank_lines(1)
    name_width = max(geometry.body_width(o) for o in organs)
    date_width = geometry.body_width(date)
    date_right = max(name_width - date_width, geometry.chars(2))
    name_right = date_right + date_width + geometry.chars(2) - name_width
    for organ in organs:   # joint signatures share one left edge
        _right_aligned(ctx, organ, name_right + name_width - geometry.body_width(organ))
    _right_aligned(ctx, date, date_right)


def _right_aligned(ctx: Context, text: str, right: float):
    return ctx.para("flush", text, align=WD_ALIGN_PARAGRAPH.RIGHT, right=max(right, 0))


def _sealed_signature(ctx: Context, organs: list[str], date: str) -> None:
    """Date four characters in from the right; each organ centred over it; the seal image
    centred over both, pressing on them, its top within one line of the text above."""
    geometry = ctx.geometry
    date_right = geometry.chars(4)
    centre = date_right + geometry.body_width(date) / 2          # from the block's right edge
    ctx.blank_lines(2)
    first = None
    for organ in organs:
        paragraph = _right_aligned(ctx, organ, centre - geometry.body_width(organ) / 2)
        first = first or paragraph
    _right_aligned(ctx, date, date_right)
    _place_seal(ctx, first, centre, len(organs))


def _place_seal(ctx: Context, paragraph, centre_from_right: float, organ_lines: int) -> None:
    notice, geometry = ctx.notice, ctx.geometry
    run = paragraph.add_run()
    path = ctx.year.root / notice.seal
    try:
        run.add_picture(str(path), width=Mm(ctx.style.seal.diameter))
    except (OSError, UnrecognizedImageError, ValueError, ZeroDivisionError) as error:
        problem = Problem(f"data/{ctx.year.year}/notice.yaml", 0, 0, "seal", f"印章图片无法读取（{type(error).__name__}），请换用 PNG 或 JPEG 图片")
        raise DataError([problem]) from None
    width_pt = run._r.find(ooxml.qn("w:drawing"))[0].find(ooxml.qn("wp:extent"))
    cx, cy = (int(width_pt.get(k)) / ooxml.EMU_PER_PT for k in ("cx", "cy"))
    middle = (organ_lines + 1) * geometry.line_pitch / 2           # between the organ(s) and the date
    left = geometry.block_width - centre_from_right - cx / 2
    ooxml.float_picture(run, ctx.drawing_id(), left, middle - SEAL_BELOW_CENTRE - cy / 2)
