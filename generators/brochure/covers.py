"""Front and back cover of the bound collection, painted onto whole pages."""
from __future__ import annotations

from reportlab.lib.units import mm

from .pdf_document import CoverPage
from .flowables import Outline
from .modes import bleed
from .paragraph import Para
from .typesetter import Typesetter

INSET = 12 * mm              # the gold frame's distance from the trim
BAND = 0.19                  # the white band at the foot of the front cover, as a share of the height
FRAME_WIDTH = 1.0            # the gold frame: a process colour, so no finer than style.FINE_RULE_PT (registration)


def front_cover(ts: Typesetter, wording: dict[str, str]) -> CoverPage:
    title = ts.para(wording["title"], "cover_title")
    subtitle = ts.para(wording["subtitle"], "cover_subtitle") if wording.get("subtitle") else None
    year = ts.para(wording["year"], "cover_year")
    volume = ts.para(wording["volume"], "cover_subtitle") if wording.get("volume") else None
    issuer = ts.para(wording["issuer"], "cover_issuer")
    date = ts.para(wording["date"], "cover_date") if wording.get("date") else None

    def paint(canvas, width, height):
        band = height * BAND
        _ground(ts, canvas, width, height, band)
        measure = width * 0.72
        y = _stack(canvas, [title] + ([subtitle] if subtitle else []), (width - measure) / 2, height * 0.70, measure, 10)
        canvas.setStrokeColor(ts.style.colour("gold"))
        canvas.setLineWidth(1.2)
        canvas.line(width / 2 - 22 * mm, height * 0.70 + 16, width / 2 + 22 * mm, height * 0.70 + 16)
        _stack(canvas, [year] + ([volume] if volume else []), (width - measure) / 2, min(y - 30 * mm, height * 0.46), measure, 6)
        _stack(canvas, [issuer] + ([date] if date else []), (width - measure) / 2, band * 0.70, measure, 4)

    return CoverPage(paint, Outline("cover", wording["title"], -1))


def back_cover(ts: Typesetter, lines: list[str]) -> CoverPage:
    paras = [ts.para(line, "back_cover") for line in lines]

    def paint(canvas, width, height):
        _ground(ts, canvas, width, height, 0)
        measure = width * 0.72
        total = sum(p.wrap(measure, height)[1] for p in paras) + 4 * max(0, len(paras) - 1)
        _stack(canvas, paras, (width - measure) / 2, INSET + 18 * mm + total, measure, 4)

    return CoverPage(paint, Outline("back-cover", "", -1))


def _ground(ts: Typesetter, canvas, width: float, height: float, band: float) -> None:
    """The red ground above a white band of height `band`, framed by a thin gold rule; the
    ground, and the gold line on the band, reach into the bleed where they meet the trim."""
    reach = bleed(ts.style)
    bottom = band if band else -reach
    canvas.saveState()
    canvas.setFillColor(ts.style.colour("cover"))
    canvas.rect(-reach, bottom, width + 2 * reach, height + reach - bottom, stroke=0, fill=1)
    canvas.setStrokeColor(ts.style.colour("gold"))
    canvas.setLineWidth(FRAME_WIDTH)
    canvas.rect(INSET, band + INSET, width - 2 * INSET, height - band - 2 * INSET, stroke=1, fill=0)
    if band:
        canvas.setFillColor(ts.style.colour("gold"))
        canvas.rect(-reach, band - 2, width + 2 * reach, 2, stroke=0, fill=1)
    canvas.restoreState()


def _stack(canvas, paras: list[Para], x: float, top: float, measure: float, gap: float) -> float:
    """Draw paragraphs one under another from `top`; return where the last one ends."""
    for para in paras:
        _, height = para.wrap(measure, 1e6)
        top -= height
        para.drawOn(canvas, x, top)
        top -= gap
    return top
