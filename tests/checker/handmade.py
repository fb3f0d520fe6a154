"""Notices typed "by hand" with python-docx, the way an office sets one up in Word: page
setup, a line grid, styles, a red mark, paragraph borders, footers with a PAGE field — none of
this project's generator. `Spec` holds every choice; each wrong document changes one."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

PITCH = 579                       # twips: 22 lines in 225 mm
CHAR = 315                        # twips: 16 pt less 0.25 pt spacing, 28 in 156 mm
BLOCK = 8844                      # twips: 156 mm
SENTENCE = "各单位要把示范点创建工作作为加强自身建设的重要抓手，对照标准查找差距、补齐短板，在政治引领、组织建设、作用发挥等方面走在前列。"


@dataclass(frozen=True)
class Spec:
    margins_mm: tuple = (37, 28, 26, 35)          # top, left, right, bottom
    body_east_asia: str | None = "仿宋_GB2312"     # None: only the Latin font is set, as Word's font box does
    mark: str = "中共某某市委社会工委文件"
    mark_red: bool = True
    number: str = "某社党〔2024〕3号"
    title: tuple = ("关于开展2024年度社会组织", "党建工作示范点创建活动的通知")
    title_pt: float = 22
    addressee: str = "各区社会组织党委，市社会组织党委各直属党组织："
    headings: tuple = ("一、", "（一）", "1.", "（1）", "二、", "（一）")
    paragraphs_per_heading: int = 1
    sentences: int = 2
    date: str = "2024年3月8日"
    remark: str | None = "（联系人：市社会组织党委办公室，电话：12345678）"
    attachment: str | None = "社会组织党建工作示范点创建标准"
    attachment_note: str | None = None             # None: the attachment's own title
    break_at_heading: int | None = None            # a page break before this heading: a short page
    lone_tail: bool = False                        # a paragraph ending on one character (孤字)
    remark_split: bool = False                     # the 附注 hard-split in two paragraphs, as beside a seal
    colophon_at_bottom: bool = True
    even_footer: bool = True
    extra: dict = field(default_factory=dict)


def write(spec: Spec, path: Path) -> Path:
    document = Document()
    _page_setup(document, spec)
    _styles(document, spec)
    _header(document, spec)
    _body(document, spec)
    _closing(document, spec)
    _footers(document, spec)
    document.save(str(path))
    return path


def variant(**changes) -> Spec:
    return replace(Spec(), **changes)


# ---- setup -------------------------------------------------------------------------

def _page_setup(document, spec: Spec) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    top, left, right, bottom = spec.margins_mm
    section.top_margin, section.left_margin, section.right_margin, section.bottom_margin = Mm(top), Mm(left), Mm(right), Mm(bottom)
    section.footer_distance = Twips(1439)
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(PITCH))


def _styles(document, spec: Spec) -> None:
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    normal.font.name = "Times New Roman"
    rpr = normal.element.get_or_add_rPr()
    if spec.body_east_asia:
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), spec.body_east_asia)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), "-5")
    rpr.append(spacing)
    layout = normal.paragraph_format
    layout.space_before = layout.space_after = Pt(0)
    layout.line_spacing = 1.0
    layout.widow_control = False
    layout.first_line_indent = Twips(2 * CHAR)
    layout.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _east_asia(run, name: str) -> None:
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _exact(paragraph, twips: int, before: int = 0) -> None:
    layout = paragraph.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = Twips(twips)
    layout.space_before = Twips(before)
    paragraph.paragraph_format.first_line_indent = Twips(0)
    off_grid = OxmlElement("w:snapToGrid")
    off_grid.set(qn("w:val"), "0")
    paragraph._p.get_or_add_pPr().append(off_grid)


def _border(paragraph, side: str, eighths: int, colour: str) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    edge = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(eighths)), ("space", "0"), ("color", colour)):
        edge.set(qn(f"w:{key}"), value)
    borders.append(edge)


# ---- parts -------------------------------------------------------------------------

def _header(document, spec: Spec) -> None:
    mark = document.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _exact(mark, 840, before=1910)
    run = mark.add_run(spec.mark)
    run.font.size = Pt(36)
    _east_asia(run, "方正小标宋简体")
    run.font.color.rgb = RGBColor(0xFF, 0, 0) if spec.mark_red else RGBColor(0, 0, 0)
    number = document.add_paragraph(spec.number)
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _exact(number, PITCH, before=2 * PITCH)
    rule = document.add_paragraph()
    _exact(rule, 120)
    _border(rule, "bottom", 12, "FF0000")
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _exact(title, 640, before=2 * PITCH)
    for index, line in enumerate(spec.title):
        run = title.add_run(line)
        run.font.size = Pt(spec.title_pt)
        _east_asia(run, "方正小标宋简体")
        if index < len(spec.title) - 1:
            run.add_break(WD_BREAK.LINE)
    document.add_paragraph().paragraph_format.first_line_indent = Twips(0)
    addressee = document.add_paragraph(spec.addressee)
    addressee.paragraph_format.first_line_indent = Twips(0)


def _body(document, spec: Spec) -> None:
    document.add_paragraph("为深入贯彻落实新时代党的建设总要求，" + SENTENCE * 2 + "现将有关事项通知如下。")
    for index, number in enumerate(spec.headings):
        heading = document.add_paragraph()
        heading.paragraph_format.page_break_before = index == spec.break_at_heading
        run = heading.add_run(f"{number}{'明确目标任务' if index % 2 else '加强组织领导'}")
        if _heading_font(number):
            _east_asia(run, _heading_font(number))
        for _ in range(spec.paragraphs_per_heading):
            document.add_paragraph(SENTENCE * spec.sentences)
        if spec.lone_tail and index == 0:
            document.add_paragraph(("示范点创建工作" * 4)[:27] + "。")   # 26 characters fill the indented line


def _heading_font(number: str) -> str | None:
    """一、 in 黑体, （一） in 楷体; 1. and （1） stay in the body's 仿宋."""
    if number[0] in "一二三四五六七八九十":
        return "黑体"
    if number.startswith("（") and not number[1].isdigit():
        return "楷体_GB2312"
    return None


