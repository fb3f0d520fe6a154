"""The sample built once with `make_docs.py build --ofd` (and --pdf where LibreOffice is
installed), and each of its OFDs opened once in the reader (ofd.js in headless Chromium)."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from partydocs.reuse.libreoffice import soffice_path
from partydocs.reuse.project import Project

from ..article.conftest import CHROMIUM, CHROMIUM_ARGS
from ..conftest import ROOT, copy_sample
from .reader import OFD_JS, Browser, Shown, pdf_of, pdf_pages, reader

NO_READER = "没有安装 OFD 阅读器 ofd.js（npm ci --prefix tests/ofd/reader）：跳过在阅读器中打开 OFD 的测试"


def build_with_ofd(root: Path, *options: str) -> subprocess.CompletedProcess:
    """`make_docs.py build --ofd` as a user types it, in the project at `root`."""
    pdf = ("--pdf",) if soffice_path() else ()
    return subprocess.run([sys.executable, str(ROOT / "make_docs.py"), "--root", str(root), "build", "--ofd", *pdf, *options, "-j", "2", "--quiet"],
                          capture_output=True, text=True, encoding="utf-8")


@pytest.fixture(scope="session")
def ofd_sample(tmp_path_factory) -> Project:
    """The sample built with --ofd (and --pdf): never changed by a test."""
    project = copy_sample(tmp_path_factory.mktemp("ofd-sample"))
    result = build_with_ofd(project.root)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="session")
def ofd_browser():
    """One Chromium for the session, in a thread of its own (reader.Browser), closed at its
    end (and its process with it)."""
    if not CHROMIUM.exists():
        pytest.skip("没有安装 Chromium（apt-get install chromium）：跳过在阅读器中打开 OFD 的测试")
    if not OFD_JS.exists():
        pytest.skip(NO_READER)
    pytest.importorskip("playwright.sync_api", reason="没有安装 Playwright（pip install playwright）")
    browser = Browser(CHROMIUM, CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture(scope="session")
def ofd_reader(ofd_browser, tmp_path_factory):
    with reader(ofd_browser, tmp_path_factory.mktemp("served")) as opened:
        yield opened


@dataclass
class Opened:
    """One OFD of the sample as the reader showed it, beside its PDF drawn at the same size."""

    ofd: Path
    pdf: Path
    shown: Shown
    pdf_pages: list[Path]


@pytest.fixture(scope="session")
def opened(ofd_sample, ofd_reader, tmp_path_factory) -> dict[str, Opened]:
    """Every OFD of the sample's build, by its path below output/, opened once."""
    output = ofd_sample.output_dir
    result = {}
    for ofd in sorted(output.rglob("*.ofd")):
        relative = ofd.relative_to(output).as_posix()
        shots = tmp_path_factory.mktemp("shots")
        shown = ofd_reader.open(ofd, shots)
        pdf = output / pdf_of(relative)
        result[relative] = Opened(ofd, pdf, shown, pdf_pages(pdf, shown.pages, shots))
    return result
