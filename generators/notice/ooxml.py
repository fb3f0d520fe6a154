"""Every raw OOXML tweak the notice needs, in one place; the rest speaks python-docx.

python-docx covers paragraphs, runs, tables and sections but not: East Asian font slots,
the document grid, fields, borders, floating tables and pictures, DrawingML shapes, odd/even
footers' switch, or byte-identical saving. Elements are inserted in schema order, since Word
rejects a document whose property children are out of order (LibreOffice does not care);
tests/notice/test_portable_docx.py validates every part against the ISO/IEC 29500 schemas.
"""
from __future__ import annotations

import io
import zipfile
from copy import deepcopy

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

# What each renderer does with the layout settings written here (README, "DOCX for Word, WPS and
# LibreOffice", has the sources: ISO/IEC 29500-1 clauses, [MS-OI29500], the `case` in LibreOffice's
# writerfilter DomainMapper.cxx / SettingsTable.cxx / FontTable.cxx, and the tests). WPS: not
# verified (closed source; tests/notice/reference/ takes its PDFs).
#   setting                              Word                        LibreOffice
#   docGrid type=lines, linePitch        snaps lines (§17.6.5)       honoured (charSpace read, unused)
#   paragraph snapToGrid                 honoured (§17.3.1.32)       honoured
#   run snapToGrid (not written)         char grid only (§17.3.2.34) ignored
#   characterSpacingControl doNotCompress  no compression (template) ignored (never compresses)
#   kinsoku, autoSpaceDE/DN (not written)  on by default             ignored; own defaults
#   overflowPunct (not written)          omitted: hangs (§17.3.1.21) omitted or 0: hangs (read inverted)
#   compatibilityMode=14 (template)      Word 2010 layout            ≤14: Word 2010 emulation
#   doNotExpandShiftReturn               honoured                    honoured
#   tblW = Σ gridCol = Σ tcW, fixed      honoured                    honoured (WPS: by gridCol)
#   rFonts named, hint=eastAsia, no theme  names; hint for “”       names; hAnsi, hint ignored
#   font table altName                   used if font missing        ignored
#   zoom percent=100                     view only                   view only

EMU_PER_PT = 12700
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"

# Schema order of the children we touch (CT_RPr, CT_PPr, CT_SectPr, CT_TblPr, CT_TcPr).
RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
             "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
             "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
             "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
             "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
             "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
             "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
             "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
             "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
             "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
SECTPR_ORDER = ("w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz",
                "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt",
                "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
                "w:printerSettings", "w:sectPrChange")
TBLPR_ORDER = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
               "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
               "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
TCPR_ORDER = ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
              "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
BORDER_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def child(parent, tag: str, order: tuple[str, ...]):
    """The `tag` child of `parent`, created at its schema position if missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    element = OxmlElement(tag)
    later = {qn(t) for t in order[order.index(tag) + 1:]}
    for index, existing in enumerate(parent):
        if existing.tag in later:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


def set_attrs(element, **attrs) -> None:
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), str(value))


def rpr_of(owner):
    """The w:rPr of a run, a style, or a paragraph style's element."""
    element = getattr(owner, "_element", None)
    element = owner.element if element is None else element
    return element.get_or_add_rPr()


def ppr_of(owner):
    element = getattr(owner, "_element", None)
    element = owner.element if element is None else element
    return element.get_or_add_pPr()


# ---- runs: fonts, language, spacing ---------------------------------------------------

def set_fonts(rpr, latin: str, east_asia: str) -> None:
    """Name the font in every slot (Latin, East Asian, complex) and drop theme references,
    which would otherwise win over the names."""
    fonts = child(rpr, "w:rFonts", RPR_ORDER)
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{theme}"), None)
    set_attrs(fonts, ascii=latin, hAnsi=latin, eastAsia=east_asia, cs=latin, hint="eastAsia")


def set_language(rpr, lang: str = "zh-CN") -> None:
    set_attrs(child(rpr, "w:lang", RPR_ORDER), val=lang, eastAsia=lang, bidi="ar-SA")


def set_size(rpr, points: float) -> None:
    half_points = round(points * 2)
    set_attrs(child(rpr, "w:sz", RPR_ORDER), val=half_points)
    set_attrs(child(rpr, "w:szCs", RPR_ORDER), val=half_points)


def set_char_spacing(rpr, points: float) -> None:
    """Letter spacing (negative condenses); twentieths of a point in w:spacing."""
    set_attrs(child(rpr, "w:spacing", RPR_ORDER), val=round(points * 20))


def set_char_scale(rpr, percent: int) -> None:
    """Horizontal glyph scale (w:w), 100 = normal width."""
    set_attrs(child(rpr, "w:w", RPR_ORDER), val=percent)


