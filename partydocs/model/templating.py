"""Jinja2 templates for the wording an office changes year to year.

A template is untrusted input: it runs in Jinja2's immutable sandbox with StrictUndefined,
sees plain data only (`plain`: mappings, tuples, strings, numbers — never a model object
with methods, a path or a callable), and is stopped when it runs past a time or output
bound; every failure is a DataError at the template's file and line. An HTML template is
rendered with `autoescape=True`: every value it prints from the data is escaped."""
from __future__ import annotations

import gc
import re
import threading
import time
import traceback
from dataclasses import fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from collections.abc import Mapping
from types import MappingProxyType

import jinja2
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range
from pydantic import BaseModel

from partydocs.reuse.errors import DataError, Problem

from .files import MISSING, file_trouble
from .model import Block

HEADING_MARKS = {"#": 1, "##": 2, "###": 3, "####": 4}
SECONDS = 2.0                   # processor time per render: real wording takes milliseconds, a 10,000-point page 0.3 s
MAX_OUTPUT = 50_000_000         # characters a render may produce (a 10,000-point article is some 32 million)
MAX_VALUE = 100_000             # characters (or items) one operation may produce
LOOK_EVERY = 0.005              # seconds on the clock between two readings of the processor time
JOINED = 512                    # chunks of output joined into one string as the render goes


class TemplateLimit(Exception):
    """A render ran past one of the bounds above."""


class _Budget(threading.local):
    """The running render's budget: its thread's processor time, so a busy machine (other
    builds, other programs) does not stop a template that would finish, and without the
    garbage collector's pauses, which scan the whole year the process holds, not the template's
    work. One per thread: a thread's processor time says nothing of another's render."""

    active = False
    deadline = 0.0              # time.thread_time() at which the render is stopped
    next_look = 0.0             # time.monotonic() before which the processor time is not read again
    paused_at = 0.0

    def start(self) -> None:
        self.deadline, self.next_look, self.active = time.thread_time() + SECONDS, 0.0, True


_budget = _Budget()


def _check_time() -> None:
    """Cheap enough for every call, operator and chunk: the processor time (a system call)
    is read once every LOOK_EVERY seconds of the clock."""
    now = time.monotonic()
    if now < _budget.next_look:
        return
    _budget.next_look = now + LOOK_EVERY
    if time.thread_time() > _budget.deadline:
        raise TemplateLimit(f"模板运行超过 {SECONDS:g} 秒，已停止（是否有过大的循环？）")


def _collector_paused(phase: str, info: dict) -> None:
    """A collection during a render gives its processor time back to the render."""
    if not _budget.active:
        return
    if phase == "start":
        _budget.paused_at = time.thread_time()
    else:
        _budget.deadline += time.thread_time() - _budget.paused_at


gc.callbacks.append(_collector_paused)


def _bounded_items(iterable):
    """What a `{% for %}` walks, item by item under the time bound: loops that neither call
    nor print (one string of 100,000 characters walked inside itself) are stopped too."""
    for item in iterable:
        _check_time()
        yield item


LOOP_GUARD = "bounded_items"      # the global every `{% for %}` walks its items through


def _bounded_range(*args):
    """range() for templates: at most safe_range's 100,000 numbers, under the time bound."""
    return _bounded_items(safe_range(*args))


