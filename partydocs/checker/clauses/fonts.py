"""5.2.2 fonts by role: the font the DOCX names for each element's Chinese characters (its
East Asian font, w:eastAsia), and the font LibreOffice printed them in."""
from __future__ import annotations

from collections import defaultdict

from ..measure import Line
from ..model import Finding, finding, not_applicable
from . import Context, at
from .body import HEADINGS, paragraph_starts

FAMILIES = {
    "小标宋": ("小标宋", "XiaoBiaoSong"),
    "仿宋": ("仿宋", "FangSong", "Fangsong"),
    "黑体": ("黑体", "SimHei", "Heiti", "FZHei"),
    "楷体": ("楷体", "KaiTi", "Kaiti"),
    "宋体": ("宋体", "SimSun", "Songti"),
}
ROLE_FAMILY = {"发文机关标志": "小标宋", "发文字号": "仿宋", "标题": "小标宋", "主送机关": "仿宋", "正文": "仿宋",
               "一级标题": "黑体", "二级标题": "楷体", "署名、日期、附件说明和附注": "仿宋", "附件标识": "黑体",
               "出席、请假、列席": "黑体", "出席、请假、列席的单位和姓名": "仿宋", "版记": "仿宋", "页码": "宋体"}


def fonts(ctx: Context) -> list[Finding]:
    roles = _role_lines(ctx)
    named = _named_fonts(ctx, roles) if ctx.source else {}
    findings = []
    for role, family in ROLE_FAMILY.items():
        if role == "页码":
            findings.append(_page_number_font(ctx))
        elif roles.get(role):
            findings.append(_role_font(ctx, role, family, roles[role], named.get(role, {})))
    return findings


def _named_fonts(ctx: Context, roles: dict) -> dict[str, dict[str, tuple[int, Line]]]:
    """role → {East Asian font the DOCX names → where first}, found by looking each line's
    text up in the DOCX in reading order."""
    entries = sorted(((page, line.top, line.x0, role, line, text) for role, lines in roles.items()
                      for page, line, text in lines), key=lambda e: e[:3])
    named: dict[str, dict] = defaultdict(dict)
    cursor = 0
    for page, _, _, role, line, text in entries:
        chars, cursor = ctx.source.fonts_of(text, cursor)
        for char, font in zip(text, chars):
            if ord(char) > 0x2E80:
                named[role].setdefault(font.east_asia or "（未指定）", (page, line))
    return named


def _role_lines(ctx: Context) -> dict[str, list[tuple[int, Line, str]]]:
    """role → (page, line, the part of the line's text that plays the role), in page order."""
    layout = ctx.layout
    roles: dict[str, list] = defaultdict(list)
    for role, lines in (("发文机关标志", layout.mark), ("发文字号", [layout.number] if layout.number else []),
                        ("标题", layout.title), ("主送机关", layout.addressee)):
        roles[role] += [(1, line, line.compact) for line in lines]
    heading_levels = _heading_levels(ctx)
    for placed in layout.body:
        level = heading_levels.get(id(placed))
        text = placed.line.compact
        if level in (1, 2):
            head, stop, rest = text.partition("。")
            roles["一级标题" if level == 1 else "二级标题"].append((placed.page, placed.line, head + stop))
            if rest:
                roles["正文"].append((placed.page, placed.line, rest))
        else:
            roles["正文"].append((placed.page, placed.line, text))
    closing = layout.note + layout.signature + ([layout.date] if layout.date else []) + layout.remark
    roles["署名、日期、附件说明和附注"] = [(p.page, p.line, p.line.compact) for p in closing]
    for placed in layout.attendance:
        text = placed.line.compact
        label, colon, names = text.partition("：") if text[:2] in ("出席", "请假", "列席") else ("", "", text)
        if label:
            roles["出席、请假、列席"].append((placed.page, placed.line, label + colon))
        if names:
            roles["出席、请假、列席的单位和姓名"].append((placed.page, placed.line, names))
    roles["附件标识"] = [(a.page, a.label, a.label.compact) for a in layout.attachments]
    if layout.colophon:
        roles["版记"] = [(layout.colophon.page, line, line.compact) for line in layout.colophon.lines]
    return roles


def _heading_levels(ctx: Context) -> dict[int, int]:
    return {id(placed): level for placed in paragraph_starts(ctx)
            for level, pattern, _ in HEADINGS if pattern.match(placed.line.compact)}


def _role_font(ctx: Context, role: str, family: str, lines: list[tuple[int, Line, str]],
               named: dict[str, tuple[int, Line]]) -> Finding:
    expected = f"{family}（DOCX 中文字体 w:eastAsia 为“{family}”类字体，如 {'、'.join(_examples(family))}）"
    rendered = sorted({name for _, line, _ in lines for name in line.fonts})
    if ctx.source is None:
        return not_applicable("5.2.2", f"字体：{role}", f"PDF 文件只显示印出的字体：{'、'.join(rendered)}", expected)
    wrong = {name: spot for name, spot in named.items() if not _is(name, family)}
    problems = [f"DOCX 指定的中文字体是“{'、'.join(wrong)}”"] if wrong else []
    measured = f"DOCX 指定：{'、'.join(named) or '（未找到对应文字）'}；实际印出：{'、'.join(rendered)}"
    page, line = next(iter(wrong.values())) if wrong else (lines[0][0], lines[0][1])
    return finding("5.2.2", f"字体：{role}", problems, measured, expected, page, at(line))


def _page_number_font(ctx: Context) -> Finding:
    expected = "4 号半角宋体阿拉伯数字（DOCX 中页码数字的西文字体 w:ascii 为宋体或 SimSun）"
    footers = [line for lines in ctx.layout.footers.values() for line in lines]
    if not footers:
        return not_applicable("5.2.2", "字体：页码", "没有页码", expected)
    rendered = sorted({c["fontname"].split("+")[-1] for line in footers for c in line.chars if c["text"].isdigit()})
    if ctx.source is None:
        return not_applicable("5.2.2", "字体：页码", f"PDF 文件只显示印出的字体：{'、'.join(rendered)}", expected)
    named = sorted({font.latin or "（未指定）" for char, font in zip(ctx.source.footer_text, ctx.source.footer_fonts)
                    if char.isdigit()})
    wrong = [name for name in named if not _is(name, "宋体")]
    problems = [f"DOCX 中页码数字的字体是“{'、'.join(wrong)}”"] if wrong else []
    if not named:
        problems = ["DOCX 的页脚里没有页码数字"]
    measured = f"DOCX 指定：{'、'.join(named) or '无'}；实际印出：{'、'.join(rendered)}"
    return finding("5.2.2", "字体：页码", problems, measured, expected, 1)


def _is(name: str, family: str) -> bool:
    if family == "宋体" and any(_is(name, other) for other in ("小标宋", "仿宋")):
        return False
    return any(alias.lower() in name.lower() for alias in FAMILIES[family])


def _examples(family: str) -> list[str]:
    return {"小标宋": ["方正小标宋简体"], "仿宋": ["仿宋_GB2312", "仿宋"], "黑体": ["黑体"],
            "楷体": ["楷体_GB2312", "楷体"], "宋体": ["宋体"]}[family]
