"""套打: printing on paper whose red 版头 is already printed. The DOCX leaves out the issuer's
mark and the red rule(s) and keeps every other element where the normal build puts it, so the
sheet lines up with the letterhead; `preprinted_reserve_mm` moves the lines under the 版头 to a
local paper stock's rule. Measured on LibreOffice's rendering of the sample and of the 信函 and
纪要 examples."""
from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pdfplumber
import pytest
import yaml

from generators.notice import build_notice
from partydocs.checker import NOT_APPLICABLE, audit
from partydocs.checker.measure import mm
from partydocs.checker.render import render_many, soffice
from partydocs.model.load import Project, load_year
from partydocs.reuse.errors import DataError

from .conftest import ROOT

TOLERANCE_MM = 0.5
SHIFT_MM = 10


def _project(root: Path, example: str | None = None, **settings) -> Project:
    """The sample (or an example copied over its notice.yaml, as README says) with `settings`
    added to notice.yaml."""
    for folder in ("data", "templates"):
        shutil.copytree(ROOT / folder, root / folder)
    notice_file = root / "data" / "2021" / "notice.yaml"
    if example:
        shutil.copy(root / "templates" / "examples" / f"{example}.yaml", notice_file)
    if settings:
        notice = yaml.safe_load(notice_file.read_text(encoding="utf-8"))
        notice.update(settings)
        notice_file.write_text(yaml.safe_dump(notice, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return Project(root)


def _write(project: Project, path: Path, preprinted: bool = False) -> Path:
    year = load_year(project, "2021")
    path.write_bytes(build_notice(year.for_document("notice"), project.templates_dir, preprinted=preprinted))
    return path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    """PDFs of the normal and the 套打 build of the sample, the letter and the minutes."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: positions cannot be measured")
    out = tmp_path_factory.mktemp("preprinted")
    docxs = {}
    for name, example in (("sample", None), ("letter", "letter"), ("minutes", "minutes")):
        project = _project(tmp_path_factory.mktemp(name), example)
        docxs[name] = _write(project, out / f"{name}.docx")
        docxs[f"{name}-preprinted"] = _write(project, out / f"{name}-preprinted.docx", preprinted=True)
    pdfs = render_many(list(docxs.values()), out)
    return dict(zip(docxs, pdfs))


def _lines(pdf: Path) -> list[tuple[int, str, float, float]]:
    """(page, text, left mm, top mm) of every line of text, in reading order."""
    found = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, 1):
            for line in page.extract_text_lines():
                found.append((number, line["text"].replace(" ", ""), mm(line["x0"]), mm(line["top"])))
    return found


def _red(pdf: Path) -> list[str]:
    """Everything drawn or written in red: characters, rules, shapes."""
    def red(colour) -> bool:
        return isinstance(colour, (tuple, list)) and len(colour) == 3 and colour[0] > 0.5 and max(colour[1:]) < 0.5

    found = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, 1):
            found += [f"p{number} {c['text']}" for c in page.chars if red(c.get("non_stroking_color"))]
            found += [f"p{number} {o['object_type']} at {mm(o['top']):.1f} mm" for o in page.rects + page.lines + page.curves
                      if red(o.get("stroking_color")) or red(o.get("non_stroking_color"))]
    return found


@pytest.mark.parametrize("name", ["sample", "letter", "minutes"])
def test_every_line_keeps_its_place_without_the_letterhead(rendered, name):
    """发文字号, title, body, signature, 版记: every line of the normal build is on the 套打
    build's same page at the same place (±0.5 mm), but the mark."""
    normal, preprinted = _lines(rendered[name]), _lines(rendered[f"{name}-preprinted"])
    mark = next(line for line in normal if line[0] == 1 and line[3] < 100 and len(line[1]) >= 4
                and not any(c.isdigit() for c in line[1]))
    expected = [line for line in normal if line != mark]
    assert [line[:2] for line in preprinted] == [line[:2] for line in expected], "the same lines, the mark left out"
    moved = [(page, text, round(x - x2, 2), round(y - y2, 2)) for (page, text, x, y), (_, _, x2, y2) in zip(expected, preprinted)
             if abs(x - x2) > TOLERANCE_MM or abs(y - y2) > TOLERANCE_MM]
    assert moved == []
    assert any(page == 1 and ("〔2021〕" in text or text == "第12期") for page, text, _, _ in preprinted)


@pytest.mark.parametrize("name", ["sample", "letter", "minutes"])
def test_no_red_mark_or_rule_on_the_page(rendered, name):
    assert _red(rendered[name]), "the normal build has its red 版头 (the test can see red)"
    assert _red(rendered[f"{name}-preprinted"]) == []


def _rule_top(pdf: Path) -> float:
    """The upper edge of the topmost red rule (over 100 mm long: not the star) on page 1, mm
    from the paper's top edge."""
    red = (1.0, 0.0, 0.0)
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        rules = [o for o in page.lines + page.rects + page.curves if mm(o["x1"] - o["x0"]) > 100
                 and red in (o.get("stroking_color"), o.get("non_stroking_color"))]
        edges = [mm(o["top"]) - (mm(o.get("linewidth", 0)) / 2 if o["object_type"] == "line" else 0) for o in rules]
        return min(edges)


@pytest.mark.parametrize("name,example", [("sample", None), ("letter", "letter"), ("minutes", "minutes")])
def test_the_reserve_is_the_papers_rule_and_moves_the_lines_under_it(rendered, tmp_path, name, example):
    """preprinted_reserve_mm is where the paper's red rule starts: set to where the normal build
    draws it, nothing moves; set 10 mm lower, the 发文字号 and everything under the 版头 come
    down 10 mm (the body then snaps to the next grid line: it moves 10 mm less than a line's
    pitch at most)."""
    rule = _rule_top(rendered[name])
    docxs = [_write(_project(tmp_path / f"r{shift}", example, preprinted=True, preprinted_reserve_mm=round(rule + shift, 2)),
                    tmp_path / f"{name}-{shift}.docx") for shift in (0, SHIFT_MM)]
    same, lower = (_lines(pdf) for pdf in render_many(docxs, tmp_path))
    reference = _lines(rendered[f"{name}-preprinted"])
    assert [(p, t) for p, t, _, _ in same] == [(p, t) for p, t, _, _ in reference]
    assert max(abs(a[3] - b[3]) for a, b in zip(same, reference) if a[0] == 1) <= TOLERANCE_MM
    number = next(i for i, line in enumerate(reference) if "〔2021〕" in line[1] or line[1].startswith("第"))
    assert abs(lower[number][3] - reference[number][3] - SHIFT_MM) <= TOLERANCE_MM, "the line under the 版头 came down 10 mm"


def test_a_reserve_above_the_lines_it_must_hold_is_an_error_at_its_line(tmp_path):
    project = _project(tmp_path, preprinted=True, preprinted_reserve_mm=30)
    with pytest.raises(DataError) as raised:
        _write(project, tmp_path / "too-high.docx")
    [problem] = raised.value.problems
    notice = (project.data_dir / "2021" / "notice.yaml").read_text(encoding="utf-8").splitlines()
    assert problem.field == "preprinted_reserve_mm" and "preprinted_reserve_mm" in notice[problem.line - 1]
    assert "30 毫米太小" in problem.message


def test_an_order_is_not_printed_on_preprinted_paper(tmp_path):
    project = _project(tmp_path, "order", preprinted=True)
    with pytest.raises(DataError) as raised:
        load_year(project, "2021")
    assert any(p.field == "preprinted" and "命令" in p.message for p in raised.value.problems)


def test_build_preprinted_writes_a_copy_without_the_mark(tmp_path):
    """`build --preprinted` adds preprinted/<公文>.docx beside each normal one; the normal one
    keeps its mark, the copy has none and says 套打 in its properties (the checker reads it)."""
    from partydocs.cli import main

    project = _project(tmp_path)
    assert main(["--root", str(tmp_path), "build", "--only", "notice", "--preprinted", "--quiet"]) == 0
    year_out = project.output_dir / "2021"
    for name in ("notice", "会议通知", "表彰通知"):
        normal, copy = docx.Document(year_out / f"{name}.docx"), docx.Document(year_out / "preprinted" / f"{name}.docx")
        assert "中共广东省社会组织委员会文件" in [p.text for p in normal.paragraphs]
        assert "中共广东省社会组织委员会文件" not in [p.text for p in copy.paragraphs]
        assert copy.core_properties.category == "套打" and normal.core_properties.category != "套打"


@pytest.mark.parametrize("name", ["sample", "letter", "minutes"])
def test_check_passes_a_preprinted_document_and_says_why_the_letterhead_is_missing(rendered, name):
    """`check` reads 套打 from the document's properties: the mark and the red rules are not
    applicable (printed on the paper), every other clause is measured and holds."""
    pdf = rendered[f"{name}-preprinted"]
    report = audit(pdf.with_suffix(".docx"), pdf)
    assert [(f.clause, f.title, f.measured) for f in report.failed] == []
    letterhead = [f for f in report.findings if f.status == NOT_APPLICABLE and f.measured.startswith("套打")]
    assert letterhead and {f.clause for f in letterhead} <= {"7.2.4", "7.2.7", "10.1", "10.3"}
    assert not [f for f in audit(rendered[name].with_suffix(".docx"), rendered[name]).findings if f.measured.startswith("套打")]
