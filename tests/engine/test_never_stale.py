"""Never stale: a point saved again and again while builds run (an editor's autosave under
--watch) never leaves a document of an intermediate version passing for current. Each round
builds while a thread saves the point (in place or by renaming, at random moments), then,
the saves over and their time set well in the past (as when the clerk stopped typing long
ago: past every two-second stamp rule), builds again; the outputs must equal those of a
clean build of the data the point was left with."""
from __future__ import annotations

import os
import random
import threading
import time

import pytest

from partydocs.engine.config import BuildConfig
from partydocs.engine.driver import Session
from partydocs.reuse.errors import DataError

from ..conftest import build_project, copy_built_sample
from ..outputs import tree_hashes
from ..model.test_validation import POINT

ROUNDS = 50
MEMBERS = (93, 94, 95)


def variant(text: str, members: int) -> str:
    return text.replace("members: 93", f"members: {members}", 1)


@pytest.fixture(scope="module")
def references(tmp_path_factory) -> tuple[str, dict[int, dict[str, str]]]:
    """The point file as shipped, and the outputs of a clean build for each member count."""
    found = {}
    for members in MEMBERS:
        project = copy_built_sample(tmp_path_factory.mktemp(f"clean-{members}") / "built")
        point = project.root / POINT
        original = point.read_text(encoding="utf-8")
        point.write_text(variant(original, members), encoding="utf-8")
        assert build_project(project, jobs=2, force=True).exit_code == 0
        found[members] = tree_hashes(project.output_dir)
    assert len({tuple(sorted(tree.items())) for tree in found.values()}) == len(MEMBERS)
    return original, found


class Saver(threading.Thread):
    """Saves the point with a random member count every few milliseconds until stopped, or
    for `seconds`: the last save falls anywhere in a build (while it loads the data, plans,
    hashes, lays out), or before it."""

    def __init__(self, path, original: str, rng: random.Random, seconds: float):
        super().__init__(daemon=True)
        self.path, self.original, self.rng = path, original, rng
        self.stop = threading.Event()
        self.until = time.monotonic() + seconds
        self.last = 93

    def run(self) -> None:
        while not self.stop.is_set() and time.monotonic() < self.until:
            self.last = self.rng.choice(MEMBERS)
            text = variant(self.original, self.last).encode("utf-8")
            if self.rng.random() < 0.5:
                self.path.write_bytes(text)                       # in place, as Notepad does
            else:
                scratch = self.path.with_name(".saving.tmp")      # by renaming, as VS Code may
                scratch.write_bytes(text)
                os.replace(scratch, self.path)
            time.sleep(self.rng.uniform(0, 0.03))


def test_saving_during_builds_never_leaves_an_output_stale(tmp_path, references):
    """Half the rounds as separate builds, half in one --watch session (its workers and its
    memory of the point files kept between builds)."""
    import generators.brochure.jobs  # noqa: F401 - imported once here, inherited by every forked worker
    import generators.notice.document  # noqa: F401

    original, clean = references
    project = copy_built_sample(tmp_path / "project")
    point = project.root / POINT
    rng = random.Random(33)
    stale = []
    with Session(BuildConfig(project, jobs=2)) as session:
        for round_ in range(ROUNDS):
            watched = session if round_ % 2 else None
            saver = Saver(point, original, rng, rng.uniform(0.05, 2.0))
            saver.start()
            time.sleep(rng.uniform(0, 0.2))                 # a build starts somewhere in the saving
            try:
                build_project(project, watched, jobs=2)
            except DataError:
                pass                                        # read half-written: refused, nothing written
            saver.stop.set()
            saver.join()
            past = time.time() - 60
            os.utime(point, (past, past))
            assert build_project(project, watched, jobs=2).exit_code == 0
            if tree_hashes(project.output_dir) != clean[saver.last]:
                stale.append(round_)
    assert stale == []
