"""附件: each from a new page — 附件N in 黑体 on line 1, the title centred on line 3, then the
list of confirmed units as a table whose head repeats on every page and whose rows never split."""
from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from generators import ooxml

from .body import add_title
from .context import Context, add_text_with_breaks
from .lines import Measure, wrap
from .metrics import text_ems, twips
from .titlebreak import word_spans

COLUMNS = (("序号", WD_ALIGN_PARAGRAPH.CENTER), ("党组织名称", WD_ALIGN_PARAGRAPH.LEFT),
           ("所属社会组织", WD_ALIGN_PARAGRAPH.LEFT), ("所在地", WD_ALIGN_PARAGRAPH.CENTER))
NARROW = (0, 3)                # columns sized to their longest entry; the names share the rest
MAX_NARROW_EMS = 8
RULE = 4                       # table rules, eighths of a point (½ pt)
CELL_MARGINS_PT = (2, 4, 2, 4)  # top, left, bottom, right


ROW_RULE_PT = RULE / 8


def add_attachments(ctx: Context, pages: int) -> tuple[int, float]:
    """Each attachment from a new page after the body's `pages`; returns the last page and
    the height (pt) used on it, computed as the table's rows will be set."""
    attachments = ctx.notice.attachments
    used = 0.0
    for index, attachment in enumerate(attachments, 1):
        label = f"附件{index}" if len(attachments) > 1 else "附件"
        ctx.para("label", label, page_break=True)
        ctx.blank_lines(1)
        title = add_title(ctx, attachment.title, [], before=0)
        title.paragraph_format.space_after = Pt(ctx.geometry.line_pitch / 2)
        lines = len(title._p.findall(".//" + ooxml.qn("w:br"))) + 1
        above = 2 * ctx.geometry.line_pitch + lines * ctx.style.sizes.title_line + ctx.geometry.line_pitch / 2
        more, used = _table_pages(ctx, _units_table(ctx), above)
        pages += 1 + more
    return pages, used


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


def unit_rows(ctx: Context) -> list[tuple[str, ...]]:
    """Numbered listings; nothing else of a point may appear here (see Year.notice_facts)."""
    return [(str(number), *ctx.year.point(unit).listing()) for number, unit in enumerate(ctx.notice.units, 1)]


def _units_table(ctx: Context) -> list[float]:
    """The table; returns each row's height in points (head first)."""
    rows = unit_rows(ctx)
    table = ctx.document.add_table(rows=len(rows) + 1, cols=len(COLUMNS))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = column_widths(ctx, rows)
    ooxml.set_table_layout(table, widths, tuple(twips(m) for m in CELL_MARGINS_PT))
    ooxml.set_table_borders(table, top=RULE, left=RULE, bottom=RULE, right=RULE, insideH=RULE, insideV=RULE)
    head = tuple(name for name, _ in COLUMNS)
    return [_fill_row(ctx, row, values, widths, header=index == 0)
            for index, (row, values) in enumerate(zip(table.rows, [head, *rows]))]


def column_widths(ctx: Context, rows: list[tuple[str, ...]]) -> list[int]:
    """Twips: 序号 and 所在地 as wide as their longest entry (capped), the two names share
    what is left in proportion to their longest entries."""
    size, pad = ctx.style.sizes.table, CELL_MARGINS_PT[1] + CELL_MARGINS_PT[3]
    longest = [max(text_ems(row[i]) for row in [tuple(n for n, _ in COLUMNS), *rows]) for i in range(len(COLUMNS))]
    widths = [0.0] * len(COLUMNS)
    for i in NARROW:
        widths[i] = min(longest[i], MAX_NARROW_EMS) * size + pad + 1
    rest = ctx.geometry.block_width - sum(widths)
    names = [i for i in range(len(COLUMNS)) if i not in NARROW]
    for i in names:
        widths[i] = rest * longest[i] / sum(longest[j] for j in names)
    result = [twips(w) for w in widths]
    result[names[0]] += twips(ctx.geometry.block_width) - sum(result)
    return result


def _fill_row(ctx: Context, row, values: tuple[str, ...], widths: list[int], header: bool) -> float:
    """Fill the row, breaking names between words; returns the row's height in points."""
    ooxml.set_row_flags(row, header=header, cant_split=True)
    role = "table_head" if header else "table"
    size = ctx.style.sizes.table
    measure, line = Measure(size, 0.0), round(size * 1.25, 1)
    most = 1
    for cell, value, width, (_, align) in zip(row.cells, values, widths, COLUMNS):
        paragraph = cell.paragraphs[0]
        ooxml.set_paragraph_style(paragraph, ctx.styles[role])
        paragraph.paragraph_format.first_line_indent = Pt(0)
        if not header:
            paragraph.paragraph_format.alignment = align
        room = width / 20 - CELL_MARGINS_PT[1] - CELL_MARGINS_PT[3]
        wrapped = wrap(measure, value, room, words=word_spans(value))
        add_text_with_breaks(paragraph, value, wrapped.manual)
        most = max(most, len(wrapped.lines))
        ooxml.set_cell_valign(cell, "center")
    return most * line + CELL_MARGINS_PT[0] + CELL_MARGINS_PT[2] + ROW_RULE_PT
