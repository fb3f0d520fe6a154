"""Phase one of every build: read and validate a year's data completely, or raise DataError."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from . import checks
from .errors import Collector, DataError, Problem
from .model import Brochure, Notice, Point, Year
from .project import Project
from .schema_messages import problems_from
from .templating import parse_blocks, render
from .yaml_reader import YamlDocument, read_yaml


@dataclass
class Parsed:
    """One data file read and validated on its own."""

    path: Path
    doc: YamlDocument
    model: BaseModel | None
    raw_id: str | None = None      # the id as written, even when the file has other problems


def load_year(project: Project, year: str) -> Year:
    root = project.data_dir / year
    problems = Collector()
    if not (root / "notice.yaml").is_file():
        raise DataError([Problem(project.label(root), 0, 0, "", "这个年度文件夹里没有 notice.yaml（通知数据）")])
    notice = _parse(project, root / "notice.yaml", Notice, problems)
    brochure = _parse(project, root / "brochure.yaml", Brochure, problems)
    points = [_parse_point(project, root, path, problems) for path in sorted((root / "points").glob("*.yaml"))]
    if not points:
        problems.add(project.label(root / "points"), 0, 0, "", "没有任何示范点数据文件（points/*.yaml）")
    problems.extend(checks.across_files(root, notice, points, brochure))
    problems.raise_if_any()
    ordered = _in_notice_order(notice.model, [p.model for p in points])
    body = _render_body(project, notice.model, ordered, year)
    problems.extend(checks.stated_counts(notice, body, len(ordered)))
    problems.raise_if_any()
    sources = {"notice": notice.path, "brochure": brochure.path} | {f"point:{p.model.id}": p.path for p in points}
    return Year(year, root, notice.model, body, ordered, brochure.model, sources)


def _parse_point(project: Project, root: Path, path: Path, problems: Collector) -> Parsed:
    """A point file read and checked on its own, keeping only the positions that the checks
    across files may need: 10,000 points' full position maps would hold some 200 MB."""
    parsed = _parse(project, path, Point, problems)
    problems.extend(checks.within_point(root, parsed))
    raw = parsed.doc.data.get("id") if isinstance(parsed.doc.data, dict) else None
    parsed.raw_id = raw if isinstance(raw, str) else None
    parsed.doc = parsed.doc.keeping(checks.KEPT_FOR_ACROSS_FILES)
    return parsed


def _parse(project: Project, path: Path, model: type[BaseModel], problems: Collector) -> Parsed:
    label = project.label(path)
    if not path.is_file():
        problems.add(label, 0, 0, "", "缺少这个文件")
        return Parsed(path, YamlDocument(label), None)
    doc = read_yaml(path, label)
    problems.extend(doc.problems)
    if doc.problems and doc.data is None:
        return Parsed(path, doc, None)
    if not isinstance(doc.data, dict):
        problems.add(label, 1, 1, "", "文件内容应为一组“名称: 值”字段")
        return Parsed(path, doc, None)
    try:
        parsed = model.model_validate(doc.data)
    except ValidationError as error:
        problems.extend(problems_from(error, doc, model))
        return Parsed(path, doc, None)
    return Parsed(path, doc, None if doc.problems else parsed)


def _in_notice_order(notice: Notice, points: list[Point]) -> tuple[Point, ...]:
    by_id = {p.id: p for p in points}
    listed = [by_id[i] for i in notice.units]
    return tuple(listed + sorted((p for p in points if p.id not in notice.units), key=lambda p: p.id))


def _render_body(project: Project, notice: Notice, points: tuple[Point, ...], year: str):
    units = [p for p in points if p.id in notice.units]
    text = render(project.templates_dir, notice.body_template, notice=notice, units=units, count=len(units), year=year)
    return parse_blocks(text)
