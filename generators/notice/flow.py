"""Pagination, computed rather than left to keep-with-next (which Word and LibreOffice treat
differently: LibreOffice moves a whole kept paragraph, leaving the page 9 lines short).

On a fixed 22-line grid, with every line of every body paragraph known (lines.py), the page
breaks are known too. The body fills each page to its 22nd line; a heading that would be a
page's last line starts the next page instead (the one line a heading may cost). The closing
block (attachment note, signature, date, 附注) never splits, and never stands on a page
without text above it. Where it does not fit under the body's end, the remedies are tried as
a typesetter tries them, the least visible first:

1. the body's last two lines go over with the closing block (single lines, not a section),
   or only the last one where two would leave the page before more than two lines short;
2. the lines of the closing page close up evenly, no closer than 95 % of the grid's pitch
   (GB/T 9704 7.3.5), or the letter spacing of a paragraph or two changes within ±5 % of the
   character pitch, so that the paragraph takes a line less (the block fits) or a line more
   (the page before fills and step 1 applies); or, only where those leave a hole because the
   block goes over and the body is too short to fill the page it leaves, the one to three
   pages before the block open up evenly, as little as fills that page and no looser than
   110 % of the pitch, so that their lines reach further down;
3. only then more content moves, the arrangement leaving the smallest hole.

No page before the body's last is left more than two lines short where any arrangement within
those bounds avoids it.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Callable

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from . import ooxml

from .lines import Spaced, Wrapped, one_line_more_or_less

TIGHTEST_PITCH = 0.95       # the closest a page's lines may be set, as a share of the grid's pitch
LOOSEST_PITCH = 1.10        # the loosest the pages before the closing block's may be set (22 rows hold 20 lines)
SHORT_ALLOWED = 2           # empty lines a page before the body's last may end with
CARRIED = 2                 # the body's lines that go over with the closing block
CANDIDATES = 30             # the paragraphs nearest the end whose letter spacing may change
MOST_CHANGED = 3            # of which at most this many
OPENED_UP = 10              # what opening up a page costs, in changed paragraphs: a page's every line moves,
                            # so it comes after any closing up or letter spacing that leaves no hole


@dataclass
class Item:
    """A paragraph on the grid: its lines, and how to rewrite it if it is divided or respaced."""

    paragraph: object
    lines: int
    heading: bool = False
    wrapped: Wrapped | None = None
    rewrap: Callable[..., Wrapped] | None = None       # its lines at a letter-spacing change (pt), 孤字 fixed or not
    base_spacing: float = 0.0                          # the style's letter spacing, pt
    delta: float = 0.0                                 # the change made to it
    rebreakable: bool = True                           # its runs may be rewritten (plain text)
    _options: dict = field(default_factory=dict)

    def option(self, change: int, pitch: float) -> Spaced | None:
        """A letter spacing giving one line more (1) or less (-1), within the bound; cached."""
        if self.rewrap is None or self.heading or not self.rebreakable or self.lines < (2 if change < 0 else 1):
            return None
        if change not in self._options:
            rewrap = self.rewrap
            self._options[change] = one_line_more_or_less(lambda d, fix=True: rewrap(self.delta + d, fix), self.lines,
                                                          change, pitch)
        return self._options[change]

    def respace(self, spaced: Spaced) -> None:
        """Change the paragraph's letter spacing by `spaced.delta` pt more, with the lines and
        breaks that gives."""
        self.delta += spaced.delta
        self.wrapped, self.lines = spaced.wrapped, len(spaced.wrapped.lines)
        self._options = {}
        write_lines(self.paragraph, self.wrapped, self.base_spacing, self.delta)


def write_lines(paragraph, wrapped: Wrapped, base: float = 0.0, delta: float = 0.0) -> None:
    """The paragraph's text (again) as runs: a manual break where `wrapped` needs one, the
    letter spacing `base` + `delta` where `delta` is not 0, and more on a line `wrapped`
    stretches (one ended by a manual break before a mark that would hang)."""
    for run in paragraph.runs:
        run._r.getparent().remove(run._r)
    starts = list(itertools.accumulate((len(line) for line in wrapped.lines), initial=0))
    stretched = {starts[i]: starts[i + 1] for i in range(len(wrapped.lines)) if wrapped.extra(i)}
    text = starts[-1]
    bounds = sorted({0, text, *wrapped.manual, *stretched, *stretched.values()})
    whole = "".join(wrapped.lines)
    for start, end in zip(bounds, bounds[1:]):
        run = paragraph.add_run(whole[start:end])
        if end in wrapped.manual:
            run.add_break()
        extra = wrapped.extra(starts.index(start)) if start in stretched else 0.0
        if delta or extra:
            ooxml.set_char_spacing(ooxml.rpr_of(run), base + delta + extra)


@dataclass
class Flow:
    """The grid paragraphs of the body in order, and where the closing block begins."""

    lines_per_page: int
    first_page_used: int
    line_pitch: float = 0.0       # pt
    char_pitch: float = 0.0       # pt
    items: list[Item] = field(default_factory=list)
    chain_start: int | None = None
    signature_start: int | None = None

    def add(self, item: Item) -> None:
        self.items.append(item)

    def start_chain(self) -> None:
        self.chain_start = len(self.items)

    def start_signature(self) -> None:
        self.signature_start = len(self.items)


@dataclass(frozen=True)
class Placed:
    pages: int          # pages the body takes
    last_used: int      # lines used on its last page


@dataclass(frozen=True)
class Plan:
    """One arrangement of the body: the letter-spacing changes, the headings that start a page,
    and how the closing block is placed (fits, tightened, or carried with `carried` lines)."""

    changes: tuple[tuple[int, int], ...]     # (item index, +1 or -1 line)
    breaks: tuple[int, ...]                  # items a heading page break goes before
    holes: tuple[int, ...]                   # empty lines at the foot of each page before the last
    mode: str                                # "fits" or "carry"
    tight_from: int | None                   # the first of the closed-up pages (None: none)
    carried: int                             # lines of body text taken over with the closing block
    page: int                                # the body's last page
    page_start: int                          # first item on it, and how many of its lines are before
    carried_in: int
    last_used: int
    loose_from: int | None = None            # the first of the opened-up pages, before the block's (None: none)
    loose_share: float = 1.0                 # their pitch, as a share of the grid's

    def cost(self) -> tuple:
        """Lower is better: no hole over two lines first, then the fewest and least visible changes."""
        bad = sum(1 for h in self.holes if h > SHORT_ALLOWED)
        worst = max(self.holes, default=0)
        tightened = 0 if self.tight_from is None else self.page - self.tight_from + 1
        loosened = 0 if self.loose_from is None else OPENED_UP * (self.page - self.loose_from)
        return (bad, max(worst - SHORT_ALLOWED, 0), len(self.changes) + tightened + loosened,
                self.mode == "carry" and self.carried > CARRIED, worst, self.carried)


def paginate(flow: Flow) -> Placed:
    """Set the page breaks of the flow by the best plan; returns where it ends."""
    plan = best_plan(flow)
    for index, change in plan.changes:
        item = flow.items[index]
        item.respace(item.option(change, flow.char_pitch))
    for index in plan.breaks:
        _break_before(flow.items[index].paragraph)
    if plan.tight_from is not None:
        _tighten(flow, plan)
    if plan.loose_from is not None:
        _loosen(flow, plan)
    if plan.mode == "carry":
        _carry(flow, plan.carried)
    return Placed(plan.page, plan.last_used)


def best_plan(flow: Flow) -> Plan:
    """The plan of least cost among: no change; the last one, two or three pages closed up, or
    the one to three before the closing block's opened up; the letter spacing of one, two or
    three of the paragraphs nearest the end changed by a line."""
    plain = simulate(flow, {})
    if plain.mode == "fits":
        return plain
    end = plain.page - (plain.mode == "carry")           # the page the body ends on
    tights = [None, *range(end, max(end - 3, 1), -1)] + ([1] if end == 1 else [])
    spacings = [(tight, None) for tight in tights] + [(None, loose) for loose in range(end, max(end - 3, 0), -1)]
    best = min((simulate(flow, {}, *spacing) for spacing in spacings), key=Plan.cost)
    changes = _possible_changes(flow)
    for count in range(1, MOST_CHANGED + 1):
        if best.cost()[:2] == (0, 0) and best.loose_from is None:
            break
        for chosen in itertools.combinations(changes, count):
            if len({index for index, _ in chosen}) < count:
                continue                                   # one paragraph, one change
            for spacing in spacings[:2] + spacings[len(tights):]:
                plan = simulate(flow, dict(chosen), *spacing)
                if plan.cost() < best.cost():
                    best = plan
    return best


def _possible_changes(flow: Flow) -> list[tuple[int, int]]:
    """(item, ±1) for the closing block's paragraphs and the CANDIDATES body paragraphs nearest
    the end (about the last page and a half) that letter spacing within the bound sets on a line
    more or less: most paragraphs can do neither, so the combinations tried stay few."""
    body = flow.items[:flow.chain_start]
    nearest = [i for i in range(len(body) - 1, -1, -1) if body[i].rewrap is not None and not body[i].heading][:CANDIDATES]
    closing = [i for i in range(flow.chain_start, len(flow.items)) if flow.items[i].rewrap is not None]
    return [(i, sign) for i in closing + nearest for sign in (-1, 1) if flow.items[i].option(sign, flow.char_pitch) is not None]


def simulate(flow: Flow, changes: dict[int, int], tight_from: int | None = None, loose_from: int | None = None) -> Plan:
    """Lay the body out line by line with `changes` (item → ±1 line), the pages from
    `tight_from` on closed up to hold a line more, or those from `loose_from` to the body's
    end opened up to hold a line less, and place the closing block (on a page of its own
    after opened-up pages)."""
    per_page = flow.lines_per_page
    body = flow.items[:flow.chain_start]
    counts = [item.lines + changes.get(index, 0) for index, item in enumerate(body)]
    spaced_from, share = (tight_from, TIGHTEST_PITCH) if loose_from is None else (loose_from, LOOSEST_PITCH)

    def room(page: int) -> int:
        if spaced_from is None or page < spaced_from:
            return per_page
        fixed = flow.first_page_used if page == 1 else 0
        return fixed + math.floor((per_page - fixed) / share + 1e-9)

    page, used, page_start, carried_in = 1, flow.first_page_used, 0, 0
    starts = {1: (0, 0)}
    holes, breaks = [], []
    for index, (item, lines) in enumerate(zip(body, counts)):
        if item.heading and used == room(page) - 1 and index < len(body) - 1:
            breaks.append(index)
            holes.append(1)
            page, used, page_start, carried_in = page + 1, 0, index, 0
            starts[page] = (page_start, 0)
        used += lines
        while used > room(page):
            holes.append(0)
            used -= room(page)
            page, page_start, carried_in = page + 1, index, lines - used
            starts[page] = (page_start, carried_in)
        if used == room(page) and index < len(body) - 1:
            holes.append(0)
            page, used, page_start, carried_in = page + 1, 0, index + 1, 0
            starts[page] = (page_start, 0)
    closing = sum(item.lines + changes.get(index, 0) for index, item in enumerate(flow.items) if index >= flow.chain_start)
    if tight_from is not None and (tight_from > page or tight_from == 1 and page > 1 or tight_from < 1):
        return NO_PLAN
    if loose_from is not None and not 1 <= loose_from <= page:
        return NO_PLAN
    spaced_start = starts.get(spaced_from, (0, 0)) if spaced_from else (0, 0)
    state = dict(changes=tuple(sorted(changes.items())), breaks=tuple(breaks), page=page, tight_from=tight_from,
                 loose_from=loose_from, page_start=spaced_start[0], carried_in=spaced_start[1])
    fixed = flow.first_page_used if page == 1 else 0
    if used + closing <= room(page) or not body:
        if loose_from is not None:
            return NO_PLAN                  # the closing block never sits on an opened-up page
        last = used + closing if room(page) == per_page else per_page
        return Plan(holes=tuple(holes), mode="fits", carried=0, last_used=last, **state)
    if spaced_from is not None and not _can_tighten(flow, *spaced_start):
        return NO_PLAN
    if loose_from is not None and spaced_start[1] and spaced_start[0] == len(body) - 1:
        return NO_PLAN                      # the last paragraph is divided once only: where the block goes over
    rows = per_page - fixed

    def opened(carried: int) -> float:
        """The least opening up that keeps every opened page's lines and leaves this one full."""
        return _least_opening(flow, room, range(loose_from, page), (used - carried - fixed, rows))

    def hole_of(carried: int) -> int:
        if loose_from is None:
            return room(page) - (used - carried)
        return math.floor(rows - (used - carried - fixed) * opened(carried) + SHORT_ALLOWED + 1 - FULL_ENOUGH)

    carried = _carried_lines(body, counts, used - fixed)
    if hole_of(carried) > SHORT_ALLOWED and carried > 1 and _divisible(body[-1], counts[-1]):
        carried = 1                         # one line over keeps the page before fuller
    if loose_from is not None:
        if hole_of(carried) > SHORT_ALLOWED:
            return NO_PLAN                  # opened up only where that fills the page
        state["loose_share"] = opened(carried)
    return Plan(holes=tuple(holes) + (hole_of(carried),), mode="carry", carried=carried, last_used=carried + closing,
                **{**state, "page": page + 1})


