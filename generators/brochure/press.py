"""The print variant as PDF/X-4: the press's CMYK profile as the output intent, the version
and trapping keys in the document information and XMP, PDF 1.6, no annotations on the page.

Everything on the pages is already DeviceCMYK (style.py's print colours, images.py's photo
conversion), so the profile only tells the print shop's RIP which press the values were
made for. The page boxes are modes.py's. Checked in the tests by pdf-oxide's PDF/X validator.
"""
from __future__ import annotations

import hashlib
import io
from datetime import datetime
from functools import lru_cache

from PIL import ImageCms
from pikepdf import Array, Dictionary, Name, Pdf, String

from .style import Press

VERSION = "PDF/X-4"
PDF_VERSION = "1.6"            # PDF/X-4 is PDF 1.6
PDFX_NAMESPACE = "http://www.npes.org/pdfx/ns/id/"
XMP_MM = "http://ns.adobe.com/xap/1.0/mm/"


def press_ready(pdf: Pdf, press: Press, title: str, author: str, when: datetime) -> None:
    """Make the open document PDF/X-4 in place, for `press`."""
    condition = describe(str(press.path))
    profile = pdf.make_stream(press.path.read_bytes(), N=4)
    pdf.Root.OutputIntents = Array([Dictionary(Type=Name.OutputIntent, S=Name.GTS_PDFX, OutputConditionIdentifier=condition,
                                               OutputCondition=condition, Info=condition, RegistryName="http://www.color.org",
                                               DestOutputProfile=profile)])
    for page in pdf.pages:
        if Name.Annots in page.obj:          # links: nothing a press prints, and PDF/X keeps annotations off the page
            del page.obj[Name.Annots]
    stamp = String(when.strftime("D:%Y%m%d%H%M%S+00'00'"))
    for key, value in (("/CreationDate", stamp), ("/ModDate", stamp), ("/Trapped", Name("/False")),
                       ("/GTS_PDFXVersion", String(VERSION))):
        pdf.docinfo[key] = value
    _metadata(pdf, title, author, when)


def _metadata(pdf: Pdf, title: str, author: str, when: datetime) -> None:
    identity = "uuid:" + _uuid_like(f"{title}\n{author}\n{when.isoformat()}")
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title
        meta["dc:creator"] = [author]
        meta["pdf:Producer"] = str(pdf.docinfo.get(Name.Producer, ""))
        meta["pdf:Trapped"] = "False"
        meta["xmp:CreatorTool"] = str(pdf.docinfo.get(Name.Creator, ""))
        meta["xmp:CreateDate"] = when.isoformat()
        meta["xmp:ModifyDate"] = when.isoformat()
        meta["xmp:MetadataDate"] = when.isoformat()
        meta[f"{{{XMP_MM}}}DocumentID"] = identity
        meta[f"{{{XMP_MM}}}InstanceID"] = identity
        meta[f"{{{XMP_MM}}}VersionID"] = "1"
        meta[f"{{{XMP_MM}}}RenditionClass"] = "default"
        meta[f"{{{PDFX_NAMESPACE}}}GTS_PDFXVersion"] = VERSION


def _uuid_like(text: str) -> str:
    """A stable identifier in UUID form: the same document always gets the same one."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"


def press_bytes(data: bytes, press: Press, title: str, author: str, when: datetime) -> bytes:
    """A reportlab PDF (a profile) as PDF/X-4."""
    with Pdf.open(io.BytesIO(data)) as pdf:
        press_ready(pdf, press, title, author, when)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, min_version=PDF_VERSION)
    return out.getvalue()


@lru_cache(maxsize=4)
def describe(profile: str) -> str:
    """The profile's own description (e.g. "Artifex CMYK SWOP Profile"): the printing
    condition the output intent names."""
    return ImageCms.getProfileDescription(ImageCms.getOpenProfile(profile)).strip() or "CMYK"
