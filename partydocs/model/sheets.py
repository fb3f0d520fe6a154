"""Lists the offices receive as spreadsheets: .xlsx, .xls and .ods read with python-calamine
(one fast reader for all three), .csv in UTF-8, UTF-8 with BOM or GB18030.

A sheet is read as it was received, not as a program would like it: the header is the first
row that holds the expected columns (or the row the data names), so a merged title row above
it is skipped; the header repeated within the list (a printed sheet's second page) and note,
total and sign-off rows below the list are skipped too (a "注：…" row is
kept as the table's note); empty rows between the units are passed over; a merged cell reads
as its value in every cell it covers; full-width digits and stray spaces are tidied. Every cell
keeps where it stood (`名单.xlsx:Sheet1!C12`), so a problem is reported like a YAML one, and
every row left out is named once (`Sheet.remark`)."""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import iterparse

from partydocs.reuse.errors import DataError, Problem
from partydocs.reuse.reads import read_input

from .sheet_cells import cleaned_rows, refuse_odd_dates
from .workbook_limits import calamine_failed, calamine_trouble, check_workbook, csv_rows

MAX_ROWS = 20_000
MAX_BYTES = 20 * 1024 * 1024
SHEET_SUFFIXES = (".xlsx", ".xls", ".ods", ".csv")
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# Rows below a list that are not units: its note, a total, who filled it in.
NOTE = re.compile(r"^(?:注|备注|附注|说明|注释)\s*[0-9一二三四五六七八九十]*\s*[:：、.．]")
CLOSING = re.compile(r"^(?:合计|总计|小计|共计|总数|填表|制表|填报|审核|联系人|联系电话|负责人)")

Range = tuple[tuple[int, int], tuple[int, int]]      # ((first row, first column), (last row, last column)), from 0


@dataclass(frozen=True)
class Cell:
    text: str
    where: str                        # "data/2023/名单.xlsx:Sheet1!C12"
    row: int = 0                      # its row number, from 1

    def problem(self, column: str, message: str) -> Problem:
        return Problem(self.where, 0, 0, column, message)


@dataclass(frozen=True)
class Sheet:
    label: str                        # the file as the user sees it
    name: str                         # the sheet's name ("" for a CSV file)
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]   # each as wide as the header
    notes: tuple[str, ...] = ()       # the "注：…" rows below the list, as the office wrote them
    skipped: tuple[tuple[int, str, str], ...] = ()   # (row number, "above"/"again"/"below", its text): not units
    header_at: int = 1                # the header's row number

    def column(self, name: str) -> int | None:
        wanted = header_key(name)
        return next((i for i, cell in enumerate(self.header) if header_key(cell.text) == wanted), None)

    def remark(self, note_printed: bool) -> str | None:
        """The rows left out of the list, said once as a 提醒 (None when there were none)."""
        if not self.skipped:
            return None
        said = []
        for number, side, text in self.skipped:
            shown = text if len(text) <= 30 else text[:30] + "…"
            what = {"above": "表头上方的标题", "again": "重复的表头"}.get(side) or \
                ("表格下方的附注" if NOTE.match(text) else "表格下方的说明或合计")
            kept = "，印在附件表格下方" if note_printed and side == "below" and NOTE.match(text) else ""
            said.append(f"第 {number} 行（{what}“{shown}”{kept}）")
        place = f"{self.label}:{self.name}" if self.name else self.label
        return f"{place}: 未当作名单读入：{'；'.join(said)}；表头是第 {self.header_at} 行"


def header_key(text: str) -> str:
    """A header as compared: "党组织\\n名称 " and "党组织名称" are the same column."""
    return "".join(text.translate(FULL_WIDTH_DIGITS).split())


def read_sheet(path: Path, label: str, sheet: str | None = None, columns: tuple[str, ...] = (),
               header_row: int | None = None) -> Sheet:
    """The sheet with its header row (the first holding every one of `columns`, or row
    `header_row`), or DataError saying what is wrong with the file."""
    if path.is_symlink() or not path.is_file():
        raise _file_problem(label, "找不到这个表格文件（应在本年度文件夹中）；请检查文件名和扩展名")
    if path.stat().st_size > MAX_BYTES:
        raise _file_problem(label, f"文件超过 {MAX_BYTES // 1024 // 1024} MB，不像是一份名单")
    name, values, merged = _csv(path, label) if path.suffix.lower() == ".csv" else _workbook(path, label, sheet)
    return _with_positions(label, name, _filled(values, merged), set(_banners(values, merged)), columns, header_row)


