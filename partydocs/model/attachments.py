"""A document's attachments made ready to print: a table's rows read from its sheet, from the
year's points or from the data; a form's blank rows; a text's blocks. Every problem is placed
at the document's line, or at the sheet's cell."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from partydocs.reuse.errors import DataError, Problem
from partydocs.reuse.project import Project

from .model import NUMBER_COLUMN, Attachment, Content, Point, TableSpec
from .sheets import Sheet, read_sheet
from .templating import parse_blocks

if TYPE_CHECKING:
    from .parsed import Parsed

# What a list of points can show, by the column names offices use for it.
POINT_COLUMNS = {
    "党组织名称": lambda p: p.party_org.name, "党组织": lambda p: p.party_org.name,
    "社会组织名称": lambda p: p.organisation, "所属社会组织": lambda p: p.organisation, "社会组织": lambda p: p.organisation,
    "所在地": lambda p: p.location.zh(), "所在地市": lambda p: p.location.city, "所在市": lambda p: p.location.city,
}


def resolve(project: Project, root: Path, parsed: Parsed, units: list[Point], sheets_only: bool = False,
            units_note: str | None = None) -> tuple[list[Content], list[Path], list[str]]:
    """The attachments ready to print, the sheet files they read, and what to tell the user
    once (the rows of a sheet left out of a list). `sheets_only`: read only the tables from
    sheet files (the year has other problems; their sheets' problems are wanted too).
    `units_note`: the note of the unit lists in points/, under a table of the points."""
    problems: list[Problem] = []
    contents, reads, remarks = [], [], []
    for index, attachment in enumerate(parsed.model.attachments):
        where = ("attachments", index)
        if sheets_only and not (attachment.table and attachment.table.source not in (None, "points")):
            continue
        try:
            content, read, remark = _content(project, root, parsed, where, attachment, units, units_note)
        except DataError as error:
            problems += error.problems
            continue
        contents.append(content)
        reads += read
        remarks += [remark] if remark else []
    if problems:
        raise DataError(problems)
    return contents, reads, remarks


def _content(project: Project, root: Path, parsed: Parsed, where: tuple, attachment: Attachment,
             units: list[Point], units_note: str | None) -> tuple[Content, list[Path], str | None]:
    if attachment.text is not None:
        return Content(attachment.title, "text", blocks=parse_blocks(attachment.text)), [], None
    if attachment.form is not None:
        form = attachment.form
        blank = tuple(tuple("" for _ in form.columns) for _ in range(form.rows)) if form.columns else ()
        return Content(attachment.title, "form", tuple(form.columns), blank, fields=tuple(form.fields)), [], None
    table = attachment.table
    if table.source == "points":
        rows = _point_rows(parsed, where + ("table",), table, units)
        return _table(attachment, rows, table.note or units_note), [], None
    if table.source:
        path = root / table.source
        sheet = read_sheet(path, project.label(path), table.sheet, tuple(name for _, name in _shown(table)), table.header_row)
        rows = _sheet_rows(parsed, where + ("table",), table, sheet)
        note = table.note or ("\n".join(sheet.notes) or None)
        return _table(attachment, rows, note), [path], sheet.remark(note_printed=table.note is None)
    rows = [tuple(r) for r in table.rows]
    _no_repeated_rows(parsed, where + ("table",), rows)
    return _table(attachment, rows, table.note), [], None


def _table(attachment: Attachment, rows: list[tuple[str, ...]], note: str | None) -> Content:
    table = attachment.table
    return Content(attachment.title, "table", tuple(table.columns), _numbered(table, rows), note=note)


def _no_repeated_rows(parsed: Parsed, where: tuple, rows: list[tuple[str, ...]]) -> None:
    """A row written twice in `rows` would be printed twice: an error at the second."""
    first: dict[tuple[str, ...], int] = {}
    problems = []
    for index, row in enumerate(rows):
        if row in first:
            problems.append(parsed.doc.problem(where + ("rows", index), f"与第 {first[row] + 1} 行重复；请删去一行"))
        first.setdefault(row, index)
    if problems:
        raise DataError(problems)


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


def _sheet_rows(parsed: Parsed, where: tuple, table: TableSpec, sheet: Sheet) -> list[tuple[str, ...]]:
    wanted = _shown(table)
    columns = {name: sheet.column(name) for _, name in wanted}
    missing = [(i, name) for i, name in wanted if columns[name] is None]
    if missing:
        heads = "、".join(cell.text for cell in sheet.header if cell.text) or "（无）"
        hint = "" if table.header_row else "；表头不在这一行时，请用 header_row 写明表头在第几行"
        raise DataError([parsed.doc.problem(where + ("columns", i), f"{sheet.label} 的表头（第 {sheet.header_at} 行）中没有“{name}”；"
                                            f"表头有：{heads}{hint}") for i, name in missing])
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
