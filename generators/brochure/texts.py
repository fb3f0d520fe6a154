"""The brochure's wording from templates/brochure/*.j2: headings, labels, cover lines."""
from __future__ import annotations

from pathlib import Path

from partydocs.reuse.errors import DataError, Problem
from partydocs.model.templating import keyed_lines, render

TEMPLATE_DIR = "brochure"
HEADING_KEYS = ("summary", "honours", "narrative", "services", "highlights", "plan", "foreword", "contents", "closing")
PROFILE_KEYS = ("title", "subtitle", "header", "header_right", "subject")


def template_files(templates_dir: Path) -> list[Path]:
    folder = templates_dir / TEMPLATE_DIR
    return sorted(folder.glob("*.j2")) if folder.is_dir() else []


def lines(templates_dir: Path, name: str, **context: object) -> list[str]:
    """The non-empty lines a template renders to."""
    text = render(templates_dir, f"{TEMPLATE_DIR}/{name}", **context)
    return [line.strip() for line in text.splitlines() if line.strip()]


def keyed(templates_dir: Path, name: str, required: tuple[str, ...] = (), **context: object) -> dict[str, str]:
    """`key: text` lines as a dict; every required key present and not empty."""
    return keyed_lines(lines(templates_dir, name, **context), f"templates/{TEMPLATE_DIR}/{name}", required)


def labelled(templates_dir: Path, name: str, **context: object) -> list[tuple[str, str]]:
    """`标签: 内容` lines as pairs; a line without a colon continues the previous one."""
    rows: list[tuple[str, str]] = []
    for line in lines(templates_dir, name, **context):
        label, colon, value = line.partition(":")
        if colon and label.strip() and "：" not in label:
            rows.append((label.strip(), value.strip()))
        elif rows:
            rows[-1] = (rows[-1][0], rows[-1][1] + line)
        else:
            raise _problem(name, f"这一行应写成“标签: 内容”：{line}")
    return rows


def _problem(name: str, message: str) -> DataError:
    return DataError([Problem(f"templates/{TEMPLATE_DIR}/{name}", 0, 0, "", message)])
