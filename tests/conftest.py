"""Fixtures shared by every test folder: the project, the sample year, synthetic years."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from pathlib import Path

import pytest

from generators.builders import builders
from pipeline.build.config import BuildConfig
from pipeline.build.driver import Report, Session, build
from pipeline.cache import Cache
from pipeline.data.load import load_year
from pipeline.project import Project

ROOT = Path(__file__).resolve().parent.parent
GLYPHS = "fonts"        # the brochure cache's converted glyphs: what most of a cold build's time goes to
_seed_home: list[Path] = []


def build_project(project: Project, session: Session | None = None, **options) -> Report:
    """A build of `project` as the command runs it, with every builder."""
    config = BuildConfig(project, **options)
    return build(config, builders(config.pdf, config.variants, config.check), session=session)


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def sample_year(project):
    return load_year(project, "2021")


@pytest.fixture(scope="session", autouse=True)
def _glyph_seed_home(tmp_path_factory):
    """Where seed_glyphs keeps its converted glyphs: a folder every xdist worker of this run shares."""
    base = tmp_path_factory.getbasetemp()
    _seed_home[:] = [base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base]


def copy_sample(root: Path, cold: bool = False) -> Project:
    """A private copy of the project's data and templates under `root`, that a test may break.
    Its output/.cache holds the glyphs a build of the sample converts (seed_glyphs), unless
    `cold`: the tests of caches, or of what a first build does, start from nothing."""
    for folder in ("data", "templates"):
        shutil.copytree(ROOT / folder, root / folder)
    if not cold:
        seed_glyphs(root)
    return Project(root)


def seed_glyphs(root: Path) -> None:
    """Give root/output/.cache the glyph store of a built sample, as a second build would find it.
    Nothing else of the cache (sections, photos, point files) and no output is given: only work
    whose result a build's bytes never depend on (generators/brochure/convert.py)."""
    for store in _glyph_stores():
        shutil.copytree(store, root / "output" / ".cache" / store.parent.name / GLYPHS)


def seed_font_cache(folder: Path) -> Cache:
    """A brochure Cache in `folder` holding the seeded glyphs, for generators called directly."""
    (store,) = _glyph_stores()
    shutil.copytree(store, folder / GLYPHS)
    return Cache(folder)


def _glyph_stores() -> list[Path]:
    return sorted(_glyph_seed().glob(f"*/{GLYPHS}"))


def _glyph_seed() -> Path:
    """.cache/<namespace>/fonts of the sample built once per run, by whichever worker asks first
    (a worker that finds it missing builds its own and publishes it by renaming, which only one wins)."""
    assert _seed_home, "seed_glyphs runs inside a test session"
    seed = _seed_home[0] / "glyph-seed"
    if not seed.is_dir():
        scratch = _seed_home[0] / f"glyph-seed-{uuid.uuid4().hex}"
        _build_seed(scratch)
        try:
            os.rename(scratch, seed)
        except OSError:                    # another worker published first: its seed is the same
            shutil.rmtree(scratch)
    return seed


def _build_seed(scratch: Path) -> None:
    project = scratch / "project"
    for folder in ("data", "templates"):
        shutil.copytree(ROOT / folder, project / folder)
    result = subprocess.run([sys.executable, str(ROOT / "make_docs.py"), "--root", str(project), "build",
                             "--only", "brochures", "-j", "1", "--quiet"], capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    for store in (project / "output" / ".cache").glob(f"*/{GLYPHS}"):
        target = scratch / store.parent.name / GLYPHS
        target.mkdir(parents=True)
        for database in store.glob("*.sqlite"):     # one file each, the write-ahead log folded in
            with closing(sqlite3.connect(database)) as source, closing(sqlite3.connect(target / database.name)) as copy:
                source.backup(copy)
    shutil.rmtree(project)


@pytest.fixture
def sample_copy(tmp_path) -> Project:
    return copy_sample(tmp_path)


# -- how xdist shares the tests out (pyproject: --dist loadgroup) ------------------------------
SPREAD = ("corpus/test_corpus.py", "spine/test_build.py")    # long files of many separate builds: test by test
FIRST = ("spine/test_variants.py", "spine/test_interrupt.py", "checker/test_handmade.py", "article/test_page.py")


def _file(item) -> str:
    return Path(item.path).relative_to(ROOT / "tests").as_posix()


def pytest_itemcollected(item):
    """Every other file stays on one worker, as its module and session fixtures are built once
    there (xdist reads the marks in its pytest_collection_modifyitems)."""
    if _file(item) not in SPREAD:
        item.add_marker(pytest.mark.xdist_group(_file(item)))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The longest files that stay on one worker start first (after pytest-randomly's shuffle),
    so that no worker is left alone with one at the end."""
    items.sort(key=lambda item: _file(item) not in FIRST)
