"""The PDF document: page templates, running header and folio, outline and bookmarks,
metadata, deterministic output."""
from __future__ import annotations

import io
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from partydocs.reuse.errors import DataError, Problem

from .flowables import Link, Outline
from .modes import canvas_maker, page_boxes
from .typesetter import Typesetter

DIGITS = "0123456789"
HEADER_GAP = 7 * mm          # header baseline above the text block
FOLIO_DROP = 11 * mm         # folio baseline below the text block
HEADER_RULE = 0.5            # the running header's rule


@dataclass(frozen=True)
class Meta:
    title: str
    author: str
    subject: str
    header_right: str = ""    # right-hand running header, beside the part's own header


class CoverPage(Flowable):
    """A whole page painted by `paint(canvas, width, height)`, for the 'cover' template."""

    def __init__(self, paint: Callable, outline: Outline | None = None):
        super().__init__()
        self.paint, self.outline = paint, outline

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, availHeight
        return availWidth, availHeight - 0.01

    def draw(self):
        self.paint(self.canv, self.width, self.height)


class BrochureDocument(BaseDocTemplate):
    def __init__(self, buffer, ts: Typesetter, meta: Meta, first_template: str = "body", first_page: int | None = 1):
        page = ts.style.page
        width, height = page.points()
        super().__init__(
            buffer, pagesize=(width, height),
            leftMargin=page.margin_left * mm, rightMargin=page.margin_right * mm,
            topMargin=page.margin_top * mm, bottomMargin=page.margin_bottom * mm,
            title=meta.title, author=meta.author, subject=meta.subject, creator="party-docs brochure",
            producer="party-docs (reportlab)", lang="zh-CN", invariant=1, pageCompression=1,
            displayDocTitle=1, initialFontName=ts.fonts.names["serif"], initialFontSize=10, initialLeading=12,
            **(page_boxes(ts.style, (width, height)) if ts.style.mode == "print" else {}),
        )
        self.ts, self.meta = ts, meta
        self.offset = (first_page or 1) - 1      # the part's first page in the finished document
        self.numbered_later = first_page is None  # a point's section: its folios are forms (see folio_form)
        self.pages: dict[str, int] = {}
        self.links: list[Link] = []
        self.outline: list[OutlineEntry] = []
        self.header, self.opening_page = "", 0
        self.filled: dict[int, float] = {}      # page -> how far down its text block the content reaches
        body = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, 0, 0, 0, 0, id="body")
        whole = Frame(0, 0, width, height, 0, 0, 0, 0, id="whole")
        templates = {
            "body": PageTemplate("body", [body], onPageEnd=self._decorate),
            "blank": PageTemplate("blank", [body]),
            "cover": PageTemplate("cover", [whole]),
        }
        self.addPageTemplates([templates[first_template]] + [t for n, t in templates.items() if n != first_template])

    def afterFlowable(self, flowable):
        outline: Outline | None = getattr(flowable, "outline", None)
        if outline is None:
            return
        page = self.canv.getPageNumber()
        self.pages[outline.key] = page + self.offset
        self.canv.bookmarkPage(outline.key)
        if outline.level >= 0:
            self.canv.addOutlineEntry(outline.title, outline.key, outline.level, closed=outline.level > 0)
            self.outline.append(OutlineEntry(outline.level, outline.title, page - 1, outline.level > 0))
        if outline.header:
            self.header, self.opening_page = outline.header, page

    def afterPage(self):
        frame = self.frame
        self.filled[self.canv.getPageNumber()] = frame._y2 - frame._topPadding - frame._y

    def _decorate(self, canvas, doc):
        ts, page = self.ts, canvas.getPageNumber()
        top = self.bottomMargin + self.height
        if page != self.opening_page and self.header:
            ts.draw_string(canvas, self.leftMargin, top + HEADER_GAP, self.header, "header")
            if self.meta.header_right:
                ts.draw_string(canvas, self.leftMargin + self.width, top + HEADER_GAP, self.meta.header_right, "header", "right")
            canvas.saveState()
            canvas.setStrokeColor(ts.style.line_colour("rule", HEADER_RULE))
            canvas.setLineWidth(HEADER_RULE)
            canvas.line(self.leftMargin, top + HEADER_GAP - 4, self.leftMargin + self.width, top + HEADER_GAP - 4)
            canvas.restoreState()
        x, y = folio_position(ts)
        if self.numbered_later:
            canvas.saveState()
            canvas.translate(x, y)
            canvas.doForm(folio_form(page))
            canvas.restoreState()
        else:
            ts.draw_string(canvas, x, y, str(page + self.offset), "folio", "center")


def folio_position(ts: Typesetter) -> tuple[float, float]:
    """The folio's centre and baseline."""
    page = ts.style.page
    return (page.margin_left * mm + page.points()[0] - page.margin_right * mm) / 2, page.margin_bottom * mm - FOLIO_DROP


