"""Edits that propagate: a unit renamed in one file is still named the old way in others (the
表彰 list, the minutes' attendance, a paragraph of free text). A build compares the names of
each year's units with those the previous build saw and names every remaining mention of an
old name, file:line:column; `make_docs.py rename OLD NEW` shows every mention and replaces
them in the year's YAML files, and lists the sheet cells to change by hand (a sheet the office
received is never rewritten by the tool)."""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from partydocs.reuse.cache import open_cache
from partydocs.reuse.errors import DataError, Problem
from partydocs.reuse.project import Project

from .sheets import SHEET_SUFFIXES, _csv, cell_where
from .yaml_reader import read_yaml

if TYPE_CHECKING:
    from .model import Point, Year

NAMES = "names"                  # output/.cache/names-1/<year>.json: each unit's names as last built
NAMES_KEY = "1"
SHOWN = 36                       # characters of a line shown around a mention


@dataclass(frozen=True)
class Mention:
    label: str                   # data/2021/documents/表彰通知.yaml
    line: int
    column: int
    text: str                    # the line as it is

    def __str__(self) -> str:
        return f"{self.label}:{self.line}:{self.column}"


def names_of(point: Point) -> list[str]:
    """What a unit is called anywhere: its organisation, its party organisation, its short name."""
    return list(dict.fromkeys((point.organisation, point.party_org.name, point.party_org.short_name)))


