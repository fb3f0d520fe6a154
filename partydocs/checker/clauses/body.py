"""主体: 7.3.1 title, 7.3.2 addressees, 7.3.3 body text and its heading numbers."""
from __future__ import annotations

import re

from ..layout import Placed
from ..model import Finding, finding, not_applicable
from . import Context, at, mm_text, off
from .typesetting import would_fit

TITLE_PT = 22
CN_NUMERALS = "一二三四五六七八九十"
HEADINGS = [  # level, pattern of the number, how the number is written
    (1, re.compile(rf"^([{CN_NUMERALS}]+)、"), "一、"),
    (2, re.compile(rf"^[（(]([{CN_NUMERALS}]+)[）)]"), "（一）"),
    (3, re.compile(r"^(\d+)[.．]"), "1."),
    (4, re.compile(r"^[（(](\d+)[）)]"), "（1）"),
]


def title(ctx: Context) -> list[Finding]:
    layout = ctx.layout
    expected = f"{TITLE_PT} 磅（2号）字，红色分隔线下空二行，居中，梯形或菱形排列（不排成上宽下窄的倒梯形）"
    lines = layout.title
    if not lines:
        return [not_applicable("7.3.1", "标题", "第 1 页未找到标题", expected)]
    problems = []
    sizes = sorted({line.size for line in lines})
    if any(off(size, TITLE_PT, 0.3) for size in sizes):
        problems.append(f"字号 {'、'.join(f'{s:g}' for s in sizes)} 磅")
    if any(off(line.centre, layout.block.centre, 1.5) for line in lines):
        problems.append("没有居中")
    widths = [line.x1 - line.x0 for line in lines]
    if len(widths) > 1 and all(a >= b for a, b in zip(widths, widths[1:])) and widths[-1] < widths[0] - lines[0].size / 72 * 25.4:
        problems.append("排成了倒梯形（上宽下窄）")
    if layout.rule is not None:
        gap = lines[0].top - layout.rule["y"]
        if not 2 * layout.pitch <= gap <= 3 * layout.pitch:
            problems.append(f"距红色分隔线 {mm_text(gap)}（应空二行）")
    shape = " / ".join(f"{line.glyphs}字" for line in lines)
    measured = f"{len(lines)} 行（{shape}），{'、'.join(f'{s:g}' for s in sizes)} 磅"
    return [finding("7.3.1", "标题", problems, measured, expected, 1, at(lines[0]))]


def addressee(ctx: Context) -> list[Finding]:
    layout = ctx.layout
    expected = "标题下空一行，居左顶格，最后一个机关名称后标全角冒号“：”"
    lines = layout.addressee
    if not lines:
        moved = layout.colophon and any(l.compact.startswith("主送") for l in layout.colophon.lines)
        why = "主送机关移到了版记（“主送：”）" if moved else "标题下未见顶格的主送机关（公告、决定等可不标）"
        return [not_applicable("7.3.2", "主送机关", why, expected)]
    problems = []
    if not lines[-1].compact.endswith("："):
        problems.append(f"末尾是“{lines[-1].compact[-1]}”，缺少全角冒号“：”")
    if any(off(line.x0, layout.block.left, 0.7) for line in lines):
        problems.append("没有顶格")
    if layout.title and lines[0].top - layout.title[-1].bottom < 0.9 * layout.pitch:
        problems.append("与标题之间没有空一行")
    return [finding("7.3.2", "主送机关", problems, f"“{''.join(l.compact for l in lines)}”", expected, 1, at(lines[0]))]


def first_page(ctx: Context) -> list[Finding]:
    layout = ctx.layout
    expected = "正文从首页开始（主送机关过多时移到版记，不能使首页没有正文）"
    if not layout.body:
        return [not_applicable("7.3.3", "正文起于首页", "未找到正文", expected)]
    start = layout.body[0]
    problems = [f"首页没有正文，正文从第 {start.page} 页才开始"] if start.page != 1 else []
    return [finding("7.3.3", "正文起于首页", problems, f"正文第一行在第 {start.page} 页", expected, start.page, at(start.line))]


