"""Break a title into centred lines at word boundaries, shaped as a trapezoid or a diamond.

GB/T 9704 asks for whole words on each line and lines that form a trapezoid (each line at
least as long as the one above) or a diamond (longest in the middle), never an inverted
trapezoid. Boundaries come from the vocabulary of such titles, the names the data knows
(issuers, organisations, party organisations: never split) and jieba's segmentation (a
break inside a word is the last resort).
"""
from __future__ import annotations

import itertools
import logging
import math
import re
from functools import lru_cache

from .metrics import text_ems

# A line may end after these; the first group are strong breaks, the rest word boundaries.
STRONG_AFTER = ("关于将", "关于对", "关于印发", "关于转发", "关于同意", "关于公布", "关于表彰", "关于命名", "关于",
                "党总支", "党支部", "党委", "党组织", "委员会", "》", "、", "，")
WEAK_AFTER = ("确认为", "命名为", "认定为", "评为", "全省", "全市", "全区", "社会组织", "党建工作", "示范点",
              "创建单位", "示范单位", "单位", "中心", "协会", "商会", "联合会", "促进会", "研究会", "基金会",
              "服务", "工作", "名单", "年度", "市", "省", "区", "县")
STRONG_BEFORE = ("确认为", "命名为", "认定为", "等")
KEEP_WHOLE = ("服务中心", "社会工作", "社会组织", "党建工作", "示范点", "创建单位", "党组织", "委员会", "的通知",
              "的决定", "的意见", "的批复", "的函")
COUNT = re.compile(r"等\s*[\d一二三四五六七八九十百]+\s*(?:家|个|名|所)(?:党组织|单位|社会组织)?")
NO_LINE_START = set("，。、；：？！）》」』”’％%·…—")
NO_LINE_END = set("（《「『“‘")
MAX_COMBINATIONS = 20_000
MIN_LINE_CHARS = 3           # a title line holds at least three characters besides punctuation
WEAK_PENALTY, ANY_PENALTY, INSIDE_WORD_PENALTY = 4.0, 60.0, 400.0


@lru_cache(maxsize=64)
def word_boundaries(text: str) -> frozenset[int]:
    """Indices between two words, by jieba's segmentation."""
    ends, position = set(), 0
    for word in _tokenizer_for(text).cut(text, HMM=False):
        position += len(word)
        ends.add(position)
    return frozenset(ends)


def _tokenizer_for(text: str):
    """A jieba tokenizer that knows only the dictionary words found in `text`, and their
    prefixes: it segments `text` exactly as one with the whole dictionary would. That one
    loads half a million entries (0.5 s, from a cache jieba keeps in the system's temporary
    folder); this reads jieba's dictionary file once per process (0.14 s) and writes nothing."""
    jieba = _jieba()
    frequencies, total, longest = _dictionary()
    inside = {text[start:end] for start in range(len(text))
              for end in range(start + 1, min(len(text), start + longest) + 1)} & frequencies.keys()
    known = {word[:end]: 0 for word in inside for end in range(1, len(word))}
    known.update((word, frequencies[word]) for word in inside)
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = known, total, True
    return tokenizer


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, int], int, int]:
    """jieba's dictionary (word frequency tag, a line each): frequencies, their sum, the longest word."""
    with _jieba().dt.get_dict_file() as file:
        fields = file.read().decode("utf-8").split()
    words, counts = fields[0::3], list(map(int, fields[1::3]))
    return dict(zip(words, counts)), sum(counts), max(map(len, words))


def _jieba():
    """jieba, imported without pkg_resources: jieba reads its dictionary through it when it is
    importable, and importing it costs some 0.8 s; without it jieba opens the file itself."""
    import sys

    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None          # import pkg_resources now raises ImportError
    try:
        import jieba
    finally:
        if blocked:
            del sys.modules["pkg_resources"]

    jieba.setLogLevel(logging.WARNING)
    return jieba


def break_title(title: str, capacity: float, names: list[str] = ()) -> list[str]:
    """The title's lines; `capacity` is how many full-width characters fit one line; no
    line break falls inside one of `names`."""
    if text_ems(title) <= capacity:
        return [title]
    penalties = _break_penalties(title, tuple(names))
    minimum = math.ceil(text_ems(title) / capacity)
    for count in range(minimum, minimum + 3):
        best = _best_layout(title, penalties, count, capacity)
        if best is not None:
            return best
    return _greedy(title, penalties, capacity)


def _break_penalties(title: str, names: tuple[str, ...]) -> dict[int, float]:
    """Cost of ending a line before index i, for every i where a break is allowed."""
    penalties: dict[int, float] = {}
    boundaries = word_boundaries(title)
    for i in range(1, len(title)):
        if title[i] in NO_LINE_START or title[i - 1] in NO_LINE_END or _inside_number(title, i):
            continue
        cost = _boundary_cost(title, i)
        penalties[i] = cost if cost < ANY_PENALTY or i in boundaries else INSIDE_WORD_PENALTY
    for word in KEEP_WHOLE + tuple(n for n in names if len(n) > 1):
        for match in re.finditer(re.escape(word), title):
            for i in range(match.start() + 1, match.end()):
                penalties.pop(i, None)
    for match in COUNT.finditer(title):
        penalties[match.end()] = min(penalties.get(match.end(), ANY_PENALTY), 0.0)
        for i in range(match.start() + 1, match.end()):
            penalties.pop(i, None)
    return penalties