def folio_form(page: int) -> str:
    """The form a section's page `page` draws as its folio. A profile defines it as that very
    number; a collection swaps each page's form for one with the page's number in the book."""
    return f"folio{page}"


def folio_box(ts: Typesetter) -> tuple[float, float, float, float]:
    """A folio form's bounding box around its origin: room for any number, centred."""
    size = ts.style.text.folio.size
    return -20 * size, -size, 20 * size, 2 * size


def define_folios(ts: Typesetter, canvas, numbers: dict[int, int]) -> None:
    """Forms folio_form(page) drawing `numbers[page]`, centred on the form's origin."""
    for page, number in numbers.items():
        canvas.beginForm(folio_form(page), *folio_box(ts))
        ts.draw_string(canvas, 0, 0, str(number), "folio", "center")
        canvas.endForm()


def digit_forms(ts: Typesetter) -> tuple[bytes, dict[str, float]]:
    """A one-page PDF holding forms digit_form(d) that draw each digit as a folio, from its
    left end on the baseline, as resources of that page (drawn clipped to nothing); and the
    digits' widths. A collection composes its folios from them."""
    if ts.fonts is None:
        ts.note(DIGITS)
        ts.prepare()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=ts.style.page.points(), invariant=1, pageCompression=1,
                    initialFontName=ts.fonts.names[ts.style.text.folio.font], initialFontSize=9, initialLeading=12)
    size = ts.style.text.folio.size
    for digit in DIGITS:
        canvas.beginForm(digit_form(digit), 0, -size, 2 * size, 2 * size)
        ts.draw_string(canvas, 0, 0, digit, "folio")
        canvas.endForm()
    canvas.saveState()
    nothing = canvas.beginPath()
    nothing.rect(0, 0, 0, 0)
    canvas.clipPath(nothing, stroke=0, fill=0)
    for digit in DIGITS:
        canvas.doForm(digit_form(digit))
    canvas.restoreState()
    canvas.showPage()
    with _binary_streams():
        canvas.save()
    return buffer.getvalue(), {digit: ts.width(digit, "folio") for digit in DIGITS}


def digit_form(digit: str) -> str:
    return f"digit{digit}"


@contextmanager
def _binary_streams():
    """Images and pages Flate-compressed without ASCII85 (a quarter smaller), then restored."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


@dataclass(frozen=True)
class OutlineEntry:
    level: int
    title: str
    page: int            # from 0, in the part
    closed: bool


@dataclass
class Laid:
    """A part laid out: its PDF, the (absolute) pages its markers landed on, its contents
    links, and its outline, which a document joining parts copies without parsing the PDF."""

    data: bytes
    pages: dict[str, int]
    page_count: int
    links: list[Link] = field(default_factory=list)
    outline: list[OutlineEntry] = field(default_factory=list)
    digest: str = ""          # sha256 of the PDF, when already known
    path: Path | None = None  # the file holding the PDF, when it is one (then `data` may be empty)
    last_filled: float = 0.0  # how far down the last page's text block the content reaches (points)

    def facts(self) -> dict:
        """Everything but the PDF, as JSON values: what a cache keeps beside it."""
        return {"pages": self.pages, "page_count": self.page_count, "links": [asdict(link) for link in self.links],
                "outline": [asdict(entry) for entry in self.outline]}

    @classmethod
    def from_facts(cls, facts: dict, data: bytes = b"", digest: str = "", path: Path | None = None) -> Laid:
        links = [Link(link["page"], tuple(link["rect"]), link["key"]) for link in facts.get("links", [])]
        outline = [OutlineEntry(**entry) for entry in facts["outline"]]
        return cls(data, dict(facts.get("pages", {})), facts["page_count"], links, outline, digest, path)


def render_pdf(ts: Typesetter, meta: Meta, story: list[Flowable], locate: Callable[[str], Problem],
               first_template: str = "body", first_page: int | None = 1,
               finish: Callable[[object, int], None] | None = None) -> Laid:
    """Lay out the story once. `finish(canvas, page_count)` draws, before the file is written,
    the forms that pages refer to but only the finished layout can fill in (contents numbers)."""
    if ts.fonts is None:
        missing = ts.prepare()
        if missing:
            raise DataError([locate(char) for char in sorted(missing)])
    buffer = io.BytesIO()
    doc = BrochureDocument(buffer, ts, meta, first_template, first_page)
    doc._doSave = 0                    # reportlab's switch: build() leaves the canvas open
    with _binary_streams():
        doc.build(story, canvasmaker=canvas_maker(ts.style))
        if finish:
            finish(doc.canv, doc.page)
        if doc.outline:
            doc.canv.showOutline()
        doc.canv.save()
    return Laid(buffer.getvalue(), doc.pages, doc.page, doc.links, doc.outline, last_filled=doc.filled.get(doc.page, 0.0))
