"""The style file, templates, font resolution and conversion, image preparation."""
from __future__ import annotations

import io
import multiprocessing
import sqlite3
import subprocess
import sys
import zlib
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from generators.builders import builders
from partydocs.engine.config import BuildConfig
from partydocs.engine.validate import validate
from partydocs.reuse.cache import Cache
from partydocs.reuse.counters import work
from generators.brochure.jobs import build_profile
from generators.brochure import glyphs
from generators.brochure.glyphs import store as glyph_store
from generators.brochure.glyphs import GLYPH_DB, truetype_subset
from generators.brochure.fonts import FontSource, default_font, find_font, resolve
from generators.brochure.images import crop_box, print_image
from generators.brochure.style import load_style
from partydocs.reuse.errors import DataError
from partydocs.model.load import load_year

from ..conftest import ROOT, build_project, copy_sample

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


def test_template_error_names_the_template(sample_copy, warm_cache):
    edit(sample_copy, "brochure/facts.j2", "{{ point.founded }}", "{{ point.founded_on }}")
    year = load_year(sample_copy, "2021")
    with pytest.raises(DataError) as caught:
        build_profile(year, year.points[0], sample_copy.templates_dir, warm_cache)
    assert caught.value.problems[0].file == "templates/brochure/facts.j2"


def test_heading_template_needs_every_key(sample_copy, warm_cache):
    edit(sample_copy, "brochure/headings.j2", "plan: 创建规划思路\n", "")
    year = load_year(sample_copy, "2021")
    with pytest.raises(DataError) as caught:
        build_profile(year, year.points[0], sample_copy.templates_dir, warm_cache)
    assert "plan" in caught.value.problems[0].message


def test_headings_come_from_the_template(sample_copy, warm_cache):
    edit(sample_copy, "brochure/headings.j2", "plan: 创建规划思路", "plan: 下一步打算")
    year = load_year(sample_copy, "2021")
    pdf = build_profile(year, year.point("jiangxi-chamber"), sample_copy.templates_dir, warm_cache)
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


def _glyph_rows(cache_dir: Path) -> int:
    with sqlite3.connect(cache_dir / GLYPH_DB) as db:
        return db.execute("SELECT count(*) FROM glyphs").fetchone()[0]


def _outlines(data: bytes) -> dict[int, tuple[bytes, tuple[int, int]]]:
    """Code point -> (compiled glyph, (advance, lsb)), as the font holds them."""
    font = TTFont(io.BytesIO(data))
    glyf, hmtx = font["glyf"], font["hmtx"]
    return {code: (glyf[name].compile(glyf, recalcBBoxes=False), hmtx[name]) for code, name in font.getBestCmap().items()}


def _source_cmap(source: FontSource) -> set[int]:
    with TTFont(str(source.path), fontNumber=source.index, lazy=True) as font:
        return set(font.getBestCmap())


def test_glyphs_are_converted_once_and_shared_between_character_sets(tmp_path):
    source = default_font("serif")
    first = truetype_subset(source, frozenset("社会组织党建引领发展2021"), tmp_path)
    rows = _glyph_rows(tmp_path)
    assert rows == len(set("社会组织党建引领发展2021")) + 1           # and .notdef
    before = work["glyphs converted"]
    second = truetype_subset(source, frozenset("党建发展20"), tmp_path)
    assert second != first and work["glyphs converted"] == before and _glyph_rows(tmp_path) == rows
    third = truetype_subset(source, frozenset("党建工作"), tmp_path)     # only 工作 are new
    assert work["glyphs converted"] - before == 2 and _glyph_rows(tmp_path) == rows + 2
    old, new, newer = _outlines(first), _outlines(second), _outlines(third)
    assert set(new) == {ord(c) for c in "党建发展20"}
    assert all(new[code] == old[code] for code in new)
    assert newer[ord("党")] == old[ord("党")] and newer[ord("建")] == old[ord("建")]


