"""Per-document text setting: named styles from the style file, every character noted so the
fonts can be subset to exactly what the document draws, and canvas text with fallback."""
from __future__ import annotations

import unicodedata
from pathlib import Path

from partydocs.reuse.cache import Cache

from .fontset import FontSet, prepare_fonts
from .glyphs import glyph_folder
from .linebreak import Typography, place
from .paragraph import Para, ParaStyle, draw_line
from .style import StyleFile


class Typesetter:
    def __init__(self, style: StyleFile, templates_dir: Path, cache: Cache):
        """`cache`: the brochures' cache (fonts, images, sections, matter)."""
        self.style = style
        self.templates_dir = templates_dir
        self.cache = cache
        self.chars: set[str] = set()
        self.fonts: FontSet | None = None
        self._typographies: dict[tuple[str, float], Typography] = {}

    def para_style(self, name: str) -> ParaStyle:
        spec = getattr(self.style.text, name)
        return ParaStyle(spec.font, spec.size, spec.leading, self.style.text_colour(spec.colour, spec.size),
                         spec.before, spec.after, spec.indent, spec.align)

    def para(self, text: str, style: str | ParaStyle, **changes) -> Para:
        self.note(text)
        resolved = self.para_style(style) if isinstance(style, str) else style
        return Para(text, resolved.but(**changes) if changes else resolved, self)

    def note(self, text: str) -> str:
        """Record characters drawn straight on the canvas (headers, page numbers)."""
        self.chars.update(text)
        return text

    def prepare(self) -> set[str]:
        """Subset and register the fonts; return the characters no font has."""
        self.fonts, missing = prepare_fonts(self.style, self.templates_dir, self.chars, glyph_folder(self.cache))
        self._typographies.clear()
        return missing

    def typography(self, role: str, size: float) -> Typography:
        """How characters of font role `role` at `size` are placed on a line (linebreak.place)."""
        key = (role, size)
        if key not in self._typographies:
            fonts = self.fonts
            self._typographies[key] = Typography(
                advance=lambda char: fonts.advance(char, role) * size,
                blank=lambda char: tuple(size * part for part in fonts.blank(char, role)),
                latin_gap=self.style.typography.latin_space * size)
        return self._typographies[key]

    def estimate_width(self, text: str, style: str) -> float:
        """Width before the fonts are known: full-width characters 1 em, others 0.6 em."""
        size = getattr(self.style.text, style).size
        return size * sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)

    def width(self, text: str, style: str) -> float:
        spec = getattr(self.style.text, style)
        return place(text, self.typography(spec.font, spec.size))[1]

    def draw_string(self, canvas, x: float, y: float, text: str, style: str, anchor: str = "left") -> None:
        """One line of text on the canvas; x is its left, centre or right per `anchor`."""
        spec = getattr(self.style.text, style)
        width = self.width(text, style)
        x -= {"left": 0, "center": width / 2, "right": width}[anchor]
        canvas.saveState()
        canvas.setFillColor(self.style.text_colour(spec.colour, spec.size))
        draw_line(canvas, self.fonts, self.typography(spec.font, spec.size), text, spec.font, spec.size, x, y)
        canvas.restoreState()
