"""Each photo decoded once per build that needs its copies, at the size they need: the
profile's decode gives the release's web copy too, both are kept in the photos cache, and
--force with warm caches decodes none. The copies are what a user's software reads: JPEGs of
the sizes the page and the brochure say."""
from __future__ import annotations

import io
import shutil

from PIL import Image

from partydocs.reuse.counters import work

from partydocs.reuse.project import Project

from ..conftest import ROOT, build_project, copy_sample, seed_glyphs, synthetic_year

WEB_COPIES = "2021/article/images"


def counts(project, **options) -> dict[str, int]:
    before = dict(work)
    report = build_project(project, jobs=1, **options)
    assert report.exit_code == 0, [m for o in report.outcomes for m in o.messages]
    return {name: work[name] - before.get(name, 0) for name in ("photos decoded", "photos scaled")}


def test_a_cold_build_decodes_each_photo_once_and_a_forced_one_none(tmp_path):
    """Camera JPEGs (2400x1800): one decode each for the print and the web copy, none again."""
    project = Project(tmp_path / "project")
    synthetic_year(project.root, 3)
    shutil.copytree(ROOT / "templates", project.templates_dir)
    seed_glyphs(project.root)
    photos = sorted((project.data_dir / "2021/photos").glob("point-*.jpg"))
    assert len({path.read_bytes() for path in photos}) == len(photos) == 6
    assert counts(project) == {"photos decoded": 6, "photos scaled": 12}
    web = sorted((project.output_dir / WEB_COPIES).glob("*.jpg"))
    assert len(web) == 6
    for copy in web:
        with Image.open(io.BytesIO(copy.read_bytes())) as image:
            image.load()
            assert (image.format, image.size) == ("JPEG", (750, 562))
    before = {copy.name: copy.read_bytes() for copy in web}
    assert counts(project, force=True) == {"photos decoded": 0, "photos scaled": 0}
    assert {copy.name: copy.read_bytes() for copy in web} == before


def test_a_png_is_decoded_once_a_build(tmp_path):
    """The sample's PNGs: the print copy stays lossless (a Pillow image, not cached), the web
    copy comes from the same decode."""
    project = copy_sample(tmp_path / "project")
    assert counts(project) == {"photos decoded": 10, "photos scaled": 20}


def test_a_web_copy_made_alone_is_the_one_made_beside_the_print_copy(tmp_path):
    """The release built first, or alone, makes the same bytes as a copy the profile made."""
    together = copy_sample(tmp_path / "together")
    counts(together)
    alone = copy_sample(tmp_path / "alone")
    counts(alone, only="article")
    for copy in sorted((together.output_dir / WEB_COPIES).glob("*.jpg")):
        assert (alone.output_dir / WEB_COPIES / copy.name).read_bytes() == copy.read_bytes()
