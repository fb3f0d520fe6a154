"""The style file, templates, font resolution and conversion, image preparation."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from generators.brochure import build_profile
from generators.brochure.convert import cached_truetype, truetype_subset
from generators.brochure.fonts import FontSource, default_font, find_font, resolve
from generators.brochure.images import display_size, print_image
from generators.brochure.style import load_style
from pipeline.errors import DataError
from pipeline.load import load_year

STYLE = Path("styles/brochure.yaml")


def edit(project, relative: str, old: str, new: str) -> None:
    path = project.templates_dir / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_sample_style_is_valid(project):
    style = load_style(project.templates_dir)
    assert style.text.body.size > 0 and style.images.dpi == 300


@pytest.mark.parametrize("old, new, field", [
    ("  accent: \"#B3261E\"", "  accent: red", "colours.accent"),
    ("  margin_top: 24", "  margin_top: 24\n  gutter: 3", "page.gutter"),
    ("  body:          {font: serif,", "  body:          {font: comic,", "text.body.font"),
])
def test_style_problems_name_file_line_and_field(sample_copy, old, new, field):
    edit(sample_copy, str(STYLE), old, new)
    with pytest.raises(DataError) as caught:
        load_style(sample_copy.templates_dir)
    [problem] = caught.value.problems
    assert problem.file == "templates/styles/brochure.yaml" and problem.line > 1 and problem.field == field
    assert any("\u4e00" <= c <= "\u9fff" for c in problem.message)


def test_template_error_names_the_template(sample_copy, tmp_path):
    edit(sample_copy, "brochure/facts.j2", "{{ point.founded.zh() }}", "{{ point.founded_on.zh() }}")
    year = load_year(sample_copy, "2021")
    with pytest.raises(DataError) as caught:
        build_profile(year, year.points[0], sample_copy.templates_dir, tmp_path)
    assert caught.value.problems[0].file == "templates/brochure/facts.j2"


def test_heading_template_needs_every_key(sample_copy, tmp_path):
    edit(sample_copy, "brochure/headings.j2", "plan: 创建规划思路\n", "")
    year = load_year(sample_copy, "2021")
    with pytest.raises(DataError) as caught:
        build_profile(year, year.points[0], sample_copy.templates_dir, tmp_path)
    assert "plan" in caught.value.problems[0].message


def test_headings_come_from_the_template(sample_copy, tmp_path):
    edit(sample_copy, "brochure/headings.j2", "plan: 创建规划思路", "plan: 下一步打算")
    year = load_year(sample_copy, "2021")
    pdf = build_profile(year, year.point("jiangxi-chamber"), sample_copy.templates_dir, tmp_path)
    from .conftest import page_texts
    assert "下一步打算" in "".join(page_texts(pdf))


def test_unknown_fonts_fall_back_to_the_bundled_noto(tmp_path):
    source = resolve(("No Such Font SC", "missing/file.otf"), "serif", tmp_path)
    assert source == default_font("serif") and source.path.name == "NotoSerifSC-Regular.otf"
    assert find_font("No Such Font SC", tmp_path) is None       # fc-match's substitute is refused


def test_a_font_path_in_the_style_is_used(tmp_path):
    font = default_font("sans").path
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "mine.otf").write_bytes(font.read_bytes())
    assert find_font("fonts/mine.otf", tmp_path) == FontSource((tmp_path / "fonts" / "mine.otf").resolve(), 0)


def test_cff_font_becomes_a_deterministic_truetype_subset():
    chars = frozenset("社会组织党建，。“”2021ABC")
    data = truetype_subset(default_font("serif"), chars)
    assert data == truetype_subset(default_font("serif"), chars)
    font = TTFont(io.BytesIO(data))
    assert "glyf" in font and "CFF " not in font and font.sfntVersion == "\x00\x01\x00\x00"
    assert {ord(c) for c in chars} <= set(font.getBestCmap())
    assert font["name"].getDebugName(6) == "NotoSerifSC-Regular"


def test_converted_fonts_are_cached_by_font_and_characters(tmp_path):
    first = cached_truetype(default_font("sans"), frozenset("党建"), tmp_path)
    stamp = first.stat().st_mtime_ns
    assert cached_truetype(default_font("sans"), frozenset("党建"), tmp_path) == first
    assert first.stat().st_mtime_ns == stamp
    assert cached_truetype(default_font("sans"), frozenset("党建引领"), tmp_path) != first


def test_display_size_never_enlarges_beyond_the_dpi():
    assert display_size((300, 150), (500, 500), 300) == (72, 36)           # 1 inch at 300 dpi
    width, height = display_size((6000, 4000), (200, 200), 300)
    assert width == 200 and round(height, 3) == round(200 * 4000 / 6000, 3)


def test_large_photo_is_downsampled_deterministically(tmp_path):
    path = tmp_path / "big.jpg"
    image = Image.radial_gradient("L").resize((3000, 2000)).convert("RGB")
    image.save(path, "JPEG", quality=90)
    first = print_image(path, (216, 216), 300, 85)
    assert (round(first.width), round(first.height)) == (216, 144)
    assert first.reader.getSize() == (900, 600)
    from generators.brochure.images import _print_image
    _print_image.cache_clear()
    second = print_image(path, (216, 216), 300, 85)
    assert second.reader.fp.getvalue() == first.reader.fp.getvalue()        # same JPEG bytes


def test_transparent_png_is_flattened_and_small_image_kept(tmp_path):
    path = tmp_path / "logo.png"
    Image.new("RGBA", (120, 60), (200, 0, 0, 128)).save(path)
    picture = print_image(path, (400, 400), 300, 85)
    assert picture.reader.getSize() == (120, 60)
    assert (picture.width, picture.height) == (120 * 72 / 300, 60 * 72 / 300)
