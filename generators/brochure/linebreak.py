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


def break_lines(text: str, measure: Typography | Callable[[str], float], widths: Callable[[int], float]) -> list[str]:
    """Greedy fill: `measure` gives each character's width (or is the full Typography),
    `widths(i)` the width of line i. A line is as wide as place() composes it."""
    typography = _typography(measure)
    lines: list[list[str]] = []
    current: list[str] = []
    used = 0.0
    for unit in _fitting_units(units(text), typography, widths(1)):
        size = span(unit, typography)
        added = size + joint(typography, current[-1][-1], unit[0]) if current else size - typography.blank(unit[0])[0]
        end_cut = 0.0 if is_space(unit[-1]) else typography.blank(unit[-1])[1]
        if current and used + added - end_cut > widths(len(lines)) + 0.01 and not is_space(unit):
            lines.append(current)
            current, used = [unit], size - typography.blank(unit[0])[0]
        elif current or not is_space(unit):
            current.append(unit)
            used += added
    lines.append(current)
    _avoid_short_last_line(lines)
    return ["".join(line).strip() for line in lines]


def _avoid_short_last_line(lines: list[list[str]]) -> None:
    """A last line of one or two characters looks like a stray: take units down to it from
    the line before, as long as that keeps most of its units."""
    while len(lines) >= 2 and len(lines[-2]) >= 4 and not is_space(lines[-2][-1]):
        visible = "".join(lines[-1]).strip()
        if not 0 < len(visible) <= SHORT_LAST_LINE:
            return
        lines[-1].insert(0, lines[-2].pop())


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
