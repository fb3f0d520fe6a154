"""The command line as a user runs it: messages, exit codes, no tracebacks."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from ..command import make_docs
from ..conftest import copy_sample
from ..model.test_validation import NOTICE, POINT, edit

ROOT = Path(__file__).resolve().parents[2]
LOCATED = re.compile(r"^data/2021/\S+\.yaml:\d+:\d+: \S+: .+")


def run(*args: str, root: Path = ROOT) -> subprocess.CompletedProcess:
    return make_docs("--root", str(root), *args)


def break_five_ways(project) -> None:
    edit(project, POINT, "founded: 2012-11", "founded: 2012-13")
    edit(project, POINT, "activists: 6", "activist: 6")
    edit(project, "data/2021/points/women-entrepreneurs.yaml", "members: 40", "members: 40\nmembers: 41")
    edit(project, "data/2021/points/decoration-association.yaml", "id: decoration-association", "id: xiangshi-mutual-aid")
    edit(project, "data/2021/points/dazhong-social-work.yaml", "photos/dazhong-social-work-2.png", "photos/missing.png")


def test_validate_passes_on_the_sample():
    result = run("validate")
    assert result.returncode == 0, result.stderr
    assert "5" in result.stdout


def test_five_problems_in_one_run(sample_copy):
    break_five_ways(sample_copy)
    result = run("validate", root=sample_copy.root)
    located = [line for line in result.stderr.splitlines() if LOCATED.match(line)]
    assert result.returncode == 2
    assert len(located) == 5, result.stderr
    assert {line.split(": ")[1] for line in located} == {"founded", "activist", "members", "id", "highlights[2].photo"}
    assert "Traceback" not in result.stderr + result.stdout


def test_build_writes_nothing_when_data_is_bad(tmp_path):
    project = copy_sample(tmp_path, cold=True)         # no output/ at all, not even a seeded cache
    break_five_ways(project)
    result = run("build", root=project.root)
    assert result.returncode == 2
    assert not (project.root / "output").exists()


def test_debug_shows_the_traceback(sample_copy):
    edit(sample_copy, NOTICE, "date: 2021-09-06", "date: 2021-99-06")
    result = run("validate", "--debug", root=sample_copy.root)
    assert result.returncode == 2 and "Traceback" in result.stderr


def test_unknown_year_is_a_clear_message():
    result = run("validate", "--year", "1999")
    assert result.returncode == 1 and "1999" in result.stderr and "Traceback" not in result.stderr


def test_help_explains_the_commands():
    result = subprocess.run([sys.executable, str(ROOT / "make_docs.py"), "--help"], capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0
    for command in ("build", "validate", "list", "clean"):
        assert command in result.stdout
