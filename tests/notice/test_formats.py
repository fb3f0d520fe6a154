"""The special formats of GB/T 9704 clause 10 — 信函, 命令, 纪要 — built from the documented
examples in templates/examples/ on a copy of the sample, rendered by LibreOffice and measured
(±1 mm); the fields bound to a format are refused, at their line, in any other format."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PIL import Image, ImageDraw

from partydocs.checker import FAIL, NOT_APPLICABLE, PASS, audit, measure
from partydocs.checker.measure import ink_rows, mm
from partydocs.checker.render import render_many, soffice
from generators.notice import build_notice
from partydocs.reuse.libreoffice import docx_to_pdf
from partydocs.model.load import load_year
from partydocs.reuse.errors import DataError
from tests.conftest import copy_sample

LEFT, BLOCK_RIGHT, TOP, BLOCK_BOTTOM = 28, 184, 37, 262
CENTRE = (LEFT + BLOCK_RIGHT) / 2
PITCH_MM = 225 / 22
CHAR_MM = 156 / 28
FOOTER_FROM = BLOCK_BOTTOM + 1
NOTICE = "data/2021/notice.yaml"


def _red(pixel) -> bool:
    return pixel[0] > 200 and pixel[1] < 90 and pixel[2] < 90


def _stamp(path: Path) -> None:
    """A stand-in for the signer's own signature stamp image (a red frame, 3:2)."""
    image = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle((6, 6, 294, 194), outline=(220, 0, 0, 255), width=12)
    image.save(path)


def format_project(root: Path, example: str, **changes: str):
    """A copy of the sample whose notice.yaml is templates/examples/<example>.yaml, with
    `changes` replacing text in it."""
    project = copy_sample(root)
    text = (project.templates_dir / "examples" / f"{example}.yaml").read_text(encoding="utf-8")
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    (project.data_dir / "2021" / "notice.yaml").write_text(text, encoding="utf-8")
    return project


class Rendered:
    def __init__(self, name: str, project, out: Path):
        self.name, self.project = name, project
        self.year = load_year(project, "2021")
        self.docx = out / f"{name}.docx"
        self.docx.write_bytes(build_notice(self.year, project.templates_dir))
        self.pdf: Path | None = None

    @property
    def pages(self) -> list[measure.Page]:
        return measure.read_pdf(self.pdf)


@pytest.fixture(scope="module")
def formats(tmp_path_factory) -> dict[str, Rendered]:
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: the rendered layout cannot be checked")
    out = tmp_path_factory.mktemp("formats")
    order = format_project(tmp_path_factory.mktemp("order"), "order",
                           **{"# signature_stamp: stamp.png": "signature_stamp: stamp.png"})
    _stamp(order.data_dir / "2021" / "stamp.png")
    built = {
        "letter": Rendered("letter", format_project(tmp_path_factory.mktemp("letter"), "letter"), out),
        "order": Rendered("order", order, out),
        "minutes": Rendered("minutes", format_project(tmp_path_factory.mktemp("minutes"), "minutes"), out),
    }
    for rendered, pdf in zip(built.values(), render_many([b.docx for b in built.values()], out)):
        assert pdf is not None, f"{rendered.name}: LibreOffice did not convert it"
        rendered.pdf = pdf
    return built


def _mark_ink(rendered: Rendered) -> tuple[float, float]:
    """Top and bottom (mm from the paper's top) of the red mark's glyphs on page 1."""
    rows = ink_rows(rendered.pdf, 1, _red, (LEFT + 2, BLOCK_RIGHT - 2))
    end = next((a for a, b in zip(rows, rows[1:]) if b - a > 1), rows[-1])   # the first run of rows
    return rows[0], end


def _line(page: measure.Page, text: str) -> measure.Line:
    return next(line for line in page.lines if line.compact == text)


def _red_rules(page: measure.Page) -> list[dict]:
    return [r for r in measure.horizontal_rules(page, 100) if measure.is_red(r["colour"])]


