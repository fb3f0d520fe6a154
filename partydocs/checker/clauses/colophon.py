"""7.4 版记 and 7.5 page numbers."""
from __future__ import annotations

import re
import statistics

from ..measure import ink_rows, mm
from ..model import Finding, finding
from . import Context, at, mm_text, off
from .closing import date_form

COLOPHON_PT, PAGE_NUMBER_PT = 14, 14
THICK_MM, THIN_MM = 0.35, 0.25
PAGE_NUMBER = re.compile(r"^—(\d+)—$")


def colophon(ctx: Context) -> list[Finding]:
    layout = ctx.layout
    expected = ("置于最后一页（偶数页）版心底部，末条分隔线与版心下边缘重合；首末分隔线粗（0.35 毫米）、中间细（0.25 毫米），与版心等宽；"
                "抄送、印发机关和印发日期用 4 号字，左右各空一字，印发日期后加“印发”")
    found = layout.colophon
    if found is None:
        return [finding("7.4", "版记", ["未找到版记（抄送机关、印发机关和印发日期）"], "", expected)]
    problems = _placement(ctx) + _rules(ctx) + _entries(ctx)
    rules = found.rules
    bottom = f"末条分隔线距版心下边缘 {layout.block.bottom - rules[-1]['bottom']:+.1f} 毫米；" if rules else ""
    measured = f"第 {found.page} 页（共 {len(layout.pages)} 页）；{bottom}分隔线 {len(rules)} 条"
    return [finding("7.4", "版记", problems, measured, expected, found.page, at(found.lines[0]))]


def _placement(ctx: Context) -> list[str]:
    layout, found = ctx.layout, ctx.layout.colophon
    problems = []
    if found.page != len(layout.pages):
        problems.append(f"版记在第 {found.page} 页，不在最后一页")
    if len(layout.pages) > 1 and found.page % 2:
        problems.append(f"版记页第 {found.page} 页是奇数页（应为偶数页，可在前面加空白页）")
    if found.rules and off(found.rules[-1]["bottom"], layout.block.bottom, 1):
        problems.append(f"版记没有排在版心底部：末条分隔线在版心下边缘之上 {mm_text(layout.block.bottom - found.rules[-1]['bottom'])}")
    elif not found.rules and off(found.lines[-1].bottom, layout.block.bottom, 1.5 * layout.pitch):
        problems.append("版记没有排在版心底部")
    return problems


def _rules(ctx: Context) -> list[str]:
    layout, rules = ctx.layout, ctx.layout.colophon.rules
    if len(rules) < 2:
        return [f"版记只有 {len(rules)} 条分隔线（首条和末条都应有）"]
    problems = []
    if any(off(r["x0"], layout.block.left, 1) or off(r["x1"], layout.block.right, 1) for r in rules):
        problems.append("分隔线与版心不等宽")
    widths = [r["width"] for r in rules]
    if off(widths[0], THICK_MM, 0.08) or off(widths[-1], THICK_MM, 0.08):
        problems.append(f"首末分隔线粗 {widths[0]:.2f}、{widths[-1]:.2f} 毫米（应为 0.35 毫米）")
    if any(off(w, THIN_MM, 0.08) for w in widths[1:-1]):
        problems.append(f"中间分隔线粗 {'、'.join(f'{w:.2f}' for w in widths[1:-1])} 毫米（应为 0.25 毫米）")
    return problems


def _entries(ctx: Context) -> list[str]:
    layout, lines = ctx.layout, ctx.layout.colophon.lines
    one = COLOPHON_PT / 72 * 25.4
    problems = []
    if any(off(line.size, COLOPHON_PT, 0.3) for line in lines):
        problems.append(f"字号 {'、'.join(sorted({f'{l.size:g}' for l in lines}))} 磅（应为 14 磅，4 号）")
    copies = [line for line in lines if line.compact.startswith(("抄送", "主送"))]
    if any(off(line.x0, layout.block.left + one, 0.7) for line in copies):
        problems.append("抄送没有左空一字")
    printed = next((line for line in lines if line.compact.endswith("印发")), None)
    if printed is None:
        return problems + ["没有印发日期（“……印发”）"]
    problems += [text.replace("“", "印发日期“", 1) for text in date_form(printed.compact[:-2])]
    if off(printed.x1, layout.block.right - one, 0.7):
        problems.append("印发日期没有右空一字")
    printer = [line for line in lines if abs(line.top - printed.top) < 1 and line is not printed]
    if printer and off(printer[0].x0, layout.block.left + one, 0.7):
        problems.append("印发机关没有左空一字")
    return problems


