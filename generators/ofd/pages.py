"""One PDF page's marks as the OFD page's content (GB/T 33190, 9–13): glyphs as TextObjects,
paths as PathObjects, images as ImageObjects, in the order the PDF paints them.

OFD measures in millimetres from the page's top left corner, y downwards; PDF in points
from the bottom left, y upwards. Consecutive glyphs of one font, size, colour and baseline
make one TextObject whose TextCode gives the first glyph's position and each next one's
advance (DeltaX), so a reader places every glyph where the PDF does and can still select
and search the line as text. Object IDs rise in painting order."""
from __future__ import annotations

import math
from dataclasses import dataclass

from lxml import etree

from .errors import OfdError
from .fonts import OfdFont
from .reading import Glyph, Image, Page, Path

OFD_NS = "http://www.ofdspec.org/2016"
MM = 25.4 / 72                 # one point in millimetres
SAME = 1e-4                    # matrix entries equal within this (relative to the size)
CAPS = ("Butt", "Round", "Square")
JOINS = ("Miter", "Round", "Bevel")
THINNEST = 0.1                 # mm: a PDF line of width 0 is one device pixel; OFD has no such line


def q(tag: str) -> str:
    return f"{{{OFD_NS}}}{tag}"


def number(value: float) -> str:
    """A length in mm to a thousandth: short, exact enough (1 µm), the same on every machine."""
    text = f"{round(value, 3):.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def numbers(values) -> str:
    return " ".join(number(v) for v in values)


class Ids:
    """The document's object identifiers, one counter (GB/T 33190, 7.6: unique in a document)."""

    def __init__(self) -> None:
        self.last = 0

    def next(self) -> int:
        self.last += 1
        return self.last


@dataclass(frozen=True)
class Frame:
    """Page space (points, y up) to OFD page space (mm, y down)."""

    x0: float
    y1: float

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.x0) * MM, (self.y1 - y) * MM