NO_PLAN = Plan((), (), (99,) * 9, "fits", None, 0, 0, 0, 0, 0)        # not a plan: never chosen
FULL_ENOUGH = SHORT_ALLOWED + 0.5     # rows under a page's last line below which it counts as full (the
                                      # glyphs end a quarter row above their line's foot, as the page is measured)


def _least_opening(flow: Flow, room: Callable[[int], int], pages: range, last: tuple[int, int]) -> float:
    """The pitch, as a share of the grid's, that the opened-up pages need: so loose that none of
    `pages` (those before the body's last) holds a line more than `room` gives it at
    LOOSEST_PITCH, and that the last, with `last` = (lines, rows) of the body, ends under
    FULL_ENOUGH rows short; LOOSEST_PITCH where that takes more."""
    share = 1.0
    for page in pages:
        fixed = flow.first_page_used if page == 1 else 0
        share = max(share, (flow.lines_per_page - fixed) / (room(page) - fixed + 1))
    lines, rows = last
    if lines > 0:
        share = max(share, (rows - FULL_ENOUGH) / lines)
    share = math.ceil(share * flow.line_pitch * 20 + 1e-6) / 20 / flow.line_pitch     # whole twentieths of a point
    return share if share <= LOOSEST_PITCH + 1e-9 else LOOSEST_PITCH


