"""build --check: each notice audited against GB/T 9704 by the checker, the report beside it.
Its own module, so the checker's code keys only these reports, never the documents."""
from __future__ import annotations

from typing import TYPE_CHECKING

from partydocs.engine.builder import Builder, Target
from partydocs.reuse.project import Project

if TYPE_CHECKING:
    from partydocs.model.model import Year


class NoticeCheckBuilder(Builder):
    """build --check: the notice audited against GB/T 9704 (checker/), the report beside it."""

    name = "notice-check"
    group = "notice"
    libraries = ("pdfplumber", "pypdfium2")

    def targets(self, year: Year, project: Project) -> list[Target]:
        return [Target(self.name, f"{year.year}/{d.name}.check.txt", (project.output_dir / docx,), after=(docx,), reads=())
                for d in year.documents for docx in [f"{year.year}/{d.name}.docx"]]

    def render(self, year: Year, target: Target, project: Project) -> bytes:
        from dataclasses import replace

        from partydocs.checker import audit
        from partydocs.checker.report import as_text

        report = replace(audit(target.inputs[0]), file=target.after[0])
        return as_text(report).encode("utf-8")
