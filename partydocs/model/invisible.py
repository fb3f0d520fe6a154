"""Characters a reader cannot see but software obeys, refused wherever data text enters the
model (every text field of the data files, every sheet cell), so none reaches the HTML, the
text, the DOCX or the PDF:

- control characters, pasted from other programs (python-docx refuses them while writing,
  and a page shows nothing for them);
- bidirectional controls (U+202E and friends): they reorder what follows, so the release would
  show a reader text other than the one the office checked;
- other invisible format characters (zero-width spaces and joiners, word joiners, soft
  hyphens, byte-order marks, tags, line and paragraph separators): two names that look the
  same then differ, and a search for them fails.

Refused rather than removed: the clerk sees where the text came from and fixes it there once.
"""
from __future__ import annotations

import re

# Unicode's format characters (category Cf) and line/paragraph separators (Zl, Zp), as of
# Unicode 15; tests/model/test_invisible.py checks this list against the running unicodedata.
FORMAT = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u2028-\u202e"
          "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
          "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff"     # tab, line feed and return are text
UNSEEN = re.compile(f"[{CONTROL}{FORMAT}]")
BIDI = {
    0x061C: "阿拉伯文字母标记", 0x200E: "从左到右标记", 0x200F: "从右到左标记",
    0x202A: "从左到右嵌入", 0x202B: "从右到左嵌入", 0x202C: "方向格式结束", 0x202D: "从左到右强制",
    0x202E: "从右到左强制", 0x2066: "从左到右隔离", 0x2067: "从右到左隔离", 0x2068: "首字方向隔离",
    0x2069: "方向隔离结束",
}
NAMED = {0x200B: "零宽空格", 0x200C: "零宽不连字", 0x200D: "零宽连字", 0x2060: "词连接符", 0xFEFF: "零宽不换行空格（BOM）",
         0x00AD: "软连字符", 0x2028: "行分隔符", 0x2029: "段分隔符"}


def unseen_trouble(text: str) -> str | None:
    """Why `text` cannot be printed as the office sees it, naming the first unseen character
    and where it is (the n-th character), or None."""
    found = UNSEEN.search(text)
    if found is None:
        return None
    code, position = ord(found.group()), found.start() + 1
    if re.match(f"[{CONTROL}]", found.group()):
        return f"含有不可见的控制字符 U+{code:04X}（第 {position} 个字符），常见于从其他软件粘贴；请删除后重新输入"
    if code in BIDI:
        return (f"含有看不见的文字方向控制符 U+{code:04X}（{BIDI[code]}，第 {position} 个字符），"
                "它会让读者看到的文字顺序与原文不同；请删除这个字符（可删去这段文字后重新输入）")
    what = f"（{NAMED[code]}）" if code in NAMED else ""
    return (f"含有看不见的格式字符 U+{code:04X}{what}（第 {position} 个字符），常见于从网页或其他软件粘贴；"
            "请删除这个字符（可删去这段文字后重新输入）")
