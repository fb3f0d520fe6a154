"""A document's attachments made ready to print: a table's rows read from its sheet, from the
year's points or from the data; a form's blank rows; a text's blocks. Every problem is placed
at the document's line, or at the sheet's cell."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from partydocs.reuse.errors import DataError, Problem
from partydocs.reuse.project import Project

from .model import NUMBER_COLUMN, Attachment, Content, Point, TableSpec
from .sheets import read_sheet
from .templating import parse_blocks

if TYPE_CHECKING:
    from .parsed import Parsed

# What a list of points can show, by the column names offices use for it.
POINT_COLUMNS = {
    "党组织名称": lambda p: p.party_org.name, "党组织": lambda p: p.party_org.name,
    "社会组织名称": lambda p: p.organisation, "所属社会组织": lambda p: p.organisation, "社会组织": lambda p: p.organisation,
    "所在地": lambda p: p.location.zh(), "所在地市": lambda p: p.location.city, "所在市": lambda p: p.location.city,
}


def resolve(project: Project, root: Path, parsed: Parsed, units: list[Point]) -> tuple[list[Content], list[Path]]:
    problems: list[Problem] = []
    contents, reads = [], []
    for index, attachment in enumerate(parsed.model.attachments):
        where = ("attachments", index)
        try:
            content, read = _content(project, root, parsed, where, attachment, units)
        except DataError as error:
            problems += error.problems
            continue
        contents.append(content)
        reads += read
    if problems:
        raise DataError(problems)
    return contents, reads


def _content(project: Project, root: Path, parsed: Parsed, where: tuple, attachment: Attachment,
             units: list[Point]) -> tuple[Content, list[Path]]:
    if attachment.text is not None:
        return Content(attachment.title, "text", blocks=parse_blocks(attachment.text)), []
    if attachment.form is not None:
        form = attachment.form
        blank = tuple(tuple("" for _ in form.columns) for _ in range(form.rows)) if form.columns else ()
        return Content(attachment.title, "form", tuple(form.columns), blank, fields=tuple(form.fields)), []
    table = attachment.table
    if table.source == "points":
        rows = _point_rows(parsed, where + ("table",), table, units)
        return Content(attachment.title, "table", tuple(table.columns), _numbered(table, rows)), []
    if table.source:
        path = root / table.source
        rows = _sheet_rows(parsed, where + ("table",), table, path, project.label(path))
        return Content(attachment.title, "table", tuple(table.columns), _numbered(table, rows)), [path]
    return Content(attachment.title, "table", tuple(table.columns), _numbered(table, [tuple(r) for r in table.rows])), []


def _shown(table: TableSpec) -> list[tuple[int, str]]:
    """The declared columns the rows fill (all but an automatic 序号), with their index."""
    return [(i, name) for i, name in enumerate(table.columns) if not (table.numbered and name == NUMBER_COLUMN)]


def _numbered(table: TableSpec, rows: list[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    if not table.numbered:
        return tuple(rows)
    at = table.columns.index(NUMBER_COLUMN)
    return tuple((*row[:at], str(number), *row[at:]) for number, row in enumerate(rows, 1))


def _point_rows(parsed: Parsed, where: tuple, table: TableSpec, units: list[Point]) -> list[tuple[str, ...]]:
    unknown = [(i, name) for i, name in _shown(table) if name not in POINT_COLUMNS]
    if unknown:
        known = "、".join(POINT_COLUMNS)
        raise DataError([parsed.doc.problem(where + ("columns", i), f"示范点名单没有“{name}”这一项；可用：{known}，以及自动编号的 序号（number: true）")
                         for i, name in unknown])
    if not units:
        raise DataError([parsed.doc.problem(where + ("from",), "from: points 列出本公文 units 中的示范点，但 units 是空的")])
    return [tuple(POINT_COLUMNS[name](point) for _, name in _shown(table)) for point in units]


def _sheet_rows(parsed: Parsed, where: tuple, table: TableSpec, path: Path, label: str) -> list[tuple[str, ...]]:
    sheet = read_sheet(path, label, table.sheet)
    wanted = _shown(table)
    columns = {name: sheet.column(name) for _, name in wanted}
    missing = [(i, name) for i, name in wanted if columns[name] is None]
    if missing:
        heads = "、".join(cell.text for cell in sheet.header if cell.text) or "（无）"
        raise DataError([parsed.doc.problem(where + ("columns", i), f"{label} 的表头中没有“{name}”；表头有：{heads}")
                         for i, name in missing])
    problems, rows, seen = [], [], {}
    for cells in sheet.rows:
        row = tuple(cells[columns[name]] for _, name in wanted)
        problems += [cell.problem(name, "为空；请填写，或删去这一行") for cell, (_, name) in zip(row, wanted) if not cell.text]
        values = tuple(cell.text for cell in row)
        if values in seen:
            problems.append(row[0].problem(wanted[0][1], f"与 {seen[values]} 所在的一行重复"))
        seen.setdefault(values, row[0].where.rsplit("!", 1)[-1])
        rows.append(values)
    if problems:
        raise DataError(problems)
    return rows
