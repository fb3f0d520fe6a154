"""Archive mode: a brochure as PDF/A-2b — fonts embedded (they always are), an sRGB
OutputIntent, XMP metadata with title, author and date from the data, no page transitions —
checked by pikepdf's PDF/A validator on the bytes written. A file it does not approve is an
error naming the rule (veraPDF's rule ids, e.g. ISO_19005_2:6.6.2.1-1)."""
from __future__ import annotations

import io
from datetime import datetime, timezone
from importlib import resources

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from partydocs.reuse.errors import PipelineError
from partydocs.model.model import PartialDate, Year

FLAVOUR = "2b"
PRINT_FLAG = 4               # an annotation's /F: printed (PDF/A wants every annotation printable)
SRGB = "sRGB IEC61966-2.1"
TRAILER_KEYS = {"/Size", "/Prev", "/Root", "/Encrypt", "/Info", "/ID", "/XRefStm"}


class ArchiveError(PipelineError):
    """The document is not PDF/A-2b: a fault of this program, named by the rule it breaks."""

    def __init__(self, name: str, findings: list):
        self.lines = [f"{name}：不符合 PDF/A-2b 归档格式（{f.rule}，{f.where}）：{f.message}" for f in findings]
        super().__init__("\n".join(self.lines))

    def messages(self) -> list[str]:
        return self.lines + ["这是程序的问题，不是数据的问题：请把以上信息发给维护人员；屏幕版和印刷版不受影响。"]


def issue_date(year: Year) -> datetime:
    """The date the brochure carries: its own (year and month), else the notice's."""
    date: PartialDate = year.brochure.date or year.notice.date
    return datetime(date.year, date.month, date.day or 1, tzinfo=timezone.utc)


def archived(pdf: Pdf, title: str, author: str, subject: str, when: datetime) -> None:
    """Make the open document PDF/A-2b in place: OutputIntent, XMP, no transitions, printable links."""
    profile = pdf.make_stream(_srgb_profile(), N=3)
    pdf.Root.OutputIntents = Array([Dictionary(Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=SRGB,
                                               Info=SRGB, DestOutputProfile=profile)])
    for page in pdf.pages:
        if Name.Trans in page.obj:
            del page.obj[Name.Trans]
        for annotation in page.obj.get(Name.Annots, []):
            annotation.F = PRINT_FLAG
    stamp = pikepdf.String(when.strftime("D:%Y%m%d%H%M%S+00'00'"))
    pdf.docinfo.CreationDate = stamp
    pdf.docinfo.ModDate = stamp
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title
        meta["dc:creator"] = [author]
        meta["dc:description"] = subject
        meta["pdf:Producer"] = str(pdf.docinfo.get(Name.Producer, ""))
        meta["xmp:CreatorTool"] = str(pdf.docinfo.get(Name.Creator, ""))
        meta["xmp:CreateDate"] = when.isoformat()
        meta["xmp:ModifyDate"] = when.isoformat()
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"


def archive_bytes(data: bytes, name: str, title: str, author: str, subject: str, when: datetime) -> bytes:
    """A reportlab PDF as PDF/A-2b, validated."""
    with Pdf.open(io.BytesIO(data)) as pdf:
        archived(pdf, title, author, subject, when)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    validate(out, name)
    return out.getvalue()


def tidied(data: bytes, name: str) -> bytes:
    """A PDF/A that another program wrote (LibreOffice, for the notice), without the trailer
    keys the standard does not know (LibreOffice's /DocChecksum) and its open action, validated."""
    with Pdf.open(io.BytesIO(data)) as pdf:
        for key in [key for key in pdf.trailer.keys() if key not in TRAILER_KEYS]:
            del pdf.trailer[key]
        if "/OpenAction" in pdf.Root:          # "open at page 1": the validator knows no actions, a reader needs none
            del pdf.Root.OpenAction
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    validate(out, name)
    return out.getvalue()


def validate(stream, name: str) -> None:
    """pikepdf's PDF/A-2b validator on the written bytes; anything but a pass is an ArchiveError."""
    from pikepdf import pdfa

    stream.seek(0)
    report = pdfa.validate_written(stream, FLAVOUR)
    stream.seek(0, io.SEEK_END)
    if report.verdict != "pass":
        raise ArchiveError(name, report.findings)


def _srgb_profile() -> bytes:
    return resources.files("pikepdf.pdfa").joinpath("data/sRGB.icc").read_bytes()
