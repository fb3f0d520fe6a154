"""The article built once per session from the sample, and once from a copy whose data holds
markup; one headless Chromium (Debian's package, driven by Playwright) for every page test."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from partydocs.reuse.project import Project

from ..conftest import build_project, copy_sample, shared_fixture

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"width": 375, "height": 812}
POINT = "data/2021/points/jiangxi-chamber.yaml"
MARKUP = "<script>alert(1)</script>"
CAPTION_MARKUP = '<img src=x onerror="document.title=1"><b>加粗</b>'


def build_article(project: Project) -> Project:
    report = build_project(project, only="article", jobs=1)
    assert report.exit_code == 0, [m for o in report.outcomes for m in o.messages]
    return project


def edit(project: Project, relative: str, old: str, new: str) -> None:
    path = project.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@shared_fixture
def sample_article(tmp_path_factory) -> Project:
    return build_article(copy_sample(tmp_path_factory.mktemp("article")))


@shared_fixture
def hostile_article(tmp_path_factory) -> Project:
    """The sample with markup in a point's names and in a caption, as a careless paste would bring."""
    project = copy_sample(tmp_path_factory.mktemp("hostile"))
    edit(project, POINT, "short_name: 东莞市江西商会党支部", f"short_name: 东莞市江西商会党支部{MARKUP}")
    edit(project, POINT, "organisation: 东莞市江西商会", f"organisation: 东莞市江西商会{MARKUP}")
    caption = "东莞市江西商会党支部被授予“东莞市五星级党组织”称号"
    edit(project, POINT, f"caption: {caption}", f"caption: '{CAPTION_MARKUP}{caption}'")
    return build_article(project)


@shared_fixture
def browser():
    """One Chromium for the session, closed at its end (and its process with it)."""
    if not CHROMIUM.exists():
        pytest.skip("没有安装 Chromium（apt-get install chromium）：跳过浏览器测试")
    sync_api = pytest.importorskip("playwright.sync_api", reason="没有安装 Playwright（pip install playwright）")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def open_page(browser, project: Project):
    """The year's article in a fresh phone-sized tab, every image loaded or failed."""
    page = browser.new_page(viewport=PHONE, device_scale_factor=2)
    page.goto((project.output_dir / "2021" / "article" / "index.html").as_uri(), wait_until="load")
    return page


def copy_project(source: Project, target: Path) -> Project:
    shutil.copytree(source.root, target, symlinks=True)
    return Project(target)