def _can_tighten(flow: Flow, page_start: int, carried_in: int) -> bool:
    head = flow.items[page_start]
    return not carried_in or (head.wrapped is not None and head.rebreakable)


def _carried_lines(body: list[Item], counts: list[int], on_page: int) -> int:
    """Lines of text that go over with the closing block: the last two of the body (the whole
    last paragraph when it cannot be divided), a heading before them with them; never the
    body's first line off page 1 (the body starts on page 1)."""
    last = body[-1]
    if counts[-1] > CARRIED and _divisible(last, counts[-1]):
        carried = CARRIED
    else:
        carried = counts[-1]
        if len(body) > 1 and body[-2].heading:
            carried += counts[-2]
    return max(min(carried, on_page - 1), 0) if on_page > 0 else carried


def _divisible(item: Item, lines: int) -> bool:
    """A paragraph of `lines` lines that may be divided between two pages (plain text, known lines)."""
    return lines > 1 and item.wrapped is not None and item.rebreakable and not item.heading


def _tighten(flow: Flow, plan: Plan) -> None:
    """GB/T 9704 7.3.5: the lines of the last pages close up evenly (every line of them, the
    signature and date too) to hold one line more each, no closer than TIGHTEST_PITCH, so that
    the closing block fits under the body."""
    items = flow.items[plan.page_start:]
    if plan.tight_from == 1:
        fixed = flow.first_page_used
        lines = sum(item.lines for item in items)
        pitch = flow.line_pitch * (flow.lines_per_page - fixed) / max(lines, flow.lines_per_page - fixed)
    else:
        pitch = flow.line_pitch * flow.lines_per_page / math.floor(flow.lines_per_page / TIGHTEST_PITCH + 1e-9)
    _set_pitch_of(items, plan.carried_in, pitch)