def _assert_numbered_from(rendered: Rendered, first: int) -> None:
    """Page numbers "— n —" on every page from `first` but an empty page and a 版记 page right
    after an empty page (GB/T 9704 7.5)."""
    pages = rendered.pages
    for page in pages:
        footer = [line.text.replace(" ", "") for line in page.footer_lines(FOOTER_FROM)]
        body = page.body_lines(FOOTER_FROM)
        before = pages[page.number - 2].body_lines(FOOTER_FROM) if page.number > 1 else ["text"]
        after_blank = body and body[0].text.startswith(("抄送", "主送")) and not before
        if page.number < first or not body or after_blank:
            assert footer == [], f"{rendered.name} page {page.number} is numbered: {footer}"
        else:
            assert footer == [f"—{page.number}—"], f"{rendered.name} page {page.number}: {footer}"


# ---- 信函格式 (10.1) ------------------------------------------------------------------

def test_letter_mark_30_mm_from_the_paper_top_without_wenjian(formats):
    letter = formats["letter"]
    red = "".join(c["text"] for c in measure.red_chars(measure.chars_of(letter.pdf, 1)))
    assert red == "中共广东省社会组织委员会"
    top, _ = _mark_ink(letter)
    assert abs(top - 30) <= 1, f"mark's top edge {top:.2f} mm from the paper's top"


def test_letter_double_rules_under_the_mark_and_20_mm_above_the_bottom(formats):
    letter = formats["letter"]
    page = letter.pages[0]
    rules = _red_rules(page)
    assert len(rules) == 4, rules
    for rule in rules:
        assert abs(rule["x1"] - rule["x0"] - 170) <= 1 and abs((rule["x0"] + rule["x1"]) / 2 - CENTRE) <= 1
    upper_thick, upper_thin, lower_thin, lower_thick = rules
    assert upper_thick["width"] > upper_thin["width"] * 1.5, "thick over thin under the mark"
    assert lower_thick["width"] > lower_thin["width"] * 1.5, "thin over thick at the foot"
    _, mark_bottom = _mark_ink(letter)
    gap = upper_thick["y"] - upper_thick["width"] / 2 - mark_bottom
    assert abs(gap - 4) <= 1, f"first double rule {gap:.2f} mm under the mark"
    assert abs(lower_thick["bottom"] - (297 - 20)) <= 1, f"second double rule ends {297 - lower_thick['bottom']:.2f} mm above the bottom"
    assert all(not _red_rules(later) for later in letter.pages[1:]), "the rules are page 1's only"


def test_letter_number_flush_right_seven_eighths_of_a_character_under_the_rule(formats):
    letter = formats["letter"]
    number = _line(letter.pages[0], "粤社党函〔2021〕15号")
    assert abs(number.x1 - BLOCK_RIGHT) <= 1, f"number ends at {number.x1:.2f} mm"
    rule_bottom = _red_rules(letter.pages[0])[1]["bottom"]
    ink = [y for y in ink_rows(letter.pdf, 1, lambda p: sum(p) < 300, (number.x0, number.x1))
           if rule_bottom < y < number.bottom + 1]
    expected = 7 / 8 * 16 / 72 * 25.4
    assert abs(ink[0] - rule_bottom - expected) <= 1, f"number {ink[0] - rule_bottom:.2f} mm under the rule"
    title = next(line for line in letter.pages[0].lines if line.size == 22)
    assert 2 * PITCH_MM <= title.top - number.bottom <= 3 * PITCH_MM, "title two lines under the number"


def test_letter_has_no_page_number_on_page_1(formats):
    letter = formats["letter"]
    assert len(letter.pages) >= 2
    _assert_numbered_from(letter, 2)
    section = docx.Document(str(letter.docx)).sections[0]
    assert section.different_first_page_header_footer


def test_letter_colophon_is_cc_alone_at_the_block_bottom(formats):
    last = formats["letter"].pages[-1]
    cc = _line(last, "抄送：省委组织部。")
    assert not any("印发" in line.text for line in last.lines), "no printer line in a letter"
    assert not [r for r in measure.horizontal_rules(last, 150) if r["y"] > cc.top - PITCH_MM], "no 版记 rules"
    assert BLOCK_BOTTOM - PITCH_MM <= cc.bottom <= BLOCK_BOTTOM + 0.5, f"抄送 ends at {cc.bottom:.2f} mm"


