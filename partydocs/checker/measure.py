"""Read a rendered PDF as a typesetter measures it: printed lines with their boxes, sizes,
colours and fonts; drawn rules; images; and ink rows of a page rendered to pixels.

Positions are in millimetres from the page's top-left corner.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pdfplumber

PT_PER_MM = 72 / 25.4


def mm(points: float) -> float:
    return points / PT_PER_MM


@dataclass
class Line:
    """One printed line: its characters left to right."""

    chars: list[dict]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def compact(self) -> str:
        """The text without spaces, as it is typed."""
        return "".join(self.text.split())

    @property
    def x0(self) -> float:
        return mm(min(c["x0"] for c in self.chars))

    @property
    def x1(self) -> float:
        return mm(max(c["x1"] for c in self.chars))

    @property
    def top(self) -> float:
        return mm(min(c["top"] for c in self.chars))

    @property
    def bottom(self) -> float:
        return mm(max(c["bottom"] for c in self.chars))

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def size(self) -> float:
        return max(round(c["size"], 1) for c in self.chars)

    @property
    def glyphs(self) -> int:
        """Characters that take space: spaces are not counted."""
        return sum(1 for c in self.chars if c["text"].strip())

    @property
    def fonts(self) -> list[str]:
        """The fonts the line's CJK characters are printed in, without the subset prefix."""
        names = [c["fontname"].split("+")[-1] for c in self.chars if ord(c["text"][0]) > 0x2E80]
        return sorted(set(names))

    @property
    def red(self) -> bool:
        return all(is_red(c.get("non_stroking_color")) for c in self.chars if c["text"].strip())


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]
    lines_drawn: list[dict]       # pdfplumber lines, rects and curves
    images: list[dict]

    def body_lines(self, footer_from_mm: float) -> list[Line]:
        return [line for line in self.lines if line.top < footer_from_mm]

    def footer_lines(self, footer_from_mm: float) -> list[Line]:
        return [line for line in self.lines if line.top >= footer_from_mm]


def read_pdf(path: Path) -> list[Page]:
    pages = []
    with pdfplumber.open(path) as pdf:
        for index, page in enumerate(pdf.pages, 1):
            drawn = list(page.lines) + list(page.rects) + list(page.curves)
            pages.append(Page(index, mm(page.width), mm(page.height), group_lines(page.chars), drawn,
                              list(page.images)))
    return pages


def group_lines(chars: list[dict]) -> list[Line]:
    """Group characters by baseline (within 1 pt), left to right; keep table cells on one
    baseline apart by splitting where the gap is wider than two characters."""
    rows: dict[float, list[dict]] = {}
    for char in sorted(chars, key=lambda c: (round(c["bottom"]), c["x0"])):
        key = next((k for k in rows if abs(k - char["bottom"]) < 1.0), char["bottom"])
        rows.setdefault(key, []).append(char)
    lines = []
    for key in sorted(rows):
        row = sorted(rows[key], key=lambda c: c["x0"])
        current = [row[0]]
        for prev, char in zip(row, row[1:]):
            if char["x0"] - prev["x1"] > 2 * max(char["size"], 1):
                lines.append(Line(current))
                current = []
            current.append(char)
        lines.append(Line(current))
    return [line for line in lines if line.text.strip()]


def is_red(colour) -> bool:
    if not isinstance(colour, (tuple, list)) or len(colour) != 3:
        return False
    r, g, b = colour
    return r > 0.8 and g < 0.3 and b < 0.3


def red_chars(page_chars: list[dict]) -> list[dict]:
    return [c for c in page_chars if is_red(c.get("non_stroking_color"))]


def chars_of(path: Path, page_number: int) -> list[dict]:
    with pdfplumber.open(path) as pdf:
        return list(pdf.pages[page_number - 1].chars)


def horizontal_rules(page: Page, min_length_mm: float) -> list[dict]:
    """Drawn horizontal lines and thin rectangles at least `min_length_mm` long, top to bottom,
    each with its length, thickness and colour as printed."""
    rules = []
    for drawn in page.lines_drawn:
        length, height = mm(drawn["x1"] - drawn["x0"]), mm(drawn["bottom"] - drawn["top"])
        if length < min_length_mm or height > 1.5:
            continue
        thick = mm(drawn.get("linewidth") or 0) if drawn["object_type"] == "line" else max(height, mm(drawn.get("linewidth") or 0))
        colour = drawn.get("stroking_color") if drawn["object_type"] == "line" else \
            drawn.get("non_stroking_color") if drawn.get("fill") else drawn.get("stroking_color")
        rules.append({"x0": mm(drawn["x0"]), "x1": mm(drawn["x1"]), "y": mm((drawn["top"] + drawn["bottom"]) / 2),
                      "bottom": mm(drawn["bottom"]) + (thick / 2 if drawn["object_type"] == "line" else 0),
                      "width": thick, "colour": colour, "kind": drawn["object_type"]})
    return _distinct(sorted(rules, key=lambda r: r["y"]))


def _distinct(rules: list[dict]) -> list[dict]:
    """One rule where a renderer drew the same one twice (as a line and as a rectangle)."""
    kept: list[dict] = []
    for rule in rules:
        if not any(abs(rule["y"] - k["y"]) < 0.2 and abs(rule["x0"] - k["x0"]) < 0.5 and abs(rule["x1"] - k["x1"]) < 0.5
                   for k in kept):
            kept.append(rule)
    return kept


def ink_rows(pdf: Path, page_number: int, wanted, columns_mm=(0, 210), dpi: int = 300) -> list[float]:
    """Rows (mm from the top) holding pixels for which `wanted(rgb)` is true, the page drawn
    at `dpi` by pdfium (bundled with pdfplumber: no external program)."""
    with pdfplumber.open(pdf) as document:
        image = document.pages[page_number - 1].to_image(resolution=dpi).original.convert("RGB")
    pixels, (width, height) = image.load(), image.size
    x0, x1 = (int(c / 25.4 * dpi) for c in columns_mm)
    columns = range(max(x0, 0), min(x1, width), 2)
    return [y / dpi * 25.4 for y in range(height) if any(wanted(pixels[x, y]) for x in columns)]
