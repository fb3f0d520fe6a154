"""The OFD package (GB/T 33190, 7): a zip holding OFD.xml (the entry, with the document's
metadata), Doc_0/Document.xml (pages, common data), PublicRes.xml (fonts), DocumentRes.xml
(images), one Pages/Page_N/Content.xml per page and the resource files under Doc_0/Res/.

Same document, same bytes: entries in one fixed order with one fixed time, the document's
DocID a digest of the rest of the package, fonts and PNGs written without timestamps."""
from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import date

import pikepdf
from lxml import etree

from .fonts import OfdFont, ofd_font
from .images import media_file
from .pages import MM, OFD_NS, Ids, PageWriter, colour, numbers, q
from .reading import Glyph, Image, Page

DOC = "Doc_0"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CREATOR = "party-docs"
STORED = (".png", ".jpg")        # already compressed


@dataclass(frozen=True)
class DocInfo:
    """The document's metadata, from the data (as the PDF/A archive copy carries it)."""

    title: str
    author: str
    subject: str = ""
    keywords: str = ""
    created: date | None = None


class Resources:
    """The fonts and images the pages use, each once, numbered as the pages first use them."""

    def __init__(self, ids: Ids, pdf: pikepdf.Pdf):
        self.ids, self.pdf = ids, pdf
        self.fonts: dict[int, OfdFont] = {}
        self.images: dict[tuple, tuple[int, bytes, str]] = {}

    def font(self, glyph: Glyph) -> OfdFont:
        font = self.fonts.get(glyph.font_id)
        if font is None:
            font = self.fonts[glyph.font_id] = ofd_font(glyph.font)
            font.object_id = self.ids.next()
        return font

    def image(self, image: Image) -> int:
        fill = tuple(int(v) for v in colour(image.colour).split())
        key = (image.object_id, fill)
        if key not in self.images:
            data, kind = media_file(self.pdf, image.object_id, fill)
            self.images[key] = (self.ids.next(), data, kind)
        return self.images[key][0]


def package(pages: list[Page], pdf: pikepdf.Pdf, info: DocInfo) -> bytes:
    """The OFD file of these pages, whose fonts and images are read from `pdf`."""
    ids = Ids()
    resources = Resources(ids, pdf)
    entries: dict[str, bytes] = {}
    page_ids = []
    for number, page in enumerate(pages):
        page_ids.append(ids.next())
        entries[f"{DOC}/Pages/Page_{number}/Content.xml"] = _xml(_page(page, ids, resources))
    for font in resources.fonts.values():
        entries[f"{DOC}/Res/font_{font.object_id}.{font.extension}"] = font.font_file()
    for resource, data, kind in resources.images.values():
        entries[f"{DOC}/Res/image_{resource}.{'jpg' if kind == 'JPEG' else 'png'}"] = data
    entries[f"{DOC}/PublicRes.xml"] = _xml(_public_res(resources))
    entries[f"{DOC}/DocumentRes.xml"] = _xml(_document_res(resources))
    entries[f"{DOC}/Document.xml"] = _xml(_document(pages, page_ids, ids))
    digest = hashlib.md5(repr(info).encode("utf-8"))
    for name in sorted(entries):
        digest.update(name.encode("utf-8"))
        digest.update(entries[name])
    entries["OFD.xml"] = _xml(_entry(info, digest.hexdigest()))
    return _zip(entries)


def _page(page: Page, ids: Ids, resources: Resources) -> etree._Element:
    root = etree.Element(q("Page"), nsmap={"ofd": OFD_NS})
    root.append(_area(page))
    content = etree.SubElement(root, q("Content"))
    content.append(PageWriter(page, ids, resources).content(page))
    return root


