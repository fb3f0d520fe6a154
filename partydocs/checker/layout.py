"""Find a notice's parts on its rendered pages, from what a reader sees: the mark above the
document number, the rule under it, the title, the addressees, the body, the attachment note,
signature, date and 附注, the attachment pages, the 版记 and the page numbers."""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from .formats import GENERAL, ISSUE_NUMBER, LETTER, MINUTES, ORDER, ORDER_NUMBER, red_double_rules
from .measure import Line, Page, horizontal_rules, mm

STANDARD_MARGINS = {"top": 37.0, "left": 28.0, "right": 26.0, "bottom": 35.0}
LOOSE_NUMBER = re.compile(r"[〔\[［（(【]\s*(\d{2}|\d{4})\s*[〕\]］）)】]\s*第?\s*\d+\s*号")
CN_DIGIT = "〇○零一二三四五六七八九十"
LOOSE_DATE = re.compile(rf"^[\d{CN_DIGIT}]{{2,4}}年[\d{CN_DIGIT}]{{1,3}}月[\d{CN_DIGIT}]{{1,3}}日$")
LABEL = re.compile(r"^附件\s*\d*$")
ATTENDANCE = ("出席", "请假", "列席")


@dataclass(frozen=True)
class Block:
    """The text block (版心), mm from the paper's top-left corner."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


@dataclass(frozen=True)
class Placed:
    page: int
    line: Line


@dataclass
class Attachment:
    page: int
    label: Line
    title: list[Line]


@dataclass
class Colophon:
    page: int
    lines: list[Line]
    rules: list[dict]


@dataclass
class Layout:
    pages: list[Page]
    block: Block
    body_size: float
    pitch: float
    char: float                                   # a body character's advance, mm
    mark: list[Line] = field(default_factory=list)
    number: Line | None = None
    signer: Line | None = None
    rule: dict | None = None
    title: list[Line] = field(default_factory=list)
    addressee: list[Line] = field(default_factory=list)
    body: list[Placed] = field(default_factory=list)
    note: list[Placed] = field(default_factory=list)
    signature: list[Placed] = field(default_factory=list)
    date: Placed | None = None
    remark: list[Placed] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    colophon: Colophon | None = None
    footers: dict[int, list[Line]] = field(default_factory=dict)
    format: str = GENERAL
    double_rules: list[list[dict]] = field(default_factory=list)   # 信函: the red double rules of page 1
    dateline: list[Line] = field(default_factory=list)             # 纪要: issuer and date above the rule
    attendance: list[Placed] = field(default_factory=list)         # 纪要: 出席, 请假, 列席

    def content(self, page: Page) -> list[Line]:
        return page.body_lines(self.block.bottom + 1)

    @property
    def main_pages(self) -> list[Page]:
        """The pages before the first attachment."""
        first = self.attachments[0].page if self.attachments else len(self.pages) + 1
        return [page for page in self.pages if page.number < first]


def analyse(pages: list[Page], block: Block, format_: str = GENERAL) -> Layout:
    main = pages[:_first_label_page(pages, block) - 1]       # the body's type, not the attachments'
    lines = [line for page in main for line in page.body_lines(block.bottom + 1)]
    body_size = _body_size(lines)
    layout = Layout(pages, block, body_size, _pitch(main, block, body_size), _char(lines, body_size), format=format_)
    layout.footers = {page.number: page.footer_lines(block.bottom + 1) for page in pages}
    layout.attachments = _attachments(layout)
    layout.colophon = _colophon(layout)
    _header(layout)
    _main(layout)
    return layout


def measured_block(pages: list[Page]) -> Block:
    """For a PDF without its DOCX: left and right edges from the lines, top and bottom as the
    standard's (a page does not show where its block ends)."""
    lines = [line for page in pages for line in page.lines
             if line.top < page.height - STANDARD_MARGINS["bottom"] + 1]
    left = min((line.x0 for line in lines), default=STANDARD_MARGINS["left"])
    right = max((line.x1 for line in lines), default=210 - STANDARD_MARGINS["right"])
    return Block(left, STANDARD_MARGINS["top"], right, 297 - STANDARD_MARGINS["bottom"])


def _body_size(lines: list[Line]) -> float:
    sizes = [line.size for line in lines for _ in range(line.glyphs)]
    return statistics.mode(sizes) if sizes else 16.0


