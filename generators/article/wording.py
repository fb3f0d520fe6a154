"""The article's wording from the small templates in templates/article/: plain text, later
escaped by the page template (HTML) or written as it is (article.txt). Each function takes a
context already made plain (templating.plain), so a point is converted once, not per template."""
from __future__ import annotations

from pathlib import Path

from partydocs.model.templating import keyed_lines, render_plain
from partydocs.reuse.errors import DataError, Problem

TEMPLATE_DIR = "article"
WORDING_KEYS = ("title", "facts", "honours", "narrative", "services", "separator", "reading", "plans")


def lines(templates_dir: Path, name: str, **context: object) -> tuple[str, ...]:
    """The non-empty lines a template renders to, each stripped."""
    text = render_plain(templates_dir, f"{TEMPLATE_DIR}/{name}", context)
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def text(templates_dir: Path, name: str, **context: object) -> str:
    """A template's output as one line of text."""
    return "".join(lines(templates_dir, name, **context))


def keyed(templates_dir: Path, name: str, required: tuple[str, ...], **context: object) -> dict[str, str]:
    """`key: text` lines as a dict; every required key present and not empty."""
    return keyed_lines(lines(templates_dir, name, **context), f"templates/{TEMPLATE_DIR}/{name}", required)


def labelled(templates_dir: Path, name: str, **context: object) -> tuple[tuple[str, str], ...]:
    """`标签: 内容` lines as (label, text) pairs."""
    rows = []
    for line in lines(templates_dir, name, **context):
        label, colon, value = line.partition(":")
        if not (colon and label.strip() and value.strip()):
            raise _problem(name, f"这一行应写成“标签: 内容”（用半角冒号分开）：{line}")
        rows.append((label.strip(), value.strip()))
    return tuple(rows)


def _problem(name: str, message: str) -> DataError:
    return DataError([Problem(f"templates/{TEMPLATE_DIR}/{name}", 0, 0, "", message)])