def _loosen(flow: Flow, plan: Plan) -> None:
    """The lines of the pages from `plan.loose_from` to the one before the closing block's open
    up evenly (no looser than LOOSEST_PITCH), so that fewer fit on each and the body reaches
    further down the page the closing block leaves; the lines carried over stay on the grid."""
    body = flow.items[:flow.chain_start]
    items = body[plan.page_start:_first_carried_whole(body, plan.carried)]
    pitch = flow.line_pitch * plan.loose_share + 1e-6      # whole twentieths of a point
    _set_pitch_of(items, plan.carried_in, pitch)


def _set_pitch_of(items: list[Item], carried_in: int, pitch: float) -> None:
    """`items` set at `pitch`; the first divided first where `carried_in` of its lines stay on
    the page before (those keep the grid's pitch)."""
    paragraphs = [item.paragraph for item in items]
    if carried_in:
        paragraphs[0] = _divide(items[0], carried_in)
    for paragraph in paragraphs:
        _set_exact_pitch(paragraph, pitch)


def _set_exact_pitch(paragraph, pitch: float) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(math.floor(pitch * 20) / 20)
    ooxml.set_snap_to_grid(ooxml.ppr_of(paragraph), False)


def _carry(flow: Flow, carried: int) -> None:
    """Start a new page `carried` lines before the body's end: inside the last paragraph when it
    has more lines, else before it (and a heading before it)."""
    body = flow.items[:flow.chain_start]
    if carried == 0:
        _break_before(flow.items[flow.chain_start].paragraph)
        return
    last = body[-1]
    if last.lines > carried:
        _divide(last, last.lines - carried)
        return
    _break_before(body[_first_carried_whole(body, carried)].paragraph)


