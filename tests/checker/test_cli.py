"""The check command's entry point: the table, --json against its schema, exit codes, files
that cannot be read (exit 2, a Chinese message, no traceback), and the report beside a build."""
from __future__ import annotations

import io
import json
import shutil

import jsonschema
import pytest

from partydocs.checker import CheckError, audit, write_report
from partydocs.checker.cli import run
from partydocs.checker.report import SCHEMA
from tests.command import make_docs
from tests.conftest import copy_sample

from .cases import WRONG


def _validate(document: dict) -> None:
    jsonschema.validate(document, json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_the_json_of_every_handmade_notice_validates_against_the_schema(handmade):
    from partydocs.checker.report import as_json

    document = as_json([report for _, _, report in handmade.values()])
    _validate(document)
    assert document["exit_code"] == 1
    assert {f["passed"] for f in document["files"]} == {True, False}
    assert {f["format"] for f in document["files"]} == {"通用"}, "hand-made notices are in the general format"
    broken = json.loads(json.dumps(document))
    broken["files"][0]["format"] = "公告"
    with pytest.raises(jsonschema.ValidationError):
        _validate(broken)


def test_a_pdf_is_checked_without_libreoffice_and_the_table_says_what_failed(handmade):
    pdf = handmade["date-leading-zeros"][1]
    out = io.StringIO()
    assert run([pdf], as_json=False, out=out) == 1
    text = out.getvalue()
    assert "成文日期" in text and "不符合" in text and "2024年03月08日" in text


def test_json_for_a_passing_pdf_exits_0(handmade):
    out = io.StringIO()
    assert run([handmade["correct"][1]], as_json=True, out=out) == 0
    document = json.loads(out.getvalue())
    _validate(document)
    fonts = [f for f in document["files"][0]["findings"] if f["clause"] == "5.2.2"]
    assert fonts and all(f["status"] == "n/a" for f in fonts), "a PDF does not show the fonts the DOCX named"


@pytest.mark.parametrize("content", [b"this is not a word document", b"PK\x03\x04 truncated zip"])
def test_a_corrupt_docx_exits_2_with_a_chinese_message_and_no_traceback(tmp_path, capsys, content):
    broken = tmp_path / "坏文件.docx"
    broken.write_bytes(content)
    out = io.StringIO()
    assert run([broken], as_json=False, out=out) == 2
    text = out.getvalue() + capsys.readouterr().err
    assert "坏文件.docx" in text and "不是有效的 Word 文档" in text and "另存为" in text
    assert "Traceback" not in text
    with pytest.raises(CheckError):
        audit(broken)


def test_one_unreadable_file_among_good_ones_exits_2_and_the_others_are_reported(handmade, tmp_path):
    missing = tmp_path / "没有这个文件.docx"
    out = io.StringIO()
    assert run([handmade["correct"][1], missing], as_json=True, out=out) == 2
    document = json.loads(out.getvalue())
    _validate(document)
    good, bad = document["files"]
    assert good["passed"] and not bad["readable"] and "找不到这个文件" in bad["error"]


def test_a_truncated_docx_that_zip_accepts_is_still_refused(handmade, tmp_path):
    data = handmade["correct"][0].read_bytes()
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(data[: len(data) // 2])
    assert run([truncated], as_json=False, out=io.StringIO()) == 2


@pytest.mark.parametrize("suffix", [".json", ".txt"])
def test_write_report_puts_a_readable_report_beside_the_output(handmade, tmp_path, suffix):
    docx, pdf, _ = handmade["title-size"]
    target = tmp_path / f"notice.check{suffix}"
    report = write_report(docx, target, pdf)
    assert [f.key for f in report.failed] == list(WRONG["title-size"][1])
    text = target.read_text(encoding="utf-8")
    if suffix == ".json":
        _validate(json.loads(text))
    else:
        assert "7.3.1" in text and "字号 18 磅" in text
    assert [p.name for p in tmp_path.iterdir()] == [target.name], "no scratch file left"


def test_the_sample_notice_built_by_make_docs_passes_every_clause(tmp_path):
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: the rendered layout cannot be checked")
    copy_sample(tmp_path)
    assert make_docs("build", "--only", "notice", "--root", str(tmp_path), "--quiet", cwd=tmp_path).returncode == 0
    [notice] = sorted((tmp_path / "output").glob("*/notice.docx"))
    report = audit(notice)
    assert not report.failed, [(f.clause, f.title, f.measured) for f in report.failed]
    applicable = [f for f in report.findings if f.status == "pass"]
    assert len(applicable) >= 25
