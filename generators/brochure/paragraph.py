"""A paragraph of plain text set the Chinese way: our own line breaking, justification by
even inter-character spacing, per-character font fallback. Text is never parsed as markup."""
from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from .linebreak import break_lines

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

    def _measure(self, text: str) -> float:
        return self._fonts().width(text, self.style.role, self.style.size)

    def _indent(self) -> float:
        return self.style.indent * self.style.size if self.first else 0

    def lines_for(self, width: float) -> list[str]:
        if not self._fixed and (self._lines is None or self._width != width):
            self._lines = break_lines(self.text, self._measure, lambda i: width - (self._indent() if i == 0 else 0))
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
        natural = self._measure(line)
        x, spacing = indent, 0.0
        if style.align == "justify" and not final and len(line) > 1:
            spacing = max(0.0, (room - natural) / (len(line) - 1))
        elif style.align == "center":
            x += (room - natural) / 2
        elif style.align == "right":
            x += room - natural
        draw_line(self.canv, self._fonts(), line, style.role, style.size, x, baseline, spacing)


def draw_line(canvas, fonts, line: str, role: str, size: float, x: float, baseline: float, spacing: float = 0) -> None:
    """One line of text; each run between spaces is placed on its own, so a space is a real
    gap in the PDF (its width comes from FontSet.advance) that text extraction can see."""
    for start, word in _words(line):
        offset = fonts.width(line[:start], role, size) + spacing * start
        text = canvas.beginText(x + offset, baseline)
        text.setCharSpace(spacing)
        for font, piece in fonts.runs(word, role):
            text.setFont(font, size)
            text.textOut(piece)
        canvas.drawText(text)


def _words(line: str) -> list[tuple[int, str]]:
    words, start = [], None
    for index, char in enumerate(line + " "):
        if char == " " and start is not None:
            words.append((start, line[start:index]))
            start = None
        elif char != " " and start is None:
            start = index
    return words
