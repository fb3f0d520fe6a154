"""Outputs and caches are keyed by the code that makes them: a change to the checker
rebuilds no brochure and keeps the glyph store; a change to the brochure code rebuilds the
brochures and keeps the glyph store; a change to the glyph converter starts a new store.
The style files are read once per build, however many builders and call sites ask."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from partydocs.reuse.counters import work
from partydocs.reuse.toolchain import import_closure

from ..conftest import build_project, copy_built_sample

ROOT = Path(__file__).resolve().parents[2]
CODE = ("partydocs", "generators")
STYLES = ("notice", "brochure", "article")


def _with_code(root: Path) -> Path:
    """The built sample with a private copy of the project's code beside it (make_docs.py run
    from there imports that copy), so a test may edit the code."""
    copy_built_sample(root)
    for package in CODE:
        shutil.copytree(ROOT / package, root / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "make_docs.py", root / "make_docs.py")
    return root


def _build(root: Path) -> set[str]:
    result = subprocess.run([sys.executable, "-B", str(root / "make_docs.py"), "build", "-j", "1"], cwd=root,
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    return {line.split()[1] for line in result.stdout.splitlines() if line.startswith("生成 ")}


def _comment(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment added by a test\n", encoding="utf-8")


def _glyph_stores(root: Path) -> dict[str, int]:
    """Each glyph store's namespace and its file's inode (the same file, not a copy)."""
    return {store.parent.name: store.stat().st_ino for store in (root / "output" / ".cache").glob("glyphs-*/glyphs.sqlite")}


def test_a_comment_in_the_checker_rebuilds_nothing_and_keeps_the_glyph_store(tmp_path):
    root = _with_code(tmp_path / "project")
    assert _build(root) == set()                      # the copied code is the same code: nothing to do
    stores = _glyph_stores(root)
    assert stores
    _comment(root / "partydocs" / "checker" / "audit.py")
    _comment(root / "partydocs" / "cli" / "__init__.py")
    assert _build(root) == set()
    assert _glyph_stores(root) == stores


def test_a_change_to_the_brochure_code_rebuilds_brochures_only_and_keeps_the_glyph_store(tmp_path):
    root = _with_code(tmp_path / "project")
    stores = _glyph_stores(root)
    _comment(root / "generators" / "brochure" / "profile.py")
    rebuilt = _build(root)
    assert rebuilt and all("brochure" in output for output in rebuilt)
    assert _glyph_stores(root) == stores
    assert len(list((root / "output" / ".cache").glob("brochures-*"))) == 1      # the old namespace swept


def test_a_change_to_the_glyph_converter_starts_a_new_glyph_store(tmp_path):
    root = _with_code(tmp_path / "project")
    stores = _glyph_stores(root)
    _comment(root / "generators" / "brochure" / "glyphs" / "outlines.py")
    _build(root)
    after = _glyph_stores(root)
    assert len(after) == 1 and set(after) != set(stores)


def test_the_checker_is_in_no_document_builders_code():
    for module in ("generators.brochure.builders", "generators.notice.builders", "generators.article.builders",
                   "generators.article.image_builder", "generators.brochure.glyphs"):
        closure = import_closure((module,))
        assert not any("checker" in path.parts or "cli" in path.parts for path in closure), module
    assert any("checker" in path.parts for path in import_closure(("generators.notice.audit_builder",)))


@pytest.mark.parametrize("jobs", [1])
def test_a_build_reads_each_style_file_once(tmp_path, jobs):
    """A forced build of every output, in one process: each style file is read and validated
    once, by whichever builder asks first, whatever the number of call sites."""
    project = copy_built_sample(tmp_path / "project")
    before = dict(work)
    report = build_project(project, jobs=jobs, force=True)
    assert report.exit_code == 0
    for name in STYLES:
        label = f"settings read: templates/styles/{name}.yaml"
        assert work[label] - before.get(label, 0) == 1, label
    report = build_project(project, jobs=jobs, force=True)       # the next build reads them again
    for name in STYLES:
        label = f"settings read: templates/styles/{name}.yaml"
        assert work[label] - before.get(label, 0) == 2, label
