"""A collection too thick to bind as one book is split into volumes, each a complete book."""
from __future__ import annotations

import shutil
from pathlib import Path

from partydocs.reuse.project import Project

from ..conftest import build_project, seed_glyphs, synthetic_year
from .conftest import page_texts, reader, squashed

ROOT = Path(__file__).resolve().parents[2]


def outline_titles(pdf: bytes) -> list[str]:
    return [item.title for item in reader(pdf).outline if not isinstance(item, list)]


def test_a_large_year_is_bound_in_volumes(tmp_path):
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    style = tmp_path / "templates/styles/brochure.yaml"
    style.write_text(style.read_text(encoding="utf-8").replace("points_per_volume: 200", "points_per_volume: 2"),
                     encoding="utf-8")
    synthetic_year(tmp_path, 5)
    seed_glyphs(tmp_path)
    report = build_project(Project(tmp_path), jobs=1, only="brochures")      # the notice and the article are not what is tested
    assert report.exit_code == 0
    out = tmp_path / "output/2021"
    assert sorted(p.name for p in out.glob("brochure*.pdf")) == ["brochure-1.pdf", "brochure-2.pdf", "brochure-3.pdf"]
    volumes = [(out / f"brochure-{n}.pdf").read_bytes() for n in (1, 2, 3)]
    for number, pdf in enumerate(volumes, start=1):
        texts = page_texts(pdf)
        assert f"第{number}册（共3册）" in squashed(texts[0])            # the cover says which book
        assert reader(pdf).metadata.title.endswith(f"（第{number}册）")
        titles = outline_titles(pdf)
        assert ("结束语" in titles) == (number == 3)                   # the closing ends the last book only
        assert "前言" in titles and "目录" in titles
        assert len(reader(pdf).pages) % 2 == 0                       # the back cover on a left-hand page
    points = [[t for t in outline_titles(pdf) if t not in ("前言", "目录", "结束语")] for pdf in volumes]
    assert [len(p) for p in points] == [2, 2, 1]


def test_a_profile_is_read_again_to_find_its_section_only_when_it_may_have_changed(sample_year, project, tmp_path, warm_cache):
    """The collection finds each section's facts by the hash of its profile's bytes; the hash
    is recorded with the file's size and time, and trusted only for a file written well
    before (two seconds: coarse file-system times), so a same-size rewrite is never missed."""
    import os

    from generators.brochure import sections
    from generators.brochure.jobs import build_profile

    point = sample_year.points[0]
    data = build_profile(sample_year, point, project.templates_dir, warm_cache)
    profile = tmp_path / "profile.pdf"
    profile.write_bytes(data)
    cache = sections.SectionCache(warm_cache, sample_year.year)
    assert cache.find(point.id, profile).page_count == len(reader(data).pages)

    written = profile.stat().st_mtime_ns                      # rewritten at once, same size and time
    changed = data.replace(b"/Producer", b"/Producex", 1)
    profile.write_bytes(changed)
    os.utime(profile, ns=(written, written))
    assert len(changed) == len(data) and cache.find(point.id, profile) is None

    profile.write_bytes(data)
    an_hour_ago = written - 3600 * 10**9
    os.utime(profile, ns=(an_hour_ago, an_hour_ago))
    assert cache.find(point.id, profile) is not None          # read, hashed, recorded
    profile.write_bytes(changed)                              # same size, and an old time again:
    os.utime(profile, ns=(an_hour_ago, an_hour_ago))
    found = cache.find(point.id, profile)                     # the record is trusted, the file not read
    assert found is not None and found.page_count == len(reader(data).pages)
