"""`check` names, in every DOCX report, the settings LibreOffice ignores or reads differently
from Word (partydocs/checker/renderers.py): what its measurements cannot see."""
from __future__ import annotations

import json
from pathlib import Path

import docx
import jsonschema
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from generators.notice import build_notice
from partydocs.checker import NOT_APPLICABLE, PASS, audit
from partydocs.checker.docx_source import open_docx
from partydocs.checker.renderers import CLAUSE, TITLE, ignored_by_libreoffice, renderer_gaps
from partydocs.checker.render import soffice
from partydocs.checker.report import SCHEMA, as_json, as_text
from partydocs.model.load import Project, load_year

ROOT = Path(__file__).resolve().parents[2]


def _element(tag: str, **attrs):
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _word_document(path: Path, everything: bool) -> Path:
    """A document as Word might save one: with `everything`, every setting LibreOffice ignores
    or misreads; without, none of them (and no font table alternatives)."""
    document = docx.Document()
    paragraph = document.add_paragraph()
    run = paragraph.add_run("中文和English混排，标点。")
    settings = document.settings.element
    settings.find(qn("w:characterSpacingControl")).set(qn("w:val"), "compressPunctuation" if everything else "doNotCompress")
    if everything:
        settings.append(_element("w:noPunctuationKerning"))
        ppr = paragraph._p.get_or_add_pPr()
        for tag, value in (("w:kinsoku", "0"), ("w:overflowPunct", "0"), ("w:topLinePunct", "1"),
                           ("w:autoSpaceDE", "0"), ("w:autoSpaceDN", "0")):
            ppr.append(_element(tag, val=value))
        run._r.get_or_add_rPr().append(_element("w:snapToGrid", val="0"))
        document.sections[0]._sectPr.append(_element("w:docGrid", type="linesAndChars", linePitch="579", charSpace="0"))
    document.save(path)
    return path


def test_every_setting_libreoffice_ignores_or_misreads_is_named(tmp_path):
    gaps = ignored_by_libreoffice(_word_document(tmp_path / "word.docx", everything=True))
    said = "\n".join(gaps)
    for named in ("compressPunctuation", "w:noPunctuationKerning", "w:overflowPunct，1 处", "w:autoSpaceDE/DN，2 处",
                  "w:topLinePunct，1 处", "w:kinsoku=0，1 处", "字符属性 w:snapToGrid，1 处"):
        assert named in said, (named, said)


def test_run_snap_to_grid_is_named_only_under_a_character_grid(tmp_path):
    path = tmp_path / "lines-only.docx"
    document = docx.Document()
    document.add_paragraph().add_run("文字")._r.get_or_add_rPr().append(_element("w:snapToGrid", val="0"))
    document.sections[0]._sectPr.append(_element("w:docGrid", type="lines", linePitch="579"))
    document.save(path)
    assert not [g for g in ignored_by_libreoffice(path) if "snapToGrid" in g]


def test_our_notice_reports_what_word_does_that_libreoffice_cannot_show(tmp_path):
    """The sample notice: its font alternatives are named, in the table and in JSON that keeps
    to report.schema.json; it writes no setting LibreOffice reads inverted (w:overflowPunct is
    no longer needed: lines.py pins every line where a mark would hang); the finding is not a
    failure, so a correct notice still exits 0."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: the notice cannot be audited")
    project = Project(ROOT)
    path = tmp_path / "notice.docx"
    path.write_bytes(build_notice(load_year(project, "2021").for_document("notice"), project.templates_dir))
    report = audit(path)
    [gap] = [f for f in report.findings if (f.clause, f.title) == (CLAUSE, TITLE)]
    assert gap.status == NOT_APPLICABLE and "仿宋_GB2312→仿宋" in gap.measured
    assert "overflowPunct" not in gap.measured
    assert "标点挤压" not in gap.measured                  # no longer written (README, settings table)
    assert report.exit_code == 0 and TITLE in as_text(report)
    jsonschema.validate(as_json([report]), json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_a_docx_with_none_of_them_passes_and_a_pdf_gets_no_such_finding(tmp_path):
    path = _word_document(tmp_path / "plain.docx", everything=False)
    assert ignored_by_libreoffice(path) == []
    [found] = renderer_gaps(path, open_docx(path))
    assert (found.clause, found.title, found.status) == (CLAUSE, TITLE, PASS)
    assert renderer_gaps(tmp_path / "any.pdf", None) == []
