"""Workbooks within the limits read as before; just past them, a message and no allocation.
The hostile files themselves are corpus cases (tests/corpus/cases/sheet-*.yaml)."""
from __future__ import annotations

import datetime

import openpyxl
import pytest

from partydocs.model.sheets import read_sheet
from partydocs.model.workbook_limits import MAX_COLUMNS, MAX_ROWS
from partydocs.reuse.errors import DataError
from tests.corpus import workbooks as wb


def _openpyxl_book(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_a_list_of_the_most_rows_allowed_reads_and_one_more_is_refused_before_reading(tmp_path):
    header = ["序号", "党组织名称", "所在地市"]
    full = _openpyxl_book(tmp_path / "满.xlsx", [header] + [[n, f"党支部{n}", "东莞市"] for n in range(1, MAX_ROWS)])
    assert len(read_sheet(full, "满.xlsx").rows) == MAX_ROWS - 1
    over = _openpyxl_book(tmp_path / "超.xlsx", [header] + [[n, f"党支部{n}", "东莞市"] for n in range(1, MAX_ROWS + 1)])
    with pytest.raises(DataError) as caught:
        read_sheet(over, "超.xlsx")
    assert f"超过 {MAX_ROWS} 行" in caught.value.messages()[0]


def test_a_column_past_the_limit_is_refused_at_the_file(tmp_path):
    path = _openpyxl_book(tmp_path / "宽.xlsx", [["序号"] + [""] * MAX_COLUMNS + ["远处"]])
    with pytest.raises(DataError) as caught:
        read_sheet(path, "宽.xlsx")
    assert f"超过 {MAX_COLUMNS} 列" in caught.value.messages()[0]


def test_what_offices_type_still_reads_as_they_typed_it(tmp_path):
    """Phone numbers of 11 digits, dates, decimals, a cached formula, a style-only far cell."""
    path = _openpyxl_book(tmp_path / "名单.xlsx", [["姓名", "电话", "日期", "金额"],
                                                   ["张某某", 13800138000, datetime.date(2023, 5, 1), 12.5]])
    book = openpyxl.load_workbook(path)
    book.active["E1"] = "合计"
    book.active["E2"] = "=D2*2"
    book.active["F50000"].number_format = "yyyy-mm-dd"      # formatted, empty: no cell for calamine
    book.save(path)
    sheet = read_sheet(path, "名单.xlsx")
    assert [cell.text for cell in sheet.rows[0]] == ["张某某", "13800138000", "2023-05-01", "12.5", ""]


@pytest.mark.parametrize("made, suffix", [(lambda: wb.SEED_XLS.read_bytes(), ".xls"),
                                          (lambda: wb.ods("".join(wb.ods_row(r) for r in wb.SAMPLE_ROWS)), ".ods"),
                                          (lambda: wb.xlsx(wb.sample_parts()), ".xlsx")])
def test_the_sample_list_in_each_format_reads_whole(tmp_path, made, suffix):
    path = tmp_path / f"表彰名单{suffix}"
    path.write_bytes(made())
    sheet = read_sheet(path, path.name)
    assert [[cell.text for cell in row] for row in sheet.rows] == [[str(v) for v in row] for row in wb.SAMPLE_ROWS[1:]]


def test_every_refused_cell_of_a_sheet_is_named_at_once(tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(wb.xlsx(wb.sample_parts({"B2": "中共\u202e东莞", "C3": 1e300, "B4": "甲\x0c乙"})))
    with pytest.raises(DataError) as caught:
        read_sheet(path, "名单.xlsx")
    assert [m.split(":", 2)[1] for m in caught.value.messages()] == ["Sheet1!B2", "Sheet1!B4", "Sheet1!C3"]


@pytest.mark.parametrize("ref", ["XFD1", "AAAA1", "A20001"])
def test_a_cell_reference_past_the_limits_is_refused_however_it_is_spelt(tmp_path, ref):
    """calamine reads AAAA1 as column 18,279 although Excel stops at XFD: the walk reads it alike."""
    path = tmp_path / "名单.xlsx"
    path.write_bytes(wb.xlsx(wb.sample_parts(extra_cells=f'<row r="{ref[-5:].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") or 1}">'
                                                         f'<c r="{ref}"><v>1</v></c></row>')))
    with pytest.raises(DataError) as caught:
        read_sheet(path, "名单.xlsx")
    assert "超过" in caught.value.messages()[0]
