"""Clause 10, the special formats: 10.1 信函, 10.2 命令（令）, 10.3 纪要. Each replaces some
clauses of the general format; those are reported as not applicable, never as passed."""
from __future__ import annotations

import re

from ..formats import CLAUSE, GENERAL, LETTER, MINUTES, ORDER
from ..layout import ATTENDANCE
from ..measure import ink_rows, mm
from ..model import Finding, finding, not_applicable
from . import Context, at, body, closing, colophon, header, mm_text, off

BODY_PT = 16
LETTER_MARK_FROM_PAPER_TOP, LETTER_RULE_GAP, LETTER_BOTTOM_RULE, LETTER_RULE_LENGTH = 30, 4, 20, 170
ORDER_MARK_BELOW_BLOCK_TOP = 20
ORDER_NUMBER = re.compile(r"^第[1-9]\d*号$")
ISSUE_NUMBER = re.compile(r"^第[1-9]\d*期$")


def applicable(check, ctx: Context) -> list[Finding]:
    """What `check` finds, or, for a general clause the document's format replaces, the same
    clauses marked not applicable."""
    fmt = ctx.layout.format
    if check in SPECIAL:
        return check(ctx) if SPECIAL[check] == fmt else []
    if check not in REPLACED.get(fmt, ()):
        return check(ctx)
    why = f"{fmt}格式不适用本条，按第 {CLAUSE[fmt]} 条检查"
    return [not_applicable(f.clause, f.title, why, f.expected) for f in check(ctx)]


# ---- 10.1 信函格式 ---------------------------------------------------------------------

def letter(ctx: Context) -> list[Finding]:
    return [_letter_mark(ctx), *_letter_rules(ctx), _letter_number(ctx), _letter_title(ctx),
            _letter_colophon(ctx), _letter_page_numbers(ctx)]


def _letter_mark(ctx: Context) -> Finding:
    layout = ctx.layout
    expected = f"发文机关全称或规范化简称（不加“文件”），红色，居中，上边缘距纸张上边缘 {LETTER_MARK_FROM_PAPER_TOP} 毫米"
    if not layout.mark:
        return finding("10.1", "信函：发文机关标志", ["第 1 页未找到发文机关标志"], "", expected, 1)
    text = "".join(line.compact for line in layout.mark)
    problems = _red_and_centred(ctx)
    if text.endswith("文件"):
        problems.append("信函的标志不加“文件”")
    top = header.mark_ink(ctx)[0]
    if off(top, LETTER_MARK_FROM_PAPER_TOP, 1):
        problems.append(f"上边缘距纸张上边缘 {mm_text(top)}")
    return finding("10.1", "信函：发文机关标志", problems, f"“{text}”，上边缘距纸张上边缘 {mm_text(top)}", expected, 1,
                   at(layout.mark[0]))


def _red_and_centred(ctx: Context) -> list[str]:
    layout = ctx.layout
    problems = [] if all(line.red for line in layout.mark) else ["不是红色"]
    centre = (min(l.x0 for l in layout.mark) + max(l.x1 for l in layout.mark)) / 2
    if off(centre, layout.block.centre, 1.5):
        problems.append(f"中心偏离版心中线 {centre - layout.block.centre:+.1f} 毫米")
    return problems


def _letter_rules(ctx: Context) -> list[Finding]:
    layout = ctx.layout
    length = f"长 {LETTER_RULE_LENGTH} 毫米、居中的红色双线"
    mark_bottom = header.mark_ink(ctx)[1] if layout.mark else 0
    upper = [pair for pair in layout.double_rules if pair[0]["y"] < 150]
    lower = [pair for pair in layout.double_rules if pair[0]["y"] >= 150]
    first = _double_rule(ctx, "首条红色双线", upper, True, f"发文机关标志下 {LETTER_RULE_GAP} 毫米处，上粗下细、{length}",
                         lambda pair: (pair[0]["y"] - pair[0]["width"] / 2 - mark_bottom, LETTER_RULE_GAP, "在标志下"))
    last = _double_rule(ctx, "末条红色双线", lower, False, f"距纸张下边缘 {LETTER_BOTTOM_RULE} 毫米处，上细下粗、{length}",
                        lambda pair: (297 - pair[1]["bottom"], LETTER_BOTTOM_RULE, "下缘距纸张下边缘"))
    return [first, last]


