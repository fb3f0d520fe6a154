"""The article as a phone shows it: Debian's Chromium, headless, at 375 px."""
from __future__ import annotations

import io

from PIL import Image, ImageStat

from partydocs.model.load import load_year

from .conftest import CAPTION_MARKUP, MARKUP, PHONE, open_page

SECTIONS_TEXT = """[...document.querySelectorAll('section section > h2')].map(h => h.parentElement.innerText)"""


def figures(point) -> list[str]:
    """Every figure the data gives of a point, as the page must print it."""
    counts = (point.staff, point.member_units, point.service_points, point.members, point.probationary_members, point.activists)
    return [count.zh() for count in counts if count] + [point.founded.zh(), point.party_org.founded.zh()]


def test_every_point_name_figure_and_caption_is_text(browser, sample_article):
    year = load_year(sample_article, "2021")
    page = open_page(browser, sample_article)
    try:
        body = page.evaluate("document.body.innerText")
        sections = page.evaluate(SECTIONS_TEXT)
    finally:
        page.close()
    assert body.startswith("示范引领，榜上有名")
    assert len(sections) == len(year.points)
    for point, text in zip(year.points, sections):
        assert text.startswith(point.party_org.short_name)
        assert point.organisation in text and point.party_org.name in text
        for figure in figures(point):
            assert figure in text, (point.id, figure)
        for highlight in point.highlights:
            assert f"△{highlight.caption}" in text
        for honour in point.honours:
            assert honour.title in text
        for service in point.services:
            assert service.name in text
    reading = body[body.rindex("延伸阅读"):]
    for number, point in enumerate(year.points, 1):
        assert f"{number}.{point.party_org.short_name}：" in reading and f"{number}、" not in reading
        assert all(paragraph in reading for paragraph in point.plan)
    assert all(paragraph in body for paragraph in year.brochure.closing)


SUBHEADINGS = """[...document.querySelectorAll('section section > h2')].map(h =>
    [...h.parentElement.children].filter(e => e.tagName == 'P' && getComputedStyle(e).fontWeight >= 600)
                                 .map(e => e.innerText))"""
CLOSING = """(() => {
    const sections = [...document.querySelectorAll('section section > h2')].map(h => h.parentElement);
    const last = sections[sections.length - 1].getBoundingClientRect();
    const marks = [...document.querySelectorAll('p')].filter(p => p.innerText.trim() === '◆　◆　◆');
    const after = marks.length ? marks[0].nextElementSibling : null;
    const box = marks.length ? marks[0].getBoundingClientRect() : null;
    return [marks.length, box && [box.y - last.bottom, box.height, box.width], after && after.innerText,
            marks.length && getComputedStyle(marks[0]).color];
})()"""


def test_each_section_has_its_subheadings_and_the_closing_is_set_apart(browser, sample_article):
    """As in the brochure, 工作成效 has its own subheading (it read as part of 所获荣誉), and
    a visible separator stands between the last unit's photo and the 结束语."""
    year = load_year(sample_article, "2021")
    page = open_page(browser, sample_article)
    try:
        subheadings = page.evaluate(SUBHEADINGS)
        count, box, after, colour = page.evaluate(CLOSING)
    finally:
        page.close()
    for point, found in zip(year.points, subheadings):
        wanted = ["基本情况"] + (["所获荣誉"] if point.honours else []) + (["工作成效"] if point.narrative else []) \
            + (["服务项目"] if point.services else [])
        assert found == wanted, (point.id, found)
    assert count == 1
    gap, height, width = box
    assert gap > 10 and height > 10 and width > 100            # below the last section, drawn, across the column
    assert after == year.brochure.closing[0] and colour != "rgb(51, 51, 51)"


def test_every_image_loads_at_its_web_size(browser, sample_article):
    year = load_year(sample_article, "2021")
    page = open_page(browser, sample_article)
    try:
        images = page.evaluate("[...document.images].map(i => [i.complete, i.naturalWidth, i.naturalHeight, i.getBoundingClientRect().width])")
    finally:
        page.close()
    assert len(images) == sum(len(point.highlights) for point in year.points)
    for complete, natural_width, natural_height, shown in images:
        assert complete and natural_width > 0 and natural_height > 0
        assert natural_width <= 750 and shown <= PHONE["width"]


def test_nothing_overflows_a_phone(browser, sample_article, hostile_article):
    for project in (sample_article, hostile_article):
        page = open_page(browser, project)
        try:
            widths = page.evaluate("[document.documentElement.scrollWidth, document.body.scrollWidth]")
        finally:
            page.close()
        assert max(widths) <= PHONE["width"], (project.root, widths)


def test_markup_in_the_data_stays_text(browser, hostile_article):
    page = open_page(browser, hostile_article)
    try:
        body = page.evaluate("document.body.innerText")
        elements = page.evaluate("""[document.querySelectorAll('script').length, document.querySelectorAll('b').length,
                                     document.querySelectorAll('img[onerror]').length, document.title]""")
    finally:
        page.close()
    assert body.count(f"东莞市江西商会党支部{MARKUP}") == 2      # its section's heading and its plan
    assert f"单位：东莞市江西商会{MARKUP}" in body
    assert f"△{CAPTION_MARKUP}" in body
    assert elements == [0, 0, 0, "示范引领，榜上有名"]


def test_a_phone_screenshot_shows_the_title_a_section_and_a_captioned_photo(browser, sample_article, tmp_path_factory):
    page = open_page(browser, sample_article)
    try:
        shot = page.screenshot(full_page=True)
        boxes = page.evaluate("""[document.querySelector('h1'), document.querySelector('section section > h2'),
                                  document.images[0], document.images[0].nextElementSibling]
                                 .map(e => { const r = e.getBoundingClientRect(); return [r.x, r.y + scrollY, r.width, r.height]; })""")
        caption = page.evaluate("document.images[0].nextElementSibling.innerText")
    finally:
        page.close()
    path = tmp_path_factory.mktemp("screenshot") / "article-375.png"
    path.write_bytes(shot)
    image = Image.open(io.BytesIO(shot)).convert("L")
    assert image.width == 2 * PHONE["width"]
    assert caption.startswith("△")
    for x, y, width, height in boxes:                 # each drawn, inside the phone's width
        assert width > 0 and height > 0 and x >= 0 and x + width <= PHONE["width"]
        region = image.crop(tuple(round(2 * v) for v in (x, y, x + width, y + height)))
        assert ImageStat.Stat(region).stddev[0] > 10, "an empty area where text or a photo should be"