def test_assembled_font_does_not_depend_on_the_cache_history(tmp_path):
    source, chars = default_font("sans"), frozenset("社会组织党建，。“”ABC \U0001F101")
    fresh = truetype_subset(source, chars, tmp_path / "fresh")
    busy = tmp_path / "busy"
    for other in ("龙虎凤", "。，建党ZYX", "\U0001F102组织", "会社A"):     # glyphs cached in another order
        truetype_subset(source, frozenset(other), busy)
    assert _glyph_rows(busy) > 0
    assert truetype_subset(source, chars, busy) == fresh
    assert truetype_subset(source, chars) == fresh                   # no cache at all


def test_assembled_font_loads_and_maps_exactly_the_characters_it_has(tmp_path):
    from reportlab.pdfbase.ttfonts import TTFont as ReportlabFont

    source = default_font("serif")
    chars = frozenset("党建引领 A1，。\U0001F101\U00020BB7\U0001F600")    # the last two it lacks
    expected = {ord(c) for c in chars} & _source_cmap(source)
    assert ord("\U0001F101") in expected and ord("\U00020BB7") not in expected
    data = truetype_subset(source, chars, tmp_path)
    font = TTFont(io.BytesIO(data))
    assert set(font.getBestCmap()) == expected
    assert font.getGlyphOrder()[0] == ".notdef" and font["glyf"][".notdef"].numberOfContours > 0
    assert len(font.getGlyphOrder()) == len(set(font.getBestCmap().values())) + 1
    assert "glyf" in font and not {"CFF ", "GSUB", "GPOS", "GDEF", "VORG", "vmtx"} & set(font.keys())
    assert font["post"].formatType == 3.0 and font["maxp"].numGlyphs == len(font.getGlyphOrder())
    assert font["head"].created == TTFont(str(source.path), lazy=True)["head"].created
    embedded = ReportlabFont("ConvertTest", io.BytesIO(data))
    assert expected <= set(embedded.face.charToGlyph)
    assert embedded.face.charToGlyph[ord("\U0001F101")] != 0


def test_a_damaged_cache_is_rebuilt(tmp_path):
    source, chars = default_font("sans"), frozenset("党建引领发展")
    expected = truetype_subset(source, chars)
    truetype_subset(source, chars, tmp_path)
    glyph_store._stores.clear()                                          # as a new process would
    (tmp_path / GLYPH_DB).write_bytes(b"not a database" * 100)       # a garbled glyph store
    assert truetype_subset(source, chars, tmp_path) == expected
    assert _glyph_rows(tmp_path) == len(chars) + 1
    with sqlite3.connect(tmp_path / GLYPH_DB) as db:                 # a damaged row
        db.execute("UPDATE glyphs SET data = x'00010002' WHERE gid = (SELECT max(gid) FROM glyphs)")
    other = frozenset("党建引领发展会")
    assert truetype_subset(source, other, tmp_path) == truetype_subset(source, other)
    with sqlite3.connect(tmp_path / GLYPH_DB) as db:
        assert db.execute("SELECT min(length(data)) FROM glyphs").fetchone()[0] > 4


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


@pytest.mark.skipif(not DEJAVU.is_file(), reason="needs a TrueType (glyf) font with composite glyphs")
def test_truetype_source_keeps_its_outlines_with_components_drawn_in(tmp_path):
    from fontTools.pens.recordingPen import DecomposingRecordingPen

    source = FontSource(DEJAVU)
    data = truetype_subset(source, frozenset("éçAb"), tmp_path)
    original, made = TTFont(str(DEJAVU)), TTFont(io.BytesIO(data))
    assert original["glyf"][original.getBestCmap()[ord("é")]].isComposite()
    for char in "éçAb":
        before, after = original.getBestCmap()[ord(char)], made.getBestCmap()[ord(char)]
        assert not made["glyf"][after].isComposite()
        pens = [DecomposingRecordingPen(original.getGlyphSet()), DecomposingRecordingPen(made.getGlyphSet())]
        original.getGlyphSet()[before].draw(pens[0])
        made.getGlyphSet()[after].draw(pens[1])
        assert pens[0].value == pens[1].value                       # same points, same direction
        assert made["hmtx"][after] == original["hmtx"][before]


def _build_in_worker(args):
    chars, cache_dir = args
    return truetype_subset(default_font("serif"), frozenset(chars), Path(cache_dir))


