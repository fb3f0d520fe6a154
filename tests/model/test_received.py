"""Office material as it arrives: a sheet with a merged title, an empty middle row, full-width
digits, trailing spaces and a "注：…" row is listed unchanged, its note under the table, the
rows left out named; a notice whose units come from such a sheet, three of them profiled by
point files, is one list in the sheet's order, and the release counts and names that list."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from partydocs.model.load import load_year
from tests import command
from tests.conftest import build_project, copy_sample
from tests.model.received import NOTE, PROFILED, TITLE, UNITS, read_back, write_received, write_received_csv


def make_docs(root: Path, *args: str) -> subprocess.CompletedProcess:
    return command.make_docs("--root", str(root), *args)


def tables(path: Path) -> list[list[list[str]]]:
    return [[[cell.text.replace("\n", "") for cell in row.cells] for row in table.rows] for table in docx.Document(str(path)).tables]


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(W + "t"))


def paragraphs_after_last_table(path: Path) -> list[str]:
    last = docx.Document(str(path)).element.body.findall(W + "tbl")[-1]
    return [text for text in map(_text, last.itersiblings()) if text.strip()]


def _award_from(project, sheet_name: str) -> None:
    """The sample's award notice listing the received sheet (7 units) instead of its own."""
    path = project.data_dir / "2021/documents/表彰通知.yaml"
    text = path.read_text(encoding="utf-8").replace("表彰名单.xlsx", sheet_name).replace("等3个党组织", f"等{len(UNITS)}个党组织")
    path.write_text(text, encoding="utf-8")


def test_a_received_sheet_lists_unchanged_with_its_note_under_the_table(tmp_path):
    project = copy_sample(tmp_path)
    sheet = project.data_dir / "2021/received.xlsx"
    where = write_received(sheet)
    before = sheet.read_bytes()
    _award_from(project, "received.xlsx")
    result = make_docs(project.root, "build", "--only", "notice", "-j", "1")
    assert result.returncode == 0, result.stderr
    assert sheet.read_bytes() == before                                   # the office's sheet is not touched
    from_sheet = tables(project.output_dir / "2021/表彰通知.docx")[0]
    assert from_sheet[0] == ["序号", "党组织名称", "所在地市"]
    assert from_sheet[1:] == [[str(n), party, city] for n, (party, _, city) in enumerate(UNITS, 1)]
    assert paragraphs_after_last_table(project.output_dir / "2021/表彰通知.docx")[0] != NOTE   # the second table has no note
    first_table_note = _note_under_first_table(project.output_dir / "2021/表彰通知.docx")
    assert first_table_note == NOTE
    said = result.stderr + result.stdout
    assert f"第 {where['title']} 行（表头上方的标题“{TITLE}”）" in said, said
    assert f"第 {where['note']} 行（表格下方的附注“{NOTE}”，印在附件表格下方）" in said
    assert "data/2021/received.xlsx:Sheet1: 未当作名单读入" in said and f"表头是第 {where['header']} 行" in said


def _note_under_first_table(path: Path) -> str:
    """The paragraph right after the first table."""
    return _text(docx.Document(str(path)).element.body.findall(W + "tbl")[0].getnext())


def _converted(tmp_path: Path, source: Path, suffix: str) -> Path:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice makes the .xls and .ods files")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", suffix,
                    "--outdir", str(source.parent), str(source)], capture_output=True, timeout=120)
    made = source.with_suffix(f".{suffix}")
    if not made.is_file():
        pytest.skip(f"LibreOffice cannot write .{suffix} here (libreoffice-calc is not installed)")
    return made


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods", "csv"])
def test_every_kind_of_sheet_reads_alike(tmp_path, project, suffix):
    """The same received list as .xlsx, .xls, .ods (merged cells and all) and .csv: the same rows,
    the same note, the same rows left out."""
    work = copy_sample(tmp_path)
    source = work.data_dir / "2021/received.xlsx"
    write_received(source)
    if suffix == "csv":
        source.unlink()
        write_received_csv(work.data_dir / "2021/received.csv")
    elif suffix != "xlsx":
        _converted(tmp_path, source, suffix)
        source.unlink()
    _award_from(work, f"received.{suffix}")
    year = load_year(work, "2021")
    (listed, _) = year.for_document("表彰通知").document.attachments
    assert [row[1:] for row in listed.rows] == [(party, city) for party, _, city in UNITS]
    assert listed.note == NOTE
    (remark,) = [note for note in year.notes if "received" in note]
    assert "第 1 行（表头上方的标题" in remark and "表格下方的附注" in remark