def _first_carried_whole(body: list[Item], carried: int) -> int:
    """The first of the body's paragraphs that go over whole with the closing block's
    `carried` lines (len(body) when none does: the last is divided, or nothing goes over)."""
    if carried == 0 or body[-1].lines > carried:
        return len(body)
    start, taken = len(body) - 1, body[-1].lines
    while taken < carried and start > 0:
        start -= 1
        taken += body[start].lines
    return start


def _divide(item: Item, keep: int):
    """The paragraph's first `keep` lines stay, justified to the full line; the rest become a
    paragraph continuing flush left on the next page, which is returned. Manual breaks (a
    number kept whole) stay where they were."""
    paragraph, wrapped = item.paragraph, item.wrapped
    write_lines(paragraph, wrapped.head(keep), item.base_spacing, item.delta)
    paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.DISTRIBUTE
    new = paragraph.insert_paragraph_before("")
    paragraph._p.addnext(new._p)          # after, not before: python-docx has no insert_after
    new.style = paragraph.style
    write_lines(new, wrapped.tail(keep), item.base_spacing, item.delta)
    new.paragraph_format.first_line_indent = Pt(0)
    _break_before(new)
    return new


def _break_before(paragraph) -> None:
    paragraph.paragraph_format.page_break_before = True


def header_lines(heights: list[float], pitch: float) -> tuple[int, float]:
    """Grid lines the content above the body takes, and the padding that makes it whole."""
    total = sum(heights)
    lines = math.ceil(total / pitch - 0.001)
    return lines, max(lines * pitch - total, 0.0)


def heights_so_far(document) -> list[float]:
    """Heights of what stands above the body: exact-spaced paragraphs and the joint mark's table."""
    heights = []
    for element in document.element.body:
        if element.tag == ooxml.qn("w:p"):
            heights.append(paragraph_height(Paragraph(element, document)))
        elif element.tag == ooxml.qn("w:tbl"):
            table = Table(element, document)
            heights += [max(paragraph_height(p) for cell in row.cells for p in cell.paragraphs) for row in table.rows]
    return heights


def paragraph_height(paragraph) -> float:
    """Height of an exact-spaced paragraph off the grid: space before, its lines, a bottom rule."""
    fmt = paragraph.paragraph_format
    before = fmt.space_before.pt if fmt.space_before is not None else 0.0
    after = fmt.space_after.pt if fmt.space_after is not None else 0.0
    breaks = len(paragraph._p.findall(".//" + ooxml.qn("w:br")))
    line = fmt.line_spacing.pt if fmt.line_spacing is not None and hasattr(fmt.line_spacing, "pt") else 0.0
    ppr = paragraph._p.pPr
    border = ppr.find(ooxml.qn("w:pBdr")) if ppr is not None else None
    rule = 0.0
    if border is not None and border.find(ooxml.qn("w:bottom")) is not None:
        rule = int(border.find(ooxml.qn("w:bottom")).get(ooxml.qn("w:sz"))) / 8
    return before + line * (breaks + 1) + after + rule
