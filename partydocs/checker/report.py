"""A report as people read it (a rich table on a terminal, plain lines in a file or a pipe) and
as programs read it (JSON, see report.schema.json); written beside a build's output atomically."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from rich.markup import escape
from rich.table import Table

from .audit import audit
from .errors import CheckError
from .model import FAIL, PASS, STATUS_ZH, Report

SCHEMA_ID = "party-docs/gbt9704-check/1"
SCHEMA = Path(__file__).with_name("report.schema.json")
STYLE = {PASS: "green", FAIL: "bold red"}


def table(report: Report) -> Table:
    verdict = "全部符合" if not report.failed else f"{len(report.failed)} 项不符合"
    grid = Table(title=f"{report.file}（{report.format}格式，{report.pages} 页）：{verdict}", title_justify="left", show_lines=True)
    grid.add_column("条款", no_wrap=True)
    grid.add_column("检查项", ratio=1, min_width=8)
    grid.add_column("结果", no_wrap=True)
    grid.add_column("实测（不符合时附要求）", ratio=4, overflow="fold")
    grid.add_column("位置", ratio=2, overflow="fold")
    for f in report.findings:
        place = "，".join(part for part in (f"第 {f.page} 页" if f.page else "", f.where) if part)
        said = f"{escape(f.measured)}\n[dim]要求：{escape(f.expected)}[/]" if f.status == FAIL else escape(f.measured)
        grid.add_row(f.clause, escape(f.title), f"[{STYLE.get(f.status, 'dim')}]{STATUS_ZH[f.status]}[/]", said, place)
    return grid


def as_text(report: Report) -> str:
    """The report as plain lines, for a file (`*.check.txt`) and a pipe: one clause a block,
    nothing aligned by spaces and no box characters, so Notepad, `more` and a mail show it
    as it is, whatever the font; nothing is cut short (a table cell would fold or elide)."""
    verdict = "全部符合" if not report.failed else f"{len(report.failed)} 项不符合"
    lines = [f"{report.file}（{report.format}格式，{report.pages} 页）：{verdict}", ""]
    for f in report.findings:
        lines.append(f"{f.clause} {f.title}：{STATUS_ZH[f.status]}")
        lines += [f"    {part}" for part in _folded(f"实测：{f.measured}" if f.status == FAIL else f.measured)]
        if f.status == FAIL:
            lines.append(f"    要求：{f.expected}")
        place = "，".join(part for part in (f"第 {f.page} 页" if f.page else "", f.where) if part)
        if place:
            lines.append(f"    位置：{place}")
    return "\n".join(lines) + "\n"


FOLD = 60          # characters a line of a finding holds before it is folded (Notepad has no wrap by default)


def _folded(text: str) -> list[str]:
    """A long finding as lines: one per clause of it (at each "；"), a clause longer than FOLD
    characters cut every FOLD characters. Nothing is dropped."""
    parts = [part + "；" for part in text.split("；")]
    parts[-1] = parts[-1][:-1]
    return [part[start:start + FOLD] for part in parts if part for start in range(0, len(part), FOLD)]


def as_json(results: list[Report | CheckError]) -> dict:
    """The document report.schema.json describes."""
    files = [{"file": r.file, "readable": True, **_body(r)} if isinstance(r, Report)
             else {"file": r.file, "readable": False, "error": str(r)} for r in results]
    return {"schema": SCHEMA_ID, "exit_code": exit_code(results), "files": files}


def _body(report: Report) -> dict:
    body = report.to_dict()
    body.pop("file")
    return body


def exit_code(results: list[Report | CheckError]) -> int:
    """2 when a file could not be read, else 1 when a clause fails, else 0."""
    if any(isinstance(r, CheckError) for r in results):
        return 2
    return max((r.exit_code for r in results), default=0)


def write_report(docx_path: Path, report_path: Path, pdf: Path | None = None) -> Report:
    """Audit `docx_path` (`pdf`: its rendering, if already made) and write the report to
    `report_path` atomically: JSON when the name ends in .json, else the readable table as
    text. A file that cannot be read raises CheckError."""
    report = audit(Path(docx_path), pdf)
    report_path = Path(report_path)
    text = json.dumps(as_json([report]), ensure_ascii=False, indent=2) + "\n" \
        if report_path.suffix.lower() == ".json" else as_text(report)
    _write_atomically(report_path, text)
    return report


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
