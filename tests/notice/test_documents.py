"""Many 公文 a year: documents/*.yaml beside notice.yaml, each its own .docx; attachments that
are tables (from a sheet, the points or the data), blank forms, or text; sheet problems at
their cells. Read back with python-docx, as Word would open them."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest

from tests import command
from tests.conftest import build_project, copy_sample


def make_docs(root: Path, *args: str) -> subprocess.CompletedProcess:
    return command.make_docs("--root", str(root), *args)


def tables(path: Path) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in docx.Document(str(path)).tables]


def texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = copy_sample(tmp_path_factory.mktemp("documents"))
    report = build_project(project, jobs=1, only="notice")
    assert report.exit_code == 0, [m for o in report.outcomes for m in o.messages]
    return project


def test_each_document_of_the_year_is_its_own_docx(built):
    names = {p.name for p in (built.output_dir / "2021").glob("*.docx")}
    assert names == {"notice.docx", "会议通知.docx", "表彰通知.docx"}


def test_a_meeting_notice_has_its_reply_form(built):
    path = built.output_dir / "2021/会议通知.docx"
    assert "附件：参会回执" in "".join(texts(path)).replace(" ", "")
    (form,) = tables(path)
    assert form[0] == ["单位", "姓名", "职务", "联系电话"]
    assert len(form) == 7 and all(cell == "" for row in form[1:] for cell in row)
    assert "参会回执" in texts(path) and "附件" in texts(path)


def test_an_award_notice_prints_a_list_from_a_sheet_and_one_from_the_data(built):
    path = built.output_dir / "2021/表彰通知.docx"
    from_sheet, inline = tables(path)
    book = openpyxl.load_workbook(built.data_dir / "2021/表彰名单.xlsx").active
    sheet_rows = [[str(v) for v in row[1:]] for row in book.iter_rows(min_row=2, values_only=True)]
    assert from_sheet[0] == ["序号", "党组织名称", "所在地市"]
    assert [row[1:] for row in from_sheet[1:]] == sheet_rows and [row[0] for row in from_sheet[1:]] == ["1", "2", "3"]
    assert inline[0] == ["序号", "姓名", "所在党组织"] and [row[:2] for row in inline[1:]] == [["1", "张某某"], ["2", "李某某"]]
    paragraphs = texts(path)
    assert "附件1" in paragraphs and "附件2" in paragraphs          # the labels and the note come from one list
    note = "".join(paragraphs).replace(" ", "")
    assert "1.全省社会组织先进基层党组织名单" in note and "2.全省社会组织优秀共产党员名单" in note


def test_a_year_without_points_or_brochure_builds_its_one_notice(tmp_path):
    project = copy_sample(tmp_path)
    year = project.data_dir / "2022" / "documents"
    year.mkdir(parents=True)
    shutil.copy(project.data_dir / "2021/documents/会议通知.yaml", year / "会议通知.yaml")
    result = make_docs(project.root, "build", "--year", "2022", "-j", "1")
    assert result.returncode == 0, result.stderr
    assert sorted(p.relative_to(project.output_dir).as_posix() for p in (project.output_dir / "2022").rglob("*.*")) == [
        "2022/会议通知.docx"]


def test_validate_counts_every_document(tmp_path):
    project = copy_sample(tmp_path)
    result = make_docs(project.root, "validate")
    assert result.returncode == 0 and "公文 3 份" in result.stdout, result.stdout


def _sheet(path: Path, rows: list[list]) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    for row in rows:
        book.active.append(row)
    book.save(path)


def test_a_sheet_with_an_empty_cell_and_a_duplicate_row_gives_both_at_their_cells(tmp_path):
    project = copy_sample(tmp_path, cold=True)         # no output/ at all, not even a seeded cache
    _sheet(project.data_dir / "2021/表彰名单.xlsx", [
        ["序号", "党组织名称", "所在地市"], [1, "中共甲党支部", "东莞市"], [2, "中共乙党支部", None], [3, "中共甲党支部", "东莞市"]])
    result = make_docs(project.root, "validate")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "data/2021/表彰名单.xlsx:Sheet1!C3: 所在地市: 为空" in result.stderr
    assert "data/2021/表彰名单.xlsx:Sheet1!B4: 党组织名称: 与 B2 所在的一行重复" in result.stderr
    assert not project.output_dir.exists()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_a_csv_list_reads_in_the_encodings_offices_save(tmp_path, encoding):
    project = copy_sample(tmp_path)
    path = project.data_dir / "2021/documents/表彰通知.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("表彰名单.xlsx", "表彰名单.csv"), encoding="utf-8")
    (project.data_dir / "2021/表彰名单.csv").write_bytes(
        "序号,党组织名称,所在地市\n1,中共甲党支部,东莞市\n2,中共乙党支部,佛山市\n3,中共丙党支部,广州市\n".encode(encoding))
    report = build_project(project, jobs=1, only="notice")
    assert report.exit_code == 0, [m for o in report.outcomes for m in o.messages]
    from_sheet = tables(project.output_dir / "2021/表彰通知.docx")[0]
    assert [row[1] for row in from_sheet[1:]] == ["中共甲党支部", "中共乙党支部", "中共丙党支部"]


@pytest.mark.parametrize("change, says", [
    (("    form:                         # 回执：表头各列，下面留出空行供填写\n      columns: [单位, 姓名, 职务, 联系电话]\n      rows: 6\n", ""),
     "附件要写且只写一种内容"),
    (("      columns: [单位, 姓名, 职务, 联系电话]\n", ""), "表单要写 fields"),
])
def test_an_attachment_without_one_content_is_an_error_at_its_line(tmp_path, change, says):
    project = copy_sample(tmp_path)
    path = project.data_dir / "2021/documents/会议通知.yaml"
    text = path.read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text.replace(*change), encoding="utf-8")
    result = make_docs(project.root, "validate")
    assert result.returncode == 2 and "data/2021/documents/会议通知.yaml:" in result.stderr and says in result.stderr


@pytest.mark.parametrize("name", ["con", "NUL", "结尾有句点."])
def test_a_document_name_unsafe_on_windows_is_refused(tmp_path, name):
    project = copy_sample(tmp_path)
    shutil.copy(project.data_dir / "2021/documents/会议通知.yaml", project.data_dir / f"2021/documents/{name}.yaml")
    result = make_docs(project.root, "validate")
    assert result.returncode == 2 and f"documents/{name}.yaml" in result.stderr
    assert "不能" in result.stderr or "保留" in result.stderr


def _unit_list(path: Path, rows: list[list]) -> None:
    _sheet(path, [["序号", "党组织名称", "社会组织名称", "所在地市"], *rows])


CONFIRMATION = """issuers:
  - name: 中共广东省社会组织委员会
