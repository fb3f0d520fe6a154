"""Points read from a unit list in a spreadsheet (points/*.xlsx, .xls, .ods, .csv): one point per
row with what a notice lists of it, so a list the cities send becomes points without retyping.
Every problem is at its cell (名单.xlsx:Sheet1!C12: 所在地市: 为空)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import Field, ValidationError

from partydocs.reuse.errors import DataError, Problem
from partydocs.reuse.project import Project

from .model import Name, Point, Strict
from .names import name_key
from .schema_messages import message_of
from .sheets import SHEET_SUFFIXES, Cell, Sheet, header_key, read_sheet
from .yaml_reader import YamlDocument

# Header -> the point's field it fills; the first four are required.
COLUMNS = {
    "党组织名称": ("party_org", "name"),
    "社会组织名称": ("organisation",),
    "所在地市": ("location", "city"),
    "编号": ("id",),
    "党组织简称": ("party_org", "short_name"),
    "所在区县": ("location", "district"),
    "所在镇街": ("location", "district"),
    "社会组织类别": ("organisation_kind",),
    "类别": ("organisation_kind",),
}
REQUIRED = ("党组织名称", "社会组织名称", "所在地市")
IGNORED = ("序号",)


@dataclass
class RowDocument(YamlDocument):
    """A sheet row standing in for a point's YAML file: problems point at its cells."""

    cells: dict[tuple, Cell] = field(default_factory=dict)
    first: Cell | None = None

    def problem(self, path: tuple, message: str, at_key: bool = False) -> Problem:
        for cut in range(len(path), 0, -1):
            cell = self.cells.get(tuple(path[:cut]))
            if cell is not None:
                return cell.problem(_header_of(tuple(path[:cut])), message)
        return self.first.problem("", message)

    def keeping(self, paths) -> RowDocument:
        return self


def sheet_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SHEET_SUFFIXES) if folder.is_dir() else []


def read_points(project: Project, path: Path):
    """(Parsed rows, problems, remarks, notes): each row as a point with listing facts, or its
    cells' problems; a unit listed twice is an error at the second row's cell; the remarks name
    the rows that are not units (a title above the header, a note below the list) and the
    columns not read; the notes are the sheet's "注：…" rows, for the tables that list its units."""
    from .parsed import Parsed

    sheet = read_sheet(path, project.label(path), columns=REQUIRED)
    columns, unread = _columns(sheet)
    parsed, problems, first = [], [], {}
    for row in sheet.rows:
        cells = {COLUMNS[name]: row[index] for name, index in columns.items()}
        empty = [(name, row[index]) for name, index in columns.items() if name in REQUIRED and not row[index].text]
        problems += [cell.problem(name, "为空；请填写，或删去这一行") for name, cell in empty]
        repeated = _repeated(columns, row, first)
        problems += [repeated] if repeated else []
        if empty or repeated:
            continue
        data = _nested({fields: cell.text for fields, cell in cells.items() if cell.text})
        data.setdefault("id", data["organisation"])
        cells.setdefault(("id",), cells[("organisation",)])
        doc = RowDocument(sheet.label, data, cells=cells, first=row[0])
        try:
            point = Point.model_validate(data)
        except ValidationError as error:
            problems += [doc.problem(tuple(e["loc"]), message_of(e, Point)) for e in error.errors(include_url=False)]
            continue
        parsed.append(Parsed(path, doc, point, point.id, data))
    remarks = [said for said in (sheet.remark(note_printed=True), unread) if said]
    return parsed, problems, remarks, sheet.notes


def _repeated(columns: dict[str, int], row: tuple[Cell, ...], first: dict[tuple[str, str], str]) -> Problem | None:
    """The row's problem if its organisation or party organisation is already on the list."""
    for name in ("社会组织名称", "党组织名称"):
        cell = row[columns[name]]
        key = (name, name_key(cell.text))
        if cell.text and key in first:
            return cell.problem(name, f"“{cell.text}”与第 {first[key]} 行重复；一个单位只列一次，请删去一行")
        if cell.text:
            first[key] = cell.row
    return None


class BlankSheetLists(Strict):
    """The drop-downs' choices (templates/styles/sheet.yaml), edited by the office."""

    cities: Annotated[list[Name], Field(min_length=1, max_length=300)]
    kinds: Annotated[list[Name], Field(min_length=1, max_length=300)]


