"""What every part of the notice needs while writing: the document, geometry, styles."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Pt

from generators import ooxml
from pipeline.data.model import Year

from .metrics import Geometry


@dataclass
class Context:
    document: object
    geometry: Geometry
    styles: dict[str, object]
    year: Year
    _drawing_ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def notice(self):
        return self.year.notice

    @property
    def style(self):
        return self.geometry.style

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
            self.para("flush")