number: {{code: 粤社党, year: 2023, seq: 8}}
title: 关于将{first}等{count}家党组织确认为全省社会组织党建工作示范点创建单位的通知
addressees: [各地级以上市社会组织党委]
body: |
  经研究，确认{first}等{count}家党组织为全省社会组织党建工作示范点创建单位（名单见附件）。
units: 全部
attachments:
  - title: 全省社会组织党建工作示范点创建单位名单
    table:
      columns: [序号, 党组织名称, 所属社会组织, 所在地]
      from: points
      number: true
date: 2023-05-06
"""


def test_a_110_row_sheet_becomes_the_points_and_the_notices_list_without_typing(tmp_path):
    project = copy_sample(tmp_path)
    year = project.data_dir / "2023"
    (year / "points").mkdir(parents=True)
    (year / "documents").mkdir()
    rows = [[n, f"中共东莞市第{n}协会支部委员会", f"东莞市第{n}协会", "东莞市"] for n in range(1, 111)]
    _unit_list(year / "points" / "名单.xlsx", rows)
    (year / "documents" / "确认通知.yaml").write_text(
        CONFIRMATION.format(first="中共东莞市第1协会支部委员会", count=110), encoding="utf-8")
    result = make_docs(project.root, "build", "--year", "2023", "-j", "1")
    assert result.returncode == 0, result.stderr
    (table,) = tables(project.output_dir / "2023/确认通知.docx")
    assert len(table) == 111 and table[0] == ["序号", "党组织名称", "所属社会组织", "所在地"]
    assert [cell.replace("\n", "") for cell in table[110]] == ["110", "中共东莞市第110协会支部委员会", "东莞市第110协会", "东莞市"]
    assert not (project.output_dir / "2023" / "brochures").exists()       # no brochure.yaml: no brochure


def test_a_unit_sheet_with_an_empty_cell_and_a_duplicate_unit_gives_both_at_their_cells(tmp_path):
    project = copy_sample(tmp_path)
    year = project.data_dir / "2023"
    (year / "points").mkdir(parents=True)
    (year / "documents").mkdir()
    _unit_list(year / "points" / "名单.xlsx", [[1, "中共甲协会支部委员会", "甲协会", "东莞市"],
                                              [2, "中共乙协会支部委员会", "乙协会", None],
                                              [3, "中共丙协会支部委员会", "甲协会", "东莞市"]])
    (year / "documents" / "确认通知.yaml").write_text(CONFIRMATION.format(first="中共甲协会支部委员会", count=2),
                                                   encoding="utf-8")
    result = make_docs(project.root, "validate", "--year", "2023")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "data/2023/points/名单.xlsx:Sheet1!D3: 所在地市: 为空" in result.stderr, result.stderr
    assert "data/2023/points/名单.xlsx:Sheet1!C4: 社会组织名称:" in result.stderr and "重复" in result.stderr


def test_a_point_with_only_what_a_notice_lists_stays_out_of_the_book_and_is_named(tmp_path):
    project = copy_sample(tmp_path)
    (project.data_dir / "2021/points/名单.csv").write_text("党组织名称,社会组织名称,所在地市\n中共甲协会支部委员会,甲协会,东莞市\n",
                                                       encoding="utf-8")
    result = make_docs(project.root, "validate")
    assert result.returncode == 0, result.stderr
    assert "画册未收入 1 个示范点（甲协会）" in result.stdout
    brochure = project.data_dir / "2021/brochure.yaml"
    brochure.write_text(brochure.read_text(encoding="utf-8") + "order: [jiangxi-chamber, 甲协会]\n", encoding="utf-8")
    result = make_docs(project.root, "validate")
    assert result.returncode == 2
    assert "data/2021/brochure.yaml:" in result.stderr and "order[2]" in result.stderr and "没有画册所需的资料" in result.stderr


def test_a_blank_unit_list_comes_back_filled_in_as_points(tmp_path):
    """`blank-sheet` writes the header the cities fill in; the filled list reads back as points."""
    project = copy_sample(tmp_path)
    blank = tmp_path / "名单.xlsx"
    assert make_docs(project.root, "blank-sheet", str(blank)).returncode == 0
    assert make_docs(project.root, "blank-sheet", str(blank)).returncode == 2          # never overwritten
    book = openpyxl.load_workbook(blank)
    book.active.append([1, "中共甲协会支部委员会", "甲协会", "东莞市", "南城街道"])
    book.save(project.data_dir / "2021/points/名单.xlsx")
    result = make_docs(project.root, "list")
    assert result.returncode == 0 and "甲协会" in result.stdout, result.stderr


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice makes the .xls file")
def test_an_old_excel_xls_list_reads_too(tmp_path):
    project = copy_sample(tmp_path)
    _unit_list(tmp_path / "名单.xlsx", [[1, "中共甲协会支部委员会", "甲协会", "东莞市"]])
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "xls",
                    "--outdir", str(project.data_dir / "2021/points"), str(tmp_path / "名单.xlsx")],
                   capture_output=True, timeout=120)
    if not (project.data_dir / "2021/points/名单.xls").is_file():
        pytest.skip("LibreOffice cannot write .xls here (its spreadsheet part, libreoffice-calc, is not installed)")
    result = make_docs(project.root, "list")
    assert result.returncode == 0 and "甲协会" in result.stdout, result.stderr
