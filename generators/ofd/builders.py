"""With --ofd, every PDF the build writes for reading or keeping (the profiles, the collection,
the notices' PDFs with --pdf, and their archive variants with --archive) gets an OFD made from
it, in `ofd/` beside the PDFs' folder: output/<year>/ofd/brochure.ofd for
output/<year>/brochure.pdf, output/<year>/archive/ofd/… for the archive's PDF/A.

Each OFD builder wraps the builder of its PDFs: its targets are that builder's targets, each
reading the PDF the other writes (`after`), so an OFD is made again exactly when its PDF's
bytes change, or the date it carries does. The print variant gets none: it is for the press."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from partydocs.engine.builder import Builder, Target
from partydocs.reuse.project import Project

if TYPE_CHECKING:
    from partydocs.model.model import Year

VARIANTS = ("print", "archive")        # a variant's files live in its own folder below the year
OFD_LIBRARIES = ("pdfminer.six", "pikepdf", "fonttools", "Pillow", "lxml")


def ofd_output(pdf_output: str) -> str:
    """Where the OFD of a PDF goes: `2021/brochures/a.pdf` → `2021/ofd/brochures/a.ofd`,
    `2021/archive/notice.pdf` → `2021/archive/ofd/notice.ofd`."""
    year, rest = pdf_output.split("/", 1)
    variant = next((f"{name}/" for name in VARIANTS if rest.startswith(f"{name}/")), "")
    return f"{year}/{variant}ofd/{rest[len(variant):].removesuffix('.pdf')}.ofd"


class OfdBuilder(Builder):
    """The OFD of each PDF `source` writes."""

    libraries = OFD_LIBRARIES

    def __init__(self, source: Builder):
        self.source = source
        self.name = f"{source.name}-ofd"
        self.group = source.group

    def targets(self, year: Year, project: Project) -> list[Target]:
        return [self._target(year, project, pdf) for pdf in self.source.targets(year, project)]

    def _target(self, year: Year, project: Project, pdf: Target) -> Target:
        document = self._document(pdf)
        return Target(self.name, ofd_output(pdf.output), (project.output_dir / pdf.output,), point=pdf.point, after=(pdf.output,),
                      volume=pdf.volume, volumes=pdf.volumes, reads=(), document=document,
                      facts=(("（OFD 的日期）", _issued(year, document).isoformat()),))

    def _document(self, pdf: Target) -> str | None:
        """The 公文 a notice's PDF is made from: its file is named after it."""
        if pdf.document is not None or self.group != "notice":
            return pdf.document
        return pdf.output.rsplit("/", 1)[-1].removesuffix(".pdf")

    def render(self, year: Year, target: Target, project: Project) -> bytes:
        from . import OfdError, pdf_to_ofd

        try:
            data = target.inputs[0].read_bytes()
        except OSError as error:
            raise OfdError(f"读不到它的 PDF {target.after[0]}（{error.strerror or error}），OFD 未生成", target.output) from None
        return pdf_to_ofd(data, _doc_info(data, _issued(year, target.document)), target.output)


def _issued(year: Year, document: str | None) -> date:
    """The date the document carries, from the data: a notice's 成文日期, the brochure's date
    (its own year and month, else the notice's), as in the PDF/A archive copies."""
    if document is not None:
        return next(d.notice.date for d in year.documents if d.name == document).earliest()
    from ..pdfa import issue_date

    return issue_date(year).date()


def _doc_info(pdf: bytes, issued: date):
    """Title, author, subject and keywords as the PDF carries them (the brochure's and the
    notice's builders put them there from the data), and the date."""
    import io

    import pikepdf

    from .package import DocInfo

    with pikepdf.open(io.BytesIO(pdf)) as document:
        info = {key: str(document.docinfo.get(f"/{key}", "")) for key in ("Title", "Author", "Subject", "Keywords")}
    return DocInfo(info["Title"], info["Author"], info["Subject"], info["Keywords"], issued)
