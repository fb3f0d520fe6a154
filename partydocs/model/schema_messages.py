"""Turn pydantic's validation errors into Chinese messages placed at the YAML line."""
from __future__ import annotations

import difflib
import types
import typing
from dataclasses import replace

from pydantic import BaseModel, ValidationError

from partydocs.reuse.errors import Problem
from .yaml_reader import YamlDocument

PATTERN_HINTS = {
    "id": "只能用小写英文字母、数字、汉字和连字符（不能有空格、斜杠等），例如 jiangxi-chamber 或 东莞市江西商会",
    "units": "应为示范点编号（小写英文字母、数字和连字符），例如 jiangxi-chamber",
    "order": "应为示范点编号（小写英文字母、数字和连字符），例如 jiangxi-chamber",
    "copy_number": "份号应为 6 位数字，例如 \"000001\"（请加引号）",
    "code": "机关代字只写文字，例如 粤社党（年份和序号分别写在 year、seq）",
    "body_template": "应为 templates/ 中以 .j2 结尾的模板文件名，例如 notice/confirmation.j2",
}


def problems_from(error: ValidationError, doc: YamlDocument, model: type[BaseModel]) -> list[Problem]:
    problems = []
    for e in error.errors(include_url=False):
        found = doc.problem(tuple(e["loc"]), message_of(e, model), at_key=e["type"] == "extra_forbidden")
        problems.append(replace(found, detail=e["msg"]))
    return problems


def message_of(error: dict, model: type[BaseModel]) -> str:
    """pydantic's error in Chinese: ours are written in Chinese; a kind of pydantic's own with
    no Chinese wording here is said plainly (its English text is kept for --debug)."""
    said = _message(error, model)
    if said == error["msg"] and not any("\u4e00" <= char <= "\u9fff" for char in said):
        return f"{_shown(error.get('input'))} 填写有误，不符合这一项的要求；请对照示例文件（data/2021/）中的写法修改"
    return said


def _message(error: dict, model: type[BaseModel]) -> str:
    kind, loc, value, ctx = error["type"], error["loc"], error.get("input"), error.get("ctx") or {}
    shown = _shown(value)
    if kind == "missing":
        return "缺少必填字段，请补上"
    if kind == "extra_forbidden":
        return _unknown_key(model, loc)
    if kind == "string_pattern_mismatch":
        name = next((p for p in reversed(loc) if isinstance(p, str)), "")
        return f"{shown} 格式不对：{PATTERN_HINTS.get(name, '不符合要求的格式')}"
    if isinstance(value, str) and kind in ("too_long", "too_short"):
        kind = f"string_{kind}"
    simple = {
        "string_type": f"{shown} 应为文字（数字或日期当作文字时请加引号）",
        "int_type": f"{shown} 应为整数",
        "int_parsing": f"{shown} 应为整数",
        "int_from_float": f"{shown} 应为整数",
        "bool_type": f"{shown} 应为 true 或 false",
        "bool_parsing": f"{shown} 应为 true 或 false",
        "list_type": f"{shown} 应为列表（每项一行，以“- ”开头）",
        "model_type": "应为一组“名称: 值”字段",
        "model_attributes_type": "应为一组“名称: 值”字段",
        "dict_type": "应为一组“名称: 值”字段",
        "string_too_short": "不能为空",
        "string_too_long": f"太长（最多 {ctx.get('max_length')} 个字符，现有 {len(str(value))} 个）",
        "too_short": f"至少要写 {ctx.get('min_length')} 项",
        "too_long": f"最多只能写 {ctx.get('max_length')} 项",
        "greater_than_equal": f"{shown} 太小（应不小于 {ctx.get('ge')}）",
        "less_than_equal": f"{shown} 太大（应不大于 {ctx.get('le')}）",
        "literal_error": f"{shown} 不是可选值之一（可选：{ctx.get('expected', '').replace(chr(39), '')}）",
    }
    return simple.get(kind) or error["msg"]


def _shown(value: object) -> str:
    if value is None:
        return "空值"
    text = str(value)
    return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"


def _unknown_key(model: type[BaseModel], loc: tuple) -> str:
    key = str(loc[-1])
    known = list(_model_at(model, loc[:-1]).model_fields)
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"，是否想写 {close[0]}？" if close else f"；这里可以写的字段有：{'、'.join(known)}"
    return f"未知字段 “{key}”{hint}"


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel]:
    """The model class that describes the mapping at `loc`."""
    for part in loc:
        if isinstance(part, str):
            model = _inner_model(model.model_fields[part].annotation) or model
    return model


def _inner_model(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found:
                return found
    return None
