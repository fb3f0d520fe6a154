"""A no-op decided from stamps alone (partydocs/engine/quiet.py): it loads neither the data
models nor the generators, and any change it could miss sends the build the usual way."""
from __future__ import annotations

import os
import subprocess
import sys
import time

from partydocs.cli import NO_OP
from partydocs.reuse.counters import work

from ..command import make_docs
from ..conftest import ROOT, copy_built_sample
from ..model.test_validation import POINT, edit

QUIET_LINE = "完成：生成 0 个，已是最新"


def age(project) -> None:
    """Every input as if saved a minute ago: past the two-second rule of the next record."""
    past = time.time() - 60
    for folder in (project.data_dir, project.templates_dir):
        for path in folder.rglob("*"):
            os.utime(path, (past, past), follow_symlinks=False)


def quiet_build(project, *extra: str) -> subprocess.CompletedProcess:
    """A fresh command, with the modules it imports listed (python -X importtime)."""
    return subprocess.run([sys.executable, "-X", "importtime", str(ROOT / "make_docs.py"), "--root", str(project.root),
                           "build", "-j", "2", *extra], capture_output=True, text=True, encoding="utf-8", timeout=600)


def imported(result: subprocess.CompletedProcess) -> set[str]:
    return {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}


def test_a_no_op_loads_no_data_model_and_no_generator(tmp_path):
    project = copy_built_sample(tmp_path / "built")
    age(project)
    assert make_docs("--root", str(project.root), "build", "-j", "2", "--quiet").returncode == 0     # writes the record
    result = quiet_build(project)
    assert result.returncode == 0, result.stderr
    assert QUIET_LINE in result.stdout
    modules = imported(result)
    assert not {m for m in modules if m.split(".")[0] in ("generators", "pydantic", "docx", "reportlab", "yaml", "jinja2")}
    assert "partydocs.model" not in modules and "partydocs.engine.quiet" in modules


def test_whatever_the_stamps_do_not_vouch_for_goes_the_usual_way(tmp_path):
    """An edit, a new data file, a damaged output, other options, a fresh edit within two
    seconds of the record: each is looked at by the build itself."""
    project = copy_built_sample(tmp_path / "built")
    age(project)
    build = lambda *extra: make_docs("--root", str(project.root), "build", "-j", "2", *extra)  # noqa: E731

    def stamps_alone(*extra: str) -> bool:
        before = work[NO_OP]
        result = build(*extra)
        assert result.returncode == 0, result.stderr
        return work[NO_OP] > before

    assert build().returncode == 0
    assert stamps_alone()

    edit(project, POINT, "members: 93", "members: 94")          # an edit: rebuilt at once, even within 2 s
    assert "生成 2021/brochures/jiangxi-chamber.pdf" in build().stdout
    assert not stamps_alone()                                   # an input changed within 2 s of the record: the usual way
    age(project)
    assert build().returncode == 0                              # a record past the two seconds
    assert stamps_alone()

    profile = project.output_dir / "2021/brochures/jiangxi-chamber.pdf"
    profile.write_bytes(profile.read_bytes()[:-10])             # a damaged output
    assert "生成 2021/brochures/jiangxi-chamber.pdf" in build().stdout
    age(project)
    build()
    assert stamps_alone()

    assert not stamps_alone("--only", "notice")                  # other options
    assert not stamps_alone() and stamps_alone()                # one record: the usual way once, then stamps again
    (project.data_dir / "2021/documents/新通知.yaml").write_text(
        (project.data_dir / "2021/documents/会议通知.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert "生成 2021/新通知.docx" in build().stdout             # a new data file