def set_colour(rpr, hex_colour: str) -> None:
    set_attrs(child(rpr, "w:color", RPR_ORDER), val=hex_colour.lstrip("#").upper())


def set_bold(rpr, on: bool) -> None:
    set_attrs(child(rpr, "w:b", RPR_ORDER), val=int(on))
    set_attrs(child(rpr, "w:bCs", RPR_ORDER), val=int(on))


# ---- document-wide: defaults, language, settings ------------------------------------

def set_doc_defaults(styles_element, latin: str, east_asia: str, points: float, lang: str = "zh-CN") -> None:
    """docDefaults: body font in every slot, size, language. w:overflowPunct is not written:
    omitted, Word and LibreOffice both let a closing mark hang, and lines.py pins with a
    manual break every line where a mark would (settings table, row "overflowPunct")."""
    rpr = styles_element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, latin, east_asia)
    set_size(rpr, points)
    set_language(rpr, lang)
    ppr = styles_element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    set_attrs(child(ppr, "w:spacing", PPR_ORDER), after=0, before=0, line=240, lineRule="auto")


def set_theme_language(settings_element, lang: str = "zh-CN") -> None:
    theme_lang = settings_element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        set_attrs(theme_lang, val=lang, eastAsia=lang)


def set_east_asian_settings(settings_element) -> None:
    """Lines ended by a manual break left as they are rather than stretched to the full width
    (w:doNotExpandShiftReturn; the computed breaks in lines.py rely on it, and Word and
    LibreOffice both read it). No w:characterSpacingControl: compressing punctuation is
    something only Word and WPS do, LibreOffice ignores it, and lines.py counts every
    full-width mark as one grid pitch, as both do without it (settings table)."""
    compat = settings_element.find(qn("w:compat"))
    if compat is not None and compat.find(qn("w:doNotExpandShiftReturn")) is None:
        compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))


def set_doc_grid(sectpr, line_pitch_twips: int) -> None:
    """A lines-only grid: LibreOffice honours it exactly (a negative w:charSpace with type
    linesAndChars makes it render 15 characters a line); Word snaps lines to it too."""
    grid = child(sectpr, "w:docGrid", SECTPR_ORDER)
    for name in list(grid.attrib):
        del grid.attrib[name]
    set_attrs(grid, type="lines", linePitch=line_pitch_twips)


# ---- paragraphs ---------------------------------------------------------------------

def set_paragraph_style(paragraph, style) -> None:
    """w:pStyle written directly: python-docx's `paragraph.style = …` searches the styles part
    for the default style on every call (0.6 s for a 110-row table)."""
    paragraph._p.get_or_add_pPr().style = style.style_id


def set_snap_to_grid(ppr, on: bool) -> None:
    set_attrs(child(ppr, "w:snapToGrid", PPR_ORDER), val=int(on))


def set_outline_level(ppr, level: int) -> None:
    set_attrs(child(ppr, "w:outlineLvl", PPR_ORDER), val=level)


def set_paragraph_border(ppr, side: str, eighths: int, colour: str, space_pt: int = 0) -> None:
    """A rule on one side of a paragraph; width in eighths of a point, gap to the text in pt."""
    borders = child(ppr, "w:pBdr", PPR_ORDER)
    order = ("w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar")
    line = child(borders, f"w:{side}", order)
    set_attrs(line, val="single", sz=eighths, space=space_pt, color=colour.lstrip("#").upper())


def add_page_field(paragraph, before: str, after: str) -> None:
    """`before` PAGE `after` as runs, the number a field so each page shows its own."""
    paragraph.add_run(before)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            set_attrs(fld, fldCharType=kind)
            run._r.append(fld)
        elif text.strip() == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    paragraph.add_run(after)


def enable_even_odd_footers(document) -> None:
    """w:evenAndOddHeaders in settings: the default footer serves odd pages, the even one even pages."""
    document.settings.odd_and_even_pages_header_footer = True


# ---- tables -------------------------------------------------------------------------

def _border(parent, side: str, eighths: int, colour: str, order: tuple[str, ...]) -> None:
    line = child(parent, f"w:{side}", order)
    if eighths <= 0:
        set_attrs(line, val="nil")
    else:
        set_attrs(line, val="single", sz=eighths, space=0, color=colour.lstrip("#").upper())


def set_table_borders(table, colour: str = "000000", **sides: int) -> None:
    """Table borders by side (top/left/bottom/right/insideH/insideV), eighths of a point; 0 = none."""
    borders = child(table._tbl.tblPr, "w:tblBorders", TBLPR_ORDER)
    order = tuple(f"w:{s}" for s in BORDER_SIDES)
    for side in BORDER_SIDES:
        _border(borders, side, sides.get(side, 0), colour, order)


