"""A paragraph of plain text set the Chinese way: our own line breaking, justification by
even inter-character spacing, per-character font fallback. Text is never parsed as markup."""
from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from .linebreak import Typography, break_lines, is_space, place, stretches, tighten

MIN_SPLIT_LINES = 2          # no widow or orphan lines when a paragraph breaks across pages


@dataclass(frozen=True)
class ParaStyle:
    role: str                # font role: serif / sans / heading
    size: float
    leading: float
    colour: Color
    before: float = 0
    after: float = 0
    indent: float = 0        # first-line indent in characters
    align: str = "justify"

    def but(self, **changes) -> "ParaStyle":
        return replace(self, **changes)


class Para(Flowable):
    def __init__(self, text: str, style: ParaStyle, typesetter, lines: list[str] | None = None,
                 first: bool = True, last: bool = True):
        super().__init__()
        self.text = " ".join(text.split("\n"))
        self.style = style
        self.typesetter = typesetter
        self.first, self.last = first, last      # False in the pieces of a split paragraph
        self._lines = lines
        self._fixed = lines is not None          # the pieces of a split keep their lines
        self._width: float | None = None

    # -- layout --------------------------------------------------------------------

    def _fonts(self):
        return self.typesetter.fonts

    def _typography(self) -> Typography:
        return self.typesetter.typography(self.style.role, self.style.size)

    def line_width(self, line: str) -> float:
        """A line's width as composed: compressed punctuation, CJK–Latin gaps, no justification."""
        return place(line, self._typography())[1]

    def _indent(self) -> float:
        return self.style.indent * self.style.size if self.first else 0

    def lines_for(self, width: float) -> list[str]:
        if not self._fixed and (self._lines is None or self._width != width):
            self._lines = break_lines(self.text, self._typography(), lambda i: width - (self._indent() if i == 0 else 0))
            self._width = width
        return self._lines

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = len(self.lines_for(availWidth)) * self.style.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):
        lines = self.lines_for(availWidth)
        fit = int((availHeight + 0.01) // self.style.leading)
        if len(lines) < 2 * MIN_SPLIT_LINES or fit < MIN_SPLIT_LINES:
            return []
        fit = min(fit, len(lines) - MIN_SPLIT_LINES)
        head = Para(self.text, self.style, self.typesetter, lines[:fit], first=self.first, last=False)
        tail = Para(self.text, self.style, self.typesetter, lines[fit:], first=False, last=self.last)
        return [head, tail]

    def getSpaceBefore(self):
        return self.style.before if self.first else 0

    def getSpaceAfter(self):
        return self.style.after if self.last else 0

    # -- drawing -------------------------------------------------------------------

    def draw(self):
        canvas = self.canv
        style = self.style
        canvas.saveState()
        canvas.setFillColor(style.colour)
        for number, line in enumerate(self._lines or []):
            final = number == len(self._lines) - 1 and self.last
            indent = self._indent() if number == 0 else 0
            baseline = self.height - number * style.leading - (style.leading - style.size) / 2 - 0.88 * style.size
            self._draw_line(line, indent, baseline, final)
        canvas.restoreState()

    def _draw_line(self, line: str, indent: float, baseline: float, final: bool) -> None:
        style = self.style
        room = self.width - indent
        natural = self.line_width(line)
        x, spacing, squeeze = indent, 0.0, 0.0
        gaps = sum(stretches(a, b) for a, b in zip(line, line[1:]))
        if natural > room + 0.01:            # set tight by the breaker to spare a 孤字 line: pulled in to fit
            squeeze, spacing = tighten(line, self._typography(), room)
        elif style.align == "justify" and not final and gaps:
            spacing = max(0.0, (room - natural) / gaps)
        elif style.align == "center":
            x += (room - natural) / 2
        elif style.align == "right":
            x += room - natural
        draw_line(self.canv, self._fonts(), self._typography(), line, style.role, style.size, x, baseline, spacing,
                  squeeze)

    def drawn_width(self, line: str, room: float) -> float:
        """How wide `line` is drawn in `room`: as composed, or `room` when it was set tight."""
        natural = self.line_width(line)
        return room if natural > room + 0.01 else natural


def draw_line(canvas, fonts, typography: Typography, line: str, role: str, size: float, x: float, baseline: float,
              spacing: float = 0, squeeze: float = 0) -> None:
    """One line of text, each character where linebreak.place puts it (`squeeze` of the
    blanks beside its marks given up, for a tight line), with `spacing` added at each gap
    that stretches (none inside a Latin word or number). Spaces are skipped, not drawn, so
    a space is a real gap that text extraction sees."""
    starts, _ = place(line, typography, squeeze)
    writer = _Runs(canvas, canvas.beginText(x, baseline), typography, size, baseline)
    stretched = 0
    for index, char in enumerate(line):
        if index and stretches(line[index - 1], char):
            stretched += 1
        if is_space(char):
            writer.flush()
        else:
            writer.add(char, x + starts[index] + spacing * stretched, fonts.font_for(char, role))
    writer.flush()
    canvas.drawText(writer.text)


class _Runs:
    """Characters that follow one another evenly in one font become one piece of text, their
    gap its character spacing; a new piece is moved to where its first character goes.

    reportlab writes a run in one string per 256-glyph subset of the font. PDF adds the
    character spacing after a string's last glyph, but pdfminer (pdfplumber, and so many text
    extractors) only between a string's glyphs: each string is placed on its own, so both read
    the same positions."""

    def __init__(self, canvas, text, typography: Typography, size: float, baseline: float):
        self.doc, self.text, self.typography, self.size, self.baseline = canvas._doc, text, typography, size, baseline
        self.run: list[tuple[str, float]] = []        # (character, x) not yet written
        self.run_font = ""
        self.font, self.gap, self.pen = "", None, None   # the text state (Tc outlives a text object)

    def _gap_after(self, index: int, at: float) -> float:
        char, x = self.run[index]
        return at - x - self.typography.advance(char)

    def add(self, char: str, at: float, font: str) -> None:
        if self.run:
            gap = self._gap_after(-1, at)
            even = len(self.run) == 1 or abs(gap - self._gap_after(0, self.run[1][1])) < 0.001
            if font != self.run_font or gap < -0.001 or not even:
                self.flush()
        if not self.run:
            self.run_font = font
        self.run.append((char, at))

    def flush(self) -> None:
        if not self.run:
            return
        gap = self._gap_after(0, self.run[1][1]) if len(self.run) > 1 else (self.gap or 0.0)
        if self.gap is None or abs(gap - self.gap) > 0.0005:
            self.text.setCharSpace(gap)
            self.gap = gap
        if self.run_font != self.font:
            self.text.setFont(self.run_font, self.size)
            self.font = self.run_font
        text = "".join(char for char, _ in self.run)
        done = 0
        for _, piece in pdfmetrics.getFont(self.run_font).splitString(text, self.doc):
            start = self.run[done][1]
            if self.pen is None or abs(start - self.pen) > 0.001:
                self.text.setTextOrigin(start, self.baseline)
            self.text.textOut(text[done:done + len(piece)])
            done += len(piece)
            last, last_at = self.run[done - 1]
            self.pen = last_at + self.typography.advance(last) + gap if gap == 0 else None
        self.run.clear()
