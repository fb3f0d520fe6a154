"""`build --print --archive`: the print shop's and the archive's variants beside the screen PDFs."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from .. import command
from ..conftest import copy_built_sample


def make_docs(project, *args: str) -> subprocess.CompletedProcess:
    return command.make_docs("--root", str(project.root), "build", *args)


@pytest.fixture(scope="module")
def variants(tmp_path_factory):
    """The built sample, then the variants beside what it has (the screen PDFs stay up to date)."""
    project = copy_built_sample(tmp_path_factory.mktemp("variants") / "project")
    pdf = ["--pdf"] if shutil.which("soffice") else []
    result = make_docs(project, "--print", "--archive", *pdf)
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo (poppler-utils) is not installed")
def test_the_print_variant_has_an_a4_trim_and_a_3mm_bleed(variants):
    boxes = subprocess.run(["pdfinfo", "-box", str(variants.output_dir / "2021/print/brochure.pdf")],
                           capture_output=True, text=True, check=True).stdout
    trim = [float(v) for v in next(line for line in boxes.splitlines() if line.startswith("TrimBox")).split()[1:]]
    bleed = [float(v) for v in next(line for line in boxes.splitlines() if line.startswith("BleedBox")).split()[1:]]
    assert abs((trim[2] - trim[0]) - 595.28) < 0.1 and abs((trim[3] - trim[1]) - 841.89) < 0.1
    assert all(abs(abs(t - b) - 3 * 72 / 25.4) < 0.1 for t, b in zip(trim, bleed))


def test_the_archive_variants_pass_pdfa_2b(variants):
    from pikepdf import pdfa

    files = sorted((variants.output_dir / "2021/archive").rglob("*.pdf"))
    assert len(files) == 6 + (3 if shutil.which("soffice") else 0)      # five profiles, the collection, three notices
    for path in files:
        with open(path, "rb") as stream:
            assert pdfa.validate_written(stream, "2b").verdict == "pass", path


def test_a_plain_build_leaves_the_variants_alone(variants, tmp_path):
    project_root = tmp_path / "copy"
    shutil.copytree(variants.root, project_root, symlinks=True)
    project = type(variants)(project_root)
    before = sorted(p.relative_to(project_root) for p in (project_root / "output/2021").rglob("*.pdf"))
    result = make_docs(project)
    assert result.returncode == 0, result.stderr
    assert "删除 0 个" in result.stdout
    assert sorted(p.relative_to(project_root) for p in (project_root / "output/2021").rglob("*.pdf")) == before
