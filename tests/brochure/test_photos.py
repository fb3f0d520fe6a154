"""Photos keep their own proportions in their frame, are cropped only around the data's
focus, and a photo too small for its printed size is a warning (below the style's dpi) or an
error (blurred) at its line in the data."""
from __future__ import annotations

import io

import pdfplumber
import pytest
from PIL import Image

from generators.brochure.jobs import build_profile
from generators.brochure.profile import PHOTO_GUTTER, PhotoResolutionWarning
from partydocs.reuse.errors import DataError
from partydocs.reuse.cache import Cache
from partydocs.model.load import load_year


def photo_boxes(pdf: bytes) -> list[tuple[float, float]]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [(image["width"], image["height"]) for page in document.pages for image in page.images]


def placed_pixels(pdf: bytes) -> list[Image.Image]:
    """The photos as embedded, decoded, in the order they are drawn."""
    import pikepdf

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        names = [(number, image["name"]) for number, page in enumerate(document.pages) for image in page.images]
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return [pikepdf.PdfImage(document.pages[number].get_images()["/" + name.lstrip("/")]).as_pil_image().convert("RGB")
                for number, name in names]


def column_width(project) -> float:
    from generators.brochure.profile import content_width
    from generators.brochure.style import load_style
    from generators.brochure.typesetter import Typesetter

    ts = Typesetter(load_style(project.templates_dir), project.templates_dir, Cache(project.root))
    columns = ts.style.images.columns
    return (content_width(ts) - (columns - 1) * PHOTO_GUTTER) / columns


def test_sample_photos_keep_their_proportions_and_fill_their_columns(profiles, project, sample_year):
    column = column_width(project)
    for point in sample_year.points:
        boxes = photo_boxes(profiles[point.id])
        assert len(boxes) == len(point.highlights)
        for (width, height), highlight in zip(boxes, point.highlights):
            with Image.open(sample_year.photo_path(highlight)) as source:
                aspect = source.width / source.height
            if highlight.focus is None:                   # whole: the photo's own proportions
                assert width / height == pytest.approx(aspect, rel=0.002), highlight.photo
            else:                                         # cropped to the style's 3:2 frame, by the data's choice
                assert width / height == pytest.approx(3 / 2, rel=0.002) and aspect != pytest.approx(3 / 2)
            assert width == pytest.approx(column, abs=0.01) or height == pytest.approx(column / 1.5, abs=0.01)


def test_a_photo_of_other_proportions_is_fitted_whole_not_cropped(sample_copy, warm_cache):
    year, point = _replace_photo(sample_copy, (1500, 2000))          # upright, 3:4
    pdf = build_profile(year, point, sample_copy.templates_dir, warm_cache)
    (width, height) = photo_boxes(pdf)[1]
    assert width / height == pytest.approx(3 / 4, rel=0.002)
    assert height == pytest.approx(column_width(sample_copy) / 1.5, abs=0.01)          # as tall as the 3:2 frame
    assert placed_pixels(pdf)[1].size[0] / placed_pixels(pdf)[1].size[1] == pytest.approx(3 / 4, rel=0.01)