def indents(ctx: Context) -> list[Finding]:
    layout = ctx.layout
    expected = "每段首行缩进二字，回行顶格"
    if not layout.body:
        return [not_applicable("7.3.3", "正文缩进", "未找到正文", expected)]
    problems = []
    wrong = _misindented(ctx)
    if wrong:
        first = wrong[0]
        problems.append(f"{len(wrong)} 行缩进不对，第一处在第 {first.page} 页“{first.line.compact[:12]}”"
                        f"（左缩进 {(first.line.x0 - layout.block.left) / layout.char:.1f} 字）")
    measured = f"正文 {len(layout.body)} 行，{len(paragraph_starts(ctx))} 段"
    page, where = (wrong[0].page, at(wrong[0].line)) if wrong else (None, "")
    return [finding("7.3.3", "正文缩进", problems, measured, expected, page, where)]


def _misindented(ctx: Context) -> list[Placed]:
    layout, starts = ctx.layout, {id(p) for p in paragraph_starts(ctx)}
    left, indent = layout.block.left, layout.block.left + 2 * layout.char
    wrong = []
    for placed in layout.body:
        x0 = placed.line.x0
        if id(placed) in starts and not _was_continued(ctx, placed):
            fine = abs(x0 - indent) <= 1
        else:
            fine = abs(x0 - left) <= 1 or abs(x0 - indent) <= 1
        if not fine:
            wrong.append(placed)
    return wrong


def _was_continued(ctx: Context, placed: Placed) -> bool:
    """The line before ends at the block's right edge: this line may continue it."""
    body, right = ctx.layout.body, ctx.layout.block.right
    index = body.index(placed)
    if index == 0:
        return False
    before = body[index - 1].line
    return before.x1 > right - ctx.layout.char or (placed.line.x0 < ctx.layout.block.left + 1
                                                  and not would_fit(placed.line, right - before.x1))


def paragraph_starts(ctx: Context) -> list[Placed]:
    """Lines that open a paragraph: the first, every indented one, and each after a short line."""
    layout = ctx.layout
    starts = []
    for index, placed in enumerate(layout.body):
        after_short = index == 0 or layout.body[index - 1].line.x1 < layout.block.right - layout.char
        if after_short or placed.line.x0 > layout.block.left + layout.char:
            starts.append(placed)
    return starts


def headings(ctx: Context) -> list[Finding]:
    expected = "结构层次序数依次为“一、”“（一）”“1.”“（1）”，各层从 1 起连续编号，不跳层"
    found = [(placed, level, _value(number)) for placed in paragraph_starts(ctx)
             for level, pattern, _ in HEADINGS if (number := pattern.match(placed.line.compact))]
    if not found:
        return [not_applicable("7.3.3", "结构层次序数", "正文没有结构层次序数", expected)]
    problem, where = _sequence_problem(found)
    counts = "、".join(f"{form}×{sum(1 for _, l, _ in found if l == level)}" for level, _, form in HEADINGS
                      if any(l == level for _, l, _ in found))
    page, place = (where.page, at(where.line)) if where else (None, "")
    return [finding("7.3.3", "结构层次序数", [problem] if problem else [], f"层次：{counts}", expected, page, place)]


def _sequence_problem(found) -> tuple[str, Placed | None]:
    expected_next = {1: 1}           # level → the number the next heading of that level must carry
    for placed, level, value in found:
        if level not in expected_next:
            form = HEADINGS[level - 1][2]
            parent = HEADINGS[level - 2][2]
            return f"“{placed.line.compact[:10]}”是“{form}”层，但上面没有“{parent}”层（跳过了一层）", placed
        if value != expected_next[level]:
            return f"“{placed.line.compact[:10]}”编号应为 {expected_next[level]}，却是 {value}", placed
        expected_next = {k: v for k, v in expected_next.items() if k <= level}
        expected_next[level] = value + 1
        expected_next[level + 1] = 1
    return "", None


def _value(number: re.Match) -> int:
    text = number.group(1)
    return int(text) if text.isdigit() else _chinese_value(text)


def _chinese_value(text: str) -> int:
    """一 … 九十九 in the form headings use."""
    if text.startswith("十"):
        text = "一" + text
    if "十" in text:
        tens, _, units = text.partition("十")
        return (CN_NUMERALS.index(tens) + 1) * 10 + (CN_NUMERALS.index(units) + 1 if units else 0)
    return CN_NUMERALS.index(text) + 1