def set_cell_borders(cell, colour: str = "000000", **sides: int) -> None:
    borders = child(cell._tc.get_or_add_tcPr(), "w:tcBorders", TCPR_ORDER)
    order = tuple(f"w:{s}" for s in ("top", "left", "bottom", "right", "insideH", "insideV", "tl2br", "tr2bl"))
    for side, eighths in sides.items():
        _border(borders, side, eighths, colour, order)


def set_table_layout(table, widths_twips: list[int], cell_margins_twips: tuple[int, int, int, int]) -> None:
    """Fixed layout with exact column widths, total width and cell margins (top, left, bottom, right)."""
    tblpr = table._tbl.tblPr
    set_attrs(child(tblpr, "w:tblW", TBLPR_ORDER), w=sum(widths_twips), type="dxa")
    set_attrs(child(tblpr, "w:tblLayout", TBLPR_ORDER), type="fixed")
    margins = child(tblpr, "w:tblCellMar", TBLPR_ORDER)
    for side, value in zip(("top", "left", "bottom", "right"), cell_margins_twips):
        set_attrs(child(margins, f"w:{side}", ("w:top", "w:left", "w:start", "w:bottom", "w:right", "w:end")),
                  w=value, type="dxa")
    for grid_col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_twips):
        set_attrs(grid_col, w=width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_twips):
            set_attrs(child(cell._tc.get_or_add_tcPr(), "w:tcW", TCPR_ORDER), w=width, type="dxa")


def set_table_centred(table) -> None:
    set_attrs(child(table._tbl.tblPr, "w:jc", TBLPR_ORDER), val="center")


def set_row_flags(row, header: bool = False, cant_split: bool = True) -> None:
    """w:tblHeader repeats the row atop every page; w:cantSplit keeps a row on one page."""
    trpr = row._tr.get_or_add_trPr()
    for tag, on in (("w:cantSplit", cant_split), ("w:tblHeader", header)):
        if on and trpr.find(qn(tag)) is None:
            trpr.append(OxmlElement(tag))


def set_row_height(row, twips_high: int) -> None:
    """At least this high (w:trHeight hRule=atLeast): a blank form row with room to write."""
    height = OxmlElement("w:trHeight")
    set_attrs(height, val=str(twips_high), hRule="atLeast")
    row._tr.get_or_add_trPr().append(height)


def set_cell_valign(cell, value: str) -> None:
    set_attrs(child(cell._tc.get_or_add_tcPr(), "w:vAlign", TCPR_ORDER), val=value)


# ---- floating drawings --------------------------------------------------------------

