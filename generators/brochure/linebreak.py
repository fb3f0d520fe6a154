"""Chinese line breaking: cut text into units a line may not split, then fill lines greedily.

Rules (GB/T 15834, as a typesetter applies them): closing punctuation never starts a line,
opening punctuation never ends one, a two-em dash or ellipsis stays whole, and a run of
Latin letters or digits (2012, 1+3+5+N) is one word. Gluing each closing mark to the unit
before it and each opening mark to the unit after it makes every break between units legal.
"""
from __future__ import annotations

import unicodedata
from typing import Callable

CLOSING = set("，。、；：？！）》」』”’…,.;:?!)]}〕】〉〗〙｝％·•・‐–～〃々ー")
OPENING = set("（《「『“‘([{〔【〈〖〘｛")
INSEPARABLE = set("—…")           # the halves of —— and …… stay together
WORD_PUNCT = set("+-_./%#@&*=^'\"$:<>|\\~`")
SHORT_LAST_LINE = 2


def is_space(char: str) -> bool:
    return char.isspace() and char not in "\u00a0\u202f\u3000"


def _is_word_char(char: str) -> bool:
    if char.isascii():
        return char.isalnum() or char in WORD_PUNCT
    return char.isalnum() and unicodedata.east_asian_width(char) in ("Na", "H", "N", "A") and not _is_cjk(char)


def _is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def tokens(text: str) -> list[str]:
    """Single characters, except runs of Latin letters/digits (one word) and of spaces."""
    result: list[str] = []
    for char in text:
        previous = result[-1] if result else ""
        if previous and _same_run(previous[-1], char):
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


def units(text: str) -> list[str]:
    """The text as unbreakable units; a line may break between any two of them."""
    result: list[str] = []
    pending_open = ""
    for token in tokens(text):
        if token in OPENING or (pending_open and token.isspace()):
            pending_open += token
        elif result and not pending_open and _glues_back(result[-1], token):
            if result[-1].isspace() and len(result) > 1:   # "word ，": the mark goes with the word
                space = result.pop()
                result[-1] += space
            result[-1] += token
        else:
            result.append(pending_open + token)
            pending_open = ""
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
    return first in CLOSING or (first in INSEPARABLE and previous[-1] == first)


def break_lines(text: str, measure: Callable[[str], float], widths: Callable[[int], float]) -> list[str]:
    """Greedy fill: `measure` gives a unit's width, `widths(i)` the width of line i."""
    lines: list[list[str]] = []
    current: list[str] = []
    used = 0.0
    for unit in _fitting_units(units(text), measure, widths(1)):
        size = measure(unit)
        if current and used + size > widths(len(lines)) + 0.01 and not is_space(unit):
            lines.append(current)
            current, used = [unit], size
        elif current or not is_space(unit):
            current.append(unit)
            used += size
    lines.append(current)
    _avoid_short_last_line(lines)
    return ["".join(line).strip() for line in lines]


def _avoid_short_last_line(lines: list[list[str]]) -> None:
    """A last line of one or two characters looks like a stray: take one unit down with it."""
    if len(lines) < 2 or len(lines[-2]) < 4:
        return
    visible = "".join(lines[-1]).strip()
    if 0 < len(visible) <= SHORT_LAST_LINE and not is_space(lines[-2][-1]):
        lines[-1].insert(0, lines[-2].pop())


def _fitting_units(all_units: list[str], measure: Callable[[str], float], width: float) -> list[str]:
    """Split the rare unit wider than a whole line (a long URL) between characters."""
    result: list[str] = []
    for unit in all_units:
        if measure(unit) <= width or len(unit) == 1:
            result.append(unit)
            continue
        for char in unit:
            if result and result[-1] and (char in CLOSING or is_space(char) or result[-1].rstrip()[-1:] in OPENING):
                result[-1] += char
            else:
                result.append(char)
    return result
