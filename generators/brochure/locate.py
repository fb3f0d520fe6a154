"""Where a character that no font has came from: the data file, field and line to fix."""
from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from partydocs.reuse.errors import Problem
from partydocs.model.model import Point, Year
from partydocs.model.yaml_reader import field_name, read_yaml

STYLE_HINT = "templates/styles/brochure.yaml 的 fonts"


def missing_character(char: str, year: Year, points: list[Point], project_root: Path) -> Problem:
    message = (f"字符“{char}”（U+{ord(char):04X}）在本机所有字体中都没有，印出来会是空白；"
               f"请改用常用字，或安装含有该字的字体并写进 {STYLE_HINT}")
    sources = [(year.sources[f"point:{p.id}"], p) for p in points] + [(year.sources["brochure"], year.brochure)]
    for file, model in sources:
        path = _find(model, char, ())
        if path is not None:
            label = _label(file, project_root)
            line, column = read_yaml(file, label).position(path)
            return Problem(label, line, column, field_name(path), message)
    return Problem("templates/brochure", 0, 0, "", message)


def point_text(model: BaseModel) -> str:
    """All the text of a point's (or the brochure's) data, for a check of the fonts."""
    parts: list[str] = []
    _collect(model, parts)
    return "".join(parts)


def _collect(value: object, parts: list[str]) -> None:
    if isinstance(value, BaseModel):        # its fields' values, read from __dict__: a tenth of getattr's cost
        for field_value in value.__dict__.values():
            _collect(field_value, parts)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _collect(item, parts)
    elif isinstance(value, str):
        parts.append(value)


def field_problem(year: Year, point: Point, path: tuple, message: str, project_root: Path) -> Problem:
    """A problem at the line of one of a point's fields, e.g. ("highlights", 0, "photo")."""
    file = year.sources[f"point:{point.id}"]
    label = _label(file, project_root)
    line, column = read_yaml(file, label).position(path)
    return Problem(label, line, column, field_name(path), message)


def _find(value: object, char: str, path: tuple) -> tuple | None:
    """The field path of the first text in `value` that contains `char`."""
    if isinstance(value, BaseModel):
        value = {name: getattr(value, name) for name in type(value).model_fields}
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, (list, tuple)):
        items = enumerate(value)
    else:
        return path if isinstance(value, str) and char in value else None
    for key, item in items:
        found = _find(item, char, path + (key,))
        if found is not None:
            return found
    return None


def _label(file: Path, project_root: Path) -> str:
    try:
        return file.resolve().relative_to(project_root).as_posix()
    except ValueError:
        return file.as_posix()
