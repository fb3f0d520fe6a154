"""Settings files (templates/styles/<name>.yaml) read and validated, once per build.

A build reads each style file once, whichever builders and how many call sites ask for it:
the first reading is kept, keyed by the file's path and stamp, until the engine starts the
next build (`new_build`); a file changed in between is read again."""
from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from partydocs.reuse.counters import did
from partydocs.reuse.errors import DataError, Problem
from partydocs.reuse.stamps import stamp

from .files import file_trouble
from .schema_messages import problems_from
from .yaml_reader import YamlDocument, read_yaml

M = TypeVar("M", bound=BaseModel)
_read: dict[tuple, tuple[YamlDocument, BaseModel]] = {}


def new_build() -> None:
    """Forget what earlier builds read: the next build reads each settings file again."""
    _read.clear()


def read_settings(path: Path, label: str, model: type[M]) -> tuple[YamlDocument, M]:
    """A settings file, templates/styles/<name>.yaml, read and validated whole, or DataError
    with all its problems; never read through a link out of templates/, never a pipe."""
    trouble = file_trouble(path, path.parent.parent)
    if trouble:
        raise DataError([Problem(label, 0, 0, "", trouble)])
    key = (str(path), label, model, tuple(stamp(path) or ()))
    if key in _read:
        return _read[key]
    did(f"settings read: {label}")
    doc = read_yaml(path, label)
    parsed, problems = validated(doc, model)
    if problems:
        raise DataError(problems)
    _read[key] = doc, parsed
    return doc, parsed


def validated(doc: YamlDocument, model: type[M]) -> tuple[M | None, list[Problem]]:
    """The model, or None with every problem: syntax first, then the schema's."""
    if doc.problems and doc.data is None:
        return None, list(doc.problems)
    if not isinstance(doc.data, dict):
        return None, [*doc.problems, Problem(doc.file, 1, 1, "", "文件内容应为一组“名称: 值”字段")]
    try:
        parsed = model.model_validate(doc.data)
    except ValidationError as error:
        said = {(p.line, p.field) for p in doc.problems}      # the reader's word on a value stands alone
        return None, [*doc.problems, *(p for p in problems_from(error, doc, model) if (p.line, p.field) not in said)]
    return (None if doc.problems else parsed), list(doc.problems)


