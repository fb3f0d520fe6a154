"""Invisible characters: the list of format characters is Unicode's, and ordinary Chinese
text, punctuation, tabs and line breaks pass."""
from __future__ import annotations

import sys
import unicodedata

import pytest

from partydocs.model.invisible import UNSEEN, unseen_trouble


def test_every_format_and_separator_character_of_this_unicode_is_refused():
    missing = [f"U+{code:04X}" for code in range(sys.maxunicode + 1)
               if unicodedata.category(chr(code)) in ("Cf", "Zl", "Zp") and not UNSEEN.match(chr(code))]
    assert missing == []


@pytest.mark.parametrize("text", ["中共东莞市江西商会支部委员会", "“两新”党组织——（一）、《通知》：1.5万元", "第一段\n第二段\t注", "A&B <C>", "😀"])
def test_ordinary_text_passes(text):
    assert unseen_trouble(text) is None


@pytest.mark.parametrize("char, says", [("\u202e", "从右到左强制"), ("\u2066", "从左到右隔离"), ("\u200b", "零宽空格"),
                                        ("\x0b", "控制字符 U+000B"), ("\x93", "控制字符 U+0093"), ("\U000e0041", "U+E0041")])
def test_each_kind_is_named_with_its_place(char, says):
    trouble = unseen_trouble("东莞" + char + "市")
    assert says in trouble and "第 3 个字符" in trouble
