"""The checker on notices typed by hand with python-docx (not by this project's generator):
a correct one passes every clause that applies; each wrong one fails exactly the clauses
it breaks and passes the rest. All are rendered by LibreOffice in one run per session."""
from __future__ import annotations

import pytest

from checker import FAIL, NOT_APPLICABLE, PASS, audit_many
from checker.render import render_many, soffice

from .handmade import variant, write

CORRECT = {
    "correct": variant(),
    "correct-short": variant(headings=("一、", "二、"), sentences=1, attachment=None, remark=None,
                             extra={"spacer": 5850}),
}
WRONG = {   # name: (the document, the clauses it breaks)
    "margins": (variant(margins_mm=(37, 31.8, 22.2, 35)), {("5.2.1", "页边与版心尺寸")}),
    "fangsong-missing": (variant(body_east_asia=None), {("5.2.2", role) for role in (
        "字体：发文字号", "字体：主送机关", "字体：正文", "字体：署名、日期、附件说明和附注", "字体：版记")}),
    "date-leading-zeros": (variant(date="2024年03月08日"), {("7.3.5", "成文日期")}),
    "heading-level-skipped": (variant(headings=("一、", "1.", "（1）", "二、", "（一）", "1.")), {("7.3.3", "结构层次序数")}),
    "colophon-mid-page": (variant(colophon_at_bottom=False), {("7.4", "版记")}),
    "number-with-di": (variant(number="某社党〔2024〕第3号"), {("7.2.5", "发文字号")}),
    "title-size": (variant(title_pt=18), {("7.3.1", "标题")}),
    "title-inverted": (variant(title=("关于开展2024年度社会组织党建工作", "示范点创建活动的通知")), {("7.3.1", "标题")}),
    "addressee-colon": (variant(addressee="各区社会组织党委，市社会组织党委各直属党组织"), {("7.3.2", "主送机关")}),
    "mark-black": (variant(mark_red=False), {("7.2.4", "发文机关标志")}),
    "page-numbers-one-side": (variant(even_footer=False), {("7.5", "页码")}),
    "attachment-note-differs": (variant(attachment_note="社会组织党建示范点创建标准"), {("7.3.4", "附件说明")}),
}


@pytest.fixture(scope="session")
def handmade(tmp_path_factory):
    """name → (docx, pdf, report) for every hand-made notice."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: the rendered layout cannot be checked")
    out = tmp_path_factory.mktemp("handmade")
    specs = {**CORRECT, **{name: spec for name, (spec, _) in WRONG.items()}}
    docxs = {name: write(spec, out / f"{name}.docx") for name, spec in specs.items()}
    pdfs = dict(zip(docxs, render_many(list(docxs.values()), out)))
    reports = audit_many(list(docxs.values()), {docxs[name]: pdfs[name] for name in docxs})
    return {name: (docxs[name], pdfs[name], report) for name, report in zip(docxs, reports)}


def _keys(report, status: str) -> set[tuple[str, str]]:
    return {f.key for f in report.findings if f.status == status}


@pytest.mark.parametrize("name", CORRECT)
def test_a_correct_handmade_notice_passes_every_clause(handmade, name):
    report = handmade[name][2]
    assert not report.failed, [(f.clause, f.title, f.measured) for f in report.failed]
    assert len(_keys(report, PASS)) >= 20


def test_the_short_notice_has_no_attachment_clauses(handmade):
    report = handmade["correct-short"][2]
    assert {("7.3.4", "附件说明"), ("7.3.6", "附注"), ("7.3.7", "附件")} <= _keys(report, NOT_APPLICABLE)
    assert report.pages == 2


@pytest.mark.parametrize("name", WRONG)
def test_a_wrong_notice_fails_exactly_the_clauses_it_breaks(handmade, name):
    report, broken = handmade[name][2], WRONG[name][1]
    assert _keys(report, FAIL) == broken, [(f.clause, f.title, f.measured) for f in report.failed]
    assert _keys(report, NOT_APPLICABLE) == _keys(handmade["correct"][2], NOT_APPLICABLE)


@pytest.mark.parametrize("name, says", [
    ("margins", "左 31.8 毫米"), ("fangsong-missing", "DOCX 指定的中文字体是"),
    ("date-leading-zeros", "加了 0"), ("heading-level-skipped", "跳过了一层"),
    ("colophon-mid-page", "版记没有排在版心底部"), ("number-with-di", "加了“第”"),
    ("title-size", "字号 18 磅"), ("title-inverted", "倒梯形"), ("addressee-colon", "缺少全角冒号"),
    ("mark-black", "不是红色"), ("page-numbers-one-side", "双页第 2 页的页码没有居左空一字"),
    ("attachment-note-differs", "不一致"),
])
def test_a_failure_says_what_is_wrong_and_where(handmade, name, says):
    [failure] = [f for f in handmade[name][2].failed][:1]
    assert says in failure.measured
    assert failure.expected


def test_every_finding_names_its_page_when_it_fails(handmade):
    for name in WRONG:
        for failure in handmade[name][2].failed:
            if failure.clause not in ("5.2.1", "7.5"):
                assert failure.page and failure.where, (name, failure)