class _Environment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(["*", "**", "+"])

    def _parse(self, source, name, filename):
        """The parsed template with every loop's items walked through LOOP_GUARD."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Call(nodes.Name(LOOP_GUARD, "load", lineno=loop.lineno), [loop.iter], [], None, None,
                                   lineno=loop.lineno)
        return tree

    def call_binop(self, context, operator, left, right):
        _check_time()
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64:
            raise TemplateLimit("模板中的乘方过大，已拒绝")
        if operator == "*" and _size(left) * _number(right) + _size(right) * _number(left) > MAX_VALUE:
            raise TemplateLimit("模板中重复的文字过长，已拒绝")
        result = super().call_binop(context, operator, left, right)
        if _size(result) > MAX_VALUE:
            raise TemplateLimit("模板计算出的文字过长，已拒绝")
        return result

    def call(self, context, obj, *args, **kwargs):
        _check_time()
        return super().call(context, obj, *args, **kwargs)

    def getattr(self, obj, attribute):
        """`section.name` on plain data reads the key straight away. Jinja2 tries the attribute
        first and takes the key when that raises: an exception for every field a template
        prints. The same answer (a name the mapping's type has still goes the sandbox's way)."""
        if type(obj) in PLAIN_MAPPINGS and not hasattr(type(obj), attribute):
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def _size(value) -> int:
    return len(value) if isinstance(value, (str, tuple, list)) else 0


def _number(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


class TemplateFileRefused(Exception):
    """A template (or one it includes) that is a link out of templates/, a pipe or a device."""


class _ConfinedLoader(jinja2.FileSystemLoader):
    """Template files as they are in templates/: a link out of it is refused, never followed,
    and a pipe is never opened (it would block the build forever)."""

    def get_source(self, environment, template):
        folder = Path(self.searchpath[0])
        path = folder.joinpath(*jinja2.loaders.split_template_path(template))
        trouble = file_trouble(path, folder)
        if trouble and trouble != MISSING:
            raise TemplateFileRefused(template, trouble)
        return super().get_source(environment, template)


@lru_cache(maxsize=8)
def environment(templates_dir: Path, autoescape: bool = False) -> jinja2.Environment:
    env = _Environment(loader=_ConfinedLoader(str(templates_dir), followlinks=False),
                       undefined=jinja2.StrictUndefined, autoescape=autoescape, keep_trailing_newline=True)
    env.globals["range"] = _bounded_range
    env.globals[LOOP_GUARD] = _bounded_items
    return env


SCALARS = frozenset({str, int, float, bool, type(None)})


@lru_cache(maxsize=None)
def _deriver(model_class: type) -> object:
    """The class's `template_extras`, if any. Asked once per class: pydantic answers a missing
    class attribute slowly, which was most of making 10,000 points plain."""
    return getattr(model_class, "template_extras", None)


class PlainModel(Mapping):
    """A model as a template sees it: a read-only mapping of its fields (and what its
    `template_extras` derives), each made plain when first read, so a notice whose body names
    units[0] does not convert all 10,000 points. The sandbox refuses names that start with
    "_", so the model itself stays out of reach."""

    __slots__ = ("_model", "_extras", "_names", "_seen")

    def __init__(self, model: BaseModel):
        derive = _deriver(type(model))
        self._model = model
        self._extras = derive(model) if derive else {}
        self._names = tuple(dict.fromkeys([*type(model).model_fields, *self._extras]))
        self._seen: dict[str, object] = {}

    def __getitem__(self, name: str) -> object:
        if name not in self._seen:
            if name in self._extras:
                value = self._extras[name]
            elif name in type(self._model).model_fields:
                value = self._model.__dict__[name]
            else:
                raise KeyError(name)
            self._seen[name] = value if type(value) in SCALARS else plain(value)
        return self._seen[name]

    def __iter__(self):
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        return repr(dict(self))


PLAIN_MAPPINGS = frozenset({MappingProxyType, PlainModel})     # what `plain` makes of a mapping, a model, a dataclass


def plain(value: object) -> object:
    """What a template may see of a value: models and dataclasses as read-only mappings of
    their fields (plus what `template_extras` derives), sequences as tuples, dates and counts
    as their Chinese text; nothing callable."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, BaseModel):
        return PlainModel(value)
    if isinstance(value, (list, tuple)):
        return tuple(item if type(item) in SCALARS else plain(item) for item in value)
    if isinstance(value, dict):
        return MappingProxyType({str(k): plain(v) for k, v in value.items()})
    if is_dataclass(value) and not isinstance(value, type):
        zh = getattr(value, "zh", None)
        return zh() if zh else MappingProxyType({f.name: plain(getattr(value, f.name)) for f in fields(value)})
    raise TypeError(f"not plain data for a template: {type(value).__name__}")


def render(templates_dir: Path, name: str, autoescape: bool = False, **context: object) -> str:
    """Render templates/<name> with `context` made plain; any failure is a located DataError.
    With `autoescape` (HTML), text from the data cannot become markup."""
    return render_plain(templates_dir, name, {key: plain(value) for key, value in context.items()}, autoescape)


def render_plain(templates_dir: Path, name: str, context: dict[str, object], autoescape: bool = False) -> str:
    """`render` with a context whose values `plain` made already: a caller rendering many small
    templates from one point converts the point once, not once per template."""
    label = f"templates/{name}"
    try:
        template = environment(templates_dir, autoescape).get_template(name)
        return _bounded(template, context)
    except jinja2.TemplateNotFound as error:
        if error.name != name:
            raise _problem(label, _template_line(error, name), f"要引用的模板 “{error.name}” 找不到（只能引用 templates/ 文件夹里的模板）") from None
        raise _problem(label, 0, "找不到这个模板文件；请检查文件名（相对于 templates/ 文件夹）") from None
    except jinja2.TemplateSyntaxError as error:
        raise _problem(label, error.lineno or 0, _syntax_said(error.message or ""), error.message or "") from None
    except jinja2.UndefinedError as error:
        raise _problem(label, _template_line(error, name), f"模板用到了未定义的变量或属性（{_undefined_name(error)}）；请检查拼写，可用的变量见模板开头的说明") from None
    except jinja2.exceptions.SecurityError as error:
        raise _problem(label, _template_line(error, name), "模板试图访问不允许的内部属性，已拒绝", str(error)) from None
    except TemplateFileRefused as error:
        refused, trouble = error.args
        said = trouble if refused == name else f"要引用的模板 templates/{refused} {trouble}"
        raise _problem(label, _template_line(error, name), said) from None
    except TemplateLimit as error:
        raise _problem(label, _template_line(error, name), str(error)) from None
    except RecursionError as error:
        raise _problem(label, _template_line(error, name), "模板中的宏无限递归调用自己，已停止") from None
    except MemoryError as error:
        raise _problem(label, _template_line(error, name), "模板占用内存过多，已停止") from None
    except (TypeError, ValueError, ArithmeticError, LookupError, OverflowError) as error:
        raise _problem(label, _template_line(error, name), "模板计算出错（如文字与数字相加、除以零、取不存在的项）；请检查这一行的表达式",
                       f"{type(error).__name__}: {error}") from None