def _double_rule(ctx: Context, title: str, pairs: list, thick_first: bool, expected: str, distance) -> Finding:
    if not pairs:
        return finding("10.1", f"信函：{title}", ["第 1 页没有这条红色双线"], "", expected, 1)
    pair = pairs[0] if thick_first else pairs[-1]
    thick, thin = (pair[0], pair[1]) if thick_first else (pair[1], pair[0])
    problems = [] if thick["width"] > 1.5 * thin["width"] else [f"不是{'上粗下细' if thick_first else '上细下粗'}"]
    centre, lengths = ctx.layout.block.centre, [r["x1"] - r["x0"] for r in pair]
    if any(off(value, LETTER_RULE_LENGTH, 1) for value in lengths):
        problems.append(f"长 {'、'.join(f'{v:.1f}' for v in lengths)} 毫米")
    if any(off((r["x0"] + r["x1"]) / 2, centre, 1) for r in pair):
        problems.append("没有居中")
    measured, wanted, said = distance(pair)
    if off(measured, wanted, 1):
        problems.append(f"{said} {mm_text(measured)}")
    return finding("10.1", f"信函：{title}", problems, f"{said} {mm_text(measured)}，粗 {thick['width']:.2f}、细 "
                   f"{thin['width']:.2f} 毫米", expected, 1, f"距页面上边 {pair[0]['y']:.1f} 毫米")


def _letter_number(ctx: Context) -> Finding:
    layout, line = ctx.layout, ctx.layout.number
    below = 7 / 8 * mm(BODY_PT)
    expected = f"发文机关代字〔年份〕序号号；首条红色双线下居右顶格，字的上缘距双线 {below:.1f} 毫米（3号字高的 7/8）"
    if line is None:
        return not_applicable("10.1", "信函：发文字号", "第 1 页未找到发文字号", expected)
    problems = header.number_form(line.compact)
    if off(line.x1, layout.block.right, 1):
        problems.append(f"没有居右顶格（右缘距版心右缘 {mm_text(layout.block.right - line.x1)}）")
    upper = [pair for pair in layout.double_rules if pair[0]["y"] < line.top]
    if upper:
        rule_bottom = upper[-1][1]["bottom"]
        rows = [y for y in ink_rows(ctx.pdf, 1, lambda p: sum(p) < 300, (line.x0, line.x1), dpi=150)
                if rule_bottom < y < line.bottom + 1]
        gap = (rows[0] if rows else line.top) - rule_bottom
        if off(gap, below, 1):
            problems.append(f"字的上缘距首条红色双线 {mm_text(gap)}")
    return finding("10.1", "信函：发文字号", problems, f"“{line.compact}”", expected, 1, at(line))


def _letter_title(ctx: Context) -> Finding:
    layout = ctx.layout
    expected = "标题在发文字号（及份号、密级、紧急程度）下空二行"
    if not layout.title or layout.number is None:
        return not_applicable("10.1", "信函：标题位置", "未找到发文字号或标题", expected)
    above = [line for line in layout.content(layout.pages[0]) if line.bottom < layout.title[0].top]
    gap = layout.title[0].top - above[-1].bottom
    problems = [] if 2 * layout.pitch <= gap <= 3 * layout.pitch else [f"距上面一行 {mm_text(gap)}（应空二行）"]
    return finding("10.1", "信函：标题位置", problems, f"距上面一行 {mm_text(gap)}", expected, 1, at(layout.title[0]))


def _letter_colophon(ctx: Context) -> Finding:
    layout, found = ctx.layout, ctx.layout.colophon
    expected = "信函的版记不加印发机关和印发日期、分隔线，排在最后一页版心底部；抄送用 4 号字，左空一字"
    if found is None:
        return not_applicable("10.1", "信函：版记", "没有版记（抄送机关）", expected)
    problems = []
    if found.page != len(layout.pages):
        problems.append(f"版记在第 {found.page} 页，不在最后一页")
    if off(found.lines[-1].bottom, layout.block.bottom, 1.5 * layout.pitch):
        problems.append("版记没有排在版心底部")
    if found.rules:
        problems.append(f"版记有 {len(found.rules)} 条分隔线（信函不加）")
    if any(line.compact.endswith("印发") for line in found.lines):
        problems.append("信函的版记不加印发机关和印发日期")
    if any(off(line.size, colophon.COLOPHON_PT, 0.3) for line in found.lines):
        problems.append(f"字号 {'、'.join(sorted({f'{l.size:g}' for l in found.lines}))} 磅（应为 14 磅，4 号）")
    copies = [line for line in found.lines if line.compact.startswith(("抄送", "主送"))]
    if any(off(line.x0, layout.block.left + mm(colophon.COLOPHON_PT), 0.7) for line in copies):
        problems.append("抄送没有左空一字")
    return finding("10.1", "信函：版记", problems, f"第 {found.page} 页（共 {len(layout.pages)} 页），{len(found.lines)} 行",
                   expected, found.page, at(found.lines[0]))