# ---- 命令格式 (10.2) -------------------------------------------------------------------

def test_order_mark_20_mm_below_the_block_top_and_order_number(formats):
    order = formats["order"]
    page = order.pages[0]
    red = "".join(c["text"] for c in measure.red_chars(measure.chars_of(order.pdf, 1)))
    assert red == "中共广东省社会组织委员会令"
    top, _ = _mark_ink(order)
    assert abs(top - (TOP + 20)) <= 1, f"mark's top edge {top - TOP:.2f} mm below the block top"
    mark = next(line for line in page.lines if line.red)
    number = _line(page, "第3号")
    assert abs(number.centre - CENTRE) <= 1
    assert 2 * PITCH_MM <= number.top - mark.bottom <= 3 * PITCH_MM, "令号 two lines under the mark"
    body = next(line for line in page.lines if line.top > number.bottom)
    assert 2 * PITCH_MM <= body.top - number.bottom <= 3 * PITCH_MM, "body two lines under the 令号"
    assert not _red_rules(page), "an order has no red separator"
    _assert_numbered_from(order, 1)


def test_order_signer_title_stamp_and_date(formats):
    order = formats["order"]
    page = next(p for p in order.pages if p.images)
    [stamp] = page.images
    x0, x1, top, bottom = mm(stamp["x0"]), mm(stamp["x1"]), mm(stamp["top"]), mm(stamp["bottom"])
    assert abs(x1 - (BLOCK_RIGHT - 4 * CHAR_MM)) <= 1, f"stamp ends {BLOCK_RIGHT - x1:.2f} mm from the right"
    title = _line(page, "书记")
    assert abs(title.x1 - (x0 - 2 * CHAR_MM)) <= 1, "title two characters left of the stamp"
    assert abs(title.middle - (top + bottom) / 2) <= 1, "title centred on the stamp"
    date = _line(page, "2021年9月6日")
    assert abs(date.x1 - (BLOCK_RIGHT - 4 * CHAR_MM)) <= 1, "date four characters in from the right"
    assert date.top > bottom and date.top - title.bottom <= 2 * PITCH_MM, "the date one line under the stamp"
    body = [line for line in page.body_lines(FOOTER_FROM) if line.bottom < title.top]
    assert 2 * PITCH_MM <= title.top - body[-1].bottom <= 3.2 * PITCH_MM, "two blank lines above the title"


# ---- 纪要格式 (10.3) -------------------------------------------------------------------

def test_minutes_mark_35_mm_below_the_block_top(formats):
    minutes = formats["minutes"]
    red = "".join(c["text"] for c in measure.red_chars(measure.chars_of(minutes.pdf, 1)))
    assert red == "省社会组织党委会议纪要"
    top, _ = _mark_ink(minutes)
    assert abs(top - (TOP + 35)) <= 1, f"mark's top edge {top - TOP:.2f} mm below the block top"
    page = minutes.pages[0]
    assert abs(_line(page, "第12期").centre - CENTRE) <= 1
    issuer, date = _line(page, "中共广东省社会组织委员会"), _line(page, "2021年9月6日")
    assert abs(issuer.top - date.top) < 0.5 and issuer.x0 < CENTRE < date.x0
    _assert_numbered_from(minutes, 1)


def test_minutes_attendance_labels_and_aligned_wraps(formats):
    minutes = formats["minutes"]
    page = next(p for p in minutes.pages if any(line.text.startswith("出席") for line in p.lines))
    lines = page.body_lines(FOOTER_FROM)
    start = next(i for i, line in enumerate(lines) if line.text.startswith("出席"))
    present, wrapped, leave, observers = lines[start:start + 4]
    for label, line in (("出席", present), ("请假", leave), ("列席", observers)):
        assert line.compact.startswith(label + "："), line.text
        assert abs(line.x0 - (LEFT + 2 * CHAR_MM)) <= 1, f"{label} indented two characters"
    after_colon = present.chars[3]["x0"]
    assert abs(wrapped.x0 - mm(after_colon)) <= 1, "wrapped names aligned after the colon"
    assert wrapped.compact == "织党委王五"
    above = lines[start - 1]
    assert 1.8 * PITCH_MM <= present.top - above.top <= 2.2 * PITCH_MM, "one blank line under the body"


