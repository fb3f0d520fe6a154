"""A collection volume joined from laid-out parts: front matter, the points' profiles with
their folios renumbered for the book, closing and back cover; outlines kept, contents linked.

This is what lets an edit to one point re-lay out only that point: the collection reuses the
other profiles' pages as they are (see sections.py). pikepdf (qpdf) copies the pages without
parsing them in Python.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, Pdf

from .document import DIGITS, Laid, Meta, OutlineEntry, digit_form, digit_forms, folio_box, folio_form
from .typesetter import Typesetter

PRODUCER = "party-docs (reportlab, qpdf)"
STATIC_ID = b"<31415926535897932384626433832795>"      # what qpdf writes with static_id


@dataclass(frozen=True)
class Part:
    laid: Laid
    number_from: int | None = None     # for a point's section: the folio its first page gets


def assemble(ts: Typesetter, meta: Meta, parts: list[Part], contents: Laid | None = None) -> bytes:
    """One PDF of `parts` in order, outlines kept, sections numbered, the contents' lines linked."""
    pdf = Pdf.new()
    sources, outline, numbered = [], [], []
    for part in parts:
        source = Pdf.open(part.laid.path or io.BytesIO(part.laid.data))
        sources.append(source)                   # pages copied from it are read when saving
        start = len(pdf.pages)
        pdf.pages.extend(source.pages)
        outline += _outline_items(part.laid.outline, start)
        if part.number_from is not None:
            numbered += [(start + i, i + 1, part.number_from + i) for i in range(part.laid.page_count)]
    forms = _number_pages(ts, pdf, numbered)
    if contents is not None:
        _link_contents(pdf, contents)
    with pdf.open_outline() as tree:
        tree.root.extend(outline)
    _describe(pdf, meta)
    buffer = io.BytesIO()
    pdf.save(buffer, static_id=True, compress_streams=False,
             stream_decode_level=pikepdf.StreamDecodeLevel.none, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    for opened in [*sources, forms]:
        if opened is not None:
            opened.close()
    _identify(buffer, _parts_digest(meta, parts))
    return buffer.getvalue()


def _parts_digest(meta: Meta, parts: list[Part]) -> str:
    digest = hashlib.sha256(repr(meta).encode("utf-8"))
    for part in parts:
        digest.update(f"{part.number_from}:{part.laid.digest or hashlib.sha256(part.laid.data).hexdigest()}".encode())
    return digest.hexdigest()


def _identify(buffer: io.BytesIO, digest: str) -> None:
    """Give the saved file `digest` as its /ID. qpdf's own deterministic ID is an MD5 of the
    whole output (some 40 ms for a 24 MB volume); the parts and the metadata decide every byte
    of it, so their digest identifies it as well. qpdf's fixed placeholder is overwritten in
    the trailer, in place and at the same length, so no offset moves."""
    view = buffer.getbuffer()
    tail_start = max(0, len(view) - 4096)
    tail = bytes(view[tail_start:])
    ident = f"<{digest[:32]}>".encode("ascii")
    at = tail.index(STATIC_ID, tail.rindex(b"trailer"))
    while at != -1:
        view[tail_start + at:tail_start + at + len(ident)] = ident
        at = tail.find(STATIC_ID, at + len(ident))
    view.release()


def _outline_items(entries: list[OutlineEntry], start: int) -> list[OutlineItem]:
    """The part's outline, nested by level, pointing at its pages' places in the whole."""
    roots: list[OutlineItem] = []
    open_items: list[tuple[int, OutlineItem]] = []
    for entry in entries:
        item = OutlineItem(entry.title, start + entry.page)
        item.is_closed = entry.closed
        while open_items and open_items[-1][0] >= entry.level:
            open_items.pop()
        (open_items[-1][1].children if open_items else roots).append(item)
        open_items.append((entry.level, item))
    return roots


def _number_pages(ts: Typesetter, pdf: Pdf, numbered: list[tuple[int, int, int]]) -> Pdf | None:
    """Give each (page index, page in its section, number) page the folio form of its number."""
    if not numbered:
        return None
    data, widths = digit_forms(ts)
    digits_pdf = Pdf.open(io.BytesIO(data))
    provided = digits_pdf.pages[0].obj.Resources.XObject
    digits = {digit: pdf.copy_foreign(provided[_form_name(digit_form(digit))]) for digit in DIGITS}
    box = Array(list(folio_box(ts)))
    forms: dict[int, pikepdf.Stream] = {}
    for index, own, number in numbered:
        if number not in forms:
            forms[number] = _number_form(pdf, str(number), digits, widths, box)
        page = pdf.pages[index].obj
        resources = Dictionary(page.Resources)      # a page's own copy, even if a source shared one
        xobjects = Dictionary(resources.XObject)
        xobjects[_form_name(folio_form(own))] = forms[number]
        resources.XObject = xobjects
        page.Resources = resources
    return digits_pdf


def _number_form(pdf: Pdf, number: str, digits: dict, widths: dict[str, float], box: Array) -> pikepdf.Stream:
    """A form drawing `number` centred on its origin, digit forms side by side, as the
    profile's own folio (one line of text, centred) draws it."""
    x = -sum(widths[digit] for digit in number) / 2
    drawn = []
    for digit in number:
        drawn.append(f"q 1 0 0 1 {x:.4f} 0 cm {_form_name(digit_form(digit))} Do Q")
        x += widths[digit]
    resources = Dictionary(XObject=Dictionary({str(_form_name(digit_form(d))): digits[d] for d in set(number)}))
    return pdf.make_stream("\n".join(drawn).encode("ascii"), Type=Name.XObject, Subtype=Name.Form,
                           BBox=box, Resources=resources)


def _form_name(form: str) -> Name:
    return Name(f"/FormXob.{form}")      # reportlab's name for a form in a page's resources


def _link_contents(pdf: Pdf, contents: Laid) -> None:
    for link in contents.links:
        target = pdf.pages[contents.pages[link.key] - 1]
        annotation = pdf.make_indirect(Dictionary(
            Type=Name.Annot, Subtype=Name.Link, Rect=Array(list(link.rect)), Border=Array([0, 0, 0]),
            Dest=Array([target.obj, Name.Fit])))
        page = pdf.pages[link.page - 1]
        if Name.Annots not in page.obj:
            page.obj.Annots = Array()
        page.obj.Annots.append(annotation)


def _describe(pdf: Pdf, meta: Meta) -> None:
    for key, value in (("/Title", meta.title), ("/Author", meta.author), ("/Subject", meta.subject),
                       ("/Creator", "party-docs brochure"), ("/Producer", PRODUCER)):
        pdf.docinfo[key] = value
    pdf.Root.Lang = pikepdf.String("zh-CN")
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    pdf.Root.PageMode = Name.UseOutlines