def page_numbers(ctx: Context) -> list[Finding]:
    layout = ctx.layout
    one = PAGE_NUMBER_PT / 72 * 25.4
    expected = "版心下边缘之下，4 号半角阿拉伯数字，左右各放一条一字线（— 1 —），一字线距版心下边缘 7 毫米；单页居右空一字，双页居左空一字"
    problems, numbered = [], 0
    for page in layout.pages:
        footer = layout.footers.get(page.number, [])
        if not footer:
            if not may_go_unnumbered(layout, page.number):
                problems.append(f"第 {page.number} 页没有页码")
            continue
        numbered += 1
        problems += page_number_problems(ctx, page.number, footer[0], one)
    problems += _dash_heights(ctx)
    if not numbered:
        return [finding("7.5", "页码", ["没有页码"], "", expected)]
    return [finding("7.5", "页码", problems[:4] + ([f"另有 {len(problems) - 4} 处"] if len(problems) > 4 else []),
                    f"{numbered} 页有页码", expected)]


def may_go_unnumbered(layout, number: int) -> bool:
    """7.5: a blank page before the 版记 page, and the 版记 page itself when such a blank page
    comes before it, may go unnumbered; every other page carries its number."""
    pages = layout.pages
    if not layout.content(pages[number - 1]):
        return number < len(pages) and all(not layout.content(page) for page in pages[number - 1:-1])
    colophon_page = layout.colophon.page if layout.colophon else None
    return number == colophon_page == len(pages) and number > 1 and not layout.content(pages[number - 2])


def page_number_problems(ctx: Context, number: int, line, one: float) -> list[str]:
    block, problems = ctx.layout.block, []
    form = PAGE_NUMBER.match(line.compact)
    if not form:
        return [f"第 {number} 页的页码是“{line.text}”（应为“— {number} —”）"]
    if int(form.group(1)) != number:
        problems.append(f"第 {number} 页的页码是 {form.group(1)}")
    if off(line.size, PAGE_NUMBER_PT, 0.3):
        problems.append(f"第 {number} 页的页码 {line.size:g} 磅（应为 14 磅）")
    if number % 2 and off(line.x1, block.right - one, 1):
        problems.append(f"单页第 {number} 页的页码没有居右空一字（右空 {(block.right - line.x1) / one:.1f} 字）")
    if not number % 2 and off(line.x0, block.left + one, 1):
        problems.append(f"双页第 {number} 页的页码没有居左空一字（左空 {(line.x0 - block.left) / one:.1f} 字）")
    return problems


def _dash_heights(ctx: Context) -> list[str]:
    """The first odd and the first even page: the left dash's ink, 7 mm below the block."""
    layout, problems = ctx.layout, []
    for number in (1, 2):
        footer = layout.footers.get(number)
        if not footer or not PAGE_NUMBER.match(footer[0].compact):
            continue
        dash = footer[0].chars[0]
        columns = (mm(dash["x0"]), mm(dash["x1"]))
        rows = [y for y in ink_rows(ctx.pdf, number, lambda p: sum(p) < 300, columns, dpi=150)
                if footer[0].top <= y <= footer[0].bottom]
        if rows and off(statistics.median(rows) - layout.block.bottom, 7, 1):
            problems.append(f"第 {number} 页的一字线距版心下边缘 {mm_text(statistics.median(rows) - layout.block.bottom)}（应为 7 毫米）")
    return problems