def _area(page: Page) -> etree._Element:
    """The page's boxes: PhysicalBox the MediaBox, ApplicationBox the CropBox, BleedBox the
    BleedBox, each measured from the MediaBox's top left corner."""
    x0, _, _, y1 = page.media_box
    area = etree.Element(q("Area"))

    def box(tag: str, values) -> None:
        bx0, by0, bx1, by1 = values
        etree.SubElement(area, q(tag)).text = numbers(((bx0 - x0) * MM, (y1 - by1) * MM, (bx1 - bx0) * MM, (by1 - by0) * MM))

    box("PhysicalBox", page.media_box)
    if page.crop_box != page.media_box:
        box("ApplicationBox", page.crop_box)
    if page.bleed_box is not None and page.bleed_box != page.media_box:
        box("BleedBox", page.bleed_box)
    return area


def _public_res(resources: Resources) -> etree._Element:
    root = etree.Element(q("Res"), nsmap={"ofd": OFD_NS}, BaseLoc="Res")
    fonts = etree.SubElement(root, q("Fonts"))
    for font in resources.fonts.values():
        element = etree.SubElement(fonts, q("Font"), ID=str(font.object_id), FontName=font.name, FamilyName=font.family)
        if font.bold:
            element.set("Bold", "true")
        if font.serif:
            element.set("Serif", "true")
        etree.SubElement(element, q("FontFile")).text = f"font_{font.object_id}.{font.extension}"
    return root


def _document_res(resources: Resources) -> etree._Element:
    root = etree.Element(q("Res"), nsmap={"ofd": OFD_NS}, BaseLoc="Res")
    if resources.images:
        media = etree.SubElement(root, q("MultiMedias"))
        for resource, _, kind in resources.images.values():
            element = etree.SubElement(media, q("MultiMedia"), ID=str(resource), Type="Image", Format=kind)
            etree.SubElement(element, q("MediaFile")).text = f"image_{resource}.{'jpg' if kind == 'JPEG' else 'png'}"
    return root


def _document(pages: list[Page], page_ids: list[int], ids: Ids) -> etree._Element:
    root = etree.Element(q("Document"), nsmap={"ofd": OFD_NS})
    common = etree.SubElement(root, q("CommonData"))
    etree.SubElement(common, q("MaxUnitID")).text = str(ids.last)
    area = etree.SubElement(common, q("PageArea"))
    area.append(_area(pages[0])[0] if pages else etree.Element(q("PhysicalBox")))
    etree.SubElement(common, q("PublicRes")).text = "PublicRes.xml"
    etree.SubElement(common, q("DocumentRes")).text = "DocumentRes.xml"
    listing = etree.SubElement(root, q("Pages"))
    for number, page_id in enumerate(page_ids):
        etree.SubElement(listing, q("Page"), ID=str(page_id), BaseLoc=f"Pages/Page_{number}/Content.xml")
    return root


def _entry(info: DocInfo, doc_id: str) -> etree._Element:
    root = etree.Element(q("OFD"), nsmap={"ofd": OFD_NS}, Version="1.0", DocType="OFD")
    body = etree.SubElement(root, q("DocBody"))
    doc_info = etree.SubElement(body, q("DocInfo"))
    when = info.created.isoformat() if info.created else ""
    for tag, value in (("DocID", doc_id), ("Title", info.title), ("Author", info.author), ("Subject", info.subject),
                       ("CreationDate", when), ("ModDate", when)):       # the schema's order
        if value:
            etree.SubElement(doc_info, q(tag)).text = value
    if info.keywords.split():
        keywords = etree.SubElement(doc_info, q("Keywords"))
        for word in info.keywords.split():
            etree.SubElement(keywords, q("Keyword")).text = word
    etree.SubElement(doc_info, q("Creator")).text = CREATOR
    etree.SubElement(body, q("DocRoot")).text = f"{DOC}/Document.xml"
    return root


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=False)


def _zip(entries: dict[str, bytes]) -> bytes:
    """OFD.xml first, then the rest by name, every entry dated 1980-01-01."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        for name in ["OFD.xml", *sorted(n for n in entries if n != "OFD.xml")]:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if name.endswith(STORED) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, entries[name])
    return stream.getvalue()
