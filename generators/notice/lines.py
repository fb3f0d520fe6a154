"""Line breaking on the fixed grid, computed: where Word and LibreOffice would break a line,
and where a typesetter wants it broken.

Every character's width is known (full-width glyphs one pitch, Latin letters and digits
half an em, a quarter em between the two scripts), so the lines of a paragraph are
predictable. The applications break between any two Chinese characters, except before
closing and after opening punctuation (避头尾), pulling the last character down with a
closing mark that would start a line: that splits "020-1234567 / 8）" or "2021 / 年". The
wanted breaks also keep phone numbers, numbers with their units, dates and document numbers
whole, and words whole where the caller gives word boundaries; where the two differ, the
paragraph gets a manual line break (the line before it is not stretched: see
ooxml.set_compatibility).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .metrics import AUTOSPACE, Geometry, _autospaced, char_width

NO_LINE_START = set("，。、；：？！）》」』”’％%·…—〕】〉,.;:?!)]}")
NO_LINE_END = set("（《「『“‘〔【〈([{")
# Phone numbers, dates, numbers with their unit, 〔2021〕12号: never broken inside.
UNBREAKABLE = re.compile(
    r"\d{4}年\d{1,2}月(?:\d{1,2}日)?"
    r"|\d{1,2}月\d{1,2}日"
    r"|〔\d{4}〕\d+号"
    r"|\+?\d[\d\-－ ]{4,}\d(?:转\d+)?"
    r"|第?\d+(?:\.\d+)?(?:[%％‰]|年度|年|个月|月|日|号|家|个|名|人|次|项|条|元|万元|亿元|万|亿|余|多|岁|天|周|小时|分钟|平方米|米|公里|千米|倍|届|期|批|类|件|份|页|版)"
)


@dataclass(frozen=True)
class Measure:
    """The width of text at one size and letter spacing, in points."""

    size: float
    spacing: float

    def width(self, text: str) -> float:
        glyphs = sum(char_width(c) * self.size + self.spacing for c in text)
        switches = sum(1 for a, b in zip(text, text[1:]) if _autospaced(a, b))
        return glyphs + switches * self.size * AUTOSPACE


def body_measure(geometry: Geometry) -> Measure:
    return Measure(geometry.body_size, geometry.char_spacing)


def _latin_pair(a: str, b: str) -> bool:
    """Two Latin letters (a word): never broken. Digits are: LibreOffice, on a document grid,
    breaks a long number at the line's end (020-876543 / 21), so numbers are kept whole by the
    wanted breaks and a manual break instead."""
    return char_width(a) < 1 and char_width(b) < 1 and not (a.isspace() or b.isspace()) \
        and not (a.isdigit() or b.isdigit() or a in "-－" or b in "-－")


@lru_cache(maxsize=4096)
def app_breaks(text: str) -> frozenset[int]:
    """Indices i where Word and LibreOffice may end a line before text[i]."""
    return frozenset(i for i in range(1, len(text))
                     if text[i] not in NO_LINE_START and text[i - 1] not in NO_LINE_END and not _latin_pair(text[i - 1], text[i]))


def wanted_breaks(text: str, words: list[tuple[int, int]] = ()) -> set[int]:
    """The application's breaks less those inside unbreakable spans and the given words."""
    breaks = set(app_breaks(text))
    for match in UNBREAKABLE.finditer(text):
        breaks -= set(range(match.start() + 1, match.end()))
    for start, end in words:
        breaks -= set(range(start + 1, end))
    return breaks


def _fits(measure: Measure, text: str, start: int, end: int, room: float) -> bool:
    return measure.width(text[start:end]) <= room + 0.01


def _fill(measure: Measure, text: str, start: int, room: float) -> int:
    """The end of the longest run from `start` that fits `room` (at least one character)."""
    end = start + 1
    while end < len(text) and _fits(measure, text, start, end + 1, room):
        end += 1
    return end


def _app_line_end(measure: Measure, text: str, start: int, room: float) -> int:
    """Where the applications end the line starting at `start`."""
    end = _fill(measure, text, start, room)
    if end >= len(text):
        return len(text)
    allowed = app_breaks(text)
    if end in allowed:
        return end
    if text[end] in NO_LINE_START and end - 1 > start:
        return end - 1                      # the closing mark pulls the last character down
    earlier = [i for i in allowed if start < i < end]
    return max(earlier) if earlier else end


