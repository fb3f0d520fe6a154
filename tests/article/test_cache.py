"""Each point's section kept in output/.cache between builds: an edit renders that section
alone, a damaged or foreign entry is rendered again, and the page is the same either way."""
from __future__ import annotations

import shutil

import pytest

from partydocs.reuse.counters import work

from ..conftest import build_project
from .conftest import MARKUP, POINT, copy_project, edit

PAGE = "2021/article/index.html"
TEXT = "2021/article.txt"
RENDERED = "article sections rendered"


def build(project, **options) -> int:
    """The article built; how many sections this build rendered."""
    before = work[RENDERED]
    report = build_project(project, only="article", jobs=1, **options)
    assert report.exit_code == 0, [m for o in report.outcomes for m in o.messages]
    return work[RENDERED] - before


def outputs(project) -> tuple[bytes, bytes]:
    return (project.output_dir / PAGE).read_bytes(), (project.output_dir / TEXT).read_bytes()


def entries(project, point: str) -> list:
    return sorted(project.output_dir.glob(f".cache/article-*/sections/2021/{point}/*"))


def cold(project) -> tuple[bytes, bytes]:
    """The page and the text built again with no cache at all."""
    shutil.rmtree(next(project.output_dir.glob(".cache/article-*")))
    assert build(project, force=True) == len(list(project.root.glob("data/2021/points/*.yaml")))
    return outputs(project)


@pytest.fixture
def article_copy(sample_article, tmp_path):
    return copy_project(sample_article, tmp_path / "copy")


def test_an_edit_renders_its_point_section_alone_and_the_page_shows_it(article_copy):
    old_entries = entries(article_copy, "jiangxi-chamber")
    edit(article_copy, POINT, "members: 93", "members: 97")
    assert build(article_copy) == 1
    page, text = outputs(article_copy)
    assert "党员：97名（含流动党员）" in page.decode() and "党员：93名" not in page.decode()
    assert "党员：97名（含流动党员）" in text.decode()
    new_entries = entries(article_copy, "jiangxi-chamber")
    assert len(new_entries) == 2 and not set(old_entries) & set(new_entries)
    assert build(article_copy, force=True) == 0
    assert outputs(article_copy) == (page, text) == cold(article_copy)


def test_a_damaged_entry_is_rendered_again(article_copy):
    before = outputs(article_copy)
    [html, text] = [path for path in entries(article_copy, "jiangxi-chamber")]
    html.write_bytes(html.read_bytes().replace("江西商会".encode(), "江西商會".encode()))
    text.write_bytes(text.read_bytes()[:-100])
    assert build(article_copy, force=True) == 1
    assert outputs(article_copy) == before
    assert "江西商會" not in outputs(article_copy)[0].decode()


def test_a_foreign_entry_with_a_sound_digest_is_not_served(article_copy):
    """Another point's entry copied in place of this one's: its digest is right, its key is not."""
    before = outputs(article_copy)
    [ours, _] = entries(article_copy, "jiangxi-chamber")
    [theirs, _] = entries(article_copy, "dazhong-social-work")
    shutil.copyfile(theirs, ours)
    assert build(article_copy, force=True) == 1
    assert outputs(article_copy) == before


def test_cold_and_warm_cache_give_the_same_bytes_and_escape_every_text(hostile_article, tmp_path):
    project = copy_project(hostile_article, tmp_path / "hostile")
    assert build(project, force=True) == 0
    warm = outputs(project)
    assert warm == cold(project) == outputs(hostile_article)
    page = warm[0].decode()
    assert MARKUP not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