def _bounded(template: jinja2.Template, context: dict) -> str:
    """The render, stopped past SECONDS or MAX_OUTPUT. Its chunks (with autoescape, Markup
    strings, which the garbage collector tracks) are joined every JOINED into one plain string:
    a page of 190,000 chunks kept as they came made the collector scan the whole year."""
    _budget.start()
    try:
        return _joined(template, template.generate(**context))
    finally:
        _budget.active = False


def _joined(template: jinja2.Template, chunks) -> str:
    done, parts, length = [], [], 0
    for chunk in chunks:
        length += len(chunk)
        if length > MAX_OUTPUT:
            raise _problem(template.name and f"templates/{template.name}", _current_line(template, chunks),
                           f"模板输出超过 {MAX_OUTPUT} 个字符，已停止（是否有过大的循环？）")
        _check_time()
        parts.append(chunk)
        if len(parts) == JOINED:
            done.append("".join(parts))
            parts.clear()
    return "".join(done) + "".join(parts)


def _current_line(template: jinja2.Template, chunks) -> int:
    """The template line a paused render stands at (Template.generate delegates to it)."""
    inner = getattr(chunks, "gi_yieldfrom", None)
    frame = getattr(inner, "gi_frame", None)
    return template.get_corresponding_lineno(frame.f_lineno) if frame else 0


def _problem(label: str, line: int, message: str, detail: str = "") -> DataError:
    return DataError([Problem(label, line, 1, "", message, detail)])


# Jinja2's syntax errors (English) -> what the office reads; the original is kept for --debug.
SYNTAX_SAID = (
    ("nexpected end of template", "模板没有写完：{% if %}、{% for %} 等缺少对应的 {% endif %}、{% endfor %}"),
    ("Encountered unknown tag", "不认识的模板标签（{% %} 中只能写 if、for、set、macro 等）；请检查拼写"),
    ("Expected an expression", "{{ }} 或 {% %} 中缺少内容（如 for 后的变量名）"),
    ("unexpected '}'", "有多余或不成对的花括号；变量写作 {{ 名称 }}，语句写作 {% … %}"),
    ("unexpected char", "{{ }} 或 {% %} 中有不能用的字符（如全角标点）；请检查这一行"),
)


def _syntax_said(message: str) -> str:
    said = next((text for cause, text in SYNTAX_SAID if cause in message),
                "请检查这一行的 {{ }} 和 {% %} 是否成对、写法是否正确")
    return f"模板语法错误：{said}"


def _template_line(error: BaseException, name: str) -> int:
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__) if frame.filename.replace("\\", "/").endswith(name)]
    return lines[-1] if lines else 0


def _undefined_name(error: jinja2.UndefinedError) -> str:
    message = str(error.message or "")
    return (message.replace("'mappingproxy object'", "这项数据").replace("'tuple object'", "这个列表")
            .replace("is undefined", "未定义").replace("has no attribute", "没有属性"))


KEY_LINE = re.compile(r"^([A-Za-z_]+)\s*:\s?(.*)$")


def keyed_lines(lines, label: str, required: tuple[str, ...] = ()) -> dict[str, str]:
    """A wording template's `key: text` lines (stripped) as a dict; every required key there
    and not empty, else a DataError at the template."""
    result: dict[str, str] = {}
    for line in lines:
        match = KEY_LINE.match(line)
        if not match:
            raise _problem(label, 0, f"这一行应写成“键: 内容”（冒号前的键不要改）：{line}")
        result[match[1]] = match[2].strip()
    missing = [key for key in required if not result.get(key)]
    if missing:
        raise _problem(label, 0, f"缺少或为空：{'、'.join(missing)}（每行“键: 内容”，冒号前的键不要改）")
    return result


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
