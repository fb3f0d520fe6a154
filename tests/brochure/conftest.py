"""Brochures built once per session from the sample year, and helpers to read PDFs back."""
from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from partydocs.reuse.cache import Cache
from generators.brochure.jobs import build_collection, build_profile

from ..conftest import seed_font_cache, shared_fixture


@shared_fixture
def font_cache(tmp_path_factory) -> Cache:
    return seed_font_cache(tmp_path_factory.mktemp("font-cache"))


@shared_fixture
def profiles(sample_year, project, font_cache) -> dict[str, bytes]:
    return {p.id: build_profile(sample_year, p, project.templates_dir, font_cache) for p in sample_year.points}


@shared_fixture
def collection(sample_year, project, font_cache) -> bytes:
    return build_collection(sample_year, project.templates_dir, font_cache)


def page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_text() or "" for page in document.pages]


def squashed(text: str) -> str:
    """Text without any whitespace: a name may be broken across lines."""
    return "".join(text.split())


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def needs(tool: str):
    return pytest.mark.skipif(shutil.which(tool) is None, reason=f"{tool} (poppler-utils) is not installed")


def run_tool(*command: str, pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run([*command, str(path)], capture_output=True, text=True, check=True, cwd=tmp_path).stdout


@pytest.fixture
def warm_cache(tmp_path) -> Cache:
    """A test's own brochure cache as a second build finds it: the sample's glyphs converted,
    nothing else (no section, no photo), so that a test of layout does not convert fonts."""
    return seed_font_cache(tmp_path / "cache")
