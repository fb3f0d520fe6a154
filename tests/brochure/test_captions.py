"""Photo captions never end on a stray or 孤字 line: real profiles built with captions of many
lengths (among them the synthetic year's "…主题党日活动（1）", which used to break before its
"（1）"), read back from the PDF as a reader sees them (tests/brochure/typography.py)."""
from __future__ import annotations

import os

import pytest

from generators.brochure.jobs import build_profile
from generators.brochure.linebreak import ENCLOSED_NUMBER, MAX_SHRINK_EM, Typography, break_lines, place, tighten, units
from partydocs.model.load import load_year

from .typography import Line, _spacing, is_ideograph, lines_of

CAPTION_SIZE = 8.5
ACTIVITY = "党支部组织党员到革命传统教育基地开展“不忘初心、牢记使命”主题教育暨主题党日活动，并慰问困难党员和老党员"
CAPTIONS = [
    "东莞市建筑装饰服务中心（第10号）党支部开展主题党日活动（1）",   # 2.8 em over one line: pulled in
    "深圳市建筑装饰商会（第1号）党支部开展主题党日活动（2）",          # 1.8 em over
    "东莞市物流促进会（第31号）党支部开展主题党日活动（1）",            # fits as it is
    "党支部开展活动（3）",
    "2021年7月21日，东莞市江西商会党支部开启“江西红色文化学习传承之旅”",
    *[f"东莞市江西商会{ACTIVITY[:length]}（{length % 9 + 1}）" for length in range(14, len(ACTIVITY) + 1, 3)],
    *[f"东莞市江西商会{ACTIVITY[:length]}" for length in range(16, len(ACTIVITY) + 1, 5)],
]


def _profiles_with(captions: list[str], project, cache) -> list[bytes]:
    """One profile of the sample's jiangxi-chamber per two captions, as a real build makes it."""
    year = load_year(project, "2021")
    base = year.point("jiangxi-chamber")
    pdfs = []
    for first in range(0, len(captions), 2):
        pair = captions[first:first + 2]
        highlights = [h.model_copy(update={"caption": caption}) for h, caption in zip(base.highlights, pair)]
        pdfs.append(build_profile(year, base.model_copy(update={"highlights": highlights}), project.templates_dir, cache))
    return pdfs


def caption_lines(pdf: bytes, caption: str) -> list[Line] | None:
    """The lines a caption is set in, top to bottom, as a reader finds them: its text begins
    somewhere in a row of 8.5 pt text (two captions side by side may read as one row) and
    goes on one leading lower, starting where its first line starts."""
    rows = [line for line in lines_of(pdf) if abs(line.size - CAPTION_SIZE) < 0.01]
    for row in rows:
        for begin in range(len(row.chars)):
            found = _follow(rows, row, begin, caption)
            if found:
                return found
    return None


def _follow(rows: list[Line], row: Line, begin: int, caption: str) -> list[Line] | None:
    found, rest = [], caption
    while row is not None:
        taken = len(os.path.commonprefix([row.text[begin:], rest]))
        if not taken:
            return None
        found.append(Line(row.page, row.size, row.baseline, row.chars[begin:begin + taken]))
        rest = rest[taken:]
        if not rest:
            return found
        row, begin = _row_below(rows, found[-1])
    return None


def _row_below(rows: list[Line], line: Line) -> tuple[Line | None, int]:
    """The row one leading below `line` and the character in it under `line`'s first."""
    for row in rows:
        if row.page == line.page and 1.1 * line.size < line.baseline - row.baseline < 2 * line.size:
            for index, char in enumerate(row.chars):
                if abs(char["x0"] - line.x0) < 0.6 * line.size:
                    return row, index
    return None, 0


@pytest.fixture(scope="module")
def captioned(project, font_cache) -> list[bytes]:
    return _profiles_with(CAPTIONS, project, font_cache)


def test_no_caption_ends_on_a_stray_or_lone_line(captioned):
    pdfs = [pdf for pdf in captioned for _ in range(2)]
    two_line = 0
    for caption, pdf in zip(CAPTIONS, pdfs):
        lines = caption_lines(pdf, caption)
        assert lines is not None, f"caption not read back whole: {caption}"
        if len(lines) == 1:
            continue
        two_line += 1
        last = lines[-1].text
        words = ENCLOSED_NUMBER.sub("", last)
        assert len(last) >= 2 and len(words) >= 2, (caption, [line.text for line in lines])
        assert sum(map(is_ideograph, last)) > 2, (caption, [line.text for line in lines])
    assert two_line >= 10          # the sweep does reach captions of two lines and more


def test_a_caption_pulled_onto_one_line_stays_in_its_column_and_bound(captioned):
    """The synthetic year's caption, 2.8 em too long for its column: one line, no wider than
    the other captions' justified lines, its characters closer by at most MAX_SHRINK_EM."""
    line, = caption_lines(captioned[0], CAPTIONS[0])
    column = max(other.x1 - other.x0 for other in lines_of(captioned[0])
                 if abs(other.size - CAPTION_SIZE) < 0.01 and other.page == line.page and other is not line)
    assert line.x1 - line.x0 <= column + 0.5
    assert _spacing(line) / CAPTION_SIZE >= -MAX_SHRINK_EM - 0.005


# -- the breaker on its own: a trailing number in brackets, and tight lines -----------------

EM = Typography(advance=lambda char: 1.0 if ord(char) > 0x2000 else 0.55,
                blank=lambda char: {"（": (0.5, 0.0), "）": (0.0, 0.5)}.get(char, (0.0, 0.0)), latin_gap=0.25)


@pytest.mark.parametrize("width", [x / 2 for x in range(24, 60)])     # 12 to 30 em: a caption column
def test_no_width_leaves_a_bracketed_number_alone(width):
    text = "深圳市建筑装饰商会（第1号）党支部开展主题党日活动（1）"
    lines = break_lines(text, EM, lambda i: width)
    assert "".join(lines) == text
    assert len(lines) == 1 or len(ENCLOSED_NUMBER.sub("", lines[-1])) >= 2, (width, lines)


def test_an_overfull_caption_is_pulled_in_marks_first():
    text = "深圳市建筑装饰商会（第1号）党支部开展主题党日活动（1）"
    natural = place(text, EM)[1]
    assert break_lines(text, EM, lambda i: natural - 1.0) == [text]                # the marks' blanks alone
    squeeze, spacing = tighten(text, EM, natural - 1.0)
    assert 0 < squeeze < 1 and spacing == 0
    assert place(text, EM, squeeze)[1] == pytest.approx(natural - 1.0)
    squeeze, spacing = tighten(text, EM, natural - 2.0)                            # then the gaps close
    assert squeeze == 1 and -MAX_SHRINK_EM <= spacing < 0


@pytest.mark.parametrize("width", range(8, 40))
def test_a_tight_line_closes_up_within_the_bound(width):
    text = "东莞市建筑装饰服务中心（第10号）党支部组织党员开展“不忘初心、牢记使命”主题党日活动（2）"
    lines = break_lines(text, EM, lambda i: width)
    assert "".join(lines) == text
    for line in lines:
        if place(line, EM)[1] > width + 0.01:
            assert tighten(line, EM, width)[1] >= -MAX_SHRINK_EM - 1e-9, (width, line)


def test_a_closing_number_goes_with_the_word_an_item_number_with_its_item():
    assert units("开展主题党日活动（1）")[-1] == "动（1）"
    assert units("详见附件（2）。另")[-2] == "件（2）。"
    assert "（1）" in units("做法：（1）建立制度")
