"""The notices' builders: each 公文 as DOCX, and (with --pdf) its PDF through LibreOffice,
as PDF/A-2b in the archive variant. They fill the engine's hooks (partydocs.engine.builder)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from partydocs.engine.builder import Builder, Target
from partydocs.reuse.project import Project

from ..targets import files_under, problems_of, variant_folder

if TYPE_CHECKING:
    from partydocs.model.model import Year
    from partydocs.reuse.errors import Problem

DOCX_LIBRARIES = ("python-docx", "lxml")


class NoticeBuilder(Builder):
    name = group = "notice"
    libraries = DOCX_LIBRARIES

    def check(self, year: Year, project: Project) -> list[Problem]:
        from .style import load_style

        return problems_of(lambda: load_style(project.templates_dir))

    def targets(self, year: Year, project: Project) -> list[Target]:
        shared = [*files_under(project.templates_dir / "notice"), project.templates_dir / "styles" / "notice.yaml"]
        return [self._target(year, document, shared) for document in year.documents]

    def _target(self, year: Year, document, shared: list[Path]) -> Target:
        notice = document.notice
        inputs = [document.source, *document.reads, *shared]
        images = (notice.seal, notice.signature_stamp, *(issuer.seal for issuer in notice.issuers))
        inputs += [year.root / image for image in images if image]
        facts = ((f"data/{year.year}/（{document.name} 所列名单与正文）", document.facts()),)
        return Target(self.name, f"{year.year}/{document.name}.docx", tuple(inputs), facts=facts,
                      reads=tuple(notice.units), document=document.name)

    def render(self, year: Year, target: Target, project: Project) -> bytes:
        from . import build_notice

        return build_notice(year.for_document(target.document), project.templates_dir)


class NoticePdfBuilder(Builder):
    """The notice converted by LibreOffice, only with --pdf; as PDF/A-2b in the archive variant."""

    group = "notice"

    def __init__(self, archive: bool = False):
        self.archive = archive
        self.name = "notice-pdf-archive" if archive else "notice-pdf"
        self.libraries = ("pikepdf",) if archive else ()

    def targets(self, year: Year, project: Project) -> list[Target]:
        folder = variant_folder("archive" if self.archive else None)
        return [Target(self.name, f"{year.year}/{folder}{d.name}.pdf", (project.output_dir / docx,), after=(docx,), reads=())
                for d in year.documents for docx in [f"{year.year}/{d.name}.docx"]]

    def render(self, year: Year, target: Target, project: Project) -> bytes:
        import tempfile

        from partydocs.reuse.libreoffice import docx_to_pdf

        with tempfile.TemporaryDirectory() as scratch:
            data = docx_to_pdf(target.inputs[0], Path(scratch), pdfa=self.archive).read_bytes()
        if self.archive:
            from ..pdfa import tidied

            return tidied(data, target.output)
        return data