def _pitch(pages: list[Page], block: Block, body_size: float) -> float:
    steps = []
    for page in pages:
        body = [line for line in page.body_lines(block.bottom + 1) if line.size == body_size]
        steps += [b.top - a.top for a, b in zip(body, body[1:]) if 0 < b.top - a.top < 1.6 * mm(body_size)]
    return statistics.median(steps) if steps else 225 / 22


def _char(lines: list[Line], body_size: float) -> float:
    steps = [mm(b["x0"] - a["x0"]) for line in lines if line.size == body_size and line.glyphs >= 20
             for a, b in zip(line.chars, line.chars[1:]) if ord(a["text"]) > 0x2E80 and ord(b["text"]) > 0x2E80]
    return statistics.median(steps) if steps else mm(body_size)


def _first_label_page(pages: list[Page], block: Block) -> int:
    return next((page.number for page in pages[1:] if _opens_attachment(page.body_lines(block.bottom + 1), block)),
                len(pages) + 1)


def _opens_attachment(lines: list[Line], block: Block) -> bool:
    """The page starts with “附件” (and its number) flush left."""
    return bool(lines) and bool(LABEL.match(lines[0].compact)) and lines[0].x0 < block.left + 1.5


def _attachments(layout: Layout) -> list[Attachment]:
    found = []
    for page in layout.pages[1:]:
        lines = layout.content(page)
        if _opens_attachment(lines, layout.block):
            larger = [line for line in lines[1:4] if line.size >= layout.body_size + 2]
            title = _run_of_lines(lines, lines.index(larger[0]), layout.pitch) if larger else []
            found.append(Attachment(page.number, lines[0], title))
    return found


def _run_of_lines(lines: list[Line], start: int, pitch: float) -> list[Line]:
    """lines[start] and the lines of its size that follow it closely (one paragraph)."""
    run = [lines[start]]
    for line in lines[start + 1:]:
        if abs(line.size - run[0].size) > 0.3 or line.top - run[-1].bottom > 0.6 * pitch:
            break
        run.append(line)
    return run


def _colophon(layout: Layout) -> Colophon | None:
    for page in reversed(layout.pages):
        lines = layout.content(page)
        marks = [i for i, line in enumerate(lines) if _is_colophon_line(line)]
        if marks:
            chosen = lines[marks[0]:marks[-1] + 1]
            low, high = chosen[0].top - 8, chosen[-1].bottom + 8
            rules = [r for r in horizontal_rules(page, 0.8 * layout.block.width) if low <= r["y"] <= high]
            return Colophon(page.number, chosen, rules)
    return None


def _is_colophon_line(line: Line) -> bool:
    return line.compact.startswith(("抄送：", "抄送:")) or line.compact.endswith("印发")


def _header(layout: Layout) -> None:
    """Mark, document number (令号, 期号), signer and red rule on page 1; then the title and addressees."""
    first = layout.content(layout.pages[0])
    layout.number = next((line for line in first if _is_number(line, layout.format)), None)
    if layout.number is not None:
        layout.signer = next((line for line in first if line.compact.startswith("签发人")
                              and abs(line.top - layout.number.top) < 1), None)
        above = [line for line in first if line.bottom <= layout.number.top]
        largest = max((line.size for line in above), default=0)
        layout.mark = [line for line in above if line.size >= largest - 1 and largest > layout.body_size]
        if layout.format == LETTER:
            layout.double_rules = red_double_rules(layout.pages[0])
        elif layout.format != ORDER:
            below = layout.number.bottom
            layout.rule = next((r for r in horizontal_rules(layout.pages[0], 100) if r["y"] > below), None)
    if layout.format == MINUTES and layout.rule is not None:
        layout.dateline = [line for line in first if layout.number.bottom < line.top and line.bottom < layout.rule["y"]]
    elif layout.format == MINUTES and layout.number is not None:     # 套打: the rule is on the paper
        after = [line for line in first if line.top > layout.number.bottom]
        layout.dateline = [line for line in after if abs(line.top - after[0].top) < 1] if after else []
    rest = [line for line in first if line.top > _header_end(layout) and line is not layout.signer]
    if layout.format == LETTER:
        rest = _after_labels(rest, layout)
    if rest and layout.format != ORDER:
        layout.title = _run_of_lines(rest, 0, layout.pitch)
    if rest:
        layout.addressee = _addressee(rest[len(layout.title):], layout)


