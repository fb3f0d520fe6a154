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

Where a line is full and the next character is a closing mark, the applications disagree:
Word (w:overflowPunct omitted or 1, its default) lets the mark hang past the right edge,
LibreOffice with hanging off pulls the line's last character down with it. Such a line gets
a manual break before that character, so every renderer breaks it the same way whatever it
reads in w:overflowPunct, and the line's letters are spaced out a little (within the ±5 %
bound) so that it still ends near the right edge, as a justified line pulled short would.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from .metrics import AUTOSPACE, Geometry, _autospaced, char_width

NO_LINE_START = set("，。、；：？！）》」』”’％%·…—〕】〉,.;:?!)]}")
NO_LINE_END = set("（《「『“‘〔【〈([{")
# Phone numbers, dates, numbers with their unit, 〔2021〕12号: never broken inside. A date may break
# after its year ("2021年 / 8月30日"), as typesetters let it: kept whole, it leaves a line four
# characters short.
UNBREAKABLE = re.compile(
    r"\d{1,2}月\d{1,2}日"
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


@lru_cache(maxsize=1024)
def _prefixes(text: str) -> tuple[tuple[float, ...], tuple[int, ...]]:
    """Running sums over `text`: ems of its glyphs, and script changes between neighbours, so
    that the width of any stretch of it is two subtractions (a paragraph is wrapped at many
    letter spacings while the fit is searched)."""
    ems = tuple(itertools.accumulate((char_width(c) for c in text), initial=0.0))
    switches = tuple(itertools.accumulate((_autospaced(a, b) for a, b in zip(text, text[1:])), initial=0))
    return ems, switches


def _span_width(measure: Measure, text: str, start: int, end: int) -> float:
    """measure.width(text[start:end]), from the running sums."""
    ems, switches = _prefixes(text)
    changes = switches[end - 1] - switches[start] if end > start else 0
    return (ems[end] - ems[start]) * measure.size + (end - start) * measure.spacing + changes * measure.size * AUTOSPACE


def _fits(measure: Measure, text: str, start: int, end: int, room: float) -> bool:
    return _span_width(measure, text, start, end) <= room + 0.01


def _fill(measure: Measure, text: str, start: int, room: float) -> int:
    """The end of the longest run from `start` that fits `room` (at least one character);
    widths only grow with the run, so a binary search finds it."""
    low, high = start + 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if _fits(measure, text, start, middle, room):
            low = middle
        else:
            high = middle - 1
    return low


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
    stretch: tuple[float, ...] = ()  # per line: letter spacing added to a line ended by a manual break (pt)

    def extra(self, line: int) -> float:
        return self.stretch[line] if line < len(self.stretch) else 0.0

    def head(self, count: int) -> "Wrapped":
        """The first `count` lines, with their breaks and stretches."""
        cut = sum(len(line) for line in self.lines[:count])
        return Wrapped(self.lines[:count], tuple(i for i in self.manual if i < cut), self.stretch[:count])

    def tail(self, count: int) -> "Wrapped":
        """The lines after the first `count`, their break indices counted from their start."""
        cut = sum(len(line) for line in self.lines[:count])
        return Wrapped(self.lines[count:], tuple(i - cut for i in self.manual if i > cut), self.stretch[count:])


UNCERTAINTY = 0.1            # pt a character may take less or more than computed (punctuation squeezed, kerning)
FULL_WIDTH_UNCERTAINTY = 0.02  # pt for an ideograph or full-width mark: one em in every CJK face
SPACING_BOUND = 0.05          # a paragraph's letter spacing stays within ±5 % of the character pitch
SPACING_STEP = 0.05           # pt: w:spacing is in twentieths of a point


def _hangs(measure: Measure, text: str, start: int, room: float) -> bool:
    """The line from `start` is full and a closing mark follows: Word would hang the mark,
    LibreOffice (hanging off) would pull a character down with it."""
    fill = _fill(measure, text, start, room)
    return fill < len(text) and text[fill] in NO_LINE_START


def _stretch(measure: Measure, line: str, room: float) -> float:
    """Letter spacing to add to a line ended early by a manual break so that it ends near the
    right edge (room for a renderer's rounding per character), in whole steps, within the
    bound; 0 when the line is too short for that."""
    chars = len(line)
    if not chars:
        return 0.0
    margin = sum(FULL_WIDTH_UNCERTAINTY if char_width(c) == 1 else UNCERTAINTY for c in line)
    extra = (room - measure.width(line) - margin) / chars
    steps = int(extra / SPACING_STEP + 1e-9)
    return steps * SPACING_STEP if 0 < steps * SPACING_STEP <= SPACING_BOUND * (measure.size + measure.spacing) else 0.0


def wrap(measure: Measure, text: str, width: float, first_indent: float = 0.0, left: float = 0.0,
         words: list[tuple[int, int]] = (), whole_last_line: bool = False) -> Wrapped:
    """The lines of `text` in a column `width` wide (indents in points), with the manual
    breaks that make the applications break where wanted, and where a mark would hang; with
    `whole_last_line`, a last line of one character (孤字) takes one more from the line above."""
    allowed = wanted_breaks(text, words)
    lines, manual, stretch, start, first = [], [], [], 0, True
    while start < len(text):
        room = width - left - (first_indent if first else 0)
        end = _wanted_line_end(measure, text, start, room, allowed)
        pinned = end < len(text) and (end != _app_line_end(measure, text, start, room)
                                      or _hangs(measure, text, start, room))
        if pinned:
            manual.append(end)
        lines.append(text[start:end])
        stretch.append(_stretch(measure, text[start:end], room) if pinned else 0.0)
        start, first = end, False
    wrapped = Wrapped(tuple(lines) or ("",), tuple(manual), tuple(stretch) if any(stretch) else ())
    if whole_last_line and lone_last_line(wrapped):
        return _last_line_filled(measure, wrapped, width - left - (first_indent if len(lines) == 2 else 0),
                                 allowed) or wrapped
    return wrapped


def _last_line_filled(measure: Measure, wrapped: Wrapped, room: float, allowed: set[int]) -> Wrapped | None:
    """The 孤字 fixed as a typesetter fixes it in Word: the line above ends a character early
    (a manual break) and is spaced out to the right edge within the ±5 % bound; the other lines
    keep their 28 characters. None when no allowed break one character back does that."""
    lines = list(wrapped.lines)
    text = "".join(lines)
    last_start = len(text) - len(lines[-1])
    above_start = last_start - len(lines[-2])
    cut = last_start - 1
    if cut <= above_start or cut not in allowed or meaningful(text[cut:]) < 2:
        return None
    extra = _stretch(measure, text[above_start:cut], room)
    if not extra:
        return None
    manual = tuple(i for i in wrapped.manual if i != last_start) + (cut,)
    stretch = [wrapped.extra(i) for i in range(len(lines))]
    stretch[-2] = extra
    return Wrapped((*lines[:-2], text[above_start:cut], text[cut:]), tuple(sorted(manual)), tuple(stretch))


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


def spacing_steps(pitch: float) -> list[float]:
    """Letter-spacing changes to try, smallest first, alternately wider and closer."""
    most = int(SPACING_BOUND * pitch / SPACING_STEP)
    return [sign * k * SPACING_STEP for k in range(1, most + 1) for sign in (1, -1)]


def _settled(rewrap, delta: float, lines: int | None = None) -> Wrapped | None:
    """The lines at `delta`, when they end without a 孤字 and number the same (`lines`, if
    given) as computed and with every character UNCERTAINTY narrower or wider, as a renderer
    may set them (punctuation squeezed, kerning): a layout that holds either way. `rewrap(d,
    False)` gives the lines without the 孤字 fix (a manual break above the last line): the
    renderer's lines, unless that break is written."""
    wrapped, raw = rewrap(delta), rewrap(delta, False)
    count = len(wrapped.lines) if lines is None else lines
    if lone_last_line(wrapped) or len(wrapped.lines) != count:
        return None
    pinned = wrapped != raw                     # the 孤字 fix's manual break holds the last line
    for candidate in (rewrap(delta - UNCERTAINTY, False), rewrap(delta + UNCERTAINTY, False)):
        if (lone_last_line(candidate) and not pinned) or len(candidate.lines) != count:
            return None
    return wrapped


def held_last_line(rewrap, wrapped: Wrapped) -> Wrapped:
    """`wrapped` (the lines at no change) with a manual break before its last line where a
    renderer setting the characters a little narrower would leave that line a 孤字: the break
    keeps the line as computed, the lines above keep their characters."""
    if len(wrapped.lines) < 2 or not lone_last_line(rewrap(-UNCERTAINTY, False)) \
            or len(rewrap(UNCERTAINTY, False).lines) != len(wrapped.lines):
        return wrapped
    start = sum(len(line) for line in wrapped.lines[:-1])
    if start in wrapped.manual:
        return wrapped
    return Wrapped(wrapped.lines, tuple(sorted((*wrapped.manual, start))), wrapped.stretch)


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
    if (len(rewrap(change * most * SPACING_STEP, False).lines) - lines) * change < 1:
        return None                 # not even the bound's change gains or loses the line: most paragraphs
    for k in range(1, most + 1):
        wrapped = _settled(rewrap, change * k * SPACING_STEP, lines + change)
        if wrapped is not None:
            return Spaced(change * k * SPACING_STEP, wrapped)
        if (len(rewrap(change * k * SPACING_STEP).lines) - lines) * change > 1:
            return None
    return None
