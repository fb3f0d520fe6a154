"""主体: title, addressees, body text with four numbering levels, attachment note,
signature and date (with or without the user's seal image), and the 附注."""
from __future__ import annotations

import math
import re

from docx.shared import Pt

from . import ooxml

from .context import Context
from .flow import Flow, Placed, header_lines, heights_so_far, paginate
from .seals import MM, SealShadow, joint_sealed_signature, press_seal, right_aligned
from .titlebreak import break_title, title_lines, word_spans

CONTACT_NAME_CHARS = 4      # the end of "联系人：…" kept on one line: the person's name


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
    for index, line in enumerate(lines or break_title(title, capacity, ctx.known_names())):
        if index:
            paragraph.add_run().add_break()
        paragraph.add_run(line)
    return paragraph


def add_main_body(ctx: Context, closing=None, titled: bool = True) -> Placed:
    """Title (unless the format has none: an order's body follows its 令号) to the closing
    block — by default signature, date and 附注 — paginated; returns where the body ends."""
    notice, pitch = ctx.notice, ctx.geometry.line_pitch
    if titled:
        lines = title_lines(notice, ctx.geometry.block_width / ctx.style.sizes.title, ctx.year.sources.get("notice"))
        top = add_title(ctx, notice.title, lines, before=2 * pitch)
    else:
        top = ctx.para("flush", line=2 * pitch, first=0)      # two blank lines
    used, pad = header_lines(heights_so_far(ctx.document), pitch)
    top.paragraph_format.space_after = Pt(round(pad, 2))   # the body on the same grid lines as later pages
    ctx.flow = Flow(ctx.style.page.lines, used, pitch, ctx.geometry.char_pitch)
    if titled:
        ctx.blank_lines(1)
    if notice.addressees:
        ctx.grid_para("flush", "，".join(notice.addressees) + "：", first=0)
    _body_blocks(ctx)
    ctx.flow.start_chain()
    _attachment_note(ctx)
    ctx.flow.start_signature()
    (closing or _signature_and_note)(ctx)
    return paginate(ctx.flow)


def _signature_and_note(ctx: Context) -> None:
    beside_seal = _signature(ctx)
    if ctx.notice.note:
        _note(ctx, f"（{ctx.notice.note}）", beside_seal)


def _body_blocks(ctx: Context) -> None:
    write_blocks(ctx, ctx.year.body)


def write_blocks(ctx: Context, blocks) -> int:
    """Paragraphs and headings numbered by level (一、（一）1.（1）); the body lines they take."""
    counters, lines = [0] * 5, 0
    for block in blocks:
        if block.level == 0:
            lines += _lines_of(ctx.grid_para(None, block.text))
            continue
        level = min(block.level, 4)
        counters[level] += 1
        counters[level + 1:] = [0] * (4 - level)
        lines += _lines_of(ctx.grid_para(f"heading{level}", NUMBERING[level](counters[level]) + block.text, heading=True))
    return lines


def _lines_of(paragraph) -> int:
    return paragraph.grid_lines


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
        ctx.grid_para(None, text, left=lead + hang, first=first)


def _signature(ctx: Context) -> SealShadow | None:
    """The signature and date; with seals, the part of the lines below the date they cover."""
    notice, geometry = ctx.notice, ctx.geometry
    organs, date, seals = notice.signing_organs(), notice.date.zh(), notice.seals()
    if len(seals) > 1:
        return joint_sealed_signature(ctx, seals, date)
    if seals:
        return _sealed_signature(ctx, organs, date, seals[0][1])
    ctx.blank_lines(1)
    name_width = max(geometry.body_width(o) for o in organs)
    date_width = geometry.body_width(date)
    date_right = max(name_width - date_width, geometry.chars(2))
    name_right = date_right + date_width + geometry.chars(2) - name_width
    for organ in organs:   # joint signatures share one left edge
        right_aligned(ctx, organ, name_right + name_width - geometry.body_width(organ))
    right_aligned(ctx, date, date_right)
    return None


def _sealed_signature(ctx: Context, organs: list[str], date: str, image: str) -> SealShadow:
    """Date four characters in from the right; the organ centred over it; the seal image
    centred over both, pressing on them, its top within one line of the text above; the
    附注 starts below the seal, never under it."""
    geometry = ctx.geometry
    date_right = geometry.chars(4)
    centre = date_right + geometry.body_width(date) / 2          # from the block's right edge
    ctx.blank_lines(2)
    first = None
    for organ in organs:
        paragraph = right_aligned(ctx, organ, centre - geometry.body_width(organ) / 2)
        first = first or paragraph
    right_aligned(ctx, date, date_right)
    lines_above_date = len(organs) * geometry.line_pitch
    _, bottom = press_seal(ctx, first, image, centre, (len(organs) + 1) * geometry.line_pitch / 2)
    below_date = bottom - lines_above_date - geometry.line_pitch
    lines = max(math.ceil(below_date / geometry.line_pitch - 0.001), 0)
    return SealShadow(lines, centre + ctx.style.seal.diameter * MM / 2 + geometry.chars(0.5))


def _note(ctx: Context, text: str, shadow: SealShadow | None) -> None:
    """The 附注 on the line under the date, indented two characters, its lines flush left; under
    a seal it starts on the first line the seals leave free (GB/T 9704 7.3.5: a seal never
    covers the 附注), one whole paragraph, never broken inside a word, a name or a number."""
    if shadow is not None and shadow.lines:
        ctx.blank_lines(shadow.lines)
    ctx.grid_para(None, text, words=note_words(ctx, text))
    _on_fewer_lines(ctx.flow.items[-1], ctx.geometry.char_pitch)


def _on_fewer_lines(item, pitch: float) -> None:
    """A 附注 that a little closer letter spacing (within ±5 %) sets on a line less is set so: a
    "电话：" at a line's end with the number alone on the next is what a typesetter closes up."""
    closer = item.option(-1, pitch)
    if closer is not None and closer.delta < 0:
        item.respace(closer)


def note_words(ctx: Context, text: str) -> list[tuple[int, int]]:
    """Spans a 附注's lines never break inside: the words (jieba), the names the data knows,
    and what follows 联系人： up to the next punctuation (the contact's name or unit)."""
    spans = list(word_spans(text))
    for name in [*ctx.known_names(), *(ctx.notice.printer,)]:
        if name:
            spans += [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]
    for contact in re.finditer(r"联系人[：:]([^，,；;。）)]+)", text):
        start = max(contact.start(1), contact.end(1) - CONTACT_NAME_CHARS)   # the person's name at its end
        spans.append((start, contact.end(1)))
    return spans
