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


PREPRINTED = "preprinted"
PREPRINTED_FORMATS = ("通用", "信函", "纪要")     # the formats printed on 套打 paper (a red 版头 printed)


class NoticeBuilder(Builder):
    """Each 公文 as DOCX; with `preprinted` (build --preprinted) a second copy in preprinted/
    for 套打 paper: no mark and no red rule, every other element in its place."""

    group = "notice"
    libraries = DOCX_LIBRARIES

    def __init__(self, preprinted: bool = False):
        self.preprinted = preprinted
        self.name = f"notice-{PREPRINTED}" if preprinted else "notice"

    def check(self, year: Year, project: Project) -> list[Problem]:
        from .style import load_style

        return problems_of(lambda: load_style(project.templates_dir))

    def targets(self, year: Year, project: Project) -> list[Target]:
        shared = [*files_under(project.templates_dir / "notice"), project.templates_dir / "styles" / "notice.yaml"]
        return [self._target(year, document, shared) for document in documents_of(year, self.preprinted)]

    def _target(self, year: Year, document, shared: list[Path]) -> Target:
        notice = document.notice
        inputs = [document.source, *document.reads, *shared]
        images = (notice.seal, notice.signature_stamp, *(issuer.seal for issuer in notice.issuers))
        inputs += [year.root / image for image in images if image]
        facts = ((f"data/{year.year}/（{document.name} 所列名单与正文）", document.facts()),)
        folder = variant_folder(PREPRINTED if self.preprinted else None)
        return Target(self.name, f"{year.year}/{folder}{document.name}.docx", tuple(inputs), facts=facts,
                      reads=tuple(notice.units), document=document.name)

    def render(self, year: Year, target: Target, project: Project) -> bytes:
        from . import build_notice

        return build_notice(year.for_document(target.document), project.templates_dir, preprinted=self.preprinted)


def documents_of(year: Year, preprinted: bool) -> list:
    """The year's documents, or those of them printed on 套打 paper."""
    return [d for d in year.documents if not preprinted or d.notice.format in PREPRINTED_FORMATS]


class NoticePdfBuilder(Builder):
    """The notice converted by LibreOffice, only with --pdf; as PDF/A-2b in the archive variant;
    the 套打 copy's PDF in the preprinted variant."""

    group = "notice"

    def __init__(self, archive: bool = False, preprinted: bool = False):
        self.archive, self.preprinted = archive, preprinted
        self.name = "notice-pdf-archive" if archive else f"notice-pdf-{PREPRINTED}" if preprinted else "notice-pdf"
        self.libraries = ("pikepdf",) if archive else ()

    def targets(self, year: Year, project: Project) -> list[Target]:
        folder = variant_folder("archive" if self.archive else PREPRINTED if self.preprinted else None)
        source = variant_folder(PREPRINTED if self.preprinted else None)
        return [Target(self.name, f"{year.year}/{folder}{d.name}.pdf", (project.output_dir / docx,), after=(docx,), reads=())
                for d in documents_of(year, self.preprinted) for docx in [f"{year.year}/{source}{d.name}.docx"]]

    def render(self, year: Year, target: Target, project: Project) -> bytes:
        import tempfile

        from partydocs.reuse.libreoffice import docx_to_pdf

        with tempfile.TemporaryDirectory() as scratch:
            data = docx_to_pdf(target.inputs[0], Path(scratch), pdfa=self.archive).read_bytes()
        if self.archive:
            from ..pdfa import tidied

            return tidied(data, target.output)
        return data
