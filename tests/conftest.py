"""Fixtures shared by every test folder: the project, the sample year, synthetic years."""
from __future__ import annotations

import compileall
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from generators.builders import builders
from partydocs.engine.config import BuildConfig
from partydocs.engine.driver import Report, Session, build
from partydocs.reuse.cache import Cache
from partydocs.model.load import load_year
from partydocs.reuse.project import Project
from tests.synthetic import write_photo_pool, write_synthetic_year

try:
    import fcntl
except ImportError:          # Windows: no lock, and a worker that loses the race to publish discards its own
    fcntl = None

ROOT = Path(__file__).resolve().parent.parent
GLYPHS = "glyphs-*"     # the glyph store's namespace: what most of a cold build's time goes to
_shared_folder: list[Path] = []


def pytest_configure(config):
    """Compile the product's modules once, before a test starts make_docs.py: where
    PYTHONDONTWRITEBYTECODE is set (as on CI machines), each of the suite's ~110 commands
    would compile them from source again (~0.1 s each); a user's Python caches them."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        for package in ("partydocs", "generators"):
            compileall.compile_dir(ROOT / package, quiet=1)


def build_project(project: Project, session: Session | None = None, **options) -> Report:
    """A build of `project` as the command runs it, with every builder."""
    config = BuildConfig(project, **options)
    return build(config, builders(config.pdf, config.variants, config.check, retired=config.retired, ofd=config.ofd), session=session)


@pytest.fixture(scope="session")
def project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def sample_year(project):
    return load_year(project, "2021")


@pytest.fixture(scope="session", autouse=True)
def _shared_home(tmp_path_factory):
    """Where the folders made once per run are kept (glyphs, photos): one every xdist worker shares."""
    base = tmp_path_factory.getbasetemp()
    _shared_folder[:] = [base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base]


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
    whose result a build's bytes never depend on (generators/brochure/glyphs/)."""
    for store in _glyph_stores():
        shutil.copytree(store, root / "output" / ".cache" / store.name)


def seed_font_cache(folder: Path) -> Cache:
    """A brochure Cache in `folder` holding the seeded glyphs, for generators called directly."""
    (store,) = _glyph_stores()
    shutil.copytree(store, folder / store.name)
    return Cache(folder)


def built_sample() -> Path:
    """The sample built from nothing by `make_docs.py build`, once per run: a folder to copy
    (outputs, manifest and caches as a first build leaves them), never to change."""
    return _made_once("built-sample", _build_sample)


def _glyph_stores() -> list[Path]:
    return sorted(_made_once("glyph-seed", _copy_glyph_stores).glob(GLYPHS))


def synthetic_year(project_root: Path, n_points: int, year: str = "2021", highlights: bool = True) -> None:
    """write_synthetic_year, its camera photos made once per run rather than once per year."""
    pool = _made_once("photo-pool", write_photo_pool) if highlights else None
    write_synthetic_year(project_root, n_points, year, photos=pool, highlights=highlights)


def _made_once(name: str, make) -> Path:
    """The folder `make` fills, made once per run by whichever xdist worker asks first while
    the others wait for it, then published by renaming."""
    assert _shared_folder, "a shared folder is made inside a test session"
    made = _shared_folder[0] / name
    if not made.is_dir():
        with _exclusive(_shared_folder[0] / f"{name}.lock"):
            if not made.is_dir():
                scratch = _shared_folder[0] / f"{name}-{uuid.uuid4().hex}"
                make(scratch)
                try:
                    os.rename(scratch, made)
                except OSError:
                    shutil.rmtree(scratch)
    return made


@contextmanager
def _exclusive(lock: Path):
    if fcntl is None:
        yield
        return
    with open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_sample(scratch: Path) -> None:
    """With two workers: early in a run, the other xdist worker is mostly waiting for it."""
    for folder in ("data", "templates"):
        shutil.copytree(ROOT / folder, scratch / folder)
    result = subprocess.run([sys.executable, str(ROOT / "make_docs.py"), "--root", str(scratch), "build", "-j", "2", "--quiet"],
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr


def _copy_glyph_stores(scratch: Path) -> None:
    for store in (built_sample() / "output" / ".cache").glob(GLYPHS):
        target = scratch / store.name
        target.mkdir(parents=True)
        for database in store.glob("*.sqlite"):     # one file each, the write-ahead log folded in
            with closing(sqlite3.connect(database)) as source, closing(sqlite3.connect(target / database.name)) as copy:
                source.backup(copy)


def copy_built_sample(root: Path) -> Project:
    """A built project of its own under `root` (times kept), so no test sees another's edits."""
    shutil.copytree(built_sample(), root, symlinks=True)
    return Project(root)


@pytest.fixture
def sample_copy(tmp_path) -> Project:
    return copy_sample(tmp_path)


@pytest.fixture
def built_copy(tmp_path) -> Project:
    return copy_built_sample(tmp_path / "built")


SHARED_FIXTURES: set[str] = set()


def shared_fixture(function):
    """A session fixture of a folder's conftest (an expensive thing built once, as a rendered
    notice or a browser): the files that use it stay on one xdist worker, so it is built once."""
    SHARED_FIXTURES.add(function.__name__)
    return pytest.fixture(scope="session")(function)


# -- how xdist shares the tests out (pyproject: --dist loadgroup) ------------------------------
SPREAD = ("corpus/test_corpus.py", "engine/test_build.py")    # long files of many separate builds: test by test
FIRST = ("engine/test_variants.py", "engine/test_interrupt.py", "partydocs/checker/test_handmade.py", "article/test_page.py",
         "ofd/test_reader.py")


def _file(item) -> str:
    return Path(item.path).relative_to(ROOT / "tests").as_posix()


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items):
    """Before the other plugins: every other file stays on one worker, as its module fixtures
    are built once there, and so do files that share a session fixture of their folder's
    conftest (a rendered notice, a browser), so that it is built once, not on each worker
    (xdist reads the marks in its own hook). After them (pytest-randomly's shuffle): the
    longest files that stay on one worker start first, so that no worker is left alone with
    one at the end."""
    groups = _groups_sharing_session_fixtures([item for item in items if _file(item) not in SPREAD])
    for item in items:
        if _file(item) in groups:
            item.add_marker(pytest.mark.xdist_group(groups[_file(item)]))
    yield
    items.sort(key=lambda item: _file(item) not in FIRST)


def _groups_sharing_session_fixtures(items) -> dict[str, str]:
    """file → its group: the first, in name order, of the files linked by shared fixtures."""
    group = {_file(item): _file(item) for item in items}

    def leader(file: str) -> str:
        while group[file] != file:
            file = group[file]
        return file

    owner: dict[str, str] = {}
    for item in items:
        for name in _folder_session_fixtures(item):
            first, second = sorted((leader(owner.setdefault(name, _file(item))), leader(_file(item))))
            group[second] = first
    return {file: leader(file) for file in group}


def _folder_session_fixtures(item) -> list[str]:
    """The session fixtures `item` uses that a folder's conftest defines (`shared_fixture`)."""
    return [name for name in item.fixturenames if name in SHARED_FIXTURES]