def _closing(document, spec: Spec) -> None:
    if spec.attachment:
        document.add_paragraph()
        document.add_paragraph(f"附件：{spec.attachment_note or spec.attachment}")
    document.add_paragraph()
    name = document.add_paragraph("中共某某市社会组织委员会")
    name.paragraph_format.first_line_indent = Twips(0)
    name.paragraph_format.left_indent = Twips(BLOCK - 14 * CHAR)
    date = document.add_paragraph(spec.date)
    date.paragraph_format.first_line_indent = Twips(0)
    date.paragraph_format.left_indent = Twips(BLOCK - 12 * CHAR)
    if spec.remark and spec.remark_split:
        cut = spec.remark.index("办公室")
        beside = document.add_paragraph(spec.remark[:cut])
        beside.paragraph_format.right_indent = Twips(12 * CHAR)
        document.add_paragraph(spec.remark[cut:]).paragraph_format.first_line_indent = Twips(0)
    elif spec.remark:
        document.add_paragraph(spec.remark)
    if spec.attachment:
        _attachment(document, spec)
    _colophon(document, spec)


def _attachment(document, spec: Spec) -> None:
    label = document.add_paragraph()
    label.paragraph_format.first_line_indent = Twips(0)
    label.paragraph_format.page_break_before = True
    _east_asia(label.add_run("附件"), "黑体")
    document.add_paragraph()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Twips(0)
    run = title.add_run(spec.attachment)
    run.font.size = Pt(22)
    _east_asia(run, "方正小标宋简体")
    document.add_paragraph()
    for _ in range(3):
        document.add_paragraph(SENTENCE)


def _colophon(document, spec: Spec) -> None:
    if spec.colophon_at_bottom:
        spacer = document.add_paragraph()
        _exact(spacer, spec.extra.get("spacer", 4110))
    _rule(document, 8)
    _colophon_entry(document, "抄送：市委组织部，市民政局。")
    _rule(document, 6)
    printer = _colophon_entry(document, "中共某某市社会组织委员会办公室\t2024年3月8日印发")
    printer.paragraph_format.tab_stops.add_tab_stop(Twips(BLOCK - 280), WD_TAB_ALIGNMENT.RIGHT)
    _rule(document, 8)


def _rule(document, eighths: int) -> None:
    """A rule as wide as the block: the bottom border of an empty, one-point-high paragraph."""
    rule = document.add_paragraph()
    _exact(rule, 20)
    rule.paragraph_format.keep_with_next = True
    _border(rule, "bottom", eighths, "000000")


def _colophon_entry(document, text: str):
    entry = document.add_paragraph(text)
    _exact(entry, 480)
    entry.paragraph_format.left_indent = Pt(14)
    entry.paragraph_format.keep_with_next = True
    entry.runs[0].font.size = Pt(14)
    return entry


def _footers(document, spec: Spec) -> None:
    section = document.sections[0]
    document.settings.odd_and_even_pages_header_footer = spec.even_footer
    _page_number(section.footer.paragraphs[0], right=True)
    if spec.even_footer:
        _page_number(section.even_page_footer.paragraphs[0], right=False)


def _page_number(paragraph, right: bool) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    layout = paragraph.paragraph_format
    layout.first_line_indent = Twips(0)
    layout.right_indent, layout.left_indent = (Pt(14), Twips(0)) if right else (Twips(0), Pt(14))
    _exact(paragraph, 308)
    for text, field_code in (("— ", None), (None, "PAGE"), (" —", None)):
        if field_code:
            _field(paragraph, field_code)
        else:
            run = paragraph.add_run(text)
            run.font.size = Pt(14)
            _east_asia(run, "宋体")


def _field(paragraph, code: str) -> None:
    for kind, text in (("begin", None), (None, f" {code} "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(14)
        _east_asia(run, "宋体")
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        elif text.strip() == code:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._element.append(instruction)
        else:
            run.text = text
