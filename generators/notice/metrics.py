"""Geometry of the page in points and twips, derived from the style; text widths in ems."""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from .style import NoticeStyle

PT_PER_MM = 72 / 25.4
AUTOSPACE = 0.22          # ems between ideographs and Latin letters or digits (3.5 pt at 16 pt, as LibreOffice sets it)
A4_MM = (210, 297)


def twips(points: float) -> int:
    return round(points * 20)


# Advance widths (ems) of the narrow ASCII marks in Times New Roman and its metric twin
# Liberation Serif, where they differ from a digit's ½ em: a phone number's hyphen is a third.
NARROW_EMS = {"-": 0.333, ".": 0.25, ",": 0.25, " ": 0.25, ":": 0.278, ";": 0.278, "/": 0.278,
              "(": 0.333, ")": 0.333, "%": 0.833, "'": 0.18, '"': 0.408, "!": 0.333}


def char_width(char: str) -> float:
    """Width in ems: 1 for CJK and full-width forms, ½ for Latin letters and digits, less for
    the narrow ASCII marks (NARROW_EMS)."""
    if unicodedata.east_asian_width(char) in ("W", "F", "A"):
        return 1.0
    return NARROW_EMS.get(char, 0.5)


def _autospaced(a: str, b: str) -> bool:
    """A script change between an ideograph and a Latin letter or digit (not a full-width
    mark: "020-12345678）" and "28家，" take no space at the bracket or comma)."""
    wide, narrow = (a, b) if char_width(a) == 1 else (b, a)
    return char_width(narrow) < 1 and narrow.isalnum() and char_width(wide) == 1 and unicodedata.category(wide) == "Lo"


def text_ems(text: str) -> float:
    return sum(char_width(c) for c in text)


@dataclass(frozen=True)
class Geometry:
    """The text block and its grid, in points."""

    style: NoticeStyle

    @property
    def block_width(self) -> float:
        page = self.style.page
        return (A4_MM[0] - page.margin_left - page.margin_right) * PT_PER_MM

    @property
    def block_height(self) -> float:
        page = self.style.page
        return (A4_MM[1] - page.margin_top - page.margin_bottom) * PT_PER_MM

    @property
    def line_pitch(self) -> float:
        """Rounded down to whole twips so `lines` lines always fit the block."""
        return int(self.block_height / self.style.page.lines * 20) / 20

    @property
    def char_pitch(self) -> float:
        return self.block_width / self.style.page.chars

    @property
    def body_size(self) -> float:
        return self.style.sizes.body

    @property
    def char_spacing(self) -> float:
        """Letter spacing that makes exactly `chars` body characters fill a line, in whole
        twentieths of a point with some slack (16 pt in 156 mm / 28: -0.25 pt, a 15.75 pt pitch)."""
        return math.floor((self.char_pitch - self.body_size) * 20 - 0.5) / 20

    def width(self, text: str, size: float, spacing: float = 0.0) -> float:
        """Rendered width of `text` in points at `size` with letter `spacing`, counting the
        quarter em Word and LibreOffice put between Chinese and Latin letters or digits."""
        glyphs = sum(char_width(c) * size + spacing for c in text)
        switches = sum(1 for a, b in zip(text, text[1:]) if _autospaced(a, b))
        return glyphs + switches * size * AUTOSPACE

    def body_width(self, text: str) -> float:
        return self.width(text, self.body_size, self.char_spacing)

    def chars(self, n: float) -> float:
        """n body characters of space, in points (indents are counted in characters)."""
        return n * self.char_pitch