@pytest.mark.parametrize("focus, kept", [((0.5, 0.0), (255, 0, 0)), ((0.5, 1.0), (0, 0, 255))])
def test_a_photo_with_a_focus_is_cropped_to_the_frame_around_it(sample_copy, warm_cache, focus, kept):
    year = load_year(sample_copy, "2021")
    point = year.point("jiangxi-chamber")
    path = year.photo_path(point.highlights[1])
    photo = Image.new("RGB", (1600, 1200), (0, 160, 0))               # 4:3: red at the top, blue at the foot
    photo.paste((255, 0, 0), (0, 0, 1600, 100))
    photo.paste((0, 0, 255), (0, 1100, 1600, 1200))
    photo.save(path)
    _write_focus(sample_copy, 1, focus)
    year = load_year(sample_copy, "2021")
    point = year.point("jiangxi-chamber")
    pdf = build_profile(year, point, sample_copy.templates_dir, warm_cache)
    (width, height) = photo_boxes(pdf)[1]
    assert width / height == pytest.approx(3 / 2, rel=0.002)
    placed = placed_pixels(pdf)[1]
    top, foot = placed.getpixel((placed.width // 2, 2)), placed.getpixel((placed.width // 2, placed.height - 3))
    near = lambda colour, wanted: all(abs(a - b) < 60 for a, b in zip(colour, wanted))   # noqa: E731
    assert near(top if kept == (255, 0, 0) else foot, kept)
    assert not near(foot if kept == (255, 0, 0) else top, (255, 0, 0) if kept != (255, 0, 0) else (0, 0, 255))


def _write_focus(project, index: int, focus: tuple[float, float]) -> None:
    """`focus:` under the point's photo number `index`, as a clerk writes it."""
    path = project.root / "data/2021/points/jiangxi-chamber.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    photo = [number for number, line in enumerate(lines) if line.strip().startswith("- photo:")][index]
    indent = " " * (len(lines[photo]) - len(lines[photo].lstrip()) + 2)
    lines.insert(photo + 1, f"{indent}focus: [{focus[0]}, {focus[1]}]")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _replace_photo(project, pixels: tuple[int, int]):
    year = load_year(project, "2021")
    point = year.point("jiangxi-chamber")
    path = year.photo_path(point.highlights[1])
    Image.new("RGB", pixels, (120, 90, 60)).save(path)
    return year, point


def _photo_line(project) -> int:
    lines = (project.root / "data/2021/points/jiangxi-chamber.yaml").read_text(encoding="utf-8").splitlines()
    photo_lines = [number for number, line in enumerate(lines, start=1) if line.strip().startswith(("- photo:", "photo:"))]
    return photo_lines[1]


def test_a_photo_below_the_styles_dpi_is_a_warning_at_its_line(sample_copy, warm_cache):
    year, point = _replace_photo(sample_copy, (900, 600))          # some 284 ppi across a column: not 300
    with pytest.warns(PhotoResolutionWarning) as caught:
        build_profile(year, point, sample_copy.templates_dir, warm_cache)
    (warning,) = [w for w in caught if w.category is PhotoResolutionWarning]
    assert f"data/2021/points/jiangxi-chamber.yaml:{_photo_line(sample_copy)}:" in str(warning.message)
    assert "284 ppi" in str(warning.message) and "300 ppi" in str(warning.message)


def test_the_sample_photos_print_at_the_styles_dpi_without_a_word(sample_copy, warm_cache):
    import warnings

    year = load_year(sample_copy, "2021")
    with warnings.catch_warnings():
        warnings.simplefilter("error", PhotoResolutionWarning)
        for point in year.points:
            build_profile(year, point, sample_copy.templates_dir, warm_cache)


def test_a_soft_photo_is_a_warning_at_its_line(sample_copy, warm_cache):
    year, point = _replace_photo(sample_copy, (500, 375))          # some 180 ppi across the frame's height
    with pytest.warns(PhotoResolutionWarning) as caught:
        build_profile(year, point, sample_copy.templates_dir, warm_cache)
    message = str(caught[0].message)
    assert f"data/2021/points/jiangxi-chamber.yaml:{_photo_line(sample_copy)}:" in message
    assert "highlights" in message and "ppi" in message and "发虚" in message


def test_the_command_says_a_soft_photo_once_and_still_builds(sample_copy):
    from tests.command import make_docs

    _replace_photo(sample_copy, (500, 375))
    result = make_docs("--root", str(sample_copy.root), "build", "-j", "1")
    assert result.returncode == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if line.startswith("提醒：")]
    assert len(said) == 1 and f"data/2021/points/jiangxi-chamber.yaml:{_photo_line(sample_copy)}:" in said[0]


def test_a_blurred_photo_stops_the_build_at_its_line(sample_copy, warm_cache):
    year, point = _replace_photo(sample_copy, (250, 188))          # some 80 ppi
    with pytest.raises(DataError) as raised:
        build_profile(year, point, sample_copy.templates_dir, warm_cache)
    (problem,) = raised.value.problems
    assert (problem.file, problem.line) == ("data/2021/points/jiangxi-chamber.yaml", _photo_line(sample_copy))
    assert "模糊" in problem.message and "像素" in problem.message


def test_focus_is_read_from_the_data(sample_copy):
    path = sample_copy.root / "data/2021/points/jiangxi-chamber.yaml"
    text = path.read_text(encoding="utf-8")
    first_photo = next(line for line in text.splitlines() if line.strip().startswith("- photo:"))
    indent = " " * (len(first_photo) - len(first_photo.lstrip()) + 2)
    path.write_text(text.replace(first_photo, f"{first_photo}\n{indent}focus: [0.5, 0.3]", 1), encoding="utf-8")
    assert load_year(sample_copy, "2021").point("jiangxi-chamber").highlights[0].focus == (0.5, 0.3)
