"""7.3.4 attachment note, 7.3.5 signature, date and seal, 7.3.6 附注, 7.3.7 attachments."""
from __future__ import annotations

import re

from ..layout import Placed
from ..measure import mm
from ..model import Finding, finding, not_applicable
from . import Context, at, off
from .typesetting import remark_whole

DATE = re.compile(r"^\d{4}年(?:[1-9]|1[0-2])月(?:[1-9]|[12]\d|3[01])日$")
ITEM = re.compile(r"^(\d+)[.．]\s*")


def date_form(text: str) -> list[str]:
    """What is wrong with a date written as 2021年9月6日 (empty when nothing)."""
    if DATE.match(text):
        return []
    if re.search(r"[〇○零一二三四五六七八九十]", text):
        return [f"“{text}”应使用阿拉伯数字"]
    if re.search(r"(^|[年月])0\d", text):
        return [f"“{text}”的月、日前加了 0（不编虚位）"]
    if not re.match(r"^\d{4}年", text):
        return [f"“{text}”年份应写全四位"]
    return [f"“{text}”不是“2021年9月6日”的形式"]


def date(ctx: Context) -> list[Finding]:
    expected = "阿拉伯数字，年份写全，月、日不编虚位，如“2021年9月6日”"
    placed = ctx.layout.date
    if placed is None:
        return [finding("7.3.5", "成文日期", ["正文后未找到成文日期"], "", expected)]
    text = placed.line.compact
    return [finding("7.3.5", "成文日期", date_form(text), f"“{text}”", expected, placed.page, at(placed.line))]


def signature(ctx: Context) -> list[Finding]:
    layout = ctx.layout
    expected = ("不加盖印章：正文（或附件说明）下空一行右空二字署名，日期在下一行、首字比署名首字右移二字；"
                "加盖印章：日期右空四字，署名以日期为准居中，印章端正、居中下压署名和日期")
    if layout.date is None or not layout.signature:
        return [not_applicable("7.3.5", "署名和印章", "未找到成文日期上方的发文机关署名", expected)]
    name, date_line = layout.signature[-1].line, layout.date.line
    seal = _seal(ctx)
    problems = _sealed(ctx, seal) if seal else _unsealed(ctx)
    if off(date_line.top - name.top, layout.pitch, 0.5):
        problems.append("成文日期不在署名的下一行")
    kind = "加盖印章" if seal else "不加盖印章"
    measured = f"{kind}；署名“{name.compact}”右缘距版心右缘 {(layout.block.right - name.x1) / layout.char:.1f} 字，日期右缘 {(layout.block.right - date_line.x1) / layout.char:.1f} 字"
    return [finding("7.3.5", "署名和印章", problems, measured, expected, layout.date.page, at(name))]


def _seal(ctx: Context) -> dict | None:
    """An image on the date's page overlapping the signature and the date."""
    layout = ctx.layout
    page = layout.pages[layout.date.page - 1]
    name, date_line = layout.signature[-1].line, layout.date.line
    for image in page.images:
        top, bottom, x0, x1 = mm(image["top"]), mm(image["bottom"]), mm(image["x0"]), mm(image["x1"])
        if top < date_line.bottom and bottom > name.top and x0 < date_line.x1 and x1 > min(name.x0, date_line.x0):
            return {"top": top, "bottom": bottom, "centre": (x0 + x1) / 2}
    return None


def _unsealed(ctx: Context) -> list[str]:
    layout = ctx.layout
    names, date_line, char = [p.line for p in layout.signature], layout.date.line, layout.char
    right = layout.block.right
    problems = []
    date_longer = date_line.x1 - date_line.x0 > names[-1].x1 - names[-1].x0 - 2 * char
    if date_longer:
        if off(date_line.x1, right - 2 * char, 1):
            problems.append("日期长于署名时，日期应右空二字")
    else:
        if any(off(n.x1, right - 2 * char, 1) for n in names):
            problems.append(f"署名右空 {(right - names[-1].x1) / char:.1f} 字（应为二字）")
        if off(date_line.x0, names[-1].x0 + 2 * char, 1):
            problems.append(f"日期首字比署名首字右移 {(date_line.x0 - names[-1].x0) / char:.1f} 字（应为二字）")
    above = _line_above(ctx, layout.signature[0])
    if above is not None and layout.signature[0].line.middle - above.line.middle < 1.8 * layout.pitch:
        problems.append("署名与上面的正文（或附件说明）之间没有空一行")
    return problems


