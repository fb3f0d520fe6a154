"""Lists the offices receive as spreadsheets: .xlsx, .xls and .ods read with python-calamine
(one fast reader for all three), .csv in UTF-8, UTF-8 with BOM or GB18030. The first non-empty
row names the columns; every cell keeps where it stood (`名单.xlsx:Sheet1!C12`), so a problem
is reported like a YAML one."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from partydocs.reuse.errors import DataError, Problem
from partydocs.reuse.reads import read_input

MAX_ROWS = 20_000
MAX_BYTES = 20 * 1024 * 1024
SHEET_SUFFIXES = (".xlsx", ".xls", ".ods", ".csv")


@dataclass(frozen=True)
class Cell:
    text: str
    where: str                        # "data/2023/名单.xlsx:Sheet1!C12"

    def problem(self, column: str, message: str) -> Problem:
        return Problem(self.where, 0, 0, column, message)


@dataclass(frozen=True)
class Sheet:
    label: str                        # the file as the user sees it
    name: str                         # the sheet's name ("" for a CSV file)
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]   # each as wide as the header

    def column(self, name: str) -> int | None:
        return next((i for i, cell in enumerate(self.header) if cell.text == name), None)


def read_sheet(path: Path, label: str, sheet: str | None = None) -> Sheet:
    """The sheet with its header row, or DataError saying what is wrong with the file."""
    if path.is_symlink() or not path.is_file():
        raise _file_problem(label, "找不到这个表格文件（应在本年度文件夹中）；请检查文件名和扩展名")
    if path.stat().st_size > MAX_BYTES:
        raise _file_problem(label, f"文件超过 {MAX_BYTES // 1024 // 1024} MB，不像是一份名单")
    name, values = _csv(path, label) if path.suffix.lower() == ".csv" else _workbook(path, label, sheet)
    return _with_positions(label, name, values)


def _workbook(path: Path, label: str, sheet: str | None) -> tuple[str, list[list[str]]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        name = sheet or book.sheet_names[0]
        if name not in book.sheet_names:
            raise _file_problem(label, f"没有名为“{name}”的工作表；现有：{'、'.join(book.sheet_names)}")
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=MAX_ROWS + 1)
    except DataError:
        raise
    except Exception as error:  # noqa: BLE001 - calamine raises its own kinds for a damaged file
        raise _file_problem(label, f"无法读取这个表格文件（{type(error).__name__}）；请用 Excel 或 WPS 打开后另存为 .xlsx 再试") from None
    return name, [[_text(value) for value in row] for row in rows]


def _csv(path: Path, label: str) -> tuple[str, list[list[str]]]:
    raw = read_input(path)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _file_problem(label, "CSV 文件既不是 UTF-8 也不是 GB18030 编码；请在 Excel 中“另存为”CSV UTF-8")
    return "", [row for row in csv.reader(io.StringIO(text))][: MAX_ROWS + 1]


def _text(value: object) -> str:
    """A cell as the office typed it: 12.0 is 12, dates as 2023-05-01, None as empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


def _with_positions(label: str, name: str, values: list[list[str]]) -> Sheet:
    rows = [(number, row) for number, row in enumerate(values, 1) if any(cell.strip() for cell in row)]
    if not rows:
        raise _file_problem(label, "表格是空的：第一行应是表头（如 序号、党组织名称、社会组织名称、所在地市）")
    if len(values) > MAX_ROWS:
        raise _file_problem(label, f"超过 {MAX_ROWS} 行，不像是一份名单")
    (head_number, head), body = rows[0], rows[1:]
    width = max(len(head), *(len(row) for _, row in body)) if body else len(head)

    def cells(number: int, row: list[str]) -> tuple[Cell, ...]:
        padded = list(row) + [""] * (width - len(row))
        return tuple(Cell(text.strip(), _where(label, name, number, index)) for index, text in enumerate(padded))

    header = cells(head_number, head)
    return Sheet(label, name, header, tuple(cells(number, row) for number, row in body))


def _where(label: str, sheet: str, row: int, column: int) -> str:
    letters, index = "", column + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{label}:{sheet}!{letters}{row}" if sheet else f"{label}:{letters}{row}"


def _file_problem(label: str, message: str) -> DataError:
    return DataError([Problem(label, 0, 0, "", message)])
