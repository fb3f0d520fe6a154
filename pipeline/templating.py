"""Jinja2 templates for the wording an office changes year to year, rendered in the sandbox."""
from __future__ import annotations

import traceback
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .errors import DataError, Problem
from .model import Block

HEADING_MARKS = {"#": 1, "##": 2, "###": 3, "####": 4}


@lru_cache(maxsize=8)
def environment(templates_dir: Path) -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )


def render(templates_dir: Path, name: str, **context: object) -> str:
    """Render templates/<name>; any failure becomes a DataError naming the file and line."""
    label = f"templates/{name}"
    try:
        return environment(templates_dir).get_template(name).render(**context)
    except jinja2.TemplateNotFound:
        raise DataError([Problem(label, 0, 0, "", "找不到这个模板文件；请检查文件名（相对于 templates/ 文件夹）")]) from None
    except jinja2.TemplateSyntaxError as error:
        raise DataError([Problem(label, error.lineno or 0, 1, "", f"模板语法错误：{error.message}")]) from None
    except jinja2.UndefinedError as error:
        raise DataError([Problem(label, _template_line(error, name), 1, "", f"模板用到了未定义的变量或属性（{_undefined_name(error)}）；请检查拼写，可用的变量见模板开头的说明")]) from None
    except jinja2.exceptions.SecurityError as error:
        raise DataError([Problem(label, _template_line(error, name), 1, "", f"模板试图访问不允许的内部属性，已拒绝（{error}）")]) from None
    except (TypeError, ValueError, ArithmeticError, LookupError) as error:
        raise DataError([Problem(label, _template_line(error, name), 1, "", f"模板计算出错：{error}")]) from None


def _template_line(error: BaseException, name: str) -> int:
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__) if frame.filename.replace("\\", "/").endswith(name)]
    return lines[-1] if lines else 0


def _undefined_name(error: jinja2.UndefinedError) -> str:
    message = str(error.message or "")
    return message.replace("is undefined", "未定义").replace("has no attribute", "没有属性")


def parse_blocks(text: str) -> tuple[Block, ...]:
    """Line markup -> blocks: each non-empty line a paragraph; '# '…'#### ' mark headings."""
    blocks = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        mark, _, rest = line.partition(" ")
        level = HEADING_MARKS.get(mark, 0)
        blocks.append(Block(level, rest.strip() if level else line))
    return tuple(blocks)