def _year_of_units(project, units=UNITS, profiles=tuple(PROFILED.values())) -> Path:
    """data/2022: the received unit list in points/, three profiles, a confirmation notice that
    lists every unit (`units: 全部`) and a brochure."""
    year = project.data_dir / "2022"
    (year / "points").mkdir(parents=True)
    shutil.copytree(project.data_dir / "2021/photos", year / "photos")
    for point_id in profiles:
        shutil.copy(project.data_dir / f"2021/points/{point_id}.yaml", year / "points")
    shutil.copy(project.data_dir / "2021/brochure.yaml", year / "brochure.yaml")
    brochure = (year / "brochure.yaml").read_text(encoding="utf-8").replace("date: 2021-10", "date: 2022-10")
    (year / "brochure.yaml").write_text(brochure, encoding="utf-8")
    write_received(year / "points/名单.xlsx", units)
    notice = (project.data_dir / "2021/notice.yaml").read_text(encoding="utf-8")
    notice = re.sub(r"units:.*?\nattachments:", "units: 全部\nattachments:", notice, flags=re.S)
    notice = notice.replace("year: 2021", "year: 2022").replace("2021-09-0", "2022-09-0")
    notice = notice.replace("东莞市大众社会工作服务中心党总支等5家", f"{units[0][0]}等{len(units)}家")
    (year / "notice.yaml").write_text(notice, encoding="utf-8")
    return year


def test_units_from_a_received_sheet_and_three_profiles_are_one_list_in_the_sheets_order(tmp_path):
    project = copy_sample(tmp_path)
    _year_of_units(project)
    result = make_docs(project.root, "build", "--year", "2022", "-j", "1")
    assert result.returncode == 0, result.stderr
    (listed,) = tables(project.output_dir / "2022/notice.docx")
    assert [row[1] for row in listed[1:]] == [party for party, _, _ in UNITS]          # one list, the sheet's order
    assert len(listed) == len(UNITS) + 1                                                 # no profile listed twice
    assert _note_under_first_table(project.output_dir / "2022/notice.docx") == NOTE
    text = (project.output_dir / "2022/article.txt").read_text(encoding="utf-8")
    lead = next(line for line in text.splitlines() if "社会组织党组织榜上有名" in line)
    assert f"{len(UNITS)}家社会组织党组织榜上有名" in lead and f"等{len(UNITS)}家" in lead
    named = lead.split("他们分别是：")[1].rstrip("。").split("、")
    assert named == [party for party, _, _ in UNITS]
    brochures = sorted(p.stem for p in (project.output_dir / "2022/brochures").glob("*.pdf"))
    assert brochures == sorted(PROFILED.values())
    year = load_year(project, "2022")
    assert [p.id for p in year.points if p.id in PROFILED.values()] == ["jiangxi-chamber", "dazhong-social-work",
                                                                          "women-entrepreneurs"]   # sheet's order


