"""Points read from a unit list in a spreadsheet (points/*.xlsx, .xls, .ods, .csv): one point per
row with what a notice lists of it, so a list the cities send becomes points without retyping.
Every problem is at its cell (名单.xlsx:Sheet1!C12: 所在地市: 为空)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from partydocs.reuse.errors import DataError, Problem
from partydocs.reuse.project import Project

from .model import Point
from .sheets import SHEET_SUFFIXES, Cell, Sheet, read_sheet
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
    """(Parsed rows, problems): each row as a point with listing facts, or its cells' problems."""
    from .parsed import Parsed

    sheet = read_sheet(path, project.label(path))
    columns = _columns(sheet)
    parsed, problems = [], []
    for row in sheet.rows:
        cells = {COLUMNS[name]: row[index] for name, index in columns.items()}
        empty = [(name, row[index]) for name, index in columns.items() if name in REQUIRED and not row[index].text]
        problems += [cell.problem(name, "为空；请填写，或删去这一行") for name, cell in empty]
        if empty:
            continue
        data = _nested({fields: cell.text for fields, cell in cells.items() if cell.text})
        data.setdefault("id", data["organisation"])
        cells.setdefault(("id",), cells[("organisation",)])
        doc = RowDocument(sheet.label, data, cells=cells, first=row[0])
        try:
            point = Point.model_validate(data)
        except ValidationError as error:
            problems += [doc.problem(tuple(e["loc"]), e["msg"]) for e in error.errors(include_url=False)]
            continue
        parsed.append(Parsed(path, doc, point, point.id, data))
    return parsed, problems


TEMPLATE_HEADER = ("序号", "党组织名称", "社会组织名称", "所在地市", "所在区县")


def write_blank_sheet(path: Path) -> None:
    """An .xlsx with the header row a unit list needs, for the cities to fill in."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    if path.exists():
        raise DataError([Problem(str(path), 0, 0, "", "这个文件已经存在；为免覆盖，请换一个文件名")])
    book = Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet.append(list(TEMPLATE_HEADER))
    for cell, width in zip(sheet[1], (6, 36, 30, 12, 12)):
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"
    book.save(path)


def _columns(sheet: Sheet) -> dict[str, int]:
    known = {cell.text: index for index, cell in enumerate(sheet.header) if cell.text in COLUMNS}
    unknown = [cell for cell in sheet.header if cell.text and cell.text not in COLUMNS and cell.text not in IGNORED]
    missing = [name for name in REQUIRED if name not in known]
    problems = [cell.problem("", f"不认识的列名“{cell.text}”；可用的列：{'、'.join(COLUMNS)}（序号可有可无）") for cell in unknown]
    if missing:
        problems.append(sheet.header[0].problem("", f"表头缺少：{'、'.join(missing)}（第一行应是表头）"))
    if problems:
        raise DataError(problems)
    return known


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
