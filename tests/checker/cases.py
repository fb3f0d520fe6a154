"""The hand-made notices the checker is tried on: correct ones, and wrong ones with the
clauses each breaks (clause, title)."""
from __future__ import annotations

from .handmade import variant

CORRECT = {
    "correct": variant(),
    "correct-short": variant(headings=("一、", "二、"), sentences=1, attachment=None, remark=None,
                             extra={"spacer": 5850}),
}
WRONG = {   # name: (the document, the clauses it breaks)
    "margins": (variant(margins_mm=(37, 31.8, 22.2, 35)), {("5.2.1", "页边与版心尺寸")}),
    "fangsong-missing": (variant(body_east_asia=None), {("5.2.2", role) for role in (
        "字体：发文字号", "字体：主送机关", "字体：正文", "字体：署名、日期、附件说明和附注", "字体：版记")}),
    "date-leading-zeros": (variant(date="2024年03月08日"), {("7.3.5", "成文日期")}),
    "heading-level-skipped": (variant(headings=("一、", "1.", "（1）", "二、", "（一）", "1.")), {("7.3.3", "结构层次序数")}),
    "colophon-mid-page": (variant(colophon_at_bottom=False), {("7.4", "版记")}),
    "number-with-di": (variant(number="某社党〔2024〕第3号"), {("7.2.5", "发文字号")}),
    "title-size": (variant(title_pt=18), {("7.3.1", "标题")}),
    "title-inverted": (variant(title=("关于开展2024年度社会组织党建工作", "示范点创建活动的通知")), {("7.3.1", "标题")}),
    "addressee-colon": (variant(addressee="各区社会组织党委，市社会组织党委各直属党组织"), {("7.3.2", "主送机关")}),
    "mark-black": (variant(mark_red=False), {("7.2.4", "发文机关标志")}),
    "page-numbers-one-side": (variant(even_footer=False), {("7.5", "页码")}),
    # the page break also sends the 版记 to an odd page
    "short-page": (variant(break_at_heading=2), {("5.2.3", "行数和字数"), ("7.4", "版记")}),
    "lone-character": (variant(lone_tail=True), {("7.3", "段末孤字")}),
    "note-split": (variant(remark_split=True), {("7.3.6", "附注")}),
    "attachment-note-differs": (variant(attachment_note="社会组织党建示范点创建标准"), {("7.3.4", "附件说明")}),
}