SHEET_STYLE = "styles/sheet.yaml"


def blank_sheet_lists(templates_dir: Path) -> BlankSheetLists:
    """The choices the office keeps in templates/styles/sheet.yaml, read and validated."""
    from .settings import read_settings

    return read_settings(templates_dir / SHEET_STYLE, f"templates/{SHEET_STYLE}", BlankSheetLists)[1]


TEMPLATE_HEADER = ("序号", "党组织名称", "社会组织名称", "所在地市", "所在区县", "社会组织类别")
TEMPLATE_WIDTHS = (6, 36, 30, 12, 12, 14)
BLANK_ROWS = 500                     # how far down the drop-downs reach


def write_blank_sheet(path: Path, choices: BlankSheetLists) -> None:
    """An .xlsx with the header row a unit list needs, for the cities to fill in: 所在地市 and
    社会组织类别 are drop-downs (Excel's and WPS's data validation), so the names come back
    written one way."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    if path.exists():
        raise DataError([Problem(str(path), 0, 0, "", "这个文件已经存在；为免覆盖，请换一个文件名")])
    book = Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet.append(list(TEMPLATE_HEADER))
    for cell, width in zip(sheet[1], TEMPLATE_WIDTHS):
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = width
    _drop_down(book, sheet, TEMPLATE_HEADER.index("所在地市"), "地市", choices.cities, strict=True)
    _drop_down(book, sheet, TEMPLATE_HEADER.index("社会组织类别"), "类别", choices.kinds, strict=False)
    sheet.freeze_panes = "A2"
    book.save(path)


def _drop_down(book, sheet, column: int, title: str, values: list[str], strict: bool) -> None:
    """A list to pick from in one column, its values on a hidden sheet (a list written into the
    rule itself may hold only 255 characters). `strict`: other values are refused, else the
    office is warned and may keep its own."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    source = book.create_sheet(f"可选{title}")
    for value in values:
        source.append([value])
    source.sheet_state = "hidden"
    letter = get_column_letter(column + 1)
    rule = DataValidation(type="list", formula1=f"'{source.title}'!$A$1:$A${len(values)}", allow_blank=True,
                          showErrorMessage=True, errorStyle="stop" if strict else "warning",
                          errorTitle=f"{title}不在列表中", error=f"请从下拉列表中选择{title}",
                          promptTitle=title, prompt=f"请从下拉列表中选择{title}", showInputMessage=True)
    rule.add(f"{letter}2:{letter}{BLANK_ROWS + 1}")
    sheet.add_data_validation(rule)


def _columns(sheet: Sheet) -> tuple[dict[str, int], str | None]:
    """Which column holds what (the header as written: spaces and line breaks in it do not
    matter), and a remark naming the columns not read (备注, 联系人 … as sheets have them)."""
    keys = {header_key(name): name for name in (*COLUMNS, *IGNORED)}
    named = [(keys.get(header_key(cell.text)), index, cell) for index, cell in enumerate(sheet.header)]
    known = {name: index for name, index, _ in named if name in COLUMNS}
    unknown = [cell for name, _, cell in named if cell.text and name is None]
    missing = [name for name in REQUIRED if name not in known]
    if missing:
        raise DataError([sheet.header[0].problem("", f"表头（第 {sheet.header_at} 行）缺少：{'、'.join(missing)}；"
                                                     f"表头应是一行列名，如 {'、'.join(TEMPLATE_HEADER[:4])}")])
    shown = "、".join(f"“{cell.text}”（{cell.where.rsplit('!', 1)[-1].rstrip('0123456789')} 列）" for cell in unknown)
    place = f"{sheet.label}:{sheet.name}" if sheet.name else sheet.label
    return known, (f"{place}: 没有读入的列：{shown}；可用的列：{'、'.join(COLUMNS)}" if unknown else None)


def _nested(flat: dict[tuple, str]) -> dict:
    data: dict = {}
    for path, value in flat.items():
        target = data
        for part in path[:-1]:
            target = target.setdefault(part, {})
        target[path[-1]] = value
    return data


def _header_of(path: tuple) -> str:
    return next((name for name, fields in COLUMNS.items() if fields == path), ".".join(map(str, path)))