def _wanted_line_end(measure: Measure, text: str, start: int, room: float, allowed: set[int]) -> int:
    end = _fill(measure, text, start, room)
    if end >= len(text):
        return len(text)
    if end in allowed:
        return end
    earlier = [i for i in allowed if start < i < end]
    return max(earlier) if earlier else _app_line_end(measure, text, start, room)


@dataclass(frozen=True)
class Wrapped:
    lines: tuple[str, ...]
    manual: tuple[int, ...]          # indices in the text where a manual break is needed


def wrap(measure: Measure, text: str, width: float, first_indent: float = 0.0, left: float = 0.0,
         words: list[tuple[int, int]] = ()) -> Wrapped:
    """The lines of `text` in a column `width` wide (indents in points), with the manual
    breaks that make the applications break where wanted."""
    allowed = wanted_breaks(text, words)
    lines, manual, start, first = [], [], 0, True
    while start < len(text):
        room = width - left - (first_indent if first else 0)
        end = _wanted_line_end(measure, text, start, room, allowed)
        if end < len(text) and end != _app_line_end(measure, text, start, room):
            manual.append(end)
        lines.append(text[start:end])
        start, first = end, False
    return Wrapped(tuple(lines) or ("",), tuple(manual))


PUNCTUATION = NO_LINE_START | NO_LINE_END | set(" ")


def meaningful(text: str) -> int:
    """Characters besides punctuation and spaces: a last line needs two (no 孤字)."""
    return sum(1 for c in text if c not in PUNCTUATION and not c.isspace())


def lone_last_line(wrapped: Wrapped) -> bool:
    """The paragraph ends on a line of one character besides punctuation (a 孤字)."""
    return len(wrapped.lines) > 1 and meaningful(wrapped.lines[-1]) < 2


@dataclass(frozen=True)
class Spaced:
    """A paragraph's lines at `delta` pt more (less) letter spacing than the style's."""

    delta: float
    wrapped: Wrapped


SPACING_BOUND = 0.05          # a paragraph's letter spacing stays within ±5 % of the character pitch
SPACING_STEP = 0.05           # pt: w:spacing is in twentieths of a point


def spacing_steps(pitch: float) -> list[float]:
    """Letter-spacing changes to try, smallest first, alternately wider and closer."""
    most = int(SPACING_BOUND * pitch / SPACING_STEP)
    return [sign * k * SPACING_STEP for k in range(1, most + 1) for sign in (1, -1)]


UNCERTAINTY = 0.1            # pt a character may take less than computed (punctuation squeezed, kerning)


def _settled(rewrap, delta: float, lines: int | None = None) -> Wrapped | None:
    """The lines at `delta`, when they end without a 孤字 and number the same (`lines`, if
    given) as computed and with every character UNCERTAINTY narrower or wider, as a renderer
    may set them (punctuation squeezed, kerning): a layout that holds either way."""
    wrapped = rewrap(delta)
    count = len(wrapped.lines) if lines is None else lines
    for candidate in (wrapped, rewrap(delta - UNCERTAINTY), rewrap(delta + UNCERTAINTY)):
        if lone_last_line(candidate) or len(candidate.lines) != count:
            return None
    return wrapped


def without_lone_line(rewrap, pitch: float) -> Spaced | None:
    """The smallest letter-spacing change that leaves no 孤字 on the last line, as a Word user
    makes it: widen the paragraph a little so that a character more comes down, or close it up
    so that the lone character goes up; None when none within the bound does."""
    for delta in [0.0, *spacing_steps(pitch)]:
        wrapped = _settled(rewrap, delta)
        if wrapped is not None:
            return Spaced(delta, wrapped)
    return None


def one_line_more_or_less(rewrap, lines: int, change: int, pitch: float) -> Spaced | None:
    """The smallest letter-spacing change within the bound that makes the paragraph one line
    longer (change=1) or shorter (-1) without a 孤字 at its end."""
    most = int(SPACING_BOUND * pitch / SPACING_STEP)
    for k in range(1, most + 1):
        wrapped = _settled(rewrap, change * k * SPACING_STEP, lines + change)
        if wrapped is not None:
            return Spaced(change * k * SPACING_STEP, wrapped)
        if (len(rewrap(change * k * SPACING_STEP).lines) - lines) * change > 1:
            return None
    return None


def risky(rewrap) -> bool:
    """The paragraph's last line is, or may be as rendered, a 孤字, or its line count uncertain."""
    return _settled(rewrap, 0.0, len(rewrap(0.0).lines)) is None