def _workbook(path: Path, label: str, sheet: str | None) -> tuple[str, list[list[str]], list[Range]]:
    from python_calamine import CalamineWorkbook

    scan = check_workbook(path, label)       # its limits, before calamine allocates anything for it
    try:
        book = CalamineWorkbook.from_path(str(path))
        name = sheet or book.sheet_names[0]
        if name not in book.sheet_names:
            raise _file_problem(label, f"没有名为“{name}”的工作表；现有：{'、'.join(book.sheet_names)}")
        refuse_odd_dates(scan.odd_dates.get(name), lambda row, column: cell_where(label, name, row, column))
        found = book.get_sheet_by_name(name)
        rows = found.to_python(skip_empty_area=False, nrows=MAX_ROWS + 1)
        merged = found.merged_cell_ranges
        if merged is None and path.suffix.lower() == ".ods":
            merged = _ods_merged(path, name)        # calamine does not give an .ods file's merged cells
    except DataError:
        raise
    except BaseException as error:  # noqa: BLE001 - calamine raises its own kinds for a damaged file, and panics
        if not calamine_failed(error):
            raise
        raise _file_problem(label, calamine_trouble(error), f"{type(error).__name__}: {error}") from None
    return name, cleaned_rows(rows, lambda row, column: cell_where(label, name, row, column)), list(merged or [])


ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_merged(path: Path, name: str) -> list[Range]:
    """The merged cells of one sheet of an .ods file, from its content.xml: a cell spanning
    rows or columns (table:number-rows-spanned / -columns-spanned), with repeated rows and
    cells counted, never expanded."""
    merged: list[Range] = []
    inside, row, column = False, 0, 0
    with zipfile.ZipFile(path) as package, package.open("content.xml") as content:
        for event, element in iterparse(content, events=("start", "end")):
            tag, attribute = element.tag, element.attrib.get
            if tag == ODS_TABLE + "table":
                if event == "start":
                    inside = attribute(ODS_TABLE + "name") == name
                elif inside:
                    break
            elif not inside:
                pass
            elif tag == ODS_TABLE + "table-row":
                if event == "start":
                    column = 0
                else:
                    row += int(attribute(ODS_TABLE + "number-rows-repeated", "1"))
            elif tag in (ODS_TABLE + "table-cell", ODS_TABLE + "covered-table-cell") and event == "start":
                rows = int(attribute(ODS_TABLE + "number-rows-spanned", "1"))
                columns = int(attribute(ODS_TABLE + "number-columns-spanned", "1"))
                if rows > 1 or columns > 1:
                    merged.append(((row, column), (row + rows - 1, column + columns - 1)))
                column += int(attribute(ODS_TABLE + "number-columns-repeated", "1"))
            if event == "end":
                element.clear()
    return merged


def _csv(path: Path, label: str) -> tuple[str, list[list[str]], list[Range]]:
    raw = read_input(path)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _file_problem(label, "CSV 文件既不是 UTF-8 也不是 GB18030 编码；请在 Excel 中“另存为”CSV UTF-8")
    rows = csv_rows(text, label)
    return "", cleaned_rows(rows, lambda row, column: cell_where(label, "", row, column)), []


def _tidy(text: str) -> str:
    """What a cell says, without the spaces around it (ideographic and no-break spaces
    included) and with full-width digits as the ASCII digits a 公文 prints."""
    return text.strip().translate(FULL_WIDTH_DIGITS)


