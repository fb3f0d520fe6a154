"""Page setup (A4, margins, grid) and the paragraph styles, one per typographic role."""
from __future__ import annotations

from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm, Pt

from . import ooxml

from .metrics import A4_MM, Geometry, twips
from .style import Face


@dataclass(frozen=True)
class Role:
    """A paragraph style: font face, size, and whether its lines sit on the page grid."""

    name: str
    face: str                 # attribute of style.fonts
    size: str                 # attribute of style.sizes
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY
    indent_chars: float = 0   # first-line indent, in body characters
    on_grid: bool = False
    condensed: bool = False   # body letter spacing (28 characters a line)
    outline: int | None = None


ROLES = {
    "mark": Role("Notice Mark", "mark", "mark", WD_ALIGN_PARAGRAPH.CENTER),
    "header": Role("Notice Header", "body", "body", WD_ALIGN_PARAGRAPH.LEFT, condensed=True),
    "title": Role("Notice Title", "title", "title", WD_ALIGN_PARAGRAPH.CENTER, outline=0),
    "heading1": Role("Notice Heading 1", "heading1", "body", indent_chars=2, on_grid=True, condensed=True, outline=1),
    "heading2": Role("Notice Heading 2", "heading2", "body", indent_chars=2, on_grid=True, condensed=True, outline=2),
    "heading3": Role("Notice Heading 3", "body", "body", indent_chars=2, on_grid=True, condensed=True, outline=3),
    "heading4": Role("Notice Heading 4", "body", "body", indent_chars=2, on_grid=True, condensed=True, outline=4),
    "flush": Role("Notice Flush", "body", "body", WD_ALIGN_PARAGRAPH.LEFT, on_grid=True, condensed=True),
    "label": Role("Notice Attachment Label", "heading1", "body", WD_ALIGN_PARAGRAPH.LEFT, on_grid=True, condensed=True),
    "table": Role("Notice Table", "body", "table", WD_ALIGN_PARAGRAPH.LEFT),
    "table_head": Role("Notice Table Head", "heading1", "table", WD_ALIGN_PARAGRAPH.CENTER),
    "colophon": Role("Notice Colophon", "body", "colophon", WD_ALIGN_PARAGRAPH.LEFT),
    "page_number": Role("Notice Page Number", "page_number", "page_number", WD_ALIGN_PARAGRAPH.RIGHT),
}


def set_up_page(document, geometry: Geometry) -> None:
    page = geometry.style.page
    section = document.sections[0]
    section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
    section.top_margin, section.bottom_margin = Mm(page.margin_top), Mm(page.margin_bottom)
    section.left_margin, section.right_margin = Mm(page.margin_left), Mm(page.margin_right)
    section.header_distance = Mm(page.margin_top / 2)
    ooxml.set_doc_grid(section._sectPr, twips(geometry.line_pitch))


def set_up_styles(document, geometry: Geometry) -> dict[str, object]:
    """Defaults (body font, zh-CN) and one style per role; returns the styles by role."""
    style = geometry.style
    body = style.fonts.body
    ooxml.set_doc_defaults(document.styles.element, body.latin, body.east_asia, style.sizes.body)
    ooxml.set_theme_language(document.settings.element)
    ooxml.set_east_asian_settings(document.settings.element)
    _set_up_normal(document.styles["Normal"], geometry)
    return {key: _add_style(document, role, geometry) for key, role in ROLES.items()}


def _set_up_normal(normal, geometry: Geometry) -> None:
    body = geometry.style.fonts.body
    _apply_font(normal, body, geometry.body_size)
    ooxml.set_char_spacing(ooxml.rpr_of(normal), geometry.char_spacing)
    ooxml.set_language(ooxml.rpr_of(normal))
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Pt(geometry.chars(2))
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = False   # a Chinese page is filled line by line, to all 22 lines


def _add_style(document, role: Role, geometry: Geometry):
    style = geometry.style
    made = document.styles.add_style(role.name, WD_STYLE_TYPE.PARAGRAPH)
    made.base_style = document.styles["Normal"]
    made.quick_style = True
    size = getattr(style.sizes, role.size)
    _apply_font(made, getattr(style.fonts, role.face), size)
    ooxml.set_char_spacing(ooxml.rpr_of(made), geometry.char_spacing if role.condensed else 0)
    fmt = made.paragraph_format
    fmt.alignment = role.align
    fmt.first_line_indent = Pt(geometry.chars(role.indent_chars))
    ooxml.set_snap_to_grid(ooxml.ppr_of(made), role.on_grid)
    if not role.on_grid:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(round(size * 1.25, 1))
    if role.outline is not None:
        ooxml.set_outline_level(ooxml.ppr_of(made), role.outline)
        fmt.keep_with_next = True   # never a heading alone at a page's foot
    return made


def _apply_font(style, face: Face, size: float) -> None:
    rpr = ooxml.rpr_of(style)
    ooxml.set_fonts(rpr, face.latin, face.east_asia)
    ooxml.set_size(rpr, size)
    ooxml.set_bold(rpr, False)
