"""The sample year's profiles and collection, read back: text, fonts, outline, contents,
line breaking, images, metadata, determinism."""
from __future__ import annotations

import io
import re
import subprocess

import pytest
from PIL import Image, ImageStat

from partydocs.reuse.cache import Cache
from partydocs.reuse.counters import work
from generators.brochure import brochure_inputs
from generators.brochure.jobs import build_collection, build_profile
from generators.brochure.collection import ordered_points
from generators.brochure.linebreak import CLOSING, OPENING

from .conftest import needs, page_texts, reader, run_tool, squashed

RULE_CLOSING = set("，。、；：？！）》」』”’…")
RULE_OPENING = set("（《「『“‘")


def all_documents(profiles, collection):
    return {**{f"{k}.pdf": v for k, v in profiles.items()}, "brochure.pdf": collection}


def facts(point) -> list[str]:
    expected = [point.organisation, point.party_org.short_name, point.founded.zh(), point.party_org.founded.zh(),
                point.members.zh("名")]
    for count in (point.staff, point.member_units, point.service_points, point.probationary_members, point.activists):
        if count:
            expected.append(count.zh())
    return expected + [h.title for h in point.honours] + [s.name for s in point.services]


def test_every_point_text_extracts(sample_year, profiles, collection):
    whole = squashed("".join(page_texts(collection)))
    for point in sample_year.points:
        text = squashed("".join(page_texts(profiles[point.id])))
        for fact in facts(point):
            assert squashed(fact) in text, (point.id, fact)
            assert squashed(fact) in whole, (point.id, fact)
        for paragraph in point.summary + point.narrative + point.plan:
            assert squashed(paragraph) in text


def test_sample_facts_as_printed(profiles):
    text = squashed("".join(page_texts(profiles["jiangxi-chamber"])))
    for fact in ("东莞市江西商会", "2012年11月", "93名（含流动党员）", "1200多家", "2013年7月", "东莞市南城街道"):
        assert fact in text


def test_fact_panel_shows_only_rows_the_data_gives(profiles):
    jiangxi = page_texts(profiles["jiangxi-chamber"])[0]
    assert "员工" not in jiangxi and "服务点" not in jiangxi and "预备党员" not in jiangxi
    dazhong = page_texts(profiles["dazhong-social-work"])[0]
    assert "员工 413人" in dazhong and "服务点 87个" in dazhong


@needs("pdffonts")
def test_pdffonts_every_font_embedded(profiles, collection, tmp_path):
    for name, pdf in all_documents(profiles, collection).items():
        rows = run_tool("pdffonts", pdf=pdf, tmp_path=tmp_path).splitlines()[2:]
        assert rows, name
        for row in rows:
            emb, sub = row.split()[-5:-3]
            assert (emb, sub) == ("yes", "yes"), (name, row)
            assert "Helvetica" not in row


@needs("pdffonts")
def test_no_subset_tag_names_two_fonts(profiles, collection, tmp_path):
    """pdffonts lists each font object; one name (tag+face) must always be one font program,
    in the collection and across every output, or preflight and merge tools mix them up."""
    programs: dict[str, set[bytes]] = {}
    for name, pdf in all_documents(profiles, collection).items():
        rows = run_tool("pdffonts", pdf=pdf, tmp_path=tmp_path).splitlines()[2:]
        listed = {row.split()[0] for row in rows}
        for page in reader(pdf).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descriptor = font["/FontDescriptor"].get_object()
                programs.setdefault(str(font["/BaseFont"])[1:], set()).add(descriptor["/FontFile2"].get_object().get_data())
        assert all("+" in font_name for font_name in listed), name
        assert listed <= set(programs), name
    shared = {font_name for font_name, files in programs.items() if len(files) > 1}
    assert not shared, sorted(shared)[:5]
    assert len({font_name.split("+")[0] for font_name in programs}) == len(programs)   # no tag used twice


