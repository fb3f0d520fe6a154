"""Templates are untrusted: sandboxed, strict about undefined names, errors at the template line."""
from __future__ import annotations

import pytest

from partydocs.reuse.errors import DataError
from partydocs.model.load import load_year

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


ESCAPES = {
    "legacy pydantic parse_raw": "{{ notice.parse_raw('x') }}",
    "legacy pydantic parse_file": "{{ notice.parse_file('/etc/passwd') }}",
    "model class": "{{ notice.__class__ }}",
    "subclasses through a string": "{{ ''.__class__.__base__.__subclasses__() }}",
    "format-string attribute chain": "{{ '{0.__class__.__init__.__globals__}'.format(notice) }}",
    "a point's method": "{{ units[0].listing() }}",
    "a date's method": "{{ notice.date.zh() }}",
    "a mapping's mutation": "{{ notice.update({'title': 'x'}) }}",
    "globals of a macro": "{% macro m() %}{% endmacro %}{{ m.__globals__ }}",
}


@pytest.mark.parametrize("text", ESCAPES.values(), ids=ESCAPES.keys())
def test_a_template_sees_plain_data_only(sample_copy, tmp_path, text):
    """No object with methods reaches a template: the escape is a located message, nothing runs."""
    write_template(sample_copy, "正文\n" + text + "\n")
    problem = problem_of(sample_copy)
    assert problem.file == TEMPLATE and problem.line == 2, problem
    assert "root:" not in problem.message


RUNAWAY = {
    "nested loops": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "huge repetition": "{{ 'a' * 10**9 }}",
    "huge power": "{{ 7 ** 9999999 }}",
    "endless recursion": "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}",
    "too much output": "{% for i in range(100000) %}{{ '一' * 1000 }}{% endfor %}",
    "loops that neither call nor print": "{% set s = '一' * 60000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
}


@pytest.mark.parametrize("text", RUNAWAY.values(), ids=RUNAWAY.keys())
def test_a_runaway_template_is_stopped_and_located(sample_copy, text):
    import time

    write_template(sample_copy, "正文\n" + text + "\n")
    started = time.process_time()           # this process's CPU: a busy machine's wall clock says nothing
    problem = problem_of(sample_copy)
    assert time.process_time() - started < 10
    assert problem.file == TEMPLATE and problem.line == 2, problem


def test_templates_still_print_dates_and_counts_as_text(sample_year):
    """Plain data: dates and head counts arrive as their Chinese text."""
    from partydocs.model.templating import plain

    point = plain(sample_year.points[0])
    assert point["founded"] == sample_year.points[0].founded.zh() and "年" in point["founded"]
    assert point["place"] == sample_year.points[0].location.zh()
    assert not any(callable(value) for value in point.values())
