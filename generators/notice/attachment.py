"""附件: each from a new page — 附件N in 黑体 on line 1, the title centred on line 3, then its
content: a table whose head repeats on every page and whose rows never split, a blank form
(columns over empty rows, or label/blank pairs), or text with headings like the body."""
from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from . import ooxml

from .body import add_title
from partydocs.model.model import Content

from .context import Context
from .flow import write_lines
from .lines import Measure, wrap
from .metrics import text_ems, twips
from .titlebreak import word_spans

MAX_NARROW_EMS = 8            # a column no longer than this is sized to its longest entry; the others share the rest
FORM_ROW_LINES = 2             # a blank form row is two table lines high, room to write by hand
FIELD_LABEL_SHARE = 0.3
RULE = 4                       # table rules, eighths of a point (½ pt)
CELL_MARGINS_PT = (2, 4, 2, 4)  # top, left, bottom, right


ROW_RULE_PT = RULE / 8


def add_attachments(ctx: Context, pages: int) -> tuple[int, float]:
    """Each attachment from a new page after the body's `pages`; returns the last page and
    the height (pt) used on it, computed as the table's rows will be set."""
    attachments = ctx.year.document.attachments
    used = 0.0
    for index, attachment in enumerate(attachments, 1):
        label = f"附件{index}" if len(attachments) > 1 else "附件"
        ctx.para("label", label, page_break=True)
        ctx.blank_lines(1)
        title = add_title(ctx, attachment.title, [], before=0)
        title.paragraph_format.space_after = Pt(ctx.geometry.line_pitch / 2)
        lines = len(title._p.findall(".//" + ooxml.qn("w:br"))) + 1
        above = 2 * ctx.geometry.line_pitch + lines * ctx.style.sizes.title_line + ctx.geometry.line_pitch / 2
        more, used = _table_pages(ctx, CONTENT[attachment.kind](ctx, attachment), above)
        pages += 1 + more
    return pages, used


def _table(ctx: Context, attachment: Content) -> list[float]:
    heights = _grid(ctx, attachment.columns, list(attachment.rows))
    return heights + ([_note(ctx, attachment.note)] if attachment.note else [])


