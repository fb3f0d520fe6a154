"""The build server: a build it runs is the build the command would have run, byte for byte
and message for message; it refuses a second build, and it ends when it should."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.handover import LOG, STATE
from pipeline.load import Project

from ..conftest import copy_sample
from ..outputs import tree_hashes
from .test_build import _alive
from .test_validation import POINT, edit

ROOT = Path(__file__).resolve().parents[2]
ON = {**os.environ, "PARTY_DOCS_SERVER": "1"}
OFF = {**os.environ, "PARTY_DOCS_SERVER": "0"}


def command(project: Project, *args: str, env=ON, **options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "make_docs.py"), "--root", str(project.root), *args],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=300, **options)


def served(project: Project) -> list[str]:
    log = project.output_dir / LOG
    return [line.split(" ", 2)[2] for line in log.read_text(encoding="utf-8").splitlines() if " build " in line] \
        if log.is_file() else []


def wait_for(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


class Server:
    """`make_docs.py serve` for a project, ended (and waited for) when the test is done."""

    def __init__(self, project: Project, idle: float = 120):
        self.project = project
        self.process = subprocess.Popen([sys.executable, str(ROOT / "make_docs.py"), "--root", str(project.root),
                                         "serve", "--idle", str(idle)], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True, env=ON)
        assert wait_for(lambda: (project.output_dir / STATE).is_file()), "the server did not start"

    def ended(self, seconds: float = 30) -> bool:
        try:
            self.process.wait(timeout=seconds)
            return True
        except subprocess.TimeoutExpired:
            return False

    def close(self) -> None:
        command(self.project, "stop")
        if not self.ended():
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def pair(tmp_path):
    """Two copies of the sample, built: the first by itself, the second by its server."""
    local, remote = copy_sample(tmp_path / "local"), copy_sample(tmp_path / "remote")
    assert command(local, "build", env=OFF).returncode == 0
    assert command(remote, "build", env=OFF).returncode == 0
    server = Server(remote)
    yield local, remote, server
    server.close()


def test_a_served_build_writes_what_a_build_by_itself_writes(pair):
    local, remote, server = pair
    for project in (local, remote):
        edit(project, POINT, "members: 93", "members: 94")
    by_itself, by_server = command(local, "build", env=OFF), command(remote, "build")
    assert served(remote) == [f"--root {remote.root} build"]
    assert by_server.returncode == by_itself.returncode == 0, by_server.stderr
    rebuilt = sorted(line.split()[1] for line in by_server.stdout.splitlines() if line.startswith("生成"))
    assert rebuilt == ["2021/brochure.pdf", "2021/brochures/jiangxi-chamber.pdf"]
    assert tree_hashes(remote.output_dir) == tree_hashes(local.output_dir)
    assert command(remote, "build").stdout.startswith("完成：生成 0 个")


def test_bad_data_reads_the_same_from_the_server(pair):
    local, remote, server = pair
    for project in (local, remote):
        edit(project, POINT, "members: 93", "members: lots")
    by_itself, by_server = command(local, "build", env=OFF), command(remote, "build")
    assert len(served(remote)) == 1
    assert by_server.returncode == by_itself.returncode == 2
    assert by_server.stderr.replace(str(remote.root), "") == by_itself.stderr.replace(str(local.root), "")
    assert "members" in by_server.stderr


def test_a_second_build_is_refused_while_the_server_builds(pair):
    _, remote, server = pair
    first = subprocess.Popen([sys.executable, str(ROOT / "make_docs.py"), "--root", str(remote.root), "build",
                              "--force"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ON)
    assert wait_for(lambda: len(served(remote)) == 1)
    second = command(remote, "build")
    assert first.wait(timeout=300) == 0
    assert second.returncode == 1 and "另一个构建正在使用 output/" in second.stderr
    assert len(served(remote)) == 1


def test_an_interrupted_command_ends_its_served_build_and_the_server(pair):
    """Ctrl-C (or a closed window) on the command stops the build the server runs for it; the
    server ends too, and output/ holds only whole files, which the next build completes."""
    _, remote, server = pair
    before = tree_hashes(remote.output_dir)
    first = subprocess.Popen([sys.executable, str(ROOT / "make_docs.py"), "--root", str(remote.root), "build",
                              "--force"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ON)
    assert wait_for(lambda: len(served(remote)) == 1)
    first.send_signal(signal.SIGINT)
    assert first.wait(timeout=60) == 130
    assert server.ended()
    assert tree_hashes(remote.output_dir) == before               # --force rebuilt the same bytes, or none yet
    assert command(remote, "build", env=OFF).returncode == 0
    assert not list(remote.output_dir.rglob(".*.part"))
    assert tree_hashes(remote.output_dir) == before


def test_a_build_starts_a_server_that_ends_when_idle_or_when_output_is_cleaned(tmp_path):
    project = copy_sample(tmp_path)
    assert command(project, "build").returncode == 0
    state = project.output_dir / STATE
    assert wait_for(state.is_file), "no server was started"
    pid = json.loads(state.read_text(encoding="utf-8"))["pid"]
    assert command(project, "build").stdout.startswith("完成：生成 0 个")
    assert len(served(project)) == 1
    assert command(project, "clean").returncode == 0               # output/ and its server state are gone
    assert wait_for(lambda: not _alive(pid), 30), "the server outlived output/"

    idle = Server(project, idle=1)
    assert idle.ended(30) and not state.exists()


def test_a_server_of_other_code_is_not_used():
    """The server compares its code files with those it imported before every build; the
    command builds by itself when they differ, and the old server ends."""
    from multiprocessing import Pipe

    from pipeline import handover, server as module

    ours, theirs = Pipe()
    assert module._is_stale(theirs, {"pipeline/cli.py": (0, 0)})
    assert ours.recv() == ("stale", None)
    ours.send(("stale", None))
    assert handover._relay(theirs) is None
    assert not module._is_stale(theirs, module.code_stamps())
