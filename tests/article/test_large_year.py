"""A year of 10,000 points makes its release page: the page template's render stayed within the
sandbox's bounds (it was stopped at 2 seconds before), and what it wrote holds every point once,
in order, as a reader's HTML parser sees it."""
from __future__ import annotations

import re
import shutil

import lxml.html

from generators.article import build_page
from generators.article.context import book
from partydocs.model.load import load_year
from partydocs.reuse.project import Project

from ..conftest import ROOT, synthetic_year

POINTS = 10_000
PLAN_NAME = re.compile(r"\d+\..+：")


def test_the_release_page_of_ten_thousand_points_renders_every_point_in_order(tmp_path):
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    synthetic_year(tmp_path, POINTS, highlights=False)           # photos do not reach the page template
    project = Project(tmp_path)
    year = load_year(project, "2021")

    page = lxml.html.fromstring(build_page(year, project.templates_dir))

    names = [point.party_org.short_name for point in book(year)]
    assert len(names) == POINTS
    assert [h2.text_content() for h2 in page.xpath("//section/section/h2")] == names
    plans = [p.text_content() for p in page.xpath("//p") if PLAN_NAME.fullmatch(p.text_content())]
    assert plans == [f"{number}.{name}：" for number, name in enumerate(names, 1)]      # the further reading, last
    assert page.xpath("//h1")[0].text_content() == page.xpath("//title")[0].text_content()