def _filled(values: list[list[str]], merged: list[Range]) -> list[list[str]]:
    """Every cell of a merged range holds the range's value, as the office sees it."""
    rows = [list(row) for row in values]
    for (top, left), (bottom, right) in merged:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            row.extend([""] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                row[c] = value
    return rows


def _banners(values: list[list[str]], merged: list[Range]):
    """Rows (from 0) that are one cell merged across several columns, as titles and notes are."""
    for (top, left), (bottom, right) in merged:
        if top == bottom and right > left and top < len(values):
            others = [text for c, text in enumerate(values[top]) if text.strip() and not left <= c <= right]
            if not others:
                yield top


def _with_positions(label: str, name: str, values: list[list[str]], banners: set[int], columns: tuple[str, ...],
                    header_row: int | None) -> Sheet:
    if len(values) > MAX_ROWS:
        raise _file_problem(label, f"超过 {MAX_ROWS} 行，不像是一份名单")
    rows = [(number, [_tidy(text) for text in row]) for number, row in enumerate(values, 1) if any(text.strip() for text in row)]
    if not rows:
        raise _file_problem(label, "表格是空的：应有一行表头（如 序号、党组织名称、社会组织名称、所在地市），下面每行一个单位")
    head_at = _header_index(label, name, rows, columns, header_row)
    above, (head_number, head), body = rows[:head_at], rows[head_at], rows[head_at + 1:]
    closing = _closing_rows(body, banners, sum(1 for text in head if text))
    body, below = body[:len(body) - closing], body[len(body) - closing:]
    heading = [header_key(text) for text in head]
    again = [(number, row) for number, row in body if [header_key(text) for text in row][:len(heading)] == heading]
    body = [(number, row) for number, row in body if (number, row) not in again]
    width = max([len(head), *(len(row) for _, row in body)])

    def cells(number: int, row: list[str]) -> tuple[Cell, ...]:
        padded = list(row) + [""] * (width - len(row))
        return tuple(Cell(text, cell_where(label, name, number, index), number) for index, text in enumerate(padded))

    skipped = tuple((number, "above", _row_text(row)) for number, row in above)
    skipped += tuple((number, "again", _row_text(row)) for number, row in again)
    skipped += tuple((number, "below", _row_text(row)) for number, row in below)
    skipped = tuple(sorted(skipped))
    notes = tuple(_row_text(row) for _, row in below if NOTE.match(_row_text(row)))
    return Sheet(label, name, cells(head_number, head), tuple(cells(number, row) for number, row in body), notes, skipped,
                 head_number)


def _header_index(label: str, name: str, rows: list[tuple[int, list[str]]], columns: tuple[str, ...],
                  header_row: int | None) -> int:
    """Which of the non-empty rows is the header: the one the data names, else the first that
    holds every expected column, else the one holding most of them, else the first."""
    if header_row is not None:
        found = next((index for index, (number, _) in enumerate(rows) if number == header_row), None)
        if found is None:
            where = f"{label}:{name}!A{header_row}" if name else f"{label}:A{header_row}"
            raise DataError([Problem(where, 0, 0, "header_row", f"header_row 写的是第 {header_row} 行，但这一行是空的；请写表头所在的行号")])
        return found
    wanted = {header_key(column) for column in columns}
    if not wanted:
        return 0
    held = [len(wanted & {header_key(text) for text in row}) for _, row in rows]
    complete = next((index for index, count in enumerate(held) if count == len(wanted)), None)
    if complete is not None:
        return complete
    best = max(held)
    return held.index(best) if best else 0


def _closing_rows(body: list[tuple[int, list[str]]], banners: set[int], width: int) -> int:
    """How many rows at the end of the list are notes, totals or sign-offs, not units: each
    starts with 注：/合计/填表人…, or is one cell merged across the table."""
    count = 0
    for number, row in reversed(body):
        text = _row_text(row)
        if not (NOTE.match(text) or CLOSING.match(text) or (number - 1 in banners and width > 1)):
            break
        count += 1
    return count


def _row_text(row: list[str]) -> str:
    """A row as one line: its distinct cells in order (a merged cell once)."""
    return " ".join(dict.fromkeys(text for text in row if text))


def cell_where(label: str, sheet: str, row: int, column: int) -> str:
    """"名单.xlsx:Sheet1!C12" for row 12, column 2 (from 0) of Sheet1; "名单.csv:C12" for a CSV."""
    letters, index = "", column + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{label}:{sheet}!{letters}{row}" if sheet else f"{label}:{letters}{row}"


def _file_problem(label: str, message: str, detail: str = "") -> DataError:
    return DataError([Problem(label, 0, 0, "", message, detail)])