def _boundary_cost(title: str, i: int) -> float:
    head, tail = title[:i], title[i:]
    if any(head.endswith(w) for w in STRONG_AFTER) or any(tail.startswith(w) for w in STRONG_BEFORE):
        return 0.0
    if any(head.endswith(w) for w in WEAK_AFTER):
        return WEAK_PENALTY
    return ANY_PENALTY


def _inside_number(title: str, i: int) -> bool:
    return title[i - 1].isascii() and title[i].isascii() and title[i - 1].isalnum() and title[i].isalnum()


def _best_layout(title: str, penalties: dict[int, float], count: int, capacity: float) -> list[str] | None:
    cuts = sorted(penalties)
    if math.comb(len(cuts), count - 1) > MAX_COMBINATIONS:
        return None
    best, best_cost = None, math.inf
    for chosen in itertools.combinations(cuts, count - 1):
        lines = _split(title, chosen)
        widths = [text_ems(line) for line in lines]
        if max(widths) > capacity or not _good_shape(widths) or min(map(_meaningful, lines)) < MIN_LINE_CHARS:
            continue
        cost = sum(penalties[c] for c in chosen) + _shape_cost(widths)
        if cost < best_cost:
            best, best_cost = lines, cost
    return best


def _split(title: str, cuts: tuple[int, ...]) -> list[str]:
    bounds = (0, *cuts, len(title))
    return [title[a:b] for a, b in zip(bounds, bounds[1:])]


def _good_shape(widths: list[float]) -> bool:
    """A trapezoid (never narrowing downwards) or a diamond (widest inside, ends alike)."""
    if all(b >= a - 0.5 for a, b in zip(widths, widths[1:])):
        return True
    peak = widths.index(max(widths))
    rising = all(b >= a - 0.5 for a, b in zip(widths[:peak + 1], widths[1:peak + 1]))
    falling = all(b <= a + 0.5 for a, b in zip(widths[peak:], widths[peak + 1:]))
    return 0 < peak < len(widths) - 1 and rising and falling and abs(widths[0] - widths[-1]) <= 3


def _shape_cost(widths: list[float]) -> float:
    """Prefer balanced lines: small steps between neighbours, no stub line."""
    steps = sum((b - a) ** 2 for a, b in zip(widths, widths[1:]))
    return steps / 4 + (max(widths) - min(widths))


def _greedy(title: str, penalties: dict[int, float], capacity: float) -> list[str]:
    """Fallback for very long titles: fill lines, breaking at the cheapest place that fits; a
    last line of one or two characters takes characters down from the line above."""
    lines, start = [], 0
    while text_ems(title[start:]) > capacity:
        fitting = [i for i in range(start + 1, len(title)) if text_ems(title[start:i]) <= capacity]
        allowed = [i for i in fitting if i in penalties] or fitting
        cut = min(reversed(allowed), key=lambda i: penalties.get(i, ANY_PENALTY * 2) - (i - start) / 10)
        lines.append(title[start:cut])
        start = cut
    lines.append(title[start:])
    while len(lines) > 1 and _meaningful(lines[-1]) < MIN_LINE_CHARS and len(lines[-2]) > MIN_LINE_CHARS:
        lines[-2:] = [lines[-2][:-1], lines[-2][-1] + lines[-1]]
    return lines


def _meaningful(line: str) -> int:
    return sum(1 for c in line if c not in NO_LINE_START and c not in NO_LINE_END)


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of two or more characters, by jieba: a table cell's name
    breaks between words where it can."""
    bounds = sorted({0, *word_boundaries(text)})
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b - a > 1]


def title_lines(notice, capacity: float, source) -> list[str]:
    """The data's manual title lines, checked to fit `capacity` characters (their text was
    checked against the title when the data was read); [] when the break is automatic."""
    from partydocs.reuse.errors import DataError

    problems = []
    for index, line in enumerate(notice.title_lines):
        if text_ems(line) > capacity:
            problems.append(data_problem(source, ("title_lines", index),
                                         f"标题第 {index + 1} 行“{line}”有 {text_ems(line):g} 个字宽，一行最多 {int(capacity)} 个字；"
                                         "请把这一行拆成两行，或删去 title_lines 让程序自动分行"))
    if problems:
        raise DataError(problems)
    return list(notice.title_lines)


def data_problem(source, path: tuple, message: str):
    """A Problem at the line and column of `path` in the document's data file (read again with
    positions: the generator holds only the values)."""
    from partydocs.model.yaml_reader import field_name, read_yaml
    from partydocs.reuse.errors import Problem

    if source is None:
        return Problem("notice.yaml", 0, 0, field_name(path), message)
    parts = source.parts
    label = "/".join(parts[parts.index("data"):]) if "data" in parts else source.name
    line, column = read_yaml(source, label).position(path)
    return Problem(label, line, column, field_name(path), message)
