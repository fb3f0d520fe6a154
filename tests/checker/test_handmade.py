"""The checker on notices typed by hand with python-docx (not by this project's generator):
a correct one passes every clause that applies; each wrong one fails exactly the clauses
it breaks and passes the rest. All are rendered by LibreOffice in one run per session."""
from __future__ import annotations

import pytest

from partydocs.checker import FAIL, NOT_APPLICABLE, PASS

from .cases import CORRECT, WRONG

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
    ("attachment-note-differs", "不一致"), ("short-page", "页末空了"), ("lone-character", "独占一行"),
    ("note-split", "提前断开"),
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
