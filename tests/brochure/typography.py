"""Chinese typography read back from a PDF as a reader's eye sees it: the lines pdfplumber
extracts, with each character's position, judged by the rules of GB/T 15834 and W3C clreq.

Used by the tests and by bench/typography.py, which prints the counts for the sample year
and a synthetic one. Positions, not the breaker's own records, decide: a closing mark at a
line's end is compressed when its box overhangs the column's right edge by half an em.
"""
from __future__ import annotations

import io
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass

import pdfplumber

# Full-width marks whose ink sits in one half of the em (mainland fonts).
CLOSING = set("，。、；：？！”’）》」』】〕〉〗")
OPENING = set("“‘（《「『【〔〈〖")
UNITS = set("年月日时分秒号个家名位人次项件本场届期岁元万亿千百余多米里斤吨亩户座间台辆张篇部批类支条所%‰")
CONNECTORS = set("+-/=&~～×")
VIOLATIONS = ("closing mark at line end, uncompressed", "punctuation pair, uncompressed",
              "opening mark at line start, uncompressed", "number split from its unit",
              "line starts with a connector", "CJK next to Latin/digits without a quarter em",
              "last line of one or two characters", "justified line letter-spaced over 0.1 em",
              "last line of two ideographs or fewer (孤字)")
LOOSE_EM = 0.1               # more between two ideographs of a justified line reads as letter-spacing
LONE_IDEOGRAPHS = 2          # a paragraph's last line with this few ideographs (and its marks) is a 孤字 line


@dataclass
class Line:
    page: int
    size: float
    baseline: float
    chars: list[dict]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0]["x0"]

    @property
    def x1(self) -> float:
        return self.chars[-1]["x1"]


def is_ideograph(char: str) -> bool:
    return unicodedata.east_asian_width(char) == "W" and unicodedata.category(char) == "Lo"


def is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def lines_of(pdf: bytes) -> list[Line]:
    """Every text line, split where a gap wider than an em separates columns or cells."""
    result = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages):
            rows: dict[tuple[float, float], list[dict]] = {}
            for char in page.chars:
                if char["text"].strip():
                    key = (round(char["matrix"][5], 1), round(char["size"], 2))
                    rows.setdefault(key, []).append(char)
            for (baseline, size), chars in sorted(rows.items(), key=lambda item: -item[0][0]):
                chars.sort(key=lambda c: c["x0"])
                current = [chars[0]]
                for char in chars[1:]:
                    if char["x0"] - current[-1]["x1"] > 1.2 * size:
                        result.append(Line(number, size, baseline, current))
                        current = []
                    current.append(char)
                result.append(Line(number, size, baseline, current))
    return result


def _pitch(a: dict, b: dict) -> float:
    return b["x0"] - a["x0"]


def _spacing(line: Line) -> float:
    """The justification spacing of a line: the typical gap between two ideographs' boxes."""
    gaps = [b["x0"] - a["x1"] for a, b in zip(line.chars, line.chars[1:])
            if is_ideograph(a["text"]) and is_ideograph(b["text"])]
    return statistics.median(gaps) if gaps else 0.0


def _edges(lines: list[Line], side: str) -> set[tuple[int, float, int]]:
    """Column edges on each page: where two or more lines of one size end (start) in an ideograph."""
    counts: Counter = Counter()
    for line in lines:
        char = line.chars[-1] if side == "right" else line.chars[0]
        if is_ideograph(char["text"]):
            counts[(line.page, round(line.size, 1), round(line.x1 if side == "right" else line.x0))] += 1
    return {key for key, count in counts.items() if count >= 2}


def _near_edge(edges, line: Line, x: float) -> bool:
    return any((line.page, round(line.size, 1), round(x) + d) in edges for d in (-1, 0, 1))


def _next_line(lines: list[Line], index: int) -> Line | None:
    """The line under `lines[index]` in the same block: same page and size, one leading below."""
    line = lines[index]
    for other in lines[index + 1:]:
        if other.page != line.page:
            return None
        drop = line.baseline - other.baseline
        if drop > 2 * line.size:
            return None
        if other.size == line.size and 1.1 * line.size < drop and other.x0 < line.x1 and other.x1 > line.x0:
            return other
    return None


