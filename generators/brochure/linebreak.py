"""Chinese line breaking and composition: cut text into units a line may not split, fill
lines greedily, and place each character with punctuation compression (标点挤压).

Breaking (GB/T 15834, as a typesetter applies them): closing punctuation never starts a line,
opening punctuation never ends one, a two-em dash or ellipsis stays whole, a run of Latin
letters or digits (2012, 1+3+5+N, 1,200) is one word, a number keeps its unit (2021年,
1000多本), and a connector (+, /) never starts a line. Gluing each closing mark and connector
to the unit before it, each opening mark and unit to its neighbour, makes every break between
units legal.

Composition (W3C clreq, mainland rules): a full-width mark keeps the half of its em its ink is
in and may give up the other, blank half (`Typography.blank`): at a line's end a closing mark
and at a line's start an opening mark give it up, so the ink is flush with the column; of two
adjacent marks the blank between them goes, except the half em between a closing and an
opening mark ("，“"). CJK and Latin letters or digits are a quarter em apart (style setting).
"""
from __future__ import annotations

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
    return result


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


def place(line: str, typography: Typography) -> tuple[list[float], float]:
    """Where each character's box starts on a line, and the line's width: its first mark
    gives up its left blank, its last its right blank, adjacent marks the blank between them."""
    starts: list[float] = []
    pen = 0.0
    for index, char in enumerate(line):
        pen += joint(typography, line[index - 1], char) if index else -typography.blank(char)[0]
        starts.append(pen)
        pen += typography.advance(char)
    if line:
        pen -= typography.blank(line[-1])[1]
    return starts, pen


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


def break_lines(text: str, measure: Typography | Callable[[str], float], widths: Callable[[int], float]) -> list[str]:
    """The paragraph's lines, chosen over the whole paragraph (as TeX does) rather than
    filled one by one: a unit that does not fit (a number with its unit, a word, a mark glued
    to a character) would leave its line letter-spaced; starting a line or two earlier a
    character sooner spreads that space thinly. Each justified line costs the square of its
    extra space per gap (in ems), far more beyond MAX_STRETCH_EM; a last line of one or two
    characters, or of two ideographs and their marks (a 孤字 line), costs a penalty (_lone_cost). `measure` gives each character's
    width (or is the full Typography), `widths(i)` the width of line i (only line 0 differs:
    its indent). A line is as wide as place() composes it."""
    typography = _typography(measure)
    pieces = _fitting_units(units(text), typography, widths(1))
    if not pieces:
        return [""]
    lines = _best_breaks(pieces, typography, widths)
    return ["".join(pieces[start:end]).strip() for start, end in lines]


def _best_breaks(pieces: list[str], typography: Typography, widths: Callable[[int], float]) -> list[tuple[int, int]]:
    """(start, end) unit ranges of the cheapest set of lines (dynamic programming over the
    places a line may end)."""
    em = typography.advance("\u4e00") or 1.0
    count = len(pieces)
    measured = _Measured(pieces, typography)
    best: list[tuple[float, int]] = [(0.0, -1)] + [(float("inf"), -1)] * count
    fullest = 1
    for start in range(count):
        width = widths(0 if start == 0 else 1)
        fullest = max(fullest, start + 1)
        while fullest < count and measured.width(start, fullest + 1) <= width + 0.01:
            fullest += 1
        for end in range(fullest, start, -1):
            natural = measured.width(start, end)
            if natural < measured.width(start, fullest) - SLACK_EMS * em:
                break
            if is_space(pieces[end - 1]) and end > start + 1:
                continue                  # a line never ends on a space (it is dropped there)
            if end == count:
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
    return lines[::-1]


class _Measured:
    """Prefix sums over a paragraph's units, so that any run of them is measured at once: its
    width as place() composes it as a line, and its gaps that justification widens."""

    def __init__(self, pieces: list[str], typography: Typography):
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

    def width(self, start: int, end: int) -> float:
        """Units start..end-1 as one line: their spans, the joints between them, less the
        first's left and the last's right blank."""
        return (self.sizes[end] - self.sizes[start] + self.joints[end] - self.joints[start + 1]
                - self.left[start] - self.right[end - 1])

    def gaps(self, start: int, end: int) -> int:
        return self.inner[end] - self.inner[start] + self.stretchy[end] - self.stretchy[start + 1]


def _stretch_cost(extra: float, gaps: int, em: float) -> float:
    per_gap = max(0.0, extra) / max(gaps, 1) / em
    return 100 * per_gap ** 2 + OVER_BOUND_PENALTY * max(0.0, per_gap - MAX_STRETCH_EM)


def _lone_cost(line: list[str]) -> float:
    """A paragraph's last line of one or two characters is a stray, always avoided where
    the lines allow (as the 公文 does); one of two ideographs or fewer and their marks
    ("示点”。") is a 孤字 line, avoided unless that letter-spaces a line beyond the bound."""
    visible = "".join(line).strip()
    if len(visible) <= SHORT_LAST_LINE:
        return STRAY_PENALTY
    return LONE_PENALTY if sum(1 for char in visible if char.isalnum()) <= SHORT_LAST_LINE else 0.0


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
