"""The point memo keeps a point file's verdict, photos included, so that a one-point edit
does not decode every photo again: an entry exists only for a point whose photos were decoded
whole, and it is not used once a photo it names changes."""
from __future__ import annotations

import os

import pytest
from PIL import Image

from partydocs.reuse.cache import open_cache
from partydocs.model.load import PointMemo, load_year
from partydocs.reuse.errors import DataError

POINT = "data/2021/points/jiangxi-chamber.yaml"
PHOTO = "data/2021/photos/jiangxi-chamber-2.png"


def as_truncated_jpeg(root, relative: str) -> str:
    """The photo saved as a JPEG and cut short: its header reads and verifies, its pixels do not."""
    jpeg = (root / relative).with_suffix(".jpg")
    with Image.open(root / relative) as image:
        image.convert("RGB").save(jpeg, "JPEG", quality=90)
    jpeg.write_bytes(jpeg.read_bytes()[:-3000])
    point = root / POINT
    point.write_text(point.read_text(encoding="utf-8").replace("photos/jiangxi-chamber-2.png", "photos/jiangxi-chamber-2.jpg"),
                     encoding="utf-8")
    return jpeg


def memo_in(project) -> PointMemo:
    return PointMemo(open_cache(project.output_dir, "points", PointMemo.key()))


def test_a_truncated_jpeg_is_found_and_gets_no_memo_entry(sample_copy):
    as_truncated_jpeg(sample_copy.root, PHOTO)
    memo = memo_in(sample_copy)
    with pytest.raises(DataError) as caught:
        load_year(sample_copy, "2021", memo)
    [problem] = caught.value.problems
    assert (problem.file, problem.field) == (POINT, "highlights[2].photo") and "不完整" in problem.message
    assert len(memo.pending) == 4, "only the four points whose photos decoded are kept"


def test_a_stored_verdict_is_not_used_once_a_photo_changes(sample_copy):
    memo = memo_in(sample_copy)
    load_year(sample_copy, "2021", memo)
    memo.save(memo.stored)
    jpeg = as_truncated_jpeg(sample_copy.root, PHOTO)
    fresh = memo_in(sample_copy)
    with pytest.raises(DataError):
        load_year(sample_copy, "2021", fresh)    # the point file changed: read again
    good = jpeg.with_name("good.jpg")
    with Image.open(sample_copy.root / PHOTO) as image:
        image.convert("RGB").save(good, "JPEG", quality=90)
    os.replace(good, jpeg)                                  # now whole: its entry is made and stored
    whole = memo_in(sample_copy)
    load_year(sample_copy, "2021", whole)
    whole.save(whole.stored)
    jpeg.write_bytes(jpeg.read_bytes()[:-3000])             # cut short again: its stamp changed
    with pytest.raises(DataError) as caught:
        load_year(sample_copy, "2021", memo_in(sample_copy))
    assert "不完整" in caught.value.problems[0].message