def _is_last_line(lines: list[Line], start: int, line: Line) -> bool:
    """Whether `line` ends its paragraph: nothing of its size and column follows one leading below."""
    return _next_line(lines, lines.index(line, start)) is None


def stretch(pdf: bytes) -> list[float]:
    """Each justified line's spacing between ideographs, in em: how loose the lines are."""
    lines = lines_of(pdf)
    right = _edges(lines, "right")
    return [_spacing(line) / line.size for index, line in enumerate(lines)
            if _next_line(lines, index) is not None and _near_edge(right, line, line.x1)]


def closed_up(pdf: bytes) -> list[float]:
    """Each line set tight (its ideographs closer than their ems, to spare a 孤字 last line):
    the space between them, in em, below zero. Two captions side by side, which lines_of
    may read as one row, are taken apart where their boxes are an em apart."""
    spacings = []
    for row in lines_of(pdf):
        chars = row.chars
        cuts = [0] + [i for i in range(1, len(chars)) if chars[i]["x0"] - chars[i - 1]["x1"] > row.size] + [len(chars)]
        for start, end in zip(cuts, cuts[1:]):
            spacing = _spacing(Line(row.page, row.size, row.baseline, row.chars[start:end])) / row.size
            if spacing < -0.002:
                spacings.append(spacing)
    return spacings


def violations(pdf: bytes) -> dict[str, list[str]]:
    """Each kind of violation with the lines (as text) it occurs in."""
    lines = lines_of(pdf)
    right, left = _edges(lines, "right"), _edges(lines, "left")
    found: dict[str, list[str]] = {kind: [] for kind in VIOLATIONS}
    for index, line in enumerate(lines):
        text, size = line.text, line.size
        spacing = _spacing(line)
        if text[-1] in CLOSING and _near_edge(right, line, line.x1):
            found[VIOLATIONS[0]].append(text)
        for a, b in zip(line.chars, line.chars[1:]):
            pair = a["text"] + b["text"]
            if (pair[0] in CLOSING and pair[1] in CLOSING | OPENING or pair[0] in OPENING and pair[1] in OPENING) \
                    and _pitch(a, b) - spacing > 0.75 * size:
                found[VIOLATIONS[1]].append(text)
            if (is_ideograph(pair[0]) and is_latin(pair[1]) or is_latin(pair[0]) and is_ideograph(pair[1])) \
                    and b["x0"] - a["x1"] - spacing < 0.12 * size:
                found[VIOLATIONS[5]].append(f"{text} [{pair}]")
        if text[0] in OPENING and _near_edge(left, line, line.x0):
            found[VIOLATIONS[2]].append(text)
        below = _next_line(lines, index)
        if below is not None:
            if text[-1].isdigit() and (below.text[0] in UNITS or below.text[0].isdigit()):
                found[VIOLATIONS[3]].append(f"{text} / {below.text}")
            if below.text[0] in CONNECTORS:
                found[VIOLATIONS[4]].append(f"{text} / {below.text}")
            if len(below.text) <= 2 and len(text) >= 4 and abs(below.x0 - line.x0) < 0.6 * size:
                found[VIOLATIONS[6]].append(f"{text} / {below.text}")
            if spacing > LOOSE_EM * size and _near_edge(right, line, line.x1):
                found[VIOLATIONS[7]].append(f"{text} ({spacing / size:.2f} em)")
            if _is_last_line(lines, index + 1, below) and sum(map(is_ideograph, below.text)) <= LONE_IDEOGRAPHS \
                    and len(text) >= 4 and abs(below.x0 - line.x0) < 0.6 * size and not _near_edge(right, below, below.x1):
                found[VIOLATIONS[8]].append(f"{text} / {below.text}")
    return found


def counts(pdf: bytes) -> dict[str, int]:
    return {kind: len(where) for kind, where in violations(pdf).items()}
