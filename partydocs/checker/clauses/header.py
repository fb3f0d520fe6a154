"""版头: 7.2.4 the issuing authority's mark, 7.2.5 the document number, 7.2.7 the red rule."""
from __future__ import annotations

import re

from ..measure import ink_rows, is_red
from ..model import Finding, finding, not_applicable
from . import Context, at, mm_text, off

MARK_BELOW_BLOCK_TOP = 35
NUMBER = re.compile(r"^(?P<code>\D+)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")


def mark(ctx: Context) -> list[Finding]:
    layout = ctx.layout
    expected = f"红色，居中，上边缘距版心上边缘 {MARK_BELOW_BLOCK_TOP} 毫米"
    if not layout.mark:
        return [not_applicable("7.2.4", "发文机关标志", "第 1 页未找到发文字号及其上方的发文机关标志", expected)]
    problems = []
    if not all(line.red for line in layout.mark):
        problems.append("不是红色")
    centre = (min(l.x0 for l in layout.mark) + max(l.x1 for l in layout.mark)) / 2
    if off(centre, layout.block.centre, 1.5):
        problems.append(f"中心偏离版心中线 {centre - layout.block.centre:+.1f} 毫米")
    top = _ink_top(ctx)
    below = top - layout.block.top
    if off(below, MARK_BELOW_BLOCK_TOP, 1):
        problems.append(f"上边缘距版心上边缘 {mm_text(below)}")
    text = "".join(line.compact for line in layout.mark)
    measured = f"“{text}”，{layout.mark[0].size:g} 磅，上边缘距版心上边缘 {mm_text(below)}"
    return [finding("7.2.4", "发文机关标志", problems, measured, expected, 1, at(layout.mark[0]))]


def _ink_top(ctx: Context) -> float:
    return mark_ink(ctx)[0]


def mark_ink(ctx: Context) -> tuple[float, float]:
    """The first and last printed rows of the mark's glyphs (their boxes include the font's
    ascent and descent), mm from the paper's top."""
    marks = ctx.layout.mark
    columns = (min(l.x0 for l in marks), max(l.x1 for l in marks))
    top, bottom = min(l.top for l in marks), max(l.bottom for l in marks)
    rows = [y for y in ink_rows(ctx.pdf, 1, lambda p: sum(p) < 600, columns, dpi=150) if top - 1 <= y <= bottom + 1]
    return (rows[0], rows[-1]) if rows else (top, bottom)


def number(ctx: Context) -> list[Finding]:
    layout = ctx.layout
    expected = "发文机关代字〔年份〕序号号，如“粤社党〔2021〕12号”：六角括号，年份写全，序号不加“第”、不编虚位；标志下空二行居中"
    line = layout.number
    if line is None:
        return [not_applicable("7.2.5", "发文字号", "第 1 页未找到发文字号", expected)]
    problems = number_form(line.compact)
    if layout.signer is None and off(line.centre, layout.block.centre, 1):
        problems.append(f"未居中（中心偏离 {line.centre - layout.block.centre:+.1f} 毫米）")
    if layout.signer is not None and off(line.x0, layout.block.left + layout.char, 1):
        problems.append("上行文的发文字号应居左空一字")
    if layout.mark:
        gap = line.top - max(l.bottom for l in layout.mark)
        if not 2 * layout.pitch <= gap <= 3 * layout.pitch:
            problems.append(f"与发文机关标志相距 {mm_text(gap)}（应空二行）")
    return [finding("7.2.5", "发文字号", problems, f"“{line.compact}”", expected, 1, at(line))]


def number_form(text: str) -> list[str]:
    if NUMBER.match(text):
        return []
    problems = []
    if "〔" not in text or "〕" not in text:
        problems.append("年份未用六角括号〔〕")
    if "第" in text:
        problems.append("序号前加了“第”")
    if re.search(r"[〕\]）)】]\s*第?\s*0\d*号", text):
        problems.append("序号编了虚位（前面的 0）")
    if not re.search(r"\d{4}\s*[〕\]）)】]", text):
        problems.append("年份未写全四位")
    return problems or ["形式不对"]


def rule(ctx: Context) -> list[Finding]:
    layout = ctx.layout
    expected = "发文字号之下 4 毫米处，与版心等宽的红色分隔线"
    if layout.number is None:
        return [not_applicable("7.2.7", "版头中的分隔线", "未找到发文字号", expected)]
    found = layout.rule
    if found is None:
        return [finding("7.2.7", "版头中的分隔线", ["发文字号下没有分隔线"], "", expected, 1)]
    problems = [] if is_red(found["colour"]) else ["不是红色"]
    if off(found["x0"], layout.block.left, 1) or off(found["x1"], layout.block.right, 1):
        problems.append(f"从 {mm_text(found['x0'])} 到 {mm_text(found['x1'])}，与版心（{layout.block.left:.0f}–{layout.block.right:.0f} 毫米）不等宽")
    reference = layout.dateline[-1] if layout.dateline else layout.number
    below = found["y"] - reference.bottom
    if not 3 <= below <= 5:
        problems.append(f"在发文字号下 {mm_text(below)}")
    measured = f"长 {found['x1'] - found['x0']:.1f} 毫米，在发文字号下 {mm_text(below)}"
    return [finding("7.2.7", "版头中的分隔线", problems, measured, expected, 1, f"距页面上边 {found['y']:.1f} 毫米")]