def test_a_unit_whose_sheet_row_and_profile_disagree_is_an_error_at_the_cell(tmp_path):
    project = copy_sample(tmp_path)
    units = list(UNITS)
    units[0] = ("中共东莞市江西商会总支部委员会", "东莞市江西商会", "东莞市")      # the profile says 支部委员会
    _year_of_units(project, units)
    result = make_docs(project.root, "validate", "--year", "2022")
    assert result.returncode == 2
    assert "data/2022/points/名单.xlsx:Sheet1!B3: 党组织名称:" in result.stderr, result.stderr
    assert "data/2022/points/jiangxi-chamber.yaml:" in result.stderr and "不一致" in result.stderr


def test_a_name_that_only_comes_close_is_named_and_not_joined_silently(tmp_path):
    project = copy_sample(tmp_path)
    units = list(UNITS)
    units[0] = ("中共东莞市江西商会支部委员", "东莞市江西商会会", "东莞市")           # typed otherwise on the sheet
    year = _year_of_units(project, units)
    notice = year / "notice.yaml"
    notice.write_text(notice.read_text(encoding="utf-8").replace(f"等{len(units)}家", f"等{len(units) + 1}家"), encoding="utf-8")
    result = make_docs(project.root, "validate", "--year", "2022")
    assert result.returncode == 0, result.stderr
    assert "名单.xlsx:Sheet1!C3: 社会组织名称: 表格中的“东莞市江西商会会”与 data/2022/points/jiangxi-chamber.yaml:" in result.stdout
    assert "相近但不相同" in result.stdout


def test_a_release_that_would_name_nobody_is_an_error(tmp_path):
    """The notice lists its units from a sheet attachment, with no `units`: the release would say
    "0家" and list nobody. It says what to write instead."""
    project = copy_sample(tmp_path)
    year = _year_of_units(project)
    shutil.move(year / "points/名单.xlsx", year / "名单.xlsx")
    notice = year / "notice.yaml"
    text = notice.read_text(encoding="utf-8").replace("units: 全部\n", "").replace("from: points", "from: 名单.xlsx")
    text = text.replace("等7家", "等7家").replace("columns: [序号, 党组织名称, 所属社会组织, 所在地]", "columns: [序号, 党组织名称, 社会组织名称, 所在地市]")
    notice.write_text(text.replace("body_template: notice/confirmation.j2", "body: 经研究，确认7家党组织为创建单位。"), encoding="utf-8")
    result = make_docs(project.root, "validate", "--year", "2022")
    assert result.returncode == 2
    assert "data/2022/notice.yaml: units: 新闻稿要写" in result.stderr, result.stderr
    assert "units: 全部" in result.stderr and "0家" not in result.stderr


def test_a_stated_count_of_nought_is_an_error(tmp_path):
    project = copy_sample(tmp_path)
    path = project.data_dir / "2021/documents/会议通知.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("各示范点创建单位党组织书记1名", "等0家创建单位党组织书记1名"),
                    encoding="utf-8")
    result = make_docs(project.root, "validate")
    assert result.returncode == 2 and "data/2021/documents/会议通知.yaml:" in result.stderr
    assert "“等0家”" in result.stderr, result.stderr


def test_header_row_names_the_header_when_the_sheet_has_two_candidates(tmp_path):
    project = copy_sample(tmp_path)
    sheet = project.data_dir / "2021/received.xlsx"
    write_received(sheet)
    _award_from(project, "received.xlsx")
    path = project.data_dir / "2021/documents/表彰通知.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("      number: true\n", "      number: true\n      header_row: 5\n", 1),
                    encoding="utf-8")
    result = make_docs(project.root, "validate")
    assert result.returncode == 2
    assert "received.xlsx 的表头（第 5 行）中没有“党组织名称”" in result.stderr, result.stderr
    path.write_text(path.read_text(encoding="utf-8").replace("header_row: 5", "header_row: 6"), encoding="utf-8")
    result = make_docs(project.root, "validate")
    assert "data/2021/received.xlsx:Sheet1!A6: header_row: header_row 写的是第 6 行，但这一行是空的" in result.stderr, result.stderr