class PageWriter:
    """Writes one page's marks into a Layer; fonts and images go to the document's resources."""

    def __init__(self, page: Page, ids: Ids, resources):
        self.frame = Frame(page.media_box[0], page.media_box[3])     # (0, the page's height): see reading.read_pages
        self.ids, self.resources = ids, resources

    def content(self, page: Page) -> etree._Element:
        layer = etree.Element(q("Layer"), ID=str(self.ids.next()), Type="Body")
        marks, index = page.marks, 0
        while index < len(marks):
            mark = marks[index]
            if isinstance(mark, Glyph):
                run = _run(marks, index)
                self._text(layer, run)
                index += len(run)
                continue
            if isinstance(mark, Path):
                self._path(layer, mark)
            elif isinstance(mark, Image):
                self._image(layer, mark)
            index += 1
        return layer

    # -- text --------------------------------------------------------------------------------
    def _text(self, layer, run: list[Glyph]) -> None:
        font = self.resources.font(run[0])
        shown = [font.show(glyph.code) for glyph in run]
        a, b, c, d = run[0].matrix[:4]
        if abs(b) < SAME * abs(d) and abs(c) < SAME * abs(d) and a > 0 and d > 0:
            self._upright(layer, run, font, shown, d * MM, a / d)
        else:
            for glyph, one in zip(run, shown):
                self._transformed(layer, glyph, font, one)

    def _upright(self, layer, run, font: OfdFont, shown, size: float, h_scale: float) -> None:
        origins = [self.frame.point(glyph.matrix[4], glyph.matrix[5]) for glyph in run]
        xs = [round(x, 3) for x, _ in origins]
        baseline = round(origins[0][1], 3)
        left, top = min(xs) - size, round(baseline - size * 1.25, 3)
        right = max(xs) + size * max(1.0, h_scale) * 1.5
        text = etree.SubElement(layer, q("TextObject"), ID=str(self.ids.next()),
                                Boundary=numbers((left, top, right - left, size * 1.75)), Font=str(font.object_id), Size=number(size))
        if abs(h_scale - 1) > SAME:
            text.set("HScale", f"{h_scale:.4f}".rstrip("0"))
        _visibility(text, run[0])
        etree.SubElement(text, q("FillColor"), Value=colour(run[0].colour))
        self._text_code(text, shown, xs, left, baseline - top)

    def _text_code(self, text, shown, xs: list[float], left: float, y: float) -> None:
        """One TextCode: characters, with a CGTransform for each glyph the cmap cannot name."""
        characters, deltas, position = [], [], 0
        for index, ((chars, glyph), x) in enumerate(zip(shown, xs)):
            if glyph is not None:
                transform = etree.SubElement(text, q("CGTransform"), CodePosition=str(position), CodeCount=str(len(chars)), GlyphCount="1")
                etree.SubElement(transform, q("Glyphs")).text = str(glyph)
            if index:
                deltas.append(x - xs[index - 1])
            deltas += [0.0] * (len(chars) - 1)         # a ligature's characters share its glyph's place
            characters.append(chars)
            position += len(chars)
        code = etree.SubElement(text, q("TextCode"), X=number(xs[0] - left), Y=number(y))
        if deltas:
            code.set("DeltaX", numbers(deltas))
        code.text = "".join(characters)

    def _transformed(self, layer, glyph: Glyph, font: OfdFont, shown) -> None:
        """A rotated, slanted or mirrored glyph: its own TextObject, drawn through a CTM."""
        a, b, c, d, e, f = glyph.matrix
        scale = math.sqrt(abs(a * d - b * c))
        if scale == 0:
            return                                       # a glyph of size 0 paints nothing
        size = scale * MM
        x, y = self.frame.point(e, f)
        ctm = " ".join([*(f"{v / scale:.6f}" for v in (a, -b, -c, d)), number(2 * size), number(2 * size)])
        text = etree.SubElement(layer, q("TextObject"), ID=str(self.ids.next()), Boundary=numbers((x - 2 * size, y - 2 * size, 4 * size, 4 * size)),
                                Font=str(font.object_id), Size=number(size), CTM=ctm)
        _visibility(text, glyph)
        etree.SubElement(text, q("FillColor"), Value=colour(glyph.colour))
        self._text_code(text, [shown], [0.0], 0.0, 0.0)

    # -- paths -------------------------------------------------------------------------------
    def _path(self, layer, path: Path) -> None:
        points = [self.frame.point(*segment[i:i + 2]) for segment in path.segments for i in range(1, len(segment), 2)]
        if not points or (path.stroke is None and path.fill is None):
            return                                       # a clipping path or an empty one
        width = max(path.line_width * MM, THINNEST) if path.stroke is not None else 0.0
        x0, y0 = min(p[0] for p in points) - width, min(p[1] for p in points) - width
        x1, y1 = max(p[0] for p in points) + width, max(p[1] for p in points) + width
        element = etree.SubElement(layer, q("PathObject"), ID=str(self.ids.next()), Boundary=numbers((x0, y0, x1 - x0, y1 - y0)))
        if path.stroke is not None:
            element.set("LineWidth", number(width))
            if path.cap:
                element.set("Cap", CAPS[path.cap % 3])
            if path.join:
                element.set("Join", JOINS[path.join % 3])
            if path.dash[0]:
                element.set("DashOffset", number(path.dash[1] * MM))
                element.set("DashPattern", numbers(v * MM for v in path.dash[0]))
        else:
            element.set("Stroke", "false")
        if path.fill is not None:
            element.set("Fill", "true")
            if path.even_odd:
                element.set("Rule", "Even-Odd")
        if path.stroke is not None:
            etree.SubElement(element, q("StrokeColor"), Value=colour(path.stroke))
        if path.fill is not None:
            etree.SubElement(element, q("FillColor"), Value=colour(path.fill))
        etree.SubElement(element, q("AbbreviatedData")).text = self._abbreviated(path, x0, y0)

    def _abbreviated(self, path: Path, x0: float, y0: float) -> str:
        """The path in OFD's abbreviated syntax (GB/T 33190, 9.3.5), relative to its Boundary."""
        words = []
        letters = {"m": "M", "l": "L", "c": "B"}
        for segment in path.segments:
            if segment[0] == "h":
                words.append("C")
                continue
            words.append(letters[segment[0]])
            for i in range(1, len(segment), 2):
                x, y = self.frame.point(segment[i], segment[i + 1])
                words += [number(x - x0), number(y - y0)]
        return " ".join(words)

    # -- images ------------------------------------------------------------------------------
    def _image(self, layer, image: Image) -> None:
        """The PDF paints an image in the unit square, its first row at the top (y = 1); OFD
        in the unit square with its first row at y = 0, y down: the CTM maps the one onto
        the other, relative to the Boundary (the transformed square's bounding box)."""
        a, b, c, d, e, f = image.matrix
        corners = [self.frame.point(e + a * u + c * v, f + b * u + d * v) for u, v in ((0, 0), (1, 0), (0, 1), (1, 1))]
        x0, y0 = min(p[0] for p in corners), min(p[1] for p in corners)
        x1, y1 = max(p[0] for p in corners), max(p[1] for p in corners)
        left, top = self.frame.point(e + c, f + d)                # where the first row starts
        ctm = (a * MM, -b * MM, -c * MM, d * MM, left - x0, top - y0)
        resource = self.resources.image(image)
        etree.SubElement(layer, q("ImageObject"), ID=str(self.ids.next()), Boundary=numbers((x0, y0, x1 - x0, y1 - y0)),
                         CTM=numbers(ctm), ResourceID=str(resource))


def _run(marks: list, start: int) -> list[Glyph]:
    """The glyphs from `start` drawn as one line of text: same font, size, slant, colour and
    visibility, on the same baseline, each to the right of the one before."""
    first = marks[start]
    run = [first]
    for mark in marks[start + 1:]:
        previous = run[-1]
        if not (isinstance(mark, Glyph) and mark.font_id == first.font_id and mark.colour == first.colour
                and mark.visible == first.visible and _same_shape(mark.matrix, first.matrix)
                and abs(mark.matrix[5] - first.matrix[5]) < 0.01 and mark.matrix[4] >= previous.matrix[4]):
            break
        run.append(mark)
    return run


def _same_shape(m: tuple, n: tuple) -> bool:
    tolerance = SAME * max(abs(n[0]), abs(n[3]), 1e-9)
    return all(abs(m[i] - n[i]) <= tolerance for i in range(4))


def _visibility(text, glyph: Glyph) -> None:
    if not glyph.visible:
        text.set("Fill", "false")                  # searchable text that paints nothing, as in the PDF


def colour(components: tuple[float, ...]) -> str:
    """A PDF colour (gray, RGB or CMYK components from 0 to 1) as OFD's RGB from 0 to 255."""
    if len(components) == 1:
        rgb = components * 3
    elif len(components) == 3:
        rgb = components
    elif len(components) == 4:
        c, m, y, k = components
        rgb = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    else:
        raise OfdError(f"PDF 中有 {len(components)} 个分量的颜色，暂不能转为 OFD")
    return " ".join(str(round(min(1.0, max(0.0, v)) * 255)) for v in rgb)
