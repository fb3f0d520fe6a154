"""Edits propagate: renaming a unit in its profile makes the next build name every remaining
mention of the old name (free text included) at its file:line:column, and `rename OLD NEW`
shows each one, replaces them in the YAML files once asked, and lists the sheet cells it
leaves to the office."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from partydocs.model.renames import mentions, replaced
from tests import command
from tests.conftest import copy_sample

OLD_PARTY, NEW_PARTY = "中共东莞市江西商会支部委员会", "中共东莞市江西商会联合会支部委员会"
OLD_NAME, NEW_NAME = "东莞市江西商会", "东莞市江西商会联合会"


def make_docs(root: Path, *args: str) -> subprocess.CompletedProcess:
    return command.make_docs("--root", str(root), *args)


def _line_of(path: Path, fragment: str) -> tuple[int, int]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if fragment in line:
            return number, line.index(fragment) + 1
    raise AssertionError(fragment)


def _rename_in_profile(project) -> None:
    path = project.data_dir / "2021/points/jiangxi-chamber.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(f"organisation: {OLD_NAME}   ", f"organisation: {NEW_NAME}   ", 1)
    text = text.replace(f"  name: {OLD_PARTY}", f"  name: {NEW_PARTY}", 1)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def built(tmp_path):
    project = copy_sample(tmp_path)
    first = make_docs(project.root, "build", "--only", "notice", "-j", "1")
    assert first.returncode == 0 and "改名" not in first.stderr, first.stderr
    return project


def test_a_rename_between_builds_names_every_remaining_mention(built):
    award = built.data_dir / "2021/documents/表彰通知.yaml"
    line, column = _line_of(award, OLD_PARTY)                   # the 表彰 people list: free text in a table row
    _rename_in_profile(built)
    result = make_docs(built.root, "build", "--only", "notice", "-j", "1")
    assert result.returncode == 0, result.stderr
    said = next(line for line in result.stderr.splitlines() if f"“{OLD_PARTY}”已改名为“{NEW_PARTY}”" in line)
    assert f"data/2021/documents/表彰通知.yaml:{line}:{column}" in said
    assert "data/2021/表彰名单.xlsx:Sheet1!B2" in said                   # the sheet cell, to change by hand
    assert f"rename {OLD_PARTY} {NEW_PARTY}" in said
    again = make_docs(built.root, "build", "--only", "notice", "-j", "1")
    assert "已改名为" not in again.stderr                                  # said once, for the build that saw it


def test_rename_shows_then_replaces_and_lists_the_sheet_cells(built):
    _rename_in_profile(built)
    award = built.data_dir / "2021/documents/表彰通知.yaml"
    before = award.read_text(encoding="utf-8")
    shown = make_docs(built.root, "rename", OLD_PARTY, NEW_PARTY)
    assert shown.returncode == 0 and award.read_text(encoding="utf-8") == before      # shown, not yet changed
    assert f"{OLD_PARTY}]  →  " in shown.stdout and "--yes" in shown.stdout
    assert "data/2021/表彰名单.xlsx:Sheet1!B2" in shown.stdout and "手工修改" in shown.stdout
    done = make_docs(built.root, "rename", OLD_PARTY, NEW_PARTY, "--yes")
    assert done.returncode == 0, done.stderr
    after = award.read_text(encoding="utf-8")
    assert OLD_PARTY not in after and after == before.replace(OLD_PARTY, NEW_PARTY)   # comments and the rest kept
    assert not mentions(built.data_dir / "2021", built, OLD_PARTY, NEW_PARTY)
    result = make_docs(built.root, "build", "--only", "notice", "-j", "1")
    said = next(line for line in result.stderr.splitlines() if f"“{OLD_PARTY}”已改名为" in line)
    assert ".yaml" not in said.split("仍写着旧名称：")[1].split("；")[0] and "表彰名单.xlsx:Sheet1!B2" in said


def test_rename_to_a_longer_name_holding_the_old_one_does_not_double_it():
    text = f"- {OLD_NAME}\n- {NEW_NAME}\n"
    assert replaced(text, OLD_NAME, NEW_NAME) == f"- {NEW_NAME}\n- {NEW_NAME}\n"


def test_rename_refuses_an_id_and_a_name_that_would_break_the_file(built):
    refused = make_docs(built.root, "rename", "jiangxi-chamber", "jiangxi", "--yes")
    assert refused.returncode == 2 and "示范点编号" in refused.stderr
    award = built.data_dir / "2021/documents/表彰通知.yaml"
    before = award.read_text(encoding="utf-8")
    broken = make_docs(built.root, "rename", "张某某", "张某某: 书记", "--yes")
    assert broken.returncode == 2 and "无法读取" in broken.stderr, broken.stderr + broken.stdout
    assert award.read_text(encoding="utf-8") == before
