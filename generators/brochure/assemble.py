"""Laid-out parts joined into one PDF with pypdf: each point's section is laid out once, and
a profile or the collection is its sections' pages, folios stamped on, contents linked.

This is what lets an edit to one point re-lay out only that point: the collection reuses the
other sections' pages as they are (see sections.py).
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link as LinkAnnotation
from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject
from reportlab.pdfgen.canvas import Canvas

from .document import Laid, Meta, draw_folio
from .typesetter import Typesetter

PRODUCER = "party-docs (reportlab, pypdf)"


@dataclass(frozen=True)
class Part:
    data: bytes
    stamp_from: int | None = None      # the folio of its first page, when the folios are stamped on


def assemble(ts: Typesetter, meta: Meta, parts: list[Part], contents: Laid | None = None) -> bytes:
    """One PDF of `parts` in order, outlines kept, folios stamped, the contents' lines linked."""
    writer = PdfWriter()
    stamped: list[tuple[int, str]] = []
    for part in parts:
        start = len(writer.pages)
        reader = PdfReader(io.BytesIO(part.data))
        writer.append(reader, import_outline=True)
        if part.stamp_from is not None:
            stamped += [(start + i, str(part.stamp_from + i)) for i in range(len(reader.pages))]
    _stamp_folios(ts, writer, stamped)
    if contents is not None:
        for link in contents.links:
            target = contents.pages[link.key] - 1
            writer.add_annotation(link.page - 1, LinkAnnotation(rect=link.rect, target_page_index=target))
    _describe(writer, meta)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _stamp_folios(ts: Typesetter, writer: PdfWriter, stamped: list[tuple[int, str]]) -> None:
    if not stamped:
        return
    ts = Typesetter(ts.style, ts.templates_dir, ts.cache_dir)     # fonts subset to the folios' digits
    ts.note("".join(number for _, number in stamped))
    ts.prepare()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=ts.style.page.points(), invariant=1, pageCompression=1,   # no stray Helvetica
                    initialFontName=ts.fonts.names[ts.style.text.folio.font], initialFontSize=9, initialLeading=12)
    for _, number in stamped:
        draw_folio(ts, canvas, number)
        canvas.showPage()
    canvas.save()
    stamps = PdfReader(buffer)
    for (index, _), stamp in zip(stamped, stamps.pages):
        writer.pages[index].merge_page(stamp)


def _describe(writer: PdfWriter, meta: Meta) -> None:
    writer.add_metadata({"/Title": meta.title, "/Author": meta.author, "/Subject": meta.subject,
                         "/Creator": "party-docs brochure", "/Producer": PRODUCER})
    root = writer._root_object
    root[NameObject("/Lang")] = TextStringObject("zh-CN")
    root[NameObject("/ViewerPreferences")] = DictionaryObject({NameObject("/DisplayDocTitle"): BooleanObject(True)})
    writer.page_mode = "/UseOutlines"
