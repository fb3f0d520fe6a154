"""The parts around the text, written for this document rather than left from python-docx's
template: a font table naming every font with the fallbacks current Windows ships, the
extended and core properties, no stale thumbnail or Word 2010 styles copy, a schema-valid
zoom, and only the styles the text uses."""
from __future__ import annotations

from xml.sax.saxutils import escape

from . import ooxml

from .style import NoticeStyle

# name: (fallback, panose, charset, family, pitch) — as Word records the fonts of a Chinese PC.
KNOWN_FONTS = {
    "仿宋_GB2312": ("仿宋", "02010609030101010101", "86", "modern", "fixed"),
    "仿宋": ("仿宋_GB2312", "02010609060101010101", "86", "modern", "fixed"),
    "楷体_GB2312": ("楷体", "02010609030101010101", "86", "modern", "fixed"),
    "楷体": ("楷体_GB2312", "02010609060101010101", "86", "modern", "fixed"),
    "方正小标宋简体": ("宋体", "02000000000000000000", "86", "auto", "variable"),
    "方正小标宋_GBK": ("宋体", "02000000000000000000", "86", "auto", "variable"),
    "小标宋": ("宋体", "02000000000000000000", "86", "auto", "variable"),
    "黑体": ("SimHei", "02010609060101010101", "86", "modern", "fixed"),
    "宋体": ("SimSun", "02010600030101010101", "86", "auto", "variable"),
    "Times New Roman": (None, "02020603050405020304", "00", "roman", "variable"),
    "Arial": (None, "020B0604020202020204", "00", "swiss", "variable"),
}
UNKNOWN_CJK = ("宋体", "02010600030101010101", "86", "auto", "variable")
UNKNOWN_LATIN = (None, "00000000000000000000", "00", "auto", "variable")
APP_NAME = "party-docs notice generator (python-docx)"
THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
# word/stylesWithEffects.xml: python-docx's template keeps Word 2010's copy of *its* styles
# (Open XML SDK: "only available in Office2010"; not part of ISO/IEC 29500): 438 KB, none of
# our styles, 216 theme-font references. Word 2013+ and LibreOffice read styles.xml only.
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
KEEP_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}


def font_names(style: NoticeStyle) -> list[str]:
    """Every font the document names, East Asian ones first, each once."""
    faces = [getattr(style.fonts, name) for name in type(style.fonts).model_fields]
    names = [face.east_asia for face in faces] + [face.latin for face in faces]
    return list(dict.fromkeys(names))


def font_table(names: list[str]) -> bytes:
    entries = []
    for name in names:
        cjk = any(ord(c) > 0x2E80 for c in name)
        alt, panose, charset, family, pitch = KNOWN_FONTS.get(name, UNKNOWN_CJK if cjk else UNKNOWN_LATIN)
        alt_xml = f'<w:altName w:val="{escape(alt)}"/>' if alt else ""
        entries.append(f'<w:font w:name="{escape(name, {chr(34): "&quot;"})}">{alt_xml}<w:panose1 w:val="{panose}"/>'
                       f'<w:charset w:val="{charset}"/><w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>')
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            + "".join(entries) + "</w:fonts>").encode("utf-8")


def app_properties(pages: int, company: str) -> bytes:
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"<Template>Normal.dotm</Template><TotalTime>0</TotalTime><Pages>{pages}</Pages>"
            f"<Application>{escape(APP_NAME)}</Application><DocSecurity>0</DocSecurity>"
            f"<Company>{escape(company)}</Company><LinksUpToDate>false</LinksUpToDate>"
            "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>").encode("utf-8")


def finish_package(document, style: NoticeStyle, pages: int, company: str) -> None:
    package = document.part.package
    for part in package.iter_parts():
        if part.partname == "/word/fontTable.xml":
            part._blob = font_table(font_names(style))
        elif part.partname == "/docProps/app.xml":
            part._blob = app_properties(pages, company)
    for rid, rel in list(package.rels.items()):
        if rel.reltype == THUMBNAIL:           # python-docx's template's blank page
            package.rels.pop(rid)
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            document.part.rels.pop(rid)
    _set_zoom(document.settings.element)
    _prune_styles(document)


def _set_zoom(settings) -> None:
    """w:zoom's w:percent is required (ISO/IEC 29500-1 §17.15.1.94, CT_Zoom); python-docx's
    template leaves it out. Word tolerates that ([MS-OI29500] 2.1.427), a schema check does not."""
    zoom = settings.find(ooxml.qn("w:zoom"))
    if zoom is not None and zoom.get(ooxml.qn("w:percent")) is None:
        zoom.set(ooxml.qn("w:percent"), "100")


def _prune_styles(document) -> None:
    """Drop the template's styles nothing refers to (177 of them), keeping what the used
    ones are based on or linked to."""
    used = set(KEEP_STYLES)
    parts = [document.element] + [footer._element for section in document.sections
                                  for footer in (section.footer, section.even_page_footer)]
    for root in parts:
        for tag in ("w:pStyle", "w:rStyle", "w:tblStyle"):
            used |= {e.get(ooxml.qn("w:val")) for e in root.iter(ooxml.qn(tag))}
    styles = document.styles.element
    by_id = {s.get(ooxml.qn("w:styleId")): s for s in styles.findall(ooxml.qn("w:style"))}
    pending = list(used)
    while pending:
        element = by_id.get(pending.pop())
        if element is None:
            continue
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = element.find(ooxml.qn(tag))
            if ref is not None and ref.get(ooxml.qn("w:val")) not in used:
                used.add(ref.get(ooxml.qn("w:val")))
                pending.append(ref.get(ooxml.qn("w:val")))
    for style_id, element in by_id.items():
        if style_id not in used:
            styles.remove(element)
