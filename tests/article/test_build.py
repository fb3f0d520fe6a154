"""The article in the build: incremental, deterministic, its templates and style checked first."""
from __future__ import annotations

import pytest
from PIL import Image

from partydocs.model.load import load_year
from partydocs.model.templating import render
from partydocs.reuse.errors import DataError

from ..conftest import build_project
from ..outputs import tree_hashes
from .conftest import POINT, copy_project, edit

PAGE = "2021/article/index.html"
TEXT = "2021/article.txt"


def built(project) -> set[str]:
    report = build_project(project, only="article", jobs=1)
    assert report.exit_code == 0, [m for o in report.outcomes for m in o.messages]
    return {o.output for o in report.outcomes if o.status == "built"}


@pytest.fixture
def article_copy(sample_article, tmp_path):
    return copy_project(sample_article, tmp_path / "copy")


def test_a_point_edit_rebuilds_the_page_and_the_text_only(article_copy):
    assert built(article_copy) == set()
    edit(article_copy, POINT, "members: 93", "members: 97")
    assert built(article_copy) == {PAGE, TEXT}
    page = (article_copy.output_dir / PAGE).read_text(encoding="utf-8")
    text = (article_copy.output_dir / TEXT).read_text(encoding="utf-8")
    assert "党员：97名（含流动党员）" in page and "党员：97名（含流动党员）" in text


def test_a_new_photo_rebuilds_its_web_copy_and_the_page(article_copy):
    photo = article_copy.root / "data/2021/photos/jiangxi-chamber-2.png"
    Image.new("RGB", (1600, 400), (20, 90, 160)).save(photo)
    assert built(article_copy) == {PAGE, TEXT, "2021/article/images/jiangxi-chamber-2.jpg"}
    with Image.open(article_copy.output_dir / "2021/article/images/jiangxi-chamber-2.jpg") as web:
        assert (web.format, web.size) == ("JPEG", (750, 188))
    assert 'src="images/jiangxi-chamber-2.jpg" alt="△2021年7月21日' in (article_copy.output_dir / PAGE).read_text(encoding="utf-8")
    assert 'width="750" height="188"' in (article_copy.output_dir / PAGE).read_text(encoding="utf-8")


def test_an_article_template_edit_rebuilds_the_article_alone(article_copy):
    wording = article_copy.templates_dir / "article/wording.j2"
    wording.write_text(wording.read_text(encoding="utf-8").replace("title: 示范引领，榜上有名", "title: 示范引领 & 榜上有名"), encoding="utf-8")
    assert built(article_copy) == {PAGE, TEXT}
    assert "<h1 style=" in (article_copy.output_dir / PAGE).read_text(encoding="utf-8")
    assert ">示范引领 &amp; 榜上有名</h1>" in (article_copy.output_dir / PAGE).read_text(encoding="utf-8")
    assert (article_copy.output_dir / TEXT).read_text(encoding="utf-8").startswith("示范引领 & 榜上有名\n")


def test_a_removed_photo_loses_its_web_copy(article_copy):
    path = article_copy.root / POINT
    text = path.read_text(encoding="utf-8")
    start = text.index("  - photo: photos/jiangxi-chamber-2.png")
    path.write_text(text[:start] + text[text.index("plan:", start):], encoding="utf-8")
    report = build_project(article_copy, only="article", jobs=1)
    statuses = {o.output: o.status for o in report.outcomes}
    assert statuses["2021/article/images/jiangxi-chamber-2.jpg"] == "removed"
    assert not (article_copy.output_dir / "2021/article/images/jiangxi-chamber-2.jpg").exists()
    assert statuses[PAGE] == "built" and "jiangxi-chamber-2.jpg" not in (article_copy.output_dir / PAGE).read_text(encoding="utf-8")


def test_two_builds_are_byte_identical(sample_article, tmp_path):
    again = copy_project(sample_article, tmp_path / "again")
    for output in (again.output_dir / "2021").rglob("*"):
        if output.is_file():
            output.unlink()
    build_project(again, only="article", jobs=1, force=True)
    assert tree_hashes(again.output_dir / "2021") == tree_hashes(sample_article.output_dir / "2021")


@pytest.mark.parametrize("template, marker, name", [("section.html.j2", "<h2", "section.name"),
                                                    ("section.txt.j2", "{{ section.name }}", "section.name"),
                                                    ("page.html.j2", "<h1", "article.words.title")])
def test_a_template_mistake_is_located_before_anything_is_written(article_copy, template, marker, name):
    """Every section was rendered by the first build: a template edit makes each one's key new."""
    page = article_copy.templates_dir / "article" / template
    lines = page.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if name in line and marker in line)
    lines[number - 1] = lines[number - 1].replace(name, name + "_typo")
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = tree_hashes(article_copy.output_dir)
    with pytest.raises(DataError) as caught:
        build_project(article_copy, only="article", jobs=1)
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == (f"templates/article/{template}", number)
    assert "_typo" in problem.message
    assert tree_hashes(article_copy.output_dir) == before


def test_a_style_that_would_load_a_file_is_refused_at_its_line(article_copy):
    style = article_copy.templates_dir / "styles/article.yaml"
    text = style.read_text(encoding="utf-8")
    old = '  caption: "margin:6px 0 0;'
    style.write_text(text.replace(old, '  caption: "background:url(http://example.com/x.png);margin:6px 0 0;'), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        build_project(article_copy, only="article", jobs=1)
    [problem] = caught.value.problems
    assert problem.file == "templates/styles/article.yaml"
    assert problem.line == text[: text.index(old)].count("\n") + 1
    assert "url(" in problem.message


def test_the_text_version_reads_like_the_release(sample_article):
    text = (sample_article.output_dir / TEXT).read_text(encoding="utf-8")
    assert text.startswith("示范引领，榜上有名\n\n近日，")
    assert "\n△东莞市江西商会党支部被授予“东莞市五星级党组织”称号\n" in text
    reading = text[text.index("\n延伸阅读\n"):]
    assert "\n2.东莞市江西商会党支部：\n贯彻“四个坚持”" in reading
    assert f"\n◆　◆　◆\n\n{load_year(sample_article, '2021').brochure.closing[0]}" in text
    assert text.count("\n工作成效\n") == 5
    assert "<" not in text and "\n\n\n" not in text


def test_autoescape_is_a_second_environment_and_the_first_stays_plain(sample_article):
    name = "article/caption.j2"
    highlight = {"caption": "<b>粗</b> & “引号”", "date": None}
    assert render(sample_article.templates_dir, name, highlight=highlight, point={}).strip() == "△<b>粗</b> & “引号”"
    assert render(sample_article.templates_dir, name, autoescape=True, highlight=highlight, point={}).strip() == "△&lt;b&gt;粗&lt;/b&gt; &amp; “引号”"


def test_the_sample_build_writes_the_article(sample_article):
    assert (sample_article.output_dir / PAGE).stat().st_size > 10_000
    assert len(list((sample_article.output_dir / "2021/article/images").glob("*.jpg"))) == 10
    page = (sample_article.output_dir / PAGE).read_text(encoding="utf-8")
    assert "<script" not in page and "<link" not in page and "<style" not in page and "url(" not in page
    assert page.count("max-width:100%") == page.count("<img ")


def test_the_sample_style_file_states_the_defaults(project):
    from generators.article.style import ArticleStyle, load_style

    assert load_style(project.templates_dir) == ArticleStyle()
