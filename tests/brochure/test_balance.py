"""Profiles that look finished: no profile ends on a page holding fewer than 10 lines of
content, on the sample, on a 110-point synthetic year, and across a sweep of text lengths
that leaves a few lines over onto a last page when nothing is balanced."""
from __future__ import annotations

import io
import shutil
import warnings

import pdfplumber
import pytest
from reportlab.lib.units import mm

from generators.brochure import sections
from generators.brochure.jobs import build_profile
from generators.brochure.style import load_style
from partydocs.model.load import load_year

from partydocs.reuse.project import Project

from ..conftest import ROOT, synthetic_year

LINES = 10


def last_page_lines(pdf: bytes, style) -> float:
    """How far down the last page's text block its content reaches, in body lines: text,
    photos and the plan's panel, as a reader sees them (pdfplumber), header and folio aside."""
    leading = style.text.body.leading
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[-1]
        top, bottom = style.page.margin_top * mm, page.height - style.page.margin_bottom * mm
        ends = [c["bottom"] for c in page.chars if c["top"] >= top - 1 and c["bottom"] <= bottom]
        ends += [shape["bottom"] for shape in page.images + page.rects if shape["top"] >= top - 1 and shape["bottom"] <= bottom + 1]
    return (max(ends) - top) / leading if ends else 0.0


def test_no_sample_profile_ends_on_a_nearly_empty_page(profiles, project):
    style = load_style(project.templates_dir)
    for point, pdf in profiles.items():
        assert last_page_lines(pdf, style) >= LINES, point


EXTRA = "党支部坚持党建引领，充分发挥政治引领作用和党员先锋模范作用，围绕服务会员、服务行业、服务社会开展活动。" * 40
LENGTHS = range(1000, 1300, 30)        # narrative added to a sample point: its tail crosses onto a third page


def _pages(pdf: bytes) -> int:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def _swept(project, cache) -> list[tuple[int, int, float]]:
    """(characters added, pages, last page's lines) of the point at each length."""
    year = load_year(project, "2021")
    base = year.point("jiangxi-chamber")
    style = load_style(project.templates_dir)
    found = []
    for length in LENGTHS:
        point = base.model_copy(update={"narrative": [*base.narrative, EXTRA[:length]]})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pdf = build_profile(year, point, project.templates_dir, cache)
        found.append((length, _pages(pdf), last_page_lines(pdf, style)))
    return found


def test_a_short_last_page_is_balanced_away(sample_copy, warm_cache, monkeypatch):
    balanced = _swept(sample_copy, warm_cache)
    assert all(lines >= LINES for _, _, lines in balanced), balanced
    monkeypatch.setattr(sections, "SHRUNK", ())
    monkeypatch.setattr(sections, "ENLARGED", ())
    natural = _swept(sample_copy, warm_cache)
    assert sum(lines < LINES for _, _, lines in natural) >= 2, natural      # what the balancing is for
    assert any(b[1] < n[1] for b, n in zip(balanced, natural))              # a page sooner, with smaller photos
    assert any(b[1] == n[1] and b[2] > n[2] + 5 for b, n in zip(balanced, natural))   # or a filled last page


def test_no_profile_of_a_110_point_year_ends_on_a_nearly_empty_page(tmp_path, warm_cache):
    root = tmp_path / "synthetic"
    shutil.copytree(ROOT / "templates", root / "templates")
    synthetic_year(root, 110)
    project = Project(root)
    year = load_year(project, "2021")
    assert len(year.points) == 110
    style = load_style(project.templates_dir)
    short = []
    for point in year.points:
        pdf = build_profile(year, point, project.templates_dir, warm_cache)
        lines = last_page_lines(pdf, style)
        if lines < LINES:
            short.append((point.id, round(lines, 1)))
    assert not short
