"""What a brochure is for changes its pages: screen (the default), print (bleed, trim and bleed
boxes, crop marks, CMYK), archive (PDF/A-2b, see archive.py).

Print pages are laid out on the trimmed page as always; the canvas makes each page larger by
the bleed and the marks' room, moves the artwork into it, and records TrimBox and BleedBox.
Artwork that touches the trim (the covers' ground) is drawn `bleed` beyond it. reportlab's own
cropMarks/bleedWidth scale the page up instead, which moves every edge by a different amount.
"""
from __future__ import annotations

from reportlab.lib.colors import CMYKColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from .style import StyleFile

MARK_LENGTH = 5 * mm         # a crop mark's length, beyond the bleed
MARK_ROOM = 1 * mm           # white around the marks, to the page's edge
MARK_WIDTH = 0.25
REGISTRATION = CMYKColor(1, 1, 1, 1)      # crop marks print on every plate


def bleed(style: StyleFile) -> float:
    """How far full-bleed artwork reaches beyond the trimmed page, in points."""
    return style.output.bleed_mm * mm if style.mode == "print" else 0.0


def margin(style: StyleFile) -> float:
    """The printed sheet's extra width on each side of the trimmed page: bleed and marks."""
    marks = MARK_LENGTH + MARK_ROOM if style.output.crop_marks else 0.0
    return bleed(style) + marks


def page_boxes(style: StyleFile, trim: tuple[float, float]) -> dict[str, tuple[float, float, float, float]]:
    """TrimBox and BleedBox on the enlarged page (whose MediaBox starts at 0, 0)."""
    offset, reach = margin(style), bleed(style)
    width, height = trim
    return {"trimBox": (offset, offset, offset + width, offset + height),
            "bleedBox": (offset - reach, offset - reach, offset + width + reach, offset + height + reach)}


def canvas_maker(style: StyleFile):
    """reportlab's canvas class for the mode: the plain one on screen, PrintCanvas for print."""
    if style.mode != "print":
        return Canvas

    def make(*args, **kwargs):
        return PrintCanvas(*args, offset=margin(style), reach=bleed(style), marks=style.output.crop_marks, **kwargs)

    return make


class PrintCanvas(Canvas):
    """A canvas whose pages are the trimmed page plus `offset` all round: what is drawn at
    (x, y) lands at (x + offset, y + offset); crop marks are drawn at each page's end."""

    def __init__(self, *args, offset: float, reach: float, marks: bool, pagesize=None, **kwargs):
        self.offset, self.reach, self.marks = offset, reach, marks
        self.trim = pagesize
        super().__init__(*args, pagesize=self._sheet(pagesize), **kwargs)

    def _sheet(self, trim: tuple[float, float]) -> tuple[float, float]:
        return trim[0] + 2 * self.offset, trim[1] + 2 * self.offset

    def setPageSize(self, size):
        """reportlab's page templates ask for the trimmed size; the sheet is larger."""
        if tuple(size) != self._sheet(self.trim):
            self.trim = tuple(size)
        super().setPageSize(self._sheet(self.trim))

    def absolutePosition(self, x, y):
        left, bottom = super().absolutePosition(x, y)
        return left + self.offset, bottom + self.offset

    def showPage(self):
        if self.marks:
            self._crop_marks()
        self._code.insert(0, f"1 0 0 1 {self.offset:.4f} {self.offset:.4f} cm")
        super().showPage()

    def _crop_marks(self) -> None:
        """Eight short lines on the trim's edges extended, all outside the bleed."""
        width, height = self.trim
        near, far = self.reach, self.reach + MARK_LENGTH
        self.saveState()
        self.setStrokeColor(REGISTRATION)
        self.setLineWidth(MARK_WIDTH)
        for x, outward in ((0, -1), (width, 1)):
            for y, upward in ((0, -1), (height, 1)):
                self.line(x + outward * near, y, x + outward * far, y)
                self.line(x, y + upward * near, x, y + upward * far)
        self.restoreState()
