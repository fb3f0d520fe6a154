"""Sheets as offices send them, made with openpyxl: a title merged across the table above the
header, a header with a line break and trailing spaces, full-width digits, trailing spaces in
names, a city merged down two rows, an empty row in the middle, and a "注：…" row merged across
the bottom. Nothing here is tidied for the program: the tests read them as received."""
from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

TITLE = "2022年全省社会组织党建工作示范点创建单位名单"
NOTE = "注：排名不分先后。"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

# (党组织名称, 社会组织名称, 所在地市) in the office's order; three units have profiles in the sample.
UNITS = [
    ("中共东莞市江西商会支部委员会", "东莞市江西商会", "东莞市"),                     # profile: jiangxi-chamber
    ("中共广州市第1物流协会支部委员会", "广州市第1物流协会", "广州市"),
    ("中共东莞市大众社会工作服务中心总支部委员会", "东莞市大众社会工作服务中心", "东莞市"),   # profile: dazhong-social-work
    ("中共佛山市陶瓷行业协会支部委员会", "佛山市陶瓷行业协会", "佛山市"),
    ("中共佛山市顺德区家具商会支部委员会", "佛山市顺德区家具商会", "佛山市"),
    ("中共东莞市女企业家商会支部委员会", "东莞市女企业家商会", "东莞市"),               # profile: women-entrepreneurs
    ("中共珠海市游艇行业协会支部委员会", "珠海市游艇行业协会", "珠海市"),
]
PROFILED = {"东莞市江西商会": "jiangxi-chamber", "东莞市大众社会工作服务中心": "dazhong-social-work",
            "东莞市女企业家商会": "women-entrepreneurs"}
HEADER = ["序号", "党组织\n名称 ", "社会组织名称  ", "所在地市", "备注"]


def write_received(path: Path, units: list[tuple[str, str, str]] = UNITS, empty_after: int = 3,
                   header_after: int | None = None) -> dict:
    """The sheet at `path` (.xlsx), as received; returns where things stand in it (1-based rows)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    width = len(HEADER)
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append(HEADER)
    rows = {}
    for number, (party, organisation, city) in enumerate(units, 1):
        if number == empty_after + 1:
            sheet.append([])                                      # an empty row between two units
        if header_after is not None and number == header_after + 1:
            sheet.append(HEADER)                                  # the header again, as on a printed second page
        sheet.append([str(number).translate(FULL_WIDTH), party + "  ", organisation.translate(FULL_WIDTH) + " ", city, None])
        rows[organisation] = sheet.max_row
    same_city = [name for name, (_, _, city) in zip(rows, units) if city == "佛山市"]
    if len(same_city) == 2 and rows[same_city[1]] == rows[same_city[0]] + 1:
        top, bottom = rows[same_city[0]], rows[same_city[1]]
        sheet.cell(bottom, 4).value = None
        sheet.merge_cells(start_row=top, start_column=4, end_row=bottom, end_column=4)   # 佛山市 merged down
    sheet.append([NOTE])
    note_row = sheet.max_row
    sheet.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=width)
    book.save(path)
    return {"title": 1, "header": 2, "note": note_row, "rows": rows}


def write_received_csv(path: Path, units: list[tuple[str, str, str]] = UNITS) -> None:
    """The same list saved as CSV by Excel (GB18030, as a Chinese Windows saves it): no merged
    cells, so the title and the note stand in the first column."""
    with path.open("w", encoding="gb18030", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow([TITLE, "", "", "", ""])
        writer.writerow([name.replace("\n", "") for name in HEADER])
        for number, (party, organisation, city) in enumerate(units, 1):
            if number == 4:
                writer.writerow(["", "", "", "", ""])
            writer.writerow([str(number).translate(FULL_WIDTH), party + " ", organisation.translate(FULL_WIDTH), city, ""])
        writer.writerow([NOTE, "", "", "", ""])


def read_back(path: Path) -> list[list[object]]:
    """The sheet's cells as the office sees them in Excel (a check that it was not tidied)."""
    return [list(row) for row in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]
