"""What a PDF page paints, in the order it paints it: glyphs (with their font, code and
matrix), paths and images, all in page space. pdfminer interprets the content streams
(text state, graphics state, form XObjects); this device records instead of analysing, so
nothing is merged, reordered or lost to layout heuristics."""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.utils import apply_matrix_pt, mult_matrix

from .errors import OfdError

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]
INVISIBLE = (3, 7)           # text render modes that paint nothing (OCR layers, clipping only)


@dataclass(frozen=True)
class Glyph:
    font: object             # pdfminer's PDFFont, one per font dictionary
    font_id: int             # that dictionary's object number
    code: int                # the character code shown
    matrix: Matrix           # glyph space (1 unit = 1 em) to page space
    colour: tuple[float, ...]
    visible: bool


@dataclass(frozen=True)
class Path:
    segments: tuple[tuple, ...]   # ("m", x, y) ("l", x, y) ("c", x1, y1, x2, y2, x3, y3) ("h",), page space
    stroke: tuple[float, ...] | None
    fill: tuple[float, ...] | None
    even_odd: bool
    line_width: float             # page units
    cap: int
    join: int
    dash: tuple[tuple[float, ...], float]


@dataclass(frozen=True)
class Image:
    object_id: int                # the image XObject, to decode with pikepdf
    matrix: Matrix                # the unit square to page space
    colour: tuple[float, ...]     # the fill colour, for stencil masks


@dataclass
class Page:
    media_box: Box
    crop_box: Box
    bleed_box: Box | None
    marks: list = field(default_factory=list)    # Glyph | Path | Image, in painting order


class _Fonts(PDFResourceManager):
    """Remembers each font's object number, which pdfminer's font objects do not keep."""

    def get_font(self, objid, spec):
        font = super().get_font(objid, spec)
        font.ofd_object_id = objid
        font.ofd_spec = spec
        return font


class _Recorder(PDFTextDevice):
    def __init__(self, rsrcmgr):
        super().__init__(rsrcmgr)
        self.marks: list = []
        self._render_mode = 0
        self.fill_at_image = None
        self.page_ctm: Matrix = (1, 0, 0, 1, 0, 0)

    def begin_page(self, page, ctm):
        self.page_ctm = ctm
        super().begin_page(page, ctm)

    def render_string(self, textstate, seq, ncs, graphicstate):
        self._render_mode = textstate.render
        super().render_string(textstate, seq, ncs, graphicstate)

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:
        glyph_space = (fontsize * scaling, 0.0, 0.0, fontsize, 0.0, rise)
        object_id = getattr(font, "ofd_object_id", None)
        if object_id is None:
            raise OfdError("PDF 中有未以对象给出的字体（Type3 或内联字体），无法转为 OFD")
        self.marks.append(Glyph(font, object_id, cid, mult_matrix(glyph_space, matrix), _colour(graphicstate.ncolor),
                                self._render_mode not in INVISIBLE))
        return font.char_width(cid) * fontsize * scaling

    def paint_path(self, gstate, stroke, fill, evenodd, path):
        segments = _page_path(path, self.ctm)
        scale = abs(self.ctm[0] * self.ctm[3] - self.ctm[1] * self.ctm[2]) ** 0.5
        dash = gstate.dash if gstate.dash else ((), 0)
        self.marks.append(Path(segments, _colour(gstate.scolor) if stroke else None, _colour(gstate.ncolor) if fill else None,
                               bool(evenodd), gstate.linewidth * scale, int(gstate.linecap or 0), int(gstate.linejoin or 0),
                               (tuple(float(d) * scale for d in dash[0]), float(dash[1]) * scale)))

    def render_image(self, name, stream):
        if stream.objid is None:
            raise OfdError("PDF 中有内联图像（BI … EI），暂不能转为 OFD")
        self.marks.append(Image(stream.objid, self.ctm, _colour(self.fill_at_image)))


def read_pages(data: bytes) -> list[Page]:
    """Every page's boxes and marks, in page order. Page space is pdfminer's: the MediaBox's
    lower left corner at the origin, a /Rotate already applied (the page as a viewer shows it)."""
    document = PDFDocument(PDFParser(io.BytesIO(data)))
    resources = _Fonts()
    recorder = _Recorder(resources)
    interpreter = _Interpreter(resources, recorder)
    pages = []
    for pdf_page in PDFPage.create_pages(document):
        recorder.marks = []
        interpreter.process_page(pdf_page)
        ctm = recorder.page_ctm
        bleed = pdf_page.attrs.get("BleedBox")
        pages.append(Page(_box(pdf_page.mediabox, ctm), _box(pdf_page.cropbox or pdf_page.mediabox, ctm),
                          _box(bleed, ctm) if bleed is not None else None, recorder.marks))
    return pages


class _Interpreter(PDFPageInterpreter):
    """Tells the recorder the fill colour at each image, which a stencil mask paints with."""

    def do_Do(self, xobjid) -> None:
        self.device.fill_at_image = self.graphicstate.ncolor
        super().do_Do(xobjid)


def _page_path(path, ctm: Matrix) -> tuple[tuple, ...]:
    """The path's segments with their points in page space, `v` and `y` curves made `c`."""
    segments, current, start = [], (0.0, 0.0), (0.0, 0.0)
    for segment in path:
        op, numbers = segment[0], [float(n) for n in segment[1:]]
        points = [apply_matrix_pt(ctm, (numbers[i], numbers[i + 1])) for i in range(0, len(numbers), 2)]
        if op == "v":            # the first control point is the current point
            op, points = "c", [current, *points]
        elif op == "y":          # the second control point is the end point
            op, points = "c", [points[0], points[1], points[1]]
        if op == "h":
            current = start
        elif points:
            current = points[-1]
            if op == "m":
                start = current
        segments.append((op, *(value for point in points for value in point)))
    return tuple(segments)


def _colour(value) -> tuple[float, ...]:
    """A colour's components (gray, RGB or CMYK by their count); black when none is set."""
    if value is None:
        return (0.0,)
    if isinstance(value, (int, float)):
        return (float(value),)
    try:
        return tuple(float(v) for v in value)
    except (TypeError, ValueError):
        raise OfdError("PDF 中用了图案或特殊颜色空间着色，暂不能转为 OFD") from None


def _box(values, ctm: Matrix) -> Box:
    """A PDF box in page space: the bounding box of its corners through the page's CTM."""
    x0, y0, x1, y1 = (float(v) for v in resolve1(values))
    corners = [apply_matrix_pt(ctm, (x, y)) for x in (x0, x1) for y in (y0, y1)]
    return (min(c[0] for c in corners), min(c[1] for c in corners), max(c[0] for c in corners), max(c[1] for c in corners))