def renamed(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(old, new) names: a unit whose names changed. A unit is the same when its id is (a
    profile), or, for one whose id is its name (a sheet row), when another of its names is."""
    gone = {old_id: names for old_id, names in before.items() if old_id not in after}
    by_name: dict[str, str] = {}
    for old_id, names in gone.items():
        for name in names:
            by_name.setdefault(name, old_id)
    pairs = []
    for point_id, now in after.items():
        then = before.get(point_id)
        if then is None:
            then = gone.get(next((by_name[name] for name in now if name in by_name), ""))
        if then is not None:
            pairs += [(old, new) for old, new in zip(then, now) if old != new and old not in now]
    return list(dict.fromkeys(pairs))


def remember(project: Project, years: list[Year]) -> list[str]:
    """The 提醒 of this build: every mention of an old name left in the year's data files (and
    sheets). The names are then kept for the next build (under the build's lock)."""
    said = []
    cache = open_cache(project.output_dir, NAMES, NAMES_KEY)
    for year in years:
        now = {point.id: names_of(point) for point in year.points}
        before = _names(cache.get(f"{year.year}.json"))
        for old, new in renamed(before, now) if before else []:
            found = mentions(year.root, project, old, new)
            cells = sheet_cells(year.root, project, old)
            if found or cells:
                places = "、".join([*map(str, found), *cells])
                said.append(f"{year.year} 年度：“{old}”已改名为“{new}”，但以下地方仍写着旧名称：{places}；"
                            f"可运行 python make_docs.py rename {old} {new} 一并修改（表格需手工修改）")
        cache.put(f"{year.year}.json", json.dumps(now, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return said


def _names(stored: bytes | None) -> dict[str, list[str]]:
    try:
        names = json.loads(stored) if stored else {}
    except ValueError:
        return {}
    return names if isinstance(names, dict) else {}


def data_files(root: Path) -> list[Path]:
    """The year's YAML files, never through a link (a link out of the year is not its data)."""
    return sorted(path for path in root.rglob("*.yaml") if path.is_file() and not path.is_symlink())


def mentions(root: Path, project: Project, old: str, new: str = "") -> list[Mention]:
    """Where `old` is written in the year's YAML files, comments included; not where it is
    only a part of `new` (renaming 江西商会 to 江西商会联合会)."""
    found = []
    for path in data_files(root):
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            found += [Mention(project.label(path), number, start + 1, line) for start in _starts(line, old, new)]
    return found


def _starts(text: str, old: str, new: str) -> list[int]:
    """Where `old` begins in `text`, leaving out the places inside an occurrence of `new`."""
    covered = set()
    if new and old in new:
        at = text.find(new)
        while at >= 0:
            covered.update(range(at, at + len(new)))
            at = text.find(new, at + 1)
    starts, at = [], text.find(old)
    while at >= 0:
        if at not in covered:
            starts.append(at)
        at = text.find(old, at + len(old))
    return starts


def replaced(text: str, old: str, new: str) -> str:
    pieces, last = [], 0
    for start in _starts(text, old, new):
        pieces += [text[last:start], new]
        last = start + len(old)
    return "".join(pieces) + text[last:]


def sheet_cells(root: Path, project: Project, old: str) -> list[str]:
    """The cells of the year's sheets (any sheet of any workbook) that hold `old`."""
    from python_calamine import CalamineWorkbook

    cells = []
    for path in sorted(p for p in root.rglob("*") if p.suffix.lower() in SHEET_SUFFIXES and p.is_file() and not p.is_symlink()):
        label = project.label(path)
        try:
            if path.suffix.lower() == ".csv":
                sheets = [_csv(path, label)[:2]]
            else:
                book = CalamineWorkbook.from_path(str(path))
                sheets = [(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in book.sheet_names]
        except Exception:  # noqa: BLE001 - a sheet that cannot be read is reported by the build, not here
            continue
        for name, rows in sheets:
            cells += [cell_where(label, name, r, c) for r, row in enumerate(rows, 1) for c, value in enumerate(row)
                      if isinstance(value, str) and old in value]
    return cells


def plan(project: Project, roots: list[Path], old: str, new: str) -> tuple[list[Mention], list[str]]:
    """What `rename` will change (each mention in the YAML files) and the sheet cells it will not."""
    if not old.strip() or not new.strip() or old == new:
        raise DataError([Problem("rename", 0, 0, "", "请写出旧名称和新名称（两者不同），例如 rename 东莞市江西商会 东莞市江西商会联合会")])
    ids = [root / "points" / f"{old}.yaml" for root in roots if (root / "points" / f"{old}.yaml").is_file()]
    if ids:
        raise DataError([Problem(project.label(ids[0]), 0, 0, "", f"“{old}”是示范点编号（也是输出文件名），rename 只改名称；"
                                 "改编号请改文件名和其中的 id，并改 units、order 中的编号")])
    found = [m for root in roots for m in mentions(root, project, old, new)]
    cells = [cell for root in roots for cell in sheet_cells(root, project, old)]
    return found, cells


def shown(line: str, column: int, old: str, new: str) -> str:
    """The part of a line around a mention, before → after."""
    start = max(0, column - 1 - SHOWN // 2)
    part = line[start: column - 1 + len(old) + SHOWN // 2].strip()
    return f"{part}  →  {replaced(part, old, new)}"


def apply(project: Project, found: list[Mention], old: str, new: str) -> list[Problem]:
    """Replace `old` by `new` in each file of `found`, atomically, keeping its encoding, line
    ends and comments; a file the change would make unreadable is left as it was."""
    problems = []
    for label in dict.fromkeys(m.label for m in found):
        path = project.root / label
        raw = path.read_bytes()
        bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw[3 if bom else 0:].decode("utf-8")
        changed = (b"\xef\xbb\xbf" if bom else b"") + replaced(text, old, new).encode("utf-8")
        trouble = _write_if_readable(path, label, changed)
        problems += trouble
    return problems


def _write_if_readable(path: Path, label: str, data: bytes) -> list[Problem]:
    handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        before, after = _problems(path, label), _problems(Path(scratch), label)
        if len(after) > len(before):
            return [Problem(label, p.line, p.column, p.field, f"改名后这个文件无法读取（{p.message}），未修改；"
                            "新名称含有冒号、引号或 # 时，请手工修改并给文字加引号") for p in after[:1]]
        os.replace(scratch, path)
        return []
    finally:
        Path(scratch).unlink(missing_ok=True)


def _problems(path: Path, label: str) -> list[Problem]:
    """What is wrong with a data file read on its own, as the kind of file it is by its place."""
    from .model import Brochure, Notice, Point
    from .settings import validated

    model = Point if path.parent.name == "points" else Brochure if label.endswith("/brochure.yaml") else Notice
    return validated(read_yaml(path, label), model)[1]
