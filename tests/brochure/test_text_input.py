"""Data text is plain text: markup prints literally; a rare character is drawn or reported."""
from __future__ import annotations

import re

import pytest

from partydocs.reuse.cache import Cache
from generators.brochure.jobs import build_collection, build_profile
from partydocs.reuse.errors import DataError
from partydocs.model.load import load_year

from .conftest import page_texts, reader, squashed

MARKUP = "<b>&amp;</b>"


def rename(project, point_id: str, new_name: str) -> None:
    path = project.data_dir / "2021" / "points" / f"{point_id}.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^organisation: .*$", f"organisation: '{new_name}'", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")


def test_markup_in_a_name_prints_literally(sample_copy, warm_cache):
    rename(sample_copy, "jiangxi-chamber", f"东莞市{MARKUP}江西商会")
    year = load_year(sample_copy, "2021")
    point = year.point("jiangxi-chamber")
    for pdf in (build_profile(year, point, sample_copy.templates_dir, warm_cache),
                build_collection(year, sample_copy.templates_dir, warm_cache)):
        text = squashed("".join(page_texts(pdf)))
        assert f"东莞市{MARKUP}江西商会" in text
    assert f"东莞市{MARKUP}江西商会" in [item.title for item in reader(pdf).outline if not isinstance(item, list)]


def test_markup_in_a_paragraph_and_caption(sample_copy, warm_cache):
    path = sample_copy.data_dir / "2021" / "points" / "jiangxi-chamber.yaml"
    text = path.read_text(encoding="utf-8").replace("汇聚20家赣籍商会党支部搭建", "汇聚20家<i>赣籍</i> & <font name=x>商会</font>党支部搭建")
    path.write_text(text, encoding="utf-8")
    year = load_year(sample_copy, "2021")
    pdf = build_profile(year, year.point("jiangxi-chamber"), sample_copy.templates_dir, warm_cache)
    assert squashed("汇聚20家<i>赣籍</i> & <font name=x>商会</font>党支部搭建") in squashed("".join(page_texts(pdf)))


def embedded_unicodes(pdf: bytes) -> set[int]:
    """Characters whose glyphs are embedded, from each embedded font's ToUnicode map."""
    found: set[int] = set()
    for page in reader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            cmap = font.get_object()["/ToUnicode"].get_object().get_data().decode("latin-1")
            for line in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", cmap):
                found.add(ord(bytes.fromhex(line[1]).decode("utf-16-be")) if len(line[1]) >= 4 else 0)
    return found


@pytest.mark.parametrize("rare", ["𠮷", "堃"])
def test_rare_character_is_drawn_or_reported(sample_copy, rare, warm_cache):
    rename(sample_copy, "women-entrepreneurs", f"东莞市{rare}女企业家商会")
    year = load_year(sample_copy, "2021")
    try:
        pdf = build_profile(year, year.point("women-entrepreneurs"), sample_copy.templates_dir, warm_cache)
    except DataError as error:
        message = "\n".join(error.messages())
        assert rare in message and f"U+{ord(rare):04X}" in message and "organisation" in message
        return
    assert f"东莞市{rare}女企业家商会" in squashed("".join(page_texts(pdf)))
    assert ord(rare) in embedded_unicodes(pdf)


def test_character_no_font_has_is_reported_by_name_field_and_file(sample_copy, warm_cache):
    nowhere = "\U0010fffd"                         # private use, plane 16: in no font
    rename(sample_copy, "women-entrepreneurs", f"东莞市{nowhere}女企业家商会")
    year = load_year(sample_copy, "2021")
    with pytest.raises(DataError) as caught:
        build_profile(year, year.point("women-entrepreneurs"), sample_copy.templates_dir, warm_cache)
    [problem] = caught.value.problems
    assert problem.file == "data/2021/points/women-entrepreneurs.yaml"
    assert problem.field == "organisation" and problem.line > 0
    assert nowhere in problem.message and "U+10FFFD" in problem.message
    with pytest.raises(DataError):
        build_collection(year, sample_copy.templates_dir, warm_cache)


def test_character_missing_from_the_main_font_falls_back(sample_copy, warm_cache):
    """A character the body font lacks comes from another font instead of a blank."""
    path = sample_copy.data_dir / "2021" / "points" / "jiangxi-chamber.yaml"
    text = path.read_text(encoding="utf-8").replace("汇聚20家", "汇聚20家ა")
    path.write_text(text, encoding="utf-8")
    year = load_year(sample_copy, "2021")
    try:
        pdf = build_profile(year, year.point("jiangxi-chamber"), sample_copy.templates_dir, warm_cache)
    except DataError as error:
        assert "U+10D0" in error.messages()[0] and "narrative[1]" in error.messages()[0]
        return
    assert "ა" in "".join(page_texts(pdf))
    assert ord("ა") in embedded_unicodes(pdf)
    fonts = {str(f.get_object()["/BaseFont"]) for page in reader(pdf).pages for f in page["/Resources"]["/Font"].values()}
    assert any("CJK" not in name for name in fonts), fonts          # a second family, not a blank


def test_a_point_edited_after_builds_is_checked_again_for_its_characters(sample_copy):
    """The check keeps the texts it found printable; an edited point's text is new to it."""
    from generators.builders import builders
    from partydocs.engine.config import BuildConfig
    from partydocs.engine.validate import validate

    from ..conftest import build_project

    build_project(sample_copy, only="brochures")
    build_project(sample_copy, only="brochures")          # the first had no cache to read
    [kept] = sample_copy.output_dir.glob(".cache/brochures-*/verified-texts-*.txt")
    digests = Cache(kept.parent).get(kept.name).split()
    assert len(set(digests)) == len(load_year(sample_copy, "2021").points) + 2          # and the brochure's, the wording's
    nowhere = "\U0010fffd"
    rename(sample_copy, "women-entrepreneurs", f"东莞市{nowhere}女企业家商会")
    with pytest.raises(DataError) as caught:
        validate(BuildConfig(sample_copy), builders())
    [problem] = caught.value.problems
    assert (problem.file, problem.field) == ("data/2021/points/women-entrepreneurs.yaml", "organisation")
    assert "U+10FFFD" in problem.message
