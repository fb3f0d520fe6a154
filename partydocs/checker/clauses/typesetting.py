"""What a typesetter looks at once every element is in its place: pages that end early, line
spacing closed up too far, 孤字 (a paragraph's last line with one character besides
punctuation), and a 附注 that is not one whole paragraph.

GB/T 9704 fills every page with its 22 lines (5.2.3) and allows the line or character
spacing to be adjusted to keep the signature with the body (7.3.5); an office's practice
adds the rest: no page of the body but its last ends more than two lines short (a heading
kept with its text may cost one), spacing is adjusted within a tight bound, and no
paragraph ends on a lone character."""
from __future__ import annotations

import math
import re

from ..formats import GENERAL, LETTER
from ..layout import Layout, Placed
from ..measure import PT_PER_MM, Line, Page
from ..model import Finding, finding, not_applicable
from . import Context, at

LINES = 22
SHORT_ALLOWED = 2            # empty lines a body page other than the last may end with
PITCH_BOUND = 0.95           # the closest lines may be set, as a share of the grid's pitch
LOOSEST_PITCH = 1.10         # the loosest the pages before the signature's may be opened up to
FULL_ENOUGH = SHORT_ALLOWED + 0.5   # rows under a page's last line's foot below which it counts as full
OPENED_PAGES = 3             # the pages before the signature's that may be opened up
PUNCTUATION = set("，。、；：？！）》」』”’％%·…—〕】〉,.;:?!)]}（《「『“‘〔【〈([{ ")
CLOSING = set("，。、；：？！）》」』”’％%·…〕】〉,.;:?!)]}")
DIGIT_TAIL = re.compile(r"[\d\-－]$")


def nominal_pitch(layout: Layout) -> float:
    """The grid's pitch, mm: the text block's height in 22 lines."""
    return (layout.block.bottom - layout.block.top) / LINES


def grid_lines(layout: Layout, page: Page) -> list[Line]:
    """Body-size lines in the text block, less the 版记's."""
    colophon = {id(line) for line in layout.colophon.lines} if layout.colophon else set()
    return [line for line in layout.content(page) if abs(line.size - layout.body_size) < 0.3 and id(line) not in colophon]


def body_pages(layout: Layout) -> list[int]:
    """The pages holding the body, from page 1 to the signature (纪要: the attendance lists)."""
    placed = layout.body + layout.note + layout.signature + layout.remark + layout.attendance
    placed += [layout.date] if layout.date and layout.format != "纪要" else []
    return sorted({1} | {p.page for p in placed})


def empty_lines_at_foot(layout: Layout, page: Page) -> int:
    """Whole grid lines left empty between the page's last line and the text block's bottom."""
    lines = grid_lines(layout, page)
    if not lines:
        return LINES
    return int((layout.block.bottom - lines[-1].bottom) / nominal_pitch(layout))


def to_be_full(layout: Layout) -> list[int]:
    """Body pages that must be full: every one but the body's last."""
    return body_pages(layout)[:-1]


def closing_too_tall(layout: Layout, page: int, empty: int) -> str:
    """Why a page before the signature's may end `empty` lines short, or "": it is the page
    right before the signature's, that page opens with at most two lines of the body (carried
    over, never a section), the closing block under them (attachment note, signature, seal,
    date, 附注) takes more lines than this page had left under the body even closed up to 95 %:
    the block could not stay; and the body is too short to fill the page, even with this page and
    the two before it opened up to 110 % so that their lines reach further down."""
    if layout.date is None or layout.date.page != page + 1 or layout.format not in (GENERAL, LETTER):
        return ""
    carried = [p.line for p in layout.body if p.page == page + 1]
    if not 1 <= len(carried) <= 2:
        return ""
    pitch = nominal_pitch(layout)
    ends = [p.line.bottom for p in layout.note + layout.signature + [layout.date] + layout.remark]
    closing = round((max(ends) - carried[-1].bottom) / pitch)
    room = empty - len(carried) + _closing_up_gain(layout, page, pitch)
    if closing <= room or _opening_up_fills(layout, page, pitch):
        return ""
    return f"；署名等 {closing} 行放不进剩下的 {room} 行，正文行距放宽到 {LOOSEST_PITCH:.0%} 也排不满此页"


def _body_rows(layout: Layout, page: int, pitch: float) -> tuple[int, int]:
    """The body's lines on the page and the rows they may take (on page 1, those from its first)."""
    lines = [p.line for p in layout.body if p.page == page]
    rows = round((layout.block.bottom - lines[0].top) / pitch) if lines and page == 1 else LINES
    return len(lines), rows


def _opening_up_fills(layout: Layout, page: int, pitch: float) -> bool:
    """The page, opened up to LOOSEST_PITCH with the lines the (up to two) pages before it give
    up when opened up alike, would end fewer than FULL_ENOUGH rows short."""
    lines, rows = _body_rows(layout, page, pitch)
    for before in range(page - 1, max(page - OPENED_PAGES, 0), -1):
        held, before_rows = _body_rows(layout, before, pitch)
        lines += max(held - math.floor(before_rows / LOOSEST_PITCH + 1e-9), 0)
    return rows - min(lines * LOOSEST_PITCH, rows) < FULL_ENOUGH


