"""5.1 paper, 5.2.1 margins and text block, 5.2.3 22 lines × 28 characters."""
from __future__ import annotations

from collections import Counter

from ..layout import STANDARD_MARGINS, Layout
from ..model import Finding, finding, not_applicable
from . import Context, at, mm_text, off
from .typesetting import (LOOSEST_PITCH, PITCH_BOUND, SHORT_ALLOWED, body_pages, closest_pitch, closing_too_tall,
                          empty_lines_at_foot, grid_lines, nominal_pitch, to_be_full, widest_pitch)

LINES, CHARS = 22, 28


def paper(ctx: Context) -> list[Finding]:
    wrong = [page for page in ctx.layout.pages if off(page.width, 210, 1) or off(page.height, 297, 1)]
    problems = [f"第 {p.number} 页为 {p.width:.0f}×{p.height:.0f} 毫米" for p in wrong[:3]]
    setup = ctx.source.setup if ctx.source else None
    if setup and (off(setup.width, 210, 1) or off(setup.height, 297, 1)):
        problems.append(f"DOCX 页面设置为 {setup.width:.0f}×{setup.height:.0f} 毫米")
    first = wrong[0].number if wrong else None
    return [finding("5.1", "纸张幅面", problems, f"{len(ctx.layout.pages)} 页均为 A4（210×297 毫米）" if not problems else "",
                    "A4 纸：210 毫米 × 297 毫米", first)]


def margins(ctx: Context) -> list[Finding]:
    expected = "天头 37±1 毫米，订口（左）28±1 毫米，右 26 毫米、下 35 毫米；版心 156×225 毫米"
    problems, parts = [], []
    if ctx.source:
        setup = ctx.source.setup
        named = {"top": setup.top, "left": setup.left, "right": setup.right, "bottom": setup.bottom}
        zh = {"top": "上", "left": "左", "right": "右", "bottom": "下"}
        problems += [f"DOCX 页边距{zh[k]} {v:.1f} 毫米（应为 {STANDARD_MARGINS[k]:.0f}）"
                     for k, v in named.items() if off(v, STANDARD_MARGINS[k], 1)]
        parts.append("DOCX 页边距 上{top:.1f} 左{left:.1f} 右{right:.1f} 下{bottom:.1f} 毫米".format(**named))
    left, right = _rendered_edges(ctx.layout)
    if left is not None:
        parts.append(f"排出的文字左缘 {mm_text(left)}、右缘 {mm_text(right)}")
        if off(left, STANDARD_MARGINS["left"], 1):
            problems.append(f"正文左缘距纸边 {mm_text(left)}（应为 28 毫米）")
        if right > 210 - STANDARD_MARGINS["right"] + 1:
            problems.append(f"正文超出版心右缘：距纸边 {mm_text(right)}（应不超过 184 毫米）")
    return [finding("5.2.1", "页边与版心尺寸", problems, "；".join(parts), expected)]


def _rendered_edges(layout: Layout) -> tuple[float | None, float | None]:
    lines = [placed.line for placed in layout.body]
    if not lines:
        return None, None
    return min(line.x0 for line in lines), max(line.x1 for line in lines)


def grid(ctx: Context) -> list[Finding]:
    """Every body page but the last is measured: its lines (22 on the grid; more only where
    7.3.5's closing-up set them closer, never below 95 % of the pitch; fewer where the pages
    before the signature's were opened up to fill the last of them, never beyond 110 %), the
    empty lines at its foot (at most two, unless the signature's closing block could not stay
    under the body on it and the body could not fill it: typesetting.closing_too_tall); and the
    characters of a full line (28)."""
    layout = ctx.layout
    expected = (f"每面 {LINES} 行、每行 {CHARS} 字，撑满版心（行距约 {225 / LINES:.2f} 毫米）；除正文最后一页外每页排满，"
                f"页末空行不超过 {SHORT_ALLOWED} 行；为容纳署名而调整行距时不小于行距的 {PITCH_BOUND:.0%}、不大于 {LOOSEST_PITCH:.0%}")
    full = to_be_full(layout)
    pitch = nominal_pitch(layout)
    counts = {n: len(grid_lines(layout, layout.pages[n - 1])) for n in full}
    empty = {n: empty_lines_at_foot(layout, layout.pages[n - 1]) for n in full}
    closest = {n: closest_pitch(layout, layout.pages[n - 1]) for n in body_pages(layout)}
    widest = {n: widest_pitch(layout, layout.pages[n - 1]) for n in body_pages(layout)}
    excepted = {n: why for n, e in empty.items() if e > SHORT_ALLOWED and (why := closing_too_tall(layout, n, e))}
    problems = [f"第 {n} 页页末空了 {e} 行" for n, e in empty.items() if e > SHORT_ALLOWED and n not in excepted]
    problems += [f"第 {n} 页行距收紧到 {s:.2f} 毫米（行距的 {s / pitch:.0%}）" for n, s in closest.items()
                 if s is not None and s < PITCH_BOUND * pitch - 0.05]
    problems += [f"第 {n} 页行距放宽到 {s:.2f} 毫米（行距的 {s / pitch:.0%}）" for n, s in widest.items()
                 if s is not None and s > LOOSEST_PITCH * pitch + 0.05]
    if full and abs(layout.pitch * LINES - 225) > 2:
        problems.append(f"行距 {layout.pitch:.2f} 毫米，{LINES} 行共 {layout.pitch * LINES:.0f} 毫米（应为 225 毫米）")
    widths = full_line_glyphs(layout)
    usual = Counter(widths).most_common(1)[0][0] if widths else None
    if usual is not None and usual != CHARS:
        problems.append(f"满行多为 {usual} 字")
    if not full and not widths:
        return [not_applicable("5.2.3", "行数和字数", "正文只有一页，没有应排满的页，也没有整行", expected)]
    pages = "，".join(f"第 {n} 页 {counts[n]} 行（页末空 {empty[n]} 行{excepted.get(n, '')}）" for n in full) or "正文只有一页"
    tightest = min((s for s in closest.values() if s is not None), default=None)
    spacing = f"；最小行距 {tightest:.2f} 毫米（{tightest / pitch:.0%}）" if tightest else ""
    loosest = max((s for s in widest.values() if s is not None), default=None)
    if loosest and loosest > pitch + 0.05:
        spacing += f"；最大行距 {loosest:.2f} 毫米（{loosest / pitch:.0%}）"
    measured = f"应排满的页：{pages}{spacing}；满行 {len(widths)} 行，多为 {usual or '—'} 字"
    page = next((n for n in full if empty[n] > SHORT_ALLOWED and n not in excepted), None) or next(
        (n for n, s in closest.items() if s is not None and s < PITCH_BOUND * pitch - 0.05), None)
    last = grid_lines(layout, layout.pages[page - 1]) if page else []
    return [finding("5.2.3", "行数和字数", problems, measured, expected, page, f"末行{at(last[-1])}" if last else "")]


def full_line_glyphs(layout: Layout) -> list[int]:
    """Characters on each line that runs from edge to edge of the block, all Chinese."""
    block = layout.block
    return [p.line.glyphs for p in layout.body
            if p.line.x0 < block.left + 1 and p.line.x1 > block.right - 1 and p.line.size == layout.body_size
            and all(ord(c) > 0x2E80 for c in p.line.compact)]
