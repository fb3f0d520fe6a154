"""Ctrl-C and SIGTERM end a build within 2 s, whatever its workers are doing, and leave
output/ as it was: each test starts `make_docs.py build -j 2` on a built copy, waits until
its workers are busy, interrupts it, and then looks in /proc and output/."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, built_sample, seed_glyphs, synthetic_year
from tests.outputs import tree_hashes

LIMIT = 2.0
BROCHURES = ("--only", "brochures")   # what keeps the workers busy; the year's 80 web photos would only lengthen the set-up
RUNAWAY = (  # the validation phase renders the profile of the first point, dazhong-social-work, only
    "{% if point.id != 'dazhong-social-work' %}{% for i in range(100000) %}{% for j in range(100000) %}"
           "{% endfor %}{% endfor %}{% endif %}\n")


def command(root: Path, *extra: str) -> list[str]:
    return [sys.executable, str(ROOT / "make_docs.py"), "--root", str(root), "build", "-j", "2", *extra]


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid`, from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _ctrl_c_heard() -> None:
    """As from a console: a suite run in a background job has SIGINT ignored, and a child
    would inherit that and never see the Ctrl-C the test sends."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def busy_build(root: Path, *extra: str) -> tuple[subprocess.Popen, set[int]]:
    """A build started in its own process group, once two workers have been working a while."""
    process = subprocess.Popen(command(root, *extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, encoding="utf-8", start_new_session=True, preexec_fn=_ctrl_c_heard)
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while len(workers) < 2:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the build never started its workers"
        time.sleep(0.05)
        workers = children(process.pid)
    time.sleep(1.0)                      # past the warm-up: each worker is inside a job
    assert process.poll() is None
    return process, workers


def interrupt(process: subprocess.Popen, workers: set[int], how: str) -> tuple[float, str]:
    started = time.monotonic()
    if how == "ctrl-c":
        os.killpg(process.pid, signal.SIGINT)     # what the console sends: the whole group
    else:
        process.send_signal(signal.SIGTERM)       # what `kill` or a shutdown sends: the driver only
    try:
        _, stderr = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    seconds = time.monotonic() - started
    time.sleep(0.2)                               # an orphan would be reparented, not gone
    survivors = {pid for pid in workers if alive(pid)}
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert not survivors, f"workers {survivors} outlived the build"
    return seconds, stderr


def build(root: Path, *extra: str) -> None:
    result = subprocess.run(command(root, *extra), capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert result.returncode == 0, result.stderr


def assert_intact(root: Path, before: dict[str, str]) -> None:
    assert tree_hashes(root / "output") == before, "an interrupted build changed the old outputs"
    assert not list((root / "output").rglob(".*.part")), "a .part file survived the interruption"


@pytest.fixture(scope="module")
def built_synthetic(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synthetic")
    synthetic_year(root, 40)
    shutil.copytree(ROOT / "templates", root / "templates")
    seed_glyphs(root)
    build(root, *BROCHURES)
    return root


def copy_with_hashes(source: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    root = tmp_path / "project"
    shutil.copytree(source, root, symlinks=True)
    return root, tree_hashes(root / "output")


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_a_runaway_brochure_template_in_the_workers_is_interrupted(tmp_path, how):
    """Four workers' jobs sit in a template loop the time bound would stop only after 2 s."""
    root, before = copy_with_hashes(built_sample(), tmp_path)
    profile = root / "templates/brochure/profile.j2"
    profile.write_text(RUNAWAY + profile.read_text(encoding="utf-8"), encoding="utf-8")
    process, workers = busy_build(root)
    seconds, stderr = interrupt(process, workers, how)
    assert seconds < LIMIT, f"the build took {seconds:.2f} s to end"
    assert process.returncode == 130 and "已中断" in stderr and "Traceback" not in stderr
    assert_intact(root, before)


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_a_long_build_of_many_points_is_interrupted(built_synthetic, tmp_path, how):
    """No template trick: 40 real points rebuilt with --force keep both workers laying out PDFs."""
    root, before = copy_with_hashes(built_synthetic, tmp_path)
    process, workers = busy_build(root, "--force", *BROCHURES)
    seconds, stderr = interrupt(process, workers, how)
    assert seconds < LIMIT, f"the build took {seconds:.2f} s to end"
    assert process.returncode == 130 and "Traceback" not in stderr
    assert_intact(root, before)


def test_a_worker_that_dies_ends_the_build_with_a_message_and_output_intact(built_synthetic, tmp_path):
    """A worker killed mid-job (the out-of-memory killer, a crash in a library): the build
    says so in Chinese, exits 1, leaves no scratch file and no worker, and every output is
    the old file or a complete new one (with --force, the same bytes); the next build is whole."""
    root, before = copy_with_hashes(built_synthetic, tmp_path)
    process, workers = busy_build(root, "--force", *BROCHURES)
    os.kill(next(pid for pid in sorted(children(process.pid)) if alive(pid) and b"make_docs.py" in
                 Path(f"/proc/{pid}/cmdline").read_bytes()), signal.SIGKILL)     # a worker, not a passing fc-list
    try:
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    time.sleep(0.2)
    assert process.returncode == 1, stderr
    assert "一个工作进程意外退出；本次生成已中断，已有的输出完好" in stderr and "Traceback" not in stderr
    assert not {pid for pid in workers if alive(pid)}
    assert_intact(root, before)
    again = subprocess.run(command(root, *BROCHURES), capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert again.returncode == 0, again.stderr
    assert tree_hashes(root / "output") == before
