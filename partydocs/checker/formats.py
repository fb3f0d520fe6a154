"""Which format of GB/T 9704 a notice is laid out in — the general one (通用) or a special one
of clause 10 (信函, 命令, 纪要) — read from page 1 as a reader sees it; the document's keywords
(this project writes the format there) only settle a page that shows two formats."""
from __future__ import annotations

import re

from .measure import Page, horizontal_rules, is_red

GENERAL, LETTER, ORDER, MINUTES = "通用", "信函", "命令", "纪要"
FORMATS = (GENERAL, LETTER, ORDER, MINUTES)
ORDER_NUMBER = re.compile(r"^第[1-9]\d*号$")
ISSUE_NUMBER = re.compile(r"^第[1-9]\d*期$")
CLAUSE = {LETTER: "10.1", ORDER: "10.2", MINUTES: "10.3"}


def detect(pages: list[Page], keywords: str = "") -> str:
    shown = shown_formats(pages[0])
    if not shown:
        return GENERAL
    return keywords if keywords in shown else shown[0]


def shown_formats(page: Page) -> list[str]:
    """The special formats page 1 shows: red double rules near its top or bottom (信函), a red
    mark ending in 令 over a 令号 “第×号” (命令), a red mark ending in 纪要 (纪要)."""
    mark = "".join(line.compact for line in page.lines if line.red and line.size > 20 and line.top < 120)
    shown = []
    if red_double_rules(page):
        shown.append(LETTER)
    if mark.endswith("令") and any(ORDER_NUMBER.match(line.compact) for line in page.lines):
        shown.append(ORDER)
    if mark.endswith("纪要"):
        shown.append(MINUTES)
    return shown


def red_rules(page: Page) -> list[dict]:
    return [rule for rule in horizontal_rules(page, 100) if is_red(rule["colour"])]


def red_double_rules(page: Page) -> list[list[dict]]:
    """Pairs of red rules of one length drawn less than 3 mm apart, top to bottom."""
    rules = red_rules(page)
    return [[a, b] for a, b in zip(rules, rules[1:])
            if b["y"] - a["y"] < 3 and abs(a["x0"] - b["x0"]) < 1 and abs(a["x1"] - b["x1"]) < 1]