def _letter_page_numbers(ctx: Context) -> Finding:
    layout, one = ctx.layout, mm(colophon.PAGE_NUMBER_PT)
    expected = "首页不显示页码；其余各页同 7.5（— 2 —，单页居右空一字、双页居左空一字）"
    problems = ["第 1 页印了页码"] if layout.footers.get(1) else []
    for page in layout.pages[1:]:
        footer = layout.footers.get(page.number, [])
        if footer:
            problems += colophon.page_number_problems(ctx, page.number, footer[0], one)
        elif not colophon.may_go_unnumbered(layout, page.number):
            problems.append(f"第 {page.number} 页没有页码")
    numbered = sum(1 for lines in layout.footers.values() if lines)
    return finding("10.1", "信函：页码", problems[:4], f"{numbered} 页有页码，第 1 页{'有' if layout.footers.get(1) else '无'}",
                   expected)


# ---- 10.2 命令（令）格式 ------------------------------------------------------------------

def order(ctx: Context) -> list[Finding]:
    return [_order_mark(ctx), _order_number(ctx), _order_body_start(ctx), _order_signer(ctx)]


def _order_mark(ctx: Context) -> Finding:
    layout = ctx.layout
    expected = f"发文机关全称加“命令”或“令”，红色，居中，上边缘距版心上边缘 {ORDER_MARK_BELOW_BLOCK_TOP} 毫米"
    if not layout.mark:
        return finding("10.2", "命令：发文机关标志", ["第 1 页未找到令号上方的发文机关标志"], "", expected, 1)
    text = "".join(line.compact for line in layout.mark)
    problems = _red_and_centred(ctx)
    if not text.endswith("令"):
        problems.append("标志不以“命令”或“令”结尾")
    below = header.mark_ink(ctx)[0] - layout.block.top
    if off(below, ORDER_MARK_BELOW_BLOCK_TOP, 1):
        problems.append(f"上边缘距版心上边缘 {mm_text(below)}")
    return finding("10.2", "命令：发文机关标志", problems, f"“{text}”，上边缘距版心上边缘 {mm_text(below)}", expected, 1,
                   at(layout.mark[0]))


def _centred_number(ctx: Context, clause: str, title: str, pattern, form: str) -> Finding:
    layout, line = ctx.layout, ctx.layout.number
    expected = f"发文机关标志下空二行居中编排“{form}”"
    if line is None:
        return finding(clause, title, [f"标志下未找到“{form}”"], "", expected, 1)
    problems = [] if pattern.match(line.compact) else [f"不是“{form}”的形式"]
    if off(line.centre, layout.block.centre, 1):
        problems.append(f"未居中（中心偏离 {line.centre - layout.block.centre:+.1f} 毫米）")
    if layout.mark:
        gap = line.top - max(l.bottom for l in layout.mark)
        if not 2 * layout.pitch <= gap <= 3 * layout.pitch:
            problems.append(f"与发文机关标志相距 {mm_text(gap)}（应空二行）")
    return finding(clause, title, problems, f"“{line.compact}”", expected, 1, at(line))


def _order_number(ctx: Context) -> Finding:
    return _centred_number(ctx, "10.2", "命令：令号", ORDER_NUMBER, "第×号")


def _order_body_start(ctx: Context) -> Finding:
    layout = ctx.layout
    expected = "正文在令号下空二行编排"
    first = (layout.addressee or [p.line for p in layout.body[:1]])
    if layout.number is None or not first:
        return not_applicable("10.2", "命令：正文位置", "未找到令号或正文", expected)
    gap = first[0].top - layout.number.bottom
    problems = [] if 2 * layout.pitch <= gap <= 3 * layout.pitch else [f"距令号 {mm_text(gap)}（应空二行）"]
    return finding("10.2", "命令：正文位置", problems, f"距令号 {mm_text(gap)}", expected, 1, at(first[0]))


def _order_signer(ctx: Context) -> Finding:
    layout, char = ctx.layout, ctx.layout.char
    expected = ("正文（或附件说明）下空二行，签名章右空四字，签发人职务在签名章左空二字、以签名章为准上下居中；"
                "成文日期在签名章下空一行，右空四字")
    if layout.date is None or not layout.signature:
        return finding("10.2", "命令：签发人职务、签名章和成文日期", ["正文后未找到签发人职务和成文日期"], "", expected)
    title, date_line = layout.signature[-1].line, layout.date.line
    right = layout.block.right
    problems = [] if not off(date_line.x1, right - 4 * char, 1) else [f"成文日期右空 {(right - date_line.x1) / char:.1f} 字（应为四字）"]
    stamp = _stamp(ctx, title)
    if stamp:
        if off(stamp["x1"], right - 4 * char, 1):
            problems.append(f"签名章右空 {(right - stamp['x1']) / char:.1f} 字（应为四字）")
        if off(title.x1, stamp["x0"] - 2 * char, 1):
            problems.append("签发人职务没有在签名章左空二字")
        if off(title.middle, (stamp["top"] + stamp["bottom"]) / 2, 1.5):
            problems.append("签发人职务没有以签名章为准上下居中")
        if date_line.top < stamp["bottom"]:
            problems.append("成文日期不在签名章之下")
    elif title.x1 > right - 6 * char + 1:
        problems.append("签发人职务右侧没有留出签名章的位置")
    above = [p for p in layout.body + layout.note if p.page == layout.signature[0].page and p.line.bottom < title.top]
    if above and not 2 * layout.pitch <= title.top - above[-1].line.bottom <= 3.2 * layout.pitch:
        problems.append("签发人职务与上面的正文（或附件说明）之间没有空二行")
    kind = "有签名章" if stamp else "未见签名章图片（手工加盖）"
    return finding("10.2", "命令：签发人职务、签名章和成文日期", problems, f"“{title.compact}”，{kind}，日期“{date_line.compact}”",
                   expected, layout.date.page, at(title))


