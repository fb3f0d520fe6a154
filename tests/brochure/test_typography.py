"""Punctuation compression and the breaking rules past kinsoku, in the composer and as read
back from the sample's brochures (positions, by tests/brochure/typography.py)."""
from __future__ import annotations

import pytest

from generators.brochure.linebreak import Typography, break_lines, place, units

from .typography import VIOLATIONS, counts, violations

# Marks as a mainland font draws them: the ink of ，。”） in the left half, of “（ in the right.
BLANKS = {**{c: (0.0, 0.5) for c in "，。、；：”’）》"}, **{c: (0.5, 0.0) for c in "“‘（《"}}
EM = Typography(advance=lambda char: 1.0 if ord(char) > 0x2000 else 0.5, blank=lambda char: BLANKS.get(char, (0.0, 0.0)),
                latin_gap=0.25)


def width(line: str) -> float:
    return place(line, EM)[1]


def test_adjacent_marks_lose_the_blank_between_them():
    assert width("集体”，是") == 4.5           # ” gives up its right half; ， keeps its em inside the line
    assert width("组织”“广东") == 5.5          # between ” and “ one blank goes, half an em stays
    assert width("（“十四五”）") == 6 - 1     # “ after （, ） after ”


def test_line_ends_and_starts_are_flush():
    starts, line_width = place("“善行”敬老探访。", EM)
    assert starts[0] == -0.5                 # the opening quote's blank hangs before the column
    assert line_width == 9 - 0.5 - 0.5       # and the full stop's after it


def test_quarter_em_between_cjk_and_latin():
    assert width("成立于2009年") == 3 + 2 + 1 + 2 * 0.25
    assert width("5A社会") == 1 + 2 + 0.25


def test_compression_lets_a_line_take_one_more_character():
    text = "一二三四五六七八九，十一二三四五六七八九十"
    assert break_lines(text, EM, lambda i: 9.6)[0] == "一二三四五六七八九，"    # the comma at half width
    assert break_lines(text, Typography(advance=EM.advance), lambda i: 9.6)[0] == "一二三四五六七八"


@pytest.mark.parametrize("text, whole", [
    ("制作了1000多本手册", "1000多本"), ("现有2021年度", "2021年"), ("制定22个指标", "22个"),
    ("共1,200家会员", "1,200家"), ("增长3.5%以上", "3.5%"), ("价值550万元的", "550万元"),
])
def test_a_number_keeps_its_unit_and_digit_groups(text, whole):
    assert whole in units(text)


def test_no_line_starts_with_a_connector():
    for size in range(4, 20):
        for line in break_lines("组建“党员社工+党员义工”先锋服务队伍，党建+服务", EM, lambda i: size)[1:]:
            assert line[0] not in "+/", (size, line)


def test_sample_collection_reads_back_clean(collection):
    found = violations(collection)
    assert all(not found[kind] for kind in VIOLATIONS), {k: v[:3] for k, v in found.items() if v}


def test_every_profile_reads_back_clean(profiles):
    for point, pdf in profiles.items():
        assert sum(counts(pdf).values()) == 0, (point, {k: v[:3] for k, v in violations(pdf).items() if v})


def test_the_reader_sees_uncompressed_marks_where_there_are_some(sample_copy, font_cache, monkeypatch):
    """The read-back is no formality: with compression and the quarter em switched off in the
    composer, it finds the violations."""
    from generators.brochure import paragraph
    from generators.brochure.jobs import build_profile
    from partydocs.model.load import load_year

    year = load_year(sample_copy, "2021")
    original = paragraph.Para._typography

    def plain(self):
        typography = original(self)
        return Typography(advance=typography.advance)

    monkeypatch.setattr(paragraph.Para, "_typography", plain)
    pdf = build_profile(year, year.point("jiangxi-chamber"), sample_copy.templates_dir, font_cache)
    found = counts(pdf)
    assert found[VIOLATIONS[1]] > 0 and found[VIOLATIONS[5]] > 0
