"""5.1 paper, 5.2.1 margins and text block, 5.2.3 22 lines × 28 characters."""
from __future__ import annotations

from collections import Counter

from ..layout import STANDARD_MARGINS, Layout
from ..measure import Page
from ..model import Finding, finding, not_applicable
from . import Context, mm_text, off

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
    layout = ctx.layout
    expected = f"每面 {LINES} 行、每行 {CHARS} 字，撑满版心（行距约 {225 / LINES:.2f} 毫米）"
    counts = {page.number: len(_grid_lines(layout, page)) for page in layout.main_pages}
    problems = [f"第 {n} 页排了 {c} 行正文" for n, c in counts.items() if c > LINES]
    full = full_pages(layout)
    problems += [f"第 {p.number} 页是写满的一页，却只有 {counts[p.number]} 行" for p in full if counts[p.number] < LINES]
    if full and abs(layout.pitch * LINES - 225) > 2:
        problems.append(f"行距 {layout.pitch:.2f} 毫米，{LINES} 行共 {layout.pitch * LINES:.0f} 毫米（应为 225 毫米）")
    widths = full_line_glyphs(layout)
    if widths and Counter(widths).most_common(1)[0][0] != CHARS:
        problems.append(f"满行多为 {Counter(widths).most_common(1)[0][0]} 字")
    if not full and not widths:
        return [not_applicable("5.2.3", "行数和字数", "没有写满的页面或整行，无从数行和字", expected)]
    measured = (f"写满的页 {', '.join(str(p.number) for p in full) or '无'}，每页 {', '.join(str(counts[p.number]) for p in full) or '—'} 行；"
                f"满行 {len(widths)} 行，多为 {Counter(widths).most_common(1)[0][0] if widths else '—'} 字")
    page = next((p.number for p in full if counts[p.number] != LINES), None)
    return [finding("5.2.3", "行数和字数", problems, measured, expected, page)]


def _grid_lines(layout: Layout, page: Page):
    return [line for line in layout.content(page) if line.size == layout.body_size]


def text_pages(layout: Layout) -> list[Page]:
    """Main pages after the first: body text without the 版头."""
    return layout.main_pages[1:]


def full_pages(layout: Layout) -> list[Page]:
    """Text pages broken inside a paragraph (their last line full, the next page opening with
    an unindented continuation line): nothing made them end early, so they are full."""
    pages = text_pages(layout)
    full = []
    for page, after in zip(pages, pages[1:]):
        lines, next_lines = _grid_lines(layout, page), _grid_lines(layout, after)
        if lines and next_lines and lines[-1].x1 > layout.block.right - layout.char \
                and next_lines[0].x0 < layout.block.left + 1:
            full.append(page)
    return full


def full_line_glyphs(layout: Layout) -> list[int]:
    """Characters on each line that runs from edge to edge of the block, all Chinese."""
    block = layout.block
    return [p.line.glyphs for p in layout.body
            if p.line.x0 < block.left + 1 and p.line.x1 > block.right - 1 and p.line.size == layout.body_size
            and all(ord(c) > 0x2E80 for c in p.line.compact)]
