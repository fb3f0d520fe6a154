"""Our LibreOffice rendering against PDFs exported from real Word and WPS (tests/notice/reference/,
README "参照 PDF"): every printed line of every page where the office put it — same text on
the line, same page, top and left edge within 1 mm. Until an office adds a PDF the comparison
is skipped, saying so; it is shown to work on a stand-in LibreOffice made from our own DOCX."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generators.notice import build_notice
from partydocs.checker.measure import read_pdf
from partydocs.checker.render import render_many, soffice
from partydocs.model.load import Project, load_year

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = Path(__file__).with_name("reference")
NAMED = re.compile(r"^(?P<document>.+)--(?P<office>[^-][\w.-]*)\.pdf$")   # notice--word2019.pdf
TOLERANCE_MM = 1.0


def reference_pdfs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.pdf") if p.is_file())


def compare(reference: Path, ours: Path) -> list[str]:
    """Where our rendering's lines differ from the reference's: a page count, a line's text
    (the line breaks), or a line's top or left edge off by more than TOLERANCE_MM."""
    theirs, mine = read_pdf(reference), read_pdf(ours)
    differences = [f"{len(mine)} 页，参照 PDF {len(theirs)} 页"] if len(theirs) != len(mine) else []
    for number, (their_page, my_page) in enumerate(zip(theirs, mine), 1):
        for index, (their_line, my_line) in enumerate(zip(their_page.lines, my_page.lines), 1):
            where = f"第 {number} 页第 {index} 行"
            if their_line.compact != my_line.compact:
                differences.append(f"{where}：参照为「{their_line.compact}」，我们排成「{my_line.compact}」")
                break               # the rest of the page follows from this line
            for edge in ("top", "x0"):
                delta = getattr(my_line, edge) - getattr(their_line, edge)
                if abs(delta) > TOLERANCE_MM:
                    differences.append(f"{where}「{my_line.compact[:8]}…」{edge} 差 {delta:+.1f} 毫米")
        else:
            if len(their_page.lines) != len(my_page.lines):
                differences.append(f"第 {number} 页：{len(my_page.lines)} 行，参照 PDF {len(their_page.lines)} 行")
    return differences


def compare_folder(folder: Path, scratch: Path) -> dict[str, list[str]]:
    """Each reference PDF in `folder` against the sample year's document it names, built by
    the current code and rendered by LibreOffice (one run for all)."""
    project = Project(ROOT)
    year = load_year(project, "2021")
    wanted = {}
    for pdf in reference_pdfs(folder):
        named = NAMED.match(pdf.name)
        assert named, f"{pdf.name}: name a reference PDF <document>--<office>.pdf, e.g. notice--word2019.pdf"
        document = named["document"]
        assert document in {d.name for d in year.documents}, f"{pdf.name}: the sample year has no document {document!r}"
        wanted[pdf] = scratch / f"{document}.docx"
        wanted[pdf].write_bytes(build_notice(year.for_document(document), project.templates_dir))
    docxs = sorted(set(wanted.values()))
    rendered = dict(zip(docxs, render_many(docxs, scratch)))
    return {pdf.name: compare(pdf, rendered[docx]) for pdf, docx in wanted.items()}


def _corpus_cases():
    found = reference_pdfs(REFERENCE)
    if not found:
        return [pytest.param(None, marks=pytest.mark.skip(
            reason="tests/notice/reference/ holds no PDF exported from Word or WPS yet, so there is nothing to "
                   "compare LibreOffice's rendering with (README, 参照 PDF, says how an office adds one)"))]
    return [pytest.param(pdf, id=pdf.name) for pdf in found]


@pytest.mark.parametrize("reference", _corpus_cases())
def test_libreoffice_renders_our_documents_where_word_and_wps_do(reference, tmp_path):
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: nothing to compare the office's PDF with")
    folder = tmp_path / "reference"
    folder.mkdir()
    shutil.copy(reference, folder)
    assert compare_folder(folder, tmp_path) == {reference.name: []}


def test_the_comparison_passes_on_a_libreoffice_stand_in_and_finds_a_different_layout(tmp_path):
    """A stand-in for an office's export: the sample notice rendered by LibreOffice, put in a
    reference folder of its own. It matches; the same PDF named as another document does not."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    project = Project(ROOT)
    made = tmp_path / "stand-in"
    made.mkdir()
    docx = made / "notice.docx"
    docx.write_bytes(build_notice(load_year(project, "2021").for_document("notice"), project.templates_dir))
    [pdf] = render_many([docx], made)
    folder = tmp_path / "reference"
    folder.mkdir()
    shutil.copy(pdf, folder / "notice--libreoffice.pdf")
    shutil.copy(pdf, folder / "会议通知--libreoffice.pdf")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    found = compare_folder(folder, scratch)
    assert found["notice--libreoffice.pdf"] == []
    assert found["会议通知--libreoffice.pdf"] and "参照为" in " ".join(found["会议通知--libreoffice.pdf"])
