"""Chinese line breaking and composition: cut text into units a line may not split, fill
lines greedily, and place each character with punctuation compression (标点挤压).

Breaking (GB/T 15834, as a typesetter applies them): closing punctuation never starts a line,
opening punctuation never ends one, a two-em dash or ellipsis stays whole, a run of Latin
letters or digits (2012, 1+3+5+N, 1,200) is one word, a number keeps its unit (2021年,
1000多本), a connector (+, /) never starts a line, nor does a number in brackets that ends
the text or a sentence ("活动（1）"). Gluing each closing mark and connector
to the unit before it, each opening mark and unit to its neighbour, makes every break between
units legal.

Composition (W3C clreq, mainland rules): a full-width mark keeps the half of its em its ink is
in and may give up the other, blank half (`Typography.blank`): at a line's end a closing mark
and at a line's start an opening mark give it up, so the ink is flush with the column; of two
adjacent marks the blank between them goes, except the half em between a closing and an
opening mark ("，“"). CJK and Latin letters or digits are a quarter em apart (style setting).
A line pulled in to spare a 孤字 last line (tight) also gives up the blanks beside its marks,
then closes its gaps a little (tighten).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable

CLOSING = set("，。、；：？！）》」』”’…,.;:?!)]}〕】〉〗〙｝％·•・‐–～〃々ー")
OPENING = set("（《「『“‘([{〔【〈〖〘｛")
INSEPARABLE = set("—…")           # the halves of —— and …… stay together
WORD_PUNCT = set("+-_./%#@&*=^'\"$:<>|\\~`")
CONNECTORS = set("+/=&~～×")       # "社工+党员" may break after the "+", never before it
DIGIT_GROUPING = set(",.")         # 1,200 and 3.5 are one number
UNITS = set("年月日时分秒号个家名位人次项件本场届期岁元万亿千百余多米里斤吨亩户座间台辆张篇部批类支条所")
UNIT_CHARS = 2                     # a number keeps at most this many unit characters: 550万元, 1000多本
SHORT_LAST_LINE = 2


@dataclass(frozen=True)
class Typography:
    """What placing characters on a line needs: each one's advance, the blank part of its em
    a full-width mark may give up on its (left, right) — (0, 0) for any other character and
    for a mark whose ink would be cut — and the gap between CJK and Latin letters or digits."""

    advance: Callable[[str], float]
    blank: Callable[[str], tuple[float, float]] = lambda char: (0.0, 0.0)
    latin_gap: float = 0.0


def is_space(char: str) -> bool:
    return char.isspace() and char not in "\u00a0\u202f\u3000"


def _is_word_char(char: str) -> bool:
    if char.isascii():
        return char.isalnum() or char in WORD_PUNCT
    return char.isalnum() and unicodedata.east_asian_width(char) in ("Na", "H", "N", "A") and not _is_cjk(char)


def _is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def is_ideograph(char: str) -> bool:
    return _is_cjk(char) and unicodedata.category(char) == "Lo"


def is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def is_full_width_mark(char: str) -> bool:
    """Punctuation a CJK font gives a whole em: ，。（ and also “”‘’, whose width Unicode leaves open."""
    return unicodedata.category(char).startswith("P") and unicodedata.east_asian_width(char) in ("W", "F", "A")


def tokens(text: str) -> list[str]:
    """Single characters, except runs of Latin letters/digits (one word) and of spaces."""
    result: list[str] = []
    for index, char in enumerate(text):
        previous = result[-1] if result else ""
        if previous and (_same_run(previous[-1], char) or _in_number(text, index)):
            result[-1] += char
        else:
            result.append(char)
    return result


def _same_run(before: str, char: str) -> bool:
    if is_space(before) or is_space(char):
        return is_space(before) and is_space(char)
    if char in CLOSING or char in OPENING or before in OPENING:
        return False
    return _is_word_char(before) and _is_word_char(char)


def _in_number(text: str, index: int) -> bool:
    """A digit-grouping mark between two digits, or the digit after it: 1,200 and 3.5."""
    char, before = text[index], text[index - 1] if index else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if char in DIGIT_GROUPING:
        return before.isdigit() and after.isdigit()
    return char.isdigit() and before in DIGIT_GROUPING and index > 1 and text[index - 2].isdigit()


def units(text: str) -> list[str]:
    """The text as unbreakable units; a line may break between any two of them."""
    result: list[str] = []
    pending_open = ""
    unit_chars = 0                      # unit characters glued to the number before them
    for token in tokens(text):
        if token in OPENING or (pending_open and token.isspace()):
            pending_open += token
        elif result and not pending_open and (_glues_back(result[-1], token) or _is_unit(result[-1], token, unit_chars)):
            if result[-1].isspace() and len(result) > 1:   # "word ，": the mark goes with the word
                space = result.pop()
                result[-1] += space
            unit_chars = unit_chars + 1 if token in UNITS else 0
            result[-1] += token
        else:
            result.append(pending_open + token)
            pending_open = ""
            unit_chars = 0
    if pending_open:
        if result:
            result[-1] += pending_open
        else:
            result.append(pending_open)
    return _glue_numbering(result)


ENCLOSED_NUMBER = re.compile(r"[（(][0-9０-９一二三四五六七八九十]{1,3}[）)]")


def _glue_numbering(result: list[str]) -> list[str]:
    """A number in brackets that ends a sentence or the text ("主题党日活动（1）", "附件（2）。")
    numbers what comes before it: it never starts a line on its own, as a closing mark
    does not. One that opens an item ("：（1）建立") stays free to start a line."""
    glued: list[str] = []
    for index, unit in enumerate(result):
        match = ENCLOSED_NUMBER.match(unit)
        suffix = match is not None and all(char in CLOSING for char in unit[match.end():])
        ends = index == len(result) - 1 or (match is not None and match.end() < len(unit))
        if suffix and ends and glued and glued[-1][-1].isalnum():
            glued[-1] += unit
        else:
            glued.append(unit)
    return glued


def _glues_back(previous: str, token: str) -> bool:
    first = token[0]
    if is_space(first):
        return False
    return first in CLOSING or first in CONNECTORS or (first in INSEPARABLE and previous[-1] == first)


def _is_unit(previous: str, token: str, unit_chars: int) -> bool:
    """22个, 2021年, 1000多本: a unit after a number (or after the number's first unit)."""
    if token not in UNITS or unit_chars >= UNIT_CHARS:
        return False
    return previous[-1].isdigit() or (unit_chars > 0 and previous[-1] in UNITS)


# -- composition -----------------------------------------------------------------------

def _cuts(typography: Typography, before: str, after: str) -> tuple[float, float]:
    """How much of `before`'s right blank and `after`'s left blank two adjacent marks give up."""
    if not (is_full_width_mark(before) and is_full_width_mark(after)):
        return 0.0, 0.0
    right, left = typography.blank(before)[1], typography.blank(after)[0]
    return (right, 0.0) if right else (0.0, left)


def joint(typography: Typography, before: str, after: str) -> float:
    """The change in width where `after` follows `before`: compression, or a CJK–Latin gap."""
    if (is_ideograph(before) and is_latin(after)) or (is_latin(before) and is_ideograph(after)):
        return typography.latin_gap
    return -sum(_cuts(typography, before, after))


def squeezable(typography: Typography, before: str, after: str) -> float:
    """The blank a tight line may still give up where `after` follows `before` (挤进): a
    full-width mark's blank half beside a character that is not a mark ("会（第", "号）党").
    Between two marks the blank has gone already, or is the half em that must stay."""
    if is_full_width_mark(before) and is_full_width_mark(after):
        return 0.0
    return typography.blank(before)[1] + typography.blank(after)[0]


def place(line: str, typography: Typography, squeeze: float = 0.0) -> tuple[list[float], float]:
    """Where each character's box starts on a line, and the line's width: its first mark
    gives up its left blank, its last its right blank, adjacent marks the blank between them;
    a tight line also `squeeze` (0 to 1) of each blank beside a mark (squeezable)."""
    starts: list[float] = []
    pen = 0.0
    for index, char in enumerate(line):
        if index:
            pen += joint(typography, line[index - 1], char)
            if squeeze:
                pen -= squeeze * squeezable(typography, line[index - 1], char)
        else:
            pen -= typography.blank(char)[0]
        starts.append(pen)
        pen += typography.advance(char)
    if line:
        pen -= typography.blank(line[-1])[1]
    return starts, pen


def tighten(line: str, typography: Typography, room: float) -> tuple[float, float]:
    """How a line wider than `room` (one the breaker set tight) is made to fit it, as a
    typesetter pulls a line in (挤进): (squeeze, spacing) — the blanks beside its marks give
    up what is needed first, then each gap between characters closes by -spacing."""
    over = place(line, typography)[1] - room
    blanks = sum(squeezable(typography, a, b) for a, b in zip(line, line[1:]))
    if blanks >= over:
        return over / blanks, 0.0
    gaps = sum(stretches(a, b) for a, b in zip(line, line[1:]))
    return 1.0, -(over - blanks) / max(gaps, 1)


def stretches(before: str, after: str) -> bool:
    """Whether justification may widen the gap between two characters: not inside a Latin
    word or number (2009 is not letter-spaced), everywhere else."""
    return not (_is_word_char(before) and _is_word_char(after))


def span(text: str, typography: Typography) -> float:
    """The width of `text` inside a line: neither its first nor its last character at an edge."""
    return sum(typography.advance(char) for char in text) + sum(
        joint(typography, a, b) for a, b in zip(text, text[1:]))


def _typography(measure: Typography | Callable[[str], float]) -> Typography:
    return measure if isinstance(measure, Typography) else Typography(advance=measure)


MAX_STRETCH_EM = 0.08         # extra space between two characters of a justified line, at most (an em's share)
SLACK_EMS = 4                 # a line may end this much short of full, to spare a looser one later
STRAY_PENALTY = 1e4           # a last line of one or two characters: avoided whenever it can be
LONE_PENALTY = 40.0           # of two ideographs or fewer (a 孤字 line): avoided within the stretch bound
OVER_BOUND_PENALTY = 1e5    # per em of extra space beyond MAX_STRETCH_EM, per gap: above a 孤字 line
MAX_SHRINK_EM = 0.05          # a tight line's characters close up by this much at most (an em's share)
TIGHT_PENALTY = 5.0           # a line set tight, only ever to pull a stray or 孤字 last line back


def break_lines(text: str, measure: Typography | Callable[[str], float], widths: Callable[[int], float]) -> list[str]:
    """The paragraph's lines, chosen over the whole paragraph (as TeX does) rather than
    filled one by one: a unit that does not fit (a number with its unit, a word, a mark glued
    to a character) would leave its line letter-spaced; starting a line or two earlier a
    character sooner spreads that space thinly. Each justified line costs the square of its
    extra space per gap (in ems), far more beyond MAX_STRETCH_EM; a last line of one or two
    characters, or of two ideographs and their marks (a 孤字 line), costs a penalty (_lone_cost).
    Only when the lines still end on one are they chosen again allowing tight lines (挤进:
    the blanks beside marks, then at most MAX_SHRINK_EM per gap, drawn by tighten()), so a
    caption 2 em too long for its column is set on one line rather than leave "（1）" below.
    `measure` gives each character's width (or is the full Typography), `widths(i)` the
    width of line i (only line 0 differs: its indent). A line is as wide as place() composes
    it, a tight one wider than its measure."""
    typography = _typography(measure)
    pieces = _fitting_units(units(text), typography, widths(1))
    if not pieces:
        return [""]
    lines, cost = _best_breaks(pieces, typography, widths)
    if len(lines) > 1 and _lone_cost(pieces[lines[-1][0]:]):
        tight, tight_cost = _best_breaks(pieces, typography, widths, tight=True)
        if tight_cost < cost:
            lines = tight
    return ["".join(pieces[start:end]).strip() for start, end in lines]


def _best_breaks(pieces: list[str], typography: Typography, widths: Callable[[int], float],
                 tight: bool = False) -> tuple[list[tuple[int, int]], float]:
    """(start, end) unit ranges of the cheapest set of lines (dynamic programming over the
    places a line may end), and their cost. With `tight`, a line may also be wider than its
    measure by what _Measured.shrink says it can give up (set by tighten())."""
    em = typography.advance("\u4e00") or 1.0
    count = len(pieces)
    measured = _Measured(pieces, typography, tight)
    room = (lambda start, end: measured.shrink(start, end, em)) if tight else (lambda start, end: 0.0)
    best: list[tuple[float, int]] = [(0.0, -1)] + [(float("inf"), -1)] * count
    fullest = 1
    for start in range(count):
        width = widths(0 if start == 0 else 1)
        fullest = max(fullest, start + 1)
        while fullest < count and measured.width(start, fullest + 1) <= width + 0.01 + room(start, fullest + 1):
            fullest += 1
        for end in range(fullest, start, -1):
            natural = measured.width(start, end)
            if natural < measured.width(start, fullest) - SLACK_EMS * em:
                break
            if is_space(pieces[end - 1]) and end > start + 1:
                continue                  # a line never ends on a space (it is dropped there)
            if tight and natural > width + 0.01 and end > start + 1:
                if natural > width + 0.01 + room(start, end):
                    continue
                line_cost = _tight_cost(natural - width, measured, start, end, em)
                line_cost += _lone_cost(pieces[start:end]) if end == count and start else 0.0
            elif end == count:
                line_cost = _lone_cost(pieces[start:end]) if start else 0.0
            else:
                line_cost = _stretch_cost(width - natural, measured.gaps(start, end), em)
            cost = best[start][0] + line_cost
            if cost < best[end][0]:
                best[end] = (cost, start)
    lines, end = [], count
    while end > 0:
        start = best[end][1]
        lines.append((start, end))
        end = start
    return lines[::-1], best[count][0]


class _Measured:
    """Prefix sums over a paragraph's units, so that any run of them is measured at once: its
    width as place() composes it as a line, and its gaps that justification widens."""

    def __init__(self, pieces: list[str], typography: Typography, tight: bool = False):
        self.left = [typography.blank(unit[0])[0] for unit in pieces]
        self.right = [0.0 if is_space(unit[-1]) else typography.blank(unit[-1])[1] for unit in pieces]
        sizes, joints, inner, stretchy = [0.0], [0.0, 0.0], [0], [0, 0]
        for index, unit in enumerate(pieces):
            sizes.append(sizes[-1] + span(unit, typography))
            inner.append(inner[-1] + sum(stretches(a, b) for a, b in zip(unit, unit[1:])))
            if index:
                before = pieces[index - 1][-1]
                joints.append(joints[-1] + joint(typography, before, unit[0]))
                stretchy.append(stretchy[-1] + stretches(before, unit[0]))
        self.sizes, self.joints, self.inner, self.stretchy = sizes, joints, inner, stretchy
        self.inner_blank, self.joint_blank = ([0.0], [0.0, 0.0]) if tight else ([], [])
        for index, unit in enumerate(pieces if tight else []):      # what a tight line's marks may give up
            self.inner_blank.append(self.inner_blank[-1] + sum(squeezable(typography, a, b) for a, b in zip(unit, unit[1:])))
            if index:
                self.joint_blank.append(self.joint_blank[-1] + squeezable(typography, pieces[index - 1][-1], unit[0]))

    def width(self, start: int, end: int) -> float:
        """Units start..end-1 as one line: their spans, the joints between them, less the
        first's left and the last's right blank."""
        return (self.sizes[end] - self.sizes[start] + self.joints[end] - self.joints[start + 1]
                - self.left[start] - self.right[end - 1])

    def gaps(self, start: int, end: int) -> int:
        return self.inner[end] - self.inner[start] + self.stretchy[end] - self.stretchy[start + 1]

    def blanks(self, start: int, end: int) -> float:
        """What the marks of units start..end-1 as one line may give up (squeezable)."""
        return (self.inner_blank[end] - self.inner_blank[start]
                + self.joint_blank[end] - self.joint_blank[start + 1])

    def shrink(self, start: int, end: int, em: float) -> float:
        """How much narrower than its natural width the line may be set: all its blanks,
        then MAX_SHRINK_EM at each gap."""
        return self.blanks(start, end) + MAX_SHRINK_EM * em * self.gaps(start, end)


def _stretch_cost(extra: float, gaps: int, em: float) -> float:
    per_gap = max(0.0, extra) / max(gaps, 1) / em
    return 100 * per_gap ** 2 + OVER_BOUND_PENALTY * max(0.0, per_gap - MAX_STRETCH_EM)


def _tight_cost(over: float, measured: _Measured, start: int, end: int, em: float) -> float:
    """A line `over` wider than its measure, pulled in: a fixed price (a tight line only
    ever spares a stray or 孤字 last line), each em pulled in, and the square of how much
    its characters close up beyond the blanks of its marks."""
    closed = max(0.0, over - measured.blanks(start, end)) / max(measured.gaps(start, end), 1) / em
    return TIGHT_PENALTY + over / em + 1000 * closed ** 2


def _lone_cost(line: list[str]) -> float:
    """A paragraph's last line of one or two characters is a stray, always avoided where
    the lines allow (as the 公文 does); one of two ideographs or fewer and their marks
    ("示点”。") is a 孤字 line, avoided unless that letter-spaces a line beyond the bound.
    A number in brackets that ends it counts for nothing: "动（1）" is a stray, "活动（1）" a
    孤字 line."""
    visible = "".join(line).strip()
    words = ENCLOSED_NUMBER.sub("", visible)
    if len(visible) <= SHORT_LAST_LINE or len(words) <= SHORT_LAST_LINE - 1:
        return STRAY_PENALTY
    return LONE_PENALTY if sum(1 for char in words if char.isalnum()) <= SHORT_LAST_LINE else 0.0


def _fitting_units(all_units: list[str], typography: Typography, width: float) -> list[str]:
    """Split the rare unit wider than a whole line (a long URL) between characters."""
    result: list[str] = []
    for unit in all_units:
        if span(unit, typography) <= width or len(unit) == 1:
            result.append(unit)
            continue
        for char in unit:
            if result and result[-1] and (char in CLOSING or is_space(char) or result[-1].rstrip()[-1:] in OPENING):
                result[-1] += char
            else:
                result.append(char)
    return result
