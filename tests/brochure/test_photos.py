"""Photos fill their column, are cropped around their focus, and a photo too small for its
printed size is a warning (soft) or an error (blurred) at its line in the data."""
from __future__ import annotations

import io

import pdfplumber
import pytest
from PIL import Image

from generators.brochure.jobs import build_profile
from generators.brochure.profile import PHOTO_ASPECT, PHOTO_GUTTER, PhotoResolutionWarning
from partydocs.reuse.errors import DataError
from partydocs.reuse.cache import Cache
from partydocs.model.load import load_year


def photo_boxes(pdf: bytes) -> list[tuple[float, float]]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [(image["width"], image["height"]) for page in document.pages for image in page.images]


def column_width(project) -> float:
    from generators.brochure.profile import content_width
    from generators.brochure.style import load_style
    from generators.brochure.typesetter import Typesetter

    ts = Typesetter(load_style(project.templates_dir), project.templates_dir, Cache(project.root))
    columns = ts.style.images.columns
    return (content_width(ts) - (columns - 1) * PHOTO_GUTTER) / columns


def test_sample_photos_fill_their_columns(profiles, project):
    column = column_width(project)
    boxes = [box for pdf in profiles.values() for box in photo_boxes(pdf)]
    assert boxes
    for width, height in boxes:
        assert width == pytest.approx(column, abs=0.01) and height == pytest.approx(column * PHOTO_ASPECT, abs=0.01)


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


def test_a_soft_photo_is_a_warning_at_its_line(sample_copy, warm_cache):
    year, point = _replace_photo(sample_copy, (500, 375))          # some 160 ppi across a column
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
