"""A sheet's cells as the text to print, each judged at its own cell (`名单.xlsx:Sheet1!C3`):

- text: no control or invisible format characters (invisible.py: python-docx refuses the
  first while writing, the second reorder or hide what a reader sees), and no more than a
  cell of a list holds;
- numbers: finite and within the 15 digits Excel keeps exactly — 1e300 is no list's number,
  and printed as an integer it would be 301 digits; 12.0 is 12;
- dates: between 1900 and 2100, whether calamine made them dates or the walk found a
  date-styled serial outside them (workbook_limits.Scan.odd_dates, refused before calamine reads);
- formulas: their cached result as text (calamine gives the value, never the formula), so
  nothing in a document is a live field.

Every refused cell of a sheet is reported at once."""
from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime

from partydocs.reuse.errors import DataError, Problem

from .invisible import unseen_trouble

LARGEST = 1e15                  # Excel keeps 15 significant digits; past them a number is not what was typed
FIRST_YEAR, LAST_YEAR = 1900, 2100
MAX_CHARS = 2000                # one cell of a list: a name, a place, a remark


class CellRefused(ValueError):
    """Why a cell cannot be printed: the sentence for the clerk."""


def refuse_odd_dates(odd: dict[tuple[int, int], float] | None, where: Callable[[int, int], str]) -> None:
    """Date-styled cells whose serial is no date between 1900 and 2100, before calamine reads
    them (it panics converting some, -1e300 or NaN); `where` as for cleaned_rows."""
    if odd:
        raise DataError([Problem(where(row + 1, column), 0, 0, "", _no_date(serial)) for (row, column), serial in sorted(odd.items())])


def cleaned_rows(rows: list[list[object]], where: Callable[[int, int], str]) -> list[list[str]]:
    """Each cell as text; `where(row, column)` (row from 1, column from 0) names a cell for a
    problem. Raises DataError naming every refused cell."""
    problems, texts = [], []
    for number, row in enumerate(rows, 1):
        line = []
        for column, value in enumerate(row):
            try:
                line.append(cell_text(value))
            except CellRefused as refused:
                problems.append(Problem(where(number, column), 0, 0, "", str(refused)))
                line.append("")
        texts.append(line)
    if problems:
        raise DataError(problems)
    return texts


def cell_text(value: object) -> str:
    """A cell as the office typed it: 12.0 is 12, dates as 2023-05-01, None as empty."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number(value)
    if isinstance(value, (date, datetime)):
        return _date(value)
    if hasattr(value, "isoformat"):     # a time of day
        return value.isoformat()[:10]
    return _text(str(value).strip())


def _number(value: int | float) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        raise CellRefused(f"“{value}” 不是有效的数字（多半是公式出错）；请改成正确的数字或文字")
    if abs(value) >= LARGEST:
        raise CellRefused(f"数字 {value:.6g} 超过 15 位，Excel 不能准确保存，不像是名单中的数；"
                          "如是证件号、长编号，请把这一列设为“文本”格式后重新输入")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _date(value: date) -> str:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise CellRefused(f"日期 {value.isoformat()[:10]} 不在 {FIRST_YEAR}—{LAST_YEAR} 年之间，不是真实的日期；请核对")
    return value.isoformat()[:10]


def _no_date(serial: float) -> str:
    return (f"这个格子是日期格式，但其中的数 {serial:.10g} 换算成日期不在 {FIRST_YEAR}—{LAST_YEAR} 年之间；"
            "请核对日期，或把格子改为“常规”格式")


def _text(text: str) -> str:
    if len(text) > MAX_CHARS:
        raise CellRefused(f"这个格子有 {len(text)} 个字，超过 {MAX_CHARS} 个，不像是名单中的一项；请检查这个格子")
    trouble = unseen_trouble(text)
    if trouble:
        raise CellRefused(trouble)
    return text
