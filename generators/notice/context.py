"""What every part of the notice needs while writing: the document, geometry, styles."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Pt

from . import ooxml
from partydocs.model.model import Year

from .flow import Flow, Item, write_lines
from .lines import Measure, Wrapped, body_measure, held_last_line, lone_last_line, wrap, without_lone_line
from .metrics import PT_PER_MM, Geometry


@dataclass
class Context:
    document: object
    geometry: Geometry
    styles: dict[str, object]
    year: Year
    _drawing_ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    flow: Flow | None = None          # the body's grid paragraphs, while the body is written
    preprinted: bool = False          # 套打: the paper carries the red 版头; leave out the mark and the rules
    mark_paragraph: object = None     # the paragraph whose space moves the lines under a 套打 版头

    @property
    def notice(self):
        return self.year.notice

    @property
    def style(self):
        return self.geometry.style

    def reserve_pt(self) -> float | None:
        """套打 on a local paper stock: the paper's top edge to its printed red rule, pt."""
        mm = self.notice.preprinted_reserve_mm
        return mm * PT_PER_MM if self.preprinted and mm is not None else None

    def drawing_id(self) -> int:
        return next(self._drawing_ids)

    def para(self, role: str | None, text: str = "", *, before: float | None = None, line: float | None = None,
             align: WD_ALIGN_PARAGRAPH | None = None, left: float | None = None, right: float | None = None,
             first: float | None = None, page_break: bool = False, container=None):
        """A paragraph of `role`'s style (None: body text) with optional overrides, in points."""
        target = container if container is not None else self.document
        paragraph = target.add_paragraph(text, style=self.styles[role] if role else None)
        fmt = paragraph.paragraph_format
        if before is not None:
            fmt.space_before = Pt(before)
        if line is not None:
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(line)
            ooxml.set_snap_to_grid(ooxml.ppr_of(paragraph), False)
        if align is not None:
            fmt.alignment = align
        for name, value in (("left_indent", left), ("right_indent", right), ("first_line_indent", first)):
            if value is not None:
                setattr(fmt, name, Pt(value))
        if page_break:
            fmt.page_break_before = True
        return paragraph

    def blank_lines(self, count: int) -> None:
        """Empty body lines on the grid: the standard counts vertical space in lines."""
        for _ in range(count):
            paragraph = self.para("flush")
            if self.flow is not None:
                self.flow.add(Item(paragraph, 1))

    def grid_para(self, role: str | None, text: str, *, left: float = 0.0, right: float = 0.0,
                  first: float | None = None, heading: bool = False, words: list[tuple[int, int]] = ()):
        """A body-size paragraph on the grid, its lines computed (manual breaks where the
        applications would split a number, a date or a phone number, or one of `words`) and
        recorded in the flow; a last line of one character (孤字) is taken care of by a small
        change of the paragraph's letter spacing, never by rewording."""
        first = self.geometry.chars(2) if first is None else first
        width = self.geometry.block_width - right
        measure = body_measure(self.geometry)

        def rewrap(delta: float, fix_lone: bool = True) -> Wrapped:
            spaced = Measure(measure.size, measure.spacing + delta)
            return wrap(spaced, text, width, first_indent=first, left=left, words=words,
                        whole_last_line=fix_lone and not heading)

        wrapped, delta = rewrap(0.0), 0.0
        if not heading and lone_last_line(wrapped):
            settled = without_lone_line(rewrap, self.geometry.char_pitch)
            if settled is not None:
                wrapped, delta = settled.wrapped, settled.delta
        elif not heading:
            wrapped = held_last_line(rewrap, wrapped)
        paragraph = self.para(role, left=left or None, right=right or None, first=first)
        write_lines(paragraph, wrapped, measure.spacing, delta)
        item = Item(paragraph, len(wrapped.lines), heading, wrapped, rewrap=None if heading else rewrap,
                    base_spacing=measure.spacing, delta=delta)
        if self.flow is not None:
            self.flow.add(item)
        paragraph.grid_lines = len(wrapped.lines)
        return paragraph

    def known_names(self) -> list[str]:
        """Names a title break must not split: issuers, the units' organisations and party
        organisations (a short name such as 东莞市江西商会党支部 may break before its 党支部,
        after the organisation's whole name)."""
        names = [n for issuer in self.notice.issuers for n in (issuer.name, issuer.mark) if n]
        for unit in self.notice.units:
            point = self.year.point(unit)
            names += [point.organisation, point.party_org.name]
        return names