def _is_number(line: Line, format_: str) -> bool:
    if format_ == ORDER:
        return bool(ORDER_NUMBER.match(line.compact))
    if format_ == MINUTES:
        return bool(ISSUE_NUMBER.match(line.compact))
    return bool(LOOSE_NUMBER.search(line.compact))


def _header_end(layout: Layout) -> float:
    if layout.rule and layout.format != LETTER:
        return layout.rule["y"]
    if layout.dateline:
        return layout.dateline[-1].bottom
    return layout.number.bottom if layout.number else 0


def _after_labels(lines: list[Line], layout: Layout) -> list[Line]:
    """A letter's lines after the 密级 and 紧急程度 flush left under the number's line."""
    start = 0
    while start < len(lines) and lines[start].size == layout.body_size and lines[start].x0 < layout.block.left + 1 \
            and lines[start].glyphs <= 10 and not lines[start].compact.endswith(("：", ":")):
        start += 1
    return lines[start:]


def _addressee(after_title: list[Line], layout: Layout) -> list[Line]:
    if after_title and after_title[0].compact.endswith(("：", ":")):
        return after_title[:1]
    flush = []
    for line in after_title:
        if line.x0 > layout.block.left + 1:
            break
        flush.append(line)
    return flush


def _signs(line: Line, layout: Layout, date: Line | None = None) -> bool:
    """A line of the signature: in the right part of the block, reaching near its right edge."""
    return line.x0 > layout.block.left + 4 * layout.char and line.x1 > layout.block.right - 6 * layout.char \
        and not line.compact.startswith("附件")


def _main(layout: Layout) -> None:
    """Body, attachment note, signature, date and 附注: the main pages' lines after the addressees
    (纪要: body, attendance lists and 附注; the date is in the 版头)."""
    taken = {id(line) for line in layout.mark + layout.title + layout.addressee + [layout.number, layout.signer]}
    colophon = {id(line) for line in layout.colophon.lines} if layout.colophon else set()
    start = max((line.bottom for line in layout.title + layout.addressee + [layout.number] if line), default=0)
    main = [Placed(page.number, line) for page in layout.main_pages for line in layout.content(page)
            if id(line) not in taken | colophon and (page.number > 1 or line.top > start)]
    if layout.format == MINUTES:
        _minutes_main(layout, main)
        return
    dates = [i for i, placed in enumerate(main) if LOOSE_DATE.match(placed.line.compact)]
    if not dates:
        layout.body = main
        return
    at = dates[-1]
    layout.date, layout.remark = main[at], main[at + 1:]
    names = at
    signs = _titles if layout.format == ORDER else _signs
    while names > 0 and main[names - 1].page == main[at].page and (
            signs(main[names - 1].line, layout, main[at].line) or _beside(main[names - 1].line, main[names:at + 1])):
        names -= 1
    layout.signature = main[names:at]
    notes = [i for i, placed in enumerate(main[:names]) if placed.line.compact.startswith(("附件：", "附件:"))]
    body_end = notes[-1] if notes else names
    layout.body, layout.note = main[:body_end], main[body_end:names]


def _beside(line: Line, signature: list[Placed]) -> bool:
    """On the row of a signature line already found: a joint issue's organs side by side (the
    first one starts left of where a single signature would)."""
    return any(abs(line.top - placed.line.top) < 1 and line.x1 < placed.line.x0 for placed in signature)


def _titles(line: Line, layout: Layout, date: Line) -> bool:
    """An order's signer's title: right of the block's centre, at most three lines above the date."""
    return line.x0 > layout.block.centre and date.top - line.top <= 3.2 * layout.pitch \
        and not line.compact.startswith("附件")


def _minutes_main(layout: Layout, main: list[Placed]) -> None:
    dated = [line for line in layout.dateline if LOOSE_DATE.match(line.compact)]
    layout.date = Placed(1, dated[-1]) if dated else None
    opens = [i for i, placed in enumerate(main) if placed.line.compact.startswith(ATTENDANCE)]
    if not opens:
        layout.body = main
        return
    end = opens[0]
    while end < len(main) and (main[end].line.compact.startswith(ATTENDANCE) or
                               main[end].line.x0 > layout.block.left + 3 * layout.char):
        end += 1
    layout.attendance, layout.remark = main[opens[0]:end], main[end:]
    notes = [i for i, placed in enumerate(main[:opens[0]]) if placed.line.compact.startswith(("附件：", "附件:"))]
    body_end = notes[-1] if notes else opens[0]
    layout.body, layout.note = main[:body_end], main[body_end:opens[0]]