def test_processes_share_one_cache(tmp_path):
    sets = ["社会组织党建", "党建引领发展", "组织引领会社", "发展党建组织", "社会发展"] * 2
    with ProcessPoolExecutor(max_workers=4) as pool:
        built = list(pool.map(_build_in_worker, [(chars, str(tmp_path)) for chars in sets]))
    assert built == [truetype_subset(default_font("serif"), frozenset(chars)) for chars in sets]
    assert _glyph_rows(tmp_path) == len(set("".join(sets))) + 1


FONT_FILES_READ = """import runpy, sys
read = set()
sys.addaudithook(lambda event, args: event == "open" and str(args[0]).lower().endswith((".ttf", ".otf", ".ttc"))
                 and read.add(str(args[0])))
sys.argv = sys.argv[1:]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
finally:
    print("font files read:", sorted(read), file=sys.stderr)
"""


def _font_files_read(project, *command: str) -> str:
    result = subprocess.run([sys.executable, "-c", FONT_FILES_READ, str(ROOT / "make_docs.py"), "--root", str(project.root),
                             *command], capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stderr.splitlines()[-1]


def test_what_a_first_build_learns_of_the_fonts_is_kept_for_the_next_command(tmp_path):
    """A first build checks the text against the fonts before it has a cache. What it read of
    them (each CJK face's map, ~0.15 s to read) and the texts it found printable are kept all
    the same: the next command opens no font file, and checks no text again."""
    project = copy_sample(tmp_path, cold=True)
    assert build_project(project, only="brochures", jobs=1).exit_code == 0
    assert _font_files_read(project, "validate") == "font files read: []"
    before = work["texts checked against the fonts"]
    validate(BuildConfig(project), builders())
    assert work["texts checked against the fonts"] == before


def test_a_stored_face_of_the_wrong_shape_is_read_again_from_the_font(tmp_path):
    """output/.cache is untrusted: a face entry whose checksum holds but whose bytes claim two
    billion code points is not believed; the font is read again and the face stored whole."""
    project = copy_sample(tmp_path)                       # seeded: its faces are stored
    forged = b"\xff\xff\xff\x7f" + bytes(64)
    for store in project.output_dir.glob(f".cache/glyphs-*/{GLYPH_DB}"):
        with closing(sqlite3.connect(store)) as database, database:
            database.execute("UPDATE faces SET data = ?, crc = ?", (forged, zlib.crc32(forged)))
    assert _font_files_read(project, "validate") != "font files read: []"
    assert _font_files_read(project, "validate") == "font files read: []"


def _stored_map(path: str, index: int, cache_dir: str) -> tuple[dict[int, int], list[bool]]:
    """In a fresh process: the face's map as font_cmap gives it, and how it answers for
    things it does not hold."""
    cmap = glyphs.font_cmap(FontSource(Path(path), index), Path(cache_dir))
    return {code: cmap[code] for code in cmap}, [probe in cmap for probe in (-1, 0x110000, "一", None)]


def test_a_face_read_back_from_the_store_maps_each_character_as_the_font_does(tmp_path):
    """The first process reads the face from the font and stores it; the next one looks its
    characters up in the stored arrays. Both give the font's own map, glyph for glyph."""
    font = find_font("Noto Serif CJK SC", ROOT) or default_font("serif")
    with TTFont(str(font.path), fontNumber=font.index, lazy=True) as opened:
        expected = {code: gid for code, name in opened.getBestCmap().items() if (gid := opened.getGlyphID(name))}
    for _ in ("read from the font", "read from the store"):
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as fresh:
            mapped, probes = fresh.submit(_stored_map, str(font.path), font.index, str(tmp_path)).result()
        assert mapped == expected and len(expected) > 20000
        assert probes == [False] * 4
    with closing(sqlite3.connect(tmp_path / GLYPH_DB)) as database:
        assert database.execute("SELECT count(*) FROM faces").fetchone() == (1,)


def test_crop_keeps_the_frame_proportions_around_the_focus():
    assert crop_box((4000, 3000), (200, 150)) == (0, 0, 4000, 3000)             # same proportions: all of it
    assert crop_box((4000, 2000), (200, 150)) == (666, 0, 3333, 2000)           # wider: the middle
    assert crop_box((4000, 2000), (200, 150), (0.0, 0.5)) == (0, 0, 2667, 2000)  # focus on the left edge
    assert crop_box((3000, 4000), (200, 150), (0.5, 0.3)) == (0, 75, 3000, 2325)     # portrait, focus above centre
    assert crop_box((3000, 4000), (200, 150), (0.5, 0.0))[1] == 0


def test_large_photo_fills_its_frame_and_is_downsampled_deterministically(tmp_path):
    path = tmp_path / "big.jpg"
    image = Image.radial_gradient("L").resize((3000, 2000)).convert("RGB")
    image.save(path, "JPEG", quality=90)
    first = print_image(path, (216, 162), 300, 85)
    assert (first.width, first.height) == (216, 162)                   # the frame, not the photo's proportions
    assert first.reader.getSize() == (900, 675)                        # 3 x 2.25 inches at 300 dpi
    assert round(first.ppi) == round(2667 / 3)
    from generators.brochure.images import _print_image
    _print_image.cache_clear()
    second = print_image(path, (216, 162), 300, 85)
    assert second.reader.fp.getvalue() == first.reader.fp.getvalue()        # same JPEG bytes


def test_the_focus_decides_what_is_kept(tmp_path):
    path = tmp_path / "halves.png"
    image = Image.new("RGB", (400, 100), (255, 255, 255))
    image.paste((200, 0, 0), (0, 0, 200, 100))                 # red left half, white right half
    image.save(path)
    left = print_image(path, (100, 100), 300, 85, focus=(0.0, 0.5))
    right = print_image(path, (100, 100), 300, 85, focus=(1.0, 0.5))
    assert left.reader.getRGBData()[:3] == bytes((200, 0, 0)) and right.reader.getRGBData()[:3] == bytes((255, 255, 255))


def test_a_scaled_photo_is_kept_and_reused_by_later_builds(tmp_path):
    from generators.brochure import images

    path = tmp_path / "photo.jpg"
    Image.radial_gradient("L").resize((3000, 2000)).convert("RGB").save(path, "JPEG", quality=90)
    cache = Cache(tmp_path / "cache")
    first = print_image(path, (216, 216), 300, 85, cache)
    assert len(list(cache.folder.glob("*.jpg"))) == 1
    images._print_image.cache_clear()                     # a new build, in a new process
    scaled = work["photos scaled"]
    again = print_image(path, (216, 216), 300, 85, cache)
    assert work["photos scaled"] == scaled                # read back, not scaled again
    assert again.reader.fp.getvalue() == first.reader.fp.getvalue()
    assert (again.width, again.height) == (first.width, first.height)
    images._print_image.cache_clear()
    other = print_image(path, (216, 216), 300, 70, cache)  # another quality: not the kept one
    assert other.reader.fp.getvalue() != first.reader.fp.getvalue()


def test_transparent_png_is_flattened_and_small_image_kept(tmp_path):
    path = tmp_path / "logo.png"
    Image.new("RGBA", (120, 60), (200, 0, 0, 128)).save(path)
    picture = print_image(path, (400, 200), 300, 85)
    assert picture.reader.getSize() == (120, 60)                   # never upsampled: shown larger, at low ppi
    assert (picture.width, picture.height) == (400, 200)
    assert round(picture.ppi) == round(120 / (400 / 72))


def test_a_damaged_cached_photo_is_scaled_again_and_decodes(tmp_path):
    """A truncated entry (a full disk, a copy cut short) is found by its digest, never served."""
    from generators.brochure import images

    path = tmp_path / "photo.jpg"
    Image.radial_gradient("L").resize((3000, 2000)).convert("RGB").save(path, "JPEG", quality=90)
    cache = Cache(tmp_path / "cache")
    first = print_image(path, (216, 216), 300, 85, cache)
    entry = next(cache.folder.glob("*.jpg"))
    entry.write_bytes(entry.read_bytes()[:200])
    images._print_image.cache_clear()                     # a new build, in a new process
    again = print_image(path, (216, 216), 300, 85, cache)
    assert again.reader.fp.getvalue() == first.reader.fp.getvalue()
    with Image.open(io.BytesIO(again.reader.fp.getvalue())) as decoded:
        decoded.load()
    assert len(entry.read_bytes()) > 200                  # and the entry was written whole again
