"""Templates are untrusted: sandboxed, strict about undefined names, errors at the template line."""
from __future__ import annotations

import pytest

from pipeline.errors import DataError
from pipeline.data.load import load_year

TEMPLATE = "templates/notice/confirmation.j2"


def write_template(project, text: str) -> None:
    (project.root / TEMPLATE).write_text(text, encoding="utf-8")


def problem_of(project):
    with pytest.raises(DataError) as caught:
        load_year(project, "2021")
    [problem] = caught.value.problems
    return problem


def test_body_blocks_carry_heading_levels(sample_year):
    levels = [block.level for block in sample_year.body]
    assert levels[0] == 0 and 1 in levels and 2 in levels
    assert "等5家党组织" in sample_year.body[0].text


def test_undefined_variable_names_the_template_and_line(sample_copy):
    write_template(sample_copy, "第一段。\n# 标题\n共{{ cuont }}家。\n")
    problem = problem_of(sample_copy)
    assert (problem.file, problem.line) == (TEMPLATE, 3) and "cuont" in problem.message


def test_undefined_attribute_is_an_error(sample_copy):
    write_template(sample_copy, "{{ units[0].nmae }}\n")
    problem = problem_of(sample_copy)
    assert (problem.file, problem.line) == (TEMPLATE, 1) and "nmae" in problem.message


def test_python_internals_are_out_of_reach(sample_copy):
    write_template(sample_copy, "正文\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n")
    problem = problem_of(sample_copy)
    assert problem.file == TEMPLATE and problem.line == 2 and "不允许" in problem.message


def test_syntax_error_names_the_line(sample_copy):
    write_template(sample_copy, "正文\n\n{% if count %}\n")
    problem = problem_of(sample_copy)
    assert problem.file == TEMPLATE and problem.line >= 3 and "语法" in problem.message


def test_missing_template_is_named(sample_copy):
    (sample_copy.root / TEMPLATE).unlink()
    problem = problem_of(sample_copy)
    assert problem.file == TEMPLATE and "找不到" in problem.message


def test_stated_count_in_body_must_match(sample_copy):
    write_template(sample_copy, "确认某某等7家党组织。\n")
    problem = problem_of(sample_copy)
    assert problem.field == "body_template" and "7" in problem.message