def _stamp(ctx: Context, title) -> dict | None:
    """An image on the title's page beside it (its rows overlap the title's)."""
    page = ctx.layout.pages[ctx.layout.signature[-1].page - 1]
    for image in page.images:
        box = {key: mm(image[key]) for key in ("x0", "x1", "top", "bottom")}
        if box["top"] < title.bottom and box["bottom"] > title.top and box["x0"] > title.x0:
            return box
    return None


# ---- 10.3 纪要格式 ---------------------------------------------------------------------

def minutes(ctx: Context) -> list[Finding]:
    return [_minutes_mark(ctx), _centred_number(ctx, "10.3", "纪要：期号", ISSUE_NUMBER, "第×期"),
            _attendance(ctx), _no_seal(ctx)]


def _minutes_mark(ctx: Context) -> Finding:
    layout = ctx.layout
    expected = "“××××纪要”，红色小标宋体，居中（位置见 7.2.4）"
    text = "".join(line.compact for line in layout.mark)
    problems = [] if text.endswith("纪要") else [f"标志“{text}”不以“纪要”结尾"]
    return finding("10.3", "纪要：纪要标志", problems, f"“{text}”", expected, 1, at(layout.mark[0]) if layout.mark else "")


def _attendance(ctx: Context) -> Finding:
    layout, lines = ctx.layout, ctx.layout.attendance
    expected = ("正文（或附件说明）下空一行，左空二字编排“出席：”（黑体），其后为单位和姓名，回行与冒号后的首字对齐；"
                "“请假：”“列席：”依次另起一行，编排方法同上")
    if not lines:
        return finding("10.3", "纪要：出席、请假、列席", ["正文后没有出席名单（“出席：”）"], "", expected)
    indent, problems, labels, aligned = layout.block.left + 2 * layout.char, [], [], None
    for placed in lines:
        line = placed.line
        label = line.compact[:2] if line.compact.startswith(ATTENDANCE) else ""
        if label:
            labels.append(label)
            if not line.compact[2:3] == "：":
                problems.append(f"“{label}”后没有全角冒号")
            if off(line.x0, indent, 1):
                problems.append(f"“{label}”没有左空二字")
            aligned = mm(line.chars[3]["x0"]) if len(line.chars) > 3 else None
        elif aligned is not None and off(line.x0, aligned, 1):
            problems.append(f"“{line.compact[:6]}”回行没有与冒号后的首字对齐")
    if labels[:1] != ["出席"] or labels != sorted(labels, key=ATTENDANCE.index):
        problems.append(f"次序为{'、'.join(labels)}（应以出席开头，依次为出席、请假、列席）")
    above = [p for p in layout.body + layout.note if p.page == lines[0].page and p.line.bottom < lines[0].line.top]
    if above and off(lines[0].line.top - above[-1].line.top, 2 * layout.pitch, 0.25 * layout.pitch):
        problems.append("与上面的正文（或附件说明）之间没有空一行")
    return finding("10.3", "纪要：出席、请假、列席", problems, f"{'、'.join(labels)}，共 {len(lines)} 行", expected,
                   lines[0].page, at(lines[0].line))


def _no_seal(ctx: Context) -> Finding:
    layout = ctx.layout
    expected = "纪要不署名、不加盖印章"
    sealed = [page.number for page in layout.main_pages if page.images]
    problems = [f"第 {sealed[0]} 页有图片（印章）"] if sealed else []
    return finding("10.3", "纪要：不加盖印章", problems, "没有印章图片" if not sealed else "", expected,
                   sealed[0] if sealed else None)


SPECIAL = {letter: LETTER, order: ORDER, minutes: MINUTES}
REPLACED = {
    GENERAL: (),
    LETTER: (header.mark, header.number, header.rule, colophon.colophon, colophon.page_numbers),
    ORDER: (header.mark, header.number, header.rule, body.title, closing.signature),
    MINUTES: (header.number, closing.signature),
}