def test_minutes_labels_in_heiti_names_in_fangsong(formats, tmp_path):
    """In the DOCX the label runs name 黑体 and the names the body face; through the
    converter's fonts (a distinct free face per role) the PDF shows two faces on the line."""
    minutes = formats["minutes"]
    paragraphs = [p for p in docx.Document(str(minutes.docx)).paragraphs if p.text.startswith(("出席", "请假", "列席"))]
    assert len(paragraphs) == 3
    for paragraph in paragraphs:
        label, names = paragraph.runs[0], paragraph.runs[1]
        assert label.text in ("出席：", "请假：", "列席：")
        assert label.element.rPr.rFonts.get(docx.oxml.ns.qn("w:eastAsia")) == "黑体"
        assert names.element.rPr is None or names.element.rPr.rFonts is None, "names in the body face (仿宋)"
    pdf = docx_to_pdf(minutes.docx, tmp_path)
    page = next(p for p in measure.read_pdf(pdf) if any(line.text.startswith("出席") for line in p.lines))
    line = next(line for line in page.lines if line.text.startswith("出席"))
    label_face = {c["fontname"] for c in line.chars[:3]}
    name_face = {c["fontname"] for c in line.chars[3:]}
    if len({c["fontname"] for c in line.chars}) == 1:
        pytest.skip("no distinct free faces for 黑体 and 仿宋 on this machine (fonts-noto-cjk, fonts-arphic-uming)")
    assert label_face.isdisjoint(name_face), (label_face, name_face)


def test_minutes_colophon_goes_on_the_last_body_page_when_it_fits(formats):
    """The 版记 of the minutes example fits under the attendance lists: it takes the last two
    lines of page 2 (at the block's foot) rather than a sheet of its own."""
    pages = formats["minutes"].pages
    assert len(pages) == 2
    texts = [line.compact for line in pages[-1].body_lines(FOOTER_FROM)]
    assert any(t.startswith("列席") for t in texts) and any(t.startswith("抄送") for t in texts)
    printed = next(line for line in pages[-1].lines if line.compact.endswith("印发"))
    assert abs(printed.bottom - BLOCK_BOTTOM) < PITCH_MM


def test_minutes_have_no_seal_and_no_signature(formats):
    minutes = formats["minutes"]
    assert all(not page.images for page in minutes.pages)
    tail = [line.compact for page in minutes.pages for line in page.body_lines(FOOTER_FROM)]
    after = tail[next(i for i, t in enumerate(tail) if t.startswith("列席")) + 1:]
    assert not any(t == "中共广东省社会组织委员会" for t in after), "no signature under the lists"


# ---- the checker on each format -----------------------------------------------------

FORMAT_OF = {"letter": ("信函", "10.1"), "order": ("命令", "10.2"), "minutes": ("纪要", "10.3")}
REPLACED = {"letter": {"7.2.4", "7.2.5", "7.2.7", "7.4", "7.5"}, "order": {"7.2.4", "7.2.5", "7.2.7", "7.3.1"},
            "minutes": {"7.2.5"}}


@pytest.mark.parametrize("name", ["letter", "order", "minutes"])
def test_checker_passes_every_applicable_clause_of_each_format(formats, name):
    """The checker reads the format from the page, applies its clause of 10 and reports the
    general clauses it replaces as not applicable (never as passed)."""
    report = audit(formats[name].docx, formats[name].pdf)
    fmt, clause = FORMAT_OF[name]
    assert report.format == fmt
    assert not report.failed, [f"{f.clause} {f.title}: {f.measured}" for f in report.failed]
    special = [f for f in report.findings if f.clause == clause]
    assert len(special) >= 4 and all(f.status == PASS for f in special), special
    for f in report.findings:
        if f.clause in REPLACED[name]:
            assert f.status == NOT_APPLICABLE, f
    assert not [f for f in report.findings if f.clause.startswith("10.") and f.clause != clause]


