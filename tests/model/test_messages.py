"""All problems at once, located, in Chinese: a YAML mistake and a sheet mistake in one run; a
full-width colon named at its own line and column; no English parser text unless --debug."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import openpyxl
import pytest

from tests import command
from tests.conftest import copy_sample

ENGLISH = re.compile(r"[A-Za-z]{4,}(?: [A-Za-z]{2,}){2,}")     # three English words in a row: a library's sentence


def make_docs(root: Path, *args: str) -> subprocess.CompletedProcess:
    return command.make_docs("--root", str(root), *args)


def _replace(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def _line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_a_yaml_mistake_and_a_sheet_mistake_are_reported_in_one_run(tmp_path):
    project = copy_sample(tmp_path, cold=True)
    notice = project.data_dir / "2021/notice.yaml"
    _replace(notice, "title: 关于将", "titel: 关于将")
    sheet = project.data_dir / "2021/表彰名单.xlsx"
    book = openpyxl.load_workbook(sheet)
    book.active["C3"] = None
    book.save(sheet)
    point = project.data_dir / "2021/points/jiangxi-chamber.yaml"
    _replace(point, "members_note: 含流动党员", 'members_note: "含流动党员')
    result = make_docs(project.root, "validate")
    assert result.returncode == 2
    assert "data/2021/notice.yaml:" in result.stderr and "titel" in result.stderr
    assert "data/2021/表彰名单.xlsx:Sheet1!C3: 所在地市: 为空" in result.stderr, result.stderr
    assert "data/2021/points/jiangxi-chamber.yaml:" in result.stderr and "引号" in result.stderr
    assert not ENGLISH.search(result.stderr), result.stderr


def test_a_sheet_mistake_shows_beside_a_point_file_that_does_not_parse(tmp_path):
    """A broken point file leaves the units unknown: the sheet of another document is still read."""
    project = copy_sample(tmp_path, cold=True)
    _replace(project.data_dir / "2021/points/jiangxi-chamber.yaml", "  district: 南城街道", "    district: 南城街道")
    sheet = project.data_dir / "2021/表彰名单.xlsx"
    book = openpyxl.load_workbook(sheet)
    book.active.append([4, "中共甲党支部", None])
    book.save(sheet)
    result = make_docs(project.root, "validate")
    assert result.returncode == 2
    assert "data/2021/points/jiangxi-chamber.yaml:" in result.stderr and "缩进" in result.stderr
    assert "data/2021/表彰名单.xlsx:Sheet1!C5: 所在地市: 为空" in result.stderr, result.stderr


@pytest.mark.parametrize("old, new, field", [
    ("title: 关于将", "title：关于将", "title"),                         # a top-level field
    ("  - name: 中共广东省社会组织委员会   #", "  - name：中共广东省社会组织委员会   #", "name"),   # inside a list
    ("date: 2021-09-06", "date：2021-09-06", "date"),
])
def test_a_full_width_colon_is_named_at_its_own_line_and_column(tmp_path, old, new, field):
    project = copy_sample(tmp_path, cold=True)
    path = project.data_dir / "2021/notice.yaml"
    text = _replace(path, old, new)
    line = _line_of(text, old)
    column = new.index("：") + 1
    result = make_docs(project.root, "validate")
    assert result.returncode == 2
    assert f"data/2021/notice.yaml:{line}:{column}: 这里的冒号“：”是全角冒号" in result.stderr, result.stderr
    assert not ENGLISH.search(result.stderr), result.stderr


def test_a_full_width_colon_in_free_text_is_left_alone(tmp_path):
    project = copy_sample(tmp_path, cold=True)
    _replace(project.data_dir / "2021/documents/会议通知.yaml", "  # 会议地点\n", "  # 会议地点\n  QQ：12345678\n")
    result = make_docs(project.root, "validate")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("old, new, says", [
    ("cc: [省民政厅]", "cc: [省民政厅", "方括号"),
    ("print_date: 2021-09-28", "print_date: `2021-09-28", "不允许开头"),
    ("print_date: 2021-09-28", "print_date:2021-09-28", "冒号“:”后面要有一个空格"),
])
def test_parser_errors_are_said_in_chinese_and_debug_keeps_the_original(tmp_path, old, new, says):
    project = copy_sample(tmp_path, cold=True)
    _replace(project.data_dir / "2021/documents/会议通知.yaml", old, new)
    result = make_docs(project.root, "validate")
    assert result.returncode == 2 and says in result.stderr, result.stderr
    assert not ENGLISH.search(result.stderr), result.stderr
    debug = make_docs(project.root, "validate", "--debug")
    assert "原文：" in debug.stderr and ENGLISH.search(debug.stderr), debug.stderr


def test_a_template_syntax_error_is_said_in_chinese(tmp_path):
    project = copy_sample(tmp_path, cold=True)
    path = project.templates_dir / "notice/confirmation.j2"
    path.write_text(path.read_text(encoding="utf-8") + "{% if count %}\n", encoding="utf-8")
    result = make_docs(project.root, "validate")
    assert result.returncode == 2 and "templates/notice/confirmation.j2:" in result.stderr
    assert "缺少对应的 {% endif %}" in result.stderr and not ENGLISH.search(result.stderr), result.stderr