def test_font_dicts_embed_a_font_file(profiles, collection):
    for name, pdf in all_documents(profiles, collection).items():
        for page in reader(pdf).pages:
            for font in page["/Resources"]["/Font"].values():
                descriptor = font.get_object()["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor or "/FontFile" in descriptor, name


def outline_titles(pdf: bytes) -> list:
    def walk(items):
        return [walk(item) if isinstance(item, list) else item.title for item in items]
    return walk(reader(pdf).outline)


def test_outline_has_each_point_and_its_sections(sample_year, collection, profiles):
    outline = outline_titles(collection)
    top = [item for item in outline if isinstance(item, str)]
    assert top[:2] == ["前言", "目录"] and top[-1] == "结束语"
    assert top[2:-1] == [p.organisation for p in ordered_points(sample_year)]
    children = [item for item in outline if isinstance(item, list)]
    assert len(children) == len(sample_year.points)
    assert all("创建规划思路" in sections and "基本情况" in sections for sections in children)
    profile = outline_titles(profiles["jiangxi-chamber"])
    assert profile[0] == "东莞市江西商会"
    assert profile[1] == ["基本情况", "所获荣誉", "工作成效", "服务与项目", "工作亮点", "创建规划思路"]


def test_contents_page_numbers_match_section_starts(sample_year, collection):
    pages = page_texts(collection)
    contents = next(i for i, text in enumerate(pages) if text.startswith("目录"))
    entries = dict(re.fullmatch(r"(.+?)\s*(\d+)", line).groups() for line in pages[contents].splitlines()[1:-1]
                   if re.fullmatch(r"(.+?)\s*(\d+)", line))
    names = [p.organisation for p in ordered_points(sample_year)] + ["结束语"]
    assert list(entries) == names
    for name, number in entries.items():
        start = pages[int(number) - 1]
        assert start.splitlines()[0] == name, (name, number)
        assert pages[int(number) - 2].strip().splitlines()[-1] != name      # it starts there, not before
        assert start.strip().splitlines()[-1] == number                     # and the folio agrees


def test_every_collection_page_after_the_cover_carries_its_own_number(collection):
    """Sections are profiles whose folios are renumbered for the book: every page, not only
    each section's first, must show its place in the collection."""
    pages = page_texts(collection)
    folios = [text.strip().splitlines()[-1] if text.strip() else "" for text in pages]
    numbered = [index for index, folio in enumerate(folios, 1) if folio.isdigit()]
    assert numbered == list(range(3, numbered[-1] + 1))        # foreword to closing: no gaps
    assert numbered[-1] >= len(pages) - 2                      # then at most a blank and the back cover
    assert all(folios[index - 1] == str(index) for index in numbered)


def test_collection_order_and_cover(sample_year, collection):
    pages = page_texts(collection)
    cover = squashed(pages[0])
    brochure = sample_year.brochure
    for text in (brochure.title, brochure.subtitle, "2021", brochure.issuer, "2021年10月"):
        assert squashed(text) in cover
    assert pages[1].strip() == ""                                          # inside of the cover
    assert pages[2].startswith("前言")
    assert squashed(brochure.issuer) in squashed(pages[-1])
    assert len(pages) % 2 == 0                                             # back cover on a left-hand page
    assert squashed(brochure.closing[0]) in squashed(pages[-3] + pages[-2])


def test_no_line_breaks_the_punctuation_rules(profiles, collection):
    for name, pdf in all_documents(profiles, collection).items():
        for number, text in enumerate(page_texts(pdf), 1):
            for line in text.splitlines():
                line = line.strip()
                if line:
                    assert line[0] not in RULE_CLOSING, (name, number, line)
                    assert line[-1] not in RULE_OPENING, (name, number, line)


def test_rule_sets_cover_the_issue(profiles):
    assert RULE_CLOSING <= CLOSING and RULE_OPENING <= OPENING


def test_metadata_and_language(sample_year, profiles, collection):
    doc = reader(collection)
    assert doc.metadata.title == sample_year.brochure.title
    assert doc.metadata.author == sample_year.brochure.issuer
    assert doc.metadata.subject
    assert doc.trailer["/Root"]["/Lang"] == "zh-CN"
    profile = reader(profiles["jiangxi-chamber"])
    assert profile.metadata.title.startswith("东莞市江西商会")
    assert profile.trailer["/Root"]["/Lang"] == "zh-CN"
    assert "/CreationDate" not in doc.metadata or "2000" in doc.metadata["/CreationDate"]


def test_running_header_and_folios(profiles):
    pages = page_texts(profiles["dazhong-social-work"])
    assert len(pages) >= 2
    assert pages[0].strip().splitlines()[-1] == "1"
    assert pages[1].startswith("东莞市大众社会工作服务中心党总支")             # header, not on the opening page
    assert not pages[0].startswith("东莞市大众社会工作服务中心党总支")
    assert pages[1].strip().splitlines()[-1] == "2"


def test_images_flate_not_ascii85_and_between_200_and_300_ppi(profiles):
    import pdfplumber

    with pdfplumber.open(io.BytesIO(profiles["jiangxi-chamber"])) as pdf:
        images = [image for page in pdf.pages for image in page.images]
    assert len(images) == 2
    for image in images:
        assert 200 <= image["srcsize"][0] / (image["width"] / 72) <= 301    # sharp enough, and no bigger than it needs
        filters = [name.name for name, _ in image["stream"].get_filters()]
        assert filters in (["FlateDecode"], ["DCTDecode"]), filters


def test_profiles_stay_small(profiles, collection):
    assert all(len(pdf) < 400_000 for pdf in profiles.values())
    assert len(collection) < 1_500_000


@needs("pdftoppm")
def test_rendered_pages_are_not_blank(profiles, collection, tmp_path):
    for pdf, page in ((profiles["jiangxi-chamber"], 1), (collection, 1), (collection, 5)):
        path = tmp_path / "doc.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", str(page), "-l", str(page), str(path), str(tmp_path / "p")], check=True)
        png = next(tmp_path.glob("p-*.png"))
        variance = ImageStat.Stat(Image.open(png).convert("L")).var[0]
        png.unlink()
        assert variance > 100, (page, variance)