def test_a_row_written_twice_in_the_data_is_an_error_at_its_line(tmp_path):
    project = copy_sample(tmp_path)
    path = project.data_dir / "2021/documents/表彰通知.yaml"
    text = path.read_text(encoding="utf-8")
    row = "        - [张某某, 中共东莞市江西商会支部委员会]\n"
    path.write_text(text.replace(row, row + row), encoding="utf-8")
    result = make_docs(project.root, "validate")
    assert result.returncode == 2
    line = text.splitlines().index(row.rstrip("\n")) + 2
    assert f"data/2021/documents/表彰通知.yaml:{line}:" in result.stderr and "与第 1 行重复" in result.stderr, result.stderr


def test_the_sheet_as_the_office_sees_it_keeps_its_title_and_note(tmp_path):
    """The fixture is what the tests claim: nothing in it was tidied for the program."""
    cells = read_back(write_received(tmp_path / "x.xlsx") and tmp_path / "x.xlsx")
    assert cells[0][0] == TITLE and cells[-1][0] == NOTE and cells[1][1] == "党组织\n名称 "
    assert all(value is None for value in cells[5]) and cells[2][0] == "１" and cells[2][1].endswith("  ")


def test_a_reply_form_has_fill_in_lines_above_its_table(tmp_path):
    project = copy_sample(tmp_path)
    path = project.data_dir / "2021/documents/会议通知.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      rows: 6\n", "      rows: 6\n      fields: [单位名称, 联系人, 联系电话]\n"), encoding="utf-8")
    report = build_project(project, jobs=1, only="notice")
    assert report.exit_code == 0, [m for o in report.outcomes for m in o.messages]
    lines, grid = tables(project.output_dir / "2021/会议通知.docx")
    assert lines == [["单位名称", ""], ["联系人", ""], ["联系电话", ""]]
    assert grid[0] == ["单位", "姓名", "职务", "联系电话"] and len(grid) == 7


def test_the_blank_sheet_offers_the_cities_and_kinds_as_drop_downs(tmp_path):
    import openpyxl

    project = copy_sample(tmp_path)
    blank = tmp_path / "名单.xlsx"
    result = make_docs(project.root, "blank-sheet", str(blank))
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(blank)
    sheet = book["名单"]
    header = [cell.value for cell in sheet[1]]
    rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
    city = header.index("所在地市") + 1
    kind = header.index("社会组织类别") + 1
    letter = openpyxl.utils.get_column_letter
    city_rule, kind_rule = rules[f"{letter(city)}2:{letter(city)}501"], rules[f"{letter(kind)}2:{letter(kind)}501"]
    assert city_rule.type == "list" and city_rule.errorStyle == "stop" and kind_rule.errorStyle == "warning"
    source, cells = city_rule.formula1.split("!")
    choices = [row[0].value for row in book[source.strip("'")][cells.replace("$", "")]]
    assert "东莞市" in choices and len(choices) == 21 and book[source.strip("'")].sheet_state == "hidden"
    sheet.append([1, "中共甲协会支部委员会", "甲协会", "东莞市", "南城街道", "行业协会"])
    book.save(project.data_dir / "2021/points/名单.xlsx")
    year = load_year(project, "2021")
    assert year.point("甲协会").organisation_kind == "行业协会"


def test_a_header_repeated_within_the_list_is_skipped_and_named(tmp_path):
    """A sheet printed over two pages often repeats its header at the top of the second."""
    project = copy_sample(tmp_path)
    sheet = project.data_dir / "2021/received.xlsx"
    write_received(sheet, header_after=5)
    _award_from(project, "received.xlsx")
    year = load_year(project, "2021")
    (listed, _) = year.for_document("表彰通知").document.attachments
    assert [row[1] for row in listed.rows] == [party for party, _, _ in UNITS]
    (remark,) = [note for note in year.notes if "received" in note]
    assert "第 9 行（重复的表头" in remark, remark