def _closing_up_gain(layout: Layout, page: int, pitch: float) -> int:
    """Rows a page gains closed up to PITCH_BOUND: one on a full page (23 for 22), none on page 1
    when the 版头 and title leave fewer than 20 rows to the body."""
    lines = grid_lines(layout, layout.pages[page - 1])
    rows = round((layout.block.bottom - lines[0].top) / pitch) if lines else LINES
    return math.floor(rows / PITCH_BOUND + 1e-9) - rows


def widest_pitch(layout: Layout, page: Page) -> float | None:
    """The largest step (mm) between two successive body lines (_pitch_steps)."""
    return max(_pitch_steps(layout, page), default=None)


def closest_pitch(layout: Layout, page: Page) -> float | None:
    """The smallest step (mm) between two successive body lines (_pitch_steps)."""
    return min(_pitch_steps(layout, page), default=None)


def _pitch_steps(layout: Layout, page: Page) -> list[float]:
    """The steps (mm), baseline to baseline, between successive body lines set in the same
    faces (a heading's 黑体 sits higher in its line than 仿宋), a blank line between them not counted."""
    lines, pitch = grid_lines(layout, page), nominal_pitch(layout)
    steps = [_baseline(b) - _baseline(a) for a, b in zip(lines, lines[1:]) if a.fonts == b.fonts]
    return [step for step in steps if 0.5 * pitch < step < 1.5 * pitch]


def _baseline(line: Line) -> float:
    return max(c["bottom"] for c in line.chars) / PT_PER_MM


def meaningful(text: str) -> int:
    """Characters besides punctuation and spaces."""
    return sum(1 for c in text if c not in PUNCTUATION and not c.isspace())


def lone_lines(layout: Layout) -> list[Placed]:
    """Continuation lines of a paragraph (after a line that reaches the block's right edge)
    with fewer than two characters besides punctuation: in the body, 附件说明, 附注 and the
    attendance lists, on every page of the body."""
    runs = [layout.body + layout.note, layout.remark, layout.attendance]
    right = layout.block.right - layout.char
    found = []
    for run in runs:
        for before, placed in zip(run, run[1:]):
            if before.line.x1 > right and meaningful(placed.line.compact) < 2 and placed.line.x0 <= before.line.x0 + 1:
                found.append(placed)
    return found


def lone_title_lines(lines: list[Line]) -> list[Line]:
    """A title's lines of one or two characters (besides punctuation), when it has several."""
    return [line for line in lines if len(lines) > 1 and meaningful(line.compact) <= 2]


def orphans(ctx: Context) -> list[Finding]:
    layout = ctx.layout
    expected = "段落末行至少有两个字（标点不计），标题的每一行至少三个字；以调整字距、行距解决，不改文字"
    lone = lone_lines(layout)
    titles = [(1, line) for line in lone_title_lines(layout.title)]
    titles += [(a.page, line) for a in layout.attachments for line in lone_title_lines(a.title)]
    problems = [f"第 {p.page} 页“{p.line.compact}”独占一行" for p in lone]
    problems += [f"第 {page} 页标题行“{line.compact}”只有 {meaningful(line.compact)} 个字" for page, line in titles]
    where = lone[0] if lone else (Placed(*titles[0]) if titles else None)
    checked = len(layout.body) + len(layout.note) + len(layout.remark) + len(layout.attendance) + len(layout.title)
    return [finding("7.3", "段末孤字", problems, f"查看 {checked} 行", expected,
                    where.page if where else None, at(where.line) if where else "")]


def remark_whole(layout: Layout, seals: list[dict]) -> list[str]:
    """What breaks the 附注 apart: a line ending short before its last (a hard split, as beside
    a seal), a continuation not flush left, a number broken over two lines, a seal over it."""
    lines = layout.remark
    right, left = layout.block.right - layout.char, layout.block.left
    problems = []
    for before, placed in zip(lines, lines[1:]):
        if before.line.x1 < right and would_fit(placed.line, layout.block.right - before.line.x1):
            problems.append(f"附注在“{before.line.compact[-6:]}”处提前断开，另起一行")
        if abs(placed.line.x0 - left) > 1:
            problems.append(f"附注的回行“{placed.line.compact[:6]}”没有顶格")
        if DIGIT_TAIL.search(before.line.compact) and placed.line.compact[:1].isdigit():
            problems.append(f"附注中的号码被拆在两行（“{before.line.compact[-4:]}／{placed.line.compact[:4]}”）")
    for placed in lines:
        line = placed.line
        if any(s["page"] == placed.page and line.top < s["bottom"] and line.bottom > s["top"] and line.x1 > s["x0"]
               and line.x0 < s["x1"] for s in seals):
            problems.append(f"印章压住了附注“{line.compact[:8]}”")
    return problems



def would_fit(line: Line, room: float) -> bool:
    """The line's first word (up to its first punctuation mark, with the closing marks that may
    not start a line) would have fitted, with a character to spare (renderers measure a line's
    end differently), in `room` mm at the end of the line above: the break was not needed."""
    chars = [c for c in line.chars if c["text"].strip()]
    end = next((i for i, c in enumerate(chars) if c["text"] in PUNCTUATION), len(chars))
    while end < len(chars) and chars[end]["text"] in CLOSING:
        end += 1
    if end == 0:
        return False
    return (chars[end - 1]["x1"] - chars[0]["x0"] + chars[0]["size"]) / PT_PER_MM <= room