def _sealed(ctx: Context, seal: dict) -> list[str]:
    layout = ctx.layout
    name, date_line, char = layout.signature[-1].line, layout.date.line, layout.char
    problems = []
    if off(date_line.x1, layout.block.right - 4 * char, 1):
        problems.append(f"日期右空 {(layout.block.right - date_line.x1) / char:.1f} 字（应为四字）")
    if off(name.centre, date_line.centre, 1):
        problems.append("署名没有以日期为准居中")
    if off(seal["centre"], date_line.centre, 1.5):
        problems.append("印章没有居中压在日期上")
    if not (seal["top"] < name.top and date_line.bottom < seal["bottom"]):
        problems.append("印章没有同时压住署名和日期")
    above = _line_above(ctx, layout.signature[0])
    if above is not None and not 0 < seal["top"] - (above.line.middle + layout.pitch / 2) <= layout.pitch:
        problems.append("印章顶端距正文（或附件说明）不在一行之内")
    return problems


def _line_above(ctx: Context, placed: Placed) -> Placed | None:
    layout = ctx.layout
    before = [p for p in layout.body + layout.note if p.page == placed.page and p.line.bottom < placed.line.top]
    return before[-1] if before else None


def remark(ctx: Context) -> list[Finding]:
    layout = ctx.layout
    expected = ("成文日期（纪要：出席、请假、列席名单）下一行，居左空二字，加圆括号，回行顶格；"
                "是一个完整的段落，词语、名称和号码不拆开；有印章挡住时移到印章下方，不被印章压住")
    lines = layout.remark
    if not lines:
        return [not_applicable("7.3.6", "附注", "没有附注", expected)]
    text = "".join(p.line.compact for p in lines)
    problems = []
    if not (text.startswith(("（", "(")) and text.endswith(("）", ")"))):
        problems.append("没有加圆括号")
    if off(lines[0].line.x0, layout.block.left + 2 * layout.char, 1):
        problems.append(f"左缩进 {(lines[0].line.x0 - layout.block.left) / layout.char:.1f} 字（应为二字）")
    seals = seal_boxes(ctx)
    above = layout.attendance[-1] if layout.attendance else layout.date
    if above and lines[0].page == above.page and not _next_free_line(ctx, above, lines[0], seals):
        problems.append("不在成文日期的下一行（或印章下方的第一行）" if above is layout.date else "不在名单的下一行")
    problems += remark_whole(layout, seals)
    return [finding("7.3.6", "附注", problems, f"“{text[:30]}”，{len(lines)} 行", expected, lines[0].page, at(lines[0].line))]


def seal_boxes(ctx: Context) -> list[dict]:
    """The images on the pages of the signature and the 附注 (mm): the seals."""
    layout = ctx.layout
    pages = {p.page for p in layout.signature + layout.remark + ([layout.date] if layout.date else [])}
    return [{"page": n, "top": mm(i["top"]), "bottom": mm(i["bottom"]), "x0": mm(i["x0"]), "x1": mm(i["x1"])}
            for n in sorted(pages) for i in layout.pages[n - 1].images]


def _next_free_line(ctx: Context, above: Placed, first: Placed, seals: list[dict]) -> bool:
    """The 附注 is on the line under `above`, or on the first line clear of the seals that
    would cover that line."""
    pitch = ctx.layout.pitch
    step = first.line.top - above.line.top
    if not off(step, pitch, 0.5):
        return True
    covering = [s for s in seals if s["page"] == first.page and s["bottom"] > above.line.bottom]
    if not covering:
        return False
    lowest = max(s["bottom"] for s in covering)
    return first.line.top >= lowest - 0.5 and first.line.top - lowest < pitch + 0.5


