"""Chinese line breaking: closing marks never start a line, opening marks never end one."""
from __future__ import annotations

import random

import pytest

from generators.brochure.linebreak import CLOSING, OPENING, break_lines, units

TEXT = ("东莞市江西商会成立于2012年11月，拥有会员企业1200多家，是东莞市“5A社会组织”“广东省四好商会”。"
        "党支部（含流动党员）打造“1+3+5+N”党建工作模式——“整资源•搭平台”……《行动计划（2021—2023年）》！")


def test_units_glue_punctuation_to_its_neighbour():
    assert units("市“5A社会”，好") == ["市", "“5A", "社", "会”，", "好"]
    assert units("《东莞（2021年）》。") == ["《东", "莞", "（2021年）》。"]


def test_latin_runs_and_dashes_stay_whole():
    assert "1+3+5+N" in units("打造1+3+5+N模式")
    assert "——" in "".join(u for u in units("思路——创新") if "—" in u)
    assert any(u.endswith("……") for u in units("等等……好"))


@pytest.mark.parametrize("width", range(3, 30))
def test_every_width_keeps_the_rules(width):
    lines = break_lines(TEXT, len, lambda i: width)
    assert "".join(lines) == TEXT
    for line in lines:
        assert line[0] not in CLOSING and line[-1] not in OPENING, (width, line)


def test_random_text_keeps_the_rules():
    rng = random.Random(4)
    alphabet = "党建引领服务社会组织示范点" + "，。、；：？！）》」』”’…（《「『“‘" + "ab12 "
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 80))).strip() or "党"
        for width in (4, 7, 13):
            lines = [line for line in break_lines(text, len, lambda i: width) if line]
            for line in lines[1:]:
                assert line[0] not in CLOSING, (text, lines)
            for line in lines[:-1]:
                assert line[-1] not in OPENING, (text, lines)


def test_lines_fit_and_first_line_indent_respected():
    lines = break_lines("一" * 50, len, lambda i: 8 if i == 0 else 10)
    assert [len(line) for line in lines] == [8, 10, 10, 10, 10, 2] or all(len(line) <= 10 for line in lines)
    assert len(lines[0]) <= 8


def test_no_one_character_last_line():
    lines = break_lines("一二三四五六七八九十" * 2 + "构。", len, lambda i: 10)
    assert len(lines[-1]) > 2


def test_over_long_word_is_split_but_rules_hold():
    lines = break_lines("网址https://example.org/very/long/path/name，完", len, lambda i: 10)
    assert all(len(line) <= 11 for line in lines)
    assert all(line[0] not in CLOSING for line in lines)


def _typography():
    from generators.brochure.linebreak import Typography

    return Typography(advance=lambda char: 1.0 if ord(char) > 0x2000 else 0.55, latin_gap=0.25)


def _worst_stretch(lines: list[str], widths) -> float:
    """The largest extra space per gap (em) justification gives a line that is not the last."""
    from generators.brochure.linebreak import place, stretches

    worst = 0.0
    for number, line in enumerate(lines[:-1]):
        gaps = sum(stretches(a, b) for a, b in zip(line, line[1:]))
        worst = max(worst, (widths(number) - place(line, _typography())[1]) / max(gaps, 1))
    return worst


DENSE = ("服务东莞市东莞市服务党建。党建“5A社会组织”东莞市1+3+5+N“5A社会组织”党建“党建+公益”“党建+公益”党建会员"
         "“5A社会组织”党建“5A社会组织”东莞市党建、、会员会员引领“5A社会组织”东莞市会员服务1+3+5+N社会组织引领1+3+5+N、"
         "引领社会组织党建，“党建+公益”2021年11月2021年11月，东莞市，、2021年11月东莞市会员1200多家2021年11月党建。")


def test_long_units_do_not_letter_space_a_line_beyond_the_bound():
    """Filled line by line, one line of this paragraph takes 0.12 em between its characters
    (a number with its unit did not fit); chosen over the whole paragraph, none exceeds the bound."""
    from generators.brochure.linebreak import MAX_STRETCH_EM

    lines = break_lines(DENSE, _typography(), lambda i: 37.0)
    assert "".join(lines) == DENSE
    assert _worst_stretch(lines, lambda i: 37.0) <= MAX_STRETCH_EM


def test_a_two_ideograph_last_line_is_avoided_within_the_bound():
    """Filled line by line, this paragraph (the sample's) ends on "示点”。"; chosen over the
    whole paragraph, its last line has three ideographs and no line exceeds the bound."""
    from generators.brochure.linebreak import MAX_STRETCH_EM, is_ideograph

    text = ("东莞市江西商会成立于2012年11月，拥有会员企业1200多家，涵盖建筑建材、智能制造等多个行业，是东莞市"
            "“5A社会组织”“广东省四好商会”“东莞市最美社会组织”“东莞市社会组织品牌展示点”。")
    widths = lambda i: 43.5 if i == 0 else 45.5       # noqa: E731 - two characters' indent
    lines = break_lines(text, _typography(), widths)
    assert lines[-1] == "展示点”。" and sum(map(is_ideograph, lines[-1])) == 3
    assert _worst_stretch(lines, widths) <= MAX_STRETCH_EM
