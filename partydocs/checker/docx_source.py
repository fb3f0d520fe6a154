"""What a DOCX names, as Word would resolve it: page setup, and for every character the
East Asian and Latin font and the size it is set in (run → character style → paragraph style →
document defaults, theme fonts looked up in the theme)."""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree

from .errors import CheckError

TWIPS_PER_MM = 1440 / 25.4
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@dataclass(frozen=True)
class CharFont:
    east_asia: str
    latin: str


@dataclass(frozen=True)
class PageSetup:
    width: float
    height: float
    top: float
    left: float
    right: float
    bottom: float


@dataclass
class DocxSource:
    setup: PageSetup
    text: str                   # the body's characters in order, without white space
    fonts: list[CharFont]       # the font of each character of `text`
    footer_text: str
    footer_fonts: list[CharFont]
    keywords: str = ""          # the core properties' keywords (this project writes its format there)
    category: str = ""          # the core properties' category: 套打 when the red 版头 is on the paper

    def fonts_of(self, wanted: str, start: int = 0) -> tuple[list[CharFont], int]:
        """The fonts of `wanted` found in the body from `start` (else anywhere), and where the
        search goes on; no fonts when the text is not in the body."""
        at = self.text.find(wanted, start)
        if at < 0:
            at = self.text.find(wanted)
            return (self.fonts[at:at + len(wanted)] if at >= 0 else []), start
        return self.fonts[at:at + len(wanted)], at + len(wanted)


def open_docx(path: Path) -> DocxSource:
    if not zipfile.is_zipfile(path):
        raise CheckError(f"{path}: 不是有效的 Word 文档（.docx）——文件已损坏，或是 .doc/.wps 等其他格式。"
                         "请用 Word 或 WPS 打开后“另存为”Word 文档（*.docx）再检查。", str(path))
    try:
        document = docx.Document(str(path))
    except Exception as error:       # python-docx raises several kinds for a damaged package
        raise CheckError(f"{path}: 无法读取这个 Word 文档（{type(error).__name__}）。"
                         "请用 Word 或 WPS 打开后“另存为”Word 文档（*.docx）再检查。", str(path)) from error
    resolver = _Resolver(document)
    text, fonts = _stream(document.element.body, resolver)
    footer_text, footer_fonts = "", []
    for section in document.sections:
        for footer in (section.footer, section.even_page_footer, section.first_page_footer):
            if footer.is_linked_to_previous:
                continue
            more_text, more_fonts = _stream(footer._element, resolver)
            footer_text, footer_fonts = footer_text + more_text, footer_fonts + more_fonts
    return DocxSource(_setup(document), text, fonts, footer_text, footer_fonts,
                      (document.core_properties.keywords or "").strip(), (document.core_properties.category or "").strip())


def _setup(document) -> PageSetup:
    section = document.sections[0]
    values = [section.page_width, section.page_height, section.top_margin, section.left_margin,
              section.right_margin, section.bottom_margin]
    return PageSetup(*(round((v or 0) / 36000, 2) for v in values))   # EMU → mm


def _stream(root, resolver: "_Resolver") -> tuple[str, list[CharFont]]:
    chars, fonts = [], []
    for paragraph in root.iter(qn("w:p")):
        if _in_fallback(paragraph):
            continue
        style = resolver.paragraph_style(paragraph)
        for run in _own_runs(paragraph):
            font = resolver.font(run, style)
            for text in _own_texts(run, paragraph):
                for char in "".join((text.text or "").split()):
                    chars.append(char)
                    fonts.append(font)
    return "".join(chars), fonts


def _own_runs(paragraph):
    """The paragraph's runs, not those of a text box anchored in it."""
    return [run for run in paragraph.iter(qn("w:r")) if _paragraph_of(run) is paragraph]


def _own_texts(run, paragraph):
    """The run's text, not that of a text box drawn in the run (a floating mark)."""
    return [text for text in run.iter(qn("w:t")) if _paragraph_of(text) is paragraph]


def _paragraph_of(element):
    parent = element.getparent()
    while parent is not None and parent.tag != qn("w:p"):
        parent = parent.getparent()
    return parent


def _in_fallback(element) -> bool:
    """Word writes a text box twice, the second time for old readers: skip that copy."""
    parent = element.getparent()
    while parent is not None:
        if parent.tag == FALLBACK:
            return True
        parent = parent.getparent()
    return False


class _Resolver:
    """Effective fonts: the first level that names a font wins, a theme font before a name."""

    def __init__(self, document):
        styles = document.styles.element
        self.styles = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))}
        self.default_paragraph = next((s.get(qn("w:styleId")) for s in self.styles.values()
                                       if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) == "1"), None)
        defaults = styles.find(qn("w:docDefaults"))
        self.defaults = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
        self.theme = _theme_fonts(document)

    def paragraph_style(self, paragraph) -> str | None:
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        return style.get(qn("w:val")) if style is not None else self.default_paragraph

    def font(self, run, paragraph_style: str | None) -> CharFont:
        levels = [run.find(qn("w:rPr"))]
        character_style = run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
        if character_style is not None:
            levels += self._chain(character_style.get(qn("w:val")))
        levels += self._chain(paragraph_style) + [self.defaults]
        return CharFont(self._first(levels, "eastAsia"), self._first(levels, "ascii"))

    def _chain(self, style_id: str | None) -> list:
        chain, seen = [], set()
        while style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            chain.append(self.styles[style_id].find(qn("w:rPr")))
            based = self.styles[style_id].find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return chain

    def _first(self, levels: list, slot: str) -> str:
        for rpr in levels:
            fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
            if fonts is None:
                continue
            theme = fonts.get(qn(f"w:{slot}Theme"))
            if theme:
                return self.theme.get(theme, "") or f"主题字体 {theme}"
            if fonts.get(qn(f"w:{slot}")):
                return fonts.get(qn(f"w:{slot}"))
        return ""


def _theme_fonts(document) -> dict[str, str]:
    """majorEastAsia, minorHAnsi, … → the typeface the theme gives (its 'Hans' entry when the
    East Asian typeface is left empty, as Word does for Simplified Chinese)."""
    theme = next((part for part in document.part.package.iter_parts() if part.partname.endswith("/theme1.xml")), None)
    if theme is None:
        return {}
    root = etree.fromstring(theme.blob)
    fonts = {}
    for kind in ("major", "minor"):
        scheme = root.find(f".//{A}{kind}Font")
        if scheme is None:
            continue
        latin = scheme.find(f"{A}latin")
        east = scheme.find(f"{A}ea")
        hans = next((f.get("typeface") for f in scheme.findall(f"{A}font") if f.get("script") == "Hans"), "")
        fonts[f"{kind}HAnsi"] = fonts[f"{kind}Ascii"] = latin.get("typeface") if latin is not None else ""
        fonts[f"{kind}EastAsia"] = (east.get("typeface") if east is not None else "") or hans
    return fonts
