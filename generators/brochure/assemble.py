"""A collection volume joined from laid-out parts: front matter, the points' profiles with
their folios renumbered for the book, closing and back cover; outlines kept, contents linked.

This is what lets an edit to one point re-lay out only that point: the collection reuses the
other profiles' pages as they are (see sections.py). pikepdf (qpdf) copies the pages without
parsing them in Python.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from ..pdfa import archived, validate
from .pdf_document import DIGITS, Laid, Meta, OutlineEntry, digit_form, folio_form
from .press import PDF_VERSION, press_ready
from .style import Press

PRODUCER = "party-docs (reportlab, qpdf)"
STATIC_ID = b"<31415926535897932384626433832795>"      # what qpdf writes with static_id


@dataclass(frozen=True)
class Part:
    laid: Laid
    number_from: int | None = None     # for a point's section: the folio its first page gets


def assemble(meta: Meta, parts: list[Part], digits: tuple[bytes, dict[str, float]], out: BinaryIO,
             contents: Laid | None = None, issued: datetime | None = None, mode: str = "screen",
             press: Press | None = None) -> None:
    """One PDF of `parts` in order, written to `out` (empty, seekable, readable): outlines
    kept, sections numbered with folios composed of the `digits` forms (document.digit_forms),
    the contents' lines linked; in the archive mode as PDF/A-2b, validated, and for the
    `press` as PDF/X-4, both dated `issued`."""
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
    forms = _number_pages(pdf, numbered, digits)
    if contents is not None and press is None:
        _link_contents(pdf, contents)
    _write_outline(pdf, outline)
    _describe(pdf, meta)
    if mode == "archive":
        archived(pdf, meta.title, meta.author, meta.subject, issued)
    if press is not None:
        press_ready(pdf, press, meta.title, meta.author, issued)
    pdf.save(out, static_id=True, compress_streams=False, min_version=PDF_VERSION if press else "",
             stream_decode_level=pikepdf.StreamDecodeLevel.none, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    for opened in [*sources, forms]:
        if opened is not None:
            opened.close()
    _identify(out, _parts_digest(meta, parts))
    if mode == "archive":
        validate(out, meta.title)


def _parts_digest(meta: Meta, parts: list[Part]) -> str:
    digest = hashlib.sha256(repr(meta).encode("utf-8"))
    for part in parts:
        digest.update(f"{part.number_from}:{part.laid.digest or hashlib.sha256(part.laid.data).hexdigest()}".encode())
    return digest.hexdigest()


def _identify(stream: BinaryIO, digest: str) -> None:
    """Give the saved file `digest` as its /ID. qpdf's own deterministic ID is an MD5 of the
    whole output (some 40 ms for a 24 MB volume); the parts and the metadata decide every byte
    of it, so their digest identifies it as well. qpdf's fixed placeholder is overwritten in
    the trailer, in place and at the same length, so no offset moves."""
    end = stream.seek(0, io.SEEK_END)
    tail_start = max(0, end - 4096)
    stream.seek(tail_start)
    tail = stream.read()
    ident = f"<{digest[:32]}>".encode("ascii")
    at = tail.index(STATIC_ID, tail.rindex(b"trailer"))
    while at != -1:
        stream.seek(tail_start + at)
        stream.write(ident)
        at = tail.find(STATIC_ID, at + len(ident))
    stream.seek(end)


@dataclass
class _Heading:
    title: str
    page: int            # in the whole
    closed: bool
    children: list[_Heading] = field(default_factory=list)


def _outline_items(entries: list[OutlineEntry], start: int) -> list[_Heading]:
    """The part's outline, nested by level, pointing at its pages' places in the whole."""
    roots: list[_Heading] = []
    open_items: list[tuple[int, _Heading]] = []
    for entry in entries:
        item = _Heading(entry.title, start + entry.page, entry.closed)
        while open_items and open_items[-1][0] >= entry.level:
            open_items.pop()
        (open_items[-1][1].children if open_items else roots).append(item)
        open_items.append((entry.level, item))
    return roots


def _write_outline(pdf: Pdf, roots: list[_Heading]) -> None:
    """The outline's dictionaries written directly: pikepdf's OutlineItem model costs three
    times as long for a volume's 800 entries."""
    if roots:
        top = pdf.make_indirect(Dictionary(Type=Name.Outlines))
        top.Count = _chain(pdf, top, roots)
        pdf.Root.Outlines = top


def _chain(pdf: Pdf, parent: pikepdf.Object, headings: list[_Heading]) -> int:
    """`headings` as `parent`'s children, siblings linked; how many show when it is open."""
    items = [pdf.make_indirect(Dictionary(Title=pikepdf.String(heading.title), Parent=parent,
                                          Dest=Array([pdf.pages[heading.page].obj, Name.Fit])))
             for heading in headings]
    for before, after in zip(items, items[1:]):
        before.Next, after.Prev = after, before
    parent.First, parent.Last = items[0], items[-1]
    shown = len(items)
    for item, heading in zip(items, headings):
        if heading.children:
            below = _chain(pdf, item, heading.children)
            item.Count = -below if heading.closed else below
            shown += 0 if heading.closed else below
    return shown


def _number_pages(pdf: Pdf, numbered: list[tuple[int, int, int]],
                  digit_forms: tuple[bytes, dict[str, float]]) -> Pdf | None:
    """Make each (page index, page in its section, number) page's folio form draw its number.
    The form is the page's own (a section's page n draws form folio n, and every section's
    pages are copied apart), so it is rewritten where it is."""
    if not numbered:
        return None
    data, widths = digit_forms
    digits_pdf = Pdf.open(io.BytesIO(data))
    provided = digits_pdf.pages[0].obj.Resources.XObject
    digits = {digit: pdf.copy_foreign(provided[_form_name(digit_form(digit))]) for digit in DIGITS}
    for index, own, number in numbered:
        form = pdf.pages[index].obj.Resources.XObject[_form_name(folio_form(own))]
        _draw_number(form, str(number), digits, widths)
    return digits_pdf


def _draw_number(form: pikepdf.Stream, number: str, digits: dict, widths: dict[str, float]) -> None:
    """`number` centred on the form's origin, digit forms side by side, as the profile's own
    folio (one line of text, centred) draws it."""
    x = -sum(widths[digit] for digit in number) / 2
    drawn = []
    for digit in number:
        drawn.append(f"q 1 0 0 1 {x:.4f} 0 cm {_form_name(digit_form(digit))} Do Q")
        x += widths[digit]
    form.write("\n".join(drawn).encode("ascii"))
    form.Resources = Dictionary(XObject=Dictionary({str(_form_name(digit_form(d))): digits[d] for d in set(number)}))


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
