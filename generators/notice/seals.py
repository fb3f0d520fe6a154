"""The user's seal images pressed on the signature (GB/T 9704 7.3.5): one seal over name and
date, or, for a joint issue, the issuers' names side by side in issuing order, each seal
centred over its own name and the last over its name and the date, the seals in rows that
never touch and stay inside the text block. The project never draws a seal."""
from __future__ import annotations

import math
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.image.exceptions import UnrecognizedImageError
from docx.shared import Mm, Pt

from . import ooxml
from partydocs.reuse.errors import DataError, Problem

from .context import Context
from .flow import Item

MM = 72 / 25.4               # pt in a millimetre
SEAL_BELOW_CENTRE = 4.0      # pt the signature/date pair sits below the seal's centre
SEAL_GAP_CHARS = 1           # the clear space between two seals (and two names), in characters


@dataclass(frozen=True)
class SealShadow:
    """The seals reach `lines` grid lines below the date, `right` pt in from the block's right edge."""

    lines: int
    right: float


def right_aligned(ctx: Context, text: str, right: float):
    paragraph = ctx.para("flush", text, align=WD_ALIGN_PARAGRAPH.RIGHT, right=max(right, 0))
    ctx.flow.add(Item(paragraph, 1))
    return paragraph


def press_seal(ctx: Context, paragraph, image: str, centre_from_right: float, middle: float) -> tuple[float, float]:
    """Float the seal image over `paragraph`, centred `centre_from_right` pt in from the block's
    right edge and SEAL_BELOW_CENTRE above `middle` (pt below the paragraph's top); returns
    the top and bottom of the seal below the paragraph's top."""
    run = paragraph.add_run()
    try:
        run.add_picture(str(ctx.year.root / image), width=Mm(ctx.style.seal.diameter))
    except (OSError, UnrecognizedImageError, ValueError, ZeroDivisionError) as error:
        raise DataError([_unreadable(ctx, type(error).__name__)]) from None
    extent = run._r.find(ooxml.qn("w:drawing"))[0].find(ooxml.qn("wp:extent"))
    cx, cy = (int(extent.get(k)) / ooxml.EMU_PER_PT for k in ("cx", "cy"))
    top = middle - SEAL_BELOW_CENTRE - cy / 2
    ooxml.float_picture(run, ctx.drawing_id(), ctx.geometry.block_width - centre_from_right - cx / 2, top)
    return top, top + cy


def _unreadable(ctx: Context, why: str) -> Problem:
    source = ctx.year.sources.get("notice")
    file = f"data/{ctx.year.year}/" + (source.relative_to(ctx.year.root).as_posix() if source else "notice.yaml")
    return Problem(file, 0, 0, "seal", f"印章图片无法读取（{why}），请换用 PNG 或 JPEG 图片")


@dataclass(frozen=True)
class Columns:
    """Where the joint seals go: `per_row` columns `pitch` pt apart, the rightmost centred
    `last_centre` pt in from the block's right edge (the last issuer's, over the date)."""

    per_row: int
    pitch: float
    last_centre: float
    half: float               # half the widest of a seal and a name


def columns(ctx: Context, organs: list[str], date: str) -> Columns:
    """Equal columns wide enough for the widest name and a seal, one character apart; as many
    to a row as the text block holds; the last column over the date, four characters in."""
    geometry = ctx.geometry
    half = max(ctx.style.seal.diameter * MM, *(geometry.body_width(o) for o in organs)) / 2
    pitch = 2 * half + geometry.chars(SEAL_GAP_CHARS)
    per_row = max(1, min(len(organs), int((geometry.block_width - 2 * half) / pitch) + 1))
    first_row = min(per_row, len(organs))
    widest_left = geometry.block_width - (first_row - 1) * pitch - half
    over_date = geometry.chars(4) + geometry.body_width(date) / 2
    return Columns(per_row, pitch, max(min(over_date, widest_left), half), half)


def joint_sealed_signature(ctx: Context, seals: list[tuple[str, str]], date: str) -> SealShadow:
    """Rows of names, each on centred tab stops over its column; a seal on each name; the date
    under the last name; rows far enough apart that their seals never touch."""
    geometry, pitch = ctx.geometry, ctx.geometry.line_pitch
    organs = [organ for organ, _ in seals]
    grid = columns(ctx, organs, date)
    rows = [seals[i:i + grid.per_row] for i in range(0, len(seals), grid.per_row)]
    seal_lines = math.ceil((ctx.style.seal.diameter * MM + geometry.chars(SEAL_GAP_CHARS)) / pitch)
    ctx.blank_lines(2)
    reach = 0.0
    for index, row in enumerate(rows):
        if index:
            ctx.blank_lines(seal_lines - 1)
        paragraph = _row_of_names(ctx, grid, [organ for organ, _ in row])
        for column, (_, image) in enumerate(reversed(row)):
            _, reach = press_seal(ctx, paragraph, image, grid.last_centre + column * grid.pitch, pitch)
    date_right = max(grid.last_centre - geometry.body_width(date) / 2, 0)
    right_aligned(ctx, date, date_right)
    below_date = reach - 2 * pitch
    leftmost = grid.last_centre + (len(rows[-1]) - 1) * grid.pitch + ctx.style.seal.diameter * MM / 2
    return SealShadow(max(math.ceil(below_date / pitch - 0.001), 0), leftmost + geometry.chars(0.5))


def _row_of_names(ctx: Context, grid: Columns, organs: list[str]):
    """One line: each name centred on a tab stop at its column (the row's last name rightmost)."""
    block = ctx.geometry.block_width
    paragraph = ctx.para("flush", first=0)
    stops = paragraph.paragraph_format.tab_stops
    for column in range(len(organs) - 1, -1, -1):
        stops.add_tab_stop(Pt(round(block - grid.last_centre - column * grid.pitch, 2)), WD_TAB_ALIGNMENT.CENTER)
    paragraph.add_run("".join("\t" + organ for organ in organs))
    ctx.flow.add(Item(paragraph, 1))
    return paragraph