def _anchor_xml(docpr_id: int, name: str, cx: int, cy: int, horizontal: str, vertical: str, graphic: str,
                behind: bool) -> str:
    return (
        f'<wp:anchor {nsdecls("wp", "a", "pic", "r", "w")} distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        f'relativeHeight="{251659264 + docpr_id}" behindDoc="{int(behind)}" locked="0" layoutInCell="1" '
        f'allowOverlap="1"><wp:simplePos x="0" y="0"/>{horizontal}{vertical}'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{docpr_id}" name="{name}"/><wp:cNvGraphicFramePr/>{graphic}</wp:anchor>')


def _position(axis: str, relative: str, offset_pt: float | None = None, align: str | None = None) -> str:
    inner = f"<wp:align>{align}</wp:align>" if align else f"<wp:posOffset>{round(offset_pt * EMU_PER_PT)}</wp:posOffset>"
    return f'<wp:position{axis} relativeFrom="{relative}">{inner}</wp:position{axis}>'


def float_picture(run, docpr_id: int, left_pt: float, top_pt: float, behind: bool = False) -> None:
    """Turn the run's inline picture (from python-docx's add_picture) into a floating one:
    `left_pt` from the text block's left edge, `top_pt` from the top of the run's paragraph,
    not moving any text (wrapNone); in front of the text unless `behind`."""
    inline = run._r.find(qn("w:drawing")).find(qn("wp:inline"))
    extent = inline.find(qn("wp:extent"))
    graphic = inline.find(qn("a:graphic"))
    anchor = parse_xml(_anchor_xml(
        docpr_id, "印章", int(extent.get("cx")), int(extent.get("cy")),
        _position("H", "margin", left_pt), _position("V", "paragraph", top_pt), "<a:graphic/>", behind))
    anchor.replace(anchor.find(qn("a:graphic")), deepcopy(graphic))
    inline.getparent().replace(inline, anchor)


def add_star(paragraph, docpr_id: int, size_pt: float, top_pt: float, fill: str, gap_pt: float) -> None:
    """A five-pointed star floating centred on the text block, `top_pt` below the paragraph's
    top; a white outline `gap_pt` wide cuts the rule it sits on."""
    emu = round(size_pt * EMU_PER_PT)
    colour = fill.lstrip("#").upper()
    graphic = (
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp xmlns:wps="{WPS_NS}"><wps:cNvSpPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{emu}" cy="{emu}"/></a:xfrm>'
        '<a:prstGeom prst="star5"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
        f'<a:ln w="{round(gap_pt * EMU_PER_PT)}"><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:ln>'
        '</wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>')
    anchor = parse_xml(_anchor_xml(docpr_id, "五角星", emu, emu, _position("H", "margin", align="center"),
                                   _position("V", "paragraph", top_pt), graphic, False))
    drawing = OxmlElement("w:drawing")
    drawing.append(anchor)
    paragraph.add_run()._r.append(drawing)


def float_box_at_bottom(anchor_paragraph, paragraphs: list, docpr_id: int, width_pt: float, height_pt: float) -> None:
    """Move `paragraphs` into a borderless text box floating at the bottom of the text block,
    centred, text bottom-aligned inside it, anchored on `anchor_paragraph`. Text above wraps
    top-and-bottom, so it may share the page but never runs under the box. (LibreOffice turns
    a full-width floating table back into an inline one, and ignores w:framePr positions.)"""
    cx, cy = round(width_pt * EMU_PER_PT), round(height_pt * EMU_PER_PT)
    graphic = (
        f'<a:graphic><a:graphicData uri="{WPS_NS}"><wps:wsp xmlns:wps="{WPS_NS}"><wps:cNvSpPr txBox="1"/>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
        f'<wps:txbx><w:txbxContent {nsdecls("w")}/></wps:txbx>'
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="b" anchorCtr="0">'
        '<a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic>')
    anchor = parse_xml(_anchor_xml(docpr_id, "版记", cx, cy, _position("H", "margin", align="center"),
                                   _position("V", "margin", align="bottom"), graphic, False)
                       .replace("<wp:wrapNone/>", "<wp:wrapTopAndBottom/>").replace('allowOverlap="1"', 'allowOverlap="0"'))
    content = anchor.find(".//" + qn("w:txbxContent"))
    for paragraph in paragraphs:
        content.append(paragraph._element)
    _add_drawing(anchor_paragraph, anchor)


def _add_drawing(paragraph, anchor) -> None:
    drawing = OxmlElement("w:drawing")
    drawing.append(anchor)
    paragraph.add_run()._r.append(drawing)


def float_rect(paragraph, docpr_id: int, left_pt: float, top_pt: float, width_pt: float, height_pt: float,
               fill: str) -> None:
    """A filled rectangle (a rule of exact thickness) `left_pt` from the text block's left edge
    and `top_pt` from the paper's top edge, anchored on `paragraph`, moving no text."""
    cx, cy = round(width_pt * EMU_PER_PT), round(height_pt * EMU_PER_PT)
    graphic = (
        f'<a:graphic><a:graphicData uri="{WPS_NS}"><wps:wsp xmlns:wps="{WPS_NS}"><wps:cNvSpPr/>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="{fill.lstrip("#").upper()}"/></a:solidFill><a:ln><a:noFill/></a:ln>'
        '</wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>')
    _add_drawing(paragraph, parse_xml(_anchor_xml(docpr_id, "线", cx, cy, _position("H", "margin", left_pt),
                                                  _position("V", "page", top_pt), graphic, False)))


def float_text_box(anchor_paragraph, paragraphs: list, docpr_id: int, top_pt: float, width_pt: float,
                   height_pt: float) -> None:
    """Move `paragraphs` into a borderless text box as wide as `width_pt`, centred on the text
    block, its top `top_pt` from the paper's top edge (above the top margin if need be)."""
    cx, cy = round(width_pt * EMU_PER_PT), round(height_pt * EMU_PER_PT)
    graphic = (
        f'<a:graphic><a:graphicData uri="{WPS_NS}"><wps:wsp xmlns:wps="{WPS_NS}"><wps:cNvSpPr txBox="1"/>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
        f'<wps:txbx><w:txbxContent {nsdecls("w")}/></wps:txbx>'
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="t" anchorCtr="0">'
        '<a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic>')
    anchor = parse_xml(_anchor_xml(docpr_id, "文本框", cx, cy, _position("H", "margin", align="center"),
                                   _position("V", "page", top_pt), graphic, False))
    content = anchor.find(".//" + qn("w:txbxContent"))
    for paragraph in paragraphs:
        content.append(paragraph._element)
    _add_drawing(anchor_paragraph, anchor)


# ---- saving -------------------------------------------------------------------------

def deterministic_zip(data: bytes) -> bytes:
    """Rewrite a .docx with fixed timestamps and a stable entry order: identical input
    documents give identical bytes ([Content_Types].xml stays first, as Word expects)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    ordered = [n for n in names if n == "[Content_Types].xml"] + sorted(n for n in names if n != "[Content_Types].xml")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 0
            target.writestr(info, source.read(name))
    return out.getvalue()