def note(ctx: Context) -> list[Finding]:
    layout = ctx.layout
    expected = "正文下空一行、左空二字编排“附件：”和附件名称；多个附件用“1. ”等序号；名称后不加标点；与附件页的“附件”标识和标题一致"
    if not layout.note and not layout.attachments:
        return [not_applicable("7.3.4", "附件说明", "没有附件", expected)]
    items = note_items(layout.note)
    problems = []
    if layout.note and off(layout.note[0].line.x0, layout.block.left + 2 * layout.char, 1):
        problems.append("“附件：”没有左空二字")
    problems += [f"附件名称“{name}”后加了标点" for _, name in items if name and name[-1] in "。，；、.,;"]
    problems += _agreement(items, layout.attachments)
    measured = "附件说明：" + ("；".join(f"{n or ''}{'. ' if n else ''}{name}" for n, name in items) or "无") + \
        f"；附件页 {len(layout.attachments)} 个"
    first = layout.note[0] if layout.note else None
    return [finding("7.3.4", "附件说明", problems, measured, expected, first.page if first else None,
                    at(first.line) if first else "")]


def note_items(lines: list[Placed]) -> list[tuple[int | None, str]]:
    """(number, name) of each attachment the note lists; a name may wrap over lines."""
    if not lines:
        return []
    text = lines[0].line.compact.split("：", 1)[-1].split(":", 1)[-1]
    items: list[list] = []
    for piece in [text] + [p.line.compact for p in lines[1:]]:
        number = ITEM.match(piece)
        if number or not items:
            items.append([int(number.group(1)) if number else None, piece[number.end():] if number else piece])
        else:
            items[-1][1] += piece
    return [(n, name) for n, name in items]


def _agreement(items, attachments) -> list[str]:
    if items and not attachments:
        return ["附件说明列出了附件，但正文之后没有附件页"]
    if attachments and not items:
        return ["有附件页，但正文后没有附件说明"]
    problems = []
    if len(items) != len(attachments):
        problems.append(f"附件说明列出 {len(items)} 个附件，附件页有 {len(attachments)} 个")
    for index, ((number, name), attachment) in enumerate(zip(items, attachments), 1):
        label = attachment.label.compact
        wanted_label = "附件" if len(items) == 1 else f"附件{index}"
        if label != wanted_label:
            problems.append(f"第 {attachment.page} 页的标识是“{label}”（应为“{wanted_label}”）")
        if len(items) > 1 and number != index:
            problems.append(f"附件说明的第 {index} 个序号是 {number}")
        title = "".join(line.compact for line in attachment.title)
        if title != name:
            problems.append(f"第 {attachment.page} 页的附件标题“{title}”与附件说明中的“{name}”不一致")
    return problems


def attachment_pages(ctx: Context) -> list[Finding]:
    layout = ctx.layout
    expected = "另面编排；“附件”及序号顶格编排在版心第一行，附件标题居中编排在版心第三行"
    if not layout.attachments:
        return [not_applicable("7.3.7", "附件", "没有附件页", expected)]
    problems = []
    for attachment in layout.attachments:
        label = attachment.label
        if off(label.middle - layout.pitch / 2, layout.block.top, 1.5) or off(label.x0, layout.block.left, 0.7):
            problems.append(f"第 {attachment.page} 页的“{label.compact}”不在版心第一行顶格")
        if not attachment.title:
            problems.append(f"第 {attachment.page} 页没有附件标题")
        elif off(attachment.title[0].middle, layout.block.top + 2.5 * layout.pitch, 1.5) or \
                off(attachment.title[0].centre, layout.block.centre, 1.5):
            problems.append(f"第 {attachment.page} 页的附件标题不在版心第三行居中")
    pages = "、".join(str(a.page) for a in layout.attachments)
    return [finding("7.3.7", "附件", problems, f"附件页从第 {pages} 页开始", expected, layout.attachments[0].page)]