def test_byte_identical_across_builds(sample_year, project, profiles, collection, tmp_path):
    point = sample_year.point("xiangshi-mutual-aid")
    assert build_profile(sample_year, point, project.templates_dir, Cache(tmp_path / "cold")) == profiles[point.id]
    assert build_collection(sample_year, project.templates_dir, Cache(tmp_path / "cold")) == collection


def test_inputs_name_style_templates_and_fonts(project):
    inputs = brochure_inputs(project.templates_dir)
    names = {p.name for p in inputs}
    assert "brochure.yaml" in names and "facts.j2" in names
    assert any(p.suffix.lower() in (".ttf", ".otf", ".ttc") for p in inputs)
    assert all(p.is_file() for p in inputs)


@pytest.mark.parametrize("order", [["xiangshi-mutual-aid", "jiangxi-chamber"]])
def test_brochure_order_is_followed(sample_copy, order, warm_cache):
    from partydocs.model.load import load_year

    path = sample_copy.data_dir / "2021" / "brochure.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"order: [{', '.join(order)}]\n", encoding="utf-8")
    year = load_year(sample_copy, "2021")
    top = [t for t in outline_titles(build_collection(year, sample_copy.templates_dir, warm_cache)) if isinstance(t, str)]
    assert top[2:4] == ["东莞市香市公益互助会", "东莞市江西商会"]
    assert len(top) == 2 + len(order) + 1          # order lists exactly the points in the book
    assert any("画册未收入 3 个示范点" in note for note in year.notes)


def test_a_new_process_takes_the_matter_from_the_cache_with_the_same_bytes(project, sample_year, warm_cache):
    """Front matter, closing and back cover are kept in cache_dir/matter: a fresh process does
    not lay them out again, its volume is byte-identical, and a damaged entry is laid out anew."""
    from generators.brochure import collection as module

    before = work["matter laid out"]
    module._kept_matter.clear()
    first = build_collection(sample_year, project.templates_dir, warm_cache)
    module._kept_matter.clear()                                   # as in a new process
    assert build_collection(sample_year, project.templates_dir, warm_cache) == first
    assert (work["matter laid out"] - before) == 1
    for entry in (warm_cache.folder / "matter").glob("*.json"):
        entry.write_text('{"parts": {"front": ', encoding="utf-8")
    module._kept_matter.clear()
    assert build_collection(sample_year, project.templates_dir, warm_cache) == first
    assert (work["matter laid out"] - before) == 2


def test_a_watch_session_reuses_the_front_matter_only_while_it_is_the_same(sample_copy, warm_cache):
    """A process that builds the collection again (--watch) takes its last front matter when
    nothing it is made of changed, with identical bytes, and lays it out anew when a name did."""
    from generators.brochure import collection as module
    from partydocs.model.load import load_year

    before = work["front matter laid out"]
    module._kept_matter.clear()                                   # as in a new process
    year = load_year(sample_copy, "2021")
    first = build_collection(year, sample_copy.templates_dir, warm_cache)
    assert build_collection(year, sample_copy.templates_dir, warm_cache) == first
    assert (work["front matter laid out"] - before) == 1
    path = sample_copy.data_dir / "2021/points/jiangxi-chamber.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("organisation: 东莞市江西商会", "organisation: 东莞市赣商会"),
                    encoding="utf-8")
    renamed = build_collection(load_year(sample_copy, "2021"), sample_copy.templates_dir, warm_cache)
    assert (work["front matter laid out"] - before) == 2
    contents = next(text for text in page_texts(renamed) if text.startswith("目录"))
    assert "东莞市赣商会" in contents