def _note(ctx: Context, note: str) -> float:
    """The table's note (注：排名不分先后) under it, as offices print it: body text, one
    paragraph a line of the note; its height, as one more 'row' that stays whole."""
    lines = 0
    for text in note.splitlines():
        ctx.para(None, text)
        lines += max(1, -(-int(text_ems(text) + 2) // ctx.style.page.chars))
    return lines * ctx.geometry.line_pitch


def _form(ctx: Context, attachment: Content) -> list[float]:
    """Fill-in lines (单位名称：____), a table of blank rows, or both: the lines above."""
    heights = _fields(ctx, attachment.fields) if attachment.fields else [0.0]
    if attachment.columns:
        if attachment.fields:
            ctx.blank_lines(1)
            heights.append(ctx.geometry.line_pitch)
        heights += _grid(ctx, attachment.columns, list(attachment.rows), blank_lines=FORM_ROW_LINES, equal=True)
    return heights


def _text(ctx: Context, attachment: Content) -> list[float]:
    """Paragraphs and headings set like the body's; their height, as one 'row'."""
    from .body import write_blocks

    lines = write_blocks(ctx, attachment.blocks)
    return [0.0, lines * ctx.geometry.line_pitch]


def _table_pages(ctx: Context, row_heights: list[float], above: float) -> tuple[int, float]:
    """Pages after the first the table runs on (rows never split, the head repeats), and the
    height used on its last page."""
    room, head = ctx.geometry.block_height, row_heights[0]
    used, extra = above + head, 0
    for height in row_heights[1:]:
        if used + height > room:
            extra, used = extra + 1, head
        used += height
    return extra, used


def _grid(ctx: Context, columns: tuple[str, ...], rows: list[tuple[str, ...]], blank_lines: int = 1,
          equal: bool = False) -> list[float]:
    """A ruled table with its head; returns each row's height in points (head first). A blank
    form's columns are equally wide: each is room to write in."""
    table = ctx.document.add_table(rows=len(rows) + 1, cols=len(columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = _equal_widths(ctx, len(columns)) if equal else column_widths(ctx, columns, rows)
    ooxml.set_table_layout(table, widths, tuple(twips(m) for m in CELL_MARGINS_PT))
    ooxml.set_table_borders(table, top=RULE, left=RULE, bottom=RULE, right=RULE, insideH=RULE, insideV=RULE)
    aligns = [_alignment(ctx, index, columns, rows) for index in range(len(columns))]
    return [_fill_row(ctx, row, values, widths, aligns, header=index == 0, least=1 if index == 0 else blank_lines)
            for index, (row, values) in enumerate(zip(table.rows, [columns, *rows]))]


def _equal_widths(ctx: Context, count: int) -> list[int]:
    each = twips(ctx.geometry.block_width) // count
    return [each] * (count - 1) + [twips(ctx.geometry.block_width) - each * (count - 1)]


def _fields(ctx: Context, fields: tuple[str, ...]) -> list[float]:
    """A form of label/blank pairs: each field a row, the label in its own cell, room to write."""
    table = ctx.document.add_table(rows=len(fields), cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    label = twips(ctx.geometry.block_width * FIELD_LABEL_SHARE)
    widths = [label, twips(ctx.geometry.block_width) - label]
    ooxml.set_table_layout(table, widths, tuple(twips(m) for m in CELL_MARGINS_PT))
    ooxml.set_table_borders(table, top=RULE, left=RULE, bottom=RULE, right=RULE, insideH=RULE, insideV=RULE)
    aligns = [WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT]
    return [0.0] + [_fill_row(ctx, row, (name, ""), widths, aligns, header=False, least=FORM_ROW_LINES)
                    for row, name in zip(table.rows, fields)]


def _alignment(ctx: Context, index: int, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> WD_ALIGN_PARAGRAPH:
    """Short entries (numbers, places) centred; names and sentences flush left."""
    longest = max(text_ems(row[index]) for row in [columns, *rows])
    return WD_ALIGN_PARAGRAPH.CENTER if longest <= MAX_NARROW_EMS else WD_ALIGN_PARAGRAPH.LEFT


def column_widths(ctx: Context, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[int]:
    """Twips: a column whose longest entry is short is as wide as that entry; the others share
    what is left in proportion to their longest entries."""
    size, pad = ctx.style.sizes.table, CELL_MARGINS_PT[1] + CELL_MARGINS_PT[3]
    longest = [max(text_ems(row[i]) for row in [columns, *rows]) for i in range(len(columns))]
    narrow = [i for i, ems in enumerate(longest) if ems <= MAX_NARROW_EMS]
    names = [i for i in range(len(columns)) if i not in narrow] or [max(range(len(columns)), key=longest.__getitem__)]
    widths = [0.0] * len(columns)
    for i in narrow:
        if i not in names:
            widths[i] = longest[i] * size + pad + 1
    rest = ctx.geometry.block_width - sum(widths)
    for i in names:
        widths[i] = rest * max(longest[i], 1) / sum(max(longest[j], 1) for j in names)
    result = [twips(w) for w in widths]
    result[names[0]] += twips(ctx.geometry.block_width) - sum(result)
    return result


def _fill_row(ctx: Context, row, values: tuple[str, ...], widths: list[int], aligns: list, header: bool,
              least: int = 1) -> float:
    """Fill the row, breaking names between words; returns the row's height in points."""
    ooxml.set_row_flags(row, header=header, cant_split=True)
    role = "table_head" if header else "table"
    size = ctx.style.sizes.table
    measure, line = Measure(size, 0.0), round(size * 1.25, 1)
    most = least
    if least > 1:
        ooxml.set_row_height(row, twips(least * line + CELL_MARGINS_PT[0] + CELL_MARGINS_PT[2]))
    for cell, value, width, align in zip(row.cells, values, widths, aligns):
        paragraph = cell.paragraphs[0]
        ooxml.set_paragraph_style(paragraph, ctx.styles[role])
        paragraph.paragraph_format.first_line_indent = Pt(0)
        if not header:
            paragraph.paragraph_format.alignment = align
        room = width / 20 - CELL_MARGINS_PT[1] - CELL_MARGINS_PT[3]
        wrapped = wrap(measure, value, room, words=word_spans(value))
        write_lines(paragraph, wrapped, measure.spacing)
        most = max(most, len(wrapped.lines))
        ooxml.set_cell_valign(cell, "center")
    return most * line + CELL_MARGINS_PT[0] + CELL_MARGINS_PT[2] + ROW_RULE_PT


CONTENT = {"table": _table, "form": _form, "text": _text}
