"""附件: each from a new page — 附件N in 黑体 on line 1, the title centred on line 3, then the
list of confirmed units as a table whose head repeats on every page and whose rows never split."""
from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from generators import ooxml

from .body import add_title
from .context import Context
from .metrics import text_ems, twips

COLUMNS = (("序号", WD_ALIGN_PARAGRAPH.CENTER), ("党组织名称", WD_ALIGN_PARAGRAPH.LEFT),
           ("所属社会组织", WD_ALIGN_PARAGRAPH.LEFT), ("所在地", WD_ALIGN_PARAGRAPH.CENTER))
NARROW = (0, 3)                # columns sized to their longest entry; the names share the rest
MAX_NARROW_EMS = 8
RULE = 4                       # table rules, eighths of a point (½ pt)
CELL_MARGINS_PT = (2, 4, 2, 4)  # top, left, bottom, right


def add_attachments(ctx: Context) -> None:
    attachments = ctx.notice.attachments
    for index, attachment in enumerate(attachments, 1):
        label = f"附件{index}" if len(attachments) > 1 else "附件"
        ctx.para("label", label, page_break=True)
        ctx.blank_lines(1)
        title = add_title(ctx, attachment.title, [], before=0)
        title.paragraph_format.space_after = Pt(ctx.geometry.line_pitch / 2)
        _units_table(ctx)


def unit_rows(ctx: Context) -> list[tuple[str, ...]]:
    """Numbered listings; nothing else of a point may appear here (see Year.notice_facts)."""
    return [(str(number), *ctx.year.point(unit).listing()) for number, unit in enumerate(ctx.notice.units, 1)]


def _units_table(ctx: Context) -> None:
    rows = unit_rows(ctx)
    table = ctx.document.add_table(rows=len(rows) + 1, cols=len(COLUMNS))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = column_widths(ctx, rows)
    ooxml.set_table_layout(table, widths, tuple(twips(m) for m in CELL_MARGINS_PT))
    ooxml.set_table_borders(table, top=RULE, left=RULE, bottom=RULE, right=RULE, insideH=RULE, insideV=RULE)
    head = tuple(name for name, _ in COLUMNS)
    for index, (row, values) in enumerate(zip(table.rows, [head, *rows])):
        _fill_row(ctx, row, values, header=index == 0)


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


def _fill_row(ctx: Context, row, values: tuple[str, ...], header: bool) -> None:
    ooxml.set_row_flags(row, header=header, cant_split=True)
    role = "table_head" if header else "table"
    for cell, value, (_, align) in zip(row.cells, values, COLUMNS):
        paragraph = cell.paragraphs[0]
        ooxml.set_paragraph_style(paragraph, ctx.styles[role])
        paragraph.paragraph_format.first_line_indent = Pt(0)
        if not header:
            paragraph.paragraph_format.alignment = align
        paragraph.add_run(value)
        ooxml.set_cell_valign(cell, "center")