def _wrong_letter(source: Path, target: Path, wrong: str) -> Path:
    """The example letter with one fault made in python-docx: the second double rule (the
    last two floating rectangles on page 1) removed, or the number centred."""
    document = docx.Document(str(source))
    first = document.paragraphs[0]
    if wrong == "second-rule-missing":
        drawings = [run for run in first._p.iter(docx.oxml.ns.qn("w:r"))
                    if run.find(docx.oxml.ns.qn("w:drawing")) is not None]
        for run in drawings[-2:]:
            run.getparent().remove(run)
    else:
        for text in first._p.iter(docx.oxml.ns.qn("w:t")):
            text.text = text.text.lstrip("\t")
        for tab in list(first._p.iter(docx.oxml.ns.qn("w:tab"))):
            tab.getparent().remove(tab)
        first.alignment = docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    document.save(str(target))
    return target


@pytest.fixture(scope="module")
def wrong_letters(formats, tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    out = tmp_path_factory.mktemp("wrong-letters")
    made = {wrong: _wrong_letter(formats["letter"].docx, out / f"{wrong}.docx", wrong)
            for wrong in ("second-rule-missing", "number-centred")}
    pdfs = render_many(list(made.values()), out)
    assert all(pdfs), "LibreOffice did not convert the wrong letters"
    return {wrong: (made[wrong], pdf) for wrong, pdf in zip(made, pdfs)}


@pytest.mark.parametrize("wrong, clause", [("second-rule-missing", "信函：末条红色双线"),
                                           ("number-centred", "信函：发文字号")])
def test_a_wrong_letter_fails_exactly_that_clause(wrong_letters, wrong, clause):
    docx_path, pdf = wrong_letters[wrong]
    report = audit(docx_path, pdf)
    assert report.format == "信函", "still read as a letter from what remains on page 1"
    assert [(f.clause, f.title) for f in report.failed] == [("10.1", clause)], \
        [f"{f.clause} {f.title}: {f.measured}" for f in report.failed]


# ---- fields bound to a format --------------------------------------------------------

def _problems(project) -> list:
    with pytest.raises(DataError) as caught:
        load_year(project, "2021")
    return caught.value.problems


def _line_of(project, text: str) -> int:
    content = (project.data_dir / "2021" / "notice.yaml").read_text(encoding="utf-8")
    return content[:content.index(text)].count("\n") + 1


def test_minutes_fields_in_a_general_notice_are_refused_at_their_line(tmp_path):
    project = format_project(tmp_path, "minutes", **{"format: 纪要": "format: 通用", "mark_suffix: 会议纪要\n": ""})
    [problem] = [p for p in _problems(project) if p.field == "attendance"]
    key = _line_of(project, "attendance:")
    assert problem.file == NOTICE and problem.line in (key, key + 1), "at the key or the mapping under it"
    assert "纪要" in problem.message and "format" in problem.message


def test_each_format_names_what_it_needs(tmp_path):
    order = format_project(tmp_path / "o", "order", **{"signer_title: 书记": "# signer_title: 书记"})
    assert any(p.field == "signer_title" and "命令" in p.message for p in _problems(order))
    minutes = format_project(tmp_path / "m", "minutes", **{"format: 纪要": "format: 纪要\nseal: seal.png"})
    [seal] = [p for p in _problems(minutes) if p.field == "seal"]
    assert seal.line == _line_of(minutes, "seal: seal.png") and "印章" in seal.message
    letter = format_project(tmp_path / "l", "letter", **{"\nformat: 信函": "\nformat: 信函\nmark_suffix: 文件"})
    [suffix] = [p for p in _problems(letter) if p.field == "mark_suffix"]
    assert suffix.line == _line_of(letter, "mark_suffix: 文件") and "信函" in suffix.message


def test_the_example_files_build_as_they_are(tmp_path):
    for example in ("letter", "order", "minutes"):
        project = format_project(tmp_path / example, example)
        year = load_year(project, "2021")
        assert year.notice.format == {"letter": "信函", "order": "命令", "minutes": "纪要"}[example]
        assert build_notice(year, project.templates_dir)[:2] == b"PK"
