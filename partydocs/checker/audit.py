"""Audit a DOCX (rendered by LibreOffice) or a PDF against GB/T 9704-2012, clause by clause."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .clauses import Context, body, closing, colophon, fonts, header, page, special, typesetting
from .docx_source import DocxSource, open_docx
from .errors import CheckError
from .formats import FORMATS, detect
from .layout import Block, analyse, measured_block
from .measure import read_pdf
from .model import Finding, Report, not_applicable
from .render import not_rendered, render_many
from .renderers import renderer_gaps

CHECKS = [page.paper, page.margins, fonts.fonts, page.grid, header.mark, header.number, header.rule,
          body.title, body.addressee, body.first_page, body.indents, body.headings, typesetting.orphans, closing.note, closing.signature,
          closing.date, closing.remark, closing.attachment_pages, colophon.colophon, colophon.page_numbers,
          special.letter, special.order, special.minutes]


def audit(path: Path, pdf: Path | None = None) -> Report:
    """The findings for one file; `pdf` is the DOCX already rendered (else it is rendered here).
    Raises CheckError when the file cannot be read or rendered."""
    [result] = audit_many([path], {Path(path): Path(pdf)} if pdf else None)
    if isinstance(result, CheckError):
        raise result
    return result


def audit_many(paths: list[Path], rendered: dict[Path, Path] | None = None) -> list[Report | CheckError]:
    """A report, or the reason it could not be made, for each file; the DOCX files not yet
    rendered are rendered in one LibreOffice run."""
    paths = [Path(p) for p in paths]
    sources: dict[Path, DocxSource | CheckError] = {p: _open(p) for p in paths}
    rendered = dict(rendered or {})
    with tempfile.TemporaryDirectory(prefix="gbt9704-") as scratch:
        to_render = [p for p in paths if p.suffix.lower() == ".docx" and isinstance(sources[p], DocxSource) and p not in rendered]
        try:
            rendered.update(_render(to_render, Path(scratch)))
        except CheckError as error:
            sources.update({p: CheckError(f"{p}: {error}", str(p)) for p in to_render})
        return [_report(p, sources[p], rendered.get(p, p)) for p in paths]


def _open(path: Path) -> DocxSource | None | CheckError:
    if not path.is_file():
        return CheckError(f"{path}: 找不到这个文件，请检查文件名和所在文件夹。", str(path))
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return None
    if suffix != ".docx":
        return CheckError(f"{path}: 只能检查 .docx 或 .pdf 文件；.doc、.wps 文件请先在 Word 或 WPS 中“另存为” .docx。", str(path))
    try:
        return open_docx(path)
    except CheckError as error:
        return error


def _render(docxs: list[Path], scratch: Path) -> dict[Path, Path | CheckError]:
    """Each DOCX copied under a name of its own (two files may share a name), rendered together."""
    if not docxs:
        return {}
    copies = []
    for index, docx in enumerate(docxs):
        copies.append(scratch / f"{index}.docx")
        shutil.copyfile(docx, copies[-1])
    pdfs = render_many(copies, scratch)
    return {docx: pdf or not_rendered(docx) for docx, pdf in zip(docxs, pdfs)}


def _report(path: Path, source: DocxSource | None | CheckError, pdf: Path | CheckError) -> Report | CheckError:
    for failure in (source, pdf):
        if isinstance(failure, CheckError):
            return failure
    context = read_context(path, source, pdf)
    if isinstance(context, CheckError):
        return context
    findings = [item for check in CHECKS for item in special.applicable(check, context)]
    if source is not None and source.category == PREPRINTED:
        findings = [on_the_paper(f) for f in findings]
    findings += renderer_gaps(path, source)     # what LibreOffice's page cannot show of Word's
    return Report(str(path), len(context.layout.pages), findings, context.layout.format)


PREPRINTED = "套打"        # the category this project writes into a document for pre-printed letterhead paper
ON_THE_PAPER = (("7.2.4", ""), ("7.2.7", ""), ("10.1", "发文机关标志"), ("10.1", "红色双线"), ("10.3", "纪要标志"))


def on_the_paper(found: Finding) -> Finding:
    """A 套打 document's finding on the mark or a red rule: not applicable, they are printed on
    the paper (the document says so in its category); every other finding as it is."""
    if not any(found.clause == clause and part in found.title for clause, part in ON_THE_PAPER):
        return found
    return not_applicable(found.clause, found.title, "套打：发文机关标志和红线已印在信纸上，文件中不印", found.expected)


def read_context(path: Path, source: DocxSource | None, pdf: Path) -> Context | CheckError:
    """The parts of the notice found on its rendered pages, with its DOCX and PDF."""
    try:
        pages = read_pdf(pdf)
    except Exception as error:       # pdfminer raises many kinds for a damaged file
        return CheckError(f"{path}: 无法读取这个 PDF（{type(error).__name__}），文件可能已损坏。", str(path))
    if not pages or not any(p.lines for p in pages):
        return CheckError(f"{path}: 页面上没有可读的文字（可能是扫描件或空白文件），无法检查版式。", str(path))
    block = _block(source) if source else measured_block(pages)
    format_ = detect(pages, source.keywords if source else "")
    if source is not None and source.category == PREPRINTED and source.keywords in FORMATS:
        format_ = source.keywords        # 套打: page 1 shows no letterhead to tell the format by
    return Context(analyse(pages, block, format_), source, pdf)


def measured(path: Path, pdf: Path) -> Context:
    """The found parts of a DOCX (`path`) already rendered to `pdf`, for tools that measure
    more than the report says (the layout matrix)."""
    context = read_context(Path(path), open_docx(Path(path)), Path(pdf))
    if isinstance(context, CheckError):
        raise context
    return context


def _block(source: DocxSource) -> Block:
    setup = source.setup
    return Block(setup.left, setup.top, setup.width - setup.right, setup.height - setup.bottom)
